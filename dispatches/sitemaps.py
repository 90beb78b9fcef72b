"""sitemap.xml entries of this app: the register entries whose details are published."""

from agencies.sitemaps import AgencySitemap

from .models import Dispatch


class DispatchSitemap(AgencySitemap):
    changefreq = "monthly"
    url_name = "dispatches:register_detail"

    def items(self):
        return self.rows(Dispatch.objects.public_details()).order_by("pk")


SITEMAPS = {"van-ban-di-den": DispatchSitemap}
