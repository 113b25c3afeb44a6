"""The audit log in the admin: read only, visible to the roles access.py allows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tansiq.audit.models import AuditEvent
from tansiq.committees import access


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["seq", "time", "actor_label", "action", "object_type", "object_label"]
    list_filter = ["action", "object_type", "time"]
    search_fields = ["actor_label", "object_label", "object_id", "hash"]
    ordering = ["-seq"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_see_audit_log(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_see_audit_log(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
