"""The audit log's tables: `AuditEvent` (append only), `ChainHead` (the lock) and `AuditedModel`."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    LOGIN = "login", _("login")
    LOGOUT = "logout", _("logout")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOCKOUT = "lockout", _("login locked out")
    SECOND_FACTOR_SET_UP = "2fa_set_up", _("second factor set up")
    SECOND_FACTOR_PASSED = "2fa_passed", _("second factor passed")
    SECOND_FACTOR_FAILED = "2fa_failed", _("second factor failed")
    SECOND_FACTOR_RESET = "2fa_reset", _("second factor reset")
    REAUTHENTICATED = "reauthenticated", _("password confirmed again")
    ROTATE_KEYS = "rotate_keys", _("encryption keys rotated")
    BACKUP = "backup", _("backup made")
    RESTORE = "restore", _("restored from a backup")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    """One link of the chain: who did what to which object, when, with field-level changes.

    `changes` is `{field: [before, after]}`; a protected field's values are never stored, only
    the marker `"<protected>"` saying that it changed. `hash` is sha256 over the canonical JSON of
    the row including `prev_hash` (see `tansiq.audit.chain`). Write only via `append_event`.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    time = models.DateTimeField(_("time"), db_index=True)
    # No database constraint: the log keeps the id of a user who is later deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150)
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events cannot be deleted")


class ChainHead(models.Model):
    """The single row holding the last event's seq and hash; appending locks it first.

    Locking this row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE takes the
    database write lock) serialises concurrent appends so that no two events share a parent.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq} {self.hash[:12]}"


class AuditedModel(models.Model):
    """Base of every audited model: saves and deletes run in one transaction with their event.

    The audit signals write the event; wrapping `save`/`delete` in `transaction.atomic` makes the
    change and its event commit or fail together even outside an enclosing transaction.
    `audit_ignore` names fields whose changes are not worth an event (timestamps).
    Bulk operations (`QuerySet.update`, `bulk_create`) bypass the log: do not use them on
    audited models.
    """

    audit_ignore: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at"})

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # No savepoint: like Django's own save, an error spoils the enclosing transaction.
        with transaction.atomic(using=using, savepoint=False):
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            return super().delete(*args, **kwargs)
