""""Still current": an approver confirms a static section unchanged; the review counts it."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from agencies.models import Agency
from compliance.confirmations import confirm_current
from compliance.models import Confirmation
from compliance.review import review_agencies
from compliance.rules import State

DETAIL = "/admin/compliance/dashboard/co-quan/{}/"
CONFIRM = "/admin/compliance/dashboard/co-quan/{}/xac-nhan/"
ADMIN = "/admin/compliance/confirmation/"


@pytest.fixture
def stale(agency, other_agency, fake_sections, complete):
    """Both agencies complete, but their introduction unchanged for 13 months."""
    now = timezone.now()
    for each in (agency, other_agency):
        complete(each, now)
        fake_sections.set("gioi-thieu", each, 3, now - relativedelta(months=13))
    return agency


def intro(agency, now=None):
    return review_agencies([agency], now).rows[0].cell("gioi-thieu")


def test_an_unchanged_introduction_becomes_overdue_and_a_confirmation_makes_it_met(stale, approver):
    assert intro(stale).state == State.OVERDUE
    confirm_current(approver, stale, "gioi-thieu", "Đã đối chiếu với quyết định hiện hành")
    cell = intro(stale)
    assert cell.state == State.MET
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert cell.reason.startswith(f"Xác nhận còn hiệu lực ngày {today} (cập nhật lần cuối ngày ")
    assert cell.confirmation.confirmed_by == approver


def test_the_confirmation_ages_like_an_edit(stale, approver):
    now = timezone.now()
    confirm_current(approver, stale, "gioi-thieu", now=now - relativedelta(months=12) + timedelta(days=10))
    cell = intro(stale, now)
    assert cell.state == State.DUE_SOON and "Xác nhận còn hiệu lực ngày" in cell.reason
    confirm_current(approver, stale, "gioi-thieu", now=now - relativedelta(months=12, days=2))
    # the latest confirmation counts, even when the one before it was fresher in pk order
    assert Confirmation.objects.latest().get().confirmed_at < now - relativedelta(months=12)
    assert intro(stale, now).state == State.OVERDUE


def test_an_edit_after_the_confirmation_speaks_for_itself(stale, approver, fake_sections):
    now = timezone.now()
    confirm_current(approver, stale, "gioi-thieu", now=now - timedelta(days=40))
    fake_sections.set("gioi-thieu", stale, 3, now - timedelta(days=2))
    cell = intro(stale, now)
    assert cell.state == State.MET and cell.reason.startswith("Cập nhật lần cuối ngày")


def test_approver_confirms_with_the_button_and_the_page_says_who_and_when(login, approver, stale):
    client = login(approver)
    page = client.get(DETAIL.format(stale.slug)).content.decode()
    assert "Xác nhận vẫn còn hiệu lực" in page
    assert page.count('name="section_key"') == 1  # the one static section of the fake registry
    response = client.post(CONFIRM.format(stale.slug), {"section_key": "gioi-thieu", "note": "<b>Không đổi</b>"})
    assert response.status_code == 302 and response["Location"] == DETAIL.format(stale.slug)
    row = Confirmation.objects.get()
    assert (row.agency, row.section_key, row.confirmed_by) == (stale, "gioi-thieu", approver)
    assert abs(row.confirmed_at - timezone.now()) < timedelta(minutes=1)
    page = client.get(DETAIL.format(stale.slug)).content.decode()
    assert "Đã ghi nhận: chuyên mục “1. Giới thiệu chung” vẫn còn hiệu lực" in page
    assert f"Xác nhận lúc {timezone.localtime(row.confirmed_at):%H:%M %d/%m/%Y}" in page
    assert "&lt;b&gt;Không đổi&lt;/b&gt;" in page and "<b>Không đổi" not in page


def test_a_section_that_is_not_static_or_has_no_content_is_refused_with_a_message(login, approver, stale,
                                                                                  fake_sections):
    client = login(approver)
    response = client.post(CONFIRM.format(stale.slug), {"section_key": "tin-tuc"}, follow=True)
    assert "Chỉ xác nhận được các chuyên mục nội dung ổn định" in response.content.decode()
    fake_sections.data["gioi-thieu"].pop(stale.pk)
    response = client.post(CONFIRM.format(stale.slug), {"section_key": "gioi-thieu"}, follow=True)
    assert "Chuyên mục “1. Giới thiệu chung” chưa có nội dung được xuất bản" in response.content.decode()
    response = client.post(CONFIRM.format(stale.slug), {"section_key": "khong-co"}, follow=True)
    assert "Chuyên mục “khong-co” không có trong danh sách chuyên mục." in response.content.decode()
    assert not Confirmation.objects.exists()


def test_editor_and_reviewer_may_not_confirm(login, editor, agency_admin, provincial_reviewer, stale):
    for user in (editor, agency_admin, provincial_reviewer):
        client = login(user)
        assert "Xác nhận vẫn còn hiệu lực" not in client.get(DETAIL.format(stale.slug)).content.decode()
        assert client.post(CONFIRM.format(stale.slug), {"section_key": "gioi-thieu"}).status_code == 403
    assert not Confirmation.objects.exists()


def test_another_agencys_approver_gets_404(login, other_approver, stale):
    client = login(other_approver)
    assert client.post(CONFIRM.format(stale.slug), {"section_key": "gioi-thieu"}).status_code == 404
    assert client.get(CONFIRM.format(stale.slug)).status_code in (404, 405)
    assert not Confirmation.objects.exists()


def test_admin_add_form_records_who_and_when(login, approver, stale):
    client = login(approver)
    response = client.post(ADMIN + "add/", {"agency": stale.pk, "section_key": "gioi-thieu", "note": "Rà soát"})
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Confirmation.objects.get()
    assert row.confirmed_by == approver and row.created_by == approver and row.note == "Rà soát"
    assert client.get(f"{ADMIN}{row.pk}/change/").status_code == 200  # read-only view
    client.post(f"{ADMIN}{row.pk}/change/", {"agency": stale.pk, "section_key": "gioi-thieu", "note": "Sửa"})
    row.refresh_from_db()
    assert row.note == "Rà soát"


def test_admin_add_form_refuses_a_section_without_content(login, approver, stale, fake_sections):
    fake_sections.data["gioi-thieu"].pop(stale.pk)
    response = login(approver).post(ADMIN + "add/", {"agency": stale.pk, "section_key": "gioi-thieu"})
    assert response.status_code == 200
    assert "chưa có nội dung được xuất bản" in response.content.decode()
    assert not Confirmation.objects.exists()


def test_admin_action_confirms_again_only_where_the_user_approves(login, approver, other_approver, superuser,
                                                                   stale, other_agency):
    own = confirm_current(approver, stale, "gioi-thieu", now=timezone.now() - timedelta(days=300))
    other = confirm_current(other_approver, other_agency, "gioi-thieu", now=timezone.now() - timedelta(days=300))
    response = login(approver).post(ADMIN, {"action": "confirm_again", "_selected_action": [own.pk, other.pk],
                                            "index": "0"})
    assert response.status_code == 302
    assert Confirmation.objects.filter(agency=stale).count() == 2
    assert Confirmation.objects.filter(agency=other_agency).count() == 1  # out of the approver's list
    assert Confirmation.objects.filter(agency=stale).latest().first().confirmed_by == approver


def test_other_agencys_confirmations_are_404_in_the_admin(login, approver, other_approver, other_agency, stale):
    other = confirm_current(other_approver, other_agency, "gioi-thieu")
    client = login(approver)
    assert client.get(f"{ADMIN}{other.pk}/change/").status_code == 404
    assert other_agency.short_name not in client.get(ADMIN).content.decode()
    # one agency: the field is fixed to it, a forged id is ignored
    client.post(ADMIN + "add/", {"agency": other_agency.pk, "section_key": "gioi-thieu"})
    assert Confirmation.objects.filter(agency=other_agency).count() == 1
    assert Confirmation.objects.filter(agency=stale).count() == 1
    assert Agency.objects.count() == 2
