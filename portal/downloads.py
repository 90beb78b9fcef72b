"""CSV and XLSX downloads: the one place that builds them, and the one place untrusted text is made inert.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (CSV/formula injection): an official named ``=HYPERLINK(...)`` would become a
live link in whoever opens the public directory. Every text cell of every download is neutralised
the OWASP way, by a leading single quote. A plain number written as text ("-1.5", "+84") is not a
formula and is left as it is; numbers, dates and booleans stay typed in XLSX.

- ``csv_response(rows, filename)``, ``xlsx_response(workbook, filename)``,
  ``dataset_response(dataset, fmt, filename)`` for tablib datasets (CSV or XLSX);
- ``SafeCSV`` / ``SafeXLSX``: the django-import-export formats of the admin exports. The library's
  own switch (``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True`` in settings) calls their
  ``_escape_formulae``, which neutralises here rather than the library's "drop a leading =" (which
  also turns every XLSX cell into text);
- ``excel_value`` and ``format_table``: typed cells (numbers, dates in dd/mm/yyyy) and a sheet that
  is a table in Excel: autofilter, frozen header row, A4 landscape fitted to the page width, the
  header repeated on every printed page;
- ``stored_file_response(file_field, stem)``: a stored document (uploaded form, decision, attachment)
  served as an attachment, never inline, with the headers that keep it from running as a page of the
  site (``sandboxed``, also used by the media view); ``readable_stem(title)`` names it after its title;
- ``pdf_response`` / ``pdf_bytes``: HTML printed to PDF by WeasyPrint (Pango), with the self-hosted
  Vietnamese font embedded and nothing fetched but our own static files; ``pdf_engine_error()``
  says why PDF is unavailable (WeasyPrint or Pango missing), for the page to tell the user.
"""

import csv
import datetime
import functools
import io
import mimetypes
import re
from pathlib import PurePosixPath

import tablib
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from import_export.formats import base_formats

from .text import fold

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")


def neutralise(value):
    """``value`` made inert for a spreadsheet: text that a spreadsheet would run gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of ``dataset`` with every cell and header neutralised (types kept)."""
    safe = tablib.Dataset(headers=[neutralise(h) for h in dataset.headers] if dataset.headers else None,
                          title=dataset.title)
    for row in dataset:
        safe.append([neutralise(value) for value in row])
    return safe


def neutralise_workbook(workbook):
    """Neutralise every text cell of an openpyxl workbook in place (a cell holding "=..." included)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                safe = neutralise(cell.value)
                if safe is not cell.value:
                    cell.value = safe
                    cell.data_type = "s"
    return workbook


def sandboxed(response):
    """``response`` can never run as a page of the site: no type sniffing, no script, no same origin."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def readable_stem(title: str) -> str:
    """A download's name from a Vietnamese title: folded to ASCII, slugified, at most 80 characters."""
    return slugify(fold(title))[:80] or "tep"


def stored_file_response(file_field, stem: str) -> FileResponse:
    """The stored file of ``file_field`` as an attachment named ``stem`` + its extension (404 if none)."""
    if not file_field:
        raise Http404
    extension = PurePosixPath(file_field.name).suffix.lower()
    try:
        handle = file_field.open("rb")
    except OSError:  # FileNotFoundError included: the row outlived its file
        raise Http404 from None
    return sandboxed(FileResponse(handle, as_attachment=True, filename=stem + extension))


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows, filename: str) -> HttpResponse:
    """A UTF-8 CSV (with a BOM, so Excel reads the Vietnamese) of ``rows``, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return _attachment(HttpResponse("\ufeff" + out.getvalue(), content_type=CSV_TYPE), filename)


def xlsx_bytes(workbook) -> bytes:
    neutralise_workbook(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def excel_value(value):
    """``value`` as a spreadsheet cell keeps it: aware datetimes in local time (Excel has no zones),
    numbers, dates and booleans as they are, lazy strings as text."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, (int, float, datetime.date, bool)):
        return value
    return str(value)


