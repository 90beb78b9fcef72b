from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ktxh_sync.models import Indicator, Report, Source
from ktxh_sync.sync import run_source
from portal.publishing import Status
from portal.sections import get_section
from tests.factories import AgencyFactory


def test_section_7_is_registered_with_its_pages():
    section = get_section("ktxh")
    assert section.number == 7 and section.path == "kinh-te-xa-hoi"
    assert section.province_block_template and section.agency_block_template


def test_summary_extra_for_compliance(agency, other_agency, monthly_source, catalogue):
    now = timezone.now()
    run_source(monthly_source)
    Report.objects.create(agency=agency, title="Năm 2025", frequency="year", period=date(2025, 1, 1),
                          status=Status.PUBLISHED, published_at=now - timedelta(days=2))
    Report.objects.create(agency=agency, title="Quý nháp", frequency="quarter", period=date(2026, 7, 1))
    summary = get_section("ktxh").summarize([agency.pk, other_agency.pk], now)
    mine = summary[agency.pk]
    assert mine.count == 145 and mine.last_updated is not None
    assert mine.extra == {"owns_indicators": True, "latest_month": date(2026, 11, 1), "latest_quarter": None,
                          "latest_year": date(2025, 1, 1)}
    assert other_agency.pk not in summary  # nothing at all: the compliance app reads a default


def test_a_configured_source_alone_means_owning_indicators(other_agency, catalogue):
    Source.objects.create(agency=other_agency, name="x", kind="csv", url="http://127.0.0.1/x.csv")
    extra = get_section("ktxh").summary_for(other_agency).extra
    assert extra["owns_indicators"] and extra["latest_month"] is None


def test_inactive_indicators_do_not_count(agency, monthly_source):
    run_source(monthly_source)
    Indicator.objects.update(is_active=False)
    assert get_section("ktxh").summary_for(agency).extra["latest_month"] is None


def test_summarize_uses_four_queries_for_any_number_of_agencies(catalogue):
    agencies = [AgencyFactory() for _ in range(15)]
    with CaptureQueriesContext(connection) as captured:
        get_section("ktxh").summarize([a.pk for a in agencies], timezone.now())
    assert len(captured) == 4  # figures, reports, sources, and the province office whose figures they integrate
