from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from agencies import access
from agencies.models import Agency
from agencies.tenant_admin import PublishableAdmin, TenantAdmin, scope_queryset
from portal import periods
from portal.downloads import xlsx_response

from .forms import ImportForm, ObservationForm, ReportForm
from .models import Indicator, Observation, Report, Source
from .parsers import FeedError, RawRow, parse_csv, parse_xlsx
from .sync import apply_rows, plan_rows, run_source, validate_rows

IMPORT_SALT = "ktxh_sync.import"


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    """The province-wide catalogue: every member may read it, the portal's administrators keep it."""

    list_display = ("code", "name", "unit", "frequency", "group", "is_main", "is_active")
    list_filter = ("frequency", "group", "is_main", "is_active")
    search_fields = ("code", "name", "name_en")
    fieldsets = (
        (None, {"fields": ("code", "name", "name_en", "unit", "frequency", "group", "decimals")}),
        (gettext_lazy("Hiển thị"), {"fields": ("is_main", "order", "direction", "change_kind", "chart", "is_active")}),
        (gettext_lazy("Thuyết minh"), {"fields": ("description", "method_note")}),
    )

    def has_module_permission(self, request):
        return access.can_anywhere(request.user, "view")

    def has_view_permission(self, request, obj=None):
        return access.can_anywhere(request.user, "view")

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Observation)
class ObservationAdmin(TenantAdmin):
    form = ObservationForm
    list_display = ("indicator_code", "indicator_name", "period_display", "value", "is_estimate", "agency",
                    "source_name", "fetched_at")
    list_filter = ("indicator__frequency", "indicator__group", "is_estimate", "agency")
    list_select_related = ("indicator", "agency")
    search_fields = ("indicator__code", "indicator__name")
    readonly_fields = ("feed", "fetched_at")
    change_list_template = "admin/ktxh_sync/observation/change_list.html"

    def get_fields(self, request, obj=None):
        fields = ["agency", "indicator", "period_text", "value", "cumulative_value", "change_yoy",
                  "is_estimate", "source_name"]
        return fields + (["feed", "fetched_at"] if obj else [])

    @admin.display(description=gettext_lazy("mã"), ordering="indicator__code")
    def indicator_code(self, obj):
        return obj.indicator.code

    @admin.display(description=gettext_lazy("chỉ tiêu"), ordering="indicator__name")
    def indicator_name(self, obj):
        return obj.indicator.name

    @admin.display(description=gettext_lazy("kỳ"), ordering="period")
    def period_display(self, obj):
        return obj.period_label

    def save_model(self, request, obj, form, change):
        obj.fetched_at = timezone.now()
        obj.feed = None
        if not obj.source_name:
            obj.source_name = _("%(agency)s (nhập trực tiếp)") % {"agency": obj.agency.name}
        super().save_model(request, obj, form, change)

    # --- import from a spreadsheet: preview, then confirm --------------------------------------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("nhap-tep/", self.admin_site.admin_view(self.import_view), name="%s_%s_import" % info),
            path("nhap-tep/tep-mau.xlsx", self.admin_site.admin_view(self.import_template_view),
                 name="%s_%s_import_template" % info),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        agencies = scope_queryset(request, Agency.objects.filter(is_active=True), self.edit_capability)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("Nhập số liệu từ tệp Excel/CSV")}
        if request.method == "POST" and request.POST.get("payload"):
            return self._import_confirm(request, agencies, context)
        form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
        if request.method == "POST" and form.is_valid():
            agency = form.cleaned_data["agency"]
            upload = form.cleaned_data["file"]
            try:
                parser = parse_xlsx if upload.name.lower().endswith(".xlsx") else parse_csv
                parsed = parser(upload.read())
            except FeedError as error:
                form.add_error("file", str(error))
            else:
                validated = validate_rows(parsed.rows)
                context.update({"agency": agency, "errors": validated.errors, "skipped": parsed.skipped})
                if not validated.errors and not validated.rows:
                    context["errors"] = [_("Tệp không có dòng số liệu nào.")]
                if not context["errors"]:
                    plan = plan_rows(agency, validated.rows)
                    context["plan"] = plan
                    context["payload"] = signing.dumps({
                        "agency": agency.pk, "source_name": form.cleaned_data["source_name"],
                        "rows": [_serialize(row) for row in validated.rows]}, salt=IMPORT_SALT, compress=True)
                return TemplateResponse(request, "admin/ktxh_sync/observation/import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "admin/ktxh_sync/observation/import_form.html", context)

    def import_template_view(self, request):
        """An empty workbook with the expected headers and one example row."""
        from openpyxl import Workbook

        if not self.has_add_permission(request):
            raise PermissionDenied
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "So lieu"
        sheet.append(["Mã chỉ tiêu", "Kỳ", "Giá trị", "Lũy kế", "So cùng kỳ", "Ước tính", "Đơn vị"])
        sheet.append(["KHACH_DL", "10/2026", 612.5, 5480.2, 8.1, "", "nghìn lượt"])
        return xlsx_response(workbook, "mau-nhap-so-lieu-ktxh.xlsx")

    def _import_confirm(self, request, agencies, context):
        try:
            data = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("Phiên nhập tệp đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."))
            return HttpResponseRedirect(reverse("admin:ktxh_sync_observation_import"))
        agency = agencies.filter(pk=data["agency"]).first()
        if agency is None:
            raise Http404
        validated = validate_rows([RawRow(ref=r["ref"], indicator=r["indicator"], period=r["period"],
                                          value=r["value"], cumulative=r["cumulative"], change_yoy=r["change_yoy"],
                                          estimate=r["estimate"]) for r in data["rows"]])
        if validated.errors:
            context.update({"agency": agency, "errors": validated.errors, "skipped": 0})
            return TemplateResponse(request, "admin/ktxh_sync/observation/import_preview.html", context)
        source_name = data.get("source_name") or _("%(agency)s (nhập từ tệp)") % {"agency": agency.name}
        counts = apply_rows(agency, validated.rows, source_name=source_name, user=request.user)
        messages.success(request, _("Đã nhập: tạo mới %(c)d, cập nhật %(u)d, không đổi %(n)d.") % {
            "c": counts.created, "u": counts.updated, "n": counts.unchanged})
        return HttpResponseRedirect(reverse("admin:ktxh_sync_observation_changelist"))


