"""sitemap.xml entries of section 4: published procedures (abolished ones too) and documents."""

from django.contrib.sitemaps import Sitemap

from .models import LegalDocument, Procedure


class _AgencyRowsSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        return item.get_absolute_url()


class ProcedureSitemap(_AgencyRowsSitemap):
    def items(self):
        # Agencies on their own host name have their own sitemap there (as in portal.sitemaps).
        return (Procedure.objects.published().filter(agency__is_active=True, agency__host__isnull=True)
                .select_related("agency").only("pk", "updated_at", "agency__slug", "agency__host")
                .order_by("pk"))


class LegalDocumentSitemap(_AgencyRowsSitemap):
    changefreq = "yearly"

    def items(self):
        return (LegalDocument.objects.published().filter(agency__is_active=True, agency__host__isnull=True)
                .select_related("agency").only("pk", "updated_at", "agency__slug", "agency__host")
                .order_by("pk"))


SITEMAPS = {"thu-tuc-hanh-chinh": ProcedureSitemap, "van-ban-phap-luat": LegalDocumentSitemap}
