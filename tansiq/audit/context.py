"""Who is acting: the actor recorded on each audit event.

The web request's user is set by `AuditActorMiddleware`; the CLI, imports and background tasks
set it with `acting_as(user)` or `acting_as(label="import")`. Outside both the actor is "system".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    """A user (or a request whose user is read when an event is written) and a fallback label."""

    user: Any = None
    request: Any = None
    label: str = "system"
    reason: str = ""


_current: ContextVar[Actor | None] = ContextVar("tansiq_audit_actor", default=None)


@contextmanager
def acting_as(
    user: Any = None, *, label: str = "system", request: Any = None, reason: str = ""
) -> Iterator[None]:
    """Record `user` (or, if it is None or anonymous, `label`) as the actor inside the block.

    `reason` (why the change is made, e.g. a verifier's note) goes on every event of the block.
    """
    token = _current.set(Actor(user=user, request=request, label=label, reason=reason))
    try:
        yield
    finally:
        _current.reset(token)


def current_reason() -> str:
    """The reason given to the innermost `acting_as` ('' if none)."""
    actor = _current.get()
    return "" if actor is None else actor.reason


def resolve_actor(user: Any = None) -> tuple[int | None, str]:
    """Return `(user id, label)` of `user` if given, else of the current actor."""
    if user is None:
        actor = _current.get()
        if actor is None:
            return None, "system"
        user = actor.user if actor.user is not None else getattr(actor.request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None, actor.label
    if not getattr(user, "is_authenticated", False):
        return None, "anonymous"
    return int(user.pk), str(user.get_username())
