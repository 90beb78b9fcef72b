from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The officer's desk: the admin home per role, and notifications of the publishing workflow."""

    default = True
    name = "desk"
    verbose_name = _("Bàn làm việc")

    def ready(self):
        from portal.publishing import transitioned

        from . import notifications

        transitioned.connect(notifications.on_transition, dispatch_uid="desk.on_transition")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site: the sections in order 1-8 and the desk as its home."""

    default = False
    default_site = "desk.sites.PortalAdminSite"
