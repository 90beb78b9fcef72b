"""One browser test per page type: phone width, no JavaScript needed, axe-core clean."""

from datetime import date

import pytest

from procedures.models import Level
from tests.conftest import DESKTOP, PHONE, assert_accessible, follow
from tests.procedures import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(agency):
    press = f.sector(agency, "XB", "Xuất bản, In và Phát hành")
    printing = f.procedure(agency, "Cấp giấy phép hoạt động in", "1.004227", field=press, level=Level.PROVINCE,
                           channels=[("truc-tiep", 7), ("truc-tuyen", 7), ("buu-chinh", 7)],
                           applicants=["doanh-nghiep"])
    f.procedure(agency, "Đăng ký khai sinh", "1.001193", channels=[("truc-tiep", 0)])
    f.procedure(agency, "Chứng thực bản sao từ bản chính", "2.000815", field=f.sector(agency, "CT", "Chứng thực"))
    decree = f.document(agency, "60/2014/NĐ-CP", issued_on=date(2014, 6, 19), summary="Quy định về hoạt động in")
    f.cite(printing, decree, "Điều 11")
    f.form(printing, "Đơn đề nghị cấp giấy phép hoạt động in")
    return {"printing": printing, "decree": decree}


def test_filtering_the_list_on_a_phone(open_page, agency, data):
    page = open_page(agency.reverse("procedures:procedure_list"), viewport=PHONE)
    assert page.locator(".proc-item").count() == 3
    page.select_option("#id_cap", "tinh")
    page.fill("#id_q", "giay phep")
    page.click("main button[type=submit]")
    page.wait_for_url("**cap=tinh**")
    assert page.locator(".proc-item").count() == 1
    assert "Cấp giấy phép hoạt động in" in page.locator(".proc-list").inner_text()
    assert "Tìm thấy 1 kết quả" in page.locator(".result-count").inner_text()
    # no horizontal scrolling at phone width
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    # removing a filter is a plain link
    follow(page, "text=Cấp thực hiện: Cấp tỉnh")
    assert page.locator(".proc-item").count() == 1  # the keyword alone still matches one


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_procedure_page(open_page, data, viewport):
    page = open_page(data["printing"].get_absolute_url(), viewport=viewport)
    assert page.locator("h1").inner_text() == "Cấp giấy phép hoạt động in"
    assert page.locator(".channel-table tbody tr").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


def test_print_view(open_page, agency, data):
    page = open_page(agency.reverse("procedures:procedure_print", pk=data["printing"].pk), viewport=DESKTOP)
    assert page.locator(".main-nav").count() == 0
    assert_accessible(page)


def test_legal_documents_list_and_page(open_page, agency, data):
    page = open_page(agency.reverse("procedures:document_list"), viewport=PHONE)
    page.select_option("#id_nam", "2014")
    page.click("main button[type=submit]")
    page.wait_for_url("**nam=2014**")
    assert page.locator(".proc-item").count() == 1
    assert_accessible(page)
    follow(page, "text=Nghị định 60/2014/NĐ-CP")
    assert "Cấp giấy phép hoạt động in" in page.content()
    assert_accessible(page)


def test_province_search_on_a_phone(open_page, data):
    page = open_page("/thu-tuc-hanh-chinh/?q=dang+ky", viewport=PHONE)
    assert page.locator(".proc-item").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


def test_abolished_list(open_page, agency, data):
    f.procedure(agency, "Thủ tục cũ", abolished_on=date(2025, 7, 1), abolition_decision="Quyết định số 1/QĐ-UBND")
    page = open_page(agency.reverse("procedures:abolished_list"), viewport=PHONE)
    assert page.locator(".proc-item").count() == 1
    assert_accessible(page)
