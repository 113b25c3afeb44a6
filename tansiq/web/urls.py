"""URLs: every page lives under a language prefix (/ar/, /en/); the admin too."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from tansiq.committees import views as committee_views
from tansiq.publishing import views as publishing_views

admin.site.site_header = _("tansiq administration")
admin.site.site_title = _("tansiq")
admin.site.index_title = _("Administration")

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", publishing_views.healthz, name="healthz"),
]

# The language switch lives under the language prefix: the page's language is then the active
# one, so Django can translate the `next` URL whatever the browser's own language is.
urlpatterns += i18n_patterns(
    path("i18n/setlang/", set_language, name="set_language"),
    path("", publishing_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", committee_views.two_factor, name="two_factor"),
    path("login/code/setup/", committee_views.two_factor_setup, name="two_factor_setup"),
    path("login/confirm/", committee_views.reauthenticate, name="reauthenticate"),
    path("leave/", committee_views.leave, name="leave"),
    path("records/", include("tansiq.documentation.urls")),
    path("intake/", include("tansiq.intake.urls")),
    path("analysis/", include("tansiq.analysis.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
