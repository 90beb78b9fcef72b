"""Imports of procedures and legal documents, written once and used by the admin and the command.

Two django-import-export Resources (``ProcedureResource``, ``LegalDocumentResource``) hold the
columns, the validation and the writes; three file shapes feed them: CSV and XLSX with the
Vietnamese column headers below, and the JSON of the national procedures database
(``NationalJSON``: MATTHC, TENTTHC, LINHVUCTHUCHIEN, CAPTHUCHIEN, TRINHTUTHUCHIEN,
CACHTHUCTHUCHIEN with KENH / THOIGIAN / PHILEPHI, THANHPHANHOSO, DOITUONGTHUCHIEN,
COQUANTHUCHIEN, KETQUATHUCHIEN, YEUCAU, CANCUPHAPLY, …), which is flattened into the same columns.

Rules, whoever calls: every import runs in one transaction and is all or nothing (a file with one
bad row changes nothing); a dry run is the preview; errors are Vietnamese and name the row and the
column; procedures are matched on their national code and legal documents on issuer + number +
year, and a row equal to what is stored is skipped, so importing the same file twice changes
nothing and an edited file updates only what changed. New rows start as drafts; rows that are
pending or published may only be changed by someone who may publish. Classified documents are
refused, and reported by row number only.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import escape
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from agencies import access
from portal import doctypes
from portal.publishing import EDITABLE_BY_EDITORS
from portal.sanitize import sanitize_html
from portal.text import fold

from .models import (
    Applicant,
    Channel,
    ChannelKind,
    LegalBasis,
    LegalDocument,
    Level,
    Procedure,
    Sector,
    Validity,
)

# --- column headers (file format identifiers: never translated) ------------------------------
CODE, NAME = "Mã thủ tục", "Tên thủ tục"
SECTOR_CODE, SECTOR = "Mã lĩnh vực", "Lĩnh vực"
LEVEL, STEPS, DOSSIER, COPIES = "Cấp thực hiện", "Trình tự thực hiện", "Thành phần hồ sơ", "Số lượng hồ sơ"
APPLICANTS, BODY, RESULT = "Đối tượng thực hiện", "Cơ quan thực hiện", "Kết quả thực hiện"
CONDITIONS, LEGAL_BASIS = "Yêu cầu, điều kiện", "Căn cứ pháp lý"
ONLINE_URL, EFFECTIVE_ON = "Địa chỉ dịch vụ công trực tuyến", "Ngày có hiệu lực"
ABOLISHED_ON, ABOLITION = "Ngày bãi bỏ", "Quyết định bãi bỏ"
CHANNEL_LABELS = {ChannelKind.DIRECT: "Trực tiếp", ChannelKind.ONLINE: "Trực tuyến", ChannelKind.POSTAL: "Bưu chính"}
CHANNEL_PARTS = {"time_limit": "Thời hạn", "working_days": "Số ngày làm việc", "fee": "Phí, lệ phí",
                 "description": "Mô tả"}


def channel_column(kind, part):
    return f"{CHANNEL_LABELS[kind]} - {CHANNEL_PARTS[part]}"


CHANNEL_COLUMNS = [channel_column(kind, part) for kind in CHANNEL_LABELS for part in CHANNEL_PARTS]
PROCEDURE_COLUMNS = [CODE, NAME, SECTOR_CODE, SECTOR, LEVEL, STEPS, *CHANNEL_COLUMNS, DOSSIER, COPIES, APPLICANTS,
                     BODY, RESULT, LEGAL_BASIS, CONDITIONS, ONLINE_URL, EFFECTIVE_ON, ABOLISHED_ON, ABOLITION]

DOC_TYPE, DOC_NUMBER, DOC_ISSUER, DOC_SIGNER = "Loại văn bản", "Số, ký hiệu", "Cơ quan ban hành", "Người ký"
DOC_ISSUED, DOC_EFFECTIVE, DOC_VALIDITY = "Ngày ban hành", "Ngày có hiệu lực", "Tình trạng hiệu lực"
DOC_LAPSED, DOC_SUMMARY, DOC_SECRECY = "Ngày hết hiệu lực", "Trích yếu", "Độ mật"
DOCUMENT_COLUMNS = [DOC_TYPE, DOC_NUMBER, DOC_ISSUER, DOC_SIGNER, DOC_ISSUED, DOC_EFFECTIVE, DOC_VALIDITY,
                    DOC_LAPSED, DOC_SUMMARY, SECTOR_CODE, SECTOR]
# The field names of the national data standard for exchanging documents (Decree 30/2020, app. VI).
DOCUMENT_ALIASES = {"typename": DOC_TYPE, "issueddate": DOC_ISSUED, "organname": DOC_ISSUER,
                    "subject": DOC_SUMMARY, "fullname": DOC_SIGNER, "priority": DOC_SECRECY}
SECRET_LEVELS = {"mat", "toi mat", "tuyet mat"}


# --- widgets: one per kind of cell, each with a Vietnamese message ------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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


def parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text[:19] if "T" in text else text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” không phải là ngày hợp lệ (ghi theo dạng dd/mm/yyyy).")


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


# --- the shared machinery of both resources ------------------------------------------------------
class AgencyResource(resources.ModelResource):
    """A resource bound to one agency (forced by the caller) and one user."""

    row_word = "Dòng"
    line_offset = 1  # the header line of a spreadsheet

    def __init__(self, agency=None, user=None, row_word=None, line_offset=None, **kwargs):
        super().__init__(**kwargs)
        self.agency, self.user = agency, user
        if row_word is not None:
            self.row_word = row_word
        if line_offset is not None:
            self.line_offset = line_offset
        self._sectors = None
        self._seen = {}

    # sectors, loaded once per import
    def _sector_maps(self):
        if self._sectors is None:
            sectors = list(Sector.objects.filter(agency=self.agency)) if self.agency else []
            self._sectors = ({fold(s.code): s for s in sectors}, {fold(s.name): s for s in sectors})
        return self._sectors

    def find_sector(self, code, name):
        by_code, by_name = self._sector_maps()
        return by_code.get(fold(code)) if code else by_name.get(fold(name))

    def create_sector(self, code, name):
        sector = Sector(agency=self.agency, code=code[:30], name=name[:255])
        sector.full_clean()
        sector.save()
        by_code, by_name = self._sector_maps()
        by_code[fold(code)], by_name[fold(name)] = sector, sector
        return sector

    def may_publish(self) -> bool:
        return self.user is None or access.can(self.user, "publish", self.agency.pk)

    def get_queryset(self):
        return self._meta.model.objects.filter(agency=self.agency)

    def init_instance(self, row=None):
        return self._meta.model(agency=self.agency)

    def before_import(self, dataset, **kwargs):
        problem = None
        if self.agency is None:
            problem = "Chưa chọn cơ quan nhận dữ liệu."
        elif self.user is not None and not access.can(self.user, "edit", self.agency.pk):
            problem = "Bạn không có quyền nhập dữ liệu cho cơ quan này."
        else:
            missing = [c for c in self.required_columns if c not in (dataset.headers or [])]
            if missing:
                problem = ("Tệp thiếu cột: " + ", ".join(f"“{c}”" for c in missing)
                           + ". Hãy dùng đúng tiêu đề cột như tệp xuất từ cổng.")
        if problem:
            dataset.wipe()  # nothing of the file is read any further
            raise ValueError(problem)

    def identity(self, instance) -> str:
        return f"“{instance}”"

    def row_label(self, number) -> str:
        return f"{self.row_word} {number + self.line_offset}"

    def check_duplicate(self, key, row_number, column, what):
        if key in self._seen:
            raise ValidationError({column: f"{what} trùng với {self.row_label(self._seen[key]).lower()}."})
        self._seen[key] = row_number

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk and instance.status not in EDITABLE_BY_EDITORS and not self.may_publish():
            raise ValidationError(f"{self.identity(instance)} đang ở trạng thái “{instance.get_status_display()}”: "
                                  "chỉ lãnh đạo duyệt được sửa.")
        if instance.pk is None:
            instance.created_by = self.user
        instance.updated_by = self.user
        instance._history_user = self.user

    def after_import(self, dataset, result, **kwargs):
        result.messages = error_lines(result, self)

    def column_of(self, key) -> str:
        if key == NON_FIELD_ERRORS:
            return ""
        for name, resource_field in self.fields.items():
            if key in (name, resource_field.attribute):
                return resource_field.column_name
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name).capitalize()
        except Exception:
            return key


def error_lines(result, resource) -> list[str]:
    """Every problem of an import as one Vietnamese line naming the row and the column."""
    lines = []
    for error in result.base_errors:
        lines.append(f"Tệp: {_message(error.error)}")
    problems = []
    for row in result.invalid_rows:
        for key, messages in row.error_dict.items():
            column = resource.column_of(key)
            for message in messages:
                problems.append((row.number, f"{resource.row_label(row.number)}"
                                             f"{', cột “' + column + '”' if column else ''}: {message}"))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append((number, f"{resource.row_label(number)}: {_message(error.error)}"))
    lines.extend(text for _number, text in sorted(problems, key=lambda item: item[0]))
    return lines


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, (ValueError, KeyError)) and error.args:
        return str(error.args[0])
    return f"không lưu được ({type(error).__name__}: {error})."


# --- procedures ----------------------------------------------------------------------------------
PROCEDURE_ORDER = ("code", "name", "sector_code", "sector", "level", "steps", *CHANNEL_COLUMNS, "dossier",
                   "dossier_copies", "applicants", "body", "result", "legal_basis", "conditions", "online_url",
                   "effective_on", "abolished_on", "abolition_decision")


class ProcedureResource(AgencyResource):
    code = fields.Field(attribute="code", column_name=CODE, widget=TextWidget(required=True, max_length=30))
    name = fields.Field(attribute="name", column_name=NAME, widget=TextWidget(required=True, max_length=500))
    sector_code = fields.Field(column_name=SECTOR_CODE, readonly=True, dehydrate_method="dehydrate_sector_code")
    sector = fields.Field(attribute="sector", column_name=SECTOR)
    level = fields.Field(attribute="level", column_name=LEVEL, widget=LevelWidget())
    steps = fields.Field(attribute="steps", column_name=STEPS, widget=RichTextWidget())
    dossier = fields.Field(attribute="dossier", column_name=DOSSIER, widget=RichTextWidget())
    dossier_copies = fields.Field(attribute="dossier_copies", column_name=COPIES, widget=CopiesWidget())
    applicants = fields.Field(attribute="applicants", column_name=APPLICANTS, widget=ApplicantsWidget())
    body = fields.Field(attribute="body", column_name=BODY, widget=TextWidget(max_length=500))
    result = fields.Field(attribute="result", column_name=RESULT, widget=TextWidget())
    conditions = fields.Field(attribute="conditions", column_name=CONDITIONS, widget=RichTextWidget())
    legal_basis = fields.Field(column_name=LEGAL_BASIS, readonly=True, dehydrate_method="dehydrate_legal_basis")
    online_url = fields.Field(attribute="online_url", column_name=ONLINE_URL, widget=TextWidget(max_length=500))
    effective_on = fields.Field(attribute="effective_on", column_name=EFFECTIVE_ON, widget=DateWidget())
    abolished_on = fields.Field(attribute="abolished_on", column_name=ABOLISHED_ON, widget=DateWidget())
    abolition_decision = fields.Field(attribute="abolition_decision", column_name=ABOLITION,
                                      widget=TextWidget(max_length=255))

    required_columns = (CODE, NAME, SECTOR, LEVEL)

    class Meta:
        model = Procedure
        name = "Thủ tục hành chính"
        fields = ("code", "name", "sector_code", "sector", "level", "steps", "dossier", "dossier_copies",
                  "applicants", "body", "result", "conditions", "legal_basis", "online_url", "effective_on",
                  "abolished_on", "abolition_decision")
        import_id_fields = ("code",)
        import_order = export_order = PROCEDURE_ORDER
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One column per channel and part, read and written by this resource (not model attributes).
        for kind in CHANNEL_LABELS:
            for part in CHANNEL_PARTS:
                column = channel_column(kind, part)
                self.fields[column] = fields.Field(column_name=column, readonly=True,
                                                   dehydrate_method=self._channel_getter(kind, part))
        self.fields = {name: self.fields[name] for name in PROCEDURE_ORDER}
        self.fields["sector"].widget = SectorWidget(self)
        self._documents = None

    @classmethod
    def get_display_name(cls):
        return cls._meta.name

    # the channel table and the legal basis: parsed from the row, compared, then written
    def _channel_getter(self, kind, part):
        def getter(obj):
            channels = self._channels_of(obj, prefer_import=True)
            value = (channels.get(kind) or {}).get(part)
            if value is None:
                return ""
            if part == "working_days":
                return format(value.normalize(), "f").replace(".", ",")
            return value

        return getter

    def _channels_of(self, obj, prefer_import=False):
        if prefer_import and getattr(obj, "_import_channels", None) is not None:
            return obj._import_channels
        if obj is None or obj.pk is None:
            return {}
        cached = getattr(obj, "_stored_channels", None)
        if cached is None:
            cached = {c.kind: {"time_limit": c.time_limit, "working_days": c.working_days, "fee": c.fee,
                               "description": c.description} for c in Channel.objects.filter(procedure=obj)}
            obj._stored_channels = cached
        return cached

    def _legal_of(self, obj):
        if obj is None or obj.pk is None:
            return []
        cached = getattr(obj, "_stored_legal", None)
        if cached is None:
            cached = list(LegalBasis.objects.filter(procedure=obj).order_by("order", "pk")
                          .values_list("document_id", flat=True))
            obj._stored_legal = cached
        return cached

    def dehydrate_sector_code(self, obj):
        return obj.sector.code if obj.sector_id else ""

    def dehydrate_legal_basis(self, obj):
        ids = obj._import_legal if getattr(obj, "_import_legal", None) is not None else self._legal_of(obj)
        if self.agency is not None:
            documents = self._document_map()[1]
        else:  # an export across agencies from the admin
            documents = LegalDocument.objects.in_bulk(ids)
        lines = [documents[pk].title for pk in ids if pk in documents]
        return "\n".join(lines + [line for line in (obj.legal_basis_text or "").splitlines() if line.strip()])

    def _document_map(self):
        """({folded number: document id}, {id: document}) of the agency, read once."""
        if self._documents is None:
            documents = list(LegalDocument.objects.filter(agency=self.agency)) if self.agency else []
            self._documents = ({fold(d.number): d.pk for d in documents}, {d.pk: d for d in documents})
        return self._documents

    def parse_channels(self, row):
        if not any(column in row for column in CHANNEL_COLUMNS):
            return None  # the file does not carry the channel table: leave it as it is
        channels, errors = {}, {}
        for kind in CHANNEL_LABELS:
            values = {part: _text(row.get(channel_column(kind, part))) for part in CHANNEL_PARTS}
            if not any(values.values()):
                continue
            try:
                values["working_days"] = parse_days(values["working_days"])
            except ValueError as error:
                errors[channel_column(kind, "working_days")] = str(error)
            if not values["time_limit"]:
                errors[channel_column(kind, "time_limit")] = "Hãy ghi thời hạn giải quyết của hình thức nộp này."
            for part, limit in (("time_limit", 500), ("fee", 500)):
                if len(values[part]) > limit:
                    errors[channel_column(kind, part)] = f"Dài quá {limit} ký tự."
            channels[kind] = values
        if errors:
            raise ValidationError(errors)
        return channels

    def parse_legal_basis(self, row):
        """Lines citing a document of the agency (by its number) become links; the rest stay text."""
        if LEGAL_BASIS not in row:
            return None, None
        by_number = self._document_map()[0]
        ids, text = [], []
        for line in re.split(r"[\n;]+", _text(row.get(LEGAL_BASIS))):
            line = line.strip(" -+•")
            if not line:
                continue
            folded = fold(line)
            match = next((pk for number, pk in by_number.items() if number and number in folded), None)
            if match is not None and match not in ids:
                ids.append(match)
            elif match is None:
                text.append(line)
        return ids, "\n".join(text)

    def identity(self, instance) -> str:
        return f"Thủ tục mã {instance.code}"

    def before_import_row(self, row, **kwargs):
        code = _text(row.get(CODE))
        if not code:  # the national code is how rows are matched: nothing to do without it
            raise ValidationError({"code": "Không được để trống."})
        self.check_duplicate(fold(code), kwargs.get("row_number"), "code", f"Mã thủ tục “{code}”")

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance._import_channels = self.parse_channels(row)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        ids, text = self.parse_legal_basis(row)
        instance._import_legal = ids
        if text is not None:
            instance.legal_basis_text = text
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        if instance.legal_basis_text != original.legal_basis_text:
            return False
        if instance._import_channels is not None and instance._import_channels != self._channels_of(original):
            return False
        return instance._import_legal is None or instance._import_legal == self._legal_of(original)

    def after_save_instance(self, instance, row, **kwargs):
        if instance._import_channels is not None:
            wanted = instance._import_channels
            stored = {c.kind: c for c in Channel.objects.filter(procedure=instance)}
            for kind, channel in stored.items():
                if kind not in wanted:
                    channel.delete()
            for kind, values in wanted.items():
                channel = stored.get(kind) or Channel(agency=self.agency, procedure=instance, kind=kind)
                current = {part: getattr(channel, part) for part in CHANNEL_PARTS}
                if channel.pk is None or current != values:
                    for part, value in values.items():
                        setattr(channel, part, value)
                    channel._history_user = self.user
                    channel.full_clean()
                    channel.save()
        if instance._import_legal is not None:
            LegalBasis.objects.filter(procedure=instance).exclude(document_id__in=instance._import_legal).delete()
            present = set(LegalBasis.objects.filter(procedure=instance).values_list("document_id", flat=True))
            for order, document_id in enumerate(instance._import_legal):
                if document_id in present:
                    LegalBasis.objects.filter(procedure=instance, document_id=document_id).update(order=order)
                else:
                    LegalBasis.objects.create(agency=self.agency, procedure=instance, document_id=document_id,
                                              order=order)


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


class LegalDocumentResource(AgencyResource):
    doc_type = fields.Field(attribute="doc_type", column_name=DOC_TYPE, widget=DocumentTypeWidget())
    number = fields.Field(attribute="number", column_name=DOC_NUMBER, widget=TextWidget(required=True,
                                                                                          max_length=100))
    issuer = fields.Field(attribute="issuer", column_name=DOC_ISSUER, widget=TextWidget(required=True,
                                                                                          max_length=255))
    signer = fields.Field(attribute="signer", column_name=DOC_SIGNER, widget=TextWidget(max_length=150))
    issued_on = fields.Field(attribute="issued_on", column_name=DOC_ISSUED, widget=DateWidget(required=True))
    effective_on = fields.Field(attribute="effective_on", column_name=DOC_EFFECTIVE, widget=DateWidget())
    validity = fields.Field(attribute="validity", column_name=DOC_VALIDITY, widget=ValidityWidget())
    lapsed_on = fields.Field(attribute="lapsed_on", column_name=DOC_LAPSED, widget=DateWidget())
    summary = fields.Field(attribute="summary", column_name=DOC_SUMMARY, widget=TextWidget(required=True))
    sector_code = fields.Field(column_name=SECTOR_CODE, readonly=True, dehydrate_method="dehydrate_sector_code")
    sector = fields.Field(attribute="sector", column_name=SECTOR)

    required_columns = (DOC_TYPE, DOC_NUMBER, DOC_ISSUER, DOC_ISSUED, DOC_SUMMARY)

    class Meta:
        model = LegalDocument
        name = "Văn bản pháp luật"
        fields = ("doc_type", "number", "issuer", "signer", "issued_on", "effective_on", "validity", "lapsed_on",
                  "summary", "sector_code", "sector")
        import_id_fields = ("number", "issuer", "issued_on")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {name: self.fields[name] for name in self._meta.fields}
        self.fields["sector"].widget = SectorWidget(self, required=False)

    @classmethod
    def get_display_name(cls):
        return cls._meta.name

    def dehydrate_sector_code(self, obj):
        return obj.sector.code if obj.sector_id else ""

    def before_import(self, dataset, **kwargs):
        normalize_document_headers(dataset)
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        if fold(_text(row.get(DOC_SECRECY))) in SECRET_LEVELS:
            # Only the row number is reported: nothing of a classified record is echoed back.
            raise ValidationError("Văn bản mật không được đưa lên cổng thông tin; dòng này bị từ chối.")
        try:
            year = parse_date(row.get(DOC_ISSUED))
        except ValueError:
            return  # reported by the date column
        key = (fold(_text(row.get(DOC_ISSUER))), fold(_text(row.get(DOC_NUMBER))), year.year if year else None)
        self.check_duplicate(key, kwargs.get("row_number"), "number",
                             f"Văn bản số “{_text(row.get(DOC_NUMBER))}”")

    def get_instance(self, instance_loader, row):
        try:
            issued = parse_date(row.get(DOC_ISSUED))
        except ValueError:
            return None
        number, issuer = " ".join(_text(row.get(DOC_NUMBER)).split()), " ".join(_text(row.get(DOC_ISSUER)).split())
        if not (issued and number and issuer):
            return None
        return self.get_queryset().filter(number__iexact=number, issuer__iexact=issuer, year=issued.year).first()

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        instance.year = instance.issued_on.year


def normalize_document_headers(dataset):
    """Accept the Decree 30/2020 exchange names (TypeName, CodeNumber + CodeNotation, …) as headers."""
    headers = list(dataset.headers or [])
    folded = {fold(_text(h)).replace(" ", ""): i for i, h in enumerate(headers)}
    renamed = False
    for alias, column in DOCUMENT_ALIASES.items():
        if alias in folded and column not in headers:
            headers[folded[alias]] = column
            renamed = True
    if DOC_NUMBER not in headers and "codenumber" in folded:
        number_at, notation_at = folded["codenumber"], folded.get("codenotation")
        numbers = []
        for values in dataset:
            number = _text(values[number_at])
            if notation_at is not None and _text(values[notation_at]):
                number = f"{number}/{_text(values[notation_at])}"
            numbers.append(number)
        dataset.headers = headers
        dataset.append_col(numbers, header=DOC_NUMBER)
        return
    if renamed:
        dataset.headers = headers


# --- the national database's JSON ----------------------------------------------------------------
KENH = {1: ChannelKind.DIRECT, 2: ChannelKind.ONLINE, 3: ChannelKind.POSTAL}


def _get(record, *keys):
    upper = {str(k).upper(): v for k, v in record.items()}
    for key in keys:
        if key in upper and upper[key] not in (None, ""):
            return upper[key]
    return None


def _names(value, *keys):
    """A list of objects (or a string) from the national JSON as a list of their names."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        value = [value]
    names = []
    for item in value:
        if isinstance(item, dict):
            name = _get(item, *keys)
            if name is not None:
                names.append(_text(name))
        elif _text(item):
            names.append(_text(item))
    return names


