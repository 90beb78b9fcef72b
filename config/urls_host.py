"""URLs of an agency served on its own host name: the agency's pages at the root."""

from django.urls import path

from agencies import views as agency_views
from config.urls import agency_patterns
from portal import views

urlpatterns = [
    path("sitemap.xml", agency_views.sitemap_index, name="sitemap_xml"),
    path("sitemap-<slug:section>.xml", agency_views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("ngon-ngu/", views.switch_language, name="switch_language"),
    *agency_patterns,
]

handler404 = "portal.views.page_not_found"
handler500 = "ops.errors.server_error"
