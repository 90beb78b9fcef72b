"""The week page (phone cards, desktop table), its print view and the province page in Chromium, with axe."""

from datetime import time

import pytest
from django.utils import timezone

from schedules.amendments import amending
from tests.conftest import DESKTOP, PHONE, assert_accessible, follow
from tests.factories import AgencyFactory

from .factories import entry, official, published_week

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def schedule(transactional_db):
    agency = AgencyFactory(slug="so-y-te", name="Sở Y tế tỉnh Vĩnh Long", short_name="Sở Y tế")
    week = published_week(agency)
    today = timezone.localdate().weekday()
    director = official(agency, "Nguyễn Văn An", "Giám đốc")
    first = entry(week, 0, start=time(7, 30), end_time=time(9), content="Giao ban Ban Giám đốc", chair_text="",
                  participants="Trưởng các phòng", preparing_unit="Văn phòng Sở")
    first.chairs.add(director)
    dropped = entry(week, 2, content="Kiểm tra cơ sở tại xã Cái Nhum")
    entry(week, today, start=time(14), content="Việc của hôm nay")
    with amending(week) as batch:
        first.location = "Hội trường B"
        first.save()
        batch.delete(dropped)
    return agency


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_week_page_is_responsive_and_accessible(open_page, schedule, viewport):
    page = open_page("/so-y-te/lich-cong-tac/", viewport)
    assert page.locator("h1").inner_text().startswith("Lịch công tác")
    assert page.locator(".revision-count").inner_text() == "Điều chỉnh lần 1"
    assert page.locator("tbody.is-today .today-label").inner_text() == "Hôm nay"
    assert page.locator(".badge-cancelled").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    header_visible = page.locator("thead").first.bounding_box()["height"] > 2
    # A table with its column headers on a desktop; one card per day (headers hidden) on a phone.
    assert header_visible == (viewport is DESKTOP)
    if viewport is PHONE:
        card = page.locator("tbody.day").first
        assert card.evaluate("e => getComputedStyle(e).display") == "block"
    assert_accessible(page)


def test_leader_filter_works_without_javascript(browser, live_server, schedule):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/so-y-te/lich-cong-tac/")
    page.select_option("#loc-lanh-dao", label="Giám đốc Nguyễn Văn An")
    follow(page, ".leader-filter button")
    assert "lanh-dao=" in page.url
    assert page.locator("td.cell-content").count() == 1
    assert "Giao ban Ban Giám đốc" in page.locator("td.cell-content").inner_text()
    context.close()


def test_print_view_and_province_page_are_accessible(open_page, schedule):
    page = open_page("/so-y-te/lich-cong-tac/in/", DESKTOP)
    assert "LỊCH CÔNG TÁC TUẦN" in page.locator("h1").inner_text()
    assert_accessible(page)
    page = open_page("/lich-cong-tac/?ngay=hom-nay", PHONE)
    assert page.locator("h1").inner_text() == "Lịch công tác các cơ quan, đơn vị"
    assert "Việc của hôm nay" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
