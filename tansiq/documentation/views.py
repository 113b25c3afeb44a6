"""Record pages: thin views over `access.py` (what the user may see) and the templates."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tansiq.committees import access
from tansiq.committees.models import Place
from tansiq.documentation.models import PROTECTED_RECORD_FIELDS, Act, ReviewStatus

RECORDS_PER_PAGE = 50


FILTERS = ("act", "place", "review_status")


def record_list(request: HttpRequest) -> HttpResponse:
    """The records the user may see, newest first, 50 a page, filtered by the query string
    (`q` in a name or record id, `act`, `place` p-code, `review_status`)."""
    records = access.visible_records(request.user).select_related("dataset", "place")
    chosen = {name: request.GET.get(name, "") for name in ("q", *FILTERS)}
    if chosen["q"]:
        text = chosen["q"].strip()
        records = records.filter(
            Q(name_ar__icontains=text) | Q(name_latin__icontains=text) | Q(uid__iexact=text)
        )
    if chosen["act"]:
        records = records.filter(act=chosen["act"])
    if chosen["place"]:
        records = records.filter(place__pcode=chosen["place"])
    if chosen["review_status"]:
        records = records.filter(review_status=chosen["review_status"])
    page = Paginator(records.order_by("-id"), RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    query = {name: value for name, value in chosen.items() if value}
    context = {
        "page": page,
        "chosen": chosen,
        "query": urlencode(query),
        "acts": Act.choices,
        "statuses": ReviewStatus.choices,
        "governorates": Place.objects.filter(admin_level=1).order_by("pcode"),
    }
    return render(request, "documentation/record_list.html", context)


def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One record; 404 unless the user may see it; protected fields only for allowed roles."""
    visible = access.visible_records(request.user).select_related(
        "dataset__committee", "place", "event"
    )
    record = get_object_or_404(visible, pk=pk)
    protected = []
    if access.can_see_protected(request.user, record):
        # A contact (phone number, address) reads left to right even inside Arabic text.
        protected = [
            (
                record._meta.get_field(name).verbose_name,
                getattr(record, name),
                name.endswith("_contact"),
            )
            for name in PROTECTED_RECORD_FIELDS
            if getattr(record, name)
        ]
    context = {
        "record": record,
        "protected": protected,
        "evidence": access.visible_evidence(request.user).filter(record=record),
        "can_edit": access.can_edit_record(request.user, record),
    }
    return render(request, "documentation/record_detail.html", context)


def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, only to users who may see that evidence (never from MEDIA_URL).

    Network members get the original (the evidentiary copy, with its metadata); anyone else
    who may see the evidence (the public, for public evidence) gets the public copy with no
    location metadata, or nothing when there is none. Always a download, never rendered: an
    attachment, its type not to be sniffed, and sandboxed should a browser open it anyway.
    """
    evidence = get_object_or_404(access.visible_evidence(request.user), pk=pk)
    roles = access.roles_of(request.user)
    stored = evidence.file if roles.network_member else evidence.public_file
    if not stored:
        raise Http404
    filename = PurePath(stored.name).name.split("-", 1)[-1]  # without the random prefix
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = evidence.mime_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