def _money(amount, unit):
    try:
        number = Decimal(str(amount))
    except InvalidOperation:
        return f"{_text(amount)} {_text(unit)}".strip()
    text = f"{number:,.0f}".replace(",", ".")
    return f"{text} {_text(unit) or 'đồng'}".strip()


def _channel_kind(value):
    if isinstance(value, (int, float)) or _text(value).isdigit():
        return KENH.get(int(float(value)))
    folded = fold(_text(value))
    if "truc tuyen" in folded or "mang" in folded:
        return ChannelKind.ONLINE
    if "buu chinh" in folded:
        return ChannelKind.POSTAL
    if "truc tiep" in folded:
        return ChannelKind.DIRECT
    return None


def _ways_to_columns(ways, default_time, default_fee):
    row = {}
    if isinstance(ways, str):
        ways = []
    for way in ways or []:
        if not isinstance(way, dict):
            continue
        kind = _channel_kind(_get(way, "KENH", "TENKENH", "HINHTHUC"))
        if kind is None:
            raise ValueError(f"Không rõ kênh nộp “{_text(_get(way, 'KENH', 'TENKENH'))}” (1 trực tiếp, "
                             "2 trực tuyến, 3 bưu chính).")
        times, fees, days = [], [], []
        for entry in _get(way, "THOIGIAN") or []:
            if not isinstance(entry, dict):
                continue
            amount, unit = _get(entry, "THOIGIANGIAIQUYET"), _text(_get(entry, "DONVITINH")) or "Ngày làm việc"
            note = _text(_get(entry, "MOTA"))
            if amount is not None:
                times.append(f"{_text(amount)} {unit.lower()}" + (f" ({note})" if note else ""))
                try:
                    value = Decimal(str(amount))
                    days.append(value / 8 if "gio" in fold(unit) else value)
                except InvalidOperation:
                    pass
            for fee in _get(entry, "PHILEPHI") or []:
                if isinstance(fee, dict):
                    label = _text(_get(fee, "MOTA", "TENPHILEPHI")) or "Phí, lệ phí"
                    fees.append(f"{label}: {_money(_get(fee, 'SOTIEN') or 0, _get(fee, 'DONVI'))}")
        row[channel_column(kind, "time_limit")] = "; ".join(times) or _text(default_time)
        row[channel_column(kind, "working_days")] = str(min(days).quantize(Decimal("0.1"))) if days else ""
        row[channel_column(kind, "fee")] = "; ".join(fees) or _text(default_fee)
        row[channel_column(kind, "description")] = _text(_get(way, "MOTA"))
    return row


