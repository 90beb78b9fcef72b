from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from django.core import checks

        from . import sections
        from .checks import check_staff_middleware

        checks.register(check_staff_middleware)

        sections.autodiscover()
        # Each app's read API (<app>/api.py) declares its routers and the models whose removal from
        # the public pages leaves a tombstone (portal/tombstones.py): import them all once.
        autodiscover_modules("api")
