"""The search results and the English homes in headless Chromium at 390 and 1280 px, with axe-core."""

from datetime import date

import pytest

from tests.conftest import DESKTOP, PHONE, assert_accessible
from tests.factories import AgencyFactory
from tests.procedures.factories import document, procedure, sector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(transactional_db):
    health = AgencyFactory(slug="so-y-te", name="Sở Y tế tỉnh Vĩnh Long", short_name="Sở Y tế",
                           name_en="Department of Health", address_en="155 Nguyen Hue Street, Vinh Long")
    AgencyFactory(slug="phuong-an-hoi", name="Ủy ban nhân dân phường An Hội", kind="commune")
    field = sector(health, "KCB", "Khám bệnh, chữa bệnh")
    for code, name in (("1.004227", "Cấp giấy phép hành nghề khám bệnh, chữa bệnh"),
                       ("1.004228", "Cấp lại giấy phép hoạt động khám bệnh")):
        procedure(health, name=name, code=code, field=field)
    document(health, number="15/2023/QH15", issuer="Quốc hội", doc_type="luat", summary="Luật Khám bệnh, chữa bệnh",
             issued_on=date(2023, 1, 9))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", ["/tim-kiem/?q=kham+benh", "/so-y-te/tim-kiem/?q=15%2F2023%2Fqh15",
                                  "/tim-kiem/?q=kham+benh&loai=thu-tuc", "/en/", "/so-y-te/en/", "/so-do-trang/",
                                  "/so-y-te/so-do-trang/"],
                         ids=["province-search", "agency-search", "filtered", "english-province", "english-agency",
                              "site-map", "agency-site-map"])
def test_page_renders_and_is_accessible(open_page, data, path, viewport):
    page = open_page(path, viewport)
    assert page.locator("h1").first.is_visible()
    assert page.locator("form.site-search input[type=search]").is_visible()  # the header box, phone and desktop
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)


def test_header_search_box_leads_to_the_results(open_page, data):
    page = open_page("/so-y-te/", PHONE)
    page.fill("#tim-kiem-nhanh", "15 2023 QH15")
    page.keyboard.press("Enter")
    page.wait_for_url("**/so-y-te/tim-kiem/**")
    assert "15/2023/QH15" in page.locator(".search-result").first.inner_text()
