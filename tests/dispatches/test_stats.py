"""Counts in both modes, over year boundaries, and matching the register."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dispatches.models import Direction, Dispatch, DocumentType, PeriodTotal
from dispatches.stats import (
    dispatch_counts,
    last_months,
    month_of,
    quarter_of,
    range_period,
    standard_periods,
    week_of,
    year_of,
)

from .factories import incoming, outgoing, period, totals_mode

IN, OUT = Direction.INCOMING, Direction.OUTGOING
QD, CV = DocumentType.QUYET_DINH, DocumentType.CONG_VAN
pytestmark = pytest.mark.django_db


def test_standard_periods_of_a_day():
    week, month, quarter, year = standard_periods(date(2026, 3, 18))
    assert (week.start, week.end) == (date(2026, 3, 16), date(2026, 3, 22))
    assert (month.start, month.end) == (date(2026, 3, 1), date(2026, 3, 31))
    assert (quarter.start, quarter.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (year.start, year.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert str(quarter.label) == "Quý I/2026"
    # A week across the new year belongs to both years' dates.
    assert week_of(date(2026, 1, 1)).start == date(2025, 12, 29)
    months = last_months(date(2026, 2, 10))
    assert len(months) == 12 and months[0].start == date(2025, 3, 1) and months[-1].end == date(2026, 2, 28)


def test_register_counts_by_direction_and_type(agency, other_agency):
    incoming(agency, date(2026, 3, 16), doc_type=QD)
    incoming(agency, date(2026, 3, 17), doc_type=CV)
    outgoing(agency, date(2026, 3, 18), doc_type=CV)
    outgoing(agency, date(2026, 4, 2), doc_type=CV)
    outgoing(other_agency, date(2026, 3, 18), doc_type=CV)
    march = month_of(date(2026, 3, 1))
    counts = dispatch_counts([march, quarter_of(date(2026, 3, 1)), year_of(date(2026, 1, 1))], [agency.pk])
    assert dict(counts[march.key]) == {(IN, QD): 1, (IN, CV): 1, (OUT, CV): 1}
    assert sum(counts["quy"].values()) == 3
    assert sum(counts["nam"].values()) == 4


def test_incoming_counts_on_arrival_date_across_the_year_boundary(agency):
    # Issued on 30/12/2025, arrived 02/01/2026: an incoming dispatch of 2026.
    incoming(agency, date(2026, 1, 2), issued=date(2025, 12, 30))
    outgoing(agency, date(2025, 12, 31))
    outgoing(agency, date(2026, 1, 1))
    counts = dispatch_counts([week_of(date(2026, 1, 1))], [agency.pk])
    y2025 = dispatch_counts([year_of(date(2025, 6, 1))], [agency.pk])["nam"]
    y2026 = dispatch_counts([year_of(date(2026, 6, 1))], [agency.pk])["nam"]
    assert dict(y2025) == {(OUT, CV): 1}
    assert dict(y2026) == {(IN, CV): 1, (OUT, CV): 1}
    # The week of 29/12/2025 - 04/01/2026 holds all three.
    assert sum(counts["tuan"].values()) == 3


def test_numbers_restart_each_year(agency):
    outgoing(agency, date(2025, 5, 1), code_number="1", code_notation="UBND-VP")
    outgoing(agency, date(2026, 5, 1), code_number="1", code_notation="UBND-VP")
    assert Dispatch.objects.filter(agency=agency).count() == 2
    duplicate = Dispatch(agency=agency, direction=OUT, doc_type=CV, code_number="1", code_notation="UBND-VP",
                         issued_date=date(2026, 9, 1), summary="Trùng số")
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_totals_mode_reads_periods_not_the_register(agency):
    totals_mode(agency)
    outgoing(agency, date(2026, 3, 18))  # ignored: the agency reports totals
    period(agency, date(2026, 3, 1), {(IN, QD): 5, (OUT, CV): 7})
    period(agency, date(2026, 4, 1), {(IN, QD): 2})
    march, q1 = month_of(date(2026, 3, 5)), quarter_of(date(2026, 3, 5))
    counts = dispatch_counts([march, q1, year_of(date(2026, 1, 1))], [agency.pk])
    assert dict(counts["thang"]) == {(IN, QD): 5, (OUT, CV): 7}
    assert dict(counts["quy"]) == {(IN, QD): 5, (OUT, CV): 7}
    assert dict(counts["nam"]) == {(IN, QD): 7, (OUT, CV): 7}


def test_a_weekly_period_counts_on_its_first_day(agency):
    totals_mode(agency)
    period(agency, date(2025, 12, 29), {(OUT, CV): 4}, kind=PeriodTotal.Kind.WEEK)
    assert sum(dispatch_counts([year_of(date(2025, 1, 1))], [agency.pk])["nam"].values()) == 4
    assert sum(dispatch_counts([year_of(date(2026, 1, 1))], [agency.pk])["nam"].values()) == 0


def test_province_sums_both_modes(agency, other_agency):
    totals_mode(other_agency)
    outgoing(agency, date(2026, 3, 18))
    period(other_agency, date(2026, 3, 1), {(IN, QD): 5})
    counts = dispatch_counts([month_of(date(2026, 3, 1))], [agency.pk, other_agency.pk],
                             by=("agency_id", "direction"))["thang"]
    assert dict(counts) == {(agency.pk, OUT): 1, (other_agency.pk, IN): 5}
    assert sum(dispatch_counts([month_of(date(2026, 3, 1))], None, by=("direction",))["thang"].values()) == 6


def test_counts_match_the_register(agency):
    import random

    rng = random.Random(7)
    for i in range(60):
        day = date(2026, 1, 1).replace(month=rng.randint(1, 12), day=rng.randint(1, 28))
        doc_type = rng.choice([CV, QD, DocumentType.THONG_TU])
        if rng.random() < 0.5:
            incoming(agency, day, doc_type=doc_type, code_number=f"{i}")
        else:
            outgoing(agency, day, doc_type=doc_type, code_number=f"{i}")
    periods = [range_period(date(2026, 2, 10), date(2026, 8, 20)), year_of(date(2026, 1, 1))]
    counts = dispatch_counts(periods, [agency.pk])
    for p in periods:
        for (direction, doc_type), n in counts[p.key].items():
            expected = Dispatch.objects.filter(agency=agency, direction=direction, doc_type=doc_type,
                                               entry_date__gte=p.start, entry_date__lte=p.end).count()
            assert n == expected
        assert sum(counts[p.key].values()) == Dispatch.objects.filter(
            agency=agency, entry_date__range=(p.start, p.end)).count()


def test_periods_may_not_overlap(agency):
    period(agency, date(2026, 3, 1), {})
    week = PeriodTotal(agency=agency, kind=PeriodTotal.Kind.WEEK, start=date(2026, 3, 30))  # 30/3 - 5/4
    with pytest.raises(ValidationError) as error:
        week.full_clean()
    assert "trùng với kỳ đã nhập" in str(error.value)
    not_monday = PeriodTotal(agency=agency, kind=PeriodTotal.Kind.WEEK, start=date(2026, 4, 7))
    with pytest.raises(ValidationError, match="thứ Hai"):
        not_monday.full_clean()
    PeriodTotal(agency=agency, kind=PeriodTotal.Kind.WEEK, start=date(2026, 4, 6)).full_clean()


def test_periods_need_distinct_keys(agency):
    with pytest.raises(ValueError):
        dispatch_counts([year_of(date(2025, 1, 1)), year_of(date(2026, 1, 1))], [agency.pk])


def test_statistics_query_count_does_not_grow_with_periods(agency, django_assert_num_queries):
    outgoing(agency, date(2026, 3, 18))
    with django_assert_num_queries(2):  # modes + one aggregate
        dispatch_counts(last_months(date(2026, 12, 1), 12), [agency.pk])
    with django_assert_num_queries(2):
        dispatch_counts(last_months(date(2026, 12, 1), 60), [agency.pk])


def test_section_summary(agency, other_agency):
    from portal.sections import get_section

    outgoing(agency, date(2026, 3, 18))
    totals_mode(other_agency)
    period(other_agency, date(2026, 3, 1), {(IN, QD): 5})
    section = get_section("van-ban-di-den")
    assert section.number == 8
    summaries = section.summarize([agency.pk, other_agency.pk], None)
    assert summaries[agency.pk].count == 1 and summaries[agency.pk].last_updated
    assert summaries[other_agency.pk].count == 1 and summaries[other_agency.pk].last_updated
