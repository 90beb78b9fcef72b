"""Feed parsers: bytes of one format → ``RawRow``s, still unvalidated (``sync.validate_rows`` does that).

Formats (each with a sample under ``ktxh_sync/samples/``):

- ``jsonstat``: a JSON-stat 2.0 dataset, as the PX-Web API returns it (``?format=json-stat2``).
  The mapping names the dimension whose categories are indicators (default: ``role.metric``), the
  time dimension (default: ``role.time``), optionally a measure dimension whose categories are the
  period figure, the cumulative figure and the change against last year, and pins every other
  dimension to one category::

      {"indicator_dimension": "ChiTieu", "period_dimension": "Ky",
       "measure_dimension": "DoLuong",
       "measures": {"KyBaoCao": "value", "LuyKe": "cumulative", "SoCungKy": "change_yoy"},
       "filters": {"DiaBan": "86"}, "indicators": {"SOURCE_CODE": "OUR_CODE"},
       "estimate_statuses": ["e"]}

  A category's ``unit.label`` (on the indicator dimension) is checked against the indicator's unit;
  a cell's ``status`` in ``estimate_statuses`` marks an estimate; a null value is skipped.
  Why not a library: pyjstat needs pandas and jsonstat.py has been unmaintained since 2017; the
  JSON-stat 2 cube is a row-major array, walked here in a few tested lines.

- ``csv``: one row per figure, UTF-8 (a BOM is accepted), comma or semicolon separated, headers
  (Vietnamese or English, case and diacritics ignored): ``ma_chi_tieu``/``indicator``,
  ``ky``/``period``, ``gia_tri``/``value``, ``luy_ke``/``cumulative``, ``so_cung_ky``/``change_yoy``,
  ``uoc_tinh``/``estimate``, ``don_vi``/``unit``. Numbers use a dot for decimals and no grouping
  (a comma is read as the decimal mark when there is no dot). The mapping may rename columns
  (``{"columns": {"their header": "indicator"}}``) and codes (``"indicators"``).

- ``json`` (the portal's documented shape)::

      {"source": "Cục Thống kê tỉnh ...", "observations": [
        {"indicator": "IIP", "period": "2026-10", "value": 108.5, "cumulative": 107.9,
         "change_yoy": null, "estimate": true, "unit": "%"}]}

- ``xlsx`` (admin import only): the first sheet in the CSV layout, headers on the first row.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal import classified
from portal.importing.cells import CellError, decode_text, parse_number, parse_yes_no
from portal.importing.columns import SECRECY, column_problems
from portal.importing.files import xlsx_rows
from portal.text import fold


class FeedError(Exception):
    """The whole payload is unusable (bad JSON, wrong dimension, …); nothing is applied."""


class MappingError(ValueError):
    """A source's mapping is malformed (shown on the admin form)."""


@dataclass
class RawRow:
    ref: str  # where the row is, for messages: "Dòng 7", "Ô IIP × 2026M10"
    indicator: object = None
    period: object = None
    value: object = None
    cumulative: object = None
    change_yoy: object = None
    estimate: object = None
    unit: object = None
    extra: dict = field(default_factory=dict)


@dataclass
class Parsed:
    rows: list
    skipped: int = 0  # cells with no figure (null in JSON-stat) or codes the mapping leaves out
    source_name: str = ""


