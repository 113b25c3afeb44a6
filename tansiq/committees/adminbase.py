"""The admin's permissions come from access.py, not from Django's per-model permissions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tansiq.committees import access


class AccessAdmin(admin.ModelAdmin):
    """A ModelAdmin that lists only what `access.visible_queryset` allows and asks access.py
    before adding, changing or deleting. Subclasses override `can_add`, `can_change` and
    `can_delete`; the default is read only for everyone but coordinators and superusers."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = access.visible_queryset(request.user, self.model)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def has_module_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff) and access.roles_of(user).network_member

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Objects reach a change page through get_queryset, so they are visible.
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request) and self.can_add(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request) and self.can_change(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request) and self.can_delete(request.user, obj)

    def can_add(self, user: Any) -> bool:
        return access.can_manage_committees(user)

    def can_change(self, user: Any, obj: Any) -> bool:
        return access.can_manage_committees(user)

    def can_delete(self, user: Any, obj: Any) -> bool:
        return access.can_manage_committees(user)
