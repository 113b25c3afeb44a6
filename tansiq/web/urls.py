"""URLs: every page lives under a language prefix (/ar/, /en/); the admin too."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tansiq.publishing import views as publishing_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", publishing_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", publishing_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("records/", include("tansiq.documentation.urls")),
    path("analysis/", include("tansiq.analysis.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