def format_table(sheet, header_row: int = 1, widths=None, *, landscape: bool = True):
    """Make the block from ``header_row`` to the last row of ``sheet`` a table in Excel.

    Autofilter on the header, the rows above and the header frozen, date cells shown as dd/mm/yyyy,
    A4 (landscape by default) fitted to one page wide, the header repeated on each printed page.
    """
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    last_column = get_column_letter(max(sheet.max_column, 1))
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{max(sheet.max_row, header_row)}"
    sheet.freeze_panes = f"A{header_row + 1}"
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
    for index, width in enumerate(widths or (), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages tall as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.gridLines = True
    return sheet


def xlsx_response(workbook, filename: str) -> HttpResponse:
    """An openpyxl workbook as a download, every text cell neutralised."""
    return _attachment(HttpResponse(xlsx_bytes(workbook), content_type=XLSX_TYPE), filename)


def dataset_response(dataset: tablib.Dataset, fmt: str, filename: str) -> HttpResponse:
    """A tablib dataset as ``fmt`` ("csv" or "xlsx"); ``filename`` without the extension."""
    safe = neutralise_dataset(dataset)
    if fmt == "csv":
        rows = ([safe.headers] if safe.headers else []) + [list(row) for row in safe]
        return csv_response(rows, f"{filename}.csv")
    return _attachment(HttpResponse(safe.export("xlsx"), content_type=XLSX_TYPE), f"{filename}.xlsx")


class _SafeEscape:
    def _escape_formulae(self, dataset):
        for index, row in enumerate(list(dataset)):
            dataset[index] = [neutralise(value) for value in row]
        if dataset.headers:
            dataset.headers = [neutralise(header) for header in dataset.headers]


class SafeCSV(_SafeEscape, base_formats.CSV):
    """CSV of the import-export admin, formulas neutralised on export."""


class SafeXLSX(_SafeEscape, base_formats.XLSX):
    """XLSX of the import-export admin, formulas neutralised on export, numbers and dates typed."""


# --- PDF ------------------------------------------------------------------------------------------
# The self-hosted Be Vietnam Pro (static/fonts, OFL) is served to browsers as unicode-range subsets
# that all carry the same internal name; WeasyPrint would merge them into one PDF font and garble
# the text. Each weight is merged here once per process into one font (latin + vietnamese).
PDF_FONT_FAMILY = "Be Vietnam Pro"
PDF_FONTS = {  # (weight, style): subset files in static/fonts
    (400, "normal"): ("be-vietnam-pro-latin-400-normal.woff2", "be-vietnam-pro-vietnamese-400-normal.woff2"),
    (400, "italic"): ("be-vietnam-pro-latin-400-italic.woff2", "be-vietnam-pro-vietnamese-400-italic.woff2"),
    (600, "normal"): ("be-vietnam-pro-latin-600-normal.woff2", "be-vietnam-pro-vietnamese-600-normal.woff2"),
    (700, "normal"): ("be-vietnam-pro-latin-700-normal.woff2", "be-vietnam-pro-vietnamese-700-normal.woff2"),
}
_FONT_SCHEME = "portal-font:"


class PdfEngineMissing(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are not installed."""


@functools.cache
def pdf_engine_error() -> str | None:
    """None when PDF can be made here, else why not (shown to the user, logged for the operator)."""
    try:
        import weasyprint  # noqa: F401 - loads Pango through cffi: OSError when it is missing
    except (ImportError, OSError) as error:
        return f"{type(error).__name__}: {error}"
    return None


def _static_file(name: str) -> bytes | None:
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
    except (OSError, ValueError, NotImplementedError):
        pass
    found = finders.find(name)
    if found:
        with open(found, "rb") as handle:
            return handle.read()
    return None


@functools.cache
def _merged_font(weight: int, style: str) -> bytes:
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    parts = []
    for name in PDF_FONTS[(weight, style)]:
        data = _static_file(f"fonts/{name}")
        if data is None:
            raise FileNotFoundError(name)
        font = TTFont(io.BytesIO(data))
        font.flavor = None  # woff2 -> plain OpenType
        plain = io.BytesIO()
        font.save(plain)
        plain.seek(0)
        parts.append(plain)
    merged = Merger().merge(parts)
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue()


def pdf_font_css() -> str:
    """@font-face rules of the embedded font, to put first in a PDF template's stylesheet."""
    return "\n".join(
        f'@font-face {{ font-family: "{PDF_FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{_FONT_SCHEME}{weight}-{style}"); }}'
        for weight, style in PDF_FONTS
    )


def _fetcher():
    """A WeasyPrint URL fetcher that answers only our fonts and static files: a PDF never reaches out."""
    from django.conf import settings
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(_FONT_SCHEME):
                weight, style = url[len(_FONT_SCHEME):].split("-", 1)
                return URLFetcherResponse(url, _merged_font(int(weight), style), {"Content-Type": "font/ttf"})
            path = url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url
            path = "/" + path.lstrip("/")
            if path.startswith(settings.STATIC_URL):
                name = path[len(settings.STATIC_URL):].split("?")[0]
                data = _static_file(name)
                if data is not None:
                    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, data, {"Content-Type": kind})
            raise ValueError(f"not fetched for a PDF: {url}")

    return StaticOnlyFetcher()


def pdf_bytes(html: str) -> bytes:
    """``html`` (a whole document, styles inline) printed to PDF; PdfEngineMissing without WeasyPrint."""
    if pdf_engine_error():
        raise PdfEngineMissing(pdf_engine_error())
    from weasyprint import HTML

    return HTML(string=html, base_url="portal-pdf://local/", url_fetcher=_fetcher()).write_pdf()


def pdf_response(html: str, filename: str) -> HttpResponse:
    """``html`` as a PDF download (see ``pdf_bytes``)."""
    return _attachment(HttpResponse(pdf_bytes(html), content_type=PDF_TYPE), filename)
