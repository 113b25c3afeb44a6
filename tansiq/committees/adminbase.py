"""The admin's permissions come from access.py, not from Django's per-model permissions."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from tansiq.committees import access


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, which raises (a server error) when a posted value is not a
    valid key ("abc" for an integer id) while the form is shown again with its errors; here
    such a value is dropped from the re-shown choice, and the field's own error says why."""

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        key = self.field.remote_field.model._meta.pk
        valid = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteMixin(admin.options.BaseModelAdmin):  # type: ignore[type-arg]
    """Foreign keys offer only what the user may see, and autocomplete fields use
    `SafeAutocompleteSelect` (in change forms and inlines alike)."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # A choice is only what the user may see: a posted id of anything else is "not one of
        # the available choices", and its label is never rendered back (access.py).
        if "queryset" not in kwargs:
            # a model without a rule of its own (users, content types) keeps Django's default
            with contextlib.suppress(LookupError):
                kwargs["queryset"] = access.visible_queryset(
                    request.user, db_field.remote_field.model
                )
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AccessAdmin(SafeAutocompleteMixin, admin.ModelAdmin):  # type: ignore[type-arg]
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

    def save_model(
        self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool
    ) -> None:
        # The form may have moved the object (another dataset, committee ...): check the result.
        if not self.can_save(request.user, obj, change):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def can_save(self, user: Any, obj: Any, change: bool) -> bool:
        """Whether `user` may store `obj` as the form left it (default: as `can_change`)."""
        return self.can_change(user, obj)

    def can_add(self, user: Any) -> bool:
        return access.can_manage_committees(user)

    def can_change(self, user: Any, obj: Any) -> bool:
        return access.can_manage_committees(user)

    def can_delete(self, user: Any, obj: Any) -> bool:
        return access.can_manage_committees(user)


class AccessInline(SafeAutocompleteMixin, admin.TabularInline):  # type: ignore[type-arg]
    """An inline whose rows may be changed by whoever `allowed(user)` says (from access.py)."""

    extra = 0

    def allowed(self, user: Any) -> bool:
        return access.can_manage_committees(user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allowed(request.user)
