from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "tansiq.committees"
    label = "committees"
    verbose_name = _("Committees")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from tansiq.committees.views import remember_login

        user_logged_in.connect(remember_login, dispatch_uid="tansiq_committees_login_time")
