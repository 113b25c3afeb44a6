"""Who may see or change what: the only module that decides it.

Roles come from `Membership` rows of active committees (`roles_of`). Verifier, editor and
coordinator are network-wide roles, whichever committee carries the membership; documenter is a
role in one committee.

| role | records | protected fields | changes |
|---|---|---|---|
| anonymous, or a user with no role | published only | never | nothing |
| documenter of committee C | C's records, and published ones | C's records | creates in C's datasets; edits C's unpublished, unverified records |
| editor | verified and published ones | never | publishes verified records and events |
| verifier | all | all | edits, corroborates, verifies, rejects; decides match pairs |
| coordinator | all | all | as verifier, and publishes; manages committees, members, places |
| superuser | all | all | everything |

Protected fields (witness and source identity and contact, confidential notes) are shown to the
recording committee's documenters, who collected them, and to network verifiers and
coordinators, who must check them; not to editors (they publish, they need no identities) and
never to the public. Events follow the same pattern as records (`status` instead of
`published`); evidence is visible when its event/record is and its `visibility` allows;
persons and datasets are seen by the network roles (and datasets by their committee);
match decisions and the audit log by verifiers and coordinators (the log by coordinators only).

Every function takes a user (possibly `AnonymousUser`); inactive users count as anonymous.
`roles_of` caches the roles on the user object for the request: call `forget_roles(user)`
after changing that user's memberships.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from tansiq.committees.models import Committee, Membership, Place, Role

_CACHE = "_tansiq_roles"


@dataclass(frozen=True)
class Roles:
    """What a user is: the committees they document for, and their network roles."""

    authenticated: bool = False
    superuser: bool = False
    documenter_of: frozenset[int] = frozenset()
    member_of: frozenset[int] = frozenset()
    verifier: bool = False
    editor: bool = False
    coordinator: bool = False

    @property
    def sees_all(self) -> bool:
        """Superusers, verifiers and coordinators see every record, event and evidence item."""
        return self.superuser or self.verifier or self.coordinator

    @property
    def publishes(self) -> bool:
        return self.superuser or self.editor or self.coordinator

    @property
    def network_member(self) -> bool:
        return self.superuser or bool(self.member_of)


ANONYMOUS = Roles()


def roles_of(user: Any) -> Roles:
    """The user's roles (one query, then cached on the user object)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE, None)
    if isinstance(cached, Roles):
        return cached
    rows = list(
        Membership.objects.filter(user=user, committee__active=True).values_list(
            "committee_id", "role"
        )
    )
    roles = Roles(
        authenticated=True,
        superuser=bool(user.is_superuser),
        documenter_of=frozenset(c for c, r in rows if r == Role.DOCUMENTER),
        member_of=frozenset(c for c, _ in rows),
        verifier=any(r == Role.VERIFIER for _, r in rows),
        editor=any(r == Role.EDITOR for _, r in rows),
        coordinator=any(r == Role.COORDINATOR for _, r in rows),
    )
    setattr(user, _CACHE, roles)
    return roles


def forget_roles(user: Any) -> None:
    """Drop the cached roles of `user` (after its memberships changed)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


# --- records -------------------------------------------------------------------------------


def _record_q(roles: Roles, prefix: str = "") -> Q | None:
    """The condition for visible records (None: all of them)."""
    if roles.sees_all:
        return None
    q = Q(**{f"{prefix}published": True})
    if roles.editor:
        q |= Q(**{f"{prefix}review_status": "verified"})
    if roles.documenter_of:
        q |= Q(**{f"{prefix}dataset__committee_id__in": roles.documenter_of})
    return q


def visible_records(user: Any) -> QuerySet[Any]:
    """The records `user` may see."""
    from tansiq.documentation.models import Record

    q = _record_q(roles_of(user))
    return Record.objects.all() if q is None else Record.objects.filter(q)


def _record_committee(record: Any) -> int | None:
    committee_id: int | None = record.dataset.committee_id
    return committee_id


def can_see_record(user: Any, record: Any) -> bool:
    """Whether `user` may see `record` (needs `record.dataset`)."""
    roles = roles_of(user)
    return (
        roles.sees_all
        or record.published
        or (roles.editor and record.review_status == "verified")
        or _record_committee(record) in roles.documenter_of
    )


def can_see_protected(user: Any, record: Any) -> bool:
    """Whether `user` may read the record's witness/source fields (see the module docstring)."""
    roles = roles_of(user)
    return roles.sees_all or _record_committee(record) in roles.documenter_of


