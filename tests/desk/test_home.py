"""The admin home per role: my work from every publishable model, tenancy, a fixed query count, the
sections in order in the navigation, and the notification pages."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from desk.inbox import build_desk
from desk.models import Notification, Preference
from portal.publishing import apply_transition
from portal.sections import all_sections, publishable_models
from tests.content.factories import draft_article, published_article
from tests.schedules.factories import draft_week

pytestmark = pytest.mark.django_db


def section_of(html, anchor):
    """The HTML of one list of the desk, from its heading to the next."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<h3", start + 10)
    return html[start:end if end != -1 else None]


def test_publishable_models_come_from_the_registry():
    labels = [model._meta.label for _section, model in publishable_models()]
    assert labels[:3] == ["content.Introduction", "organization.OrgUnit", "organization.Official"]
    assert {"content.Article", "schedules.Week", "procedures.Procedure", "ktxh_sync.Report"} <= set(labels)
    assert all(model in section.model_classes() for section, model in publishable_models())


def test_approver_sees_what_awaits_approval_oldest_first_pending_weeks_included(agency, editor, approver, login):
    old = draft_article(agency, title="Tin gửi từ hôm qua")
    apply_transition(old, "submit", editor)
    type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=1))
    week = draft_week(agency)
    apply_transition(week, "submit", editor)
    html = login(approver).get("/admin/").content.decode()
    pending = section_of(html, "desk-pending")
    assert "Chờ tôi duyệt (2)" in pending
    assert "5. Lịch công tác tuần: <strong>1</strong>" in pending and "6. Tin tức hoạt động: <strong>1</strong>" in pending
    assert pending.index("Tin gửi từ hôm qua") < pending.index(week.label)  # who has waited longest first
    assert f"/admin/schedules/week/{week.pk}/change/" in pending
    assert editor.first_name in pending  # who submitted


def test_editor_sees_returned_items_with_the_note_drafts_and_scheduled(agency, editor, approver, login):
    returned = draft_article(agency, title="Tin bị trả lại", created_by=editor)
    apply_transition(returned, "submit", editor)
    apply_transition(returned, "return", approver, "Thiếu nguồn <tin>")
    draft_article(agency, title="Bản nháp của tôi", created_by=editor)
    draft_article(agency, title="Bản nháp của người khác", created_by=approver)
    published_article(agency, title="Tin hẹn giờ", published_at=timezone.now() + timedelta(days=2))
    html = login(editor).get("/admin/").content.decode()
    assert 'id="desk-pending"' not in html  # editors approve nothing
    assert "Tin bị trả lại" in section_of(html, "desk-returned")
    assert "Thiếu nguồn &lt;tin&gt;" in section_of(html, "desk-returned")
    drafts = section_of(html, "desk-drafts")
    assert "Bản nháp của tôi" in drafts and "Bản nháp của người khác" not in drafts
    assert "Tin hẹn giờ" in section_of(html, "desk-scheduled")
    assert "Bị trả lại: Tin bị trả lại" in section_of(html, "desk-notifications")


def test_another_agencys_staff_never_see_its_items(agency, other_agency, editor, approver, other_approver,
                                                   other_editor, login):
    article = draft_article(agency, title="Tin riêng của Sở Thử nghiệm", created_by=editor)
    apply_transition(article, "submit", editor)
    draft_article(agency, title="Nháp riêng của Sở Thử nghiệm", created_by=other_editor)  # even if they made it
    published_article(agency, title="Hẹn giờ riêng của Sở Thử nghiệm", published_at=timezone.now() + timedelta(days=1))
    for user in (other_approver, other_editor):
        html = login(user).get("/admin/").content.decode()
        assert "riêng của Sở Thử nghiệm" not in html
    desk = build_desk(other_approver)
    assert desk.pending.count == desk.drafts.count == desk.scheduled.count == 0
    assert build_desk(approver).pending.count == 1


def test_reviewers_get_the_province_review_not_a_desk(provincial_reviewer, login):
    assert build_desk(provincial_reviewer) is None
    html = login(provincial_reviewer).get("/admin/").content.decode()
    assert 'id="desk-title"' not in html and "Kiểm tra cập nhật trang thông tin" in html


def test_superuser_sees_every_agencys_pending_items(agency, other_agency, editor, other_editor, superuser):
    apply_transition(draft_article(agency), "submit", editor)
    apply_transition(draft_article(other_agency), "submit", other_editor)
    assert build_desk(superuser).pending.count == 2


