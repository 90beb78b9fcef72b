"""sitemap.xml entries: each agency's indicator pages (indicators in use) and published reports."""

from agencies.models import Agency
from agencies.sitemaps import AgencySitemap

from .models import Observation, Report


class IndicatorSitemap(AgencySitemap):
    changefreq = "monthly"
    lastmod_field = None

    def items(self):
        rows = (self.for_site(Observation.objects.public()).order_by()
                .values_list("agency_id", "indicator__code").distinct())
        agencies = self.for_site(Agency.objects.all(), agency_field="").only("slug", "host").in_bulk()
        return [(agencies[agency_id], code) for agency_id, code in sorted(rows) if agency_id in agencies]

    def location(self, item):
        agency, code = item
        return self.url(agency, "ktxh_sync:indicator_detail", code=code)

    def lastmod(self, item):
        return None


class ReportSitemap(AgencySitemap):
    changefreq = "monthly"
    url_name = "ktxh_sync:report_detail"

    def items(self):
        return self.rows(Report.objects.published()).order_by("-period", "pk")


SITEMAPS = {"ktxh-chi-tieu": IndicatorSitemap, "ktxh-bao-cao": ReportSitemap}
