"""Section 2 pages of an agency, under /<agency-slug>/co-cau-to-chuc/."""

from django.urls import path

from . import views

app_name = "organization"

urlpatterns = [
    path("co-cau-to-chuc/", views.organization, name="organization"),
    path("co-cau-to-chuc/en/", views.organization_en, name="organization_en"),
    path("co-cau-to-chuc/danh-ba/", views.staff_directory, name="directory"),
    path("co-cau-to-chuc/danh-ba.<str:fmt>", views.directory_download, name="directory_download"),
    path("co-cau-to-chuc/can-bo/<int:pk>.vcf", views.official_vcard, name="vcard"),
]
