from django.contrib.sitemaps import Sitemap


class NinthSitemap(Sitemap):
    def items(self):
        return ["/muc-thu-chin/"]

    def location(self, item):
        return item


SITEMAPS = {"muc-thu-chin": NinthSitemap}
