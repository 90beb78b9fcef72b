"""sitemap.xml entries of section 5: every published week of agencies served under the province site."""

from django.contrib.sitemaps import Sitemap

from .models import Week


class WeekSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        # Agencies on their own host name have their own sitemap.xml there (as portal/sitemaps.py).
        return (Week.objects.published().filter(agency__is_active=True, agency__host__isnull=True)
                .select_related("agency").only("year", "week", "updated_at", "agency__slug", "agency__host")
                .order_by("agency_id", "-year", "-week"))

    def location(self, week):
        return f"{week.agency.reverse('schedules:week')}?tuan={week.iso_week}"

    def lastmod(self, week):
        return week.updated_at


SITEMAPS = {"lich-cong-tac": WeekSitemap}
