"""Typed parsers for settings read from the environment; each fails loudly on a bad value."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    """Return the boolean environment variable `name` (1/0, true/false, yes/no, on/off)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false).")


def envint(name: str, default: int) -> int:
    """Return the integer environment variable `name`."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from exc


def envlist(name: str, default: list[str]) -> list[str]:
    """Return the comma-separated environment variable `name` as a list of stripped items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str, *, debug: bool, dev_default: str) -> str:
    """Return the secret `name`; in production (debug off) a missing secret is an error.

    The development default exists only so that `make demo` needs no configuration; it is never
    used with DEBUG off.
    """
    raw = os.environ.get(name, "").strip()
    if raw:
        return raw
    if debug:
        return dev_default
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.")
