from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from . import secrecy
from .models import Direction, Dispatch

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DispatchForm(forms.ModelForm):
    """The admin form: the secrecy level is asked for, and a classified one is refused (not stored)."""

    secrecy = forms.ChoiceField(
        label=_("độ mật"), choices=secrecy.Secrecy.choices, initial=secrecy.Secrecy.ORDINARY,
        help_text=_("Văn bản mật (Mật, Tối mật, Tuyệt mật) không được nhập vào cổng thông tin."))

    class Meta:
        model = Dispatch
        fields = ["agency", "direction", "doc_type", "code_number", "code_notation", "issued_date", "summary",
                  "urgency", "organ_name", "arrival_date", "arrival_number", "recipients", "signer_name",
                  "signer_position", "handling_unit", "due_date", "note", "publish_details", "file", "external_id"]

    def clean_secrecy(self):
        value = self.cleaned_data.get("secrecy")
        secrecy.refuse_classified(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if "secrecy" in self.errors:
            # Say it once, and drop everything else the form would echo back.
            raise ValidationError(secrecy.MESSAGE, code="classified")
        return cleaned


class AgencyChoiceMixin(forms.Form):
    agency = forms.ModelChoiceField(label=_("cơ quan"), queryset=None, empty_label=None)
    direction = forms.ChoiceField(
        label=_("sổ"), required=False,
        choices=[("", _("Theo cột trong tệp (hoặc theo ngày đến)")), *Direction.choices],
        help_text=_("Với tệp không có cột “Sổ”: văn bản có ngày đến hoặc số đến được tính là văn bản đến."))


class DispatchImportForm(AgencyChoiceMixin, ImportForm):
    """django-import-export's upload form plus the agency and the register; the whole file is
    checked here (importers.prepare), so a file with any bad or classified row never goes further
    and is never kept, even temporarily."""

    field_order = ["agency", "direction", "import_file", "format"]

    def __init__(self, formats, resources, agencies=None, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["agency"].queryset = agencies
        self.formats = formats

    def clean(self):
        from .importers import dataset_rows, prepare

        cleaned = super().clean()
        upload, agency = cleaned.get("import_file"), cleaned.get("agency")
        if not upload or not agency or self.errors:
            return cleaned
        try:
            input_format = self.formats[int(cleaned["format"])]()
            upload.seek(0)
            dataset = input_format.create_dataset(upload.read())
            upload.seek(0)
        except ValidationError as error:
            raise ValidationError({"import_file": error.messages}) from None
        except (KeyError, ValueError, TypeError, IndexError):
            raise ValidationError({"import_file": _("Không đọc được tệp theo định dạng đã chọn.")}) from None
        prepared = prepare(agency, dataset_rows(dataset), direction=cleaned.get("direction") or None)
        if prepared.errors:
            raise ValidationError([_("Tệp chưa được nhập, không có gì được lưu. Hãy sửa các lỗi sau rồi tải "
                                     "lên lại:"), *[str(e) for e in prepared.errors[:200]]])
        return cleaned


class DispatchConfirmImportForm(ConfirmImportForm):
    agency = forms.IntegerField(widget=forms.HiddenInput())
    direction = forms.CharField(widget=forms.HiddenInput(), required=False)
