from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.importing import TenantImportMixin
from agencies.models import Agency
from agencies.tenant_admin import TenantAdmin, TenantInline, scope_queryset

from .forms import DispatchConfirmImportForm, DispatchForm, DispatchImportForm
from .importers import CSVFormat, DispatchResource, XLSXFormat, dataset_rows, prepare, publish_details_for
from .models import ApiToken, Dispatch, DispatchSettings, PeriodTotal, PeriodTotalLine


@admin.register(Dispatch)
class DispatchAdmin(TenantImportMixin, TenantAdmin):
    form = DispatchForm
    resource_classes = [DispatchResource]
    formats = [CSVFormat, XLSXFormat]
    import_form_class = DispatchImportForm
    confirm_form_class = DispatchConfirmImportForm
    import_choice_fields = ("direction",)
    import_hint = _("Tiêu đề cột theo Phụ lục VI Nghị định 30/2020 (CodeNumber, CodeNotation, IssuedDate, Subject, "
                    "…) hoặc theo sổ đăng ký (“Số, ký hiệu”, “Ngày tháng”, “Tên loại và trích yếu”, …); dòng tiêu "
                    "đề có thể nằm dưới tên sổ.")
    list_display = ("number_symbol_display", "direction", "doc_type", "entry_date", "summary_short",
                    "urgency", "publish_details", "agency")
    list_filter = ("direction", "doc_type", "urgency", "publish_details", "year", "agency")
    search_fields = ("code_number", "code_notation", "summary", "organ_name", "external_id")
    date_hierarchy = "entry_date"
    list_select_related = ("agency",)
    fieldsets = (
        (None, {"fields": ("agency", "direction", "doc_type", ("code_number", "code_notation"), "issued_date",
                           "summary", "secrecy", "urgency")}),
        (_("Văn bản đến"), {"fields": ("organ_name", ("arrival_date", "arrival_number"))}),
        (_("Văn bản đi"), {"fields": ("recipients",)}),
        (_("Người ký, xử lý"), {"fields": (("signer_name", "signer_position"), "handling_unit", "due_date", "note")}),
        (_("Công khai và tích hợp"), {"fields": ("publish_details", "file", "external_id")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        may_publish = (access.can(request.user, "publish", obj.agency_id) if obj is not None
                       else access.can_anywhere(request.user, "publish"))
        if not may_publish:
            fields.append("publish_details")  # making details public is the leadership's decision
        return fields

    def save_model(self, request, obj, form, change):
        obj.publish_details = publish_details_for(request.user, obj)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("số, ký hiệu"), ordering="code_number")
    def number_symbol_display(self, obj):
        return obj.number_symbol

    @admin.display(description=_("trích yếu"))
    def summary_short(self, obj):
        return obj.summary[:100]

    # --- import: the foundation's, plus the register and the whole-file check at upload ----------
    def import_agencies(self, request):
        return scope_queryset(request, Agency.objects.filter(is_active=True), "edit")

    def import_precheck(self, dataset, agency, cleaned_data):
        """The whole file checked at upload (prepare), so a refused file is never kept, even briefly."""
        prepared = prepare(agency, dataset_rows(dataset), direction=cleaned_data.get("direction") or None,
                           headers=list(dataset.headers or []))
        return [str(error) for error in prepared.errors]


@admin.register(DispatchSettings)
class DispatchSettingsAdmin(TenantAdmin):
    edit_capability = "manage"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("agency", "mode", "sync_url", "last_sync_at", "last_sync_ok", "last_success_at")
    readonly_fields = ("last_sync_at", "last_sync_ok", "last_sync_message", "last_success_at")
    fieldsets = (
        (None, {"fields": ("agency", "mode", "publish_details_default")}),
        (_("Đồng bộ từ hệ thống quản lý văn bản"), {
            "fields": ("sync_url", "sync_format", "last_sync_at", "last_sync_ok", "last_success_at",
                       "last_sync_message"),
            "description": _("Lệnh “manage.py sync_dispatches” đọc địa chỉ này theo lịch; khi nguồn lỗi, "
                             "số liệu cũ được giữ nguyên."),
        }),
    )


class PeriodTotalLineInline(TenantInline, admin.TabularInline):
    model = PeriodTotalLine
    fields = ("direction", "doc_type", "count")
    extra = 4


@admin.register(PeriodTotal)
class PeriodTotalAdmin(TenantAdmin):
    inlines = [PeriodTotalLineInline]
    list_display = ("__str__", "kind", "start", "end", "agency")
    list_filter = ("kind", "agency")
    date_hierarchy = "start"
    fields = ("agency", "kind", "start", "note")


@admin.register(ApiToken)
class ApiTokenAdmin(TenantAdmin):
    """Agency admins create and revoke their agency's keys; a key is shown once, on creation."""

    edit_capability = "manage"
    list_display = ("name", "prefix", "agency", "created_at", "last_used_at", "status")
    fields = ("agency", "name")
    actions = ["revoke_selected"]

    @admin.display(description=_("trạng thái"))
    def status(self, obj):
        if obj.revoked_at:
            return format_html("{} {}", _("Đã thu hồi lúc"), obj.revoked_at.strftime("%H:%M %d/%m/%Y"))
        return _("Đang dùng")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ("agency", "name", "prefix", "created_at", "last_used_at", "revoked_at")
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        key = obj.generate() if not change else None
        super().save_model(request, obj, form, change)
        if key:
            messages.warning(request, format_html(
                "{} <code class=\"api-key\">{}</code>",
                _("Khóa API mới (chỉ hiện một lần, hãy sao chép và cất giữ an toàn):"), key))

    @admin.action(description=_("Thu hồi các khóa đã chọn"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            if access.may_change(request.user, token, self.edit_capability):
                token.revoke()
                count += 1
        messages.info(request, _("Đã thu hồi %(count)d khóa.") % {"count": count})
