"""One browser test per page type of section 8: renders at phone width, no overflow, axe-core clean."""

from datetime import date

import pytest
from django.utils import timezone

from tests.conftest import DESKTOP, PHONE, assert_accessible, follow

from .factories import incoming, outgoing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(transactional_db):
    from tests.factories import AgencyFactory

    agency = AgencyFactory(slug="so-thu-nghiem", name="Sở Thử nghiệm tỉnh Vĩnh Long", short_name="Sở TN")
    today = timezone.localdate()
    first = incoming(agency, today, doc_type="quyet-dinh", summary="Quyết định về việc giao chỉ tiêu kinh tế - xã hội",
                     organ_name="Ủy ban nhân dân tỉnh Vĩnh Long", code_notation="QĐ-UBND")
    outgoing(agency, today, summary="Về việc triển khai chuyển đổi số")
    outgoing(agency, date(2026, 1, 5), doc_type="ke-hoach", summary="Kế hoạch cải cách hành chính năm 2026")
    return first


@pytest.mark.parametrize("path", ["/so-thu-nghiem/van-ban-di-den/?ky=nam", "/so-thu-nghiem/van-ban-di-den/so-van-ban/",
                                  "detail", "/van-ban-di-den/"],
                         ids=["statistics", "register", "entry", "province"])
def test_page_is_accessible_on_a_phone(open_page, register, path):
    if path == "detail":
        path = f"/so-thu-nghiem/van-ban-di-den/so-van-ban/{register.pk}/"
    page = open_page(path, PHONE)
    assert page.locator("h1").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)


def test_statistics_chart_is_drawn_without_javascript(browser, live_server, register):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/so-thu-nghiem/van-ban-di-den/?ky=nam")
    assert page.locator("svg.bar-chart rect.bar-in").count() >= 1
    page.select_option("#id_ky", "khoang")
    page.fill("#id_tu_ngay", "2026-01-01")
    page.fill("#id_den_ngay", "2026-01-31")
    follow(page, "main button[type=submit]")
    assert "01/01/2026" in page.locator("#theo-loai").inner_text()
    context.close()
