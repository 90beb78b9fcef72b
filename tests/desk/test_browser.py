"""The desk in a real browser: accessible at 1280 px and on a phone, buttons of one size, the loop
submit → notified approver → publish → message with the public page."""

import os

import pytest

from content.models import Article
from portal.publishing import apply_transition
from tests.conftest import DESKTOP, PHONE, assert_accessible, follow
from tests.content.factories import draft_article
from tests.schedules.factories import draft_week

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("DESK_SCREENSHOTS")  # a folder: keep screenshots to look at


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_approvers_home_is_accessible(open_as, agency, editor, approver, viewport):
    apply_transition(draft_article(agency, title="Tin chờ duyệt"), "submit", editor)
    apply_transition(draft_week(agency), "submit", editor)
    returned = draft_article(agency, title="Tin bị trả lại", created_by=approver)
    apply_transition(returned, "submit", approver)
    apply_transition(returned, "return", approver, "Bổ sung ảnh")
    page = open_as(approver, "/admin/", viewport)
    assert page.locator("#desk-title").inner_text() == "Việc của tôi"
    assert page.locator("#desk-pending").inner_text() == "Chờ tôi duyệt (2)"
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"desk-{viewport['width']}.png"), full_page=True)
    # Nothing wider than the screen on a phone, beyond the tables that scroll in their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
    assert_accessible(page)


def test_submit_then_publish_in_the_browser(open_as, agency, editor, approver):
    article = draft_article(agency, title="Tin qua trình duyệt", created_by=editor)
    page = open_as(editor, f"/admin/content/article/{article.pk}/change/", DESKTOP)
    save = page.locator("main .submit-row input[name=_save]").bounding_box()
    submit = page.locator("main .submit-row button[value=submit]").bounding_box()
    assert abs(save["height"] - submit["height"]) < 1 and abs(save["y"] - submit["y"]) < 1
    follow(page, "main .submit-row button[value=submit]")
    assert "đã gửi duyệt" in page.locator(".messagelist").inner_text()

    page = open_as(approver, "/admin/", DESKTOP)
    assert page.locator(".desk-unread-count").inner_text() == "1"
    follow(page, "#desk-pending ~ .desk-scroll a:has-text('Tin qua trình duyệt')")
    follow(page, "main .submit-row button[value=publish]")
    message = page.locator(".messagelist")
    assert "đã xuất bản" in message.inner_text()
    link = message.locator("a:has-text('Xem trang công khai')")
    assert link.get_attribute("href") == Article.objects.get(pk=article.pk).get_absolute_url()
    assert_accessible(page)
