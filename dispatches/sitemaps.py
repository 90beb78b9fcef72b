"""sitemap.xml entries of this app: the register entries whose details are published."""

from django.contrib.sitemaps import Sitemap

from .models import Dispatch


class DispatchSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self):
        # Agencies on their own host name have their own sitemap.xml (portal.sitemaps).
        return (Dispatch.objects.public_details().filter(agency__is_active=True, agency__host__isnull=True)
                .select_related("agency").only("pk", "updated_at", "agency__slug", "agency__host")
                .order_by("pk"))

    def location(self, item):
        return item.agency.reverse("dispatches:register_detail", pk=item.pk)

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"van-ban-di-den": DispatchSitemap}
