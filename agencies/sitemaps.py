"""sitemap.xml: every agency's home and section pages; section 2's directory and English page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.utils import timezone

from portal.publishing import Status
from portal.sections import all_sections

from .models import Agency


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


class OrganizationSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        now = timezone.now()
        published = Q(agencies_orgunit_set__status=Status.PUBLISHED, agencies_orgunit_set__published_at__lte=now)
        agencies = (Agency.objects.filter(published, is_active=True, host__isnull=True)
                    .annotate(last=Max("agencies_orgunit_set__updated_at", filter=published))
                    .only("slug", "host").order_by("order", "pk"))
        return [(agency, page) for agency in agencies for page in ("agencies:directory", "agencies:organization_en")]

    def location(self, item):
        agency, page = item
        return agency.reverse(page)

    def lastmod(self, item):
        return item[0].last


SITEMAPS = {"co-quan": AgencySectionSitemap, "co-cau-to-chuc": OrganizationSitemap}
