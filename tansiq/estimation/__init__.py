"""tansiq.estimation engine (pure Python, no Django)."""