def can_create_record(user: Any, dataset: Any) -> bool:
    """Whether `user` may add records to `dataset`."""
    roles = roles_of(user)
    return roles.sees_all or dataset.committee_id in roles.documenter_of


def can_edit_record(user: Any, record: Any) -> bool:
    """Whether `user` may change the record's content."""
    roles = roles_of(user)
    if roles.sees_all:
        return True
    return (
        _record_committee(record) in roles.documenter_of
        and not record.published
        and record.review_status != "verified"
    )


def can_review_record(user: Any, record: Any) -> bool:
    """Whether `user` may corroborate, verify or reject the record."""
    return roles_of(user).sees_all


def can_publish_record(user: Any, record: Any) -> bool:
    """Whether `user` may publish (or unpublish) the record; only verified records are published."""
    return roles_of(user).publishes and record.review_status == "verified"


def can_delete_record(user: Any, record: Any) -> bool:
    """Whether `user` may delete the record: only superusers and coordinators, unpublished ones."""
    roles = roles_of(user)
    return (roles.superuser or roles.coordinator) and not record.published


# --- events --------------------------------------------------------------------------------


def _event_q(roles: Roles, prefix: str = "") -> Q | None:
    if roles.sees_all:
        return None
    q = Q(**{f"{prefix}status": "published"})
    if roles.editor:
        q |= Q(**{f"{prefix}status": "verified"})
    if roles.documenter_of:
        q |= Q(**{f"{prefix}committee_id__in": roles.documenter_of})
    return q


def visible_events(user: Any) -> QuerySet[Any]:
    """The events `user` may see."""
    from tansiq.documentation.models import Event

    q = _event_q(roles_of(user))
    return Event.objects.all() if q is None else Event.objects.filter(q)


def can_see_event(user: Any, event: Any) -> bool:
    """Whether `user` may see `event`."""
    roles = roles_of(user)
    return (
        roles.sees_all
        or event.status == "published"
        or (roles.editor and event.status == "verified")
        or event.committee_id in roles.documenter_of
    )


def can_edit_event(user: Any, event: Any) -> bool:
    """Whether `user` may change the event: its committee's documenters until it is verified."""
    roles = roles_of(user)
    if roles.sees_all:
        return True
    return event.committee_id in roles.documenter_of and event.status in (
        "draft",
        "submitted",
        "rejected",
    )


def can_review_event(user: Any, event: Any) -> bool:
    """Whether `user` may verify or reject the event."""
    return roles_of(user).sees_all


def can_publish_event(user: Any, event: Any) -> bool:
    """Whether `user` may publish the event; only verified events are published."""
    return roles_of(user).publishes and event.status in ("verified", "published")


# --- evidence ------------------------------------------------------------------------------


def visible_evidence(user: Any) -> QuerySet[Any]:
    """The evidence `user` may see: its event and record are visible and its visibility allows."""
    from tansiq.documentation.models import Evidence

    roles = roles_of(user)
    if roles.sees_all:
        return Evidence.objects.all()
    record_q, event_q = _record_q(roles, "record__"), _event_q(roles, "event__")
    assert record_q is not None and event_q is not None  # None only when roles.sees_all
    q = (Q(record__isnull=True) | record_q) & (Q(event__isnull=True) | event_q)
    allowed = Q(visibility="public")
    if roles.network_member:
        allowed |= Q(visibility="network")
    if roles.documenter_of:
        allowed |= Q(visibility="committee") & (
            Q(record__dataset__committee_id__in=roles.documenter_of)
            | Q(event__committee_id__in=roles.documenter_of)
        )
    return Evidence.objects.filter(q & allowed)


