"""sitemap.xml entries of this app: published articles and the English pages (agencies/sitemaps.py)."""

from agencies.sitemaps import AgencySitemap

from .models import Article, Functions


class ArticleSitemap(AgencySitemap):
    changefreq = "weekly"

    def items(self):
        return (self.for_site(Article.objects.public()).select_related("agency")
                .only("slug", "updated_at", "agency__slug", "agency__host").order_by("pk"))

    def location(self, item):
        return item.agency.reverse("content:article", slug=item.slug)


class EnglishPageSitemap(AgencySitemap):
    changefreq = "monthly"

    def items(self):
        return (self.for_site(Functions.objects.published())
                .exclude(body_en="").select_related("agency").only("updated_at", "agency__slug", "agency__host")
                .order_by("pk"))

    def location(self, item):
        return item.agency.reverse("content:functions_en")


SITEMAPS = {"tin-tuc": ArticleSitemap, "tieng-anh": EnglishPageSitemap}