def _steps_html(value):
    if isinstance(value, str) or value is None:
        return _text(value)
    parts = []
    for case in value:
        if not isinstance(case, dict):
            continue
        title = _text(_get(case, "TRUONGHOP"))
        if title:
            parts.append(f"<p><strong>{escape(title)}</strong></p>")
        steps = [escape(n) for n in _names(_get(case, "TRINHTU"), "TENTRINHTU")]
        if steps:
            parts.append("<ol>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>")
    return "".join(parts)


def _dossier_html(value):
    if isinstance(value, str) or value is None:
        return _text(value)
    parts = []
    for case in value:
        if not isinstance(case, dict):
            continue
        title = _text(_get(case, "TRUONGHOP"))
        if title:
            parts.append(f"<p><strong>{escape(title)}</strong></p>")
        items = []
        for paper in _get(case, "GIAYTO") or []:
            if not isinstance(paper, dict):
                continue
            name = escape(_text(_get(paper, "TENGIAYTO")))
            copies = [f"{label}: {_text(_get(paper, key))}" for key, label in
                      (("SOBANCHINH", "bản chính"), ("SOBANSAO", "bản sao")) if _get(paper, key) not in (None, 0, "0")]
            items.append(f"<li>{name}" + (f" ({escape(', '.join(copies))})" if copies else "") + "</li>")
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)


