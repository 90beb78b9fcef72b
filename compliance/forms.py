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


class ReportDateForm(forms.Form):
    date = forms.DateField(label=_("Ngày báo cáo"), input_formats=DATE_INPUT_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Ngày báo cáo không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")})

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày báo cáo không được sau hôm nay (%(today)s).") % {
                "today": timezone.localdate().strftime("%d/%m/%Y")})
        return day
