"""The only module that sees every app: province pages, then each agency's pages under its slug."""

import importlib

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from agencies.views import agency_home
from portal import views
from portal.sitemaps import collect_sitemaps

SECTION_APPS = ["content", "agencies", "procedures", "schedules", "ktxh_sync", "dispatches", "compliance"]


def _section_urls(module: str) -> list:
    patterns = []
    for app in SECTION_APPS:
        try:
            importlib.import_module(f"{app}.{module}")
        except ModuleNotFoundError as error:
            if error.name == f"{app}.{module}":
                continue
            raise
        patterns.append(path("", include(f"{app}.{module}")))
    return patterns


# The pages of one agency; mounted under /<agency_slug>/ here and at / on the agency's own host.
agency_patterns = [
    path("", agency_home, name="agency_home"),
    *_section_urls("urls"),
]

sitemaps = collect_sitemaps()

urlpatterns = [
    path("", views.province_home, name="province_home"),
    path("so-do-trang/", views.site_map, name="site_map"),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap_xml"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("ngon-ngu/", views.switch_language, name="switch_language"),
    path("admin/editor/upload/", views.editor_image_upload, name="editor_image_upload"),
    path("admin/", admin.site.urls),
    *_section_urls("province_urls"),
]
if settings.DEBUG or not settings.PRODUCTION:
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", views.serve_media, name="media"))

urlpatterns.append(path("<slug:agency_slug>/", include(agency_patterns)))

handler404 = "portal.views.page_not_found"
