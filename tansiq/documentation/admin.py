"""The documentation admin. Review status and publication change only through the admin
actions, which call the actions layer (and so access.py and the audit log)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tansiq.committees import access
from tansiq.committees.adminbase import AccessAdmin
from tansiq.committees.models import Committee
from tansiq.documentation import actions
from tansiq.documentation.models import (
    PROTECTED_RECORD_FIELDS,
    Dataset,
    Event,
    Evidence,
    Record,
)
from tansiq.documentation.uploads import inspect_upload

# Filters offer only the values of the objects the user may see (no other committee's names).
_ONLY_LISTED = admin.RelatedOnlyFieldListFilter


def _documents(user: Any) -> bool:
    roles = access.roles_of(user)
    return roles.sees_all or bool(roles.documenter_of)


def _run_each(
    admin_: admin.ModelAdmin[Any],
    request: HttpRequest,
    objects: QuerySet[Any],
    do: Callable[[Any], Any],
) -> None:
    """Apply `do` to each object; report how many were done and how many were refused."""
    done = refused = 0
    for obj in objects:
        try:
            do(obj)
            done += 1
        except (PermissionDenied, ValidationError):
            refused += 1
    if done:
        admin_.message_user(request, ngettext("%d changed.", "%d changed.", done) % done)
    if refused:
        admin_.message_user(
            request,
            ngettext("%d refused.", "%d refused.", refused) % refused,
            level=messages.WARNING,
        )


def _become(obj: Model, stored: Model) -> None:
    """Make the admin's unsaved `obj` the row an action stored (for the admin's redirect)."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(stored, field.attname))
    obj._state.adding, obj._state.db = False, stored._state.db