def can_add_evidence(user: Any, *, record: Any = None, event: Any = None) -> bool:
    """Whether `user` may attach evidence to `record` and/or `event`."""
    if record is None and event is None:
        return False
    return (record is None or can_edit_record(user, record)) and (
        event is None or can_edit_event(user, event)
    )


# --- datasets, persons, match decisions ----------------------------------------------------


def visible_datasets(user: Any) -> QuerySet[Any]:
    """The datasets `user` may see: all for network roles, their own for documenters."""
    from tansiq.documentation.models import Dataset

    roles = roles_of(user)
    if roles.sees_all or roles.editor:
        return Dataset.objects.all()
    return Dataset.objects.filter(committee_id__in=roles.documenter_of)


def can_edit_dataset(user: Any, dataset: Any) -> bool:
    """Whether `user` may create or change datasets (import lists): verifiers and coordinators."""
    return roles_of(user).sees_all


def visible_persons(user: Any) -> QuerySet[Any]:
    """The resolved persons `user` may see: network verifiers, coordinators and editors."""
    from tansiq.review.models import Person

    roles = roles_of(user)
    return Person.objects.all() if roles.sees_all or roles.editor else Person.objects.none()


def can_edit_persons(user: Any) -> bool:
    """Whether `user` may create, merge or split persons."""
    return roles_of(user).sees_all


def visible_match_decisions(user: Any) -> QuerySet[Any]:
    """The match decisions `user` may see: verifiers and coordinators."""
    from tansiq.review.models import MatchDecision

    return MatchDecision.objects.all() if roles_of(user).sees_all else MatchDecision.objects.none()


def can_decide_match(user: Any) -> bool:
    """Whether `user` may decide whether two records report the same person."""
    return roles_of(user).sees_all


# --- committees, memberships, places, audit ------------------------------------------------


def visible_committees(user: Any) -> QuerySet[Committee]:
    """Active committees for everyone, and every committee for coordinators and superusers."""
    roles = roles_of(user)
    if roles.superuser or roles.coordinator:
        return Committee.objects.all()
    return Committee.objects.filter(active=True)


def can_manage_committees(user: Any) -> bool:
    """Whether `user` may create and change committees, memberships and places."""
    roles = roles_of(user)
    return roles.superuser or roles.coordinator


def visible_memberships(user: Any) -> QuerySet[Membership]:
    """All memberships for coordinators; a member sees those of their own committees."""
    if can_manage_committees(user):
        return Membership.objects.all()
    return Membership.objects.filter(committee_id__in=roles_of(user).member_of)


def visible_places(user: Any) -> QuerySet[Place]:
    """The gazetteer is public."""
    return Place.objects.all()


def can_run_analysis(user: Any) -> bool:
    """Whether `user` may start linkage, estimation and audit checks: the network data team."""
    return roles_of(user).sees_all


def can_see_audit_log(user: Any) -> bool:
    """Whether `user` may read the audit log (it names who changed what): coordinators."""
    return can_manage_committees(user)


def visible_queryset(user: Any, model: type[models.Model]) -> QuerySet[Any]:
    """The objects of `model` that `user` may see (for the admin and generic views)."""
    from tansiq.audit.models import AuditEvent

    label = model._meta.label_lower
    if label == "audit.auditevent":
        return AuditEvent.objects.all() if can_see_audit_log(user) else AuditEvent.objects.none()
    visible = _VISIBLE.get(label)
    if visible is None:
        raise LookupError(f"access.py has no rule for {label}")
    return visible(user)


def _visible_person_records(user: Any) -> QuerySet[Any]:
    from tansiq.review.models import PersonRecord

    return PersonRecord.objects.all() if roles_of(user).sees_all else PersonRecord.objects.none()


_VISIBLE = {
    "committees.place": visible_places,
    "committees.committee": visible_committees,
    "committees.membership": visible_memberships,
    "documentation.dataset": visible_datasets,
    "documentation.event": visible_events,
    "documentation.record": visible_records,
    "documentation.evidence": visible_evidence,
    "review.person": visible_persons,
    "review.personrecord": _visible_person_records,
    "review.matchdecision": visible_match_decisions,
}
