"""The push API: a document system POSTs a JSON list of dispatches in the appendix VI field names.

``POST /<agency>/van-ban-di-den/api/v1/van-ban/`` with ``Authorization: Bearer <key>``. The batch is
applied all or nothing through ``importers.apply_rows`` (the same path as the file import and the
sync). Built with django-ninja like the read API: the item schema is the pydantic model ``DispatchIn``
(unknown keys refused, every value a string except the two documented ones), and the OpenAPI
document served at ``/van-ban-di-den/api/openapi.json`` is generated from it.
"""

import json

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from portal import ratelimit

from .importers import apply_rows
from .models import ApiToken, hash_token


def max_bytes() -> int:
    return settings.DISPATCHES_API_MAX_BYTES


def max_items() -> int:
    return settings.DISPATCHES_API_MAX_ITEMS


def rate_limit() -> tuple[int, int]:
    """(requests, seconds) allowed per key; failed authentications are limited per client address."""
    return settings.DISPATCHES_API_RATE


def over_limit(key: str) -> bool:
    """True once ``key`` is over the rate (the portal's one limiter, portal/ratelimit.py)."""
    return ratelimit.Rate.parse(rate_limit()).exceeded("dispatches", key)


def _error(status, message, **extra):
    response = JsonResponse({"error": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="van-ban-di-den"'
    return response


@csrf_exempt
def push_view(request):
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
        if over_limit(f"auth:{ratelimit.client(request)}"):
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

    shape_errors = _shape_errors(payload)
    if shape_errors:
        return _error(400, _("Không lưu văn bản nào của lần gửi này: hãy sửa các mục lỗi rồi gửi lại cả lô."),
                      items=[{"item": i, "external_id": _external_id(payload[i - 1]), "errors": errors}
                             for i, errors in shape_errors], general=[])

    labels = {}
    rows = []
    for index, item in enumerate(payload, 1):
        label = _("Mục %(item)d") % {"item": index}
        labels[label] = index
        rows.append((label, {str(k): v for k, v in item.items()}))
    report = apply_rows(agency, rows)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())  # no cache bump
    if report.conflict:
        return _error(409, report.errors[0].message)
    if not report.ok:
        items = {}
        general = []
        for error in report.errors:
            if error.label in labels:
                items.setdefault(labels[error.label], []).append(error.message)
            else:
                general.append(error.message)
        return _error(400, _("Không lưu văn bản nào của lần gửi này: hãy sửa các mục lỗi rồi gửi lại cả lô."),
                      items=[{"item": i, "external_id": _external_id(payload[i - 1]),
                              "errors": messages} for i, messages in sorted(items.items())],
                      general=general)
    return JsonResponse({"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
                        status=200)



# --- the push API on django-ninja: the item schema and the generated OpenAPI --------------

from typing import Literal  # noqa: E402

from ninja import NinjaAPI  # noqa: E402
from pydantic import BaseModel, ConfigDict, ValidationError, constr  # noqa: E402
from pydantic import Field as ItemField  # noqa: E402


class DispatchIn(BaseModel):
    """One dispatch as a document system sends it (Nghị định 30/2020/NĐ-CP, phụ lục VI field names)."""

    model_config = ConfigDict(extra="forbid", title="Dispatch")

    ExternalId: constr(max_length=100) | None = ItemField(
        None, description=(
            "Mã định danh văn bản trên hệ thống quản lý văn bản (khóa để cập nhật lại, không trùng "
            "trong một cơ quan)."
        ),
    )
    Direction: Literal["di", "den", ""] | None = ItemField(
        None, description=(
            'Sổ: "di" (văn bản đi) hoặc "den" (văn bản đến). Bỏ trống: có ArrivalDate hoặc '
            "ArrivalNumber là văn bản đến."
        ),
    )
    TypeName: str | None = ItemField(
        None, description=(
            'Tên loại hoặc chữ viết tắt theo Nghị định 30/2020 ("Quyết định", "QĐ", "Công văn", "Thông '
            'tư"…). Bỏ trống: suy ra từ CodeNotation.'
        ),
    )
    CodeNumber: str | None = ItemField(None, description='Số văn bản, ví dụ "459".')
    CodeNotation: str | None = ItemField(None, description='Ký hiệu, ví dụ "UBND-TTTH".')
    IssuedDate: str | None = ItemField(
        None, description=(
            "Ngày ban hành: yyyy-mm-dd hoặc dd/mm/yyyy."
        ), examples=['2006-03-15', '15/03/2006'],
    )
    OrganName: str | None = ItemField(None, description='Cơ quan ban hành (tác giả) của văn bản đến.')
    Subject: str | None = ItemField(None, description='Trích yếu.')
    Position: str | None = ItemField(None, description='Chức vụ người ký.')
    FullName: str | None = ItemField(None, description='Họ tên người ký.')
    ToPlaces: str | None = ItemField(None, description='Nơi nhận (văn bản đi).')
    Priority: str | None = ItemField(
        None, description=(
            "Độ khẩn: Thường, Khẩn, Thượng khẩn, Hỏa tốc (hoặc 0–4). Giá trị Mật, Tối mật, Tuyệt mật bị"
            " từ chối."
        ),
    )
    Secrecy: str | None = ItemField(
        None, description=(
            'Độ mật nếu hệ thống gửi riêng. Chỉ chấp nhận rỗng hoặc "Thường": văn bản mật không được '
            "gửi lên cổng."
        ),
    )
    ArrivalDate: str | None = ItemField(None, description='Ngày đến (văn bản đến).')
    ArrivalNumber: int | str | None = ItemField(None, description='Số đến (văn bản đến).')
    DueDate: str | None = ItemField(None, description='Hạn giải quyết.')
    Description: str | None = ItemField(None, description='Ghi chú.')
    HandlingUnit: str | None = ItemField(None, description='Đơn vị hoặc người xử lý.')
    PublishDetails: bool | str | None = ItemField(
        None, description=(
            "Công khai chi tiết văn bản trên trang của cơ quan. Bỏ trống: theo cấu hình của cơ quan."
        ),
    )

RESULT_DESCRIPTION = {"200": {"description": "Đã lưu cả lô.",
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Result"}}}},
                      "400": {"description": "Có mục lỗi (kể cả mục mật): không lưu gì của lô; lỗi ghi theo thứ tự "
                                             "mục.",
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                      "401": {"description": "Thiếu khóa, khóa sai hoặc đã thu hồi."},
                      "403": {"description": "Khóa của cơ quan khác."},
                      "405": {"description": "Chỉ nhận POST."},
                      "409": {"description": "Một lần gửi khác đang ghi cùng văn bản và vẫn va chạm sau vài lần "
                                             "thử lại: không lưu gì của lô; gửi lại cả lô (gửi lại là cập nhật, "
                                             "không tạo bản trùng)."},
                      "413": {"description": "Yêu cầu quá lớn (mặc định 2 MiB) hoặc quá 1000 mục."},
                      "429": {"description": "Quá số lần gửi cho phép (mặc định 60 lần mỗi phút cho mỗi khóa); xem "
                                             "Retry-After."}}
PUSH_INFO = {"title": "API tích hợp công văn đi - đến",
             "version": "1.0.0",
             "description": "Hệ thống quản lý văn bản của cơ quan gửi danh sách văn bản đi, đến theo tên "
                            "trường của chuẩn trao đổi văn bản (Nghị định 30/2020/NĐ-CP, phụ lục VI). Cả "
                            "lô được lưu hoặc không lưu gì (khi có mục lỗi). Gửi lại cùng văn bản là cập "
                            "nhật, không tạo bản trùng (khóa: ExternalId, hoặc sổ + năm + số, ký hiệu + "
                            "cơ quan ban hành khi không có ExternalId). Văn bản mật (Mật, Tối mật, Tuyệt "
                            "mật) không được gửi: mục mật làm cả lô bị từ chối và không có gì của nó được "
                            "lưu."}
PUSH_SERVERS = [{"url": "/{agency}",
                 "variables": {"agency": {"default": "so-tttt",
                                          "description": "Đường dẫn của cơ quan trên cổng (bỏ khi cơ quan "
                                                         "dùng tên miền riêng)."}}}]
PUSH_SECURITY = {"khoaApi": {"type": "http",
                             "scheme": "bearer",
                             "description": "Khóa API do Quản trị đơn vị tạo trong trang quản trị (Khóa API); "
                                            "chỉ hiện một lần khi tạo; có thể thu hồi."}}
PUSH_SUMMARY = 'Gửi (thêm mới hoặc cập nhật) một lô văn bản đi, đến'
PUSH_EXAMPLE = [{"ExternalId": "VP-2006-459",
                 "Direction": "di",
                 "TypeName": "Công văn",
                 "CodeNumber": "459",
                 "CodeNotation": "UBND-TTTH",
                 "IssuedDate": "2006-03-15",
                 "Subject": "Về việc cập nhật thông tin vào Trang thông tin điện tử phục vụ điều hành tác "
                            "nghiệp của Chính phủ",
                 "Position": "KT. Chủ tịch, Phó Chủ tịch",
                 "FullName": "(dữ liệu mẫu)",
                 "ToPlaces": "Các sở, ban, ngành tỉnh; UBND các huyện, thị xã",
                 "Priority": "Thường"}]


class Result(BaseModel):
    created: int
    updated: int
    unchanged: int


class ItemError(BaseModel):
    item: int = ItemField(description="Thứ tự mục trong lô, từ 1.")
    external_id: str
    errors: list[str]


class Error(BaseModel):
    error: str
    items: list[ItemError] = []
    general: list[str] = []


REQUIRED = ["CodeNumber", "IssuedDate", "Subject"]  # checked (with the rest) by importers.apply_rows


def _external_id(item) -> str:
    return str(item.get("ExternalId") or item.get("DocumentId") or "") if isinstance(item, dict) else ""


def _shape_message(error) -> str:
    field = ".".join(str(p) for p in error["loc"]) or "?"
    kind = error["type"]
    if kind == "extra_forbidden":
        return _("Trường “%(field)s” không có trong chuẩn trao đổi, không được nhận.") % {"field": field}
    if kind == "literal_error":
        return _("“%(field)s” chỉ nhận “di” hoặc “den”.") % {"field": field}
    if kind == "string_too_long":
        return _("“%(field)s” quá dài (tối đa %(max)s ký tự).") % {
            "field": field, "max": error.get("ctx", {}).get("max_length", "")}
    if kind in ("string_type", "bool_type", "int_type", "bool_parsing", "int_parsing"):
        return _("“%(field)s” phải là chuỗi ký tự (giá trị kiểu khác không được nhận).") % {"field": field}
    return _("“%(field)s” không hợp lệ.") % {"field": field}


def _shape_errors(payload) -> list[tuple[int, list[str]]]:
    """Per item: unknown keys and values of the wrong type (a number or an object where the standard
    says string — a secrecy mark among them), checked against ``DispatchIn`` before anything is read."""
    result = []
    for index, item in enumerate(payload, 1):
        try:
            DispatchIn.model_validate(item, strict=False)
        except ValidationError as error:
            messages = list(dict.fromkeys(_shape_message(e) for e in error.errors(include_url=False)))
            result.append((index, messages))
    return result


class PushAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        definition = DispatchIn.model_json_schema(ref_template="#/components/schemas/{model}")
        definition["required"] = REQUIRED
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Dispatch"] = definition
        for model in (Result, Error):
            generated = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components["schemas"].update(generated.pop("$defs", {}))
            components["schemas"][model.__name__] = generated
        components["securitySchemes"] = PUSH_SECURITY
        schema["servers"] = PUSH_SERVERS
        return schema


push_api = PushAPI(title=PUSH_INFO["title"], version=PUSH_INFO["version"], description=PUSH_INFO["description"],
                   urls_namespace="dispatches_push", docs_url=None, openapi_url=None)
BATCH = {"type": "array", "items": {"$ref": "#/components/schemas/Dispatch"}, "minItems": 1, "maxItems": 1000}


@push_api.post("/van-ban/", summary=PUSH_SUMMARY, operation_id="pushDispatches", openapi_extra={
    "security": [{"khoaApi": []}],
    "requestBody": {"required": True, "content": {"application/json": {
        "schema": {"oneOf": [BATCH, {"type": "object", "additionalProperties": False, "required": ["dispatches"],
                                     "properties": {"dispatches": BATCH}}]},
        "example": PUSH_EXAMPLE}}},
    "responses": RESULT_DESCRIPTION,
})
def push(request):
    return push_view(request)


def openapi(request):
    schema = push_api.get_openapi_schema(path_prefix="van-ban-di-den/api/v1")
    response = JsonResponse(schema, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- the read API (/api/v1/): statistics and the public register ---------------------------

from datetime import date as _date  # noqa: E402
from datetime import datetime as _datetime  # noqa: E402

from ninja import Field, Query, Router, Schema  # noqa: E402

from portal.api import (  # noqa: E402
    AgencyFilter,
    ApiError,
    ErrorOut,
    Page,
    changed_at,
    harvest_page,
    media_url,
    narrow,
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


class RegisterFilter(AgencyFilter):
    direction: str | None = Field(None, max_length=3, description="di | den")
    doc_type: str | None = Field(None, max_length=5)


@router.get("/dispatches", response={200: Page[DispatchOut], 404: ErrorOut},
            summary="Sổ công văn: các văn bản cơ quan công khai chi tiết")
def register(request, params: Query[RegisterFilter]):
    queryset = (Dispatch.objects.public_details().filter(agency__is_active=True).select_related("agency")
                .defer("search_text"))
    queryset = narrow(queryset, params, direction="direction", doc_type="doc_type")
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
