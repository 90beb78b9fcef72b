"""The figures import on the foundation's framework: the same admin flow as every other import
(``agencies.importing.TenantImportMixin``: agency, size cap, classified check on every row,
preview, all-or-nothing confirm, one template), with the sync's own validation as its hooks —
rows are read by ``parsers`` (column aliases, unknown or duplicate columns refused), checked by
``sync.validate_rows`` and written by ``sync.apply_rows`` (bulk, with history), exactly like a feed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.results import Result, RowResult

from agencies.importing import TenantResource
from portal import classified
from portal.importing import files

from .models import Observation
from .parsers import COLUMN_ALIASES, TEXT_COLUMNS, FeedError, _table_rows
from .sync import apply_rows, plan_rows, validate_rows

HEADINGS = {alias.replace("_", " ") for aliases in (*COLUMN_ALIASES.values(), *TEXT_COLUMNS.values())
            for alias in aliases}


def is_heading(cell) -> bool:
    from portal.text import fold

    return fold(str(cell or "")).replace("_", " ") in HEADINGS


CSVFormat = files.CSVFormat.bind(is_heading)
XLSXFormat = files.XLSXFormat.bind(is_heading)


class ObservationResource(TenantResource):
    """Figures of one agency from a spreadsheet; validated and written like a feed's rows."""

    import_columns = ["Mã chỉ tiêu", "Kỳ", "Giá trị", "Lũy kế", "So cùng kỳ", "Ước tính", "Đơn vị", "Ghi chú"]
    template_rows = [{"Mã chỉ tiêu": "KHACH_DL", "Kỳ": "10/2026", "Giá trị": 612.5, "Lũy kế": 5480.2,
                      "So cùng kỳ": 8.1, "Ước tính": "", "Đơn vị": "nghìn lượt"}]

    class Meta:
        model = Observation
        fields = ()

    def __init__(self, agency=None, user=None, source_name="", **kwargs):
        super().__init__(agency=agency, user=user, **kwargs)
        self.source_name = source_name

    @classmethod
    def template_dataset(cls):
        import tablib

        dataset = tablib.Dataset(headers=cls.import_columns)
        for sample in cls.template_rows:
            dataset.append([sample.get(column, "") for column in cls.import_columns])
        dataset.title = "So lieu"
        return dataset

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        result = Result()
        result.diff_headers = [_("Chỉ tiêu"), _("Kỳ"), _("Giá trị"), _("Ước tính")]
        errors = []
        if self.agency is None:
            errors.append(_("Chưa chọn cơ quan nhận dữ liệu."))
        elif not self.may("edit"):
            errors.append(_("Bạn không có quyền nhập dữ liệu cho cơ quan này."))
        elif classified.is_classified(self.source_name):
            errors.append(str(classified.MESSAGE))
        validated = None
        if not errors:
            numbers = getattr(dataset, "row_numbers", None) or list(range(2, len(dataset) + 2))
            try:
                parsed = _table_rows([list(dataset.headers or []), *[list(row) for row in dataset]], {})
            except FeedError as error:
                errors.append(str(error))
            else:
                for raw in parsed.rows:  # "Dòng n" of the table → the spreadsheet's line
                    index = int(raw.ref.rsplit(" ", 1)[-1]) - 2
                    raw.ref = _("Dòng %(n)d") % {"n": numbers[index] if 0 <= index < len(numbers) else index + 2}
                validated = validate_rows(parsed.rows)
                errors += validated.errors
                if not errors and not validated.rows:
                    errors.append(_("Tệp không có dòng số liệu nào."))
        if errors:
            result.messages = errors
            result.append_base_error(self.get_error_result_class()(ValidationError(errors[0])))
            return result
        plan = plan_rows(self.agency, validated.rows)
        if not dry_run:
            with transaction.atomic():
                counts = apply_rows(self.agency, validated.rows, user=self.user, source_name=self.source_name or
                                    _("%(agency)s (nhập từ tệp)") % {"agency": self.agency.name})
            plan.created, plan.updated, plan.unchanged = counts.created, counts.updated, counts.unchanged
        kinds = {"created": RowResult.IMPORT_TYPE_NEW, "updated": RowResult.IMPORT_TYPE_UPDATE,
                 "unchanged": RowResult.IMPORT_TYPE_SKIP}
        for row, action, _old in plan.steps:
            row_result = RowResult()
            row_result.import_type = kinds[action]
            row_result.diff = [f"{row.indicator.code} — {row.indicator.name}", row.period_label, str(row.value),
                               _("có") if row.is_estimate else _("không")]
            result.append_row_result(row_result)
        result.totals[RowResult.IMPORT_TYPE_NEW] = plan.created
        result.totals[RowResult.IMPORT_TYPE_UPDATE] = plan.updated
        result.totals[RowResult.IMPORT_TYPE_SKIP] = plan.unchanged
        result.messages = []
        return result
