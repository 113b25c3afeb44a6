"""Field-level changes of audited models: which fields, and how values are written in the log.

Protected fields (a field with `protected = True`, and the user's password) are compared in
memory but only the marker `"<protected>"` is ever written.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from tansiq.audit.models import AuditedModel

PROTECTED = "<protected>"


@dataclass(frozen=True)
class TrackSpec:
    """How one model is audited: which fields are never logged in clear, which are ignored."""

    protected: frozenset[str]
    ignore: frozenset[str]


@functools.cache
def track_spec(model: type[models.Model]) -> TrackSpec | None:
    """The audit spec of `model`, or None if it is not audited (cached: called on every save)."""
    if issubclass(model, AuditedModel):
        fields = model._meta.concrete_fields
        protected = frozenset(f.name for f in fields if getattr(f, "protected", False))
        return TrackSpec(protected, frozenset(model.audit_ignore))
    if model is get_user_model():
        return TrackSpec(frozenset({"password"}), frozenset({"last_login"}))
    return None


def _jsonable(value: Any) -> Any:
    """A JSON value that survives a round trip through SQLite and PostgreSQL jsonb unchanged."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def field_values(instance: models.Model, spec: TrackSpec) -> dict[str, Any]:
    """The instance's concrete field values by field name (foreign keys as ids)."""
    return {
        f.name: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in spec.ignore
    }


def render_value(name: str, value: Any, spec: TrackSpec) -> Any:
    if name in spec.protected:
        return PROTECTED if value not in (None, "") else None
    return _jsonable(value)


def diff_values(
    before: dict[str, Any] | None, after: dict[str, Any], spec: TrackSpec
) -> dict[str, list[Any]]:
    """`{field: [before, after]}` for every field that changed (all non-empty ones on create)."""
    changes: dict[str, list[Any]] = {}
    for name, new in after.items():
        old = None if before is None else before.get(name)
        if old == new or (before is None and new in (None, "")):
            continue
        changes[name] = [render_value(name, old, spec), render_value(name, new, spec)]
    return changes


def creation_changes(instance: models.Model) -> dict[str, list[Any]]:
    """The `{field: [None, value]}` changes of a newly created audited instance."""
    spec = track_spec(type(instance))
    if spec is None:
        raise TypeError(f"{type(instance).__name__} is not audited")
    return diff_values(None, field_values(instance, spec), spec)
