"""Bringing dispatches in from document-management systems: files, the push API, the pull sync.

Every door goes through the same two steps:

1. ``prepare(agency, rows)`` reads rows keyed by the column names of either the national exchange
   standard (Decree 30/2020, appendix VI: TypeName, CodeNumber, CodeNotation, IssuedDate, ...) or
   the Vietnamese register headings ("Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu", ...),
   refuses unknown and duplicate columns and classified rows first (``portal.importing.columns``,
   ``portal.classified``), parses dates (dd/mm/yyyy, ISO, Excel cells and
   serial numbers), matches each row with the register (on the external id, or on direction + year
   + number and symbol + issuing body when there is none) and returns either clean rows or
   row-numbered Vietnamese errors. Nothing is written.
2. ``DispatchResource`` (django-import-export) writes the clean rows, in one transaction, with
   preview in the admin; ``apply_rows`` is the same for the API and the sync.

Classified rows are reported by their row label only: their content is never echoed or kept.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from agencies.importing import TenantResource
from portal import classified, doctypes
from portal.importing import cells, files
from portal.importing.cells import CellError, parse_date, parse_int
from portal.importing.cells import key as _key
from portal.importing.cells import text as _text
from portal.importing.columns import column_problems
from portal.importing.report import ImportReport

from . import counts
from .models import Direction, Dispatch, DispatchSettings, Urgency

MAX_ROWS = files.MAX_ROWS


# Canonical column → the headings that mean it (appendix VI names first, then register headings).
COLUMNS = {
    "external_id": ["ExternalId", "DocumentId", "DocId", "Id", "Mã văn bản", "Mã định danh", "Mã hồ sơ"],
    "direction": ["Direction", "Sổ", "Loại sổ", "Đi/Đến", "Chiều", "Sổ văn bản"],
    "doc_type": ["TypeName", "Tên loại", "Loại văn bản", "Loại"],
    "type_and_summary": ["Tên loại và trích yếu", "Tên loại và trích yếu nội dung",
                         "Tên loại và trích yếu nội dung văn bản"],
    "code_number": ["CodeNumber", "Số", "Số văn bản"],
    "code_notation": ["CodeNotation", "Ký hiệu", "Ký hiệu văn bản"],
    "number_symbol": ["Số, ký hiệu", "Số và ký hiệu", "Số ký hiệu", "Số/ký hiệu", "Số hiệu",
                      "Số, ký hiệu văn bản", "Số và ký hiệu văn bản"],
    "issued_date": ["IssuedDate", "PromulgationDate", "Ngày tháng", "Ngày ban hành", "Ngày tháng văn bản",
                    "Ngày văn bản", "Ngày ký"],
    "organ_name": ["OrganName", "Tác giả", "Cơ quan ban hành", "Nơi gửi", "Cơ quan gửi", "Nơi ban hành"],
    "summary": ["Subject", "Trích yếu", "Trích yếu nội dung"],
    "signer_position": ["Position", "Chức vụ", "Chức vụ người ký"],
    "signer_name": ["FullName", "Người ký"],
    "recipients": ["ToPlaces", "Nơi nhận"],
    "priority": ["Priority", "Độ khẩn", "Mức độ khẩn", "Độ khẩn, mật"],
    "secrecy": ["Secrecy", "SecurityLevel", "Độ mật", "Mức độ mật"],
    "arrival_date": ["ArrivalDate", "Ngày đến"],
    "arrival_number": ["ArrivalNumber", "Số đến"],
    "due_date": ["DueDate", "Hạn giải quyết", "Hạn xử lý"],
    "note": ["Description", "Ghi chú"],
    "handling_unit": ["HandlingUnit", "Đơn vị hoặc người nhận", "Đơn vị xử lý", "Đơn vị, người nhận",
                      "Đơn vị lưu", "Người nhận"],
    "publish_details": ["PublishDetails", "Công khai", "Công khai chi tiết"],
}


def _exact(header) -> str:
    """A heading with its diacritics kept ("Sổ" and "Số" differ), case and punctuation dropped."""
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFC", str(header or "")).lower()).strip()


# Headings are matched with their diacritics first, then folded (for headings typed without them);
# a folded heading shared by two columns ("Sổ"/"Số" → "so") goes to the one listed first below.
EXACT_HEADINGS = {_exact(name): column for column, names in COLUMNS.items() for name in names}
HEADINGS = {}
for _column in ("code_number", "number_symbol", *COLUMNS):
    for _name in COLUMNS[_column]:
        HEADINGS.setdefault(_key(_name), _column)


def column_for(heading):
    return EXACT_HEADINGS.get(_exact(heading)) or HEADINGS.get(_key(heading))
# The label of each canonical column in error messages when the row does not say which heading it used.
COLUMN_LABELS = {column: names[0] for column, names in COLUMNS.items()}



# --- reading files -----------------------------------------------------------------------

def read_csv(data: bytes) -> tablib.Dataset:
    """A register in CSV (UTF-8 or Windows-1258), its header row found below any title rows."""
    return files.rows_to_dataset(files.csv_rows(data), column_for)


def read_xlsx(data: bytes) -> tablib.Dataset:
    return files.rows_to_dataset(files.xlsx_rows(data), column_for)


def read_file(data: bytes, name: str) -> tablib.Dataset:
    return files.read_file(data, name, column_for)


CSVFormat = files.CSVFormat.bind(column_for)
XLSXFormat = files.XLSXFormat.bind(column_for)


def dataset_rows(dataset: tablib.Dataset, label=None):
    """``[(label, {heading: value})]`` for the non-blank rows, numbered as in the spreadsheet."""
    numbers = getattr(dataset, "row_numbers", None) or [i + 2 for i in range(len(dataset))]
    label = label or (lambda i: _("Dòng %(row)d") % {"row": numbers[i]})
    return [(label(i), dict(zip(dataset.headers, row, strict=False))) for i, row in enumerate(dataset)
            if any(_text(cell) for cell in row)]


# --- parsing values ------------------------------------------------------------------------

def parse_direction(value):
    key = _key(value)
    if not key:
        return None
    if key in {"di", "van ban di", "so di", "out", "outgoing", "o"}:
        return Direction.OUTGOING
    if key in {"den", "van ban den", "so den", "in", "incoming", "i"}:
        return Direction.INCOMING
    raise CellError(_("sổ “%(value)s” không hợp lệ (đi hoặc đến)") % {"value": _text(value)})


def parse_type(value):
    """A document type from its name or abbreviation; None if empty."""
    text = _text(value)
    if not text:
        return None
    found = doctypes.parse(text)
    if found is not None:
        return found
    raise CellError(_("loại văn bản “%(value)s” không có trong danh mục") % {"value": text})


def split_type_and_summary(text):
    """"Quyết định về việc ..." → ("quyet-dinh", "về việc ..."); no known type in front → (None, text)."""
    return doctypes.split_name(text)


def type_from_notation(notation):
    """The type abbreviation at the head of a symbol ("QĐ-UBND" → "quyet-dinh"); Công văn when none."""
    return doctypes.from_notation(notation)


def split_number_symbol(text):
    text = re.sub(r"^\s*(số|so)\s*:?\s*", "", _text(text), flags=re.IGNORECASE)
    number, _sep, notation = text.partition("/")
    return number.strip(), re.sub(r"\s+", "", notation)


URGENCY_CODES = {"0": Urgency.NORMAL, "1": Urgency.URGENT, "2": Urgency.VERY_URGENT, "3": Urgency.FLASH,
                 "4": Urgency.FLASH}


def parse_urgency(value):
    key = _key(value)
    if not key or key in {"thuong", "binh thuong", "normal"}:
        return Urgency.NORMAL
    if key in URGENCY_CODES:
        return URGENCY_CODES[key]
    if "hoa toc" in key or key == "flash":
        return Urgency.FLASH
    if "thuong khan" in key:
        return Urgency.VERY_URGENT
    if "khan" in key or key == "urgent":
        return Urgency.URGENT
    raise CellError(_("độ khẩn “%(value)s” không hợp lệ (Thường, Khẩn, Thượng khẩn, Hỏa tốc)") % {
        "value": _text(value)})


def parse_bool(value, default):
    return cells.parse_yes_no(value, default)


# --- one row -----------------------------------------------------------------------------

def canonical(raw: dict) -> tuple[dict, dict]:
    """Map a row's headings to canonical columns: ``(values, headings used)``.

    Unknown and duplicate headings never get here: ``column_problems`` refuses them first.
    """
    row, used = {}, {}
    for heading, value in raw.items():
        column = column_for(heading)
        if column:
            row[column] = value
            used[column] = str(heading)
    return row, used


def clean_row(raw: dict, *, direction=None, publish_default=False):
    """``(values, errors)`` for one row: model field values, or messages naming the columns.

    A classified row gives the one secrecy message and nothing else: no value is read or echoed.
    """
    try:
        classified.refuse_row(raw)
    except ValidationError as error:
        return None, [str(error.messages[0])]
    row, used = canonical(raw)

    values, errors, failed = {}, [], set()

    def cell(column, parser, *args):
        try:
            return parser(row.get(column), *args)
        except CellError as error:
            failed.add(column)
            errors.append(_("cột “%(column)s”: %(message)s") % {"column": used.get(column, COLUMN_LABELS[column]),
                                                              "message": error})
            return None

    values["external_id"] = _text(row.get("external_id"))[:100]
    number, notation = _text(row.get("code_number")), _text(row.get("code_notation"))
    if _text(row.get("number_symbol")) and not number:
        number, notation = split_number_symbol(row["number_symbol"])
    number = number.removeprefix("Số").removeprefix("số").strip(" :")
    values["code_number"], values["code_notation"] = number, re.sub(r"\s+", "", notation)

    summary = _text(row.get("summary"))
    doc_type = cell("doc_type", parse_type)
    if _text(row.get("type_and_summary")):
        found, rest = split_type_and_summary(_text(row["type_and_summary"]))
        doc_type = doc_type or found
        summary = summary or rest
    values["doc_type"] = doc_type or type_from_notation(values["code_notation"])
    values["summary"] = summary

    values["issued_date"] = cell("issued_date", parse_date)
    values["arrival_date"] = cell("arrival_date", parse_date)
    values["due_date"] = cell("due_date", parse_date)
    values["arrival_number"] = cell("arrival_number", parse_int)
    values["urgency"] = cell("priority", parse_urgency) or Urgency.NORMAL
    values["publish_details"] = cell("publish_details", parse_bool, publish_default)
    for column in ("organ_name", "signer_name", "signer_position", "recipients", "handling_unit", "note"):
        values[column] = _text(row.get(column))

    given = cell("direction", parse_direction)
    if given is None and direction in (Direction.INCOMING, Direction.OUTGOING):
        given = direction
    if given is None:
        arrived = values["arrival_date"] or values["arrival_number"]
        given = Direction.INCOMING if arrived else Direction.OUTGOING
    values["direction"] = given
    if given == Direction.OUTGOING:
        values["organ_name"] = ""  # the agency itself; keeps the number unique per year

    if not values["code_number"]:
        errors.append(_("thiếu số văn bản (cột “%(a)s” hoặc “%(b)s”)") % {"a": "CodeNumber", "b": "Số, ký hiệu"})
    if not values["issued_date"] and "issued_date" not in failed:
        errors.append(_("thiếu ngày ban hành (cột “%(a)s” hoặc “%(b)s”)") % {"a": "IssuedDate", "b": "Ngày tháng"})
    if not values["summary"]:
        errors.append(_("thiếu trích yếu (cột “%(a)s” hoặc “%(b)s”)") % {"a": "Subject", "b": "Trích yếu"})
    return values, errors


# --- a batch ------------------------------------------------------------------------------

RESOURCE_FIELDS = ["direction", "doc_type", "code_number", "code_notation", "issued_date", "organ_name",
                   "summary", "signer_name", "signer_position", "recipients", "arrival_date", "arrival_number",
                   "urgency", "handling_unit", "due_date", "note", "external_id", "publish_details"]


@dataclass(frozen=True)
class RowError:
    label: str  # "Dòng 5", "Mục 3": never the content of the row
    message: str

    def __str__(self):
        return f"{self.label}: {self.message}" if self.label else self.message


@dataclass
class Prepared:
    rows: list = field(default_factory=list)  # [(label, values with "id")]
    errors: list = field(default_factory=list)  # [RowError]

    def dataset(self) -> tablib.Dataset:
        dataset = tablib.Dataset(headers=["id", *RESOURCE_FIELDS])
        for _label, values in self.rows:
            dataset.append([values.get("id"), *(values[name] for name in RESOURCE_FIELDS)])
        return dataset


def natural_key(values) -> tuple:
    return (values["direction"], values["issued_date"].year, values["code_number"], values["code_notation"],
            values["organ_name"])


def prepare(agency, raw_rows, *, direction=None, publish_default=None, headers=None) -> Prepared:
    """Validate a batch and match it with the register; errors name rows, never classified content.

    ``headers``: a file's column headings, checked once; without them (the API, a JSON feed) the keys
    of each row are checked. Unknown or duplicate headings refuse the batch.
    """
    if publish_default is None:
        publish_default = DispatchSettings.for_agency(agency).publish_details_default
    prepared = Prepared()
    if headers is None and len({tuple(raw) for _label, raw in raw_rows}) == 1:
        headers = list(raw_rows[0][1])  # a table: every row has the same keys, say it once
    if headers is not None:
        prepared.errors += [RowError("", message) for message in column_problems(headers, column_for)]
    else:
        for label, raw in raw_rows:
            prepared.errors += [RowError(label, message) for message in column_problems(list(raw), column_for)]
    if prepared.errors:
        return prepared
    if not raw_rows:
        prepared.errors.append(RowError("", _("Không có dòng dữ liệu nào.")))
        return prepared
    if len(raw_rows) > MAX_ROWS:
        prepared.errors.append(RowError("", _("Quá %(max)d dòng trong một lần; hãy chia nhỏ.") % {"max": MAX_ROWS}))
        return prepared
    cleaned = []
    for label, raw in raw_rows:
        values, errors = clean_row(raw, direction=direction, publish_default=publish_default)
        prepared.errors += [RowError(label, message) for message in errors]
        if not errors:
            cleaned.append((label, values))
    if prepared.errors:
        return prepared

    # Match with the register: two queries for the whole batch.
    external_ids = {v["external_id"] for _l, v in cleaned if v["external_id"]}
    years = {v["issued_date"].year for _l, v in cleaned}
    numbers = {v["code_number"] for _l, v in cleaned}
    by_external = dict(Dispatch.objects.for_agency(agency).filter(external_id__in=external_ids)
                       .values_list("external_id", "pk"))
    existing = {}
    for row in (Dispatch.objects.for_agency(agency).filter(year__in=years, code_number__in=numbers)
                .values("pk", "direction", "year", "code_number", "code_notation", "organ_name", "external_id")):
        key = (row["direction"], row["year"], row["code_number"], row["code_notation"], row["organ_name"])
        existing[key] = (row["pk"], row["external_id"])

    seen_external, seen_keys = {}, {}
    for label, values in cleaned:
        key = natural_key(values)
        external = values["external_id"]
        if external and external in seen_external:
            prepared.errors.append(RowError(label, _("trùng mã văn bản với %(other)s.") % {
                "other": seen_external[external]}))
            continue
        if key in seen_keys:
            prepared.errors.append(RowError(label, _("trùng số, ký hiệu và năm với %(other)s.") % {
                "other": seen_keys[key]}))
            continue
        seen_keys[key] = label
        if external:
            seen_external[external] = label
        same_number = existing.get(key)
        pk = by_external.get(external) if external else None
        if pk is None and same_number is not None:
            if external and same_number[1] and same_number[1] != external:
                prepared.errors.append(RowError(label, _(
                    "số, ký hiệu %(number)s năm %(year)d đã có trong sổ với mã văn bản khác.") % {
                    "number": _number(values), "year": key[1]}))
                continue
            pk = same_number[0]
        elif pk is not None and same_number is not None and same_number[0] != pk:
            prepared.errors.append(RowError(label, _(
                "số, ký hiệu %(number)s năm %(year)d đã thuộc một văn bản khác trong sổ.") % {
                "number": _number(values), "year": key[1]}))
            continue
        values["id"] = pk
        instance = Dispatch(agency=agency, **{k: v for k, v in values.items() if k != "id"})
        try:
            instance.full_clean(exclude=["agency", "file"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = Dispatch._meta.get_field(name).verbose_name if name != "__all__" else ""
                for message in messages:
                    prepared.errors.append(RowError(label, f"{column} — {message}" if column else message))
            continue
        prepared.rows.append((label, values))
    return prepared


def _number(values):
    return f"{values['code_number']}/{values['code_notation']}" if values["code_notation"] else values["code_number"]


class ImportRefused(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


class DispatchResource(TenantResource):
    """Writes prepared rows: one path for the admin import, the API and the sync."""

    # The headings a file uses (appendix VI names, then register headings); each has its aliases.
    import_columns = [names[0] for names in COLUMNS.values()] + [
        next(name for name in names if not name.isascii()) for names in COLUMNS.values()
        if any(not name.isascii() for name in names)]

    def __init__(self, agency=None, direction=None, user=None, **kwargs):
        super().__init__(agency=agency, user=user, **kwargs)
        self.direction = direction

    class Meta:
        model = Dispatch
        fields = ("id", *RESOURCE_FIELDS)
        import_id_fields = ("id",)
        skip_html_diff = False

    def before_import(self, dataset, **kwargs):
        if self.agency is None:
            raise ImportRefused([_("Chưa chọn cơ quan.")])
        if not ("id" in dataset.headers and getattr(dataset, "prepared", False)):
            prepared = prepare(self.agency, dataset_rows(dataset), direction=self.direction,
                               headers=list(dataset.headers or []))
            if prepared.errors:
                raise ImportRefused([str(e) for e in prepared.errors])
            clean = prepared.dataset()
            dataset.wipe()
            dataset.headers = clean.headers
            for row in clean:
                dataset.append(row)
            dataset.prepared = True
        super().before_import(dataset, **kwargs)  # permission and the (prepared) columns

    def get_diff_headers(self):
        """The preview's columns in the register's words, not field names."""
        names = {field.name: str(field.verbose_name) for field in Dispatch._meta.fields}
        return [names.get(field.column_name, field.column_name) for field in self.get_import_fields()]

    def get_instance(self, instance_loader, row):
        if not row.get("id"):
            return None
        return Dispatch.objects.for_agency(self.agency).get(pk=row["id"])

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "id":
            return  # the id only finds the row; it is never written
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        user = self.user if getattr(self.user, "pk", None) else None
        instance.agency = self.agency
        if instance.pk is None:
            instance.created_by = user
        instance.updated_by = user
        if user is not None:
            instance.publish_details = publish_details_for(user, instance)


def publish_details_for(user, dispatch) -> bool:
    """Whether ``dispatch`` shows its details publicly, as ``user`` may decide it.

    Making details public is the leadership's decision (capability "publish"). Anyone else keeps the
    stored choice of an existing entry, and a new entry takes the agency's standing choice
    (DispatchSettings.publish_details_default).
    """
    from agencies import access

    if access.can(user, "publish", dispatch.agency_id):
        return dispatch.publish_details
    if dispatch.pk:
        stored = Dispatch.objects.filter(pk=dispatch.pk).values_list("publish_details", flat=True).first()
        if stored is not None:
            return stored
    return DispatchSettings.for_agency(dispatch.agency).publish_details_default


ATTEMPTS = 3


def _conflict(error) -> bool:
    """A unique key taken by a concurrent writer, or a deadlock or serialization failure."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, IntegrityError) or getattr(error, "sqlstate", None) in ("40001", "40P01"):
            return True
        carried = next((arg for arg in getattr(error, "args", ()) if isinstance(arg, BaseException)), None)
        error = error.__cause__ or error.__context__ or carried
    return False


