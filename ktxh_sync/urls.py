"""Pages of this section under an agency (/<agency>/kinh-te-xa-hoi/… or the agency's own host)."""

from django.urls import path

from . import views

app_name = "ktxh_sync"
urlpatterns = [
    path("kinh-te-xa-hoi/", views.dashboard, name="dashboard"),
    path("kinh-te-xa-hoi/chi-tieu/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("kinh-te-xa-hoi/chi-tieu/<str:code>/csv/", views.indicator_csv, name="indicator_csv"),
    path("kinh-te-xa-hoi/bao-cao/", views.report_list, name="report_list"),
    path("kinh-te-xa-hoi/bao-cao/<int:pk>/", views.report_detail, name="report_detail"),
]
