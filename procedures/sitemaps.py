"""sitemap.xml entries of section 4: published procedures (abolished ones too) and documents."""

from agencies.sitemaps import AgencySitemap

from .models import LegalDocument, Procedure


class _AgencyRowsSitemap(AgencySitemap):
    changefreq = "monthly"


class ProcedureSitemap(_AgencyRowsSitemap):
    url_name = "procedures:procedure_detail"

    def items(self):
        return self.rows(Procedure.objects.published()).order_by("pk")


class LegalDocumentSitemap(_AgencyRowsSitemap):
    changefreq = "yearly"
    url_name = "procedures:document_detail"

    def items(self):
        return self.rows(LegalDocument.objects.published()).order_by("pk")


SITEMAPS = {"thu-tuc-hanh-chinh": ProcedureSitemap, "van-ban-phap-luat": LegalDocumentSitemap}