def _legal_lines(value):
    if isinstance(value, str) or value is None:
        return _text(value)
    lines = []
    for item in value:
        if not isinstance(item, dict):
            lines.append(_text(item))
            continue
        number, title = _text(_get(item, "SOVANBAN")), _text(_get(item, "TENVANBAN", "TRICHYEU"))
        issued = _text(_get(item, "NGAYBANHANH"))
        line = title if number and fold(number) in fold(title) else " ".join(p for p in (title, number) if p)
        if issued and issued not in line:
            line += f" ngày {issued}"
        lines.append(line)
    return "\n".join(line for line in lines if line)


def national_record_to_row(record) -> dict:
    """One procedure of the national database's JSON as a row of the spreadsheet columns."""
    if not isinstance(record, dict):
        raise ValueError("mỗi mục phải là một thủ tục (một đối tượng JSON).")
    sector = _get(record, "LINHVUCTHUCHIEN", "LINHVUC")
    if isinstance(sector, list):
        sector = sector[0] if sector else None
    sector_code = _text(_get(sector, "MALINHVUC")) if isinstance(sector, dict) else ""
    sector_name = _text(_get(sector, "TENLINHVUC")) if isinstance(sector, dict) else _text(sector)
    levels = _names(_get(record, "CAPTHUCHIEN"), "TENCAPTHUCHIEN", "TENCAP", "CAPTHUCHIEN")
    row = {
        CODE: _text(_get(record, "MATTHC", "MATHUTUC")),
        NAME: _text(_get(record, "TENTTHC", "TENTHUTUC")),
        SECTOR_CODE: sector_code,
        SECTOR: sector_name,
        LEVEL: "; ".join(levels),
        STEPS: _steps_html(_get(record, "TRINHTUTHUCHIEN")),
        DOSSIER: _dossier_html(_get(record, "THANHPHANHOSO")),
        COPIES: _text(_get(record, "SOBOHOSO", "SOLUONGHOSO")),
        APPLICANTS: "; ".join(_names(_get(record, "DOITUONGTHUCHIEN"), "TENDOITUONG")),
        BODY: "; ".join(_names(_get(record, "COQUANTHUCHIEN"), "TENDONVI", "TENCOQUAN")),
        RESULT: "\n".join(_names(_get(record, "KETQUATHUCHIEN"), "TENKETQUA")),
        CONDITIONS: _text(_get(record, "YEUCAU", "YEUCAUDIEUKIEN")),
        LEGAL_BASIS: _legal_lines(_get(record, "CANCUPHAPLY")),
        ONLINE_URL: _text(_get(record, "LINKDVC", "URLDVC", "DIACHIDVC")),
        EFFECTIVE_ON: _text(_get(record, "NGAYHIEULUC")),
    }
    row.update({column: "" for column in CHANNEL_COLUMNS})
    row.update(_ways_to_columns(_get(record, "CACHTHUCTHUCHIEN"), _get(record, "THOIHANGIAIQUYET"),
                                _get(record, "PHILEPHI", "LEPHI")))
    return row


