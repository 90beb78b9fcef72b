"""Pages of this section under an agency (/<agency>/... or the agency's own host)."""

from django.urls import path

from . import feeds, views

app_name = "schedules"
urlpatterns = [
    path("lich-cong-tac/", views.week_view, name="week"),
    path("lich-cong-tac/in/", views.week_print, name="week_print"),
    path("lich-cong-tac/lich.ics", views.cache_agency_page_daily(feeds.AgencyScheduleFeed()), name="ical"),
]
