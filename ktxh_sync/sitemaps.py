"""sitemap.xml entries: each agency's indicator pages (indicators in use) and published reports."""

from django.contrib.sitemaps import Sitemap

from .models import Observation, Report


class IndicatorSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        rows = (Observation.objects.public()
                .filter(agency__is_active=True, agency__host__isnull=True).order_by()
                .values_list("agency__slug", "indicator__code").distinct())
        return sorted(rows)

    def location(self, item):
        from django.urls import reverse

        slug, code = item
        return reverse("ktxh_sync:indicator_detail", kwargs={"agency_slug": slug, "code": code})


class ReportSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (Report.objects.published().filter(agency__is_active=True, agency__host__isnull=True)
                .select_related("agency").only("pk", "updated_at", "agency__slug", "agency__host")
                .order_by("-period", "pk"))

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"ktxh-chi-tieu": IndicatorSitemap, "ktxh-bao-cao": ReportSitemap}
