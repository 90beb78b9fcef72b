"""Cache invalidation beyond the tenant rows (those are handled by agencies.signals).

- The indicator catalogue is shared, and the province's figures show on every agency's section 7
  (``stats.integrated_figures``): a change of either turns over every agency's pages.
"""

from django.db.models.signals import post_delete

from agencies.cache import bump_content_versions


def bump_all_agencies():
    from agencies.models import Agency

    bump_content_versions(Agency.objects.values_list("pk", flat=True))


def indicator_changed(sender, instance, **kwargs):
    bump_all_agencies()


def figures_changed(agency_id):
    """Called whenever an agency's figures change: the province's show on every agency's page."""
    from . import stats

    province = stats.province_agency()
    if province is not None and province.pk == agency_id:
        bump_all_agencies()


def observation_changed(sender, instance, **kwargs):
    figures_changed(instance.agency_id)


def agency_changed(sender, instance, **kwargs):
    """The provincial office's name, state or kind shows with the figures every agency integrates."""
    from agencies.models import Agency

    if instance.kind == Agency.Kind.PROVINCIAL_OFFICE or kwargs.get("signal") is post_delete:
        bump_all_agencies()
