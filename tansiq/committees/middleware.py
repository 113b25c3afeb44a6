"""The session guard: idle sessions end, and a login is not complete before its second factor."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from tansiq.committees import twofactor

# The pages a half-logged-in session may reach (by URL name), besides static files.
OPEN_WHILE_PENDING = frozenset(
    {"login", "logout", "leave", "set_language", "two_factor", "two_factor_setup", "healthz"}
)
TOUCH_EVERY = 60  # seconds: how stale `last seen` may get before the session is written again


class SessionGuardMiddleware:
    """After django-otp's middleware: end idle sessions; send a session that has the password
    but not its second factor to the page that asks for it (or sets one up)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        seen = request.session.get(twofactor.LAST_SEEN)
        if isinstance(seen, int) and now - seen > twofactor.idle_limit(user):
            logout(request)
            return HttpResponseRedirect(reverse("login"))
        if not isinstance(seen, int) or now - seen > TOUCH_EVERY:
            request.session[twofactor.LAST_SEEN] = now
        state = twofactor.login_state(request)
        if state.complete:
            return self.get_response(request)
        if _open_while_pending(request):
            request.login_pending = True  # type: ignore[attr-defined]  # base.html hides the menu
            return self.get_response(request)
        target = "two_factor_setup" if state.needs_setup else "two_factor"
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(target)}?{query}")


def _open_while_pending(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # a 404 shows nothing
    return match.url_name in OPEN_WHILE_PENDING or request.path_info.startswith("/static/")
