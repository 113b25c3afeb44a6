"""Writes to committees: committees and memberships, by coordinators, audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tansiq.audit.chain import append_event
from tansiq.audit.context import acting_as
from tansiq.audit.models import AuditAction
from tansiq.committees import access
from tansiq.committees.models import Committee, Membership
from tansiq.committees.twofactor import RECOVERY_CODES, mark_password_typed


def _require_manager(by: Any) -> None:
    if not access.can_manage_committees(by):
        raise PermissionDenied("may not manage committees")


def create_committee(*, by: Any, **fields: Any) -> Committee:
    """Create a committee (`name_ar`, `name_en`, `slug`, `place`, profiles, `active`)."""
    _require_manager(by)
    with transaction.atomic(), acting_as(by):
        committee = Committee(**fields)
        committee.full_clean()
        committee.save()
    return committee


def add_member(committee: Committee, user: Any, role: str, *, by: Any) -> Membership:
    """Give `user` `role` in `committee` (idempotent)."""
    _require_manager(by)
    with transaction.atomic(), acting_as(by):
        membership = Membership.objects.filter(user=user, committee=committee, role=role).first()
        if membership is None:
            membership = Membership(user=user, committee=committee, role=role)
            membership.full_clean()
            membership.save()
    access.forget_roles(user)
    return membership


def remove_member(membership: Membership, *, by: Any, reason: str = "") -> None:
    """End a membership."""
    _require_manager(by)
    with transaction.atomic(), acting_as(by, reason=reason):
        membership.delete()
    access.forget_roles(membership.user)


def _audit_account(
    action: str,
    user: Any,
    *,
    by: Any,
    changes: dict[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    """An audit event about `user`'s account (its login factors), written by `by`."""
    append_event(
        action,
        object_type=user._meta.label_lower,
        object_label=user.get_username(),
        changes=changes or {},
        actor=by,
        reason=reason,
    )


# Second factor (django-otp). The devices are django-otp's models; every change to them goes
# through these functions, with an audit event.


def start_totp_setup(user: Any) -> TOTPDevice:
    """The user's unconfirmed authenticator (made once, kept until confirmed)."""
    with transaction.atomic(), acting_as(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def confirm_totp(user: Any, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code; return fresh recovery codes, or None when
    the code is wrong."""
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied("not this user's unconfirmed device")
    if not device.verify_token(token.strip()):
        _audit_account(AuditAction.SECOND_FACTOR_FAILED, user, by=user)
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        _audit_account(AuditAction.SECOND_FACTOR_SET_UP, user, by=user)
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="recovery codes")
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def pass_second_factor(request: HttpRequest, token: str) -> bool:
    """Check a TOTP or recovery code for the request's user; on success the session is verified.

    A recovery code works once. Failures are throttled by django-otp and audited.
    """
    user: Any = request.user
    device = match_token(user, token.strip().replace(" ", ""))
    if device is None:
        _audit_account(AuditAction.SECOND_FACTOR_FAILED, user, by=user)
        return False
    verify_session(request, device)
    return True


def verify_session(request: HttpRequest, device: Any) -> None:
    """Mark the request's session as having passed its second factor with `device`."""
    user: Any = request.user
    otp_login(request, device)
    _audit_account(
        AuditAction.SECOND_FACTOR_PASSED,
        user,
        by=user,
        changes={"device": [None, type(device).__name__]},
    )


def reset_second_factor(user: Any, *, by: Any, reason: str) -> None:
    """Remove a member's authenticator and recovery codes (a lost phone): a coordinator only,
    with a reason. The member sets up a new one at the next login."""
    _require_manager(by)
    if not reason.strip():
        raise ValueError("a reason is required")
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        _audit_account(AuditAction.SECOND_FACTOR_RESET, user, by=by, reason=reason)


def confirm_password(request: HttpRequest, password: str) -> bool:
    """Re-authentication before a sensitive action: the password again (throttled like a login
    by django-axes); on success the session counts as freshly authenticated."""
    user: Any = request.user
    checked = authenticate(request, username=user.get_username(), password=password)
    if checked is None or checked.pk != user.pk:
        return False
    mark_password_typed(request)
    _audit_account(AuditAction.REAUTHENTICATED, user, by=user)
    return True
