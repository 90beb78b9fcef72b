from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KtxhSyncConfig(AppConfig):
    name = "ktxh_sync"
    verbose_name = _("Thông tin kinh tế - xã hội")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from agencies.models import Agency

        from .models import Indicator, Observation
        from .signals import agency_changed, indicator_changed, observation_changed

        # Indicators are shared and the province's figures show on every agency's page (signals.py).
        for model, handler in ((Indicator, indicator_changed), (Observation, observation_changed),
                               (Agency, agency_changed)):
            uid = f"ktxh_{model._meta.model_name}_changed"
            post_save.connect(handler, sender=model, dispatch_uid=f"{uid}_save")
            post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}_delete")
