"""ISO week arithmetic across year boundaries."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from schedules.weeks import IsoWeek, weekday_name


def test_label_of_an_ordinary_week_names_the_days():
    assert IsoWeek(2026, 48).label == "Tuần 48 (23/11 – 29/11/2026)"
    assert str(IsoWeek(2026, 48)) == "2026-W48"


def test_week_53_runs_into_the_next_year():
    week = IsoWeek(2026, 53)  # 2026 starts on a Thursday, so it has 53 ISO weeks
    assert week.monday == date(2026, 12, 28)
    assert week.sunday == date(2027, 1, 3)
    assert week.label == "Tuần 53 (28/12/2026 – 03/01/2027)"
    assert week.next == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous == week
    assert IsoWeek.from_date(date(2027, 1, 2)) == week


def test_week_1_that_starts_in_december():
    week = IsoWeek(2025, 1)
    assert week.monday == date(2024, 12, 30)
    assert IsoWeek.from_date(date(2024, 12, 31)) == week
    assert week.label == "Tuần 1 (30/12/2024 – 05/01/2025)"
    assert week.previous == IsoWeek(2024, 52)
    assert date(2024, 12, 30) in week and date(2024, 12, 29) not in week


def test_a_52_week_year_has_no_week_53():
    with pytest.raises(ValueError):
        IsoWeek(2025, 53)
    with pytest.raises(ValueError, match="Năm 2025 không có tuần 53"):
        IsoWeek.parse("2025-W53")


@pytest.mark.parametrize("value", ["", "2026", "48", "2026-48", "abc", "2026-W0", "1999-W10", "2026-W54"])
def test_parse_refuses_what_is_not_a_week(value):
    with pytest.raises(ValueError):
        IsoWeek.parse(value)


@pytest.mark.parametrize("value", ["2026-W48", "2026W48", "2026-w48", " 2026-W48 "])
def test_parse_accepts_the_usual_spellings(value):
    assert IsoWeek.parse(value) == IsoWeek(2026, 48)


def test_adding_weeks_crosses_years_both_ways():
    assert IsoWeek(2026, 52) + 2 == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1) - 2 == IsoWeek(2026, 52)
    assert IsoWeek(2020, 53) + 1 == IsoWeek(2021, 1)
    assert [d.isoformat() for d in IsoWeek(2026, 53).days][-1] == "2027-01-03"


def test_current_week_uses_local_time():
    # 23:30 on Sunday 29/11/2026 in Vietnam is still week 48, although it is 16:30 UTC.
    late_sunday = datetime(2026, 11, 29, 23, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert IsoWeek.current(late_sunday) == IsoWeek(2026, 48)
    monday = datetime(2026, 11, 30, 0, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert IsoWeek.current(monday) == IsoWeek(2026, 49)


def test_weekday_names():
    assert weekday_name(date(2026, 11, 23)) == "Thứ Hai"
    assert weekday_name(date(2026, 11, 29)) == "Chủ nhật"
