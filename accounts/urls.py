from django.urls import path

from . import views

# Mounted under /admin/xac-thuc/ (config/urls.py), before the admin site itself.
urlpatterns = [
    path("", views.verify, name="two_factor_verify"),
    path("thiet-lap/", views.enrol, name="two_factor_enrol"),
    path("quan-ly/", views.manage, name="two_factor_manage"),
]
