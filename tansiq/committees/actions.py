"""Writes to committees: committees and memberships, by coordinators, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tansiq.audit.context import acting_as
from tansiq.committees import access
from tansiq.committees.models import Committee, Membership


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
