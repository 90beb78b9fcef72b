"""Demo data: a year of registers, the 459/UBND-TTTH letter in 2006, one totals-only agency; idempotent."""

import io
from datetime import date

import pytest
from django.utils import timezone

from dispatches.demo import load_dispatches
from dispatches.models import Dispatch, DispatchSettings, PeriodTotal
from dispatches.stats import dispatch_counts, year_of
from portal.demo import DemoContext
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_demo_is_realistic_and_idempotent():
    agencies = {slug: AgencyFactory(slug=slug) for slug in ("vp-ubnd", "xa-cai-nhum", "so-y-te")}
    context = DemoContext(password="x", stdout=io.StringIO(), now=timezone.now(), agencies=agencies)
    load_dispatches(context)
    office = agencies["vp-ubnd"]
    count = Dispatch.objects.count()
    assert Dispatch.objects.filter(agency=office).count() > 1000
    letter = Dispatch.objects.get(agency=office, code_number="459", code_notation="UBND-TTTH")
    assert letter.issued_date == date(2006, 3, 15) and letter.year == 2006 and letter.direction == "di"
    assert sum(dispatch_counts([year_of(date(2006, 1, 1))], [office.pk])["nam"].values()) == 1
    assert DispatchSettings.objects.get(agency=agencies["so-y-te"]).mode == "totals"
    assert PeriodTotal.objects.filter(agency=agencies["so-y-te"]).count() == 12
    load_dispatches(DemoContext(password="x", stdout=io.StringIO(), now=context.now, agencies=agencies))
    assert Dispatch.objects.count() == count
    assert PeriodTotal.objects.count() == 12


def test_sample_files_are_in_the_repository():
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "dispatches" / "samples"
    assert {p.name for p in samples.iterdir()} >= {"so-van-ban-di-phu-luc-vi.csv", "so-van-ban-den-windows-1258.csv",
                                                   "so-van-ban.xlsx"}
