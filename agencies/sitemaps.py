"""sitemap.xml: a sitemap index over one sitemap per kind of page (paged), built by the registry.

``AgencySitemap`` is the base of every section's sitemap: on the province site it lists the rows of
agencies served under it (agencies on their own host name are left out there), and on an agency's
own host name the same class lists that agency's rows only, so each host's index names its own
pages. Section apps subclass it in their own ``sitemaps.py``. Each file costs a constant number of
queries (a count, a page, the latest change).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from portal.sections import all_sections

from .models import Agency


class AgencySitemap(Sitemap):
    """A sitemap of agencies' rows: those of the site's agencies, or of one agency on its own host."""

    limit = 5000  # far under the protocol's 50,000 URLs / 50 MB per file
    lastmod_field = "updated_at"

    def __init__(self, agency=None):
        self.agency = agency

    def for_site(self, queryset, agency_field="agency"):
        """``queryset`` narrowed to this sitemap's agencies; ``agency_field=""`` for Agency itself."""
        if self.agency is not None:
            return queryset.filter(**{agency_field or "pk": self.agency.pk})
        prefix = f"{agency_field}__" if agency_field else ""
        return queryset.filter(**{f"{prefix}is_active": True, f"{prefix}host__isnull": True})

    def rows(self, queryset, *fields):
        """``queryset`` for this site, loading what an entry needs: its agency's slug and host (for the
        address), ``lastmod_field`` and ``fields``; the caller orders it."""
        return (self.for_site(queryset).select_related("agency")
                .only(*fields, self.lastmod_field, "agency__slug", "agency__host"))

    def lastmod(self, item):
        return getattr(item, self.lastmod_field)

    def _location(self, item, force_lang_code=None):
        location = super()._location(item, force_lang_code)
        # On its own host an agency's pages reverse to "//host/path"; the framework adds the domain.
        if self.agency is not None and self.agency.host and location.startswith(f"//{self.agency.host}/"):
            return location[len(self.agency.host) + 2:]
        return location

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default walk over every item.
        items = self.items()
        if not hasattr(items, "aggregate") or not self.lastmod_field:
            return None
        return items.order_by().aggregate(latest=Max(self.lastmod_field))["latest"]


class AgencySectionSitemap(AgencySitemap):
    changefreq = "daily"
    lastmod_field = None

    def items(self):
        agencies = self.for_site(Agency.objects.all(), agency_field="").only("slug", "host").order_by("order", "pk")
        return [(agency, None) for agency in agencies] + [
            (agency, section) for agency in agencies for section in all_sections()
        ]

    def lastmod(self, item):
        return None

    def location(self, item):
        agency, section = item
        return agency.reverse(section.url_name if section else "agency_home")


SITEMAPS = {"co-quan": AgencySectionSitemap}
