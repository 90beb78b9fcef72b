"""The import framework (``portal.importing``) bound to tenancy: the Resource base every importer
subclasses and the one admin mixin every import admin uses.

The admin flow, the same for units, officials, procedures, legal documents and dispatches:

1. the form asks for the agency the rows will land in (only agencies the user may edit; forced when
   there is one) and the file. Before the file is read its size is checked (the request's
   Content-Length first, so an oversized upload is refused without being parsed); then every row is
   passed through the classified check and the importer's ``precheck`` — a refused file is never
   written to temporary storage;
2. a dry run gives the preview (nothing stored) or the row- and column-numbered errors;
3. the confirm re-checks the agency (a forged id answers 403) and imports all or nothing; the waiting
   file is removed after the confirm, on "Hủy" (cancel) and by the daily sweep
   (``portal.importing.storage``).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import RowResult

from portal import classified
from portal.downloads import dataset_response
from portal.importing import storage
from portal.importing.files import MAX_BYTES, CSVFormat, XLSXFormat, check_size
from portal.importing.resources import ImportResource

from . import access
from .models import Agency


class TenantResource(ImportResource):
    """The Resource base of every import: ``ImportResource`` with the agency roles."""

    def may(self, capability) -> bool:
        return self.user is None or access.can(self.user, capability, self.agency.pk)

    def may_change(self, instance) -> bool:
        return self.user is None or access.may_change(self.user, instance)


def classified_lines(dataset, row_label) -> list[str]:
    """“Dòng N: <message>” for every row of ``dataset`` that carries a marking (nothing of its content)."""
    lines = []
    headers = list(dataset.headers or [])
    for index, values in enumerate(dataset, start=1):
        try:
            classified.refuse_row(dict(zip(headers, values, strict=False)))
        except ValidationError as error:
            lines.append(f"{row_label(index)}: {error.messages[0]}")
    return lines


class AgencyImportForm(ImportForm):
    """The upload form with the agency the rows land in; the file is checked here before it is kept."""

    agency = forms.ModelChoiceField(label=gettext_lazy("Cơ quan nhận dữ liệu"), queryset=Agency.objects.none())
    field_order = ["agency", "resource", "import_file", "format"]

    def __init__(self, formats, resources, agencies=None, precheck=None, max_bytes=MAX_BYTES, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats, self.precheck, self.max_bytes = formats, precheck, max_bytes
        self.fields["import_file"].label = gettext_lazy("Tệp cần nhập")
        self.fields["format"].label = gettext_lazy("Định dạng tệp")
        if "resource" in self.fields:
            self.fields["resource"].label = gettext_lazy("Loại dữ liệu")
        field = self.fields["agency"]
        field.queryset = agencies if agencies is not None else Agency.objects.none()
        ids = list(field.queryset.values_list("pk", flat=True)[:2])
        if len(ids) == 1:  # one agency: nothing to choose, nothing to forge
            field.initial = ids[0]
            field.disabled = True

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_size(upload.size, self.max_bytes)  # before anything reads it
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, agency = cleaned.get("import_file"), cleaned.get("agency")
        if not upload or not agency or self.errors:
            return cleaned
        try:
            input_format = self.formats[int(cleaned["format"])]()
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
            dataset = input_format.create_dataset(data if input_format.is_binary() else data.decode("utf-8-sig"))
        except ValidationError as error:
            raise ValidationError({"import_file": error.messages}) from None
        except Exception as error:  # a file that is not what it claims to be
            detail = str(error.args[0]) if isinstance(error, ValueError) and error.args else type(error).__name__
            raise ValidationError({"import_file": _("Không đọc được tệp (%(detail)s). Hãy kiểm tra định dạng tệp đã "
                                                    "chọn.") % {"detail": detail}}) from None
        numbers = getattr(dataset, "row_numbers", None)
        offset = getattr(input_format, "line_offset", 1)

        def label(index):
            line = numbers[index - 1] if numbers else index + offset
            return f"{getattr(input_format, 'row_word', _('Dòng'))} {line}"

        problems = classified_lines(dataset, label)
        if not problems and self.precheck is not None:
            problems = self.precheck(dataset, agency, cleaned)
        if problems:
            raise ValidationError([_("Tệp chưa được nhập, không có gì được lưu. Hãy sửa các lỗi sau rồi tải lên "
                                     "lại:"), *problems[:200]])
        return cleaned


class AgencyConfirmImportForm(ConfirmImportForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.all(), widget=forms.HiddenInput)


class TenantImportMixin(ImportMixin):
    """django-import-export's admin import, scoped like TenantAdmin and all or nothing."""

    import_form_class = AgencyImportForm
    confirm_form_class = AgencyConfirmImportForm
    import_template_name = "admin/portal/import.html"
    import_export_change_list_template = "admin/portal/change_list_import.html"
    tmp_storage_class = storage.ImportFileStorage
    formats = [XLSXFormat, CSVFormat]
    max_upload_bytes = MAX_BYTES
    import_hint = ""  # a sentence about other accepted files, shown on the form
    # The import form's own choices (fields of import_form_class beyond agency, file and format): the
    # confirm form carries them (as hidden fields of the same names) and the resource receives them.
    import_choice_fields = ()
    skip_admin_log = False

    def get_import_formats(self):
        return list(self.formats)

    def has_import_permission(self, request):
        return access.can_anywhere(request.user, "edit")

    def import_agencies(self, request):
        ids = access.agency_ids(request.user, "edit")
        agencies = Agency.objects.filter(is_active=True).order_by("order", "name")
        return agencies if ids is None else agencies.filter(pk__in=ids)

    def import_precheck(self, dataset, agency, cleaned_data) -> list[str]:
        """Hook: an importer's check of the whole file at upload (before it is kept); messages."""
        return []

    def get_import_form_kwargs(self, request):
        return {**super().get_import_form_kwargs(request), "agencies": self.import_agencies(request),
                "precheck": self.import_precheck, "max_bytes": self.max_upload_bytes}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["agency"] = import_form.cleaned_data["agency"].pk
            for name in self.import_choice_fields:
                initial[name] = import_form.cleaned_data.get(name) or ""
        return initial

    def _format_class(self, cleaned):
        if cleaned.get("format") in (None, ""):
            return None
        try:
            return self.get_import_formats()[int(cleaned["format"])]
        except (ValueError, IndexError):
            return None

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        cleaned = getattr(form, "cleaned_data", None) or {}
        agency = cleaned.get("agency")
        if agency is not None and not access.can(request.user, "edit", agency.pk):
            raise PermissionDenied
        format_class = self._format_class(cleaned)
        return {"agency": agency, "user": request.user,
                "row_word": getattr(format_class, "row_word", None),
                "line_offset": getattr(format_class, "line_offset", None),
                **{name: cleaned.get(name) or None for name in self.import_choice_fields}}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)  # all or nothing
        return kwargs

    def get_import_context_data(self, **kwargs):
        resource = self.get_import_resource_classes(None)[0]()
        columns = getattr(resource, "import_columns", None) or [
            field.column_name for field in resource.get_import_fields() if not field.readonly]
        return {**super().get_import_context_data(**kwargs),
                "import_title": _("Nhập %(what)s từ tệp") % {"what": self.model._meta.verbose_name_plural},
                "columns": columns, "import_hint": self.import_hint,
                "max_mb": self.max_upload_bytes // (1024 * 1024),
                "has_import_template": bool(getattr(resource, "template_rows", None))}

    def add_data_read_fail_error_to_form(self, form, e):
        detail = str(e.args[0]) if isinstance(e, ValueError) and e.args else type(e).__name__
        form.add_error("import_file", _("Không đọc được tệp (%(detail)s). Hãy kiểm tra định dạng tệp đã chọn.")
                       % {"detail": detail})

    # --- the views -------------------------------------------------------------------------------
    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        storage.sweep()  # previews nobody confirmed: gone after a day, without cron
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > self.max_upload_bytes + 64 * 1024:
                # Refused before Django reads (and parses) the upload.
                try:
                    check_size(length, self.max_upload_bytes)
                except ValidationError as error:
                    messages.error(request, error.messages[0])
                return HttpResponseRedirect(request.path)
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        if request.method == "POST" and not context.get("confirm_form") and form is not None:
            upload = getattr(form, "cleaned_data", {}).get("import_file")
            storage.remove(getattr(upload, "tmp_storage_name", None))  # refused at the preview
        return response

    def process_import(self, request, **kwargs):
        """The confirm: the agency must still be one the user edits in; the waiting file goes either way."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        agency_id = request.POST.get("agency", "")
        if not agency_id.isdigit() or not access.can(request.user, "edit", int(agency_id)):
            storage.remove(request.POST.get("import_file_name"))
            raise PermissionDenied
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:  # confirmed twice, cancelled, swept after a day, or a forged name
            messages.error(request, _("Phiên nhập tệp đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        finally:
            storage.remove(request.POST.get("import_file_name"))

    def cancel_import_view(self, request):
        storage.remove(request.POST.get("import_file_name"))
        messages.info(request, _("Đã hủy việc nhập; tệp đã tải lên được xóa."))
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Rolled back as a whole (the data changed since the preview): say so, with the rows.
            context = {**self.admin_site.each_context(request), **self.get_import_context_data(),
                       "title": _("Nhập từ tệp"), "opts": self.model._meta, "result": result,
                       "rolled_back": True}
            return TemplateResponse(request, [self.import_template_name], context)
        self.generate_log_entries(result, request)
        self.add_success_message(result, request)
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(request, _(
            "Đã nhập xong: %(new)d thêm mới, %(update)d cập nhật, %(skip)d không đổi. Các mục mới ở trạng thái "
            "bản nháp, cần gửi duyệt và xuất bản.") % {
            "new": totals[RowResult.IMPORT_TYPE_NEW], "update": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": totals[RowResult.IMPORT_TYPE_SKIP]})

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("import-template/", self.admin_site.admin_view(self.import_template_view),
                 name="{}_{}_import_template".format(*info)),
            path("import/cancel/", self.admin_site.admin_view(require_POST(self.cancel_import_view)),
                 name="{}_{}_import_cancel".format(*info)),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        """The import template file, with the columns and sample rows."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        if not getattr(resource_class, "template_rows", None):
            raise Http404
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        return dataset_response(resource_class.template_dataset(), fmt, f"mau-nhap-{self.model._meta.model_name}")
