"""Imports of procedures and legal documents, on the foundation's import framework (``portal.importing``,
``agencies.importing``), used by the admin and the command alike.

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
refused (by the framework, on every row), and reported by row number only.

The package: ``columns`` (the headings), ``widgets`` (one per kind of cell), ``base`` (the agency's
fields), ``procedures`` and ``documents`` (the two resources), ``national`` (the national JSON),
``run`` (the entry point for the command and the demo).
"""


from portal.importing.files import CSVFormat, XLSXFormat

from .columns import *  # noqa: F403 (the headings are the file format)
from .columns import CHANNEL_COLUMNS, DOCUMENT_COLUMNS, PROCEDURE_COLUMNS, channel_column
from .documents import LegalDocumentResource, normalize_document_headers
from .national import NationalJSON, national_record_to_row
from .procedures import ProcedureResource
from .run import (
    DOCUMENT_FORMATS,
    FORMAT_BY_EXTENSION,
    PROCEDURE_FORMATS,
    ImportReport,
    read_dataset,
    resource_kwargs_for,
    run_import,
)
from .widgets import text_to_html

__all__ = [
    "CHANNEL_COLUMNS", "DOCUMENT_COLUMNS", "DOCUMENT_FORMATS", "FORMAT_BY_EXTENSION", "PROCEDURE_COLUMNS",
    "PROCEDURE_FORMATS", "CSVFormat", "ImportReport", "LegalDocumentResource", "NationalJSON", "ProcedureResource",
    "XLSXFormat", "channel_column", "national_record_to_row", "normalize_document_headers", "read_dataset",
    "resource_kwargs_for", "run_import", "text_to_html",
]
