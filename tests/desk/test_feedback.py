"""What the change form says after a workflow button, where the buttons are, and the admin in Vietnamese."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from content.models import Article
from portal.publishing import Status
from tests.content.factories import category_of, draft_article
from tests.schedules.factories import entry, published_week

pytestmark = pytest.mark.django_db
INLINE = {"attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
          "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000"}


def article_form(agency, **overrides):
    return {"category": category_of(agency).pk, "title": "Hội nghị triển khai nhiệm vụ năm 2026", "slug": "",
            "summary": "Tóm tắt.", "body": "<p>Nội dung.</p>", "author": "", "source": "",
            "cover_alt": "", "cover_caption": "", "published_at_0": "", "published_at_1": "", "review_note": "",
            **INLINE, **overrides}


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_submit_says_sent_for_approval(agency, editor, login):
    response = login(editor).post("/admin/content/article/add/", article_form(agency, _transition="submit"),
                                  follow=True)
    article = Article.objects.get()
    assert article.status == Status.PENDING
    [message] = messages_of(response)
    assert message == f"“{article.title}” đã gửi duyệt; lãnh đạo duyệt của cơ quan đã được báo."


def test_publish_says_published_with_a_link_to_the_public_page(agency, approver, login):
    article = draft_article(agency, title="Tin sắp xuất bản")
    response = login(approver).post(f"/admin/content/article/{article.pk}/change/", article_form(
        agency, title=article.title, slug=article.slug, _transition="publish"), follow=True)
    article.refresh_from_db()
    assert article.is_public
    [message] = messages_of(response)
    assert message.startswith("“Tin sắp xuất bản” đã xuất bản.")
    html = response.content.decode()
    assert f'<a href="{article.get_absolute_url()}">Xem trang công khai</a>' in html
    assert "thành công" not in message


def test_scheduled_publication_says_when_and_links_nothing(agency, approver, login):
    article = draft_article(agency, title="Tin hẹn giờ")
    when = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    response = login(approver).post(f"/admin/content/article/{article.pk}/change/", article_form(
        agency, title=article.title, slug=article.slug, _transition="publish",
        published_at_0=when.strftime("%d/%m/%Y"), published_at_1=when.strftime("%H:%M")), follow=True)
    [message] = messages_of(response)
    assert message == f"“Tin hẹn giờ” đã duyệt, sẽ tự xuất bản lúc {when:%H:%M %d/%m/%Y}."


def test_a_plain_save_keeps_djangos_message(agency, editor, login):
    article = draft_article(agency, title="Bản nháp")
    response = login(editor).post(f"/admin/content/article/{article.pk}/change/", article_form(
        agency, title="Bản nháp sửa", slug=article.slug), follow=True)
    [message] = messages_of(response)
    assert "thành công" in message


def test_workflow_buttons_sit_in_the_main_submit_row(agency, editor, approver, login):
    article = draft_article(agency)
    html = login(approver).get(f"/admin/content/article/{article.pk}/change/").content.decode()
    rows = re.findall(r'<div class="submit-row">(.*?)</div>', html, re.S)
    assert len(rows) == 1
    row = rows[0]
    assert row.index('name="_save"') < row.index('value="submit"') < row.index('value="publish"')
    assert "Lưu và gửi duyệt" in row and "workflow-button" in row
    html = login(editor).get(f"/admin/content/article/{article.pk}/change/").content.decode()
    row = re.findall(r'<div class="submit-row">(.*?)</div>', html, re.S)[0]
    assert 'value="submit"' in row and 'value="publish"' not in row


def test_read_only_week_speaks_vietnamese(agency, editor, login):
    week = published_week(agency)
    entry(week, content="Giao ban", state="cancelled")
    html = login(editor).get(f"/admin/schedules/week/{week.pk}/change/").content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    for english in ("Iso week", "Cancelled", "CANCELLED", "Confirm overlaps", ">None<"):
        assert english not in html and english not in text, english
    assert "Tuần:" in text and week.label in text and "Hủy" in text


def test_djangos_untranslated_admin_strings_are_vietnamese(agency, editor, login):
    html = login(editor).get("/admin/content/article/").content.decode()
    for english in ("Show counts", "Skip to main content", "Toggle theme", "Model name"):
        assert english not in html, english
    assert "Hiện số lượng" in html and "Chuyển đến nội dung chính" in html
