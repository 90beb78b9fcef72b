"""Fake sections registered for these tests only, so the review is tested whatever the other apps do.

``fake_sections`` swaps the real registry for five sections that name the real rule kinds; each ``summarize`` answers from an in-memory store in exactly one query, like a real
aggregate query would.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agencies.models import Agency
from portal import sections as registry
from portal.sections import Section, SectionSummary

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args):
    return datetime(*args, tzinfo=TZ)


class FakeStore:
    def __init__(self):
        self.data = {}
        self.calls = []

    def set(self, key, agency, count=1, last_updated=None, **extra):
        self.data.setdefault(key, {})[agency.pk] = SectionSummary(count, last_updated, extra)

    def summarizer(self, key):
        def summarize(agency_ids, now):
            self.calls.append((key, len(list(agency_ids))))
            ids = set(Agency.objects.filter(pk__in=list(agency_ids)).values_list("pk", flat=True))
            return {pk: summary for pk, summary in self.data.get(key, {}).items() if pk in ids}

        return summarize


FAKES = [
    (1, "gioi-thieu", "Giới thiệu chung", "static", {"kind": "static_content"}),
    (5, "lich-cong-tac", "Lịch công tác tuần", "continuous", {"kind": "weekly_schedule"}),
    (6, "tin-tuc", "Tin tức hoạt động", "continuous", {"kind": "recent_news", "days": 7}),
    (7, "kinh-te-xa-hoi", "Thông tin kinh tế - xã hội", "continuous", {"kind": "ktxh_period"}),
    (8, "van-ban-di-den", "Công văn đi – đến", "continuous", {"kind": "recent_dispatches"}),
]


@pytest.fixture
def fake_sections():
    saved = registry.all_sections()
    for section in saved:
        registry.unregister(section.key)
    store = FakeStore()
    for number, key, title, frequency, rule in FAKES:
        registry.register(Section(
            number=number, key=key, title=title, url_name="agency_home", path=key,
            update_rule="Cập nhật theo quy định", frequency=frequency, summarize=store.summarizer(key), rule=rule,
        ))
    yield store
    for _n, key, *_rest in FAKES:
        registry.unregister(key)
    for section in saved:
        registry.register(section)


@pytest.fixture
def complete(fake_sections):
    """``complete(agency, now)``: give an agency fresh content in every fake section."""

    def fill(agency, now):
        store = fake_sections
        store.set("gioi-thieu", agency, 3, now)
        store.set("lich-cong-tac", agency, 2, now, current_week_published_at=now - timedelta(days=7),
                  next_week_published_at=now - timedelta(days=7))
        store.set("tin-tuc", agency, 10, now)
        month = now.date().replace(day=1)
        store.set("kinh-te-xa-hoi", agency, 4, now, owns_indicators=True, latest_month=month)
        store.set("van-ban-di-den", agency, 20, now)

    return fill
