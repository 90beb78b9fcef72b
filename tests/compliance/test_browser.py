"""The review pages in a real browser, checked with axe-core (no serious or critical violation)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.models import InspectionNote
from tests.conftest import DESKTOP, PHONE, assert_accessible, follow
from tests.factories import member, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(agency, other_agency, fake_sections, complete):
    now = timezone.now()
    complete(agency, now)
    complete(other_agency, now)
    fake_sections.set("tin-tuc", other_agency, 4, now - timedelta(days=30))
    InspectionNote.objects.create(agency=other_agency, summary="Tin tức chậm", fix_by=timezone.localdate())
    return agency, other_agency


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_dashboard_is_accessible(open_as, data, viewport):
    page = open_as(reviewer(), "/admin/compliance/dashboard/", viewport)
    assert page.locator("h1").inner_text() == "Bảng theo dõi cập nhật trang thông tin"
    assert page.locator("table.compliance-matrix tbody tr").count() == 2
    page.select_option("#id_state", "overdue")
    follow(page, "button:has-text('Lọc')")
    assert page.locator("table.compliance-matrix tbody tr").count() == 1
    assert_accessible(page)


def test_agency_page_is_accessible(open_as, data):
    page = open_as(reviewer(), "/admin/compliance/dashboard/co-quan/so-khac/", DESKTOP)
    assert "quá 7 ngày" in page.content()
    assert_accessible(page)


def test_report_is_accessible_and_prints_without_the_toolbar(open_as, data):
    page = open_as(reviewer(), "/admin/compliance/dashboard/bao-cao/", DESKTOP)
    assert page.locator("h1").inner_text().startswith("BÁO CÁO")
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator(".report-toolbar").is_visible()


def test_agency_checklist_on_the_admin_home_is_accessible(open_as, data):
    page = open_as(member(data[1], "agency_admin"), "/admin/", PHONE)
    assert page.locator("#compliance-home-title").inner_text() == "Danh sách kiểm tra của cơ quan"
    assert_accessible(page)


def test_approver_confirms_a_static_section_still_current(open_as, data):
    from compliance.models import Confirmation

    approver = member(data[0], "approver")
    page = open_as(approver, "/admin/compliance/dashboard/co-quan/so-thu-nghiem/", DESKTOP)
    assert_accessible(page)
    page.fill("#ghi-chu-gioi-thieu", "Đã đối chiếu, không thay đổi")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=vẫn còn hiệu lực, xác nhận lúc")
    assert "Đã đối chiếu, không thay đổi" in page.content()
    assert Confirmation.objects.get().confirmed_by == approver
    assert_accessible(page)
