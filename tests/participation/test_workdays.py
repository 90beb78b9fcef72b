"""Deadlines in working days over weekends and Vietnamese public holidays (lunar ones included)."""

from datetime import date

from participation.deadlines import latest_extension, request_due_on
from participation.workdays import add_working_days, is_working_day, working_days_between


def test_weekend_is_skipped():
    # Friday 4 December 2026 + 1 working day = Monday 7 December.
    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)
    assert add_working_days(date(2026, 12, 4), 10) == date(2026, 12, 18)


def test_lunar_new_year_2027_is_skipped():
    # Tết Đinh Mùi: 4-10 February 2027 are holidays (29 Tết to the 5th day), from the lunar calendar.
    assert not is_working_day(date(2027, 2, 8))
    assert not is_working_day(date(2027, 2, 4))
    # Wednesday 3 February 2027 + 1 working day = Thursday 11 February.
    assert add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)


def test_hung_kings_day_and_national_day():
    assert not is_working_day(date(2027, 4, 16))  # 10th day of the 3rd lunar month, 2027
    assert not is_working_day(date(2026, 9, 2)) and not is_working_day(date(2026, 9, 1))
    # 30 April and 1 May 2026 (Thursday, Friday) then the weekend: Wednesday 29 April + 1 = Monday 4 May.
    assert add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)


def test_request_deadlines_follow_the_law():
    received = date(2026, 12, 3)  # Thursday
    assert request_due_on(received, "simple") == date(2026, 12, 8)  # 3 working days
    assert request_due_on(received, "complex") == date(2026, 12, 24)  # 15 working days
    assert latest_extension(date(2026, 12, 24)) == date(2027, 1, 15)  # 15 more, New Year's Day skipped


def test_working_days_between_counts_both_ways():
    assert working_days_between(date(2026, 12, 4), date(2026, 12, 7)) == 1
    assert working_days_between(date(2026, 12, 7), date(2026, 12, 4)) == -1
    assert working_days_between(date(2026, 12, 4), date(2026, 12, 4)) == 0
