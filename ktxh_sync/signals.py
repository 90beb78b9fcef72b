"""Cache invalidation for the shared indicator catalogue (tenant rows are handled by agencies.signals)."""

from django.db.models import F


def indicator_changed(sender, instance, **kwargs):
    from agencies.models import Agency

    from .models import Observation

    holders = Observation.objects.filter(indicator_id=instance.pk).values("agency_id")
    Agency.objects.filter(pk__in=holders).update(content_version=F("content_version") + 1)
