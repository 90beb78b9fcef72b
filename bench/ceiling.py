"""The Django ceiling: a trivial view returning a constant 10 KB page, with Django's default
middleware (what ``startproject`` generates), no database, no template. Served by gunicorn as
``bench.ceiling:application`` with DJANGO_SETTINGS_MODULE=bench.ceiling (bench/table.py does it).

The page is the same 10 KB that nginx serves as a static file for the server ceiling.
"""

from django.http import HttpResponse
from django.urls import path

PAGE = ("<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Trang tĩnh</title></head><body>\n"
        + "".join(f"<p>Đoạn {i:03d}: nội dung cố định để đo trần của máy chủ, không cơ sở dữ liệu.</p>\n"
                  for i in range(94))
        + "</body></html>\n").encode()

DEBUG = False
SECRET_KEY = "bench-ceiling-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
                  "django.contrib.messages"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"  # never touched: no database
ROOT_URLCONF = "bench.ceiling"
DATABASES = {}
USE_TZ = True


def page(request):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [path("page.html", page)]

_handler = None


def application(environ, start_response):
    global _handler
    if _handler is None:
        from django.core.wsgi import get_wsgi_application

        _handler = get_wsgi_application()
    return _handler(environ, start_response)
