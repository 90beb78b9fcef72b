from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KtxhSyncConfig(AppConfig):
    name = "ktxh_sync"
    verbose_name = _("Thông tin kinh tế - xã hội")
