"""Intake: the documenters' forms (DESIGN.md), outside the admin."""
