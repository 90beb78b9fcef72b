"""Pages of this section under an agency (/<agency>/... or the agency's own host)."""

from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("thu-tuc-hanh-chinh/", views.procedure_list, name="procedure_list"),
    path("thu-tuc-hanh-chinh/da-bai-bo/", views.abolished_list, name="abolished_list"),
    path("thu-tuc-hanh-chinh/<int:pk>/", views.procedure_detail, name="procedure_detail"),
    path("thu-tuc-hanh-chinh/<int:pk>/ban-in/", views.procedure_print, name="procedure_print"),
    path("thu-tuc-hanh-chinh/<int:pk>/mau-don/<int:form_pk>/", views.form_download, name="form_download"),
    path("thu-tuc-hanh-chinh/van-ban/", views.document_list, name="document_list"),
    path("thu-tuc-hanh-chinh/van-ban/<int:pk>/", views.document_detail, name="document_detail"),
    path("thu-tuc-hanh-chinh/van-ban/<int:pk>/tai-ve/", views.document_download, name="document_download"),
]
