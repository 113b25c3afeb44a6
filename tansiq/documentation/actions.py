"""Writes to documentation: every change to events, records and evidence goes through here.

Each action checks `access.py`, runs in one transaction, validates the object and records the
acting user (and reason) on the audit event written by the audit signals. Views, the CLI,
importers and tests call these functions; a refused action raises `PermissionDenied`, invalid
values raise `ValidationError` and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from tansiq.audit.chain import EventSpec, append_events
from tansiq.audit.changes import creation_changes
from tansiq.audit.context import acting_as
from tansiq.audit.models import AuditAction
from tansiq.committees import access
from tansiq.documentation.dates import DateFormatError
from tansiq.documentation.models import (
    PROTECTED_RECORD_FIELDS,
    Dataset,
    Event,
    Evidence,
    Record,
    ReviewStatus,
)

RECORD_CONTENT_FIELDS = frozenset(
    {
        "event",
        "name_ar",
        "name_latin",
        "given_name",
        "father_name",
        "grandfather_name",
        "family_name",
        "mother_name",
        "sex",
        "age",
        "age_group",
        "status",
        "act",
        "place",
        "locality",
        "cause",
        "perpetrator_reported",
        "external_id",
        *PROTECTED_RECORD_FIELDS,
    }
)
EVENT_CONTENT_FIELDS = frozenset(
    {
        "event_type",
        "place",
        "place_text",
        "latitude",
        "longitude",
        "description_ar",
        "description_en",
    }
)


_FOREIGN_KEYS = ["dataset", "event", "place", "created_by"]


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _apply(obj: Any, changes: dict[str, Any], allowed: frozenset[str]) -> None:
    """Set `changes` on `obj`; `date` (CSV text) goes with `date_precision`."""
    unknown = set(changes) - allowed - {"date", "date_precision"}
    if unknown:
        raise ValidationError(
            {name: "not a field that can be set here" for name in sorted(unknown)}
        )
    date_text = changes.pop("date", None)
    precision = changes.pop("date_precision", None)
    for name, value in changes.items():
        setattr(obj, name, value)
    if date_text is not None or precision is not None:
        try:
            obj.set_date(date_text or "", precision or obj.date_precision)
        except DateFormatError as exc:
            raise ValidationError({"date": str(exc)}) from exc


def _save(obj: Any, by: Any, reason: str = "") -> None:
    obj.full_clean()
    with acting_as(by, reason=reason):
        obj.save()


def create_record(*, dataset: Dataset, by: Any, **fields: Any) -> Record:
    """Add a record to `dataset`; `fields` are Record fields plus `date`/`date_precision` text."""
    _require(access.can_create_record(by, dataset), "may not add records to this dataset")
    with transaction.atomic():
        record = Record(dataset=dataset, created_by=by if by and by.is_authenticated else None)
        if "uid" in fields:
            record.uid = fields.pop("uid")
        _apply(record, fields, RECORD_CONTENT_FIELDS)
        _save(record, by)
    return record


def create_records_bulk(*, dataset: Dataset, records: Sequence[Record], by: Any) -> list[Record]:
    """Insert many new records into `dataset` at once (imports), each with its audit event.

    Each record is validated first; if any is invalid a `ValidationError` keyed by the
    record's `uid` is raised and nothing is written. Uniqueness of `uid` is left to the
    database (an `IntegrityError` rolls the whole batch back).
    """
    _require(access.can_create_record(by, dataset), "may not add records to this dataset")
    errors: dict[str, list[str]] = {}
    for record in records:
        record.dataset = dataset
        record.created_by = by if by is not None and by.is_authenticated else None
        try:
            # Foreign keys, uniqueness and constraints are the database's to check: one
            # query per record each would dominate an import.
            record.full_clean(
                exclude=_FOREIGN_KEYS, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            errors[record.uid] = [
                f"{name}: {message}"
                for name, found in exc.message_dict.items()
                for message in found
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(savepoint=False):
        created = Record.objects.bulk_create(records, batch_size=1000)
        specs = [
            EventSpec(
                action=AuditAction.CREATE,
                object_type=Record._meta.label_lower,
                object_id=str(record.pk),
                object_label=str(record),
                changes=creation_changes(record),
            )
            for record in created
        ]
        append_events(specs, actor=by)
    return created


def update_record(record: Record, *, by: Any, reason: str = "", **changes: Any) -> Record:
    """Change a record's content (not its review status: see verify/reject/publish)."""
    _require(access.can_edit_record(by, record), "may not change this record")
    if set(changes) & set(PROTECTED_RECORD_FIELDS):
        _require(access.can_see_protected(by, record), "may not change protected fields")
    with transaction.atomic():
        _apply(record, changes, RECORD_CONTENT_FIELDS)
        _save(record, by, reason)
    return record


