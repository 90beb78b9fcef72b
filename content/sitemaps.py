"""sitemap.xml entries of this app: published articles and the English pages (agencies/sitemaps.py)."""

from agencies.sitemaps import AgencySitemap

from .models import Article, Functions


class ArticleSitemap(AgencySitemap):
    changefreq = "weekly"

    def items(self):
        return self.rows(Article.objects.public(), "slug").order_by("pk")

    def location(self, item):
        return self.url(item.agency, "content:article", slug=item.slug)


class EnglishPageSitemap(AgencySitemap):
    changefreq = "monthly"

    def items(self):
        return self.rows(Functions.objects.published().exclude(body_en="")).order_by("pk")

    def location(self, item):
        return self.url(item.agency, "content:functions_en")


SITEMAPS = {"tin-tuc": ArticleSitemap, "tieng-anh": EnglishPageSitemap}
