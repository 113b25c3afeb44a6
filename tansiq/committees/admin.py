from django.contrib import admin

from tansiq.committees.adminbase import AccessAdmin, AccessInline
from tansiq.committees.models import Committee, Membership, Place


@admin.register(Place)
class PlaceAdmin(AccessAdmin):
    list_display = ["pcode", "name_ar", "name_en", "admin_level", "parent"]
    list_filter = ["admin_level"]
    search_fields = ["pcode", "name_ar", "name_en"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class MembershipInline(AccessInline):
    model = Membership


@admin.register(Committee)
class CommitteeAdmin(AccessAdmin):
    list_display = ["slug", "name_ar", "name_en", "place", "active"]
    list_filter = ["active", "place"]
    search_fields = ["slug", "name_ar", "name_en"]
    list_select_related = ["place"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["place"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AccessAdmin):
    list_display = ["user", "committee", "role", "created_at"]
    list_filter = ["role", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "user__username",
        "committee__name_ar",
        "committee__name_en",
        "committee__slug",
    ]
    list_select_related = ["user", "committee"]
    autocomplete_fields = ["committee"]
