"""The drafts loop in a real browser: an editor edits a published article, the live page keeps the old
text, the approver compares and approves, the live page changes; a stale save keeps its text."""

import pytest

from tests.conftest import DESKTOP, assert_accessible
from tests.content.factories import draft_article, published_article
from tests.factories import AgencyFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_edits_a_published_article_and_the_approver_publishes_it(browser, live_server, sign_in):
    agency = AgencyFactory(slug="so-thu-nghiem", name="Sở Thử nghiệm tỉnh Vĩnh Long", short_name="Sở TN")
    member(agency, "editor", username="bientap")
    member(agency, "approver", username="lanhdao")
    article = published_article(agency, title="Tin gốc về hội nghị")
    public = f"{live_server.url}/so-thu-nghiem/tin-tuc/{article.slug}/"
    change = f"{live_server.url}/admin/content/article/{article.pk}/change/"

    editor_context, editor = sign_in("bientap")
    editor.goto(change)
    assert "Mục này đang được đăng" in editor.content()
    editor.fill("#id_title", "Tin đã sửa về hội nghị")
    editor.click("main button[name=_transition][value=submit]")
    editor.wait_for_load_state("load")  # a loaded machine can hand back the page mid-parse
    assert "Đã gửi duyệt bản sửa đổi" in editor.content()

    citizen = browser.new_context(viewport=DESKTOP).new_page()
    citizen.goto(public)
    assert "Tin gốc về hội nghị" in citizen.content() and "Tin đã sửa" not in citizen.content()

    approver_context, approver = sign_in("lanhdao")
    approver.goto(change)
    approver.click("text=So sánh với bản đang đăng")
    assert approver.locator("td.diff-new ins").first.inner_text().strip().startswith("đã sửa")
    assert_accessible(approver)
    approver.click("main button[name=_transition][value=publish]")
    approver.wait_for_load_state("load")
    assert "Đã duyệt và xuất bản bản sửa đổi" in approver.content()

    # The first citizen's browser may keep its copy for max-age (PORTAL_PUBLIC_MAX_AGE, 10 s); a new
    # visitor, and the approver's own signed-in view, get the new text at once.
    newcomer = browser.new_context(viewport=DESKTOP).new_page()
    newcomer.goto(public)
    assert "Tin đã sửa về hội nghị" in newcomer.content()
    approver.goto(public)
    assert "Tin đã sửa về hội nghị" in approver.content()
    for context in (editor_context, approver_context, citizen.context, newcomer.context):
        context.close()


def test_a_second_sessions_stale_save_is_refused_without_losing_its_text(live_server, sign_in):
    agency = AgencyFactory(slug="so-thu-nghiem", name="Sở Thử nghiệm tỉnh Vĩnh Long", short_name="Sở TN")
    member(agency, "editor", username="bientap")
    member(agency, "approver", username="lanhdao")
    article = draft_article(agency, title="Tiêu đề ban đầu")
    change = f"{live_server.url}/admin/content/article/{article.pk}/change/"
    first_context, first = sign_in("bientap")
    second_context, second = sign_in("lanhdao")
    first.goto(change)
    second.goto(change)
    assert "cũng đang mở mục này" in second.content()
    first.fill("#id_title", "Tiêu đề của biên tập viên")
    first.click("main input[name=_continue]")
    assert "Tiêu đề của biên tập viên" in first.input_value("#id_title")
    second.fill("#id_title", "Tiêu đề của lãnh đạo")
    second.click("main input[name=_continue]")
    second.wait_for_load_state("load")  # a loaded machine can hand back the page mid-parse
    second.locator("text=Chưa lưu").first.wait_for()
    page = second.content()
    assert "Chưa lưu" in page and "Tiêu đề của biên tập viên" in page
    assert second.input_value("#id_title") == "Tiêu đề của lãnh đạo"
    article.refresh_from_db()
    assert article.title == "Tiêu đề của biên tập viên"
    for context in (first_context, second_context):
        context.close()
