"""The audit log: an append-only, sha256-chained record of every change and every login.

Every create/update/delete of an audited model (`AuditedModel` subclasses and the user model) and
every login, logout and failed login appends one `AuditEvent`. Each event's hash covers a canonical
JSON of its row including the previous event's hash, so altering, removing or reordering a row
breaks the chain at that row; `tansiq.audit.chain.verify_chain` names the first broken link.
"""
