from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Giới thiệu, chức năng nhiệm vụ, tin tức")

    def ready(self):
        from . import signals

        signals.connect()
