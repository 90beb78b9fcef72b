"""The checks every public form of this section passes before anything is stored.

No outside CAPTCHA service (the portal must work offline in a provincial data centre). Instead:
a honeypot field, a signed start time (too fast or too old is refused), a cap on the size of each
text, rate limits per client address and per contact (counters in the shared cache), duplicate
detection, an arithmetic question once an address has posted several times within the hour, and
the classified check. CSRF stays on (Django's middleware; the views are not exempt).
"""

import hashlib
import random
import re
import time
import unicodedata

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal import classified, ratelimit
from portal.proxy import client_ip
from portal.text import fold

from . import conf

SALT = "participation.public-form"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def client_address(request) -> str:
    # The one rule for the client behind trusted proxies (TRUSTED_PROXY_COUNT), as the login lock-out.
    return client_ip(request) or "unknown"


def _key(*parts) -> str:
    return "participation:" + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def address_key(request):
    return _key("address", client_address(request))


def needs_challenge(request) -> bool:
    return ratelimit.count(address_key(request)) >= conf.get("PARTICIPATION_CHALLENGE_AFTER")


def clean_text(value: str) -> str:
    """Plain text as a person typed it: NFC, no control or bidi-override characters."""
    value = unicodedata.normalize("NFC", value or "")
    return _CONTROL.sub("", value).strip()


# --- classified: no secret document is stored, not even a citizen's copy of one ------------------
# The portal's one check (portal/classified.py) reads the free text: stamps and levels are refused,
# ordinary words ("mặt bằng", "bảo mật", "bí mật đời tư") pass.
CLASSIFIED_MESSAGE = _("Nội dung có dấu hiệu thông tin mật (Mật, Tối mật, Tuyệt mật). Cổng thông tin không "
                       "tiếp nhận, không lưu thông tin mật; hãy bỏ phần đó và gửi lại.")


def mentions_classified(text: str) -> bool:
    return classified.is_classified(text or "", "text")


class PublicFormMixin:
    """Mixed into each public ModelForm; pass ``request=`` when building it."""

    text_fields: tuple = ()
    contact_fields: tuple = ()
    kind = ""

    def __init__(self, *args, request, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.agency = request, agency
        self.fields["website"] = forms.CharField(
            required=False, label=_("Để trống ô này"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
        self.fields["started"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["challenge"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.challenge_asked = needs_challenge(request)
        self._posted_challenge = self.data.get("challenge", "") if self.is_bound else ""
        if not self.is_bound:
            self.initial["started"] = signing.dumps({"t": time.time()}, salt=SALT)
        if self.challenge_asked:
            # A new question each time the form is shown; the answer is checked against the signed
            # question the submitted form carried.
            a, b = random.randint(2, 9), random.randint(2, 9)
            question = _("Để chống gửi tự động, hãy cho biết %(a)d cộng %(b)d bằng bao nhiêu?") % {"a": a, "b": b}
            self.fields["answer"] = forms.IntegerField(label=question, required=False, min_value=0, max_value=99)
            signed = signing.dumps({"a": a, "b": b}, salt=SALT)
            self.initial["challenge"] = signed
            if self.is_bound:
                self.data = self.data.copy()
                self.data["challenge"] = signed
        max_text = conf.get("PARTICIPATION_MAX_TEXT")
        for name in self.text_fields:
            field = self.fields[name]
            field.max_length = min(field.max_length or max_text, max_text)
            field.validators.append(_max_length_validator(field.max_length))
            field.widget.attrs["maxlength"] = field.max_length

    # -- each check raises a form-wide message in Vietnamese ------------------------------------
    def clean(self):
        cleaned = super().clean()
        request = self.request
        attempts = ratelimit.hit(address_key(request), 3600)
        if attempts > conf.get("PARTICIPATION_MAX_POSTS_PER_ADDRESS"):
            raise ValidationError(_("Bạn đã gửi quá nhiều lần trong một giờ; hãy thử lại sau."), code="rate")
        if self.data.get("website"):
            raise ValidationError(_("Không gửi được biểu mẫu. Hãy tải lại trang và thử lại."), code="honeypot")
        self._check_timing()
        if self.challenge_asked:
            self._check_challenge()
        for name in self.text_fields:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = clean_text(cleaned[name])
                if mentions_classified(cleaned[name]):
                    self.add_error(name, ValidationError(CLASSIFIED_MESSAGE, code="classified"))
        contact = self.contact_value(cleaned)
        if contact and ratelimit.count(self._contact_key(contact)) >= conf.get("PARTICIPATION_MAX_POSTS_PER_CONTACT"):
            raise ValidationError(_("Thông tin liên hệ này đã gửi đủ số lần cho phép trong ngày; hãy thử lại "
                                    "vào ngày mai."), code="contact_rate")
        if cache.get(self._duplicate_key(cleaned)):
            raise ValidationError(_("Nội dung này đã được gửi; cơ quan sẽ xử lý, bạn không cần gửi lại."),
                                  code="duplicate")
        return cleaned

    def _check_timing(self):
        try:
            started = float(signing.loads(self.data.get("started", ""), salt=SALT)["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise ValidationError(_("Không gửi được biểu mẫu. Hãy tải lại trang và thử lại."),
                                  code="timing") from None
        elapsed = time.time() - started
        if elapsed > conf.get("PARTICIPATION_MAX_FORM_AGE_SECONDS"):
            raise ValidationError(_("Biểu mẫu đã mở quá lâu; hãy tải lại trang rồi gửi lại."), code="expired")
        if elapsed < conf.get("PARTICIPATION_MIN_FILL_SECONDS"):
            raise ValidationError(_("Bạn gửi quá nhanh; hãy kiểm tra lại nội dung rồi gửi lại."), code="too_fast")

    def _check_challenge(self):
        try:
            numbers = signing.loads(self._posted_challenge, salt=SALT, max_age=3600)
            expected = int(numbers["a"]) + int(numbers["b"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            expected = None
        answer = self.cleaned_data.get("answer")
        if expected is None or answer != expected:
            self.add_error("answer", ValidationError(_("Kết quả phép tính chưa đúng."), code="challenge"))

    def contact_value(self, cleaned) -> str:
        for name in self.contact_fields:
            value = (cleaned.get(name) or "").strip().lower()
            if value:
                return re.sub(r"[\s.\-()]", "", value) if "@" not in value else value
        return ""

    def _contact_key(self, contact):
        return _key("contact", contact)

    def _duplicate_key(self, cleaned):
        text = " ".join(fold(str(cleaned.get(name) or "")) for name in self.text_fields)
        return _key("duplicate", self.kind, self.agency.pk, text)

    def record_accepted(self):
        """Count the accepted post against its contact and remember its text (duplicates)."""
        contact = self.contact_value(self.cleaned_data)
        if contact:
            ratelimit.hit(self._contact_key(contact), 24 * 3600)
        cache.set(self._duplicate_key(self.cleaned_data), True, conf.get("PARTICIPATION_DUPLICATE_SECONDS"))


def _max_length_validator(limit):
    from django.core.validators import MaxLengthValidator

    return MaxLengthValidator(limit, message=_("Nội dung dài quá %(limit_value)d ký tự (đang có %(show_value)d)."))
