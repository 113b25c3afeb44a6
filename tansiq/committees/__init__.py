"""Committees, their members and roles, and the gazetteer of places; `access` decides permissions."""