MEASURES = ("value", "cumulative", "change_yoy")
COLUMN_ALIASES = {
    "indicator": {"ma chi tieu", "ma_chi_tieu", "chi tieu", "indicator", "code", "ma"},
    "period": {"ky", "ky bao cao", "period", "thoi gian", "time"},
    "value": {"gia tri", "gia_tri", "so lieu", "value", "so lieu ky"},
    "cumulative": {"luy ke", "luy_ke", "cumulative", "luy ke tu dau nam"},
    "change_yoy": {"so cung ky", "so_cung_ky", "so voi cung ky", "change_yoy", "yoy"},
    "estimate": {"uoc tinh", "uoc_tinh", "estimate", "uoc"},
    "unit": {"don vi", "don_vi", "don vi tinh", "unit"},
}
# Columns read only by the classified check (kept in ``RawRow.extra["cells"]``), never stored.
TEXT_COLUMNS = {
    "note": {"ghi chu", "ghi_chu", "note", "chu thich", "ghi chu nguon"},
    "name": {"ten chi tieu", "ten_chi_tieu", "name", "indicator name"},
}
JSON_KEYS = {"indicator", "period", "value", "cumulative", "change_yoy", "estimate", "unit", "note", "name"}
MAPPING_KEYS = {
    "jsonstat": {"indicator_dimension", "period_dimension", "measure_dimension", "measures", "filters",
                 "indicators", "estimate_statuses"},
    "csv": {"columns", "indicators", "delimiter"},
    "json": {"indicators"},
    "xlsx": {"columns", "indicators"},
}


def check_mapping(kind: str, mapping) -> None:
    """Raise MappingError (Vietnamese) if ``mapping`` is not a valid mapping for ``kind``."""
    if mapping in (None, ""):
        return
    if not isinstance(mapping, dict):
        raise MappingError(_("Ánh xạ phải là một đối tượng JSON {…}."))
    unknown = sorted(set(mapping) - MAPPING_KEYS.get(kind, set()))
    if unknown:
        raise MappingError(_("Khóa không dùng được cho định dạng này: %(keys)s.") % {"keys": ", ".join(unknown)})
    for key in ("measures", "filters", "indicators", "columns"):
        value = mapping.get(key)
        if value is not None and not (isinstance(value, dict)
                                      and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())):
            raise MappingError(_("“%(key)s” phải là đối tượng JSON ánh xạ chuỗi sang chuỗi.") % {"key": key})
    bad = sorted(set((mapping.get("measures") or {}).values()) - set(MEASURES))
    if bad:
        raise MappingError(_("“measures” chỉ nhận value, cumulative, change_yoy (có: %(bad)s).") % {
            "bad": ", ".join(bad)})
    bad = sorted(set((mapping.get("columns") or {}).values()) - set(COLUMN_ALIASES))
    if bad:
        raise MappingError(_("“columns” chỉ nhận %(allowed)s (có: %(bad)s).") % {
            "allowed": ", ".join(COLUMN_ALIASES), "bad": ", ".join(bad)})
    statuses = mapping.get("estimate_statuses")
    if statuses is not None and not (isinstance(statuses, list) and all(isinstance(s, str) for s in statuses)):
        raise MappingError(_("“estimate_statuses” phải là danh sách chuỗi."))
    for key in ("indicator_dimension", "period_dimension", "measure_dimension", "delimiter"):
        if key in mapping and not isinstance(mapping[key], str):
            raise MappingError(_("“%(key)s” phải là chuỗi.") % {"key": key})


def _load_json(payload: bytes):
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedError(_("Dữ liệu không phải văn bản UTF-8.")) from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise FeedError(_("Dữ liệu JSON hỏng (dòng %(line)d, cột %(col)d): có thể bị cắt giữa chừng.") % {
            "line": error.lineno, "col": error.colno}) from None


def _map_code(code, mapping) -> str | None:
    """Our indicator code for a source code; None when the mapping lists codes and leaves this one out."""
    codes = mapping.get("indicators")
    if codes:
        return codes.get(str(code))
    return str(code) if code is not None else None


# --- JSON-stat 2 ----------------------------------------------------------------------------------
def _categories(dim_id, dimension) -> tuple[list[str], dict]:
    """Ordered category codes of one dimension and its category object."""
    if not isinstance(dimension, dict) or not isinstance(dimension.get("category"), dict):
        raise FeedError(_("Chiều “%(dim)s” thiếu mục “category”.") % {"dim": dim_id})
    category = dimension["category"]
    index = category.get("index")
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        codes = [code for code, _pos in sorted(index.items(), key=lambda item: item[1])]
        if sorted(index.values()) != list(range(len(codes))):
            raise FeedError(_("Chiều “%(dim)s” có chỉ mục không liên tục.") % {"dim": dim_id})
    elif index is None and isinstance(category.get("label"), dict) and len(category["label"]) == 1:
        codes = list(category["label"])  # one category: JSON-stat lets "index" be left out
    else:
        raise FeedError(_("Chiều “%(dim)s” thiếu chỉ mục các giá trị.") % {"dim": dim_id})
    return codes, category


