from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the portal in production: health, metrics, logs, backups, replica routing, object storage."""

    name = "ops"
    verbose_name = _("Vận hành")
