"""Reading uploaded files for imports: a size cap checked before anything is parsed, CSV (UTF-8
with or without BOM, or Windows-1258; comma, semicolon or tab) and XLSX, with the header row found
below any title rows, and blank rows dropped while rows keep their spreadsheet numbers."""

import csv
import io

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.formats.base_formats import Format

from .cells import CellError, decode_text, header_row_index, text

MAX_BYTES = 5 * 1024 * 1024  # every import: a register or a catalogue is well below this
MAX_ROWS = 5000


def check_size(size: int | None, limit: int = MAX_BYTES) -> None:
    """Refuse a file over ``limit`` bytes; called before the file is read or parsed."""
    if size is not None and size > limit:
        raise ValidationError(_("Tệp quá lớn (%(size).1f MB); tối đa %(max)d MB một lần nhập. Hãy chia nhỏ tệp.") % {
            "size": size / (1024 * 1024), "max": limit // (1024 * 1024)}, code="too_big")


def csv_rows(data: bytes) -> list[list]:
    try:
        decoded = decode_text(data)
    except CellError as error:
        raise ValidationError(str(error)) from None
    try:
        dialect = csv.Sniffer().sniff(decoded[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(decoded), dialect))
    except csv.Error:
        raise ValidationError(_("Tệp CSV hỏng, không đọc được.")) from None


def xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ValidationError(_("Không đọc được tệp Excel (.xlsx).")) from None
    try:
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 51)]
    finally:
        workbook.close()
    if len(rows) > MAX_ROWS + 50:  # a few title rows above the table are allowed
        raise ValidationError(_("Tệp có quá %(max)d dòng; hãy chia nhỏ tệp.") % {"max": MAX_ROWS})
    return rows


def rows_to_dataset(rows, is_known=None) -> tablib.Dataset:
    """The table below its header row. ``dataset.row_numbers[i]`` is the spreadsheet line of row i."""
    header_at = header_row_index(rows, is_known or (lambda cell: True), minimum=2 if is_known else 1) if rows else None
    if header_at is None:
        if is_known is not None and rows:
            raise ValidationError(_("Không tìm thấy dòng tiêu đề cột; hãy dùng tệp mẫu."))
        header_at = 0
    headers = [text(cell) for cell in rows[header_at]] if rows else []
    dataset = tablib.Dataset(headers=headers)
    dataset.row_numbers = []
    for line, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cells = list(row)[:len(headers)] + [None] * (len(headers) - len(row))
        if any(text(cell) for cell in cells):
            dataset.append([cell.strip() if isinstance(cell, str) else cell for cell in cells])
            dataset.row_numbers.append(line)
    if len(dataset) > MAX_ROWS:
        raise ValidationError(_("Tệp có quá %(max)d dòng; hãy chia nhỏ tệp.") % {"max": MAX_ROWS})
    return dataset


class ImportFormat(Format):
    """A file format django-import-export imports and never exports, declared by its title, file
    extension and content type (as ``base_formats.TablibFormat`` declares its own)."""

    title = extension = ""
    content_type = "application/octet-stream"
    binary = True

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return self.title

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return self.content_type

    def is_binary(self):
        return self.binary

    def get_read_mode(self):
        return "rb" if self.binary else "r"

    def can_import(self):
        return True

    def can_export(self):
        return False


class CSVFormat(ImportFormat):
    """CSV for django-import-export, read as bytes so that Windows-1258 files work too.

    ``CSVFormat.bind(is_known)`` gives a format that finds the header row with ``is_known(heading)``.
    """

    title = extension = "csv"
    content_type = "text/csv"
    is_known = None

    @classmethod
    def bind(cls, is_known):
        return type(cls.__name__, (cls,), {"is_known": staticmethod(is_known)})

    def read_rows(self, data):
        return csv_rows(data)

    def create_dataset(self, in_stream):
        return rows_to_dataset(self.read_rows(in_stream), self.is_known)


class XLSXFormat(CSVFormat):
    """XLSX: the first sheet, date cells kept as dates."""

    title = extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def read_rows(self, data):
        return xlsx_rows(data)


def read_file(data: bytes, name: str, is_known=None) -> tablib.Dataset:
    """A file as a dataset, by its name or content (XLSX is a zip: "PK")."""
    check_size(len(data))
    fmt = XLSXFormat if name.lower().endswith(".xlsx") or data[:2] == b"PK" else CSVFormat
    return rows_to_dataset(fmt().read_rows(data), is_known)
