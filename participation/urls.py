"""Pages of this section under an agency (/<agency>/... or the agency's own host)."""

from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("tuong-tac/", views.hub, name="hub"),
    path("hoi-dap/", views.question_list, name="question_list"),
    path("hoi-dap/gui-cau-hoi/", views.ask, name="ask"),
    path("hoi-dap/<int:pk>/", views.question_detail, name="question_detail"),
    path("du-thao/", views.consultation_list, name="consultation_list"),
    path("du-thao/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("du-thao/<int:pk>/gop-y/", views.comment, name="comment"),
    path("du-thao/<int:pk>/gop-y/<int:comment_pk>/tep/", views.comment_file, name="comment_file"),
    path("du-thao/<int:pk>/tep/<slug:kind>/", views.consultation_file, name="consultation_file"),
    path("tiep-can-thong-tin/", views.disclosure, name="disclosure"),
    path("tiep-can-thong-tin/yeu-cau/", views.request_form, name="request_form"),
    path("tiep-can-thong-tin/tra-cuu/", views.request_track, name="request_track"),
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/tai-ve/", views.plan_file, name="plan_file"),
]

