"""sitemap.xml: the agencies and their section pages, plus every section app's own sitemaps.

A section app adds its content by defining ``SITEMAPS = {"name": SitemapClass}`` in its
``sitemaps.py``, reading only ``published()`` rows.
"""

import importlib

from django.contrib.sitemaps import Sitemap

from agencies.models import Agency
from portal.sections import all_sections


class AgencySectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        # Agencies on their own host name have their own sitemap.xml there.
        agencies = Agency.objects.filter(is_active=True, host__isnull=True).only("slug").order_by("order", "pk")
        return [(agency, None) for agency in agencies] + [
            (agency, section) for agency in agencies for section in all_sections()
        ]

    def location(self, item):
        agency, section = item
        return agency.reverse(section.url_name if section else "agency_home")


def collect_sitemaps() -> dict:
    sitemaps = {"co-quan": AgencySectionSitemap}
    for app in ("agencies", "content", "procedures", "schedules", "ktxh_sync", "dispatches"):
        try:
            module = importlib.import_module(f"{app}.sitemaps")
        except ModuleNotFoundError as error:
            if error.name == f"{app}.sitemaps":
                continue
            raise
        sitemaps.update(getattr(module, "SITEMAPS", {}))
    return sitemaps
