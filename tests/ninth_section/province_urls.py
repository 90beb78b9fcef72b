from django.http import HttpResponse
from django.urls import path

app_name = "ninth_section_province"
urlpatterns = [path("muc-thu-chin/", lambda request: HttpResponse("Mục thứ chín của tỉnh"), name="index")]
