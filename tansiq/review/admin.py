from __future__ import annotations

from typing import Any

from django.contrib import admin

from tansiq.committees import access
from tansiq.committees.adminbase import AccessAdmin, AccessInline
from tansiq.review.models import MatchDecision, Person, PersonRecord


class PersonRecordInline(AccessInline):
    model = PersonRecord
    autocomplete_fields = ["record"]

    def allowed(self, user: Any) -> bool:
        return access.can_edit_persons(user)


@admin.register(Person)
class PersonAdmin(AccessAdmin):
    list_display = ["__str__", "name_ar", "name_latin", "sex", "age", "date_start", "place"]
    list_filter = ["sex", "date_precision", "place"]
    search_fields = ["name_ar", "name_latin"]
    list_select_related = ["place"]
    inlines = [PersonRecordInline]

    def can_add(self, user: Any) -> bool:
        return access.can_edit_persons(user)

    def can_change(self, user: Any, obj: Any) -> bool:
        return access.can_edit_persons(user)


@admin.register(PersonRecord)
class PersonRecordAdmin(AccessAdmin):
    list_display = ["person", "record", "method", "created_at"]
    list_filter = ["method"]
    search_fields = ["record__uid", "record__name_ar", "record__name_latin"]
    list_select_related = ["person", "record"]
    autocomplete_fields = ["person", "record"]

    def can_add(self, user: Any) -> bool:
        return access.can_edit_persons(user)

    def can_change(self, user: Any, obj: Any) -> bool:
        return access.can_edit_persons(user)


@admin.register(MatchDecision)
class MatchDecisionAdmin(AccessAdmin):
    list_display = ["record_a", "record_b", "decision", "decided_by", "decided_at"]
    list_filter = ["decision", "decided_at"]
    search_fields = ["record_a__uid", "record_b__uid", "reason"]
    list_select_related = ["record_a", "record_b", "decided_by"]
    autocomplete_fields = ["record_a", "record_b"]
    readonly_fields = ["decided_by", "decided_at"]

    def can_add(self, user: Any) -> bool:
        return access.can_decide_match(user)

    def can_change(self, user: Any, obj: Any) -> bool:
        return access.can_decide_match(user)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)