def _serialize(row):
    def text(value):
        return None if value is None else str(value)

    return {"ref": row.ref, "indicator": row.indicator.code,
            "period": periods.code(row.period, row.indicator.frequency),
            "value": text(row.value), "cumulative": text(row.cumulative_value), "change_yoy": text(row.change_yoy),
            "estimate": row.is_estimate}


@admin.register(Source)
class SourceAdmin(TenantAdmin):
    edit_capability = "manage"
    list_display = ("name", "agency", "kind", "enabled", "state", "last_success_at", "last_run_at")
    list_filter = ("kind", "enabled", "agency")
    list_select_related = ("agency",)
    search_fields = ("name", "url")
    readonly_fields = ("state", "last_run_at", "last_success_at", "last_error", "last_report_display")
    fieldsets = (
        (None, {"fields": ("agency", "name", "kind", "url", "source_name", "timeout", "enabled")}),
        (gettext_lazy("Ánh xạ"), {"fields": ("mapping",), "description": gettext_lazy(
            "JSON-stat: {\"indicator_dimension\": \"ChiTieu\", \"period_dimension\": \"Ky\", "
            "\"measure_dimension\": \"DoLuong\", \"measures\": {\"KyBaoCao\": \"value\", \"LuyKe\": \"cumulative\", "
            "\"SoCungKy\": \"change_yoy\"}, \"filters\": {\"DiaBan\": \"86\"}, \"estimate_statuses\": [\"e\"]}. "
            "CSV: {\"columns\": {\"tên cột của nguồn\": "
            "\"indicator|period|value|cumulative|change_yoy|estimate|unit\"}}. "
            "Mọi định dạng: {\"indicators\": {\"mã của nguồn\": \"mã chỉ tiêu của cổng\"}} "
            "để chỉ lấy các mã đã liệt kê.")}),
        (gettext_lazy("Tình trạng"), {"fields": ("state", "last_run_at", "last_success_at", "last_error",
                                                 "last_report_display")}),
    )
    actions = ["run_selected"]
    change_form_template = "admin/ktxh_sync/source/change_form.html"

    @admin.display(description=gettext_lazy("tình trạng"))
    def state(self, obj):
        if obj.last_run_at is None:
            return _("Chưa chạy")
        if obj.failed:
            return format_html('<strong class="ktxh-admin-bad">{}</strong>', _("Lỗi ở lần chạy gần nhất"))
        return _("Tốt")

    @admin.display(description=gettext_lazy("kết quả lần chạy gần nhất"))
    def last_report_display(self, obj):
        report = obj.last_report or {}
        if not report:
            return "—"
        lines = [_("Tạo mới %(created)s, cập nhật %(updated)s, không đổi %(unchanged)s, bỏ qua %(skipped)s, "
                   "từ chối %(refused)s.") % {k: report.get(k, 0) for k in
                                             ("created", "updated", "unchanged", "skipped", "refused")}]
        lines += report.get("messages", [])[:20]
        return format_html("<br>".join(["{}"] * len(lines)), *lines)

    def _run(self, request, source):
        report = run_source(source, user=request.user)
        level = {"ok": messages.SUCCESS, "busy": messages.WARNING}.get(report.status, messages.ERROR)
        messages.add_message(request, level, report.summary())

    @admin.action(description=gettext_lazy("Chạy đồng bộ ngay các nguồn đã chọn"), permissions=["change"])
    def run_selected(self, request, queryset):
        for source in queryset.select_related("agency"):
            if access.can(request.user, self.edit_capability, source.agency_id):
                self._run(request, source)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("<path:object_id>/chay-ngay/", self.admin_site.admin_view(require_POST(self.run_view)),
                 name="%s_%s_run" % info),
            *super().get_urls(),
        ]

    def run_view(self, request, object_id):
        source = self.get_object(request, object_id)  # 404 for another agency
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        self._run(request, source)
        return HttpResponseRedirect(reverse("admin:ktxh_sync_source_change", args=[source.pk]))


@admin.register(Report)
class ReportAdmin(PublishableAdmin):
    form = ReportForm
    list_display = ("title", "period_display", "frequency", "agency", "status", "published_at")
    list_filter = ("frequency", "status", "agency")
    list_select_related = ("agency",)
    search_fields = ("title",)
    preview_template = "ktxh_sync/report_detail.html"
    fields = ("agency", "title", "frequency", "period_text", "summary", "file", "published_at", "review_note",
              "status_display")

    @admin.display(description=gettext_lazy("kỳ"), ordering="period")
    def period_display(self, obj):
        return obj.period_label

    def render_preview(self, request, obj):
        from .views import render_report

        return render_report(request, obj, preview=True)
