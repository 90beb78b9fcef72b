from django.http import HttpResponse
from django.urls import path

app_name = "ninth_section"
urlpatterns = [path("muc-thu-chin/", lambda request: HttpResponse("Mục thứ chín của " + request.agency.name),
                    name="index")]
