import pytest

from ktxh_sync.sync import run_source
from tests.conftest import DESKTOP, PHONE, assert_accessible

pytestmark = [pytest.mark.browser]


@pytest.fixture
def loaded(transactional_db, agency, monthly_source):
    assert run_source(monthly_source).status == "ok"
    return agency


def test_dashboard_on_a_phone_is_accessible_and_needs_no_scrolling_sideways(open_page, loaded):
    page = open_page(f"/{loaded.slug}/kinh-te-xa-hoi/", viewport=PHONE)
    assert page.locator("h1").inner_text() == "Thông tin kinh tế - xã hội"
    assert page.locator(".ktxh-card").count() >= 4
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def test_indicator_page_with_chart_is_accessible(open_page, loaded):
    page = open_page(f"/{loaded.slug}/kinh-te-xa-hoi/chi-tieu/BLHH/", viewport=DESKTOP)
    chart = page.locator("svg.ktxh-chart")
    assert chart.count() == 1 and chart.get_attribute("role") == "img"
    assert chart.bounding_box()["width"] > 300
    assert_accessible(page)
    phone = open_page(f"/{loaded.slug}/kinh-te-xa-hoi/chi-tieu/BLHH/", viewport=PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_report_pages_and_province_page_are_accessible(open_page, loaded, province, catalogue):
    from datetime import date, timedelta

    from django.utils import timezone

    from ktxh_sync.models import Observation, Report
    from portal.publishing import Status

    report = Report.objects.create(agency=loaded, title="Báo cáo tình hình KT-XH tháng 10/2026", frequency="month",
                                   period=date(2026, 10, 1), summary="Tóm tắt.", status=Status.PUBLISHED,
                                   published_at=timezone.now() - timedelta(days=1))
    Observation.objects.create(agency=province, indicator=catalogue["BLHH"], period=date(2026, 10, 1),
                               value=17000, fetched_at=timezone.now())
    for path in (f"/{loaded.slug}/kinh-te-xa-hoi/bao-cao/", f"/{loaded.slug}/kinh-te-xa-hoi/bao-cao/{report.pk}/",
                 "/kinh-te-xa-hoi/"):
        page = open_page(path, viewport=PHONE)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
