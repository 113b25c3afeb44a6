"""Review: resolved persons, and human match decisions on pairs of records."""
