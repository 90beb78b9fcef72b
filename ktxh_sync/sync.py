"""The sync: fetch a source, parse it, validate every row, apply all rows in one transaction or none.

One path for every write of figures: ``run_source`` (the ``ktxh_sync`` command, the admin's
"run now" button and the demo) and the admin's file import both end in ``validate_rows`` and
``apply_rows``.

Safety:
- fetching has a time-out (per socket operation and in total) and a size cap; a non-2xx answer,
  a time-out, a body shorter than announced and an unparsable body are errors;
- any refused row refuses the whole source: nothing is applied, the last good data stays, and
  the error is recorded on the source (``last_error``, ``last_run_at``; ``last_success_at`` keeps
  the time of the last good run, which the public page shows);
- one run per source at a time: a lease is taken by an atomic conditional UPDATE (works on SQLite
  and PostgreSQL), and checked again under ``select_for_update(nowait=True)`` (PostgreSQL) inside
  the apply transaction, so a run whose lease ran out never writes over another;
- idempotent: a row equal to the stored one is "unchanged" and not written; a changed value is a
  revision (the row is updated, django-simple-history keeps the old values).
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agencies.cache import bump_content_version
from portal import classified, periods
from portal.fetch import FetchError
from portal.fetch import fetch as portal_fetch
from portal.importing.report import ImportReport

from .models import OBSERVATION_VALUE_FIELDS, Indicator, Observation, Source, unit_key
from .parsers import PARSERS, FeedError, MappingError, check_mapping, to_decimal, to_flag
from .signals import figures_changed
from .sources import check_url

LEASE = timedelta(minutes=10)
MAX_MESSAGES = 50
QUANTUM = Decimal("0.0001")
LIMIT = Decimal("1e15")



# --- fetching --------------------------------------------------------------------------------------
def fetch(url: str, timeout: float, max_bytes: int | None = None) -> bytes:
    """The body at ``url``; FeedError (Vietnamese) on any failure."""
    try:
        check_url(url)
    except ValueError as error:
        raise FeedError(str(error)) from None
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(unquote(parts.path)).resolve()
        try:
            if path.stat().st_size > (settings.PORTAL_FETCH_MAX_BYTES if max_bytes is None else max_bytes):
                raise FeedError(_("Dữ liệu quá lớn."))
            return path.read_bytes()
        except OSError:
            raise FeedError(_("Không đọc được tệp %(name)s.") % {"name": path.name}) from None
    try:
        return portal_fetch(url, timeout=timeout, max_bytes=max_bytes, headers={
            "User-Agent": "cong-thong-tin-dieu-hanh/ktxh-sync",
            "Accept": "application/json, text/csv;q=0.9, */*;q=0.5",
        }).body
    except FetchError as error:
        raise FeedError(str(error)) from None


# --- validation ------------------------------------------------------------------------------------
@dataclass
class CleanRow:
    ref: str
    indicator: Indicator
    period: object
    value: Decimal
    cumulative_value: Decimal | None
    change_yoy: Decimal | None
    is_estimate: bool

    @property
    def period_label(self) -> str:
        return periods.label(self.period, self.indicator.frequency)


@dataclass
class Validated:
    rows: list
    errors: list  # "Dòng 7: …"


def _number(raw, name, what, errors, required=False):
    try:
        number = to_decimal(raw)
    except ValueError:
        errors.append((name, _("%(what)s “%(raw)s” không phải là số.") % {"what": what, "raw": str(raw)[:40]}))
        return None
    if number is None:
        if required:
            errors.append((name, _("Thiếu %(what)s.") % {"what": what}))
        return None
    if abs(number) >= LIMIT:
        errors.append((name, _("%(what)s quá lớn.") % {"what": what}))
        return None
    return number.quantize(QUANTUM, rounding=ROUND_HALF_UP)


def validate_row(raw, indicators: dict, today) -> tuple[CleanRow | None, list]:
    """One row checked against the catalogue: a known indicator in use, a period fitting its
    frequency and not in the future, numbers, and the unit it expects.

    Returns (row or None, [(field, message)]); ``field`` is one of indicator, period, value,
    cumulative, change_yoy, estimate, unit (the admin form puts messages next to its fields).
    """
    errors = []
    if raw.extra.get("error"):
        return None, [(None, raw.extra["error"])]
    try:  # the one classified check, on every cell of the row; the message names nothing of it
        classified.refuse_row({"indicator": raw.indicator, "period": raw.period, "unit": raw.unit,
                               **(raw.extra.get("cells") or {})})
    except ValidationError as error:
        return None, [(None, error.messages[0])]
    code = str(raw.indicator).strip() if raw.indicator not in (None, "") else ""
    indicator = indicators.get(code) or indicators.get(code.upper())
    if not code:
        errors.append(("indicator", _("Thiếu mã chỉ tiêu.")))
    elif indicator is None:
        errors.append(("indicator", _("Chỉ tiêu “%(code)s” không có trong danh mục.") % {"code": code[:40]}))
    elif not indicator.is_active:
        errors.append(("indicator", _("Chỉ tiêu “%(code)s” đã ngừng sử dụng.") % {"code": code}))
    period = None
    if indicator is not None:
        try:
            period = periods.parse_period(raw.period, indicator.frequency)
        except periods.PeriodError as error:
            errors.append(("period", str(error)))
        if period is not None and period > periods.current(indicator.frequency, today):
            errors.append(("period", _("Kỳ %(label)s chưa tới.") % {
                "label": periods.label(period, indicator.frequency)}))
        if raw.unit not in (None, "") and unit_key(str(raw.unit)) != unit_key(indicator.unit):
            errors.append(("unit", _("Đơn vị “%(unit)s” khác đơn vị của chỉ tiêu %(code)s (%(expected)s).") % {
                "unit": str(raw.unit)[:30], "code": indicator.code, "expected": indicator.unit}))
    value = _number(raw.value, "value", _("giá trị"), errors, required=True)
    cumulative = _number(raw.cumulative, "cumulative", _("lũy kế"), errors)
    change = _number(raw.change_yoy, "change_yoy", _("số so với cùng kỳ"), errors)
    try:
        estimate = to_flag(raw.estimate)
    except ValueError:
        errors.append(("estimate", _("Cột ước tính “%(raw)s” phải là có/không.") % {"raw": str(raw.estimate)[:20]}))
        estimate = False
    if errors:
        return None, errors
    return CleanRow(raw.ref, indicator, period, value, cumulative, change, estimate), []


def validate_rows(raw_rows, today=None) -> Validated:
    today = today or timezone.localdate()
    codes = {str(r.indicator).strip() for r in raw_rows if r.indicator not in (None, "")}
    codes |= {c.upper() for c in codes}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    rows, errors, seen = [], [], {}
    for raw in raw_rows:
        row, messages = validate_row(raw, indicators, today)
        errors.extend(f"{raw.ref}: {message}" for _field, message in messages)
        if row is None:
            continue
        key = (row.indicator.pk, row.period)
        if key in seen:
            errors.append(_("%(ref)s: trùng chỉ tiêu và kỳ với %(other)s.") % {"ref": row.ref, "other": seen[key]})
            continue
        seen[key] = row.ref
        rows.append(row)
    return Validated(rows, errors)


# --- applying --------------------------------------------------------------------------------------
@dataclass
class Plan(ImportReport):
    steps: list = field(default_factory=list)  # (row, action, old Observation or None) for previews


def plan_rows(agency, rows) -> Plan:
    """What applying ``rows`` would do (for the import preview), without writing."""
    plan = Plan()
    existing = _existing(agency, rows)
    for row in rows:
        old = existing.get((row.indicator.pk, row.period))
        if old is None:
            action = "created"
        elif _differs(old, row, None):
            action = "updated"
        else:
            action = "unchanged"
        setattr(plan, action, getattr(plan, action) + 1)
        plan.steps.append((row, action, old))
    return plan


def _existing(agency, rows) -> dict:
    if not rows:
        return {}
    indicator_ids = {r.indicator.pk for r in rows}
    period_set = {r.period for r in rows}
    found = Observation.objects.filter(agency=agency, indicator_id__in=indicator_ids, period__in=period_set)
    return {(o.indicator_id, o.period): o for o in found}


def _differs(old, row, source_name) -> bool:
    new = {"value": row.value, "cumulative_value": row.cumulative_value, "change_yoy": row.change_yoy,
           "is_estimate": row.is_estimate}
    if source_name is not None:
        new["source_name"] = source_name
    return any(getattr(old, name) != value for name, value in new.items())


def apply_rows(agency, rows, *, source=None, source_name="", user=None, now=None) -> ImportReport:
    """Write validated rows for ``agency`` in one transaction: create, revise or leave unchanged."""
    if classified.is_classified(source_name):  # the name every written figure shows as its source
        raise FeedError(str(classified.MESSAGE))
    now = now or timezone.now()
    counts = ImportReport()
    with transaction.atomic():
        existing = _existing(agency, rows)
        to_create, to_update = [], []
        for row in rows:
            old = existing.get((row.indicator.pk, row.period))
            if old is None:
                to_create.append(Observation(
                    agency=agency, indicator=row.indicator, period=row.period, value=row.value,
                    cumulative_value=row.cumulative_value, change_yoy=row.change_yoy,
                    is_estimate=row.is_estimate, source_name=source_name, feed=source, fetched_at=now,
                    created_by=user, updated_by=user))
            elif _differs(old, row, source_name):
                old.value, old.cumulative_value, old.change_yoy = row.value, row.cumulative_value, row.change_yoy
                old.is_estimate, old.source_name, old.feed = row.is_estimate, source_name, source
                old.fetched_at, old.updated_at, old.updated_by = now, now, user
                to_update.append(old)
            else:
                counts.unchanged += 1
        if to_create:
            bulk_create_with_history(to_create, Observation, batch_size=500, default_user=user,
                                     default_change_reason=_("Đồng bộ") if source else _("Nhập số liệu"))
        if to_update:
            bulk_update_with_history(
                to_update, Observation, [*OBSERVATION_VALUE_FIELDS, "feed", "fetched_at", "updated_at", "updated_by"],
                batch_size=500, default_user=user,
                default_change_reason=_("Số liệu điều chỉnh (đồng bộ)") if source else _("Số liệu điều chỉnh"))
        counts.created, counts.updated = len(to_create), len(to_update)
        if to_create or to_update:
            bump_content_version(agency.pk)
            figures_changed(agency.pk)
    return counts


# --- running a source ------------------------------------------------------------------------------
@dataclass(kw_only=True)
class SyncReport(ImportReport):
    """The import report of one source's run; ``errors`` are the refused rows' messages."""

    source_id: int
    source: str
    agency: str
    status: str = "ok"  # ok, failed, busy
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_dict(self) -> dict:
        return {"status": self.status, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "skipped": self.skipped, "refused": self.refused,
                "messages": self.errors[:MAX_MESSAGES]}

    def summary(self) -> str:
        if self.status == "busy":
            return _("%(source)s: đang có một lần chạy khác, bỏ qua.") % {"source": self.source}
        text = _("%(source)s: tạo mới %(created)d, cập nhật %(updated)d, không đổi %(unchanged)d, "
                 "bỏ qua %(skipped)d, từ chối %(refused)d.") % {
            "source": self.source, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "skipped": self.skipped, "refused": self.refused}
        if self.error:
            text += " " + _("Lỗi: %(error)s") % {"error": self.error}
        return text


def acquire_lease(source_id, now=None):
    """A token if this caller may run the source now, else None (another run holds it)."""
    now = now or timezone.now()
    token = uuid.uuid4()
    taken = (Source.objects.filter(pk=source_id)
             .filter(Q(lease_token__isnull=True) | Q(lease_expires_at__lt=now))
             .update(lease_token=token, lease_expires_at=now + LEASE))
    return token if taken else None


def release_lease(source_id, token) -> None:
    Source.objects.filter(pk=source_id, lease_token=token).update(lease_token=None, lease_expires_at=None)


class _LeaseLost(Exception):
    pass


def _locked_source(source_id, token):
    queryset = Source.objects.filter(pk=source_id, lease_token=token)
    if connection.features.has_select_for_update:
        options = {"nowait": True} if connection.features.has_select_for_update_nowait else {}
        queryset = queryset.select_for_update(**options)
    try:
        found = queryset.only("pk").first()
    except DatabaseError:
        raise _LeaseLost from None
    if found is None:
        raise _LeaseLost
    return found


def run_source(source: Source, *, user=None, now=None, fetcher=None) -> SyncReport:
    """Fetch, parse, validate and apply one source; record the outcome on it."""
    now = now or timezone.now()
    report = SyncReport(source_id=source.pk, source=source.name, agency=source.agency.slug)
    token = acquire_lease(source.pk, now)
    if token is None:
        report.status = "busy"
        return report
    try:
        try:
            check_mapping(source.kind, source.mapping)
        except MappingError as error:
            raise FeedError(_("Ánh xạ sai: %(error)s") % {"error": error}) from None
        payload = (fetcher or fetch)(source.url, source.timeout)
        parsed = PARSERS[source.kind](payload, source.mapping or {})
        report.skipped = parsed.skipped
        validated = validate_rows(parsed.rows, timezone.localdate(now))
        if validated.errors:
            report.refused = len(validated.errors)
            report.errors = validated.errors[:MAX_MESSAGES]
            raise FeedError(_("%(n)d dòng bị từ chối, không áp dụng dòng nào. %(first)s") % {
                "n": report.refused, "first": validated.errors[0]})
        if not validated.rows:
            raise FeedError(_("Nguồn không có số liệu nào."))
        with transaction.atomic():
            _locked_source(source.pk, token)
            counts = apply_rows(source.agency, validated.rows, source=source,
                                source_name=source.display_source_name, user=user, now=now)
            report.created, report.updated, report.unchanged = counts.created, counts.updated, counts.unchanged
            Source.objects.filter(pk=source.pk).update(last_run_at=now, last_success_at=now, last_error="",
                                                       last_report=report.as_dict())
    except _LeaseLost:
        report.status = "busy"
        return report
    except (FeedError, DatabaseError) as error:
        report.status = "failed"
        report.error = str(error) if isinstance(error, FeedError) else _("Lỗi cơ sở dữ liệu khi ghi số liệu.")
        Source.objects.filter(pk=source.pk).update(last_run_at=now, last_error=report.error[:2000],
                                                   last_report=report.as_dict())
    finally:
        release_lease(source.pk, token)
    # The public page says when the figures were last fetched, and whether the last run failed.
    bump_content_version(source.agency_id)
    source.refresh_from_db(fields=["last_run_at", "last_success_at", "last_error", "last_report"])
    return report


def run_sources(queryset, *, user=None, now=None) -> list[SyncReport]:
    return [run_source(source, user=user, now=now)
            for source in queryset.filter(enabled=True).select_related("agency").order_by("agency__order", "pk")]
