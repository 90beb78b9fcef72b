"""Drafts of published items, no lost edits, history in Vietnamese (issue 17)."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.models import Article
from ktxh_sync.models import Report
from portal.models import Revision
from portal.publishing import Status, open_revision, propose
from schedules.models import Entry
from tests.content.factories import draft_article, published_article
from tests.portal.test_write_guard import post_forms
from tests.schedules.factories import entry, published_week
from tests.sitemaps import sitemap_text

NEWS = "/so-thu-nghiem/tin-tuc/"


def change_url(obj, view="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def form_data(client, url) -> dict:
    """The change form's fields as the browser would send them (the form with the most fields)."""
    page = client.get(url)
    assert page.status_code == 200
    form = max(post_forms(page.content.decode()), key=lambda f: len(f["fields"]))
    data = {}
    for name, value, _kind in form["fields"]:
        data.setdefault(name, []).append(value)
    return data


def public_texts(client, article) -> str:
    paths = [f"{NEWS}{article.slug}/", NEWS, f"{NEWS}rss.xml", f"{NEWS}atom.xml", "/tin-tuc/",
             f"{NEWS}tim-kiem/?q=ban+moi", "/tim-kiem/?q=ban+moi", "/api/v1/news"]
    return "\n".join(client.get(p).content.decode() for p in paths) + sitemap_text(client)


def test_an_editors_edit_of_a_published_article_waits_for_approval(login, editor, approver, agency):
    article = published_article(agency, title="Bản cũ của tin", summary="Tóm tắt cũ", body="<p>Nội dung cũ</p>")
    as_editor = login(editor)
    page = as_editor.get(change_url(article)).content.decode()
    assert "Mục này đang được đăng" in page
    data = form_data(as_editor, change_url(article))
    data.update(title=["Bản mới <script>x</script>"], body=["<p>Nội dung mới đã sửa</p>"], _transition=["submit"])
    response = as_editor.post(change_url(article), data)
    assert response.status_code == 302 and response["Location"] == change_url(article)  # back to the draft

    article.refresh_from_db()
    assert article.title == "Bản cũ của tin" and article.status == Status.PUBLISHED
    revision = open_revision(article)
    assert revision.status == Status.PENDING and revision.author == editor
    public = public_texts(Client(), article)
    assert "Bản cũ của tin" in public and "Bản mới" not in public and "Nội dung mới" not in public

    # The editor may not approve; the approver compares (escaped, word diff) and approves.
    compare = change_url(article, "revision_compare")
    assert as_editor.post(compare, {"_transition": "publish"}).status_code == 403
    as_approver = login(approver)
    page = as_approver.get(compare).content.decode()
    assert "&lt;script&gt;" in page and "<script>x" not in page
    assert "<del>cũ của tin</del>" in page and "<ins>mới &lt;script&gt;x&lt;/script&gt;</ins>" in page
    assert "<del>cũ</del>" in page and "<ins>mới đã sửa</ins>" in page  # the body, as text
    response = as_approver.post(compare, {"_transition": "publish"})
    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages]
    assert len(shown) == 1 and "Đã duyệt và xuất bản bản sửa đổi" in shown[0]  # not Django's generic one too

    article.refresh_from_db()
    assert article.title == "Bản mới <script>x</script>" and article.body == "<p>Nội dung mới đã sửa</p>"
    assert article.status == Status.PUBLISHED
    revision.refresh_from_db()
    assert revision.status == Status.PUBLISHED and revision.reviewed_by == approver
    assert open_revision(article) is None
    assert "Nội dung mới đã sửa" in Client().get(f"{NEWS}{article.slug}/").content.decode()
    assert "Duyệt bản sửa đổi" in article.history.first().history_change_reason


def test_a_returned_revision_goes_back_to_its_author(login, editor, approver, agency):
    article = published_article(agency, title="Tin gốc")
    as_editor = login(editor)
    data = form_data(as_editor, change_url(article))
    data.update(title=["Tin sửa"], _transition=["submit"])
    as_editor.post(change_url(article), data)
    compare = change_url(article, "revision_compare")
    login(approver).post(compare, {"_transition": "return", "review_note": "Sai chính tả ở tiêu đề"})
    revision = open_revision(article)
    assert revision.status == Status.RETURNED and revision.review_note == "Sai chính tả ở tiêu đề"
    page = as_editor.get(change_url(article)).content.decode()
    assert "Sai chính tả ở tiêu đề" in page and 'value="Tin sửa"' in page  # the draft is what the form shows
    # The author discards it: the live item never changed.
    assert as_editor.post(change_url(article, "revision_discard")).status_code == 302
    assert not Revision.objects.exists()
    article.refresh_from_db()
    assert article.title == "Tin gốc"


def test_another_agencys_staff_get_404_at_every_revision_door(login, editor, other_editor, other_approver, agency):
    article = published_article(agency)
    data = form_data(login(editor), change_url(article))
    data.update(title=["Đề xuất sửa"])
    login(editor).post(change_url(article), data)
    record = article.history.order_by("history_id").first()
    doors = [change_url(article, "revision_compare"), change_url(article, "revision_discard"),
             reverse("admin:content_article_history_revise", args=[article.pk, record.pk])]
    for user in (other_editor, other_approver):
        client = login(user)
        for door in doors:
            assert client.get(door).status_code in (404, 405) and client.post(door, {"_transition": "publish"}
                                                                                ).status_code == 404, door
    assert open_revision(article).data["title"] == ["Đề xuất sửa"]


