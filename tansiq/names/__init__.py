"""tansiq.names engine (pure Python, no Django)."""