class VersionedForm(forms.ModelForm):  # type: ignore[type-arg]
    """A change form that carries the version it was opened at, and an add form that carries a
    submission key made when it was rendered (so sending it twice adds one object)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version
        else:
            self.fields["submission_key"].initial = uuid.uuid4()

    def clean(self) -> dict[str, Any]:
        # The friendly check, with the user's input kept; the action's compare-and-swap is the
        # one that holds when two saves race.
        cleaned = super().clean() or {}
        expected = cleaned.get("expected_version")
        if self.instance.pk is not None and expected is not None:
            model = type(self.instance)
            current = model._base_manager.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            )
            if current.first() != expected:
                raise actions.EditConflict(self.instance, expected, current.first())
        return cleaned


class VersionedAdmin(AccessAdmin):
    """Adds and changes go through the actions (`add_*`, `update_*`), with the form's version
    and submission key; a conflict found only when saving sends the user back to the form."""

    form = VersionedForm
    exclude = ["version", "idempotency_key"]

    def add_through_actions(self, obj: Any, by: Any, key: uuid.UUID | None) -> Any:
        raise NotImplementedError

    def update_through_actions(self, obj: Any, by: Any, expected: int | None) -> Any:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not self.can_save(request.user, obj, change):
            raise PermissionDenied
        if change:
            self.update_through_actions(obj, request.user, form.cleaned_data["expected_version"])
        else:
            stored = self.add_through_actions(
                obj, request.user, form.cleaned_data["submission_key"]
            )
            if stored is not obj:  # the same form sent again: the first submission's object
                _become(obj, stored)

    def _submitted_before(self, request: HttpRequest) -> Any:
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        try:
            key = uuid.UUID(request.POST.get("submission_key", ""))
        except ValueError:
            return None
        made = self.model._base_manager.filter(created_by=request.user, idempotency_key=key)
        return made.first()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        earlier = self._submitted_before(request) if object_id is None else None
        if earlier is not None:  # the same add form sent again: what the first one made
            return self.response_add(request, earlier)
        if request.method in ("GET", "HEAD"):
            # Showing a form writes nothing: skip the admin's transaction, which on SQLite
            # (BEGIN IMMEDIATE) would queue every form view behind the database's write lock.
            # (`_changeform_view` is the view Django's `changeform_view` wraps in it.)
            shown: HttpResponse = self._changeform_view(  # type: ignore[attr-defined]
                request, object_id, form_url, extra_context
            )
            return shown
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except actions.EditConflict as conflict:
            self.message_user(request, conflict.messages[0], level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Dataset)
class DatasetAdmin(AccessAdmin):
    list_display = ["slug", "name", "kind", "committee", "importer", "imported_at"]
    list_filter = ["kind", ("committee", _ONLY_LISTED), "importer"]
    search_fields = ["slug", "name", "source_sha256", "source_filename"]
    list_select_related = ["committee"]
    readonly_fields = ["source_sha256", "imported_at", "imported_by", "created_at"]

    def can_add(self, user: Any) -> bool:
        return access.can_edit_dataset(user, None)

    def can_change(self, user: Any, obj: Any) -> bool:
        return access.can_edit_dataset(user, obj)


@admin.register(Event)
class EventAdmin(VersionedAdmin):
    list_display = [
        "__str__",
        "event_type",
        "date_start",
        "date_precision",
        "place",
        "committee",
        "status",
    ]
    list_filter = [
        "status",
        "event_type",
        "date_precision",
        ("committee", _ONLY_LISTED),
        ("place", _ONLY_LISTED),
    ]
    search_fields = ["place_text", "description_ar", "description_en"]
    list_select_related = ["place", "committee"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["place"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    actions = ["submit", "verify", "publish", "reject"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "committee":
            roles = access.roles_of(request.user)
            if not roles.sees_all:
                kwargs["queryset"] = Committee.objects.filter(pk__in=roles.documenter_of)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def can_add(self, user: Any) -> bool:
        return _documents(user)

    def can_change(self, user: Any, obj: Any) -> bool:
        return obj is None or access.can_edit_event(user, obj)

    def can_delete(self, user: Any, obj: Any) -> bool:
        roles = access.roles_of(user)
        return roles.superuser or roles.coordinator

    def add_through_actions(self, obj: Any, by: Any, key: uuid.UUID | None) -> Any:
        return actions.add_event(obj, by=by, idempotency_key=key)

    def update_through_actions(self, obj: Any, by: Any, expected: int | None) -> Any:
        return actions.update_event(obj, by=by, expected_version=expected)

    def _set(self, request: HttpRequest, queryset: QuerySet[Event], status: str) -> None:
        _run_each(
            self, request, queryset, lambda e: actions.set_event_status(e, status, by=request.user)
        )

    @admin.action(description=_("Submit the selected events for verification"))
    def submit(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set(request, queryset, Event.Status.SUBMITTED)

    @admin.action(description=_("Verify the selected events"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set(request, queryset, Event.Status.VERIFIED)

    @admin.action(description=_("Publish the selected events"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set(request, queryset, Event.Status.PUBLISHED)

    @admin.action(description=_("Reject the selected events"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set(request, queryset, Event.Status.REJECTED)


@admin.register(Record)
class RecordAdmin(VersionedAdmin):
    list_display = [
        "uid",
        "name_ar",
        "name_latin",
        "act",
        "date_start",
        "place",
        "dataset",
        "review_status",
        "published",
    ]
    list_filter = [
        "review_status",
        "published",
        "act",
        "status",
        "sex",
        "age_group",
        ("place", _ONLY_LISTED),
        ("dataset", _ONLY_LISTED),
    ]
    search_fields = ["uid", "external_id", "name_ar", "name_latin", "family_name", "locality"]
    list_select_related = ["place", "dataset"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["place", "event"]
    readonly_fields = [
        "review_status",
        "published",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = ["corroborate", "verify", "publish", "withdraw"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if not self._shows_protected(request.user, obj):
            fields = [f for f in fields if f not in PROTECTED_RECORD_FIELDS]
        return fields

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        if self._shows_protected(request.user, obj):
            return super().get_exclude(request, obj)
        return [*(super().get_exclude(request, obj) or []), *PROTECTED_RECORD_FIELDS]

    @staticmethod
    def _shows_protected(user: Any, obj: Any) -> bool:
        if obj is None:  # the add form: whoever may add records collected the witness data
            return _documents(user)
        return access.can_see_protected(user, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "dataset":
            roles = access.roles_of(request.user)
            if not roles.sees_all:
                kwargs["queryset"] = Dataset.objects.filter(committee_id__in=roles.documenter_of)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def can_add(self, user: Any) -> bool:
        return _documents(user)

    def can_change(self, user: Any, obj: Any) -> bool:
        return obj is None or access.can_edit_record(user, obj)

    def can_save(self, user: Any, obj: Any, change: bool) -> bool:
        return access.can_create_record(user, obj.dataset) and (
            not change or access.can_edit_record(user, obj)
        )

    def can_delete(self, user: Any, obj: Any) -> bool:
        if obj is None:
            roles = access.roles_of(user)
            return roles.superuser or roles.coordinator
        return access.can_delete_record(user, obj)

    def add_through_actions(self, obj: Any, by: Any, key: uuid.UUID | None) -> Any:
        return actions.add_record(obj, by=by, idempotency_key=key)

    def update_through_actions(self, obj: Any, by: Any, expected: int | None) -> Any:
        return actions.update_record(obj, by=by, expected_version=expected)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("dataset")

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Bulk deletion would skip the per-record check (published records are never deleted).
        found = super().get_actions(request)
        found.pop("delete_selected", None)
        return found

    @admin.action(description=_("Mark the selected records corroborated"))
    def corroborate(self, request: HttpRequest, queryset: QuerySet[Record]) -> None:
        _run_each(self, request, queryset, lambda r: actions.corroborate_record(r, by=request.user))

    @admin.action(description=_("Verify the selected records"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Record]) -> None:
        _run_each(self, request, queryset, lambda r: actions.verify_record(r, by=request.user))

    @admin.action(description=_("Publish the selected records"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Record]) -> None:
        _run_each(self, request, queryset, lambda r: actions.publish_record(r, by=request.user))

    @admin.action(description=_("Withdraw the selected records from publication"))
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Record]) -> None:
        _run_each(
            self,
            request,
            queryset,
            lambda r: actions.publish_record(r, by=request.user, published=False),
        )


class EvidenceForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new file is checked by its content here, so a refusal shows on the form's `file`."""

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            try:
                inspect_upload(file)
            except ValidationError as refused:
                raise ValidationError(refused.message_dict["file"]) from refused
        return file


