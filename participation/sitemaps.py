"""sitemap.xml entries of this section: published Q&A, consultations and plans (never a contact)."""

from agencies.sitemaps import AgencySitemap

from .models import Consultation, Plan, Question


class _PublishedSitemap(AgencySitemap):
    model = None
    changefreq = "monthly"

    def items(self):
        return self.rows(self.model.objects.published()).order_by("pk")

    def location(self, item):
        return item.get_absolute_url()


class QuestionSitemap(_PublishedSitemap):
    model = Question


class ConsultationSitemap(_PublishedSitemap):
    model = Consultation
    changefreq = "weekly"


class PlanSitemap(_PublishedSitemap):
    model = Plan


SITEMAPS = {"hoi-dap": QuestionSitemap, "du-thao": ConsultationSitemap, "ke-hoach": PlanSitemap}
