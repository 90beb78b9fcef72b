"""The one statistics function of section 8: counts of dispatches, from the register or the totals.

``dispatch_counts(periods, agency_ids, by)`` answers, for several periods at once, how many
dispatches came in and went out, grouped by any of ``direction``, ``doc_type`` and ``agency_id``.
Agencies in register mode are counted from their ``Dispatch`` rows (on the entry date: arrival for
incoming, issue for outgoing); agencies in totals mode from their ``PeriodTotalLine`` rows, each
period counted on its first day. It runs at most three queries whatever the number of periods,
agencies or dispatches (conditional aggregation: one ``COUNT(...) FILTER`` per period). Whole past
months are read from the monthly counters kept on write (``DispatchCount``, counts.py) and only the
current month and partial months from the rows, so the cost does not grow with the register.
Classified documents are never stored, so they are never counted.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BigIntegerField, Count, Max, OuterRef, Q, Subquery, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import doctypes, periods

from .models import Direction, Dispatch, DispatchCount, DispatchSettings, PeriodTotal, PeriodTotalLine

GROUPS = ("direction", "doc_type", "agency_id")


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date
    end: date

    @property
    def span(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def week_of(day: date) -> Period:
    start = day - timedelta(days=day.weekday())
    iso_year, iso_week, _weekday = day.isocalendar()
    return Period("tuan", _("Tuần %(week)d/%(year)d") % {"week": iso_week, "year": iso_year},
                  start, start + timedelta(days=6))


def _calendar(key: str, kind: str, day: date) -> Period:
    """The calendar period of ``kind`` containing ``day``, labelled by portal.periods ("Quý I/2026")."""
    period = periods.Period.of(kind, day)
    return Period(key, period.label, period.start, period.end)


def month_of(day: date) -> Period:
    return _calendar("thang", periods.MONTH, day)


def quarter_of(day: date) -> Period:
    return _calendar("quy", periods.QUARTER, day)


def year_of(day: date) -> Period:
    return _calendar("nam", periods.YEAR, day)


def standard_periods(today: date) -> list[Period]:
    """This week, this month, this quarter and this year."""
    return [week_of(today), month_of(today), quarter_of(today), year_of(today)]


def range_period(start: date, end: date) -> Period:
    return Period("khoang", _("Từ %(start)s đến %(end)s") % {"start": f"{start:%d/%m/%Y}",
                                                           "end": f"{end:%d/%m/%Y}"}, start, end)


def last_months(today: date, count: int = 12) -> list[Period]:
    """The ``count`` calendar months ending with the current one, oldest first (chart labels "03/26")."""
    months = [periods.Period(day, periods.MONTH)
              for day in periods.last_n(periods.MONTH, periods.start_of(periods.MONTH, today), count)]
    return [Period(month.code, month.short_label, month.start, month.end) for month in months]


def totals_mode_agency_ids(agency_ids=None) -> set[int]:
    qs = DispatchSettings.objects.filter(mode=DispatchSettings.Mode.TOTALS)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    return set(qs.values_list("agency_id", flat=True))


def split(period, this_month: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """``(months, days)``: the whole months of ``period`` before ``this_month`` (read from the
    counters, as ``[first month, month after the last)``) and the day ranges left (read from the rows):
    a partial month at each end, the current month and anything after it."""
    first = period.start if period.start.day == 1 else periods.shift(periods.MONTH, period.start.replace(day=1), 1)
    after_end = period.end + timedelta(days=1)
    until = min(after_end.replace(day=1), this_month)
    if first >= until:
        return None, [(period.start, period.end)]
    days = []
    if period.start < first:
        days.append((period.start, first - timedelta(days=1)))
    if until <= period.end:
        days.append((until, period.end))
    return (first, until), days


def dispatch_counts(periods, agency_ids=None, by=("direction", "doc_type"), today=None) -> dict[str, dict[tuple, int]]:
    """``{period.key: {group: count}}`` where ``group`` is the tuple of the ``by`` values.

    ``agency_ids`` None counts every agency. Groups with no dispatch are absent. Whole months before
    the current one come from the monthly counters (``DispatchCount``, kept exact on write: counts.py),
    the rest (partial months, the current month) from the rows, in one query (UNION ALL): the cost
    depends on the number of agencies and of this month's entries, not on the size of the register.
    """
    periods = list(periods)
    by = tuple(by)
    if not set(by) <= set(GROUPS):
        raise ValueError(f"dispatch_counts groups by {GROUPS}, not {by}")
    if len({p.key for p in periods}) != len(periods):
        raise ValueError("dispatch_counts needs periods with distinct keys")
    result = {p.key: defaultdict(int) for p in periods}
    if not periods:
        return result
    this_month = (today or timezone.localdate()).replace(day=1)
    low, high = min(p.start for p in periods), max(p.end for p in periods)
    ids = None if agency_ids is None else list(agency_ids)
    totals_ids = totals_mode_agency_ids(ids)

    pieces = [split(p, this_month) for p in periods]
    parts = []
    if any(months for months, _days in pieces):
        counters = DispatchCount.objects.filter(month__gte=min(m[0] for m, _d in pieces if m),
                                                month__lt=max(m[1] for m, _d in pieces if m))
        aggregates = {f"p{i}": (Sum("count", filter=Q(month__gte=months[0], month__lt=months[1])) if months
                                else _ZERO) for i, (months, _days) in enumerate(pieces)}
        parts.append(_scoped(counters, ids, totals_ids).order_by().values(*by).annotate(**aggregates))
    if any(days for _months, days in pieces):
        register = Dispatch.objects.filter(_days_q([d for _m, days in pieces for d in days]))
        # COUNT(entry_date) rather than COUNT(id): every column read is in the dispatch_stats indexes,
        # so PostgreSQL answers with an index-only scan instead of reading the table.
        aggregates = {f"p{i}": (Count("entry_date", filter=_days_q(days)) if days else _ZERO)
                      for i, (_months, days) in enumerate(pieces)}
        parts.append(_scoped(register, ids, totals_ids).order_by().values(*by).annotate(**aggregates))
    rows = parts[0] if len(parts) == 1 else parts[0].union(parts[1], all=True)
    _collect(result, periods, by, rows)

    if totals_ids:
        lines = PeriodTotalLine.objects.filter(agency_id__in=totals_ids, period__start__gte=low,
                                               period__start__lte=high)
        aggregates = {f"p{i}": Sum("count", filter=Q(period__start__gte=p.start, period__start__lte=p.end))
                      for i, p in enumerate(periods)}
        _collect(result, periods, by, lines.order_by().values(*by).annotate(**aggregates))
    return result


_ZERO = Value(0, output_field=BigIntegerField())


def _days_q(ranges) -> Q:
    q = Q()
    for start, end in ranges:
        q |= Q(entry_date__gte=start, entry_date__lte=end)
    return q


def _scoped(queryset, ids, totals_ids):
    """Register-mode agencies only (and only ``ids`` when given)."""
    if ids is not None:
        queryset = queryset.filter(agency_id__in=ids)
    if totals_ids:
        queryset = queryset.exclude(agency_id__in=totals_ids)
    return queryset


def _collect(result, periods, by, rows):
    for row in rows:
        group = tuple(row[name] for name in by)
        for i, period in enumerate(periods):
            value = row[f"p{i}"] or 0
            if value:
                result[period.key][group] += value


# --- shaping the counts for pages and downloads ----------------------------------------------

@dataclass
class TypeRow:
    doc_type: str
    label: str
    incoming: int = 0
    outgoing: int = 0

    @property
    def total(self) -> int:
        return self.incoming + self.outgoing


def direction_totals(counts: dict[tuple, int]) -> dict[str, int]:
    """``{"den": n, "di": n, "total": n}`` from counts grouped by direction first."""
    incoming = sum(n for group, n in counts.items() if group[0] == Direction.INCOMING)
    outgoing = sum(n for group, n in counts.items() if group[0] == Direction.OUTGOING)
    return {"incoming": incoming, "outgoing": outgoing, "total": incoming + outgoing}


def type_rows(counts: dict[tuple, int]) -> list[TypeRow]:
    """Rows by document type, from counts by (direction, doc_type): administrative types first (a
    register is mostly those), each group in the order of the vocabulary (Decree 30, Law 80)."""
    ordered = sorted(doctypes.TYPES, key=lambda t: t.group != doctypes.ADMINISTRATIVE)
    rows = {t.key: TypeRow(t.key, t.name) for t in ordered}
    for (direction, doc_type), n in counts.items():
        row = rows.get(doc_type)
        if row is None:
            continue
        if direction == Direction.INCOMING:
            row.incoming += n
        else:
            row.outgoing += n
    return [row for row in rows.values() if row.total]


def agency_figures(now) -> dict:
    """For one agency's home, as expressions over the agency row (portal.sections.AgencyFigures):
    ``totals`` (the agency keeps totals, not a register), and for a register ``count`` and ``last``
    as ``last_updated`` gives them and this month's ``incoming`` / ``outgoing`` from the rows."""
    from django.db.models import Exists

    from portal.sections import per_agency

    month = month_of(timezone.localtime(now).date())
    this_month = Dispatch.objects.filter(entry_date__gte=month.start, entry_date__lte=month.end)
    return {
        "totals": Exists(DispatchSettings.objects.filter(agency_id=OuterRef("pk"), mode=DispatchSettings.Mode.TOTALS)),
        **per_agency(DispatchCount.objects.all(), count=Sum("count")),
        "last": Subquery(Dispatch.objects.filter(agency_id=OuterRef("pk")).order_by("-updated_at")
                         .values("updated_at")[:1]),
        **per_agency(this_month, incoming=Count("entry_date", filter=Q(direction=Direction.INCOMING)),
                     outgoing=Count("entry_date", filter=Q(direction=Direction.OUTGOING))),
    }


