"""Province-wide pages of this section (across all agencies)."""

from django.urls import path, re_path

from . import api, views

app_name = "dispatches_province"
urlpatterns = [
    path("van-ban-di-den/", views.province_stats, name="stats"),
    re_path(r"^van-ban-di-den/thong-ke\.(?P<fmt>csv|xlsx)$", views.province_stats_download, name="stats_download"),
    path("van-ban-di-den/api/openapi.json", api.openapi, name="openapi"),
]
