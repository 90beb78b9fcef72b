"""Province-wide page of this section: the province's main indicators and who publishes figures."""

from django.urls import path

from . import views

app_name = "ktxh_sync_province"
urlpatterns = [
    path("kinh-te-xa-hoi/", views.province_overview, name="overview"),
]
