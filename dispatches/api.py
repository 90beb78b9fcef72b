"""The push API: a document system POSTs a JSON list of dispatches in the appendix VI field names.

``POST /<agency>/van-ban-di-den/api/v1/van-ban/`` with ``Authorization: Bearer <key>``. The batch is
applied all or nothing through ``importers.apply_rows`` (the same path as the file import and the
sync). Described in ``dispatches/openapi.json``, served at ``/van-ban-di-den/api/openapi.json``.
"""

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from portal import classified

from .importers import apply_rows
from .models import ApiToken, hash_token

OPENAPI_FILE = Path(__file__).with_name("openapi.json")


def max_bytes() -> int:
    return settings.DISPATCHES_API_MAX_BYTES


def max_items() -> int:
    return settings.DISPATCHES_API_MAX_ITEMS


def rate_limit() -> tuple[int, int]:
    """(requests, seconds) allowed per key; failed authentications are limited per client address."""
    return settings.DISPATCHES_API_RATE


def over_limit(key: str) -> bool:
    """A fixed-window counter in the shared cache (Redis in production): True once over the limit."""
    limit, window = rate_limit()
    bucket = f"dispatches:rate:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, window + 1):
        return limit < 1
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add() and incr()
        cache.set(bucket, 1, window + 1)
        count = 1
    return count > limit