def test_a_classified_revision_is_refused_when_saved_and_when_approved(login, editor, approver, agency):
    report = Report.objects.create(agency=agency, title="Báo cáo tình hình KTXH", frequency="month",
                                   period=date(2026, 1, 1), status=Status.PUBLISHED,
                                   published_at=timezone.now() - timedelta(days=1))
    url = change_url(report)
    data = form_data(login(editor), url)
    data.update(title=["Báo cáo (Mật) quý I"])
    response = login(editor).post(url, data)
    assert response.status_code == 200 and not Revision.objects.exists()
    # A revision whose stored content carries a stamp (however it got there) is never applied.
    data.update(title=["Tối mật: số liệu quốc phòng"])
    revision = propose(report, {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}, editor)
    login(approver).post(change_url(report, "revision_compare"), {"_transition": "publish"})
    report.refresh_from_db()
    revision.refresh_from_db()
    assert report.title == "Báo cáo tình hình KTXH" and revision.status == Status.DRAFT


def test_a_schedule_amendment_is_proposed_then_approved(login, editor, approver, agency):
    week = published_week(agency)
    item = entry(week, 0, content="Giao ban đầu tuần", location="Phòng họp 1")
    url = change_url(week)
    page = login(editor).get(url).content.decode()
    assert "Mục này đang được đăng" in page
    data = form_data(login(editor), url)
    data["entries-0-location"] = ["Hội trường B"]
    data["_transition"] = ["submit"]
    assert login(editor).post(url, data).status_code == 302
    item.refresh_from_db()
    week.refresh_from_db()
    assert item.location == "Phòng họp 1" and week.revision == 0
    compare = login(approver).get(change_url(week, "revision_compare")).content.decode()
    assert "Hội trường B" in compare and "Phòng họp 1" in compare
    assert login(approver).post(change_url(week, "revision_compare"), {"_transition": "publish"}).status_code == 302
    item.refresh_from_db()
    week.refresh_from_db()
    assert item.location == "Hội trường B" and item.state == Entry.State.AMENDED
    assert week.revision == 1 and week.status == Status.PUBLISHED
    assert "Điều chỉnh lần 1" in item.history.first().history_change_reason


def test_a_stale_save_is_refused_and_keeps_the_input(login, editor, approver, agency):
    article = draft_article(agency, title="Tiêu đề ban đầu")
    first, second = login(editor), login(approver)
    data_first = form_data(first, change_url(article))
    data_second = form_data(second, change_url(article))
    assert "cũng đang mở mục này" in second.get(change_url(article)).content.decode()
    data_first["title"] = ["Tiêu đề của người thứ nhất"]
    assert first.post(change_url(article), data_first).status_code == 302
    data_second["title"] = ["Tiêu đề của người thứ hai"]
    response = second.post(change_url(article), data_second)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lưu" in page and "Tiêu đề của người thứ nhất" in page and "Tiêu đề ban đầu" in page
    assert 'value="Tiêu đề của người thứ hai"' in page  # the input is kept
    article.refresh_from_db()
    assert article.title == "Tiêu đề của người thứ nhất"
    # Having read what changed, a second save goes through (the page carries the new version).
    again = max(post_forms(page), key=lambda f: len(f["fields"]))
    data_again = {}
    for name, value, _kind in again["fields"]:
        data_again.setdefault(name, []).append(value)
    assert second.post(change_url(article), data_again).status_code == 302
    article.refresh_from_db()
    assert article.title == "Tiêu đề của người thứ hai"


def test_history_is_in_vietnamese_with_local_times_status_and_revert_through_the_workflow(
        login, editor, approver, agency):
    article = draft_article(agency, title="Tin ban đầu")
    as_approver = login(approver)
    data = form_data(as_approver, change_url(article))
    data.update(title=["Tin đã sửa"], _transition=["publish"])
    as_approver.post(change_url(article), data)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    change_page = as_approver.get(change_url(article)).content.decode()
    assert "Lịch sử" in change_page and "Bản ghi nhớ" not in change_page
    page = as_approver.get(change_url(article, "history")).content.decode()
    for english in ("Changed by", "Change reason", "Choose a date", "Object", "None"):
        assert english not in page
    assert "Người thực hiện" in page and "Bản nháp" in page and "Đã xuất bản" in page
    record = article.history.order_by("history_id").first()
    assert timezone.localtime(record.history_date).strftime("%H:%M:%S %d/%m/%Y") in page
    assert "<del>ban</del>" in page or "<del>ban đầu</del>" in page or "ban đầu" in page
    # An editor's rollback of a published item is a draft revision; the live item keeps serving.
    response = login(editor).post(reverse("admin:content_article_history_revise", args=[article.pk, record.pk]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Tin đã sửa"
    revision = open_revision(article)
    assert revision.status == Status.DRAFT and revision.data["title"] == ["Tin ban đầu"]
    assert "Tin ban đầu" not in Client().get(f"{NEWS}{article.slug}/").content.decode()


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_an_open_revision_is_what_everyone_edits(login, editor, approver, agency, role):
    article = published_article(agency, title="Tin đang đăng")
    data = form_data(login(editor), change_url(article))
    data.update(title=["Tin nháp"])
    login(editor).post(change_url(article), data)
    user = editor if role == "editor" else approver
    page = login(user).get(change_url(article)).content.decode()
    assert 'value="Tin nháp"' in page and "So sánh với bản đang đăng" in page
    assert Article.objects.get(pk=article.pk).title == "Tin đang đăng"
