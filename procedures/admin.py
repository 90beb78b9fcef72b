"""Admin of section 4: fast editing (channel table, forms and legal basis inline, duplicate) and imports.

Scoping is the foundation's (TenantAdmin, TenantInline). The import mixin below goes with it: the
agency that receives an import is chosen among the agencies the user may edit (forced when there is
only one) and checked again at the confirm step, where a forged id answers 403.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import RowResult

from agencies import access
from agencies.models import Agency
from agencies.tenant_admin import PublishableAdmin, TenantAdmin, TenantInline
from portal.downloads import dataset_response

from .copying import duplicate_procedure
from .importers import (
    DOCUMENT_FORMATS,
    PROCEDURE_FORMATS,
    LegalDocumentResource,
    ProcedureResource,
    resource_kwargs_for,
)
from .models import Channel, FormTemplate, LegalBasis, LegalDocument, Procedure, Sector
from .views import procedure_context


# --- import, bound to an agency ------------------------------------------------------------------
class AgencyImportForm(ImportForm):
    agency = forms.ModelChoiceField(label=_("Cơ quan nhận dữ liệu"), queryset=Agency.objects.none())

    field_order = ["agency", "resource", "import_file", "format"]

    def __init__(self, formats, resources, agencies=None, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("Tệp cần nhập")
        self.fields["format"].label = _("Định dạng tệp")
        self.fields["resource"].label = _("Loại dữ liệu")
        field = self.fields["agency"]
        field.queryset = agencies if agencies is not None else Agency.objects.none()
        ids = list(field.queryset.values_list("pk", flat=True)[:2])
        if len(ids) == 1:  # one agency: nothing to choose, nothing to forge
            field.initial = ids[0]
            field.disabled = True


class AgencyConfirmImportForm(ConfirmImportForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), widget=forms.HiddenInput)


class TenantImportMixin(ImportMixin):
    """django-import-export's admin import, scoped like TenantAdmin and all or nothing."""

    import_form_class = AgencyImportForm
    confirm_form_class = AgencyConfirmImportForm
    import_template_name = "admin/procedures/import.html"
    import_export_change_list_template = "admin/procedures/change_list_import.html"
    import_formats_list = PROCEDURE_FORMATS
    skip_admin_log = False

    def get_import_formats(self):
        return list(self.import_formats_list)

    def has_import_permission(self, request):
        return access.can_anywhere(request.user, "edit")

    def _import_agencies(self, request):
        ids = access.agency_ids(request.user, "edit")
        agencies = Agency.objects.filter(is_active=True).order_by("order", "name")
        return agencies if ids is None else agencies.filter(pk__in=ids)

    def get_import_form_kwargs(self, request):
        kwargs = super().get_import_form_kwargs(request)
        kwargs["agencies"] = self._import_agencies(request)
        return kwargs

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["agency"] = import_form.cleaned_data["agency"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        cleaned = getattr(form, "cleaned_data", None) or {}
        agency = cleaned.get("agency")
        if agency is not None and not access.can(request.user, "edit", agency.pk):
            raise PermissionDenied
        format_class = None
        if cleaned.get("format") not in (None, ""):
            format_class = self.get_import_formats()[int(cleaned["format"])]
        return {"agency": agency, "user": request.user, **resource_kwargs_for(format_class)}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        return kwargs

    def get_context_data(self, **kwargs):
        resource = self.get_import_resource_classes(None)[0]
        return {"import_title": _("Nhập %(what)s từ tệp") % {"what": self.model._meta.verbose_name_plural},
                "columns": [f.column_name for f in resource().get_user_visible_fields()],
                "accepts_national_json": self.import_formats_list is PROCEDURE_FORMATS}

    def add_data_read_fail_error_to_form(self, form, e):
        detail = str(e.args[0]) if isinstance(e, ValueError) and e.args else type(e).__name__
        form.add_error("import_file", _("Không đọc được tệp (%(detail)s). Hãy kiểm tra định dạng tệp đã chọn.")
                       % {"detail": detail})

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # rolled back as a whole: say so, with the rows
            messages.error(request, _("Không nhập được: chưa có gì được lưu. %(lines)s") % {
                "lines": " ".join(getattr(result, "messages", []))})
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        self.generate_log_entries(result, request)
        totals = result.totals
        messages.success(request, _("Đã nhập xong: %(new)d mới, %(update)d cập nhật, %(skip)d không đổi.") % {
            "new": totals[RowResult.IMPORT_TYPE_NEW], "update": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": totals[RowResult.IMPORT_TYPE_SKIP]})
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    # --- export of the selected rows, in the same columns -----------------------------------------
    @admin.action(description=_("Xuất các mục đã chọn ra tệp Excel (XLSX)"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        resource = self.get_import_resource_classes(request)[0]()
        dataset = resource.export(queryset.select_related("sector"))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return dataset_response(dataset, "xlsx", f"{self.opts.model_name}-{stamp}")


# --- folded search in the changelists -------------------------------------------------------------
class FoldedSearchMixin:
    def get_search_results(self, request, queryset, search_term):
        from portal.text import search_terms

        for term in search_terms(search_term):
            queryset = queryset.filter(search_text__contains=term)
        return queryset, False


# --- fields (lĩnh vực) -----------------------------------------------------------------------------
@admin.register(Sector)
class SectorAdmin(TenantAdmin):
    list_display = ("code", "name", "agency", "order")
    list_filter = ("agency",)
    search_fields = ("code", "name")
    fields = ("agency", "code", "name", "order")


# --- legal documents ------------------------------------------------------------------------------
@admin.register(LegalDocument)
class LegalDocumentAdmin(FoldedSearchMixin, TenantImportMixin, PublishableAdmin):
    resource_classes = [LegalDocumentResource]
    import_formats_list = DOCUMENT_FORMATS
    list_display = ("number", "doc_type", "issuer", "issued_on", "validity", "status_display", "agency")
    list_filter = ("status", "doc_type", "validity", "year", "agency")
    search_fields = ("number", "summary")
    search_help_text = _("Tìm theo số, ký hiệu, trích yếu hoặc cơ quan ban hành; gõ có dấu hoặc không dấu.")
    date_hierarchy = "issued_on"
    actions = [*PublishableAdmin.actions, "export_xlsx"]
    fieldsets = (
        (None, {"fields": ("agency", "doc_type", "number", "issuer", "signer", "issued_on", "effective_on",
                           "summary", "file", "sector")}),
        (_("Hiệu lực"), {"fields": ("validity", "lapsed_on")}),
        (_("Xuất bản"), {"fields": ("status_display", "published_at", "review_note")}),
    )


# --- procedures -----------------------------------------------------------------------------------
class ChannelInline(TenantInline, admin.TabularInline):
    model = Channel
    fields = ("kind", "time_limit", "working_days", "fee", "description")
    extra = 0
    max_num = 3
    verbose_name_plural = _("Cách thức thực hiện: hình thức nộp, thời hạn, phí, lệ phí")

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is None else 0


class FormTemplateInline(TenantInline, admin.TabularInline):
    model = FormTemplate
    fields = ("title", "file", "order")
    extra = 0


class LegalBasisInline(TenantInline, admin.TabularInline):
    model = LegalBasis
    fields = ("document", "note", "order")
    autocomplete_fields = ("document",)
    extra = 0


class ProcedureAdminForm(forms.ModelForm):
    """Related procedures stay within the agency (the admin's factory supplies Meta)."""

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency") or (self.instance.agency if self.instance.agency_id else None)
        related = cleaned.get("related") or []
        if agency is not None and any(item.agency_id != agency.pk for item in related):
            self.add_error("related", _("Chỉ chọn thủ tục của chính cơ quan mình."))
        if self.instance.pk and any(item.pk == self.instance.pk for item in related):
            self.add_error("related", _("Thủ tục không thể liên quan đến chính nó."))
        return cleaned


@admin.register(Procedure)
class ProcedureAdmin(FoldedSearchMixin, TenantImportMixin, PublishableAdmin):
    form = ProcedureAdminForm
    resource_classes = [ProcedureResource]
    change_form_template = "admin/procedures/procedure_change_form.html"
    preview_template = "procedures/procedure_detail.html"
    inlines = [ChannelInline, FormTemplateInline, LegalBasisInline]
    list_display = ("name", "code", "sector", "level", "status_display", "abolished_on", "updated_at")
    list_filter = ("status", "level", "sector", "has_online", "agency")
    list_select_related = ("sector",)
    search_fields = ("name", "code")
    search_help_text = _("Tìm theo tên hoặc mã thủ tục; gõ có dấu hoặc không dấu.")
    autocomplete_fields = ("related",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = [*PublishableAdmin.actions, "duplicate_selected", "export_xlsx"]
    fieldsets = (
        (None, {"fields": ("agency", "code", "name", "sector", "level", "effective_on")}),
        (_("Trình tự thực hiện"), {"fields": ("steps",)}),
        (_("Thành phần, số lượng hồ sơ"), {"fields": ("dossier", "dossier_copies")}),
        (_("Đối tượng, cơ quan, kết quả, điều kiện"),
         {"fields": ("applicants", "body", "result", "conditions", "online_url")}),
        (_("Căn cứ pháp lý và thủ tục liên quan"),
         {"fields": ("legal_basis_text", "related"),
          "description": _("Văn bản đã có trong danh sách văn bản pháp luật: thêm ở bảng “Căn cứ pháp lý” bên dưới.")}),
        (_("Bãi bỏ"), {"fields": ("abolished_on", "abolition_decision"), "classes": ("collapse",)}),
        (_("Xuất bản"), {"fields": ("status_display", "published_at", "review_note")}),
    )

    def render_preview(self, request, obj):
        context = procedure_context(obj)
        context.update(agency=obj.agency, preview=True)
        return render(request, self.preview_template, context)

    # --- duplicate: an action for the list and a button on the change form -------------------------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("<path:object_id>/duplicate/", self.admin_site.admin_view(self.duplicate_view),
                 name="%s_%s_duplicate" % info),
            *super().get_urls(),
        ]

    def _duplicate(self, request, obj):
        if not access.can(request.user, "edit", obj.agency_id):
            raise PermissionDenied
        return duplicate_procedure(obj, request.user)

    def duplicate_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponse(status=405)
        obj = self.get_object(request, object_id)  # 404 for another agency
        copy = self._duplicate(request, obj)
        messages.success(request, _("Đã tạo bản sao “%(name)s” (bản nháp); hãy sửa rồi gửi duyệt.") % {
            "name": copy.name})
        return HttpResponseRedirect(reverse("admin:procedures_procedure_change", args=[copy.pk]))

    @admin.action(description=_("Nhân bản các thủ tục đã chọn (thành bản nháp)"), permissions=["add"])
    def duplicate_selected(self, request, queryset):
        copies = [self._duplicate(request, obj) for obj in queryset]
        if len(copies) == 1:
            messages.success(request, _("Đã tạo bản sao “%(name)s”.") % {"name": copies[0].name})
            return HttpResponseRedirect(reverse("admin:procedures_procedure_change", args=[copies[0].pk]))
        messages.success(request, _("Đã nhân bản %(count)d thủ tục.") % {"count": len(copies)})
        return None
