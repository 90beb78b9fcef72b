from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Cơ quan, đơn vị")

    def ready(self):
        from django.core import checks

        from . import signals
        from .cache import check_shared_cache

        signals.connect()
        checks.register(check_shared_cache, checks.Tags.caches, deploy=True)
