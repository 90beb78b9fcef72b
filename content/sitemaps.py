"""sitemap.xml entries of this app: published articles and the English pages (portal/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap

from .models import Article, Functions


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        # Agencies on their own host name are left out, as in portal.sitemaps.AgencySectionSitemap.
        return (Article.objects.public().filter(agency__host__isnull=True).select_related("agency")
                .only("slug", "updated_at", "agency__slug", "agency__host").order_by("pk"))

    def location(self, item):
        return item.agency.reverse("content:article", slug=item.slug)

    def lastmod(self, item):
        return item.updated_at


class EnglishPageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (Functions.objects.published().filter(agency__is_active=True, agency__host__isnull=True)
                .exclude(body_en="").select_related("agency").only("updated_at", "agency__slug", "agency__host")
                .order_by("pk"))

    def location(self, item):
        return item.agency.reverse("content:functions_en")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"tin-tuc": ArticleSitemap, "tieng-anh": EnglishPageSitemap}
