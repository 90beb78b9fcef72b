"""The foundation of the public read API (``/api/v1/``), built with django-ninja.

Each section app declares its read endpoints in ``<app>/api.py`` as a ``router`` (a ninja Router);
``config/api.py`` mounts them all. What every endpoint shares lives here, once:

* ``harvest_page()`` — incremental harvest: ``updated_since`` and a stable cursor over
  ``(changed_at, id)``; ``changed_at`` is the latest of ``updated_at`` and ``published_at``, so an
  item scheduled earlier shows up when it comes due;
* ``api_view()`` — wraps every URL of the API: per-client rate limit (portal/ratelimit.py), the page
  cache keyed on a version given by ``scope`` (config/api.py passes the per-agency content version of
  agencies/cache.py, so a hit costs no SQL beyond the version), ETag / 304, CORS for GET only;
* ``error()`` and the exception handlers — JSON errors with a Vietnamese and an English message.

Public code reads only through each model's ``published()`` / ``public()`` querysets; the routers
filter nothing on their own beyond what the public pages filter.
"""

import base64
import binascii
import hashlib
from datetime import UTC, datetime
from functools import wraps
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import field_validator

from . import ratelimit

T = TypeVar("T")

# Pagination caps: a harvester asks for at most MAX_LIMIT items a page.
DEFAULT_LIMIT = 50
MAX_LIMIT = 200

# Every error the API answers, Vietnamese (gettext) and English.
ERRORS = {
    "not_found": (_("Không tìm thấy dữ liệu được yêu cầu."), "The requested resource was not found."),
    "bad_request": (_("Tham số không hợp lệ."), "Invalid parameters."),
    "bad_cursor": (_("Con trỏ phân trang không hợp lệ; hãy bắt đầu lại từ trang đầu."),
                   "Invalid pagination cursor; start again from the first page."),
    "unknown_agency": (_("Không có cơ quan, đơn vị này trên cổng thông tin."),
                       "No such agency on this portal."),
    "rate_limited": (_("Quá nhiều yêu cầu; hãy thử lại sau."), "Too many requests; try again later."),
    "method_not_allowed": (_("API chỉ cho phép đọc (GET)."), "This API is read-only (GET)."),
    "server_error": (_("Lỗi máy chủ."), "Server error."),
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail=None):
        super().__init__(code)
        self.status, self.code, self.detail = status, code, detail


def error_body(code: str, detail=None) -> dict:
    vi, en = ERRORS[code]
    with translation.override("vi"):
        vi = str(vi)
    body = {"error": {"code": code, "message": vi, "message_en": en}}
    if detail:
        body["error"]["detail"] = detail
    return body


def error(status: int, code: str, detail=None) -> JsonResponse:
    response = JsonResponse(error_body(code, detail), status=status, json_dumps_params={"ensure_ascii": False})
    _cors(response)
    return response


class ErrorDetail(Schema):
    code: str
    message: str = Field(description="Thông báo tiếng Việt")
    message_en: str = Field(description="English message")
    detail: list | str | None = None


class ErrorOut(Schema):
    error: ErrorDetail


class Tombstone(Schema):
    type: str
    id: int
    agency: str | None = None
    removed_at: datetime


class Page(Schema, Generic[T]):
    """One page of a list. Follow ``next_cursor`` until it is null; keep ``server_time`` and pass it
    as ``updated_since`` next time (the harvest is then incremental)."""

    items: list[T]
    next_cursor: str | None = Field(None, description="Trang sau: truyền lại làm ?cursor=; null ở trang cuối.")
    server_time: datetime


class HarvestFilter(Schema):
    updated_since: datetime | None = Field(
        None, description="Chỉ các mục thay đổi hoặc được công bố từ thời điểm này (ISO 8601).")
    cursor: str | None = Field(None, max_length=200, description="Con trỏ next_cursor của trang trước.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Số mục mỗi trang (tối đa {MAX_LIMIT}).")

    @field_validator("updated_since")
    @classmethod
    def _in_utc(cls, value):
        """Any offset the ISO format allows, read as UTC (PostgreSQL refuses offsets beyond ±15:59)."""
        if value is None:
            return value
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_current_timezone())
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError):
            raise ValueError("updated_since out of range") from None


class AgencyFilter(HarvestFilter):
    """A list that may be narrowed to one agency."""

    agency: str | None = Field(None, max_length=80, description="slug của cơ quan (bỏ trống: toàn tỉnh)")


def narrow(queryset, params, **lookups):
    """``queryset`` narrowed as a list's parameters ask: to ``params.agency`` when given (an unknown
    slug is a 404), and by ``filter(lookup=value)`` for each ``lookup="parameter"`` given a value."""
    agency = public_agency(getattr(params, "agency", None))
    if agency:
        queryset = queryset.for_agency(agency)
    for lookup, name in lookups.items():
        value = getattr(params, name)
        if value:
            queryset = queryset.filter(**{lookup: value})
    return queryset


def changed_at(queryset, field="updated_at", published=True):
    """Annotate ``changed_at``: when the item last changed for the public."""
    value = Greatest(F(field), F("published_at")) if published else F(field)
    return queryset.annotate(changed_at=value)


# Rows without any recorded change (inserted in bulk, before history existed) sort first.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def history_changed_at(model):
    """``changed_at`` of a model with django-simple-history and no ``updated_at``: its latest history
    row, or EPOCH when it has none."""
    from django.db.models import DateTimeField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    history = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return Coalesce(Subquery(history.values("history_date")[:1]), Value(EPOCH, output_field=DateTimeField()))