REGISTER_LOCK = 0x56424444  # "VBDD": the first key of the per-agency advisory lock


def lock_register(agency) -> None:
    """Until the end of the transaction, be the only batch writing ``agency``'s register.

    Batches of one agency already wait for each other on its monthly counters; taking this lock
    first makes them wait before matching rows instead of colliding on the unique keys. PostgreSQL
    only (SQLite runs one write transaction at a time anyway).
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [REGISTER_LOCK, agency.pk])


def apply_rows(agency, raw_rows, *, user=None, direction=None) -> ImportReport:
    """Validate and write a batch, all or nothing (the API and the sync).

    Idempotent under concurrency: batches of one agency match and write under one lock
    (``lock_register``), so the second of two identical pushes finds the rows of the first and
    leaves them unchanged. A collision with another writer (an officer saving the same number in the
    admin: a unique key taken, a deadlock) rolls the batch back to its savepoint and matches it
    again; after ``ATTEMPTS`` such collisions the report says ``conflict`` (the push API answers 409).
    """
    for attempt in range(ATTEMPTS):
        try:
            with counts.batch():
                lock_register(agency)
                prepared = prepare(agency, raw_rows, direction=direction)
                if prepared.errors:
                    return ImportReport(errors=prepared.errors)
                dataset = prepared.dataset()
                dataset.prepared = True
                resource = DispatchResource(agency=agency, direction=direction,
                                            user=user if getattr(user, "pk", None) else None)
                result = resource.import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True,
                                              rollback_on_validation_errors=True)
        except Exception as error:
            if not _conflict(error):
                raise
            if attempt == ATTEMPTS - 1:
                return ImportReport(errors=[RowError("", _(
                    "Một lần gửi khác đang ghi cùng văn bản; không lưu gì của lô này, hãy gửi lại."))],
                    conflict=True)
            continue
        return ImportReport.from_totals(result.totals)
