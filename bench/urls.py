"""The portal's URLs plus a baseline: a bare Django view returning a constant string.

Used only by benchmarks (PORTAL_ROOT_URLCONF=bench.urls), to compare a page with the cheapest
response Django can give on the same machine, through the same middleware.
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as portal_urlpatterns


def constant(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench-constant/", constant), *portal_urlpatterns]
