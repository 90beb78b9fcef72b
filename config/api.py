"""The one module that mounts the read API: ``/api/v1/`` with every app's ``<app>/api.py`` router.

Also the API's own endpoints: tombstones (what left the public pages) and the per-agency summary
(the operations page in one call, assembled from the parts each app registers with
``register_summary``).
"""

from datetime import datetime

from django.apps import apps
from django.db.models import F
from django.urls import URLPattern, URLResolver, re_path
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.openapi.docs import Swagger

from agencies.api import _agencies_out
from agencies.cache import agency_version, province_version
from agencies.models import Agency
from portal.api import (
    ErrorOut,
    HarvestFilter,
    Page,
    Tombstone,
    api_view,
    error,
    harvest_page,
    install_error_handlers,
    public_agency,
    summary_parts,
)
from portal.models import Tombstone as TombstoneModel
from portal.tombstones import tracked_types

DESCRIPTION = """API đọc công khai của cổng thông tin điện tử phục vụ điều hành: mọi thông tin công khai
của tám mục, theo toàn tỉnh hoặc theo từng cơ quan (`?agency=slug`, `/agencies/{slug}/...`).
Chỉ dữ liệu đã xuất bản và đến hạn; không có bản nháp, chờ duyệt, hẹn giờ, mật hay ẩn.

Thu thập tăng dần (harvest): mỗi danh sách nhận `updated_since` và trả `next_cursor`; đi hết các
trang rồi lưu `server_time` làm `updated_since` lần sau. Mục bị gỡ khỏi trang công khai (gỡ xuống,
bãi bỏ, xóa, chuyển sang không công khai) có ở `/tombstones`. Mỗi phản hồi có ETag (gửi
`If-None-Match` để nhận 304). Lỗi trả JSON với thông báo tiếng Việt và tiếng Anh."""

class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every operation may also answer the common errors (bad parameter, unknown agency, rate limit)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        common = {"400": "Tham số không hợp lệ / Invalid parameters", "404": "Không tìm thấy / Not found",
                  "429": "Quá nhiều yêu cầu / Too many requests"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                # ninja keys its own responses by int: one spelling, or the JSON repeats a key
                operation["responses"] = {str(code): value for code, value in operation.get("responses", {}).items()}
                not_modified = {"description": "Không thay đổi (If-None-Match) / Not modified"}
                operation["responses"].setdefault("304", not_modified)
                for code, text in common.items():
                    operation["responses"].setdefault(code, {"description": text, **error})
        return schema


api = PortalAPI(
    title="API công khai của cổng thông tin điều hành",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
)
install_error_handlers(api)

own = Router(tags=["Thu thập tăng dần, tổng hợp"])


class TombstoneFilter(HarvestFilter):
    agency: str | None = Field(None, max_length=80)
    type: str | None = Field(None, max_length=40, description="agency, news, procedure, ...")


@own.get("/tombstones", response={200: Page[Tombstone], 404: ErrorOut},
         summary="Mục đã bị gỡ khỏi trang công khai")
def tombstones(request, params: Query[TombstoneFilter]):
    queryset = TombstoneModel.objects.all()
    if params.agency:
        queryset = queryset.filter(agency_slug=params.agency)
    if params.type:
        queryset = queryset.filter(type=params.type)
    queryset = queryset.annotate(changed_at=F("removed_at"))

    def serialize(rows):
        return [{"type": t.type, "id": t.object_id, "agency": t.agency_slug or None, "removed_at": t.removed_at}
                for t in rows]

    return harvest_page(queryset, params, serialize)


class SummaryOut(Schema):
    agency: dict
    generated_at: datetime
    parts: dict = Field(description="Mỗi mục: số liệu tóm tắt như trên trang điều hành của cơ quan")


@own.get("/agencies/{slug}/summary", response={200: SummaryOut, 404: ErrorOut},
         summary="Trang điều hành của một cơ quan trong một lần gọi")
def summary(request, slug: str):
    agency = public_agency(slug)
    now = timezone.now()
    return {"agency": _agencies_out([agency], now)[0], "generated_at": now,
            "parts": {key: part(agency, now) for key, part in summary_parts()}}


def _discover():
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "api") and config.label != "portal":
            module = __import__(f"{config.name}.api", fromlist=["router"])
            if getattr(module, "router", None) is not None:
                api.add_router("", module.router)
    api.add_router("", own)


_discover()


def _scope(request, kwargs):
    """The cache scope of a request: the agency it names (path or ?agency=), else the province."""
    slug = kwargs.get("slug") or request.GET.get("agency")
    if slug:
        agency = Agency.objects.filter(is_active=True, slug=slug).only(
            "pk", "slug", "host", "content_version", "next_publication_at").first()
        if agency is not None:
            return f"a{agency.pk}", agency_version(agency, fresh=True)
    return "province", province_version()


def _wrap(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _wrap(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            pattern.callback = api_view(pattern.callback,
                                        scope=None if name in ("openapi-view", "openapi-json") else _scope)
    return patterns


def _no_such_endpoint(request, rest=""):
    return error(404, "not_found")


def urls():
    patterns, app_name, namespace = api.urls
    # Anything else under /api/v1/ (an unknown path, an id that is not a number) is a JSON 404 too.
    return [*_wrap(patterns), re_path(r"^(?P<rest>.*)$", api_view(_no_such_endpoint))], \
        app_name, namespace


__all__ = ["api", "urls", "tracked_types"]
