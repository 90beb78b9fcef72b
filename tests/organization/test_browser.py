"""Section 2 pages in headless Chromium with axe-core: the chart at phone width, the directory, English."""

import pytest

from tests.conftest import DESKTOP, PHONE, assert_accessible
from tests.factories import AgencyFactory
from tests.organization.test_factories import make_structure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def department(transactional_db):
    agency = AgencyFactory(slug="so-noi-vu", name="Sở Nội vụ tỉnh Vĩnh Long", short_name="Sở Nội vụ",
                           name_en="Department of Home Affairs")
    make_structure(agency, officials=30)
    return agency


@pytest.mark.parametrize(("path", "viewport"), [
    ("/so-noi-vu/co-cau-to-chuc/", PHONE),
    ("/so-noi-vu/co-cau-to-chuc/", DESKTOP),
    ("/so-noi-vu/co-cau-to-chuc/danh-ba/", PHONE),
    ("/so-noi-vu/co-cau-to-chuc/danh-ba/?q=ke+hoach", DESKTOP),
    ("/so-noi-vu/co-cau-to-chuc/en/", PHONE),
], ids=["chart-phone", "chart-desktop", "directory-phone", "search-desktop", "english-phone"])
def test_section_two_pages_are_accessible_and_fit_the_screen(open_page, department, path, viewport):
    page = open_page(path, viewport)
    assert page.locator("h1").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)


def test_the_chart_is_a_readable_tree_on_a_phone(open_page, department):
    page = open_page("/so-noi-vu/co-cau-to-chuc/", PHONE)
    nested = page.locator(".org-tree .org-children .org-name").first
    assert nested.inner_text() == "Tổ Kế toán"
    top = page.locator(".org-tree > .org-node > .org-box").first.bounding_box()
    assert top["width"] <= PHONE["width"]
    # Each unit links to its part of the directory, with no script needed.
    page.locator(".org-tree .org-name", has_text="Văn phòng").first.click()
    assert "/danh-ba/#don-vi-" in page.url
    assert page.locator(":target h2").inner_text() == "Văn phòng"
