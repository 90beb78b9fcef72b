"""Cache invalidation for the shared indicator catalogue (tenant rows are handled by agencies.signals)."""


def indicator_changed(sender, instance, **kwargs):
    from agencies.cache import bump_content_versions

    from .models import Observation

    bump_content_versions(set(Observation.objects.filter(indicator_id=instance.pk).values_list("agency_id", flat=True)))
