"""Backups of the whole system: the database, the media (evidence files) and the audit chain.

`crypto` (the encrypted, authenticated file format), `tables` (every table as JSON lines, on
SQLite and PostgreSQL), `archive` (the file's entries, staging of media) and `cli` (`tansiq
backup`, `tansiq restore`). The writes themselves are `create_backup` and `restore_backup` in
`tansiq.audit.actions`. This package imports nothing at the top, so `tansiq --help` stays fast.
"""
