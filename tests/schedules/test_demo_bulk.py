"""Demo schedules (idempotent, marked as sample data, with real amendments) and the bulk seeder."""

import io

import pytest
from django.utils import timezone

from agencies.models import Agency
from portal.demo import DemoContext
from schedules.bulk import seed_schedules
from schedules.demo import SAMPLE_NOTE, load_schedules
from schedules.models import Entry, Week
from schedules.weeks import IsoWeek
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_demo_fills_six_weeks_with_amendments_and_is_idempotent(agency):
    commune = AgencyFactory(slug="xa-cai-nhum", name="Ủy ban nhân dân xã Cái Nhum", kind=Agency.Kind.COMMUNE)
    context = DemoContext(password="x", stdout=io.StringIO(), now=timezone.now(),
                          agencies={agency.slug: agency, commune.slug: commune})
    load_schedules(context)
    weeks, entries = Week.objects.count(), Entry.objects.count()
    this = IsoWeek.current()
    assert set(Week.objects.filter(agency=agency).values_list("week", flat=True)) == {
        (this + offset).week for offset in range(-4, 2)}
    assert Week.objects.published().filter(agency=agency).count() == 5
    current = Week.objects.get(agency=agency, year=this.year, week=this.week)
    assert current.revision == 1 and current.note == SAMPLE_NOTE
    assert set(current.entries.values_list("state", flat=True)) >= {"amended", "cancelled", "added"}
    assert Entry.objects.filter(agency=commune, content__contains="Tiếp công dân").exists()
    load_schedules(context)
    assert (Week.objects.count(), Entry.objects.count()) == (weeks, entries)


def test_bulk_seeder_adds_published_weeks_up_to_next_week(agency, other_agency):
    out = io.StringIO()
    seed_schedules([agency, other_agency], {"schedule_weeks": 3, "schedule_entries": 15}, out)
    assert Week.objects.published().count() == 6
    assert Entry.objects.count() == 6 * 15
    this = IsoWeek.current()
    assert set(Week.objects.filter(agency=agency).values_list("week", flat=True)) == {
        this.next.week, this.week, this.previous.week}
    seed_schedules([agency, other_agency], {"schedule_weeks": 3, "schedule_entries": 15}, out)
    assert Entry.objects.count() == 6 * 15
    assert "Lịch công tác: 6 tuần, 90 mục" in out.getvalue()
