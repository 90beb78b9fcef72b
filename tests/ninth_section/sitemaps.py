from agencies.sitemaps import AgencySitemap


class NinthSitemap(AgencySitemap):
    lastmod_field = None

    def items(self):
        return ["/muc-thu-chin/"]

    def location(self, item):
        return item

    def lastmod(self, item):
        return None


SITEMAPS = {"muc-thu-chin": NinthSitemap}
