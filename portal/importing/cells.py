"""Cell parsers shared by every import: one way to read a text, a date, a number or a yes/no.

Each parser takes what a spreadsheet, a CSV file or a JSON document gives (str, int, float,
Decimal, date, datetime, bool, None) and returns a Python value, or raises ``CellError`` (a
``ValueError``, so django-import-export widgets report it on the cell) with a Vietnamese message
that names the value but not the row: the caller adds the row and the column.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from portal.text import fold

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's serial dates (1900 system, leap-year bug included)


class CellError(ValueError):
    """A cell that cannot be read; the message is Vietnamese and names the value only."""


def text(value) -> str:
    """A cell as trimmed text; a whole number typed into a text column comes back without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def key(value) -> str:
    """A cell folded to plain words for matching: "Số, ký hiệu" → "so ky hieu"."""
    return re.sub(r"[^a-z0-9]+", " ", fold(str(value or ""))).strip()


def decode_text(data: bytes) -> str:
    """CSV bytes as text: UTF-8 with or without BOM, else Windows-1258 (Vietnamese Windows)."""
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            # Windows-1258 writes tone marks as combining characters: recompose them.
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise CellError(_("Không đọc được tệp: hãy lưu tệp CSV với bảng mã UTF-8 hoặc Windows-1258."))


_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")


def parse_date(value):
    """dd/mm/yyyy (also with - or .), yyyy-mm-dd[Thh:mm:ss], date cells and Excel serial numbers."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if 1 <= value < 100000 and value == int(value):
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError(_("“%(value)s” không phải là ngày hợp lệ (ghi theo dạng dd/mm/yyyy).") % {"value": value})
    cell = text(value)
    if not cell:
        return None
    try:
        if re.fullmatch(r"\d{5}(\.0+)?", cell):
            return EXCEL_EPOCH + timedelta(days=int(float(cell)))
        match = _DMY.fullmatch(cell)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        match = _ISO.match(cell)
        if match:
            return date(*(int(g) for g in match.groups()))
    except (ValueError, OverflowError):
        pass
    raise CellError(_("“%(value)s” không phải là ngày hợp lệ (ghi theo dạng dd/mm/yyyy).") % {"value": cell[:40]})


def parse_number(value) -> Decimal | None:
    """A number from JSON, a spreadsheet or text: "1.234,5" (Vietnamese), "1,234.5", "1234,5", 1234.5.

    None when empty; CellError when not a finite number.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” không phải là số.") % {"value": value})
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        cell = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if not cell:
            return None
        if "," in cell and "." in cell:
            # Grouped: the last mark is the decimal one.
            if cell.rfind(",") > cell.rfind("."):
                cell = cell.replace(".", "").replace(",", ".")
            else:
                cell = cell.replace(",", "")
        elif "," in cell:
            cell = cell.replace(",", ".")
        elif cell.count(".") > 1:  # 1.234.567: thousands only
            cell = cell.replace(".", "")
        try:
            number = Decimal(cell)
        except InvalidOperation:
            raise CellError(_("“%(value)s” không phải là số.") % {"value": str(value)[:40]}) from None
    if not number.is_finite():
        raise CellError(_("“%(value)s” không phải là số.") % {"value": str(value)[:40]})
    return number


def parse_int(value) -> int | None:
    """A whole number (1, "12", 12.0); None when empty."""
    cell = text(value)
    if not cell:
        return None
    if re.fullmatch(r"\d+(\.0+)?", cell):
        return int(float(cell))
    raise CellError(_("“%(value)s” không phải là số.") % {"value": cell[:40]})


YES = frozenset({"co", "x", "1", "true", "yes", "dung", "cong khai"})
NO = frozenset({"khong", "0", "false", "no", "sai"})


def parse_yes_no(value, default=None, *, yes=frozenset(), no=frozenset()):
    """Có/Không (also x, 1/0, true/false, yes/no, diacritics and case ignored); ``default`` when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and value in (0, 1):
        return bool(value)
    word = key(value)
    if word in YES or word in yes:
        return True
    if word in NO or word in no:
        return False
    raise CellError(_("“%(value)s” không hợp lệ; ghi “Có” hoặc “Không”.") % {"value": text(value)[:40]})


def header_row_index(rows, is_known, *, minimum=2, within=20) -> int | None:
    """The first of the first ``within`` rows with ``minimum`` known headings (a sheet may carry a
    title above its table), or None."""
    for index, row in enumerate(rows[:within]):
        if sum(1 for cell in row if text(cell) and is_known(cell)) >= minimum:
            return index
    return None
