"""One period type (portal/periods.py) with one label style, used by KTXH, dispatch statistics and the review."""

from datetime import date, timedelta

import pytest

from compliance import rules
from dispatches import stats
from ktxh_sync import sync as ktxh_sync
from portal import periods
from portal.periods import HALF_YEAR, MONTH, QUARTER, YEAR, Period, PeriodError


@pytest.mark.parametrize("kind,day,label,sentence,short,code", [
    (MONTH, date(2026, 3, 18), "Tháng 3/2026", "tháng 3/2026", "03/26", "2026-03"),
    (MONTH, date(2026, 11, 30), "Tháng 11/2026", "tháng 11/2026", "11/26", "2026-11"),
    (QUARTER, date(2026, 2, 1), "Quý I/2026", "quý I/2026", "I/26", "2026-Q1"),
    (QUARTER, date(2026, 12, 31), "Quý IV/2026", "quý IV/2026", "IV/26", "2026-Q4"),
    (HALF_YEAR, date(2026, 6, 30), "6 tháng đầu năm 2026", "6 tháng đầu năm 2026", "H1/26", "2026-H1"),
    (HALF_YEAR, date(2026, 7, 1), "6 tháng cuối năm 2026", "6 tháng cuối năm 2026", "H2/26", "2026-H2"),
    (YEAR, date(2026, 5, 5), "Năm 2026", "năm 2026", "2026", "2026"),
])
def test_one_label_style(kind, day, label, sentence, short, code):
    period = Period.of(kind, day)
    assert (period.label, period.label_in_sentence, period.short_label, period.code) == (label, sentence, short, code)
    assert str(period) == label
    assert Period.parse(label) == period and Period.parse(code) == period and Period.parse(label, kind) == period


@pytest.mark.parametrize("kind,day,start,end", [
    (MONTH, date(2024, 2, 10), date(2024, 2, 1), date(2024, 2, 29)),
    (QUARTER, date(2026, 8, 9), date(2026, 7, 1), date(2026, 9, 30)),
    (HALF_YEAR, date(2026, 8, 9), date(2026, 7, 1), date(2026, 12, 31)),
    (YEAR, date(2026, 8, 9), date(2026, 1, 1), date(2026, 12, 31)),
])
def test_bounds(kind, day, start, end):
    period = Period.of(kind, day)
    assert (period.start, period.end) == (start, end) and period.contains(day)
    assert not period.contains(end + timedelta(days=1)) and not period.contains(start - timedelta(days=1))


def test_shift_across_years():
    assert Period.of(QUARTER, date(2026, 1, 5)).shift(-1) == Period(date(2025, 10, 1), QUARTER)
    assert Period.of(MONTH, date(2026, 12, 5)).shift(1) == Period(date(2027, 1, 1), MONTH)
    assert Period.of(HALF_YEAR, date(2026, 1, 5)).shift(-3) == Period(date(2024, 7, 1), HALF_YEAR)
    assert periods.last_n(QUARTER, date(2026, 1, 1), 3) == [date(2025, 7, 1), date(2025, 10, 1), date(2026, 1, 1)]


@pytest.mark.parametrize("text,kind,start", [
    ("2026H1", HALF_YEAR, date(2026, 1, 1)), ("2026-S2", HALF_YEAR, date(2026, 7, 1)),
    ("6 tháng đầu năm 2026", HALF_YEAR, date(2026, 1, 1)), ("6 THANG CUOI NAM 2026", HALF_YEAR, date(2026, 7, 1)),
    ("H2/2025", HALF_YEAR, date(2025, 7, 1)), ("Quý III/2026", QUARTER, date(2026, 7, 1)),
    ("quy 3/2026", QUARTER, date(2026, 7, 1)), ("2026M10", MONTH, date(2026, 10, 1)), ("Năm 2025", YEAR, date(2025, 1, 1)),
])
def test_written_forms(text, kind, start):
    assert Period.parse(text) == Period(start, kind)


@pytest.mark.parametrize("text", ["", "tháng mười", "Quý V/2026", "13/2026", "2026H3", "=1+1"])
def test_bad_text_is_a_vietnamese_error(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_the_three_apps_say_the_same_period_the_same_way():
    """KTXH, dispatch statistics and the provincial review label one period identically."""
    day = date(2026, 9, 1)
    for kind, dispatch_period in ((MONTH, stats.month_of(day)), (QUARTER, stats.quarter_of(day)),
                                  (YEAR, stats.year_of(day))):
        label = periods.label(periods.start_of(kind, day), kind)
        assert str(dispatch_period.label) == label
        assert ktxh_sync.periods is periods  # KTXH reads and labels through the one module
        assert label.lower() == periods.label_in_sentence(periods.start_of(kind, day), kind).lower()
    assert not hasattr(rules, "period_text") and not hasattr(rules, "shift_period")  # no second library


def test_the_review_uses_the_sentence_form():
    from types import SimpleNamespace

    from compliance.rules import KtxhPeriodRule, State

    summary = SimpleNamespace(count=3, extra={"owns_indicators": True, "latest_quarter": date(2026, 4, 1)})
    data = SimpleNamespace(summary=summary, params={"due_day": 20, "month_lag": 0, "quarter_lag": 1, "year_lag": 0,
                                                     "initial_days": 60},
                           today=date(2026, 10, 25), within_initial_period=lambda: False)
    verdict = KtxhPeriodRule().evaluate(data)
    assert verdict.state == State.OVERDUE and "quý III/2026" in verdict.reason