def encode_cursor(moment: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.rsplit("|", 1)
        moment = datetime.fromisoformat(moment)
        if timezone.is_naive(moment):
            raise ValueError
        return moment, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(400, "bad_cursor") from None


def harvest_page(queryset, params: HarvestFilter, serialize=None, pk_field="pk") -> dict:
    """A page of ``queryset`` (annotated with ``changed_at``) in the stable harvest order.

    Order: ``changed_at`` then id; the cursor is the last (changed_at, id) seen, so rows inserted or
    changed while a harvester pages through land after it and nothing is skipped or repeated.
    """
    now = timezone.now()
    if params.updated_since is not None:
        since = params.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since, timezone.get_current_timezone())
        queryset = queryset.filter(changed_at__gte=since)
    if params.cursor:
        moment, pk = decode_cursor(params.cursor)
        queryset = queryset.filter(Q(changed_at__gt=moment) | Q(changed_at=moment, **{f"{pk_field}__gt": pk}))
    rows = list(queryset.order_by("changed_at", pk_field)[: params.limit + 1])
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    next_cursor = encode_cursor(rows[-1].changed_at, getattr(rows[-1], pk_field)) if more else None
    items = serialize(rows) if serialize else rows
    return {"items": items, "next_cursor": next_cursor, "server_time": now}


def public_agency(slug: str | None):
    """The active agency of ``slug`` (None when no slug); an unknown or inactive slug is a 404."""
    from django.apps import apps

    if not slug:
        return None
    agency = apps.get_model("agencies", "Agency").objects.filter(is_active=True, slug=slug).first()
    if agency is None:
        raise ApiError(404, "unknown_agency")
    return agency


def media_url(field) -> str | None:
    return field.url if field else None


# --- the wrapper of every API URL ------------------------------------------------------------

def _rate():
    return ratelimit.Rate.parse(settings.PORTAL_API_RATE)


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "If-None-Match"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def _etag(content: bytes) -> str:
    return '"%s"' % hashlib.sha1(content).hexdigest()


def _not_modified(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return etag in [tag.strip().removeprefix("W/") for tag in header.split(",")] or header.strip() == "*"


def api_view(view, scope=None):
    """Rate limit, method check, page cache, ETag/304 and CORS around one API URL.

    ``scope(request, kwargs) -> (name, version)`` keys the cache; None: not cached."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = _cors(HttpResponse(status=204))
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in ("GET", "HEAD"):
            response = error(405, "method_not_allowed")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        rate = _rate()
        if rate.exceeded("api", ratelimit.client(request)):
            response = error(429, "rate_limited")
            response["Retry-After"] = str(rate.seconds)
            return response
        key = None
        if scope is not None and settings.PORTAL_PAGE_CACHE:
            name, version = scope(request, kwargs)
            raw = f"{request.get_host()}|{request.get_full_path()}"
            key = f"api:{name}:{version}:{hashlib.sha1(raw.encode()).hexdigest()}"
            hit = cache.get(key)
            if hit is not None:
                content_type, content = hit
                return _respond(request, HttpResponse(content, content_type=content_type), "hit")
        response = view(request, *args, **kwargs)
        if key and response.status_code == 200 and not getattr(response, "streaming", False):
            cache.set(key, (response["Content-Type"], response.content), settings.PORTAL_PAGE_CACHE_SECONDS)
        return _respond(request, response, "miss" if key else None)

    return wrapper


def _respond(request, response, cache_state):
    _cors(response)
    if cache_state:
        response["X-Page-Cache"] = cache_state
    if response.status_code == 200 and not getattr(response, "streaming", False):
        etag = _etag(response.content)
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        if _not_modified(request, etag):
            not_modified = HttpResponse(status=304)
            for header in ("ETag", "Cache-Control", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers"):
                not_modified[header] = response[header]
            return not_modified
    return response


def install_error_handlers(api):
    """JSON errors, Vietnamese and English, for every failure the API can meet."""

    @api.exception_handler(ApiError)
    def _api_error(request, exc):
        return error(exc.status, exc.code, exc.detail)

    @api.exception_handler(ValidationError)
    def _validation(request, exc):
        detail = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors]
        return error(400, "bad_request", detail)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return error(404, "not_found")

    @api.exception_handler(HttpError)
    def _http_error(request, exc):
        code = {404: "not_found", 405: "method_not_allowed", 429: "rate_limited"}.get(exc.status_code, "bad_request")
        return error(exc.status_code, code)


# --- the per-agency summary: each app adds its part ------------------------------------------

_summary_parts: dict = {}


def register_summary(key: str, part) -> None:
    """``part(agency, now) -> dict``: one app's share of ``/agencies/{slug}/summary``."""
    _summary_parts[key] = part


def summary_parts():
    return sorted(_summary_parts.items())


def python_page(items, params: HarvestFilter, changed, serialize):
    """``harvest_page`` over a short list already read through a public function (section 2)."""
    now = timezone.now()
    rows = sorted(items, key=lambda item: (changed(item), item.pk))
    if params.updated_since is not None:
        since = params.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since, timezone.get_current_timezone())
        rows = [r for r in rows if changed(r) >= since]
    if params.cursor:
        moment, pk = decode_cursor(params.cursor)
        rows = [r for r in rows if (changed(r), r.pk) > (moment, pk)]
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    return {"items": [serialize(r) for r in rows], "server_time": now,
            "next_cursor": encode_cursor(changed(rows[-1]), rows[-1].pk) if more else None}
