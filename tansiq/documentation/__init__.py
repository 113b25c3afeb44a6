"""Documentation: datasets, events, records of persons, and evidence."""
