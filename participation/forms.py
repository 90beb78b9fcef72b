"""The public forms: ask a question, comment on a draft, request information; and the Q&A search."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .guards import PublicFormMixin
from .models import Comment, InformationRequest, Question

PHONE = re.compile(r"^(\+84|0)\d{8,10}$")
ID_NUMBER = re.compile(r"^(\d{9}|\d{12}|[A-Z]\d{7,8})$")
MAX_PUBLIC_ATTACHMENT = getattr(settings, "PARTICIPATION_MAX_ATTACHMENT", 5 * 1024 * 1024)


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value or "")


def clean_phone(value: str, field_label) -> str:
    phone = normalise_phone(value)
    if phone and not PHONE.match(phone):
        raise ValidationError(_("%(field)s không hợp lệ: nhập số di động hoặc cố định, ví dụ 0912345678.")
                              % {"field": field_label})
    return phone


class QuestionForm(PublicFormMixin, forms.ModelForm):
    kind = "question"
    text_fields = ("topic", "question", "asker_name")
    contact_fields = ("email", "phone")

    class Meta:
        model = Question
        fields = ["asker_name", "anonymous", "email", "phone", "topic", "question"]
        widgets = {"question": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "email": _("Không hiển thị công khai; dùng để báo khi có câu trả lời."),
            "phone": _("Không hiển thị công khai. Cần thư điện tử hoặc điện thoại."),
            "anonymous": _("Trang công khai ghi “Người hỏi giấu tên”; cơ quan vẫn biết họ tên để trả lời."),
        }

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"), _("Số điện thoại"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Hãy nhập thư điện tử hoặc số điện thoại để nhận câu trả lời."))
        return cleaned


class CommentForm(PublicFormMixin, forms.ModelForm):
    kind = "comment"
    text_fields = ("name", "organisation", "text")
    contact_fields = ("contact",)

    class Meta:
        model = Comment
        fields = ["name", "organisation", "contact", "text", "attachment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "contact": _("Không hiển thị công khai; cơ quan soạn thảo dùng để liên hệ khi cần."),
            "attachment": _("Không bắt buộc. PDF, DOC, DOCX, ODT; tối đa %(max)s.") % {
                "max": filesizeformat(MAX_PUBLIC_ATTACHMENT)},
        }

    def clean_contact(self):
        value = (self.cleaned_data.get("contact") or "").strip()
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError(_("Thư điện tử không hợp lệ.")) from None
            return value
        return clean_phone(value, _("Thư điện tử hoặc điện thoại"))

    def clean_attachment(self):
        file = self.cleaned_data.get("attachment")
        if file and getattr(file, "size", 0) > MAX_PUBLIC_ATTACHMENT:
            raise ValidationError(_("Tệp “%(name)s” quá lớn (%(size)s); tối đa %(max)s.") % {
                "name": file.name, "size": filesizeformat(file.size), "max": filesizeformat(MAX_PUBLIC_ATTACHMENT)})
        return file


class InformationRequestForm(PublicFormMixin, forms.ModelForm):
    """The fields of form 01a of Decree 13/2018 (Phiếu yêu cầu cung cấp thông tin)."""

    kind = "request"
    text_fields = ("full_name", "address", "information", "purpose")
    contact_fields = ("email", "phone")

    class Meta:
        model = InformationRequest
        fields = ["full_name", "id_number", "address", "phone", "email", "information", "purpose", "delivery",
                  "copies"]
        widgets = {"information": forms.Textarea(attrs={"rows": 6}), "purpose": forms.Textarea(attrs={"rows": 3}),
                   "delivery": forms.RadioSelect}
        help_texts = {
            "id_number": _("Số định danh cá nhân (12 số), CMND (9 số) hoặc hộ chiếu. Không hiển thị công khai."),
            "email": _("Cần khi nhận thông tin qua mạng điện tử; dùng để báo kết quả."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].widget.attrs.update({"min": 1, "max": 20})

    def clean_id_number(self):
        value = re.sub(r"\s", "", self.cleaned_data.get("id_number") or "").upper()
        if not ID_NUMBER.match(value):
            raise ValidationError(_("Số giấy tờ không hợp lệ: 12 số định danh, 9 số CMND hoặc số hộ chiếu."))
        return value

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"), _("Số điện thoại"))

    def clean_copies(self):
        copies = self.cleaned_data.get("copies") or 1
        if not 1 <= copies <= 20:
            raise ValidationError(_("Số lượng bản từ 1 đến 20."))
        return copies

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("delivery") == InformationRequest.Delivery.ELECTRONIC and not cleaned.get("email"):
            if "email" not in self.errors:
                self.add_error("email", _("Hãy nhập thư điện tử để nhận thông tin qua mạng điện tử."))
        elif not cleaned.get("email") and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Hãy nhập số điện thoại hoặc thư điện tử để cơ quan báo kết quả."))
        return cleaned


class TrackingForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=20)
    id_tail = forms.CharField(label=_("4 số cuối của giấy tờ tuỳ thân"), max_length=4, min_length=4)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
