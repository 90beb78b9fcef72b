"""Legal documents: the resource, and the Decree 30/2020 exchange names accepted as headings."""

from import_export import fields

from portal.importing.cells import parse_date
from portal.importing.cells import text as _text
from portal.text import fold

from ..models import LegalDocument
from .base import SectorResource
from .columns import (
    DOC_EFFECTIVE,
    DOC_ISSUED,
    DOC_ISSUER,
    DOC_LAPSED,
    DOC_NUMBER,
    DOC_SECRECY,
    DOC_SIGNER,
    DOC_SUMMARY,
    DOC_TYPE,
    DOC_VALIDITY,
    DOCUMENT_ALIASES,
    SECTOR,
    SECTOR_CODE,
)
from .widgets import DateWidget, DocumentTypeWidget, SectorWidget, TextWidget, ValidityWidget


class LegalDocumentResource(SectorResource):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {name: self.fields[name] for name in self._meta.fields}
        self.fields["sector"].widget = SectorWidget(self, required=False)

    def normalize_headers(self, dataset):
        normalize_document_headers(dataset)

    def known_columns(self) -> dict:
        # The urgency of the exchange standard is read by the classified check only; "Độ mật" likewise.
        return {**super().known_columns(), "Priority": "priority", DOC_SECRECY: "secrecy",
                "CodeNumber": "code_number", "CodeNotation": "code_notation"}

    def check_row(self, row, row_number):
        try:
            year = parse_date(row.get(DOC_ISSUED))
        except ValueError:
            return  # reported by the date column
        key = (fold(_text(row.get(DOC_ISSUER))), fold(_text(row.get(DOC_NUMBER))), year.year if year else None)
        self.check_duplicate(key, row_number, "number",
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