def last_updated(agency_ids) -> dict[int, dict]:
    """``{agency_id: {"count": n, "last": datetime}}``: records (or periods) and latest change.

    At most three queries for any number of agencies, none of which grows with the register; used by
    the section registry.
    """
    ids = list(agency_ids)
    totals_ids = totals_mode_agency_ids(ids)
    result = {}
    register_ids = [i for i in ids if i not in totals_ids]
    if register_ids:
        # The count from the monthly counters, the latest change from the (agency, updated_at) index:
        # one query whose cost does not grow with the register.
        from agencies.models import Agency

        rows = (Agency.objects.filter(pk__in=register_ids).order_by().annotate(
            count=Subquery(DispatchCount.objects.filter(agency_id=OuterRef("pk")).order_by().values("agency_id")
                           .annotate(total=Sum("count")).values("total")),
            last=Subquery(Dispatch.objects.filter(agency_id=OuterRef("pk")).order_by("-updated_at")
                          .values("updated_at")[:1]))
                .filter(last__isnull=False).values_list("pk", "count", "last"))
        for agency_id, count, last in rows:
            result[agency_id] = {"count": count or 0, "last": last}
    if totals_ids:
        periods = (PeriodTotal.objects.filter(agency_id__in=totals_ids).order_by().values("agency_id")
                   .annotate(count=Count("pk", distinct=True), last=Max("updated_at"),
                             last_line=Max("lines__updated_at")))
        for row in periods:
            last = max(filter(None, [row["last"], row["last_line"]]), default=None)
            result[row["agency_id"]] = {"count": row["count"], "last": last}
    return result
