"""Province-wide pages of this section (across all agencies)."""

from django.urls import path

from . import views

app_name = "procedures_province"
urlpatterns = [
    path("thu-tuc-hanh-chinh/", views.province_search, name="search"),
]
