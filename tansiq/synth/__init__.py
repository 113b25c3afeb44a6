"""tansiq.synth engine (pure Python, no Django)."""
