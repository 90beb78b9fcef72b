"""Smoke test in headless Chromium: the main page types at phone and desktop widths, with axe-core."""

import pytest

from tests.conftest import DESKTOP, PHONE, assert_accessible
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agencies(transactional_db):
    AgencyFactory(slug="so-y-te", name="Sở Y tế tỉnh Vĩnh Long", short_name="Sở Y tế")
    AgencyFactory(slug="phuong-an-hoi", name="Ủy ban nhân dân phường An Hội", kind="commune")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["/", "/so-y-te/", "/admin/login/"], ids=["province", "agency", "login"])
def test_page_renders_and_is_accessible(open_page, agencies, path, viewport):
    page = open_page(path, viewport)
    assert page.locator("h1, #site-name").first.is_visible()
    # Nothing wider than the screen on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)


def test_skip_link_reaches_main_content(open_page, agencies):
    page = open_page("/so-y-te/", PHONE)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#noi-dung"


def test_rich_text_editor_loads_under_the_admin_csp(browser, live_server, sign_in, transactional_db):
    """CKEditor 5 starts in the admin with our Content Security Policy enforced (no bypass)."""
    from tests.factories import member

    agency = AgencyFactory(slug="so-y-te", name="Sở Y tế tỉnh Vĩnh Long")
    member(agency, "editor", username="bientap")
    context = browser.new_context(viewport=DESKTOP)  # CSP enforced here
    page = context.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in("bientap", page=page)
    page.goto(live_server.url + "/admin/tenancy_app/note/add/")
    page.wait_for_selector(".ck-editor__editable", timeout=10000)
    assert page.locator(".ck-toolbar").first.is_visible()
    assert not violations, violations
    context.close()
