"""sitemap.xml entries of section 2 beyond the section page itself: the directory and the English page."""

from django.db.models import Max, Q
from django.utils import timezone

from agencies.models import Agency
from agencies.sitemaps import AgencySitemap
from portal.publishing import Status


class OrganizationSitemap(AgencySitemap):
    changefreq = "monthly"
    lastmod_field = None

    def items(self):
        now = timezone.now()
        published = Q(organization_orgunit_set__status=Status.PUBLISHED,
                      organization_orgunit_set__published_at__lte=now)
        agencies = (self.for_site(Agency.objects.filter(published), agency_field="")
                    .annotate(last=Max("organization_orgunit_set__updated_at", filter=published))
                    .only("slug", "host").order_by("order", "pk"))
        pages = ("organization:directory", "organization:organization_en")
        return [(agency, page) for agency in agencies for page in pages]

    def location(self, item):
        agency, page = item
        return self.url(agency, page)

    def lastmod(self, item):
        return item[0].last


SITEMAPS = {"co-cau-to-chuc": OrganizationSitemap}
