from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchesConfig(AppConfig):
    name = "dispatches"
    verbose_name = _("Công văn đi - đến")

