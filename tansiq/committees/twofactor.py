"""Who must pass a second factor, and what a session may still do before it has.

Verifiers, editors, coordinators and superusers must log in with a TOTP code (or a recovery
code); documenters may set one up. A session that has the password but not yet the second
factor is `pending`: it may only reach the pages that finish the login (or leave).
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from tansiq.committees.access import roles_of

AUTH_AT = "tansiq_auth_at"  # when the password was last typed (epoch seconds)
LAST_SEEN = "tansiq_last_seen"  # the last request of the session (epoch seconds)
NO_DEVICE = "tansiq_no_second_factor"  # this session's user had no device when it logged in
RECOVERY_CODES = 10


def requires_second_factor(user: Any) -> bool:
    """True for the roles whose account opens unpublished records of every committee."""
    roles = roles_of(user)
    return roles.superuser or roles.verifier or roles.editor or roles.coordinator


@dataclass(frozen=True)
class LoginState:
    """What a request's session still owes before the site opens."""

    needs_setup: bool  # must set up a second factor first
    needs_code: bool  # has a device: must type its code

    @property
    def complete(self) -> bool:
        return not (self.needs_setup or self.needs_code)


def login_state(request: HttpRequest) -> LoginState:
    """The second-factor state of an authenticated request (after django-otp's middleware)."""
    user: Any = request.user
    if user.is_verified():
        return LoginState(needs_setup=False, needs_code=False)
    required = requires_second_factor(user)  # re-read on every request: roles may change
    if not required and request.session.get(NO_DEVICE):
        return LoginState(needs_setup=False, needs_code=False)
    if user_has_device(user, confirmed=True):
        return LoginState(needs_setup=False, needs_code=True)
    if not required:
        request.session[NO_DEVICE] = True  # saves the device lookups on the next requests
    return LoginState(needs_setup=required, needs_code=False)


def idle_limit(user: Any) -> int:
    """Seconds of inactivity after which the session ends: short for documenters, whose phones
    are the ones most often seized; a working day for the others."""
    roles = roles_of(user)
    if roles.documenter_of and not requires_second_factor(user):
        return int(settings.TANSIQ_DOCUMENTER_SESSION_SECONDS)
    return int(settings.SESSION_COOKIE_AGE)


def mark_password_typed(request: HttpRequest) -> None:
    """Remember when the password was typed, for `recently_authenticated`."""
    now = int(time.time())
    request.session[AUTH_AT] = now
    request.session[LAST_SEEN] = now


def recently_authenticated(request: HttpRequest) -> bool:
    """True when the password was typed within TANSIQ_REAUTH_SECONDS."""
    typed = request.session.get(AUTH_AT)
    return isinstance(typed, int) and time.time() - typed <= settings.TANSIQ_REAUTH_SECONDS


def secret_base32(device: TOTPDevice) -> str:
    """The device's key as the authenticator apps take it when typed by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def codes_paused(user: Any) -> bool:
    """True while django-otp refuses codes on every device after wrong ones (the pause doubles
    each time); a code that one device may still check is checked."""
    devices = list(devices_for_user(user, confirmed=None))
    return bool(devices) and all(not device.verify_is_allowed()[0] for device in devices)
