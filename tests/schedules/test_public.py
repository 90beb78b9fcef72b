"""Public pages of section 5: week page, print view, province page, feeds' neighbours, registry."""

from datetime import time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.publishing import Status
from portal.sections import get_section
from schedules.amendments import amending
from schedules.weeks import IsoWeek
from tests.sitemaps import sitemap_text

from .factories import draft_week, entry, official, published_week

pytestmark = pytest.mark.django_db


def week_url(agency, iso=None, **params):
    url = agency.reverse("schedules:week")
    query = {"tuan": str(iso)} if iso else {}
    query.update(params)
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_current_week_is_shown_by_default_with_its_entries(client, agency):
    week = published_week(agency)
    entry(week, 0, content="Giao ban lãnh đạo Sở", participants="Trưởng các phòng", preparing_unit="Văn phòng")
    page = client.get(agency.reverse("schedules:week"))
    assert page.status_code == 200
    html = page.content.decode()
    assert IsoWeek.current().label in html
    assert "Giao ban lãnh đạo Sở" in html and "Trưởng các phòng" in html and "Văn phòng" in html
    assert "Giám đốc Nguyễn Văn An" in html
    assert '<th scope="rowgroup"' in html and '<th scope="col"' in html


def test_any_week_by_its_iso_name_and_the_links_around_it(client, agency):
    iso = IsoWeek(2026, 53)
    week = published_week(agency, iso)
    entry(week, 4, content="Tổng kết năm 2026")
    html = client.get(week_url(agency, iso)).content.decode()
    assert "Tuần 53 (28/12/2026 – 03/01/2027)" in html
    assert "Tổng kết năm 2026" in html
    assert "tuan=2026-W52" in html and "tuan=2027-W01" in html


@pytest.mark.parametrize("value", ["2025-W53", "hello", "2026-W99"])
def test_a_week_that_does_not_exist_is_a_404(client, agency, value):
    assert client.get(week_url(agency, value)).status_code == 404


def test_today_is_highlighted_in_words_not_colour_alone(client, agency):
    week = published_week(agency)
    today = timezone.localdate()
    entry(week, today.weekday(), content="Việc hôm nay")
    html = client.get(agency.reverse("schedules:week")).content.decode()
    assert 'aria-current="date"' in html
    assert '<span class="today-label">Hôm nay</span>' in html


def test_amended_added_and_cancelled_entries_are_marked_and_the_revision_shown(client, agency):
    week = published_week(agency)
    moved = entry(week, 0, content="Họp giao ban")
    dropped = entry(week, 1, content="Kiểm tra cơ sở")
    with amending(week) as batch:
        moved.start_time = time(14)
        moved.save()
        batch.delete(dropped)
        entry(week, 2, content="Tiếp đoàn công tác")
    week.refresh_from_db()
    html = client.get(agency.reverse("schedules:week")).content.decode()
    assert '<span class="badge badge-amended">Điều chỉnh</span> Họp giao ban' in html
    assert '<span class="badge badge-cancelled">Đã hủy</span> <s>Kiểm tra cơ sở</s>' in html
    assert '<span class="badge badge-added">Bổ sung</span> Tiếp đoàn công tác' in html
    assert "Điều chỉnh lần 1" in html
    assert timezone.localtime(week.amended_at).strftime("%H:%M %d/%m/%Y") in html


def test_an_amendment_shows_at_once_despite_the_page_cache(client, agency):
    week = published_week(agency)
    first = entry(week, 0, location="Phòng họp số 1")
    assert "Phòng họp số 1" in client.get(agency.reverse("schedules:week")).content.decode()
    with amending(week):
        first.location = "Hội trường tầng 3"
        first.save()
    html = client.get(agency.reverse("schedules:week")).content.decode()
    assert "Hội trường tầng 3" in html and "Điều chỉnh lần 1" in html


