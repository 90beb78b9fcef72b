from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"), max_length=20, strip=True,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "off"}),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Mã 6 chữ số trong ứng dụng"), max_length=6, min_length=6, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9]{6}", "autofocus": True}),
        error_messages={"min_length": _("Mã gồm đúng 6 chữ số."), "max_length": _("Mã gồm đúng 6 chữ số.")},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(_("Mã gồm đúng 6 chữ số."))
        return code
