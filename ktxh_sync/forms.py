from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.importing import AgencyConfirmImportForm, AgencyImportForm
from portal import classified, periods

from .models import Indicator, Observation, Report
from .parsers import RawRow, to_decimal
from .sync import validate_row

# validate_row's field names → the admin form's.
FORM_FIELDS = {"indicator": "indicator", "period": "period_text", "value": "value",
               "cumulative": "cumulative_value", "change_yoy": "change_yoy", "estimate": "is_estimate"}
PERIOD_HELP = _("Ví dụ: 10/2026 (tháng), Quý III/2026 hoặc 2026Q3 (quý), 2025 (năm).")


class NumberField(forms.DecimalField):
    """A figure as officers type it: 1234,5 or 1.234,5 or 1234.5 (read like a feed's cell)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return to_decimal(value)
        except ValueError:
            raise forms.ValidationError(_("Nhập một số, ví dụ 1234,5."), code="invalid") from None


class ObservationForm(forms.ModelForm):
    """Manual entry of one figure, checked by the same validate_row as every feed row."""

    period_text = forms.CharField(label=_("kỳ báo cáo"), max_length=40, help_text=PERIOD_HELP)

    class Meta:
        model = Observation
        fields = ["agency", "indicator", "period_text", "value", "cumulative_value", "change_yoy",
                  "is_estimate", "source_name"]
        field_classes = {"value": NumberField, "cumulative_value": NumberField, "change_yoy": NumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "indicator" in self.fields:
            self.fields["indicator"].queryset = Indicator.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.indicator_id or 0))
        if self.instance.pk:
            self.fields["period_text"].initial = self.instance.period_label

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        if indicator is None:
            return cleaned
        raw = RawRow(ref="", indicator=indicator.code, period=cleaned.get("period_text"),
                     value=cleaned.get("value"), cumulative=cleaned.get("cumulative_value"),
                     change_yoy=cleaned.get("change_yoy"), estimate=cleaned.get("is_estimate"))
        row, messages = validate_row(raw, {indicator.code: indicator}, timezone.localdate())
        for field, message in messages:
            target = FORM_FIELDS.get(field)
            if target is None or target not in self.errors:
                self.add_error(target if target in self.fields else None, message)
        if row is None:
            return cleaned
        self.instance.period = row.period
        agency = cleaned.get("agency") or (self.instance.agency if self.instance.agency_id else None)
        if agency is not None and Observation.objects.filter(
                agency=agency, indicator=indicator, period=row.period).exclude(pk=self.instance.pk).exists():
            self.add_error("period_text", _("Đã có số liệu %(period)s của chỉ tiêu này; hãy sửa dòng đã có.") % {
                "period": periods.label(row.period, indicator.frequency)})
        return cleaned


class ReportForm(classified.ClassifiedFormMixin, forms.ModelForm):
    classified_text_fields = ("title", "summary")

    period_text = forms.CharField(label=_("kỳ báo cáo"), max_length=40, help_text=PERIOD_HELP)

    class Meta:
        model = Report
        fields = ["agency", "title", "frequency", "period_text", "summary", "file", "published_at", "review_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.period:
            self.fields["period_text"].initial = self.instance.period_label

    def clean(self):
        cleaned = super().clean()
        frequency, text = cleaned.get("frequency"), cleaned.get("period_text")
        if frequency and text:
            try:
                self.instance.period = periods.parse_period(text, frequency)
            except periods.PeriodError as error:
                self.add_error("period_text", str(error))
        return cleaned


class ImportForm(AgencyImportForm):
    """The foundation's upload form plus how the figures' source is named on the portal."""

    source_name = forms.CharField(label=_("ghi nguồn trên cổng"), max_length=255, required=False,
                                  help_text=_("Để trống để ghi tên cơ quan."))
    field_order = ["agency", "import_file", "format", "source_name"]


class ConfirmImportForm(AgencyConfirmImportForm):
    source_name = forms.CharField(widget=forms.HiddenInput(), max_length=255, required=False)
