"""StaffMiddleware: a visitor reading a public page skips sessions, authentication, messages, history
and login throttling; everyone and everything else goes through all of them."""

import re

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

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
    client.get("/admin/login/")
    client.get("/api/v1/", HTTP_ACCEPT="application/json")
    client.post(agency.reverse("participation:ask"), {})
    client.cookies[CookieStorage.cookie_name] = "x"
    client.get("/")
    del client.cookies[CookieStorage.cookie_name]
    staff = login(editor)
    assert staff.get(agency.get_absolute_url()).status_code == 200
    assert [(method, path) for method, path, _ in recorded] == [
        ("GET", "/admin/login/"), ("GET", "/api/v1/"), ("POST", agency.reverse("participation:ask")),
        ("GET", "/"), ("GET", agency.get_absolute_url())]
    assert all(has_session for *_, has_session in recorded)


def test_the_admin_still_asks_a_visitor_to_sign_in(client):
    response = client.get("/admin/content/article/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


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


def test_a_staff_middleware_with_a_view_hook_is_refused(settings):
    settings.STAFF_MIDDLEWARE = ["tests.portal.test_staff_middleware.WithViewHook"]
    with pytest.raises(ImproperlyConfigured, match="process_view"):
        StaffMiddleware(lambda request: None)


def test_the_checks_follow_the_admin_middleware_into_staff_middleware(settings):
    assert [e.id for e in run_checks() if e.id.startswith("portal.")] == []
    settings.STAFF_MIDDLEWARE = [name for name in settings.STAFF_MIDDLEWARE if "sessions" not in name]
    assert "portal.E002" in [e.id for e in run_checks()]
    settings.STAFF_MIDDLEWARE = [
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "portal.middleware.LazyMessageMiddleware", "axes.middleware.AxesMiddleware"]
    assert "portal.E003" in [e.id for e in run_checks()]
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != "portal.middleware.StaffMiddleware"]
    assert "portal.E001" in [e.id for e in run_checks()]
