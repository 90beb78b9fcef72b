"""iCalendar feeds: parsed back with the icalendar library and checked."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from schedules.amendments import amending
from schedules.weeks import IsoWeek

from .factories import draft_week, entry, official, published_week

pytestmark = pytest.mark.django_db


def fetch(client, agency, **params):
    url = agency.reverse("schedules:ical")
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_feed_carries_the_published_entries_with_time_zone_and_details(client, agency):
    week = published_week(agency)
    entry(week, 0, start=time(7, 30), end_time=time(9), content="Giao ban lãnh đạo Sở",
          participants="Trưởng các phòng", preparing_unit="Văn phòng Sở", location="Phòng họp số 1")
    calendar = fetch(client, agency)
    assert str(calendar["X-WR-CALNAME"]) == f"Lịch công tác — {agency.name}"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    event = events(calendar)["Giao ban lãnh đạo Sở"]
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == timedelta(hours=7)
    assert (start.date(), start.time()) == (week.iso_week.monday, time(7, 30))
    assert event.decoded("DTEND").time() == time(9)
    assert str(event["LOCATION"]) == "Phòng họp số 1"
    assert "Chủ trì: Giám đốc Nguyễn Văn An" in str(event["DESCRIPTION"])
    assert "Thành phần: Trưởng các phòng" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert f"tuan={week.iso_week}" in str(event["URL"])


def test_uids_are_stable_and_amendments_raise_the_sequence(client, agency):
    week = published_week(agency)
    first = entry(week, 0, content="Họp giao ban")
    dropped = entry(week, 1, content="Kiểm tra cơ sở")
    before = events(fetch(client, agency))
    with amending(week) as batch:
        first.start_time = time(15)
        first.save()
        batch.delete(dropped)
    after = events(fetch(client, agency))
    assert after["Họp giao ban"]["UID"] == before["Họp giao ban"]["UID"] == f"{first.uid}@lich-cong-tac"
    assert after["Họp giao ban"].decoded("SEQUENCE") == 1 > before["Họp giao ban"].decoded("SEQUENCE")
    assert after["Họp giao ban"].decoded("DTSTART").time() == time(15)
    cancelled = after["[Hủy] Kiểm tra cơ sở"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["UID"] == before["Kiểm tra cơ sở"]["UID"]
    assert cancelled.decoded("SEQUENCE") == 1


def test_unpublished_and_scheduled_weeks_are_off_the_feed(client, agency):
    this = IsoWeek.current()
    entry(draft_week(agency, this), 0, content="Bản nháp")
    entry(published_week(agency, this.next, when=timezone.now() + timedelta(hours=3)), 0, content="Hẹn giờ")
    entry(published_week(agency, this.previous), 0, content="Tuần trước")
    names = set(events(fetch(client, agency)))
    assert names == {"Tuần trước"}


def test_feed_of_one_leader(client, agency):
    week = published_week(agency)
    deputy = official(agency, "Trần Thị Bích", "Phó Giám đốc")
    entry(week, 0, content="Việc của Phó Giám đốc", chair_text="").chairs.add(deputy)
    entry(week, 1, content="Việc của Giám đốc")
    calendar = fetch(client, agency, **{"lanh-dao": str(deputy.pk)})
    assert set(events(calendar)) == {"Việc của Phó Giám đốc"}
    assert "Phó Giám đốc Trần Thị Bích" in str(calendar["X-WR-CALNAME"])
    calendar = fetch(client, agency, **{"lanh-dao": "t-giam-doc-nguyen-van-an"})
    assert set(events(calendar)) == {"Việc của Giám đốc"}


def test_a_directory_leader_with_nothing_scheduled_gets_an_empty_feed_not_a_404(client, agency):
    deputy = official(agency)
    assert list(fetch(client, agency, **{"lanh-dao": str(deputy.pk)}).walk("VEVENT")) == []


def test_another_agency_official_or_an_unpublished_one_is_a_404(client, agency, other_agency):
    stranger = official(other_agency, "Người Sở Khác")
    hidden = official(agency, "Chưa công khai", published=False)
    url = agency.reverse("schedules:ical")
    assert client.get(url, {"lanh-dao": str(stranger.pk)}).status_code == 404
    assert client.get(url, {"lanh-dao": str(hidden.pk)}).status_code == 404


def test_old_weeks_fall_out_of_the_feed(client, agency):
    entry(published_week(agency, IsoWeek.current() - 20), 0, content="Rất cũ")
    assert list(fetch(client, agency).walk("VEVENT")) == []


def test_the_calendar_itself_has_a_stable_uid_and_a_refresh_hint(client, agency):
    entry(published_week(agency), 0)
    first, second = fetch(client, agency), fetch(client, agency, **{"lanh-dao": "t-giam-doc-nguyen-van-an"})
    assert first["UID"] == fetch(client, agency)["UID"] != second["UID"]
    assert str(first["X-PUBLISHED-TTL"]) == "PT1H"


def test_a_hidden_official_chairing_stays_off_the_page_the_feed_the_filter_and_the_api(client, agency):
    week = published_week(agency)
    hidden = official(agency, "Lê Văn Ẩn Danh", "Phó Giám đốc", published=False)
    today = timezone.localdate().weekday()
    entry(week, today, start=time(23, 30), content="Họp chuyên đề", chair_text="").chairs.add(hidden)
    entry(week, today, start=time(23, 30), content="Họp công khai", chair_text="Ẩn Danh Bí Danh")
    province = client.get("/lich-cong-tac/", {"ngay": "hom-nay"}).content.decode()
    assert "Họp chuyên đề" in province and "Lê Văn Ẩn Danh" not in province
    page = client.get(agency.reverse("schedules:week")).content.decode()
    assert "Họp chuyên đề" in page and "Lê Văn Ẩn Danh" not in page
    calendar = fetch(client, agency)
    assert "Lê Văn Ẩn Danh" not in calendar.to_ical().decode()
    filtered = client.get("/lich-cong-tac/", {"ngay": "hom-nay", "lanh_dao": "Ẩn Danh"}).content.decode()
    assert "Họp công khai" in filtered and "Họp chuyên đề" not in filtered
    api = client.get("/api/v1/schedule-entries", {"agency": agency.slug, "leader": hidden.pk}).json()
    assert api["items"] == []