class NationalJSON(base_formats.Format):
    """The JSON export of the national procedures database, read into the spreadsheet columns."""

    row_word, line_offset = "Thủ tục thứ", 0

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return "json (CSDL quốc gia về TTHC)"

    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or "utf-8-sig")
        try:
            data = json.loads(in_stream)
        except json.JSONDecodeError as error:
            raise ValueError(f"tệp JSON không đọc được (dòng {error.lineno}, cột {error.colno}).") from None
        if isinstance(data, dict):
            data = _get(data, "RESULT", "DATA", "ITEMS", "THUTUC")
        if not isinstance(data, list):
            raise ValueError("tệp JSON phải là một danh sách thủ tục (hoặc có khóa “result”).")
        dataset = tablib.Dataset(headers=PROCEDURE_COLUMNS)
        for index, record in enumerate(data, 1):
            try:
                row = national_record_to_row(record)
            except ValueError as error:
                raise ValueError(f"thủ tục thứ {index}: {error}") from None
            dataset.append([row.get(column, "") for column in PROCEDURE_COLUMNS])
        return dataset

    def is_binary(self):
        return False

    def get_read_mode(self):
        return "r"

    def get_extension(self):
        return "json"

    def get_content_type(self):
        return "application/json"

    def can_import(self):
        return True


