"""ISO week arithmetic: "2026-W48" ⇄ Monday 23/11/2026 – Sunday 29/11/2026.

Weeks follow ISO 8601 (weeks start on Monday; week 1 holds the year's first Thursday), as Vietnamese
offices number them: week 1 may start in December and a year may have a week 53.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

ISO_WEEK_RE = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __post_init__(self):
        # Raises ValueError for week 53 of a 52-week year, week 0, etc.
        date.fromisocalendar(self.year, self.week, 1)

    # --- construction --------------------------------------------------------------------
    @classmethod
    def from_date(cls, day: date) -> "IsoWeek":
        year, week, _weekday = day.isocalendar()
        return cls(year, week)

    @classmethod
    def current(cls, now=None) -> "IsoWeek":
        return cls.from_date(timezone.localdate(now))

    @classmethod
    def parse(cls, value: str) -> "IsoWeek":
        """``"2026-W48"`` (also ``2026W48``, ``2026-w5``); ValueError with a Vietnamese message."""
        match = ISO_WEEK_RE.match(value or "")
        if not match:
            raise ValueError(_("“%(value)s” không phải là một tuần (ví dụ đúng: 2026-W48).") % {"value": value})
        year, week = int(match[1]), int(match[2])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(_("Năm %(year)d nằm ngoài khoảng %(min)d–%(max)d.") % {
                "year": year, "min": MIN_YEAR, "max": MAX_YEAR})
        try:
            return cls(year, week)
        except ValueError:
            raise ValueError(_("Năm %(year)d không có tuần %(week)d.") % {"year": year, "week": week}) from None

    # --- arithmetic ----------------------------------------------------------------------
    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        monday = self.monday
        return [monday + timedelta(days=i) for i in range(7)]

    def __contains__(self, day: date) -> bool:
        return self.monday <= day <= self.sunday

    def __add__(self, weeks: int) -> "IsoWeek":
        return IsoWeek.from_date(self.monday + timedelta(weeks=weeks))

    def __sub__(self, weeks: int) -> "IsoWeek":
        return self + (-weeks)

    @property
    def next(self) -> "IsoWeek":
        return self + 1

    @property
    def previous(self) -> "IsoWeek":
        return self - 1

    # --- text ----------------------------------------------------------------------------
    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def label(self) -> str:
        """``Tuần 48 (23/11 – 29/11/2026)``; ``Tuần 1 (29/12/2025 – 04/01/2026)`` across a new year."""
        monday, sunday = self.monday, self.sunday
        start = monday.strftime("%d/%m") if monday.year == sunday.year else monday.strftime("%d/%m/%Y")
        return _("Tuần %(week)d (%(start)s – %(end)s)") % {
            "week": self.week, "start": start, "end": sunday.strftime("%d/%m/%Y")}


def weekday_name(day: date) -> str:
    """"Thứ Hai" … "Chủ nhật"."""
    names = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật")]
    return names[day.weekday()]
