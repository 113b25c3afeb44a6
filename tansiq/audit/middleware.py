"""Records the request's user as the actor of every audit event written while serving it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tansiq.audit.context import acting_as


class AuditActorMiddleware:
    """Put the request in the audit context; its user is read when an event is written.

    Reading the user lazily means a login inside the request is attributed to the new user.
    Must come after `AuthenticationMiddleware`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(request=request, label="anonymous"):
            return self.get_response(request)
