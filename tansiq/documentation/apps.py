from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentationConfig(AppConfig):
    name = "tansiq.documentation"
    label = "documentation"
    verbose_name = _("Documentation")
    default_auto_field = "django.db.models.BigAutoField"