def parse_jsonstat(payload: bytes, mapping: dict | None = None) -> Parsed:
    mapping = mapping or {}
    data = _load_json(payload)
    if not isinstance(data, dict) or data.get("class") != "dataset":
        raise FeedError(_("Không phải bộ dữ liệu JSON-stat 2.0 (cần \"class\": \"dataset\")."))
    ids, sizes, dimensions = data.get("id"), data.get("size"), data.get("dimension")
    if not (isinstance(ids, list) and isinstance(sizes, list) and isinstance(dimensions, dict)
            and len(ids) == len(sizes) and ids):
        raise FeedError(_("Bộ dữ liệu JSON-stat thiếu hoặc sai “id”, “size”, “dimension”."))
    role = data.get("role") or {}
    dims = {}
    for dim_id, size in zip(ids, sizes, strict=True):
        if dim_id not in dimensions:
            raise FeedError(_("Chiều “%(dim)s” có trong “id” nhưng không được mô tả.") % {"dim": dim_id})
        codes, category = _categories(dim_id, dimensions[dim_id])
        if len(codes) != size:
            raise FeedError(_("Chiều “%(dim)s” có %(n)d giá trị nhưng “size” ghi %(size)s.") % {
                "dim": dim_id, "n": len(codes), "size": size})
        dims[dim_id] = (codes, category)

    def pick(key, role_name, required=True):
        name = mapping.get(key) or ((role.get(role_name) or [None])[0] if role_name else None)
        if name is None:
            if required:
                raise FeedError(_("Ánh xạ chưa chỉ ra chiều “%(key)s”.") % {"key": key})
            return None
        if name not in dims:
            raise FeedError(_("Không có chiều “%(dim)s” trong dữ liệu (các chiều có: %(dims)s).") % {
                "dim": name, "dims": ", ".join(ids)})
        return name

    indicator_dim = pick("indicator_dimension", "metric")
    period_dim = pick("period_dimension", "time")
    measure_dim = pick("measure_dimension", None, required=False)
    measures = mapping.get("measures") or {}
    filters = mapping.get("filters") or {}
    for dim_id, wanted in filters.items():
        if dim_id not in dims:
            raise FeedError(_("Không có chiều “%(dim)s” trong dữ liệu (các chiều có: %(dims)s).") % {
                "dim": dim_id, "dims": ", ".join(ids)})
        if wanted not in dims[dim_id][0]:
            raise FeedError(_("Chiều “%(dim)s” không có giá trị “%(code)s”.") % {"dim": dim_id, "code": wanted})
    for dim_id in ids:
        mapped = dim_id in (indicator_dim, period_dim, measure_dim) or dim_id in filters
        if not mapped and len(dims[dim_id][0]) > 1:
            raise FeedError(_("Chiều “%(dim)s” có nhiều giá trị: hãy chọn một giá trị trong “filters”.") % {
                "dim": dim_id})
    if measure_dim and not measures:
        raise FeedError(_("Ánh xạ có “measure_dimension” nhưng thiếu “measures”."))

    total = 1
    for size in sizes:
        total *= size
    values, statuses = data.get("value"), data.get("status")
    if isinstance(values, list):
        if len(values) != total:
            raise FeedError(_("Bộ dữ liệu cần %(total)d giá trị nhưng có %(n)d: dữ liệu bị thiếu.") % {
                "total": total, "n": len(values)})

        def value_at(i):
            return values[i]
    elif isinstance(values, dict):
        def value_at(i):
            return values.get(str(i))
    else:
        raise FeedError(_("Bộ dữ liệu JSON-stat thiếu mục “value”."))

    def status_at(i):
        if isinstance(statuses, str):
            return statuses
        if isinstance(statuses, list):
            return statuses[i] if i < len(statuses) else None
        if isinstance(statuses, dict):
            return statuses.get(str(i))
        return None

    estimate_statuses = set(mapping.get("estimate_statuses") or ["e"])
    units = {code: (unit or {}).get("label") if isinstance(unit, dict) else None
             for code, unit in (dims[indicator_dim][1].get("unit") or {}).items()}
    strides = []
    stride = 1
    for size in reversed(sizes):
        strides.insert(0, stride)
        stride *= size

    rows: dict[tuple, RawRow] = {}
    skipped = 0
    for positions in product(*(range(size) for size in sizes)):
        cell = dict(zip(ids, (dims[d][0][p] for d, p in zip(ids, positions, strict=True)), strict=True))
        if any(cell[d] != wanted for d, wanted in filters.items()):
            continue
        measure = "value"
        if measure_dim:
            measure = measures.get(cell[measure_dim])
            if measure is None:
                continue
        index = sum(p * s for p, s in zip(positions, strides, strict=True))
        value = value_at(index)
        source_code = cell[indicator_dim]
        code = _map_code(source_code, mapping)
        if code is None:
            skipped += 1
            continue
        key = (source_code, cell[period_dim])
        row = rows.get(key)
        if row is None:
            row = rows[key] = RawRow(ref=_("Ô %(ind)s × %(period)s") % {"ind": source_code, "period": cell[period_dim]},
                                     indicator=code, period=cell[period_dim], unit=units.get(source_code),
                                     estimate=False)
        if value is None:
            continue
        setattr(row, measure, value)
        if status_at(index) in estimate_statuses:
            row.estimate = True
    result = []
    for row in rows.values():
        if row.value is None:
            skipped += 1  # no figure for this period (PX-Web answers null, "..")
        else:
            result.append(row)
    label = data.get("source") or data.get("label") or ""
    return Parsed(result, skipped, str(label)[:255])


