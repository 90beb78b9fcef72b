"""Pages of this section under an agency (/<agency>/... or the agency's own host)."""

from django.urls import path, re_path

from . import api, views

app_name = "dispatches"
urlpatterns = [
    path("van-ban-di-den/", views.stats, name="stats"),
    re_path(r"^van-ban-di-den/thong-ke\.(?P<fmt>csv|xlsx)$", views.stats_download, name="stats_download"),
    path("van-ban-di-den/so-van-ban/", views.register_list, name="register_list"),
    path("van-ban-di-den/so-van-ban/<int:pk>/", views.register_detail, name="register_detail"),
    path("van-ban-di-den/so-van-ban/<int:pk>/tep/", views.register_file, name="register_file"),
    path("van-ban-di-den/api/v1/", api.push_api.urls),  # POST van-ban/ (django-ninja, dispatches/api.py)
]
