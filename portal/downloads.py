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
  also turns every XLSX cell into text).
"""

import csv
import io
import re

import tablib
from django.http import HttpResponse
from import_export.formats import base_formats

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
