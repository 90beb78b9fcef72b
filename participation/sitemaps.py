"""sitemap.xml entries of this section: published Q&A, consultations and plans (never a contact)."""

from agencies.sitemaps import AgencySitemap

from .models import Consultation, Plan, Question


class _PublishedSitemap(AgencySitemap):
    model = None
    changefreq = "monthly"

    def items(self):
        return self.rows(self.model.objects.published()).order_by("pk")


class QuestionSitemap(_PublishedSitemap):
    url_name = "participation:question_detail"
    model = Question


class ConsultationSitemap(_PublishedSitemap):
    url_name = "participation:consultation_detail"
    model = Consultation
    changefreq = "weekly"


class PlanSitemap(_PublishedSitemap):
    url_name = "participation:plan_detail"
    model = Plan


SITEMAPS = {"hoi-dap": QuestionSitemap, "du-thao": ConsultationSitemap, "ke-hoach": PlanSitemap}