def make_work(agency, editor, approver, n):
    for i in range(n):
        article = draft_article(agency, title=f"Tin số {i}", created_by=editor)
        apply_transition(article, "submit", editor)
        if i % 2:
            apply_transition(article, "return", approver, "Sửa lại")
        draft_article(agency, title=f"Nháp số {i}", created_by=editor)
        published_article(agency, title=f"Hẹn giờ số {i}", published_at=timezone.now() + timedelta(days=i + 1))


def home_queries(client):
    client.get("/admin/")  # warm-up: content types, the cached counter of unread notifications
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("role", ["approver", "editor"])
def test_the_home_costs_the_same_queries_whatever_the_amount_of_work(agency, editor, approver, login, role):
    user = approver if role == "approver" else editor
    client = login(user)
    make_work(agency, editor, approver, 2)
    small, _html = home_queries(client)
    make_work(agency, editor, approver, 14)  # more than a list shows
    large, html = home_queries(client)
    assert large == small, f"{small} queries with little work, {large} with much"
    assert small <= 48  # one per publishable model, the open revisions, people, notifications, the request
    desk = build_desk(user)
    if role == "approver":
        assert desk.pending.count == 8 and "Chờ tôi duyệt (8)" in html
    else:
        assert desk.returned.count == 8 and desk.drafts.count == 16 and len(desk.drafts.items) == 10
        assert "Còn 6 bản nháp khác." in html
    assert desk.scheduled.count == 16 and len(desk.scheduled.items) == 10


def test_sections_lead_the_navigation_in_order(agency, approver, login):
    request = RequestFactory().get("/admin/")
    request.user = approver
    apps = admin.site.get_app_list(request)
    numbered = [app["name"] for app in apps if app["app_label"].startswith("section-")]
    expected = [f"{s.number}. {s.title}" for s in all_sections() if s.number <= 8]
    assert numbered[:8] == expected
    assert apps[0]["name"] == "1. Giới thiệu chung"
    assert [m["object_name"] for m in apps[1]["models"]] == ["OrgUnit", "Official"]
    # Models of a section appear once, under it; the rest follow under their apps.
    names = [m["object_name"] for app in apps for m in app["models"]]
    assert len(names) == len(set(names)) and "Membership" in names
    html = login(approver).get("/admin/").content.decode()
    positions = [html.index(f">{title}</a>") for title in expected]
    assert positions == sorted(positions)


def test_the_app_page_of_one_app_stays_that_apps(approver, login):
    html = login(approver).get("/admin/content/").content.decode()
    assert "Tin bài" in html and "Giới thiệu chung" in html


def test_opening_a_notification_marks_it_read_and_goes_to_the_item(agency, editor, approver, login):
    article = draft_article(agency)
    apply_transition(article, "submit", editor)
    notification = Notification.objects.get(recipient=approver)
    client = login(approver)
    response = client.get(f"/admin/ban-lam-viec/thong-bao/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/admin/content/article/{article.pk}/change/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert login(editor).get(f"/admin/ban-lam-viec/thong-bao/{notification.pk}/").status_code == 404


def test_mark_all_read_needs_a_post(agency, editor, approver, login):
    apply_transition(draft_article(agency), "submit", editor)
    apply_transition(draft_week(agency), "submit", editor)
    client = login(approver)
    assert client.get("/admin/ban-lam-viec/thong-bao/da-xem/").status_code == 405
    response = client.post("/admin/ban-lam-viec/thong-bao/da-xem/", follow=True)
    assert "Đã đánh dấu 2 thông báo là đã xem." in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_are_saved_and_bad_input_is_refused(editor, login):
    client = login(editor)
    html = client.get("/admin/ban-lam-viec/cai-dat/").content.decode()
    assert "Gom thành một thư mỗi ngày" in html and "chưa có địa chỉ thư điện tử" in html
    response = client.post("/admin/ban-lam-viec/cai-dat/", {"email": "hang-gio"})
    assert response.status_code == 200
    assert "Nhận thư thông báo: hãy chọn một trong các cách dưới đây." in response.content.decode()
    assert not Preference.objects.exists()
    client.post("/admin/ban-lam-viec/cai-dat/", {"email": "daily"})
    assert Preference.objects.get(user=editor).email == "daily"


def test_the_header_counter_shows_unread_notifications(agency, editor, approver, login):
    apply_transition(draft_article(agency), "submit", editor)
    html = login(approver).get("/admin/").content.decode()
    assert re.search(r'class="desk-unread-count">1<', html)
    assert 'class="desk-unread-count">0<' in login(editor).get("/admin/").content.decode()