# --- CSV / XLSX --------------------------------------------------------------------------------
def _header_map(headers, mapping) -> dict[int, str]:
    """{position: field} of a table's headings; unknown or duplicate headings refuse the file."""
    renames = {fold(k): v for k, v in (mapping.get("columns") or {}).items()}

    def column_for(header):
        key = fold(str(header or "")).replace("_", " ")
        name = renames.get(fold(str(header or "")))
        if name is None:
            name = next((n for n, aliases in (*COLUMN_ALIASES.items(), *TEXT_COLUMNS.items())
                         if key in {a.replace("_", " ") for a in aliases}), None)
        return name

    problems = column_problems([h for h in headers if h not in (None, "")], column_for)
    if problems:
        raise FeedError(" ".join(str(p) for p in problems))
    found = {}
    for position, header in enumerate(headers):
        if header in (None, ""):
            continue
        if classified.is_marking_header(header):
            found[position] = f"{SECRECY}:{header}"
        else:
            found[position] = column_for(header)
    missing = [n for n in ("indicator", "period", "value") if n not in found.values()]
    if missing:
        raise FeedError(_("Thiếu cột bắt buộc: %(cols)s (dòng tiêu đề có: %(headers)s).") % {
            "cols": ", ".join({"indicator": _("mã chỉ tiêu"), "period": _("kỳ"), "value": _("giá trị")}[m]
                              for m in missing),
            "headers": ", ".join(str(h) for h in headers if h not in (None, ""))[:200]})
    return found


