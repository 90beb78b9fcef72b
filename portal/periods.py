"""Reporting periods: a month, a quarter, a half-year or a year, identified by their first day.

The one period type of the portal (KTXH figures and reports, dispatch statistics, the provincial
review). One Vietnamese label style everywhere: "Tháng 3/2026", "Quý I/2026", "6 tháng đầu năm 2026",
"6 tháng cuối năm 2026", "Năm 2026" (``label``); the same words in lower case inside a sentence
("Chưa có số liệu quý I/2026", ``label_in_sentence``); short chart labels "03/26", "I/26", "H1/26",
"2026" (``short_label``); machine codes "2026-03", "2026-Q1", "2026-H1", "2026" (``code``).

``Period.of("quarter", day)``, ``period.shift(-1)``, ``period.end`` — and the functions on
(first day, kind) that the KTXH tables store: ``parse_period("2026M10", "month")`` →
``date(2026, 10, 1)`` accepts what statistics systems and officers write (PX-Web "2026M10",
"2026Q3", "2026H1"; ISO "2026-10"; Vietnamese "Tháng 10/2026", "Quý III/2026", "6 tháng đầu năm
2026", "Năm 2025").
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from portal.text import fold

MONTH, QUARTER, HALF_YEAR, YEAR = "month", "quarter", "half_year", "year"
KINDS = (MONTH, QUARTER, HALF_YEAR, YEAR)
MONTHS_IN = {MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12}
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
_HALF_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})\s*-?\s*[hs]\s*(?P<h>[12])$"),      # 2026H1 (PX-Web), 2026-S1 (SDMX)
    re.compile(r"^[hs]\s*(?P<h>[12])\s*[/.-]\s*(?P<y>\d{4})$"),   # H1/2026
    re.compile(r"^6\s*thang\s*(?P<w>dau|cuoi)\s*(?:nam\s*)?(?P<y>\d{4})$"),  # 6 tháng đầu năm 2026
]
_YEAR_PATTERN = re.compile(r"^(?:nam\s*)?(?P<y>\d{4})(?:-01-01)?$")  # 2025, Năm 2025


class PeriodError(ValueError):
    """The text is not a period, or not one of the expected kind (Vietnamese message)."""


def _kind_name(kind: str) -> str:
    return {MONTH: _("tháng"), QUARTER: _("quý"), HALF_YEAR: _("6 tháng"), YEAR: _("năm")}[kind]


def start_of(kind: str, day: date) -> date:
    """The first day of the period of ``kind`` that contains ``day``."""
    months = MONTHS_IN[kind]
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def shift(kind: str, start: date, steps: int) -> date:
    """The first day of the period ``steps`` periods of ``kind`` after (or before) the one at ``start``."""
    index = start.year * 12 + start.month - 1 + steps * MONTHS_IN[kind]
    return date(index // 12, index % 12 + 1, 1)


def end_of(kind: str, start: date) -> date:
    """The last day of the period of ``kind`` starting at ``start``."""
    last = shift(kind, start, 1)
    month = last.month - 1 or 12
    year = last.year if last.month > 1 else last.year - 1
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    """One month, quarter, half-year or year: ``Period.of(QUARTER, date(2026, 5, 3)).label`` → "Quý II/2026"."""

    start: date
    kind: str

    @classmethod
    def of(cls, kind: str, day: date) -> "Period":
        return cls(start_of(kind, day), kind)

    @classmethod
    def parse(cls, text, kind: str | None = None) -> "Period":
        """The period ``text`` names (of ``kind`` when given); PeriodError otherwise."""
        if kind is not None:
            return cls(parse_period(text, kind), kind)
        found = detect(text)
        if found is None:
            raise PeriodError(_("Không hiểu kỳ báo cáo “%(text)s” (ví dụ đúng: 10/2026, Quý III/2026, 2025).") % {
                "text": str(text or "").strip()[:40]})
        return cls(found[1], found[0])

    @property
    def end(self) -> date:
        return end_of(self.kind, self.start)

    def shift(self, steps: int) -> "Period":
        return Period(shift(self.kind, self.start, steps), self.kind)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        return label(self.start, self.kind)

    @property
    def label_in_sentence(self) -> str:
        return label_in_sentence(self.start, self.kind)

    @property
    def short_label(self) -> str:
        return short_label(self.start, self.kind)

    @property
    def code(self) -> str:
        return code(self.start, self.kind)

    def __str__(self):
        return self.label


def detect(text) -> tuple[str, date] | None:
    """(kind, first day) of a period written in any accepted form, or None."""
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
    for pattern in _HALF_PATTERNS:
        match = pattern.match(value)
        if match:
            groups = match.groupdict()
            half = 2 if groups.get("w") == "cuoi" or groups.get("h") == "2" else 1
            year = int(match["y"])
            return (HALF_YEAR, date(year, 6 * half - 5, 1)) if year >= 1900 else None
    match = _YEAR_PATTERN.match(value)
    if match and int(match["y"]) >= 1900:
        return YEAR, date(int(match["y"]), 1, 1)
    return None


def fits(day: date, kind: str) -> bool:
    """Whether ``day`` is the first day of a period of ``kind``."""
    return day.day == 1 and start_of(kind, day) == day


def parse_period(text, kind: str) -> date:
    """The first day of the period ``text`` names, which must be a period of ``kind``."""
    if isinstance(text, date):
        if fits(text, kind):
            return text
        raise PeriodError(_("Ngày %(day)s không phải là ngày đầu của một %(kind)s.") % {
            "day": text.strftime("%d/%m/%Y"), "kind": _kind_name(kind)})
    if text is None or not str(text).strip():
        raise PeriodError(_("Thiếu kỳ báo cáo."))
    found = detect(text)
    if found is None:
        raise PeriodError(_("Không hiểu kỳ báo cáo “%(text)s” (ví dụ đúng: 10/2026, Quý III/2026, 2025).") % {
            "text": str(text).strip()[:40]})
    found_kind, day = found
    if found_kind != kind:
        raise PeriodError(_("Kỳ “%(text)s” là một %(found)s, nhưng chỉ tiêu này báo cáo theo %(kind)s.") % {
            "text": str(text).strip()[:40], "found": _kind_name(found_kind), "kind": _kind_name(kind)})
    return day


def _quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


def label(day: date, kind: str) -> str:
    """ "Tháng 3/2026", "Quý I/2026", "6 tháng đầu năm 2026", "Năm 2026"."""
    if kind == MONTH:
        return _("Tháng %(month)d/%(year)d") % {"month": day.month, "year": day.year}
    if kind == QUARTER:
        return _("Quý %(quarter)s/%(year)d") % {"quarter": ROMAN[_quarter(day)], "year": day.year}
    if kind == HALF_YEAR:
        if day.month <= 6:
            return _("6 tháng đầu năm %(year)d") % {"year": day.year}
        return _("6 tháng cuối năm %(year)d") % {"year": day.year}
    return _("Năm %(year)d") % {"year": day.year}


def label_in_sentence(day: date, kind: str) -> str:
    """The label inside a sentence: "Chưa có số liệu quý I/2026"."""
    text = label(day, kind)
    return text[:1].lower() + text[1:]


def _written(day: date, kind: str, templates: dict) -> str:
    """``day``'s period written with the template of its kind (``year`` when the kind has none)."""
    template = templates.get(kind, templates[YEAR])
    return template.format(year=day.year, yy=day.year % 100, month=day.month, quarter=_quarter(day),
                           roman=ROMAN[_quarter(day)], half=1 if day.month <= 6 else 2)


def short_label(day: date, kind: str) -> str:
    """Chart axis labels: "10/26", "III/26", "H1/26", "2025"."""
    return _written(day, kind, {MONTH: "{month:02d}/{yy:02d}", QUARTER: "{roman}/{yy:02d}",
                                HALF_YEAR: "H{half}/{yy:02d}", YEAR: "{year}"})


def code(day: date, kind: str) -> str:
    """Machine form for CSV downloads: "2026-10", "2026-Q3", "2026-H1", "2025"."""
    return _written(day, kind, {MONTH: "{year}-{month:02d}", QUARTER: "{year}-Q{quarter}",
                                HALF_YEAR: "{year}-H{half}", YEAR: "{year}"})


def same_period_last_year(day: date) -> date:
    return day.replace(year=day.year - 1)


def current(kind: str, today: date) -> date:
    """The first day of the period of ``kind`` that contains ``today``."""
    return start_of(kind, today)


def last_n(kind: str, end: date, count: int) -> list[date]:
    """The ``count`` periods of ``kind`` ending with the one starting at ``end``, oldest first."""
    return [shift(kind, end, -n) for n in range(count - 1, -1, -1)]
