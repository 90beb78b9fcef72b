"""One widget per kind of cell of the procedure files, each with a Vietnamese message; the cell
parsing itself is the foundation's (``portal.importing.cells``)."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.html import escape
from import_export import widgets

from portal import doctypes
from portal.importing.cells import parse_date
from portal.importing.cells import text as _text
from portal.sanitize import sanitize_html
from portal.text import fold

from ..models import Applicant, Level, Validity
from .columns import DOC_ISSUER, SECTOR, SECTOR_CODE


class TextWidget(widgets.Widget):
    def __init__(self, required=False, max_length=None, **kwargs):
        super().__init__(**kwargs)
        self.required, self.max_length = required, max_length

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if self.required and not text:
            raise ValueError("Không được để trống.")
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"Dài quá {self.max_length} ký tự.")
        return text


def text_to_html(text: str) -> str:
    """Plain text from a spreadsheet cell becomes paragraphs; HTML is kept; both are sanitized."""
    text = _text(text)
    if not text:
        return ""
    if "<" not in text:
        text = "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return sanitize_html(text)


class RichTextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return text_to_html(value)

    def render(self, value, obj=None, **kwargs):
        # Exported as the stored (sanitized) HTML, so that a file exported and imported again is equal
        # to what is stored; plain text typed into a cell is turned into paragraphs on import.
        return value or ""


class DateWidget(widgets.Widget):
    def __init__(self, required=False, **kwargs):
        super().__init__(**kwargs)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        result = parse_date(value)
        if result is None and self.required:
            raise ValueError("Không được để trống.")
        return result

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


def parse_days(value):
    if value in (None, ""):
        return None
    text = _text(value).replace(",", ".")
    try:
        days = Decimal(text).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise ValueError(f"“{_text(value)}” không phải là số ngày (ví dụ 5 hoặc 0,5).") from None
    if days < 0 or days >= 10000:
        raise ValueError(f"Số ngày “{_text(value)}” không hợp lệ.")
    return days


class CopiesWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return 1
        match = re.match(r"^0*(\d{1,3})", text)
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"“{text}” không phải là số bộ hồ sơ (ví dụ 01).")
        return int(match.group(1))


def _choice_by_label(value, choices, aliases=None):
    folded = fold(_text(value))
    for key, label in choices:
        if folded in (key, fold(str(label))):
            return key
    return (aliases or {}).get(folded)


class LevelWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        folded = fold(_text(value))
        if not folded:
            raise ValueError("Không được để trống (ghi “Cấp tỉnh” hoặc “Cấp xã”).")
        if "tinh" in folded:
            return Level.PROVINCE
        if folded in ("xa", "cap xa") or any(w in folded for w in ("cap xa", "phuong", "dac khu", "xa,")):
            return Level.COMMUNE
        raise ValueError(f"“{_text(value)}” không rõ; hãy ghi “Cấp tỉnh” hoặc “Cấp xã”.")

    def render(self, value, obj=None, **kwargs):
        return str(Level(value).label) if value else ""


APPLICANT_ALIASES = {
    "cong dan": Applicant.CITIZEN, "ca nhan": Applicant.CITIZEN, "cong dan viet nam": Applicant.CITIZEN,
    "to chuc": Applicant.ORGANIZATION, "doanh nghiep": Applicant.ENTERPRISE,
    "nguoi nuoc ngoai": Applicant.FOREIGNER, "hop tac xa": Applicant.COOPERATIVE,
    "ho kinh doanh": Applicant.HOUSEHOLD_BUSINESS, "to chuc nuoc ngoai": Applicant.FOREIGN_ORGANIZATION,
    "can bo, cong chuc, vien chuc": Applicant.CIVIL_SERVANT, "vien chuc": Applicant.CIVIL_SERVANT,
    "cong chuc": Applicant.CIVIL_SERVANT,
}


class ApplicantsWidget(widgets.Widget):
    """“Công dân Việt Nam; Doanh nghiệp” → the choice keys, in the vocabulary's order."""

    def clean(self, value, row=None, **kwargs):
        keys, unknown = set(), []
        for part in re.split(r"[;\n]+", _text(value)):
            part = part.strip(" .-+•")
            if not part:
                continue
            key = _choice_by_label(part, Applicant.choices, APPLICANT_ALIASES)
            if key is None:
                unknown.append(part)
            else:
                keys.add(key)
        if unknown:
            allowed = "; ".join(str(label) for _key, label in Applicant.choices)
            raise ValueError(f"Không rõ đối tượng “{', '.join(unknown)}”. Dùng các giá trị: {allowed}.")
        return [key for key in Applicant.values if key in keys]

    def render(self, value, obj=None, **kwargs):
        labels = dict(Applicant.choices)
        return "; ".join(str(labels.get(key, key)) for key in value or [])


class SectorWidget(widgets.Widget):
    """The field (lĩnh vực) of the agency, by code or by name; created when both are given."""

    def __init__(self, resource, required=True, **kwargs):
        super().__init__(**kwargs)
        self.resource, self.required = resource, required

    def clean(self, value, row=None, **kwargs):
        name = _text(value)
        code = _text((row or {}).get(SECTOR_CODE))
        if not name and not code:
            if self.required:
                raise ValueError("Không được để trống.")
            return None
        sector = self.resource.find_sector(code, name)
        if sector is not None:
            return sector
        if code and name:
            return self.resource.create_sector(code, name)
        raise ValueError(f"Cơ quan chưa có lĩnh vực “{code or name}”; hãy thêm lĩnh vực trước, "
                         f"hoặc ghi cả “{SECTOR_CODE}” và “{SECTOR}” để tạo mới.")

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""




# --- legal documents ---------------------------------------------------------------------------
class DocumentTypeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError("Không được để trống.")
        key = doctypes.parse(text, issuer=_text((row or {}).get(DOC_ISSUER)))
        if key is None:
            raise ValueError(f"Không rõ loại văn bản “{text}”. Ví dụ: Luật, Nghị định, Thông tư, Quyết định UBND.")
        return key

    def render(self, value, obj=None, **kwargs):
        return doctypes.label(value) or str(value or "")


class ValidityWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if not _text(value):
            return Validity.IN_FORCE
        key = _choice_by_label(value, Validity.choices, {"con": Validity.IN_FORCE, "het": Validity.LAPSED,
                                                        "het hieu luc mot phan": Validity.PARTLY_LAPSED})
        if key is None:
            raise ValueError(f"“{_text(value)}” không rõ; hãy ghi “Còn hiệu lực”, “Hết hiệu lực một phần” "
                             "hoặc “Hết hiệu lực”.")
        return key

    def render(self, value, obj=None, **kwargs):
        return str(Validity(value).label) if value else ""
