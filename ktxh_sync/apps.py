from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KtxhSyncConfig(AppConfig):
    name = "ktxh_sync"
    verbose_name = _("Thông tin kinh tế - xã hội")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Indicator
        from .signals import indicator_changed

        # Indicators are shared: a change shows on the pages of every agency holding its figures.
        post_save.connect(indicator_changed, sender=Indicator, dispatch_uid="ktxh_indicator_saved")
        post_delete.connect(indicator_changed, sender=Indicator, dispatch_uid="ktxh_indicator_deleted")