def _error(status, message, **extra):
    response = JsonResponse({"error": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="van-ban-di-den"'
    return response


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@csrf_exempt
def push(request):
    agency = request.agency
    if request.method != "POST":
        response = _error(405, _("Chỉ nhận phương thức POST."))
        response["Allow"] = "POST"
        return response
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_bytes():
        return _error(413, _("Yêu cầu quá lớn: tối đa %(max)d byte.") % {"max": max_bytes()})

    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, key = header.partition(" ")
    token = None
    if scheme.lower() == "bearer" and key.strip():
        token = ApiToken.objects.filter(key_hash=hash_token(key.strip())).first()
    if token is None or token.revoked_at is not None:
        if over_limit(f"auth:{_client(request)}"):
            return _error(429, _("Quá nhiều lần thử khóa sai; hãy thử lại sau."))
        if token is None:
            return _error(401, _("Thiếu khóa API hoặc khóa không đúng."))
        return _error(401, _("Khóa API này đã bị thu hồi."))
    if token.agency_id != agency.pk:
        return _error(403, _("Khóa API này không thuộc cơ quan %(agency)s.") % {"agency": agency.short_name})
    if over_limit(f"token:{token.pk}"):
        response = _error(429, _("Quá số lần gửi cho phép; hãy thử lại sau."))
        response["Retry-After"] = str(rate_limit()[1])
        return response

    body = request.body
    if len(body) > max_bytes():
        return _error(413, _("Yêu cầu quá lớn: tối đa %(max)d byte.") % {"max": max_bytes()})
    try:
        payload = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return _error(400, _("Nội dung không phải JSON hợp lệ (UTF-8)."))
    if isinstance(payload, dict) and isinstance(payload.get("dispatches"), list):
        payload = payload["dispatches"]
    if not isinstance(payload, list) or not payload:
        return _error(400, _("Nội dung phải là một danh sách (mảng JSON) các văn bản."))
    if len(payload) > max_items():
        return _error(413, _("Tối đa %(max)d văn bản mỗi lần gửi.") % {"max": max_items()})
    not_objects = [i for i, item in enumerate(payload, 1) if not isinstance(item, dict)]
    if not_objects:
        return _error(400, _("Mỗi văn bản phải là một đối tượng JSON."), items=[
            {"item": i, "errors": [_("không phải đối tượng JSON")]} for i in not_objects])

    # A secrecy or priority value must be text ("Mật", "Thường"): true, 2 or a list are refused.
    not_text = [i for i, item in enumerate(payload, 1) if any(
        value is not None and not isinstance(value, str)
        for key, value in item.items() if classified.kind_of_header(key) != "text")]
    if not_text:
        return _error(400, _("Không lưu văn bản nào của lần gửi này: hãy sửa các mục lỗi rồi gửi lại cả lô."), items=[
            {"item": i, "errors": [_("Độ mật và độ khẩn phải là chuỗi (ví dụ “Thường”).")]} for i in not_text])

    labels = {}
    rows = []
    for index, item in enumerate(payload, 1):
        label = _("Mục %(item)d") % {"item": index}
        labels[label] = index
        rows.append((label, {str(k): (v if not isinstance(v, (dict, list)) else json.dumps(v, ensure_ascii=False))
                             for k, v in item.items()}))
    report = apply_rows(agency, rows)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())  # no cache bump
    if not report.ok:
        items = {}
        general = []
        for error in report.errors:
            if error.label in labels:
                items.setdefault(labels[error.label], []).append(error.message)
            else:
                general.append(error.message)
        return _error(400, _("Không lưu văn bản nào của lần gửi này: hãy sửa các mục lỗi rồi gửi lại cả lô."),
                      items=[{"item": i, "external_id": str(payload[i - 1].get("ExternalId") or
                                                            payload[i - 1].get("DocumentId") or ""),
                              "errors": messages} for i, messages in sorted(items.items())],
                      general=general)
    return JsonResponse({"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
                        status=200)


def openapi(request):
    response = FileResponse(OPENAPI_FILE.open("rb"), content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- the read API (/api/v1/): statistics and the public register ---------------------------

from datetime import date as _date  # noqa: E402
from datetime import datetime as _datetime  # noqa: E402

from ninja import Field, Query, Router, Schema  # noqa: E402

from portal.api import (  # noqa: E402
    ApiError,
    ErrorOut,
    HarvestFilter,
    Page,
    changed_at,
    harvest_page,
    media_url,
    public_agency,
    register_summary,
)

from . import stats  # noqa: E402
from .models import Dispatch  # noqa: E402

router = Router(tags=["Công văn đi - đến (mục 8)"])


class TypeCount(Schema):
    doc_type: str
    label: str
    incoming: int
    outgoing: int
    total: int


class PeriodCount(Schema):
    key: str
    label: str
    start: _date
    end: _date
    incoming: int
    outgoing: int
    total: int
    by_type: list[TypeCount]


class StatisticsOut(Schema):
    agency: str | None
    periods: list[PeriodCount]


class StatisticsFilter(Schema):
    agency: str | None = Field(None, max_length=80)
    date_from: _date | None = Field(None, description="Từ ngày (cùng date_to: một khoảng tùy chọn)")
    date_to: _date | None = None


def statistics_out(agency, periods) -> dict:
    counts = stats.dispatch_counts(periods, agency_ids=[agency.pk] if agency else None)
    result = []
    for period in periods:
        period_counts = counts[period.key]
        totals = stats.direction_totals(period_counts)
        result.append({"key": period.key, "label": str(period.label), "start": period.start, "end": period.end,
                       **totals, "by_type": [{"doc_type": r.doc_type, "label": str(r.label), "incoming": r.incoming,
                                              "outgoing": r.outgoing, "total": r.total}
                                             for r in stats.type_rows(period_counts)]})
    return {"agency": agency.slug if agency else None, "periods": result}


@router.get("/dispatch-statistics", response={200: StatisticsOut, 400: ErrorOut, 404: ErrorOut},
            summary="Số văn bản đi, đến theo loại và kỳ (tuần, tháng, quý, năm hoặc khoảng ngày)")
def statistics(request, params: Query[StatisticsFilter]):
    from django.utils import timezone

    agency = public_agency(params.agency)
    if params.date_from or params.date_to:
        if not (params.date_from and params.date_to) or params.date_from > params.date_to \
                or (params.date_to - params.date_from).days > 3660:
            raise ApiError(400, "bad_request", "date_from <= date_to, tối đa 10 năm")
        periods = [stats.range_period(params.date_from, params.date_to)]
    else:
        periods = stats.standard_periods(timezone.localdate())
    return statistics_out(agency, periods)


class DispatchOut(Schema):
    id: int
    agency: str
    direction: str
    doc_type: str
    number_symbol: str
    code_number: str
    code_notation: str
    issued_date: _date
    organ_name: str
    summary: str
    signer_name: str
    signer_position: str
    recipients: str
    arrival_date: _date | None
    arrival_number: int | None
    urgency: str
    handling_unit: str
    due_date: _date | None
    note: str
    file: str | None
    updated_at: _datetime


class RegisterFilter(HarvestFilter):
    agency: str | None = Field(None, max_length=80)
    direction: str | None = Field(None, max_length=3, description="di | den")
    doc_type: str | None = Field(None, max_length=5)


@router.get("/dispatches", response={200: Page[DispatchOut], 404: ErrorOut},
            summary="Sổ công văn: các văn bản cơ quan công khai chi tiết")
def register(request, params: Query[RegisterFilter]):
    queryset = (Dispatch.objects.public_details().filter(agency__is_active=True).select_related("agency")
                .defer("search_text"))
    agency = public_agency(params.agency)
    if agency:
        queryset = queryset.for_agency(agency)
    if params.direction:
        queryset = queryset.filter(direction=params.direction)
    if params.doc_type:
        queryset = queryset.filter(doc_type=params.doc_type)
    fields = ("direction", "doc_type", "number_symbol", "code_number", "code_notation", "issued_date",
              "organ_name", "summary", "signer_name", "signer_position", "recipients", "arrival_date",
              "arrival_number", "urgency", "handling_unit", "due_date", "note", "updated_at")

    def serialize(rows):
        return [{"id": d.pk, "agency": d.agency.slug, **{f: getattr(d, f) for f in fields},
                 "file": media_url(d.file)} for d in rows]

    return harvest_page(changed_at(queryset, published=False), params, serialize)


def _summary(agency, now):
    from django.utils import timezone

    return statistics_out(agency, stats.standard_periods(timezone.localdate(now)))


register_summary("8_dispatches", _summary)


def _register_tombstones():
    from portal.tombstones import track

    track(Dispatch, "dispatch", lambda: Dispatch.objects.public_details())


_register_tombstones()
