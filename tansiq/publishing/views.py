"""Public pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what tansiq is and where to go next."""
    return render(request, "publishing/home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness probe for deployments; says nothing about the data."""
    return JsonResponse({"status": "ok"})
