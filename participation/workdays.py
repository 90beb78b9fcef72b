"""Working days in Vietnam: Monday to Friday, minus public holidays (lunar ones included).

Holidays come from the maintained ``holidays`` library (pinned in pyproject.toml): the Labour Code
2019 article 112 days, Tết and Hùng Kings' day from the lunar calendar, and the substitute days the
Government announces each year as the library's maintainers add them. ``EXTRA_HOLIDAYS`` in settings
(``PARTICIPATION_EXTRA_HOLIDAYS``: ISO dates) adds a day the library does not know yet.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=16)
def _holidays_of(year: int) -> frozenset:
    days = set(holidays.country_holidays("VN", years=[year]).keys())
    days |= {date.fromisoformat(d) for d in getattr(settings, "PARTICIPATION_EXTRA_HOLIDAYS", ())
             if d.startswith(str(year))}
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (the day of receipt does not count)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is before)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))