PROCEDURE_FORMATS = [base_formats.XLSX, base_formats.CSV, NationalJSON]
DOCUMENT_FORMATS = [base_formats.XLSX, base_formats.CSV]
FORMAT_BY_EXTENSION = {"xlsx": base_formats.XLSX, "csv": base_formats.CSV, "json": NationalJSON}


def resource_kwargs_for(format_class) -> dict:
    return {"row_word": getattr(format_class, "row_word", "Dòng"),
            "line_offset": getattr(format_class, "line_offset", 1)}


# --- the one entry point for code that is not the admin -----------------------------------------
@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_dataset(content: bytes, format_class):
    instance = format_class(encoding="utf-8-sig") if format_class is not base_formats.XLSX else format_class()
    data = content if instance.is_binary() else content.decode("utf-8-sig")
    try:
        return instance.create_dataset(data)
    except Exception as error:  # a file that is not what it claims to be
        raise ValueError(f"Không đọc được tệp: {_message(error)}") from None


def run_import(resource_class, agency, content: bytes, format_class, *, user=None, dry_run=True) -> ImportReport:
    """Import ``content`` into ``agency``: all or nothing; a dry run is the preview."""
    try:
        dataset = read_dataset(content, format_class)
    except ValueError as error:
        return ImportReport(errors=[str(error)])
    resource = resource_class(agency=agency, user=user, **resource_kwargs_for(format_class))
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True,
                                  rollback_on_validation_errors=True, user=user)
    totals = result.totals
    return ImportReport(new=totals["new"], updated=totals["update"], skipped=totals["skip"],
                        errors=getattr(result, "messages", None) or error_lines(result, resource))
