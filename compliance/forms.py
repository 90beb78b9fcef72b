import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency

from .rules import State

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DashboardFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại cơ quan"), required=False,
                             choices=[("", _("Tất cả"))] + list(Agency.Kind.choices))
    state = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[
        ("", _("Tất cả")), ("all_met", _("Đạt tất cả chuyên mục")),
        (State.OVERDUE, _("Có chuyên mục chưa đạt, quá hạn")), (State.DUE_SOON, _("Có chuyên mục sắp đến hạn")),
        (State.NOT_APPLICABLE, _("Có chuyên mục được miễn")),
    ])
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=[
        ("problems", _("Nhiều vấn đề trước")), ("name", _("Theo thứ tự cơ quan")),
    ])


DEFAULT_RECIPIENTS = _("Chủ tịch UBND tỉnh (để báo cáo);\nCác Phó Chủ tịch UBND tỉnh;\nLưu: VT.")
MAX_RECIPIENT_LINES = 15


class ReportDateForm(forms.Form):
    """The report's date and what the printed document carries: its number and its recipients."""

    date = forms.DateField(label=_("Ngày báo cáo"), input_formats=DATE_INPUT_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Ngày báo cáo không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")})
    so = forms.CharField(
        label=_("Số, ký hiệu"), required=False, max_length=40,
        help_text=_("Ví dụ 125/BC-VPUBND; để trống để văn thư ghi số khi phát hành."),
        widget=forms.TextInput(attrs={"placeholder": "…/BC-VPUBND", "size": 16}),
        error_messages={"max_length": _("Số, ký hiệu: tối đa %(limit_value)d ký tự.")},
    )
    noi_nhan = forms.CharField(
        label=_("Nơi nhận"), required=False, max_length=1000,
        help_text=_("Mỗi nơi nhận một dòng; để trống dùng danh sách mặc định."),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        error_messages={"max_length": _("Nơi nhận: tối đa %(limit_value)d ký tự.")},
    )

    def clean_so(self):
        value = " ".join(self.cleaned_data["so"].split())
        if value and not re.fullmatch(r"[0-9A-Za-zĐđ…./\- ]+", value):
            raise forms.ValidationError(_("Số, ký hiệu chỉ gồm chữ số, chữ cái không dấu, “/”, “-” và “.”, "
                                          "ví dụ 125/BC-VPUBND."))
        return value

    def clean_noi_nhan(self):
        lines = [line.strip().lstrip("-–•").strip() for line in self.cleaned_data["noi_nhan"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_RECIPIENT_LINES:
            raise forms.ValidationError(_("Nơi nhận: tối đa %(count)d dòng.") % {"count": MAX_RECIPIENT_LINES})
        return lines

    def document_fields(self) -> dict:
        """The number and the recipients to print (defaults when the form is unbound or blank)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        recipients = data.get("noi_nhan") or [str(line) for line in str(DEFAULT_RECIPIENTS).splitlines()]
        return {"number": data.get("so", ""), "recipients": recipients}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày báo cáo không được sau hôm nay (%(today)s).") % {
                "today": timezone.localdate().strftime("%d/%m/%Y")})
        return day
