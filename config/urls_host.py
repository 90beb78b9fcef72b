"""URLs of an agency served on its own host name: the agency's pages at the root."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from config.urls import agency_patterns, sitemaps
from portal import views

urlpatterns = [
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap_xml"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("ngon-ngu/", views.switch_language, name="switch_language"),
    *agency_patterns,
]

handler404 = "portal.views.page_not_found"
