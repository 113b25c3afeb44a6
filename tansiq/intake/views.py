"""The intake page: a documenter records an event with its victims and evidence in one form.

Works without JavaScript: "Add another victim" and "Find" are submit buttons that show the form
again with what was typed (and one more victim, or the places found); files sent with any
submission are checked and kept in a draft (`drafts.Draft`) so that none is lost.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tansiq.committees import access
from tansiq.documentation.models import Dataset, Event
from tansiq.intake.actions import Submission, already_recorded, record_submission
from tansiq.intake.drafts import Draft
from tansiq.intake.forms import EventForm, VictimFormSet

VICTIMS = "victims"


def allowed_datasets(user: Any) -> QuerySet[Dataset]:
    """The committee datasets `user` may add records to (documenters: their committee's)."""
    roles = access.roles_of(user)
    datasets = Dataset.objects.filter(kind=Dataset.Kind.COMMITTEE, committee__active=True)
    if not roles.sees_all:
        datasets = datasets.filter(committee_id__in=roles.documenter_of)
    return datasets.order_by("committee__name_ar", "slug")


# Events still open to additions: what `access.can_edit_event` allows documenters.
OPEN_EVENT_STATUSES = (Event.Status.DRAFT, Event.Status.SUBMITTED, Event.Status.REJECTED)


def open_events(user: Any) -> QuerySet[Event]:
    """The events `user` may add victims and evidence to: visible and still open (for a
    documenter that is exactly her committee's unverified events)."""
    return access.visible_events(user).filter(status__in=OPEN_EVENT_STATUSES)


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """The form (GET), or its submission (POST): saved, or shown again with what to fix.

    `?event=<id>` adds victims and evidence to an event already recorded (one the member may
    still change; any other id is "not found", whatever it names)."""
    datasets = allowed_datasets(request.user)
    if not datasets.exists():
        raise PermissionDenied("only documenters record events")
    if request.method == "POST":
        return _submitted(request, datasets)
    initial: dict[str, Any] = {"submission_key": uuid.uuid4()}
    if "event" in request.GET:
        chosen = request.GET["event"]
        event = get_object_or_404(open_events(request.user), pk=chosen if chosen.isdigit() else 0)
        initial["event"] = event.pk
        datasets = datasets.filter(committee=event.committee_id)
    first = datasets.first()
    initial["dataset"] = first.pk if first else None
    form = EventForm(datasets=datasets, events=open_events(request.user), initial=initial)
    return _page(request, form, VictimFormSet(prefix=VICTIMS), draft=None)


def _submission_key(data: QueryDict) -> uuid.UUID:
    try:
        return uuid.UUID(str(data.get("submission_key", "")))
    except ValueError:
        return uuid.uuid4()  # a tampered or missing key: a new form


def _submitted(request: HttpRequest, datasets: QuerySet[Dataset]) -> HttpResponse:
    data = request.POST.copy()
    key = _submission_key(data)
    data["submission_key"] = str(key)
    earlier = already_recorded(request.user, key)
    if earlier is not None:  # the same form sent again (a double tap, a resent request)
        return redirect("intake:saved", pk=earlier.pk)
    draft = Draft(request.user, key)
    for stored in data.getlist("remove_file"):
        draft.remove(stored)
    file_errors = _keep_files(request, draft)
    if "add_victim" in data:
        total = f"{VICTIMS}-TOTAL_FORMS"
        shown = str(data.get(total, ""))
        data[total] = str((int(shown) if shown.isdigit() else 1) + 1)
    form = EventForm(data, datasets=datasets, events=open_events(request.user))
    formset = VictimFormSet(data, prefix=VICTIMS)
    if "add_victim" in data or "find_place" in data:
        return _page(request, form, formset, draft, file_errors=file_errors, show_errors=False)
    valid = form.is_valid() & formset.is_valid()
    if not valid or file_errors:
        return _page(request, form, formset, draft, file_errors=file_errors)
    try:
        event = _save(request, form, formset, draft)
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _page(request, form, formset, draft)
    draft.clear()
    return redirect("intake:saved", pk=event.pk)


def _keep_files(request: HttpRequest, draft: Draft) -> list[str]:
    """Keep every file sent that passes the content checks; the refusals, said per file."""
    errors = []
    for upload in request.FILES.getlist("evidence_files"):
        try:
            draft.add(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
    return errors


def _save(request: HttpRequest, form: EventForm, formset: Any, draft: Draft) -> Any:
    data = form.cleaned_data
    victims = [
        {name: value for name, value in victim.cleaned_data.items() if name != "DELETE"}
        for victim in formset.forms
        if victim.has_changed() and not victim.cleaned_data.get("DELETE")
    ]
    files = [draft.open(kept) for kept in draft.files()]
    try:
        return record_submission(
            Submission(
                dataset=data["dataset"],
                key=data["submission_key"],
                event=data["event"],
                event_type=data["event_type"],
                date=data["date"],
                place=data["place"],
                place_text=data["place_text"],
                description_ar=data["description_ar"],
                description_en=data["description_en"],
                victims=victims,
                files=files,
                links=data["links"],
            ),
            by=request.user,
        )
    finally:
        for opened in files:
            opened.close()


def _page(
    request: HttpRequest,
    form: EventForm,
    formset: Any,
    draft: Draft | None,
    *,
    file_errors: list[str] | None = None,
    show_errors: bool = True,
) -> HttpResponse:
    form.narrow_places()
    show_errors = show_errors and form.is_bound
    chosen = str(form["event"].value() or "")
    context = {
        "form": form,
        "event": open_events(request.user).filter(pk=chosen).first() if chosen.isdigit() else None,
        "formset": formset,
        "kept_files": draft.files() if draft is not None else [],
        "file_errors": file_errors or [],
        "show_errors": show_errors,
        "problems": _problems(form, formset, file_errors or []) if show_errors else [],
        "one_committee": len(form.fields["dataset"].widget.choices) == 1,
    }
    return render(request, "intake/intake_form.html", context)


def _problems(form: EventForm, formset: Any, file_errors: list[str]) -> list[tuple[str, str, str]]:
    """`(anchor, where, what)` for every error, in the order of the page: the summary at the top
    links to each field, so a long form on a phone need not be searched for the red mark."""
    found = [
        (form[name].auto_id, str(form[name].label), str(message))
        for name, messages in form.errors.items()
        if name != NON_FIELD_ERRORS and name != "evidence_files"
        for message in messages
    ]
    for number, victim in enumerate(formset.forms):
        where = _("Victim %(number)s") % {"number": number + 1}
        for name, messages in victim.errors.items():
            field = victim[name] if name != NON_FIELD_ERRORS else None
            for message in messages:
                found.append(
                    (
                        field.auto_id if field is not None else f"victim-{number}",
                        f"{where}: {field.label}" if field is not None else where,
                        str(message),
                    )
                )
    label = str(form["evidence_files"].label)
    found += [(form["evidence_files"].auto_id, label, message) for message in file_errors]
    return found


@login_required
def saved(request: HttpRequest, pk: int) -> HttpResponse:
    """What one intake stored: the event, its victims' records and its evidence with sha256."""
    event = get_object_or_404(
        access.visible_events(request.user).select_related("committee", "place"), pk=pk
    )
    context = {
        "event": event,
        "records": access.visible_records(request.user)
        .filter(event=event)
        .select_related("place")
        .order_by("id"),
        "evidence": access.visible_evidence(request.user).filter(event=event).order_by("id"),
        "can_add": open_events(request.user).filter(pk=event.pk).exists()
        and allowed_datasets(request.user).filter(committee=event.committee_id).exists(),
    }
    return render(request, "intake/saved.html", context)
