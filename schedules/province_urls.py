"""Province-wide pages of this section (across all agencies)."""

from django.urls import path

from . import views

app_name = "schedules_province"
urlpatterns = [
    path("lich-cong-tac/", views.province_today, name="today"),
]
