"""Procedures: the resource, with the channel table and the legal basis read from the same row."""

import re

from django.core.exceptions import ValidationError
from import_export import fields

from portal.importing.cells import text as _text
from portal.text import fold

from ..models import Channel, LegalBasis, LegalDocument, Procedure
from .base import SectorResource
from .columns import (
    ABOLISHED_ON,
    ABOLITION,
    APPLICANTS,
    BODY,
    CHANNEL_COLUMNS,
    CHANNEL_LABELS,
    CHANNEL_PARTS,
    CODE,
    CONDITIONS,
    COPIES,
    DOSSIER,
    EFFECTIVE_ON,
    LEGAL_BASIS,
    LEVEL,
    NAME,
    ONLINE_URL,
    RESULT,
    SECTOR,
    SECTOR_CODE,
    STEPS,
    channel_column,
)
from .widgets import (
    ApplicantsWidget,
    CopiesWidget,
    DateWidget,
    LevelWidget,
    RichTextWidget,
    SectorWidget,
    TextWidget,
    parse_days,
)

PROCEDURE_ORDER = ("code", "name", "sector_code", "sector", "level", "steps", *CHANNEL_COLUMNS, "dossier",
                   "dossier_copies", "applicants", "body", "result", "legal_basis", "conditions", "online_url",
                   "effective_on", "abolished_on", "abolition_decision")


def cited_document(folded_line, by_number):
    """The id of the document whose (folded) number the line cites: the longest number standing on its
    own in the line, so that "123/2015/NĐ-CP" is not taken for "23/2015/NĐ-CP"."""
    best = None
    for number, pk in by_number.items():
        if number and (best is None or len(number) > len(best[0])) and re.search(
                rf"(?<!\w){re.escape(number)}(?!\w)", folded_line):
            best = (number, pk)
    return best[1] if best else None


class ProcedureResource(SectorResource):
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
            match = cited_document(fold(line), by_number)
            if match is not None and match not in ids:
                ids.append(match)
            elif match is None:
                text.append(line)
        return ids, "\n".join(text)

    def identity(self, instance) -> str:
        return f"Thủ tục mã {instance.code}"

    def check_row(self, row, row_number):
        code = _text(row.get(CODE))
        if not code:  # the national code is how rows are matched: nothing to do without it
            raise ValidationError({"code": "Không được để trống."})
        self.check_duplicate(fold(code), row_number, "code", f"Mã thủ tục “{code}”")

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
