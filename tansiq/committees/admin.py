from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tansiq.committees import actions as committee_actions
from tansiq.committees.adminbase import AccessAdmin, AccessInline
from tansiq.committees.models import Committee, Membership, Place
from tansiq.committees.views import recent_login_required


class RolesChangeMixin:
    """Changing who holds which role asks for the password again when it is older than
    TANSIQ_REAUTH_SECONDS (a session left open on a seized laptop must not hand out roles)."""

    @method_decorator(recent_login_required)
    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc, no-any-return]

    @method_decorator(recent_login_required)
    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().delete_view(request, *args, **kwargs)  # type: ignore[misc, no-any-return]


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
class CommitteeAdmin(RolesChangeMixin, AccessAdmin):
    list_display = ["slug", "name_ar", "name_en", "place", "active"]
    list_filter = ["active", "place"]
    search_fields = ["slug", "name_ar", "name_en"]
    list_select_related = ["place"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["place"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(RolesChangeMixin, AccessAdmin):
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


# Accounts: superuser and staff flags are roles too.
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(RolesChangeMixin, UserAdmin):  # type: ignore[type-arg]
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (lost phone)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for user in queryset:
            committee_actions.reset_second_factor(
                user, by=request.user, reason=gettext("lost device, reset from the administration")
            )
        self.message_user(
            request, _("The second factor was reset; it is set up again at the next login.")
        )


# django-otp's own device admins would write around the actions: devices are changed only
# through tansiq.committees.actions (set-up at login, reset above).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