def _set_review_status(record: Record, status: str, by: Any, reason: str) -> Record:
    _require(access.can_review_record(by, record), "may not review records")
    with transaction.atomic():
        record.review_status = status
        if status != ReviewStatus.VERIFIED and record.published:
            record.published, record.published_at = False, None
        _save(record, by, reason)
    return record


def corroborate_record(record: Record, *, by: Any, reason: str = "") -> Record:
    """Mark the record corroborated (another source agrees) by a verifier."""
    return _set_review_status(record, ReviewStatus.CORROBORATED, by, reason)


def verify_record(record: Record, *, by: Any, reason: str = "") -> Record:
    """Mark the record verified; `reason` (the verifier's note) goes into the audit log."""
    return _set_review_status(record, ReviewStatus.VERIFIED, by, reason)


def reject_record(record: Record, *, by: Any, reason: str) -> Record:
    """Reject the record (and withdraw it if published); a reason is required."""
    if not reason.strip():
        raise ValidationError({"reason": "a rejection needs a reason"})
    return _set_review_status(record, ReviewStatus.REJECTED, by, reason)


def publish_record(record: Record, *, by: Any, published: bool = True) -> Record:
    """Publish (or withdraw) a verified record."""
    _require(access.can_publish_record(by, record), "may not publish this record")
    with transaction.atomic():
        record.published = published
        record.published_at = timezone.now() if published else None
        _save(record, by)
    return record


def delete_record(record: Record, *, by: Any, reason: str) -> None:
    """Delete an unpublished record (coordinators); the audit log keeps what it held."""
    _require(access.can_delete_record(by, record), "may not delete this record")
    with transaction.atomic(), acting_as(by, reason=reason):
        record.delete()


def create_event(*, committee: Any, by: Any, **fields: Any) -> Event:
    """Add an event reported by `committee` (status draft unless `status="submitted"`)."""
    status = fields.pop("status", Event.Status.DRAFT)
    _require(status in (Event.Status.DRAFT, Event.Status.SUBMITTED), "new events are drafts")
    probe = Event(committee=committee)
    _require(access.can_edit_event(by, probe), "may not report events for this committee")
    with transaction.atomic():
        event = Event(committee=committee, status=status, created_by=by)
        _apply(event, fields, EVENT_CONTENT_FIELDS)
        _save(event, by)
    return event


def update_event(event: Event, *, by: Any, reason: str = "", **changes: Any) -> Event:
    """Change an event's content."""
    _require(access.can_edit_event(by, event), "may not change this event")
    with transaction.atomic():
        _apply(event, changes, EVENT_CONTENT_FIELDS)
        _save(event, by, reason)
    return event


def set_event_status(event: Event, status: str, *, by: Any, reason: str = "") -> Event:
    """Move an event along draft -> submitted -> verified -> published (or rejected)."""
    if status == Event.Status.SUBMITTED:
        allowed = access.can_edit_event(by, event)
    elif status == Event.Status.PUBLISHED:
        allowed = access.can_publish_event(by, event)
    else:
        allowed = access.can_review_event(by, event)
    _require(allowed, f"may not set this event to {status}")
    with transaction.atomic():
        event.status = status
        _save(event, by, reason)
    return event


def add_evidence(
    *,
    by: Any,
    record: Record | None = None,
    event: Event | None = None,
    file: File[Any] | None = None,
    url: str = "",
    visibility: str = "committee",
    captured_at: dt.datetime | None = None,
    description: str = "",
) -> Evidence:
    """Attach a file (hashed from its bytes on save) or a link to a record and/or an event."""
    _require(access.can_add_evidence(by, record=record, event=event), "may not add evidence here")
    with transaction.atomic():
        evidence = Evidence(
            record=record,
            event=event,
            url=url,
            visibility=visibility,
            captured_at=captured_at,
            description=description,
            uploaded_by=by,
        )
        if file is not None:
            evidence.file = file  # stored, hashed and measured when saved
        _save(evidence, by)
    return evidence
