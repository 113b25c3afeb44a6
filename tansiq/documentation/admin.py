from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tansiq.committees import access
from tansiq.committees.adminbase import AccessAdmin
from tansiq.documentation.models import PROTECTED_RECORD_FIELDS, Dataset, Event, Evidence, Record


@admin.register(Dataset)
class DatasetAdmin(AccessAdmin):
    list_display = ["slug", "name", "kind", "committee", "importer", "imported_at"]
    list_filter = ["kind", "committee", "importer"]
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
    list_filter = ["status", "event_type", "date_precision", "committee", "place"]
    search_fields = ["place_text", "description_ar", "description_en"]
    list_select_related = ["place", "committee"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["place", "committee"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def can_add(self, user: Any) -> bool:
        roles = access.roles_of(user)
        return roles.sees_all or bool(roles.documenter_of)

    def can_change(self, user: Any, obj: Any) -> bool:
        return obj is None or access.can_edit_event(user, obj)

    def can_delete(self, user: Any, obj: Any) -> bool:
        roles = access.roles_of(user)
        return roles.superuser or roles.coordinator


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
        "place",
        "dataset",
    ]
    search_fields = ["uid", "external_id", "name_ar", "name_latin", "family_name", "locality"]
    list_select_related = ["place", "dataset"]
    date_hierarchy = "date_start"
    autocomplete_fields = ["place", "dataset", "event"]
    readonly_fields = ["created_by", "created_at", "updated_at", "published_at"]

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
            roles = access.roles_of(user)
            return roles.sees_all or bool(roles.documenter_of)
        return access.can_see_protected(user, obj)

    def can_add(self, user: Any) -> bool:
        roles = access.roles_of(user)
        return roles.sees_all or bool(roles.documenter_of)

    def can_change(self, user: Any, obj: Any) -> bool:
        return obj is None or access.can_edit_record(user, obj)

    def can_delete(self, user: Any, obj: Any) -> bool:
        if obj is None:
            roles = access.roles_of(user)
            return roles.superuser or roles.coordinator
        return access.can_delete_record(user, obj)


@admin.register(Evidence)
class EvidenceAdmin(AccessAdmin):
    list_display = ["__str__", "record", "event", "mime_type", "size", "visibility", "received_at"]
    list_filter = ["visibility", "mime_type"]
    search_fields = ["sha256", "url", "description"]
    list_select_related = ["record", "event"]
    autocomplete_fields = ["record", "event"]
    readonly_fields = ["sha256", "size", "uploaded_by"]

    def can_add(self, user: Any) -> bool:
        roles = access.roles_of(user)
        return roles.sees_all or bool(roles.documenter_of)

    def can_change(self, user: Any, obj: Any) -> bool:
        if obj is None:
            return self.can_add(user)
        return access.can_add_evidence(user, record=obj.record, event=obj.event)

    def can_delete(self, user: Any, obj: Any) -> bool:
        roles = access.roles_of(user)
        return roles.superuser or roles.coordinator
