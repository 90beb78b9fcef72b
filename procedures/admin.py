"""Admin of section 4: fast editing (channel table, forms and legal basis inline, duplicate) and imports.

Scoping is the foundation's (TenantAdmin, TenantInline); imports are the foundation's too
(``agencies.importing.TenantImportMixin``: agency chosen among those the user may edit, preview,
all or nothing, a forged agency at the confirm answers 403).
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.importing import TenantImportMixin
from agencies.tenant_admin import PublishableAdmin, TenantAdmin, TenantInline
from portal import classified
from portal.downloads import dataset_response

from .copying import duplicate_procedure
from .importers import DOCUMENT_FORMATS, PROCEDURE_FORMATS, LegalDocumentResource, ProcedureResource
from .models import Channel, FormTemplate, LegalBasis, LegalDocument, Procedure, Sector
from .views import procedure_context


# --- import (the foundation's, bound to an agency) and export of the selected rows ---------------
class ProcedureImportMixin(TenantImportMixin):
    """The foundation's import mixin, plus the export of selected rows in the same columns."""

    formats = DOCUMENT_FORMATS

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
class LegalDocumentAdminForm(classified.ClassifiedFormMixin, forms.ModelForm):
    """A stamp in the summary or the number ("Mật", "Độ mật: Mật") refuses the document, echoing nothing."""

    classified_text_fields = ("summary", "number", "signer", "issuer")


@admin.register(LegalDocument)
class LegalDocumentAdmin(FoldedSearchMixin, ProcedureImportMixin, PublishableAdmin):
    form = LegalDocumentAdminForm
    resource_classes = [LegalDocumentResource]
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
class ProcedureAdmin(FoldedSearchMixin, ProcedureImportMixin, PublishableAdmin):
    form = ProcedureAdminForm
    resource_classes = [ProcedureResource]
    formats = PROCEDURE_FORMATS
    import_hint = _("Hoặc tệp JSON xuất từ Cơ sở dữ liệu quốc gia về thủ tục hành chính (CSDL quốc gia: MATTHC, "
                    "TENTTHC, LINHVUCTHUCHIEN, CAPTHUCHIEN, TRINHTUTHUCHIEN, CACHTHUCTHUCHIEN, THANHPHANHOSO, "
                    "DOITUONGTHUCHIEN, COQUANTHUCHIEN, KETQUATHUCHIEN, YEUCAU, CANCUPHAPLY).")
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
        # The copy is a new draft of the same agency: the guard judges that draft, not the original.
        access.check_change(request.user, Procedure(agency_id=obj.agency_id))
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
