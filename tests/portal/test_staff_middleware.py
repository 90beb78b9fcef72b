"""StaffMiddleware: a visitor reading a public page skips sessions, authentication, the second factor,
messages and history; everyone and everything else goes through all of them."""

import re

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.test import Client, RequestFactory
from django.urls import reverse

from participation.models import Question
from portal.middleware import StaffMiddleware
from tests.participation.conftest import question_data, started

pytestmark = pytest.mark.django_db
SEEN = []


class Recorder:
    """Listed last in STAFF_MIDDLEWARE by the tests: notes each request that went through it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        SEEN.append((request.method, request.path, hasattr(request, "session")))
        return self.get_response(request)


class WithViewHook(Recorder):
    def process_view(self, request, view, args, kwargs):
        return None


class WithExceptionHook(Recorder):
    def process_exception(self, request, exception):
        return None


class NotUsed:
    def __init__(self, get_response):
        raise MiddlewareNotUsed


@pytest.fixture
def recorded(settings):
    settings.STAFF_MIDDLEWARE = [*settings.STAFF_MIDDLEWARE, "tests.portal.test_staff_middleware.Recorder"]
    SEEN.clear()
    yield SEEN
    SEEN.clear()


def test_a_visitor_reading_a_public_page_skips_the_staff_middleware(client, recorded, agency):
    for path in ("/", agency.get_absolute_url(), agency.reverse("content:news_list")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.wsgi_request.user.is_anonymous
        assert not hasattr(response.wsgi_request, "session")
        assert "sessionid" not in response.cookies
    assert client.head("/").status_code == 200
    assert recorded == []


def test_staff_forms_the_admin_the_api_and_waiting_messages_go_through_it(client, login, editor, recorded, agency):
    paths = ["/admin/", "/admin/login/", "/api/v1/", "/tai-khoan/", "/accounts/", "/media/x.pdf", "/static/x.css"]
    for path in paths:
        client.get(path)
    client.post(agency.reverse("participation:ask"), {})
    client.cookies[CookieStorage.cookie_name] = "x"
    client.get("/")
    del client.cookies[CookieStorage.cookie_name]
    staff = login(editor)
    assert staff.get(agency.get_absolute_url()).status_code == 200
    assert staff.head("/").status_code == 200
    assert [(method, path) for method, path, _ in recorded] == [
        *(("GET", path) for path in paths), ("POST", agency.reverse("participation:ask")),
        ("GET", "/"), ("GET", agency.get_absolute_url()), ("HEAD", "/")]
    assert all(has_session for *_, has_session in recorded)


def test_the_lockout_page_keeps_the_frame_and_csp_headers(client, editor, settings):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": editor.username, "password": "sai"})
    locked = client.post(url, {"username": editor.username, "password": "matkhau-thu-123"})
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.text
    assert locked["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in locked
    assert locked["Content-Language"] == "vi"


def test_a_visitor_s_form_still_gets_its_csrf_cookie_and_posts_with_it(agency):
    citizen = Client(enforce_csrf_checks=True)
    url = agency.reverse("participation:ask")
    page = citizen.get(url)
    assert page.status_code == 200 and "csrftoken" in page.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    refused = Client(enforce_csrf_checks=True).post(url, {"started": started(), **question_data()})
    assert refused.status_code == 403 and not Question.objects.exists()
    sent = citizen.post(url, {"csrfmiddlewaretoken": token, "started": started(), **question_data()},
                        REMOTE_ADDR="203.0.113.9")
    assert sent.status_code in (200, 302) and Question.objects.count() == 1


@pytest.mark.parametrize("hook", ["WithViewHook", "WithExceptionHook"])
def test_a_staff_middleware_with_a_handler_hook_is_refused(settings, hook):
    settings.STAFF_MIDDLEWARE = [f"tests.portal.test_staff_middleware.{hook}"]
    with pytest.raises(ImproperlyConfigured, match="process_"):
        StaffMiddleware(lambda request: None)


def test_a_staff_middleware_not_used_is_skipped_alone(settings, recorded):
    settings.STAFF_MIDDLEWARE = ["tests.portal.test_staff_middleware.NotUsed", "tests.portal.test_staff_middleware.Recorder"]
    chain = StaffMiddleware(lambda request: "answered")
    assert chain(RequestFactory().post("/admin/login/", {})) == "answered"
    assert [method for method, *_ in recorded] == ["POST"]


def test_the_checks_follow_the_admin_middleware_into_staff_middleware(settings):
    assert [e.id for e in run_checks() if e.id.startswith("portal.")] == []
    settings.STAFF_MIDDLEWARE = [name for name in settings.STAFF_MIDDLEWARE if "sessions" not in name]
    assert "portal.E002" in [e.id for e in run_checks()]
    settings.STAFF_MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware", "django_otp.middleware.OTPMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware", "portal.middleware.LazyMessageMiddleware"]
    assert "portal.E003" in [e.id for e in run_checks()]
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != "portal.middleware.StaffMiddleware"]
    assert "portal.E001" in [e.id for e in run_checks()]
