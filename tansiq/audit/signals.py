"""The single mechanism that writes audit events for model changes and logins.

`pre_save` snapshots the stored row, `post_save` diffs it against the saved instance and
`post_delete` records what was removed; each appends one event in the same transaction
(`AuditedModel.save` opens one). Protected fields (a field with `protected = True`, and the
user's password) are diffed in memory but only the marker `"<protected>"` reaches the log
(see `tansiq.audit.changes`).
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from tansiq.audit.chain import append_event
from tansiq.audit.changes import diff_values, field_values, render_value, track_spec
from tansiq.audit.models import AuditAction


def _write(action: str, instance: models.Model, changes: dict[str, Any]) -> None:
    append_event(
        action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_label=str(instance),
        changes=changes,
    )


@receiver(pre_save, dispatch_uid="tansiq_audit_snapshot")
def snapshot_before_save(sender: type[models.Model], instance: Any, raw: bool, **kw: Any) -> None:
    spec = track_spec(sender)
    if spec is None or raw:
        return
    before = None
    if not instance._state.adding and instance.pk is not None:
        stored = sender._base_manager.filter(pk=instance.pk).first()
        before = None if stored is None else field_values(stored, spec)
    instance._audit_before = before


@receiver(post_save, dispatch_uid="tansiq_audit_save")
def record_save(
    sender: type[models.Model], instance: Any, created: bool, raw: bool, **kw: Any
) -> None:
    spec = track_spec(sender)
    if spec is None or raw:
        return
    before = None if created else getattr(instance, "_audit_before", None)
    after = field_values(instance, spec)
    update_fields = kw.get("update_fields")
    if before is not None and update_fields:
        after = {k: v for k, v in after.items() if k in update_fields}
    changes = diff_values(before, after, spec)
    instance._audit_before = after if before is None else {**before, **after}
    if before is not None and not changes:
        return
    _write(AuditAction.UPDATE if before is not None else AuditAction.CREATE, instance, changes)


@receiver(post_delete, dispatch_uid="tansiq_audit_delete")
def record_delete(sender: type[models.Model], instance: Any, **kw: Any) -> None:
    spec = track_spec(sender)
    if spec is None:
        return
    values = field_values(instance, spec)
    changes = {
        n: [render_value(n, v, spec), None] for n, v in values.items() if v not in (None, "")
    }
    _write(AuditAction.DELETE, instance, changes)


@receiver(user_logged_in, dispatch_uid="tansiq_audit_login")
def record_login(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    append_event(
        AuditAction.LOGIN,
        object_type=user._meta.label_lower,
        object_id=str(user.pk),
        object_label=user.get_username(),
        actor=user,
    )


@receiver(user_logged_out, dispatch_uid="tansiq_audit_logout")
def record_logout(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    if user is None:
        return
    append_event(
        AuditAction.LOGOUT,
        object_type=user._meta.label_lower,
        object_id=str(user.pk),
        object_label=user.get_username(),
        actor=user,
    )


@receiver(user_login_failed, dispatch_uid="tansiq_audit_login_failed")
def record_login_failed(sender: Any, credentials: dict[str, Any], **kw: Any) -> None:
    username = str(credentials.get("username", ""))
    append_event(
        AuditAction.LOGIN_FAILED,
        object_type=get_user_model()._meta.label_lower,
        object_label=username,
        changes={},
    )


@receiver(user_locked_out, dispatch_uid="tansiq_audit_lockout")
def record_lockout(
    sender: Any, request: Any, username: str | None, ip_address: str, **kw: Any
) -> None:
    """A login throttled by django-axes: the account name tried and the address it came from."""
    append_event(
        AuditAction.LOCKOUT,
        object_type=get_user_model()._meta.label_lower,
        object_label=str(username or ""),
        changes={"ip_address": [None, ip_address]},
    )
