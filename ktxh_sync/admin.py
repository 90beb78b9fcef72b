from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agencies import access
from agencies.importing import TenantImportMixin
from agencies.tenant_admin import PublishableAdmin, ReadOnlyHistoryAdmin, TenantAdmin
from portal.admin import SuperuserWritesMixin

from .forms import ConfirmImportForm, ImportForm, ObservationForm, ReportForm
from .importers import CSVFormat, ObservationResource, XLSXFormat
from .models import Indicator, IntegratedGroup, Observation, Report, Source
from .sync import run_source


@admin.register(Indicator)
class IndicatorAdmin(SuperuserWritesMixin, ReadOnlyHistoryAdmin):
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


@admin.register(IntegratedGroup)
class IntegratedGroupAdmin(SuperuserWritesMixin, TenantAdmin):
    """Which groups of the province's indicators each agency's section 7 shows as its field (every
    agency also shows the province's main indicators): superusers decide, the agency's staff may read."""

    list_display = ("agency", "group")
    list_filter = ("group", "agency__kind")
    search_fields = ("agency__name", "agency__short_name")


@admin.register(Observation)
class ObservationAdmin(TenantImportMixin, TenantAdmin):
    form = ObservationForm
    resource_classes = [ObservationResource]
    formats = [XLSXFormat, CSVFormat]
    import_form_class = ImportForm
    confirm_form_class = ConfirmImportForm
    import_choice_fields = ("source_name",)
    skip_admin_log = True  # figures keep their history (bulk, with history) like a sync's
    import_hint = gettext_lazy("Dành cho cơ quan chưa có nguồn đồng bộ. Tệp được kiểm tra như số liệu đồng bộ (chỉ "
                               "tiêu có trong danh mục, kỳ đúng loại, số, đơn vị). Mã chỉ tiêu xem trong danh mục "
                               "chỉ tiêu.")
    list_display = ("indicator_code", "indicator_name", "period_display", "value", "is_estimate", "agency",
                    "source_name", "fetched_at")
    list_filter = ("indicator__frequency", "indicator__group", "is_estimate", "agency")
    list_select_related = ("indicator", "agency")
    search_fields = ("indicator__code", "indicator__name")
    readonly_fields = ("feed", "fetched_at")

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

    # --- import from a spreadsheet: the foundation's flow, the sync's validation ---------------
    def import_precheck(self, dataset, agency, cleaned_data):
        return []  # every check is the resource's (the sync's validate_rows), shown in the preview


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
            if access.may_change(request.user, source, self.edit_capability):
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
        access.check_change(request.user, source, self.edit_capability)
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
