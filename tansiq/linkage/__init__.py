"""tansiq.linkage engine (pure Python, no Django)."""
