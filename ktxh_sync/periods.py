"""Reporting periods: a month, a quarter or a year, stored as the first day of the period.

``parse_period("2026M10", "month")`` → ``date(2026, 10, 1)``; the forms statistics systems and
officers write are accepted (PX-Web "2026M10", "2026Q3"; ISO "2026-10"; Vietnamese "Tháng 10/2026",
"Quý III/2026", "Năm 2025"). ``label(date(2026, 7, 1), "quarter")`` → "Quý III/2026".
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from portal.text import fold

MONTH, QUARTER, YEAR = "month", "quarter", "year"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FROM_ROMAN = {v.lower(): k for k, v in ROMAN.items()}

_MONTH_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})\s*m\s*(?P<m>\d{1,2})$"),          # 2026M10 (PX-Web)
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(?:-01)?$"),         # 2026-10, 2026-10-01
    re.compile(r"^(?:thang\s*|t\s*)?(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})$"),  # Tháng 10/2026, 10/2026
]
_QUARTER_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})\s*-?\s*q\s*(?P<q>[1-4])$"),        # 2026Q3, 2026-Q3
    re.compile(r"^(?:quy\s*|q\s*)(?P<q>[1-4]|iv|iii|ii|i)\s*[/.-]\s*(?P<y>\d{4})$"),  # Quý III/2026, Q3/2026
    re.compile(r"^(?P<q>iv|iii|ii|i)\s*[/.-]\s*(?P<y>\d{4})$"),   # III/2026
]
_YEAR_PATTERN = re.compile(r"^(?:nam\s*)?(?P<y>\d{4})(?:-01-01)?$")  # 2025, Năm 2025


class PeriodError(ValueError):
    """The text is not a period, or not one of the indicator's frequency (Vietnamese message)."""


def _kind_name(frequency: str) -> str:
    return {MONTH: _("tháng"), QUARTER: _("quý"), YEAR: _("năm")}[frequency]


def detect(text) -> tuple[str, date] | None:
    """(frequency, first day) of a period written in any accepted form, or None."""
    if isinstance(text, date):
        return None
    value = fold(str(text or "")).replace(" ", "") if text is not None else ""
    value = value.replace("thang", "thang ").replace("quy", "quy ").replace("nam", "nam ").strip()
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(value)
        if match:
            year, month = int(match["y"]), int(match["m"])
            return (MONTH, date(year, month, 1)) if 1 <= month <= 12 and year >= 1900 else None
    for pattern in _QUARTER_PATTERNS:
        match = pattern.match(value)
        if match:
            raw = match["q"]
            quarter = int(raw) if raw.isdigit() else FROM_ROMAN[raw]
            year = int(match["y"])
            return (QUARTER, date(year, 3 * quarter - 2, 1)) if year >= 1900 else None
    match = _YEAR_PATTERN.match(value)
    if match and int(match["y"]) >= 1900:
        return YEAR, date(int(match["y"]), 1, 1)
    return None


def fits(day: date, frequency: str) -> bool:
    """Whether ``day`` is the first day of a period of ``frequency``."""
    if day.day != 1:
        return False
    if frequency == QUARTER:
        return day.month in (1, 4, 7, 10)
    if frequency == YEAR:
        return day.month == 1
    return True


def parse_period(text, frequency: str) -> date:
    """The first day of the period ``text`` names, which must be a period of ``frequency``."""
    if isinstance(text, date):
        if fits(text, frequency):
            return text
        raise PeriodError(_("Ngày %(day)s không phải là ngày đầu của một %(kind)s.") % {
            "day": text.strftime("%d/%m/%Y"), "kind": _kind_name(frequency)})
    if text is None or not str(text).strip():
        raise PeriodError(_("Thiếu kỳ báo cáo."))
    found = detect(text)
    if found is None:
        raise PeriodError(_("Không hiểu kỳ báo cáo “%(text)s” (ví dụ đúng: 10/2026, Quý III/2026, 2025).") % {
            "text": str(text).strip()[:40]})
    kind, day = found
    if kind != frequency:
        raise PeriodError(_("Kỳ “%(text)s” là một %(found)s, nhưng chỉ tiêu này báo cáo theo %(kind)s.") % {
            "text": str(text).strip()[:40], "found": _kind_name(kind), "kind": _kind_name(frequency)})
    return day


def label(day: date, frequency: str) -> str:
    """ "Tháng 10/2026", "Quý III/2026", "Năm 2025"."""
    if frequency == MONTH:
        return _("Tháng %(month)d/%(year)d") % {"month": day.month, "year": day.year}
    if frequency == QUARTER:
        return _("Quý %(quarter)s/%(year)d") % {"quarter": ROMAN[(day.month - 1) // 3 + 1], "year": day.year}
    return _("Năm %(year)d") % {"year": day.year}


def short_label(day: date, frequency: str) -> str:
    """Chart axis labels: "10/26", "III/26", "2025"."""
    if frequency == MONTH:
        return f"{day.month:02d}/{day.year % 100:02d}"
    if frequency == QUARTER:
        return f"{ROMAN[(day.month - 1) // 3 + 1]}/{day.year % 100:02d}"
    return str(day.year)


def code(day: date, frequency: str) -> str:
    """Machine form for CSV downloads: "2026-10", "2026-Q3", "2025"."""
    if frequency == MONTH:
        return f"{day.year}-{day.month:02d}"
    if frequency == QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def same_period_last_year(day: date) -> date:
    return day.replace(year=day.year - 1)


def current(frequency: str, today: date) -> date:
    """The period of ``frequency`` that contains ``today``."""
    if frequency == MONTH:
        return today.replace(day=1)
    if frequency == QUARTER:
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return date(today.year, 1, 1)


def last_n(frequency: str, end: date, count: int) -> list[date]:
    """The ``count`` periods of ``frequency`` ending with the one starting at ``end``, oldest first."""
    step = {MONTH: 1, QUARTER: 3, YEAR: 12}[frequency]
    index = end.year * 12 + end.month - 1
    days = []
    for n in range(count - 1, -1, -1):
        i = index - n * step
        days.append(date(i // 12, i % 12 + 1, 1))
    return days
