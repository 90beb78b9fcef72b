"""Shared fixtures: two agencies and a user of every role, logged-in clients, a headless browser."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tests.factories import PASSWORD, AgencyFactory, UserFactory, member, reviewer

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API keeps an event loop on the main thread; Django's database calls made by
# fixtures on that thread would otherwise be refused as "async". Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PORTAL_FETCH_ALLOW_INTERNAL = True  # sync tests talk to servers on 127.0.0.1
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def agency(db):
    return AgencyFactory(slug="so-thu-nghiem", name="Sở Thử nghiệm tỉnh Vĩnh Long", short_name="Sở TN")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(slug="so-khac", name="Sở Khác tỉnh Vĩnh Long", short_name="Sở Khác")


@pytest.fixture
def editor(agency):
    return member(agency, "editor")


@pytest.fixture
def approver(agency):
    return member(agency, "approver")


@pytest.fixture
def agency_admin(agency):
    return member(agency, "agency_admin")


@pytest.fixture
def other_editor(other_agency):
    return member(other_agency, "editor")


@pytest.fixture
def other_approver(other_agency):
    return member(other_agency, "approver")


@pytest.fixture
def provincial_reviewer(db):
    return reviewer()


@pytest.fixture
def superuser(db):
    return UserFactory(username="quantri", is_superuser=True)


@pytest.fixture
def login():
    """``login(user)`` gives a test client logged in as ``user``."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


# --- Browser tests ---------------------------------------------------------------------------
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic"],
        )
        yield instance
        instance.close()


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(path, viewport=PHONE)`` opens a page of the live server."""
    contexts = []

    def make(path, viewport=PHONE):
        context = browser.new_context(viewport=viewport, bypass_csp=True, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + path)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in(browser, live_server):
    """``sign_in(username, viewport=DESKTOP, page=None)`` signs in through the admin login form with the
    factories' password; returns ``(context, page)``. Pass ``page`` to sign in on a page already set up
    (listeners, context options); otherwise a new context is opened (the caller closes it)."""

    def make(username, viewport=DESKTOP, page=None):
        if page is None:
            page = browser.new_context(viewport=viewport, locale="vi-VN").new_page()
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        follow(page, "input[type=submit]")
        return page.context, page

    return make


@pytest.fixture
def open_as(open_page, live_server):
    """``open_as(user, path, viewport=PHONE)`` opens ``path`` signed in as ``user`` (a test client's
    session cookie given to the browser: no login form, no two-factor step)."""

    def make(user, path, viewport=PHONE):
        client = Client()
        client.force_login(user)
        page = open_page("/robots.txt", viewport=viewport)
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                   "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                                   "url": live_server.url}])
        page.goto(live_server.url + path)
        return page

    return make


def follow(page, selector):
    """Click what loads another page (a submit button, a link) and wait for that page: a bare click
    returns before the navigation ends, so reading the page at once may read the old one, or nothing
    while the new one arrives (seen on a loaded CI machine)."""
    with page.expect_navigation():
        page.click(selector)


def assert_accessible(page):
    """No serious or critical axe-core violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not problems, "\n".join(problems)
