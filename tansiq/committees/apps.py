from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "tansiq.committees"
    label = "committees"
    verbose_name = _("Committees")
    default_auto_field = "django.db.models.BigAutoField"
