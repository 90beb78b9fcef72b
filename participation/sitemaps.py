"""sitemap.xml entries of this section: published Q&A, consultations and plans (never a contact)."""

from django.contrib.sitemaps import Sitemap

from .models import Consultation, Plan, Question


class _PublishedSitemap(Sitemap):
    model = None
    changefreq = "monthly"
    limit = 10000

    def items(self):
        # Agencies on their own host name have their own sitemap.xml (portal.sitemaps).
        return (self.model.objects.published().filter(agency__is_active=True, agency__host__isnull=True)
                .select_related("agency").only("pk", "updated_at", "agency__slug", "agency__host").order_by("pk"))

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated_at


class QuestionSitemap(_PublishedSitemap):
    model = Question


class ConsultationSitemap(_PublishedSitemap):
    model = Consultation
    changefreq = "weekly"


class PlanSitemap(_PublishedSitemap):
    model = Plan


SITEMAPS = {"hoi-dap": QuestionSitemap, "du-thao": ConsultationSitemap, "ke-hoach": PlanSitemap}
