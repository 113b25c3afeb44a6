"""The documentation admin. Review status and publication change only through the admin
actions, which call the actions layer (and so access.py and the audit log)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tansiq.committees import access
from tansiq.committees.adminbase import AccessAdmin
from tansiq.committees.models import Committee
from tansiq.documentation import actions
from tansiq.documentation.models import PROTECTED_RECORD_FIELDS, Dataset, Event, Evidence, Record

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
class EventAdmin(AccessAdmin):
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

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

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
class RecordAdmin(AccessAdmin):
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

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

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


@admin.register(Evidence)
class EvidenceAdmin(AccessAdmin):
    list_display = ["__str__", "record", "event", "mime_type", "size", "visibility", "received_at"]
    list_filter = ["visibility", "mime_type"]
    search_fields = ["sha256", "url", "description"]
    list_select_related = ["record", "event"]
    autocomplete_fields = ["record", "event"]
    readonly_fields = ["sha256", "size", "uploaded_by"]

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
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