def _table_rows(table, mapping, first_line=1) -> Parsed:
    iterator = iter(table)
    try:
        headers = next(iterator)
    except StopIteration:
        raise FeedError(_("Tệp rỗng.")) from None
    columns = _header_map(headers, mapping)
    rows, skipped = [], 0
    for line, cells in enumerate(iterator, start=first_line + 1):
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue
        row = RawRow(ref=_("Dòng %(n)d") % {"n": line})
        for position, name in columns.items():
            cell = cells[position] if position < len(cells) else None
            if isinstance(cell, str):
                cell = cell.strip()
                if cell == "":
                    cell = None
            if name in TEXT_COLUMNS or name.startswith(SECRECY):
                row.extra.setdefault("cells", {})[name.split(":", 1)[-1]] = cell
            else:
                setattr(row, name, cell)
        code = _map_code(row.indicator, mapping) if row.indicator not in (None, "") else row.indicator
        if row.indicator not in (None, "") and code is None:
            skipped += 1
            continue
        row.indicator = code
        rows.append(row)
    return Parsed(rows, skipped)


def parse_csv(payload: bytes, mapping: dict | None = None) -> Parsed:
    mapping = mapping or {}
    try:
        text = decode_text(payload)  # UTF-8 with or without BOM, or Windows-1258
    except CellError as error:
        raise FeedError(str(error)) from None
    delimiter = mapping.get("delimiter")
    if not delimiter:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise FeedError(_("Tệp CSV hỏng: %(error)s") % {"error": error}) from None
    return _table_rows(table, mapping)


def parse_xlsx(payload: bytes, mapping: dict | None = None) -> Parsed:
    try:
        table = xlsx_rows(payload)
    except ValidationError as error:
        raise FeedError(" ".join(error.messages)) from None
    return _table_rows(table, mapping or {})


# --- JSON (our shape) --------------------------------------------------------------------------
def parse_json(payload: bytes, mapping: dict | None = None) -> Parsed:
    mapping = mapping or {}
    data = _load_json(payload)
    items = data.get("observations") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FeedError(_("Thiếu danh sách “observations” trong dữ liệu JSON."))
    rows, skipped = [], 0
    for number, item in enumerate(items, start=1):
        ref = _("Mục %(n)d") % {"n": number}
        if not isinstance(item, dict):
            rows.append(RawRow(ref=ref, extra={"error": _("không phải đối tượng JSON")}))
            continue
        unknown = [str(k) for k in item if k not in JSON_KEYS and not classified.is_marking_header(k)]
        if unknown:
            rows.append(RawRow(ref=ref, extra={"error": _("khóa không dùng được: %(keys)s.") % {
                "keys": ", ".join(f"“{k[:40]}”" for k in unknown[:10])}}))
            continue
        code = item.get("indicator")
        mapped = _map_code(code, mapping) if code not in (None, "") else code
        if code not in (None, "") and mapped is None:
            skipped += 1
            continue
        texts = {k: v for k, v in item.items() if k in ("note", "name") or classified.is_marking_header(k)}
        rows.append(RawRow(ref=ref, indicator=mapped, period=item.get("period"), value=item.get("value"),
                           cumulative=item.get("cumulative"), change_yoy=item.get("change_yoy"),
                           estimate=item.get("estimate"), unit=item.get("unit"), extra={"cells": texts}))
    source = str(data.get("source") or "")[:255]
    if classified.is_classified(source):
        raise FeedError(str(classified.MESSAGE))
    return Parsed(rows, skipped, source)


PARSERS = {"jsonstat": parse_jsonstat, "csv": parse_csv, "json": parse_json, "xlsx": parse_xlsx}


# --- values ------------------------------------------------------------------------------------
def to_decimal(value) -> Decimal | None:
    """A number from JSON, a spreadsheet cell or CSV text (the foundation's parser: "1.234,5", 1234.5);
    None when empty; ValueError when not a number."""
    return parse_number(value)


TRUE_WORDS = {"1", "x", "co", "true", "yes", "uoc", "uoc tinh", "e", "estimate", "u"}
FALSE_WORDS = {"0", "", "khong", "false", "no", "chinh thuc", "f", "final", "ct"}


def to_flag(value) -> bool:
    """An estimate flag: the foundation's yes/no, plus the words feeds use ("ước tính", "chính thức", e/f)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, float, Decimal)):
        return value != 0
    return parse_yes_no(value, False, yes=TRUE_WORDS, no=FALSE_WORDS)
