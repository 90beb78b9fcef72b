"""sitemap.xml entries of section 4: published procedures (abolished ones too) and documents."""

from agencies.sitemaps import AgencySitemap

from .models import LegalDocument, Procedure


class _AgencyRowsSitemap(AgencySitemap):
    changefreq = "monthly"

    def location(self, item):
        return item.get_absolute_url()


class ProcedureSitemap(_AgencyRowsSitemap):
    def items(self):
        return self.rows(Procedure.objects.published()).order_by("pk")


class LegalDocumentSitemap(_AgencyRowsSitemap):
    changefreq = "yearly"

    def items(self):
        return self.rows(LegalDocument.objects.published()).order_by("pk")


SITEMAPS = {"thu-tuc-hanh-chinh": ProcedureSitemap, "van-ban-phap-luat": LegalDocumentSitemap}