@admin.register(Evidence)
class EvidenceAdmin(AccessAdmin):
    form = EvidenceForm
    list_display = ["__str__", "record", "event", "mime_type", "size", "visibility", "received_at"]
    list_filter = ["visibility", "mime_type"]
    search_fields = ["sha256", "url", "description"]
    list_select_related = ["record", "event"]
    autocomplete_fields = ["record", "event"]
    readonly_fields = ["mime_type", "original_name", "sha256", "size", "uploaded_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        # The original is evidence: once stored, its file is never replaced.
        return fields if obj is None else ["file", *fields]

    def can_add(self, user: Any) -> bool:
        return _documents(user)

    def can_change(self, user: Any, obj: Any) -> bool:
        if obj is None:
            return self.can_add(user)
        return access.can_add_evidence(user, record=obj.record, event=obj.event)

    def can_save(self, user: Any, obj: Any, change: bool) -> bool:
        return access.can_add_evidence(user, record=obj.record, event=obj.event)

    def can_delete(self, user: Any, obj: Any) -> bool:
        roles = access.roles_of(user)
        return roles.superuser or roles.coordinator

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not self.can_save(request.user, obj, change):
            raise PermissionDenied
        if change:
            actions.update_evidence(obj, by=request.user)
            return
        stored = actions.add_evidence(
            by=request.user,
            record=obj.record,
            event=obj.event,
            file=form.cleaned_data.get("file") or None,
            url=obj.url,
            visibility=obj.visibility,
            captured_at=obj.captured_at,
            description=obj.description,
        )
        _become(obj, stored)
