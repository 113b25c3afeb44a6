"""Writes to documentation: every change to events, records and evidence goes through here.

Each action checks `access.py`, runs in one transaction, validates the object and records the
acting user (and reason) on the audit event written by the audit signals. Views, the CLI,
importers and tests call these functions; a refused action raises `PermissionDenied`, invalid
values raise `ValidationError` and nothing is written.

Records and events are locked optimistically: an update based on a version that is no longer
the stored one raises `EditConflict` (a `ValidationError`) instead of overwriting the other
person's change. Creating them with an `idempotency_key` makes a submission sent twice one row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    VersionedModel,
)
from tansiq.documentation.uploads import content_type, inspect_upload, public_copy, renamed

Versioned = TypeVar("Versioned", bound=VersionedModel)

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


def _require_visible_event(by: Any, record: Record) -> None:
    """A record may name only an event its author may see: posting another committee's
    unpublished event's id must neither link to it nor reveal it."""
    if record.event_id is not None:
        _require(
            access.visible_events(by).filter(pk=record.event_id).exists(),
            "may not link a record to this event",
        )


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


class EditConflict(ValidationError):
    """The object changed since the version the edit was based on; nothing was written."""

    def __init__(self, obj: VersionedModel, expected: int, current: int | None) -> None:
        super().__init__(
            _(
                "This %(object)s was changed by someone else since you opened it (you opened "
                "version %(expected)s, it is now version %(current)s). Nothing was saved: "
                "reload it, then make your change again."
            ),
            code="edit_conflict",
            params={
                "object": obj._meta.verbose_name,
                "expected": expected,
                "current": current,
            },
        )
        self.expected, self.current = expected, current


def _claim_version(obj: VersionedModel, expected: int) -> None:
    """Compare and swap: move the stored row from `expected` to the next version, or refuse.

    The UPDATE holds the row until the transaction ends, so of two edits based on the same
    version exactly one finds `version = expected` (PostgreSQL re-checks the condition after
    waiting for the other; SQLite runs write transactions one at a time).
    """
    model = type(obj)
    claimed = model._base_manager.filter(pk=obj.pk, version=expected).update(version=expected + 1)
    if not claimed:
        current = model._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise EditConflict(obj, expected, current)
    obj.version = expected + 1


def _save(obj: Any, by: Any, reason: str = "", expected_version: int | None = None) -> None:
    """Validate and save `obj` with the audit context; a versioned object's stored version must
    be `expected_version` (default: the version `obj` was read at)."""
    obj.full_clean()
    with acting_as(by, reason=reason):
        if not isinstance(obj, VersionedModel) or obj._state.adding:
            obj.save()
            return
        before = obj.version
        _claim_version(obj, before if expected_version is None else expected_version)
        try:
            obj.save()
        except BaseException:
            obj.version = before
            raise


def _creator(by: Any) -> Any:
    return by if by is not None and by.is_authenticated else None


def _create_once(obj: Versioned, by: Any, key: uuid.UUID | str | None) -> Versioned:
    """Insert `obj`, or return what the same creator already made with the same `key`.

    Two identical submissions racing each other: the unique (creator, key) index makes the
    second insert fail (or, if the first is already visible, its validation), and the second
    then returns the first one's row.
    """
    creator = _creator(by)
    if key is None or creator is None:
        _save(obj, by)
        return obj
    model = type(obj)
    earlier = model._base_manager.filter(created_by=creator, idempotency_key=key)
    found = earlier.first()
    if found is not None:
        return found
    obj.idempotency_key = key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the transaction usable
            _save(obj, by)
    except (IntegrityError, ValidationError):
        found = earlier.first()
        if found is None:
            raise
        obj.idempotency_key = None
        return found
    return obj


def create_record(
    *,
    dataset: Dataset,
    by: Any,
    idempotency_key: uuid.UUID | str | None = None,
    **fields: Any,
) -> Record:
    """Add a record to `dataset`; `fields` are Record fields plus `date`/`date_precision` text.

    With an `idempotency_key` (the key of the form the user submitted), submitting the same
    form again returns the record the first submission made instead of adding another.
    """
    record = Record(dataset=dataset)
    if "uid" in fields:
        record.uid = fields.pop("uid")
    _apply(record, fields, RECORD_CONTENT_FIELDS)
    return add_record(record, by=by, idempotency_key=idempotency_key)


def add_record(
    record: Record, *, by: Any, idempotency_key: uuid.UUID | str | None = None
) -> Record:
    """Store a new record built by a form (the admin's); the checks of `create_record`."""
    _require(access.can_create_record(by, record.dataset), "may not add records to this dataset")
    _require_visible_event(by, record)
    with transaction.atomic():
        record.created_by = _creator(by)
        return _create_once(record, by, idempotency_key)


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


