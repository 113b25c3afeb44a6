"""Writes to review: match decisions and persons, through access.py, audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tansiq.audit.context import acting_as
from tansiq.committees import access
from tansiq.documentation.models import Record
from tansiq.review.canonical import canonical_fields
from tansiq.review.models import MatchDecision, Person, PersonRecord


def decide_match(
    record_a: Record, record_b: Record, *, decision: str, by: Any, reason: str = ""
) -> MatchDecision:
    """Record a human's same/different/unsure on a pair; deciding again replaces the decision."""
    if not access.can_decide_match(by):
        raise PermissionDenied("may not decide match pairs")
    if record_a.pk == record_b.pk:
        raise ValidationError({"record_b": "a record cannot be paired with itself"})
    low, high = sorted((record_a.pk, record_b.pk))
    with transaction.atomic(), acting_as(by, reason=reason):
        match = (
            MatchDecision.objects.select_for_update().filter(record_a=low, record_b=high).first()
        )
        if match is None:
            match = MatchDecision(record_a_id=low, record_b_id=high)
        match.decision, match.decided_by, match.reason = decision, by, reason
        match.decided_at = timezone.now()
        match.full_clean()
        match.save()
    return match


def link_records(
    records: Sequence[Record],
    *,
    by: Any,
    person: Person | None = None,
    method: str = PersonRecord.Method.HUMAN,
    reason: str = "",
) -> Person:
    """Make `records` one person (a new one unless `person` is given); moves them if needed.

    Persons left with no record are deleted; the canonical fields of every person touched are
    derived again.
    """
    if not access.can_edit_persons(by):
        raise PermissionDenied("may not link records to persons")
    with transaction.atomic(), acting_as(by, reason=reason):
        if person is None:
            person = Person.objects.create()
        touched = {person.pk}
        for record in records:
            link = PersonRecord.objects.filter(record=record).first()
            if link is None:
                PersonRecord.objects.create(person=person, record=record, method=method)
            elif link.person_id != person.pk:
                touched.add(link.person_id)
                link.person, link.method = person, method
                link.save()
        for other in Person.objects.filter(pk__in=touched):
            refresh_person(other)
    person.refresh_from_db()
    return person


def refresh_person(person: Person) -> Person | None:
    """Derive the person's canonical fields from its records; delete it if it has none."""
    records = list(Record.objects.filter(person_link__person=person))
    if not records:
        person.delete()
        return None
    fields = canonical_fields(records)
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, fields[name])
    if changed:
        person.save()
    return person
