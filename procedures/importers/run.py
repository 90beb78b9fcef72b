"""The one entry point for code that is not the admin (the ``import_procedures`` command, the demo)."""

from django.core.exceptions import ValidationError

from portal.importing.files import CSVFormat, XLSXFormat, check_size
from portal.importing.report import ImportReport
from portal.importing.resources import _message, error_lines

from .national import NationalJSON

PROCEDURE_FORMATS = [XLSXFormat, CSVFormat, NationalJSON]
DOCUMENT_FORMATS = [XLSXFormat, CSVFormat]
FORMAT_BY_EXTENSION = {"xlsx": XLSXFormat, "csv": CSVFormat, "json": NationalJSON}


def resource_kwargs_for(format_class) -> dict:
    return {"row_word": getattr(format_class, "row_word", None),
            "line_offset": getattr(format_class, "line_offset", None)}


def read_dataset(content: bytes, format_class):
    check_size(len(content))  # before anything is parsed
    instance = format_class()
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
    except ValidationError as error:
        return ImportReport(errors=[" ".join(error.messages)])
    resource = resource_class(agency=agency, user=user, **resource_kwargs_for(format_class))
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True,
                                  rollback_on_validation_errors=True, user=user)
    return ImportReport.from_totals(result.totals,
                                    errors=getattr(result, "messages", None) or error_lines(result, resource))