def update_record(
    record: Record,
    *,
    by: Any,
    reason: str = "",
    expected_version: int | None = None,
    **changes: Any,
) -> Record:
    """Change a record's content (not its review status: see verify/reject/publish).

    The change applies only if the stored record is still at `expected_version` (default: the
    version `record` was read at); otherwise `EditConflict` is raised and nothing is written.
    """
    _require(access.can_edit_record(by, record), "may not change this record")
    if "event" in changes or "event_id" in changes:
        probe = Record(event_id=getattr(changes.get("event"), "pk", changes.get("event_id")))
        _require_visible_event(by, probe)
    if set(changes) & set(PROTECTED_RECORD_FIELDS):
        _require(access.can_see_protected(by, record), "may not change protected fields")
    with transaction.atomic():
        _apply(record, changes, RECORD_CONTENT_FIELDS)
        _save(record, by, reason, expected_version)
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


def create_event(
    *, committee: Any, by: Any, idempotency_key: uuid.UUID | str | None = None, **fields: Any
) -> Event:
    """Add an event reported by `committee` (status draft unless `status="submitted"`); the
    same `idempotency_key` twice gives the first event back (see `create_record`)."""
    status = fields.pop("status", Event.Status.DRAFT)
    event = Event(committee=committee, status=status)
    _apply(event, fields, EVENT_CONTENT_FIELDS)
    return add_event(event, by=by, idempotency_key=idempotency_key)


def add_event(event: Event, *, by: Any, idempotency_key: uuid.UUID | str | None = None) -> Event:
    """Store a new event built by a form (the admin's); the checks of `create_event`."""
    _require(event.status in (Event.Status.DRAFT, Event.Status.SUBMITTED), "new events are drafts")
    probe = Event(committee=event.committee)
    _require(access.can_edit_event(by, probe), "may not report events for this committee")
    with transaction.atomic():
        event.created_by = _creator(by)
        return _create_once(event, by, idempotency_key)


def update_event(
    event: Event,
    *,
    by: Any,
    reason: str = "",
    expected_version: int | None = None,
    **changes: Any,
) -> Event:
    """Change an event's content, if it is still at `expected_version` (see `update_record`)."""
    _require(access.can_edit_event(by, event), "may not change this event")
    with transaction.atomic():
        _apply(event, changes, EVENT_CONTENT_FIELDS)
        _save(event, by, reason, expected_version)
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
    """Attach a file or a link to a record and/or an event.

    A file is checked by its size and content first (`uploads.inspect_upload`: a refusal is a
    `ValidationError` on `file` and nothing is stored); its type comes from its content, its
    sha256 and size from its bytes, and an image also gets a public copy without metadata.
    """
    _require(access.can_add_evidence(by, record=record, event=event), "may not add evidence here")
    evidence = Evidence(
        record=record,
        event=event,
        url=url,
        visibility=visibility,
        captured_at=captured_at,
        description=description,
        uploaded_by=_creator(by),
    )
    if file is not None:
        _attach(evidence, file)
    try:
        with transaction.atomic():
            _save(evidence, by)
    except BaseException:
        _remove_files(evidence)
        raise
    return evidence


def _attach(evidence: Evidence, file: File[Any]) -> None:
    checked = inspect_upload(file)
    file.name = checked.name
    evidence.file = file  # stored, hashed and measured when saved
    evidence.mime_type = checked.mime_type
    evidence.original_name = checked.original_name
    copy = public_copy(file, checked.mime_type)
    if copy is not None:
        copy.name = checked.name
        evidence.public_file = copy


def _remove_files(evidence: Evidence) -> None:
    """Delete what a failed save already wrote to storage (files are written before the row)."""
    for stored in (evidence.file, evidence.public_file):
        if stored and getattr(stored, "_committed", False) and stored.name:
            stored.storage.delete(stored.name)


EVIDENCE_CHANGE_FIELDS = frozenset({"description", "visibility", "captured_at", "url"})


def update_evidence(evidence: Evidence, *, by: Any, reason: str = "", **changes: Any) -> Evidence:
    """Change what is said about a piece of evidence; its file (the original) never changes."""
    _require(
        access.can_add_evidence(by, record=evidence.record, event=evidence.event),
        "may not change this evidence",
    )
    with transaction.atomic():
        _apply(evidence, changes, EVIDENCE_CHANGE_FIELDS)
        _save(evidence, by, reason)
    return evidence


def make_public_copies() -> int:
    """Type by content, and give a public copy, every stored evidence file that has none (files
    stored before uploads were checked); the originals are not touched. How many got a copy."""
    made = 0
    pending = Evidence.objects.exclude(file="").filter(public_file="")
    for evidence in pending.iterator():
        stored_name = evidence.file.name or ""
        with evidence.file.open("rb") as original:
            mime_type = content_type(original, stored_name)
            copy = public_copy(original, mime_type)
        if copy is None and mime_type == evidence.mime_type:
            continue
        with transaction.atomic(), acting_as(None, reason="typed by content; public copy"):
            evidence.mime_type = mime_type
            if copy is not None:
                copy.name = renamed(stored_name.rsplit("/", 1)[-1].split("-", 1)[-1], mime_type)
                evidence.public_file = copy
                made += 1
            evidence.save(update_fields=["mime_type", "public_file"])
    return made
