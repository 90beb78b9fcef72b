"""A province with something public and something hidden in every section, for the read API.

Public texts carry CONGKHAI, hidden ones (draft, pending, returned, scheduled, unpublished, not
public, in an unpublished unit, of an inactive agency or indicator, register details withheld)
carry BIMAT: no API response may contain BIMAT.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ktxh_sync.models import Indicator, Observation, Report
from organization.models import Official, OrgUnit
from portal.publishing import Status
from schedules.weeks import IsoWeek
from tests.content.factories import draft_article, functions_page, introduction, published_article
from tests.dispatches.factories import incoming, outgoing
from tests.factories import AgencyFactory
from tests.procedures.factories import cite, document, form, procedure
from tests.schedules.factories import draft_week, entry, published_week

HIDDEN = "BIMAT"
PUBLIC = "CONGKHAI"


def _unit(agency, name, status=Status.PUBLISHED, parent=None):
    return OrgUnit.objects.create(
        agency=agency, name=name, parent=parent, kind=OrgUnit.Kind.DIVISION, status=status,
        published_at=timezone.now() - timedelta(days=2) if status == Status.PUBLISHED else None)


def _official(agency, unit, name, status=Status.PUBLISHED, **extra):
    return Official.objects.create(
        agency=agency, unit=unit, full_name=name, title="Chuyên viên", group=Official.Group.SPECIALIST,
        status=status, published_at=timezone.now() - timedelta(days=2) if status == Status.PUBLISHED else None,
        email=f"{abs(hash(name)) % 10**6}@vinhlong.gov.vn", **extra)


def populate(agency, tag=""):
    now = timezone.now()
    world = {}
    world["intro"] = introduction(agency, title=f"{PUBLIC} giới thiệu {tag}")
    functions_page(agency, title=f"{HIDDEN} chức năng nháp {tag}", status=Status.DRAFT, published_at=None)
    world["article"] = published_article(agency, title=f"{PUBLIC} tin {tag}")
    draft_article(agency, title=f"{HIDDEN} tin nháp {tag}")
    published_article(agency, title=f"{HIDDEN} tin chờ duyệt {tag}", status=Status.PENDING)
    published_article(agency, title=f"{HIDDEN} tin bị trả {tag}", status=Status.RETURNED)
    world["scheduled"] = published_article(agency, title=f"{HIDDEN} tin hẹn giờ {tag}",
                                           published_at=now + timedelta(days=3))
    published_article(agency, title=f"{HIDDEN} tin gỡ xuống {tag}", status=Status.UNPUBLISHED)

    world["procedure"] = procedure(agency, name=f"{PUBLIC} thủ tục {tag}")
    procedure(agency, name=f"{HIDDEN} thủ tục nháp {tag}", status=Status.DRAFT)
    cite(world["procedure"], document(agency, number=f"{HIDDEN}-1/{tag}", summary=f"{HIDDEN} văn bản nháp",
                                      status=Status.DRAFT))
    cite(world["procedure"], document(agency, number=f"{PUBLIC}-2/{tag}", summary=f"{PUBLIC} văn bản"))
    form(world["procedure"], title=f"{PUBLIC} tờ khai {tag}")

    board = _unit(agency, f"{PUBLIC} Ban Giám đốc {tag}")
    hidden_unit = _unit(agency, f"{HIDDEN} phòng nháp {tag}", status=Status.DRAFT)
    _unit(agency, f"{HIDDEN} tổ dưới phòng nháp {tag}", parent=hidden_unit)
    world["official"] = _official(agency, board, f"{PUBLIC} Nguyễn Văn {tag}")
    _official(agency, board, f"{HIDDEN} Không công khai {tag}", is_public=False)
    _official(agency, board, f"{HIDDEN} Cán bộ nháp {tag}", status=Status.DRAFT)
    _official(agency, hidden_unit, f"{HIDDEN} Trong phòng nháp {tag}")
    world["unit"] = board

    week = published_week(agency)
    world["entry"] = entry(week, content=f"{PUBLIC} họp giao ban {tag}", chair_text="")
    world["entry"].chairs.add(world["official"])
    hidden_chair = Official.objects.get(full_name=f"{HIDDEN} Không công khai {tag}")
    entry(week, weekday=1, content=f"{PUBLIC} họp chủ trì ẩn {tag}", chair_text="").chairs.add(hidden_chair)
    entry(draft_week(agency, iso=IsoWeek.current().next), content=f"{HIDDEN} họp tuần nháp {tag}")
    world["week"] = week

    indicator, _ = Indicator.objects.get_or_create(code="APITEST", defaults={
        "name": f"{PUBLIC} chỉ tiêu", "unit": "%", "frequency": "month"})
    retired, _ = Indicator.objects.get_or_create(code="APIRETIRED", defaults={
        "name": f"{HIDDEN} chỉ tiêu ngừng", "unit": "%", "frequency": "month", "is_active": False})
    world["observation"] = Observation.objects.create(
        agency=agency, indicator=indicator, period=date(2026, 10, 1), value=Decimal("101.5"), fetched_at=now,
        source_name=f"{PUBLIC} nguồn")
    Observation.objects.create(agency=agency, indicator=retired, period=date(2026, 10, 1), value=Decimal("7"),
                               fetched_at=now, source_name=f"{HIDDEN} nguồn ngừng")
    world["report"] = Report.objects.create(agency=agency, title=f"{PUBLIC} báo cáo {tag}", frequency="month",
                                            period=date(2026, 10, 1), status=Status.PUBLISHED,
                                            published_at=now - timedelta(days=1))
    Report.objects.create(agency=agency, title=f"{HIDDEN} báo cáo nháp {tag}", frequency="month",
                          period=date(2026, 9, 1), status=Status.PENDING)

    today = timezone.localdate()
    world["dispatch"] = outgoing(agency, today, summary=f"{PUBLIC} công văn {tag}")
    incoming(agency, today, summary=f"{HIDDEN} công văn không công khai {tag}", publish_details=False)
    return world


@pytest.fixture
def world(agency, other_agency):
    result = populate(agency, "A")
    result["other"] = populate(other_agency, "B")
    gone = AgencyFactory(slug="huyen-cu", name=f"{HIDDEN} Huyện cũ", short_name="Huyện cũ", is_active=False)
    published_article(gone, title=f"{HIDDEN} tin của huyện cũ")
    procedure(gone, name=f"{HIDDEN} thủ tục huyện cũ")
    outgoing(gone, timezone.localdate(), summary=f"{HIDDEN} công văn huyện cũ")
    result["inactive"] = gone
    return result