def test_filter_by_leader_from_the_directory_and_free_text(client, agency):
    week = published_week(agency)
    deputy = official(agency, "Trần Thị Bích", "Phó Giám đốc")
    mine = entry(week, 0, content="Họp của Phó Giám đốc", chair_text="")
    mine.chairs.add(deputy)
    entry(week, 1, content="Việc của Giám đốc", chair_text="Giám đốc Nguyễn Văn An")
    page = client.get(week_url(agency, IsoWeek.current(), **{"lanh-dao": deputy.pk})).content.decode()
    assert "Họp của Phó Giám đốc" in page and "Việc của Giám đốc" not in page
    assert f'<option value="{deputy.pk}" selected>Phó Giám đốc Trần Thị Bích</option>' in page
    page = client.get(week_url(agency, IsoWeek.current(), **{"lanh-dao": "t-giam-doc-nguyen-van-an"})).content.decode()
    assert "Việc của Giám đốc" in page and "Họp của Phó Giám đốc" not in page
    assert "lanh-dao=t-giam-doc-nguyen-van-an" in page  # the feed and week links keep the filter


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PENDING, Status.RETURNED, Status.UNPUBLISHED])
def test_an_unpublished_week_is_off_every_public_page(client, agency, status):
    week = draft_week(agency, status=status)
    entry(week, timezone.localdate().weekday(), content="Nội dung chưa duyệt")
    for url in (agency.reverse("schedules:week"), agency.reverse("schedules:week_print"),
                agency.reverse("schedules:ical"), "/lich-cong-tac/", agency.reverse("agency_home")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Nội dung chưa duyệt" not in response.content.decode(), url
    assert "Nội dung chưa duyệt" not in sitemap_text(client)
    assert "chưa được đăng" in client.get(agency.reverse("schedules:week")).content.decode()


def test_a_week_scheduled_for_later_stays_hidden_until_its_time(client, agency):
    week = published_week(agency, when=timezone.now() + timedelta(hours=2))
    entry(week, 0, content="Lịch hẹn giờ đăng")
    assert "Lịch hẹn giờ đăng" not in client.get(agency.reverse("schedules:week")).content.decode()


def test_another_agency_schedule_never_shows(client, agency, other_agency):
    entry(published_week(other_agency), 0, content="Lịch của Sở Khác")
    html = client.get(agency.reverse("schedules:week")).content.decode()
    assert "Lịch của Sở Khác" not in html


def test_print_view_is_a_standalone_a4_landscape_page(client, agency):
    week = published_week(agency)
    entry(week, 0, content="Giao ban")
    html = client.get(agency.reverse("schedules:week_print")).content.decode()
    assert "schedules-print.css" in html and "LỊCH CÔNG TÁC TUẦN" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Giao ban" in html
    assert "<main>" in html


def _fill(agency, weeks, per_day):
    this = IsoWeek.current()
    people = [official(agency, f"Lãnh đạo {i}", "Phó Giám đốc") for i in range(3)]
    for offset in range(weeks):
        week = published_week(agency, this - offset)
        for weekday in range(5):
            for n in range(per_day):
                item = entry(week, weekday, start=time(7 + n), content=f"Việc {offset}-{weekday}-{n}",
                             chair_text=f"Chủ trì {n}")
                item.chairs.add(people[n % 3])


def _count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["schedules:week", "schedules:week_print", "schedules:ical"])
def test_query_count_does_not_grow_with_the_schedule(client, agency, url_name):
    _fill(agency, weeks=1, per_day=1)
    small = _count(client, agency.reverse(url_name))
    week = agency.schedules_week_set.get()
    for weekday in range(7):
        for n in range(6):
            entry(week, weekday, start=time(8, n * 5), content=f"Thêm {weekday}-{n}").chairs.add(
                *week.entries.first().chairs.all())
    large = _count(client, agency.reverse(url_name))
    assert small == large
    assert large <= 7


def test_num_queries_of_the_week_page(client, agency, django_assert_num_queries):
    _fill(agency, weeks=2, per_day=3)
    cache.clear()
    # agency hosts and province (foundation, cached after the first request), the agency (middleware),
    # the week, its entries, their leaders
    with django_assert_num_queries(6):
        client.get(agency.reverse("schedules:week"))


def test_section_summary_reports_this_and_next_week(agency, other_agency):
    now = timezone.now()
    this = IsoWeek.current(now)
    current = published_week(agency, this, when=now - timedelta(days=4))
    following = published_week(agency, this.next, when=now - timedelta(hours=1))
    published_week(other_agency, this.previous)
    draft_week(other_agency, this)
    summaries = get_section("lich-cong-tac").summarize([agency.pk, other_agency.pk], now)
    mine, theirs = summaries[agency.pk], summaries[other_agency.pk]
    assert mine.count == 2
    assert mine.extra == {"current_week_published_at": current.published_at,
                          "next_week_published_at": following.published_at}
    assert theirs.count == 1
    assert theirs.extra == {"current_week_published_at": None, "next_week_published_at": None}
    assert mine.last_updated is not None


def test_section_summary_uses_two_queries_for_any_number_of_agencies(agency, other_agency,
                                                                    django_assert_num_queries):
    published_week(agency)
    published_week(other_agency)
    with django_assert_num_queries(2):
        get_section("lich-cong-tac").summarize([agency.pk, other_agency.pk, 999], timezone.now())


def test_sitemap_lists_published_weeks_only(client, agency):
    iso = IsoWeek.current()
    published_week(agency, iso)
    draft_week(agency, iso.next)
    xml = sitemap_text(client)
    assert f"tuan={iso}" in xml
    assert f"tuan={iso.next}" not in xml


def test_agency_home_block_names_the_latest_published_week(client, agency):
    iso = IsoWeek.current()
    published_week(agency, iso)
    draft_week(agency, iso.next)
    html = client.get(agency.reverse("agency_home")).content.decode()
    assert iso.label in html and iso.next.label not in html


def test_week_page_and_feed_on_an_agency_own_host_name(client, settings):
    from tests.factories import AgencyFactory

    settings.ALLOWED_HOSTS = ["testserver", "stn.vinhlong.gov.vn"]
    settings.PORTAL_BASE_URL = "https://congthongtin.vinhlong.gov.vn"
    own = AgencyFactory(slug="so-rieng", name="Sở Có Tên Miền Riêng", host="stn.vinhlong.gov.vn")
    entry(published_week(own), 0, content="Lịch trên tên miền riêng")
    page = client.get("/lich-cong-tac/", HTTP_HOST="stn.vinhlong.gov.vn")
    assert page.status_code == 200 and "Lịch trên tên miền riêng" in page.text
    assert 'href="https://congthongtin.vinhlong.gov.vn/lich-cong-tac/"' in page.text  # the province page
    feed = client.get("/lich-cong-tac/lich.ics", HTTP_HOST="stn.vinhlong.gov.vn")
    assert feed.status_code == 200 and b"stn.vinhlong.gov.vn/lich-cong-tac/?tuan=" in feed.content
