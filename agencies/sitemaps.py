"""sitemap.xml entries of section 2 beyond the section page itself: the directory and the English page."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.utils import timezone

from portal.publishing import Status

from .models import Agency


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


SITEMAPS = {"co-cau-to-chuc": OrganizationSitemap}
