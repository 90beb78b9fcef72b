from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.importing import AgencyConfirmImportForm, AgencyImportForm
from portal import classified

from .models import Direction, Dispatch

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class Secrecy(models.TextChoices):
    """What the admin form asks; classified levels are refused by ``portal.classified``, never stored."""

    ORDINARY = "thuong", _("Thường (không mật)")
    SECRET = classified.SECRET, _("Mật")
    TOP_SECRET = classified.TOP_SECRET, _("Tối mật")
    MOST_SECRET = classified.MOST_SECRET, _("Tuyệt mật")


class DispatchForm(classified.ClassifiedFormMixin, forms.ModelForm):
    """The admin form: the secrecy level is asked for, and a classified one is refused (not stored);
    a stamp in the summary or the number ("Mật", "(Mật)", "Độ mật: Mật") is refused too."""

    secrecy = forms.ChoiceField(
        label=_("độ mật"), choices=Secrecy.choices, initial=Secrecy.ORDINARY,
        help_text=_("Văn bản mật (Mật, Tối mật, Tuyệt mật) không được nhập vào cổng thông tin."))

    classified_marking_fields = ("secrecy",)
    classified_text_fields = ("summary", "code_number", "code_notation", "note", "recipients", "handling_unit",
                              "external_id", "organ_name")

    class Meta:
        model = Dispatch
        fields = ["agency", "direction", "doc_type", "code_number", "code_notation", "issued_date", "summary",
                  "urgency", "organ_name", "arrival_date", "arrival_number", "recipients", "signer_name",
                  "signer_position", "handling_unit", "due_date", "note", "publish_details", "file", "external_id"]


class DispatchImportForm(AgencyImportForm):
    """The foundation's upload form plus the register (đi/đến) for files without a "Sổ" column."""

    direction = forms.ChoiceField(
        label=_("sổ"), required=False,
        choices=[("", _("Theo cột trong tệp (hoặc theo ngày đến)")), *Direction.choices],
        help_text=_("Với tệp không có cột “Sổ”: văn bản có ngày đến hoặc số đến được tính là văn bản đến."))
    field_order = ["agency", "direction", "import_file", "format"]


class DispatchConfirmImportForm(AgencyConfirmImportForm):
    direction = forms.CharField(widget=forms.HiddenInput(), required=False)
