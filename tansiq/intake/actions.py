"""The intake's one write: an event, its victims and its evidence, all or nothing.

Everything goes through `documentation.actions` (permission checks, validation, audit); this
module only puts the pieces together in one transaction and derives the victims' keys from the
form's submission key, so a form sent twice makes one event with its records once.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction

from tansiq.committees import access
from tansiq.committees.models import Place
from tansiq.documentation import actions
from tansiq.documentation.models import Dataset, Event, Evidence, Record


@dataclass
class Submission:
    """What the intake form collected, already cleaned."""

    dataset: Dataset
    key: uuid.UUID
    event_type: str = ""
    event: Event | None = None  # an event already recorded, to add victims and evidence to
    date: tuple[str, str] | None = None
    place: Place | None = None
    place_text: str = ""
    description_ar: str = ""
    description_en: str = ""
    victims: Sequence[dict[str, Any]] = ()
    files: Sequence[File[Any]] = ()
    links: Sequence[str] = field(default_factory=list)


def governorate_of(place: Place | None) -> Place | None:
    """The governorate (admin level 1) a place lies in; a record's `place` is a governorate."""
    while place is not None and place.admin_level > 1:
        place = place.parent
    return place if place is not None and place.admin_level == 1 else None


def victim_key(key: uuid.UUID, number: int) -> uuid.UUID:
    """The idempotency key of the `number`-th victim (from 0) of the submission `key`."""
    return uuid.uuid5(key, f"victim {number}")


def already_recorded(by: Any, key: uuid.UUID) -> Event | None:
    """The event an earlier sending of the same form made, or added its first victim to."""
    made = Event.objects.filter(created_by=by, idempotency_key=key).first()
    if made is not None:
        return made
    added = Record.objects.filter(created_by=by, idempotency_key=victim_key(key, 0)).first()
    return added.event if added is not None else None


def record_submission(submission: Submission, *, by: Any) -> Event:
    """Store the event, a record per victim linked to it and the evidence, in one transaction.

    A submission already stored (same user, same key) is returned as it is: nothing is added.
    Files written to storage are deleted again if anything fails.
    """
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            earlier = already_recorded(by, submission.key)
            if earlier is not None:
                return earlier
            event = _event(submission, by)
            _victims(submission, event, by)
            held = set(event.evidence.exclude(sha256="").values_list("sha256", flat=True))
            for upload in submission.files:
                if _sha256(upload) in held:
                    continue  # the same file sent again for this event
                stored.append(actions.add_evidence(by=by, event=event, file=upload))
            for link in submission.links:
                actions.add_evidence(by=by, event=event, url=link)
    except BaseException:
        for evidence in stored:
            actions._remove_files(evidence)
        raise
    return event


def _sha256(upload: File[Any]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _date_fields(submission: Submission) -> dict[str, str]:
    event = submission.event
    if event is not None:
        if not event.date_precision:
            return {}
        return {"date": event.date_text, "date_precision": event.date_precision}
    if submission.date is None:
        return {}
    text, precision = submission.date
    return {"date": text, "date_precision": precision}


def _event(submission: Submission, by: Any) -> Event:
    event = submission.event
    if event is not None:
        # Linking records to another committee's event would show them its content.
        if not access.can_edit_event(by, event) or (
            event.committee_id != submission.dataset.committee_id
        ):
            raise PermissionDenied("may not add records to this event")
        return event
    return actions.create_event(
        committee=submission.dataset.committee,
        by=by,
        idempotency_key=submission.key,
        status=Event.Status.SUBMITTED,
        event_type=submission.event_type,
        place=submission.place,
        place_text=submission.place_text,
        description_ar=submission.description_ar,
        description_en=submission.description_en,
        **_date_fields(submission),
    )


def _victims(submission: Submission, event: Event, by: Any) -> None:
    place = submission.place if submission.event is None else event.place
    place_text = submission.place_text if submission.event is None else event.place_text
    locality = place_text or (place.name_ar if place is not None and place.admin_level > 1 else "")
    for number, victim in enumerate(submission.victims):
        actions.create_record(
            dataset=submission.dataset,
            by=by,
            idempotency_key=victim_key(submission.key, number),
            event=event,
            place=governorate_of(place),
            locality=locality,
            **_date_fields(submission),
            **victim,
        )
