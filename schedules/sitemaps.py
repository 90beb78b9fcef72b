"""sitemap.xml entries of section 5: every published week of agencies served under the province site."""

from agencies.sitemaps import AgencySitemap

from .models import Week


class WeekSitemap(AgencySitemap):
    changefreq = "daily"

    def items(self):
        return self.rows(Week.objects.published(), "year", "week").order_by("agency_id", "-year", "-week")

    def location(self, week):
        return f"{self.url(week.agency, 'schedules:week')}?tuan={week.iso_week}"


SITEMAPS = {"lich-cong-tac": WeekSitemap}
