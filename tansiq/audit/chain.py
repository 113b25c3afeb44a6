"""Appending to and verifying the sha256 chain of audit events."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from tansiq.audit.context import current_reason, resolve_actor
from tansiq.audit.models import GENESIS_HASH, AuditEvent, ChainHead


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of `verify_chain`: `ok`, how many events were checked, the first broken link."""

    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    reason: str = ""


def canonical_json(event: AuditEvent) -> str:
    """The canonical JSON of an event's row (sorted keys, no spaces, UTC time in microseconds)."""
    time = event.time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    row = {
        "seq": event.seq,
        "time": time,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_label": event.object_label,
        "changes": event.changes,
        "reason": event.reason,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(event: AuditEvent) -> str:
    """The sha256 (hex) of `canonical_json(event)`."""
    return hashlib.sha256(canonical_json(event).encode("utf-8")).hexdigest()


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # only after a flush (the migration creates the row)
        ChainHead.objects.get_or_create(pk=1)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def append_event(
    action: str,
    *,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    changes: dict[str, Any] | None = None,
    actor: Any = None,
    reason: str | None = None,
) -> AuditEvent:
    """Append one event after the chain head, in the caller's transaction (or a new one).

    `actor` is a user; without it the current actor of `tansiq.audit.context` is recorded, and
    without `reason` the reason given to `acting_as` (if any).
    `changes` must hold JSON values only (strings, integers, booleans, None, lists, dicts).
    """
    actor_id, actor_label = resolve_actor(actor)
    if reason is None:
        reason = current_reason()
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        event = AuditEvent(
            seq=head.seq + 1,
            time=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label[:150],
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:64],
            object_label=object_label[:255],
            changes=changes or {},
            reason=reason,
            prev_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class EventSpec:
    """One event to append with `append_events`."""

    action: str
    object_type: str = ""
    object_id: str = ""
    object_label: str = ""
    changes: dict[str, Any] = field(default_factory=dict)


def append_events(
    specs: Sequence[EventSpec],
    *,
    actor: Any = None,
    reason: str | None = None,
    batch_size: int = 1000,
) -> int:
    """Append many events in order, locking the head once (for imports); return how many.

    Same chain, same hashes as appending them one by one with `append_event`.
    """
    actor_id, actor_label = resolve_actor(actor)
    reason = current_reason() if reason is None else reason
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        seq, prev, now, events = head.seq, head.hash, timezone.now(), []
        for spec in specs:
            seq += 1
            event = AuditEvent(
                seq=seq,
                time=now,
                actor_id=actor_id,
                actor_label=actor_label[:150],
                action=spec.action,
                object_type=spec.object_type,
                object_id=str(spec.object_id)[:64],
                object_label=spec.object_label[:255],
                changes=spec.changes,
                reason=reason,
                prev_hash=prev,
            )
            event.hash = prev = event_hash(event)
            events.append(event)
        AuditEvent.objects.bulk_create(events, batch_size=batch_size)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    return len(events)


def _check_link(event: AuditEvent, expected_seq: int, expected_prev: str) -> str:
    if event.seq != expected_seq:
        return f"expected seq {expected_seq}, found {event.seq}: events are missing"
    if event.prev_hash != expected_prev:
        return "prev_hash does not match the hash of the previous event"
    if event_hash(event) != event.hash:
        return "hash does not match the row's contents: the row was altered"
    return ""


def verify_chain(progress: Callable[[float], object] | None = None) -> VerifyResult:
    """Check every event in seq order and the chain head; report the first broken link.

    `progress`, if given, is called with the fraction checked (0..1) every 1000 events.
    """
    total = AuditEvent.objects.count() if progress else 0
    head = ChainHead.objects.filter(pk=1).first() or ChainHead(seq=0, hash=GENESIS_HASH)
    expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        reason = _check_link(event, expected_seq, expected_prev)
        if reason:
            return VerifyResult(False, checked, head.seq, head.hash, expected_seq, reason)
        checked += 1
        if progress and checked % 1000 == 0:
            progress(checked / max(total, 1))
        expected_seq, expected_prev = event.seq + 1, event.hash
    last = expected_seq - 1
    if head.seq != last:
        reason = f"the chain head records seq {head.seq} but the log ends at seq {last}: events were removed"
        return VerifyResult(False, checked, head.seq, head.hash, last + 1, reason)
    if head.hash != expected_prev:
        reason = "hash does not match the chain head's: the last event was altered"
        return VerifyResult(False, checked, head.seq, head.hash, last, reason)
    return VerifyResult(True, checked, head.seq, head.hash)
