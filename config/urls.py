"""The root URLs: the only module that sees every app, and only through the section registry.

Province-wide pages first, then each agency's pages under its slug; an agency on its own host name
gets the same pages at / (config/urls_host.py).
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from agencies import views as agency_views
from portal import views
from portal.sections import section_apps

from . import api

# The pages of one agency; mounted under /<agency_slug>/ here and at / on the agency's own host.
agency_patterns = [
    path("", agency_views.agency_home, name="agency_home"),
    path("tim-kiem/", agency_views.agency_search, name="agency_search"),
    path("en/", agency_views.agency_home_en, name="agency_home_en"),
    path("so-do-trang/", agency_views.agency_site_map, name="agency_site_map"),
    *[path("", include(app.urls)) for app in section_apps() if app.urls],
]

urlpatterns = [
    path("", agency_views.province_home, name="province_home"),
    path("so-do-trang/", agency_views.site_map, name="site_map"),
    path("tim-kiem/", agency_views.search, name="search"),
    path("en/", agency_views.english_home, name="english_home"),
    path("sitemap.xml", agency_views.sitemap_index, name="sitemap_xml"),
    path("sitemap-<slug:section>.xml", agency_views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("ngon-ngu/", views.switch_language, name="switch_language"),
    path("admin/editor/upload/", agency_views.editor_image_upload, name="editor_image_upload"),
    # Before the admin site's own "r/" shortcut, which knows nothing of agencies.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(views.admin_view_on_site),
         name="admin_view_on_site"),
    path("admin/xac-thuc/", include("accounts.urls")),  # two-factor sign-in, before the admin site
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls()),
    *[path("", include(app.province_urls)) for app in section_apps() if app.province_urls],
]
if settings.DEBUG or not settings.PRODUCTION:
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", views.serve_media, name="media"))

urlpatterns.append(path("<slug:agency_slug>/", include(agency_patterns)))

handler404 = "portal.views.page_not_found"
handler500 = "ops.errors.server_error"
