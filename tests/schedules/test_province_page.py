"""The province schedule page /lich-cong-tac/: one day at a time, now and later first, grouped by kind of
agency, filtered by kind, agency and leader, paged so it stays small and flat at 150 agencies."""

from datetime import datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agencies.models import Agency
from portal.publishing import Status
from schedules.models import Entry, Week
from schedules.views import PROVINCE_PAGE_SIZE
from schedules.weeks import IsoWeek
from tests.factories import AgencyFactory

from .factories import draft_week, entry, official, published_week

pytestmark = pytest.mark.django_db
PAGE = "/lich-cong-tac/"


def week_of(agency, day):
    iso = IsoWeek.from_date(day)
    return (Week.objects.filter(agency=agency, year=iso.year, week=iso.week).first()
            or published_week(agency, iso))


def on(agency, day, start, content, **kwargs):
    return entry(week_of(agency, day), day.weekday(), start=start, content=content, **kwargs)


def html(client, url=PAGE):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def at_ten(monkeypatch):
    """Today at 10:00 local time: entries ending before are "already over"."""
    moment = timezone.make_aware(datetime.combine(timezone.localdate(), time(10)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_now_and_later_first_the_earlier_entries_behind_a_link(client, agency, at_ten):
    today = timezone.localdate()
    on(agency, today, time(7), "Giao ban sáng sớm", end_time=time(8))
    on(agency, today, time(9, 30), "Họp đang diễn ra", end_time=time(11))
    on(agency, today, time(14), "Tiếp công dân buổi chiều")
    on(agency, today + timedelta(days=1), time(8), "Việc ngày mai")
    page = html(client)
    assert "Họp đang diễn ra" in page and "Tiếp công dân buổi chiều" in page
    assert "Giao ban sáng sớm" not in page and "Việc ngày mai" not in page
    assert "Xem cả 1 mục đã qua trong ngày" in page and "?ngay=hom-nay" in page
    whole = html(client, PAGE + "?ngay=hom-nay")
    assert "Giao ban sáng sớm" in whole and "Tiếp công dân buổi chiều" in whole and "Việc ngày mai" not in whole
    tomorrow = html(client, PAGE + "?ngay=ngay-mai")
    assert "Việc ngày mai" in tomorrow and "Họp đang diễn ra" not in tomorrow


def test_the_day_after_tomorrow_and_yesterday_never_show(client, agency):
    today = timezone.localdate()
    on(agency, today + timedelta(days=2), time(8), "Việc ngày kia")
    on(agency, today - timedelta(days=1), time(8), "Việc hôm qua")
    for which in ("", "hom-nay", "ngay-mai", "hom-kia"):
        page = html(client, f"{PAGE}?ngay={which}")
        assert "Việc ngày kia" not in page and "Việc hôm qua" not in page


def test_grouped_by_kind_office_then_departments_then_communes(client, agency):
    today = timezone.localdate()
    commune = AgencyFactory(slug="xa-an-binh", name="UBND xã An Bình", short_name="Xã An Bình",
                            kind=Agency.Kind.COMMUNE, order=1)
    office = AgencyFactory(slug="vp-ubnd", name="Văn phòng UBND tỉnh", short_name="VP UBND",
                           kind=Agency.Kind.PROVINCIAL_OFFICE, order=50)
    on(commune, today, time(8), "Việc của xã")
    on(agency, today, time(8), "Việc của sở")
    on(office, today, time(8), "Việc của văn phòng")
    page = html(client, PAGE + "?ngay=hom-nay")
    assert page.index("Việc của văn phòng") < page.index("Việc của sở") < page.index("Việc của xã")
    assert page.index("Văn phòng UBND tỉnh</h3>") < page.index("Sở, ban, ngành cấp tỉnh</h3>") \
        < page.index("UBND xã, phường, đặc khu</h3>")


def test_filter_by_kind_agency_and_leader(client, agency, other_agency):
    today = timezone.localdate()
    commune = AgencyFactory(slug="xa-an-binh", name="UBND xã An Bình", short_name="Xã An Bình",
                            kind=Agency.Kind.COMMUNE)
    director = official(agency, "Lê Văn Định", "Giám đốc")
    on(agency, today, time(8), "Họp do giám đốc chủ trì", chair_text="").chairs.add(director)
    on(other_agency, today, time(8), "Họp của sở khác", chair_text="Phó Giám đốc Trần Thị Mai")
    on(commune, today, time(8), "Họp của xã", chair_text="Chủ tịch Phạm Văn Xuân")
    by_kind = html(client, PAGE + "?ngay=hom-nay&loai=commune")
    assert "Họp của xã" in by_kind and "Họp của sở khác" not in by_kind
    by_agency = html(client, PAGE + "?ngay=hom-nay&co_quan=so-khac")
    assert "Họp của sở khác" in by_agency and "Họp do giám đốc chủ trì" not in by_agency
    assert '<option value="so-khac" selected>' in by_agency
    by_official = html(client, PAGE + "?ngay=hom-nay&lanh_dao=Văn Định")
    assert "Họp do giám đốc chủ trì" in by_official and "Họp của xã" not in by_official
    by_text = html(client, PAGE + "?ngay=hom-nay&lanh_dao=Thị Mai")
    assert "Họp của sở khác" in by_text and "Họp do giám đốc chủ trì" not in by_text
    # the day is kept by the form
    assert 'name="ngay" value="hom-nay"' in by_text


@pytest.mark.parametrize("query", ["loai=district", "loai=<script>", "co_quan=khong-co", "co_quan=%00",
                                   "lanh_dao=" + "x" * 500, "lanh_dao=%27%3B--", "page=999", "page=-1",
                                   "ngay=%3Cb%3E", "loai[]=commune"])
def test_hostile_or_unknown_filters_are_harmless(client, agency, query):
    on(agency, timezone.localdate(), time(23, 30), "Việc tối muộn")
    page = html(client, f"{PAGE}?{query}")
    assert "<script>" not in page and "<b>" not in page


def test_unpublished_weeks_and_inactive_agencies_never_show(client, agency, other_agency):
    today = timezone.localdate()
    entry(draft_week(other_agency, IsoWeek.from_date(today)), today.weekday(), content="Lịch chưa duyệt")
    entry(published_week(agency, IsoWeek.from_date(today), when=timezone.now() + timedelta(hours=2)),
          today.weekday(), content="Lịch hẹn giờ đăng")
    gone = AgencyFactory(slug="so-giai-the", short_name="Sở cũ", is_active=False)
    on(gone, today, time(8), "Cơ quan đã giải thể")
    for which in ("hom-nay", ""):
        page = html(client, f"{PAGE}?ngay={which}")
        assert "Lịch chưa duyệt" not in page and "Lịch hẹn giờ đăng" not in page
        assert "Cơ quan đã giải thể" not in page and "Sở cũ" not in page


def _seed(count, per_day):
    """``count`` agencies (1 office, one in ten a department, the rest communes) with ``per_day`` entries today and
    tomorrow, each chaired by a directory official and a free-text leader."""
    today = timezone.localdate()
    published = timezone.now() - timedelta(days=3)
    have = Agency.objects.count()
    agencies = []
    for i in range(have, count):
        kind = (Agency.Kind.PROVINCIAL_OFFICE if i == 0 else Agency.Kind.DEPARTMENT if i % 10 == 1
                else Agency.Kind.COMMUNE)
        agencies.append(AgencyFactory(slug=f"co-quan-{i}", name=f"Cơ quan thử tải số {i} tỉnh Vĩnh Long",
                                      short_name=f"Cơ quan {i}", kind=kind, order=i))
    entries, chairs = [], []
    for agency in agencies:
        leader = official(agency, f"Nguyễn Văn {agency.pk}", "Giám đốc")
        for day in (today, today + timedelta(days=1)):
            iso = IsoWeek.from_date(day)
            week, _ = Week.objects.get_or_create(agency=agency, year=iso.year, week=iso.week, defaults={
                "status": Status.PUBLISHED, "published_at": published})
            for n in range(per_day):
                start = time(6 + n * 17 // per_day, 0)
                entries.append(Entry(agency=agency, week=week, date=day, start_time=start,
                                     end_time=time(23, 59), period=Entry.period_for(start),
                                     content=f"Hội nghị triển khai nhiệm vụ trọng tâm số {n} của cơ quan",
                                     chair_text="Phó Giám đốc Trần Thị Bích", location="Phòng họp số 1, tầng 2"))
                chairs.append(leader)
    Entry.objects.bulk_create(entries, batch_size=1000)
    link = Entry.chairs.through
    link.objects.bulk_create([link(entry_id=e.pk, official_id=o.pk) for e, o in zip(entries, chairs, strict=True)],
                             batch_size=1000)


def _measure(client, url):
    cache.clear()
    client.get(url)  # foundation lookups cached after the first request, as in production
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content), response.content.decode()


URLS = [PAGE, PAGE + "?ngay=hom-nay", PAGE + "?ngay=ngay-mai&page=3", PAGE + "?ngay=hom-nay&loai=commune&page=2",
        PAGE + "?ngay=hom-nay&lanh_dao=Bích"]


def test_flat_queries_and_under_100_kb_from_5_to_150_agencies(client):
    _seed(5, 10)
    small = {url: _measure(client, url)[0] for url in URLS}
    _seed(150, 10)
    for url in URLS:
        queries, size, page = _measure(client, url)
        assert queries == small[url], url
        assert queries <= 9, url
        assert size < 100 * 1024, (url, size)
    # 150 agencies x 10 entries: every entry of the day is reachable through the pages
    _q, _size, page = _measure(client, PAGE + "?ngay=hom-nay")
    assert f"1500 mục, trang 1/{-(-1500 // PROVINCE_PAGE_SIZE)}" in page
    assert page.count('<tr class="entry') == PROVINCE_PAGE_SIZE
    last = _measure(client, PAGE + f"?ngay=hom-nay&page={-(-1500 // PROVINCE_PAGE_SIZE)}")[2]
    assert "Cơ quan 149" in last
