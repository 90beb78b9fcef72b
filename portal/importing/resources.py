"""The one Resource base of every import (django-import-export).

An import always writes into one agency, chosen before the file is read, on behalf of one user
who must be allowed to edit there. Before any row is read the columns are checked (unknown,
duplicate and missing ones refuse the whole file, naming them); every row passes the classified
check (``portal.classified.refuse_row``) before the importer sees it — in ``import_row``, which
importers do not override, so none can forget it; rows pending or published are changed only by
someone who may publish. Errors name the spreadsheet line (the header is line 1, or the line found
by the header detection) and the column. Importers add their own checks through the hooks
``normalize_headers``, ``check_row`` and the usual django-import-export ones.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.results import RowResult

from portal import classified
from portal.publishing import EDITABLE_BY_EDITORS
from portal.text import fold

from .columns import column_problems


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    if isinstance(error, (ValueError, KeyError)) and error.args:
        return str(error.args[0])
    return _("không lưu được (%(kind)s).") % {"kind": type(error).__name__}


class ImportResource(resources.ModelResource):
    """Rows of one agency: loaded, created and checked within ``agency``, on behalf of ``user``.

    The tenancy layer binds it (``agencies.importing.TenantResource`` answers ``may``)."""

    row_word = gettext_lazy("Dòng")
    line_offset = 1  # the header line of a spreadsheet
    required_columns = ()  # column names a file must have

    class Meta:
        # Inherited by every import's Meta (django-import-export merges the bases' options): rows are
        # model-cleaned, unchanged rows are skipped and reported, and the whole file is one transaction.
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, agency=None, user=None, row_word=None, line_offset=None, **kwargs):
        super().__init__(**kwargs)
        self.agency, self.user = agency, user
        if row_word is not None:
            self.row_word = row_word
        if line_offset is not None:
            self.line_offset = line_offset
        self.row_numbers = None
        self.seen = {}

    # --- tenancy -------------------------------------------------------------------------------
    def get_queryset(self):
        queryset = self._meta.model.objects.all()
        return queryset.filter(agency=self.agency) if self.agency is not None else queryset

    def init_instance(self, row=None):
        return self._meta.model(agency=self.agency, created_by=self.user)

    def may(self, capability) -> bool:
        """Whether ``user`` may ``capability`` ("edit", "publish") in ``agency``."""
        raise NotImplementedError("bound by the tenancy layer: agencies.importing.TenantResource")

    # --- columns -------------------------------------------------------------------------------
    def known_columns(self) -> dict:
        """{heading: field name} of every column this resource reads or writes (exports re-import)."""
        return {field.column_name: name for name, field in self.fields.items()}

    def column_for(self, heading):
        known = self.known_columns()
        if heading in known:
            return known[heading]
        folded = {fold(column): name for column, name in known.items()}
        return folded.get(fold(heading))

    def normalize_headers(self, dataset):
        """Hook: rename the headings of other standards to this resource's columns."""

    def before_import(self, dataset, **kwargs):
        problems = []
        if self.agency is None:
            problems.append(_("Chưa chọn cơ quan nhận dữ liệu."))
        elif not self.may("edit"):
            problems.append(_("Bạn không có quyền nhập dữ liệu cho cơ quan này."))
        else:
            dataset.headers = [str(h or "").strip() for h in (dataset.headers or [])]
            self.normalize_headers(dataset)
            # A heading typed without its exact diacritics or case still names its column.
            known = {name: column for column, name in self.known_columns().items()}
            dataset.headers = [known.get(self.column_for(h), h) if self.column_for(h) else h
                               for h in dataset.headers]
            problems += column_problems(dataset.headers, self.column_for)
            missing = [c for c in self.required_columns if c not in dataset.headers]
            if missing:
                problems.append(_("Tệp thiếu cột: %(columns)s. Hãy dùng tệp mẫu tải từ trang quản trị.") % {
                    "columns": ", ".join(f"“{c}”" for c in missing)})
        if problems:
            dataset.wipe()  # nothing of the file is read any further
            raise ValueError(" ".join(str(p) for p in problems))
        self.row_numbers = getattr(dataset, "row_numbers", None)
        self.seen = {}

    # --- rows ----------------------------------------------------------------------------------
    def import_row(self, row, instance_loader, **kwargs):
        """Every row passes the classified check first; a refused row is reported by number only."""
        try:
            classified.refuse_row(dict(row))
        except ValidationError as error:
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = ValidationError({NON_FIELD_ERRORS: error.messages})
            return result
        try:
            self.check_row(row, kwargs.get("row_number"))
        except ValidationError as error:
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = error
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def check_row(self, row, row_number):
        """Hook: an importer's own check of one raw row (duplicates, …); raise ValidationError."""

    def line(self, number) -> int:
        if self.row_numbers and number and 0 < number <= len(self.row_numbers):
            return self.row_numbers[number - 1]
        return (number or 0) + self.line_offset

    def row_label(self, number) -> str:
        return f"{self.row_word} {self.line(number)}"

    def check_duplicate(self, key, row_number, column, what=None):
        """Refuse a second row for the same thing."""
        if key in self.seen:
            other = self.row_label(self.seen[key])
            message = (_("%(what)s trùng với %(other)s.") % {"what": what, "other": other.lower()} if what else
                       _("Trùng với %(other)s của tệp.") % {"other": other.lower()})
            raise ValidationError({column: message})
        self.seen[key] = row_number

    def identity(self, instance) -> str:
        return f"“{instance}”"

    def may_change(self, instance) -> bool:
        """May the importing user change this stored row? Tenancy answers with its one write guard
        (agencies.importing.TenantResource); without a user (commands) every row may change."""
        status = getattr(instance, "status", None)
        return status is None or status in EDITABLE_BY_EDITORS or self.may("publish")

    def before_save_instance(self, instance, row, **kwargs):
        instance.agency = self.agency
        if instance.pk is None:
            instance.created_by = self.user
        instance.updated_by = self.user
        instance._history_user = self.user

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk and not self.may_change(instance):
            errors.setdefault(NON_FIELD_ERRORS, []).append(_(
                "%(what)s đang chờ duyệt hoặc đã xuất bản: chỉ Lãnh đạo duyệt mới được sửa.") % {
                "what": self.identity(instance)})
        try:
            super().validate_instance(instance, errors or None, validate_unique)
        except ValidationError as error:
            # Name the columns of the file, not the model fields.
            raise ValidationError({key if key == NON_FIELD_ERRORS else self.column_of(key): messages
                                   for key, messages in error.message_dict.items()}) from None

    def after_import(self, dataset, result, **kwargs):
        result.messages = error_lines(result, self)

    def column_of(self, key) -> str:
        if key == NON_FIELD_ERRORS:
            return ""
        for name, resource_field in self.fields.items():
            if key in (name, resource_field.attribute, resource_field.column_name):
                return resource_field.column_name
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name).capitalize()
        except Exception:
            return key

    template_rows = ()  # sample rows of the import template ({column: value})

    @classmethod
    def template_dataset(cls):
        """The import template: the columns and the sample rows."""
        import tablib

        resource = cls()
        headers = [field.column_name for field in resource.get_import_fields() if not field.readonly]
        dataset = tablib.Dataset(headers=headers)
        for sample in cls.template_rows:
            dataset.append([sample.get(header, "") for header in headers])
        dataset.title = str(cls._meta.model._meta.verbose_name_plural)[:30]
        return dataset

    @classmethod
    def get_display_name(cls):
        return getattr(cls._meta, "name", None) or str(cls._meta.model._meta.verbose_name_plural)


def error_lines(result, resource) -> list[str]:
    """Every problem of an import as one Vietnamese line naming the row and the column."""
    lines = [_("Tệp: %(message)s") % {"message": _message(error.error)} for error in result.base_errors]
    problems = []
    for row in result.invalid_rows:
        for key, messages in row.error_dict.items():
            column = resource.column_of(key)
            for message in messages:
                where = (_("%(row)s, cột “%(column)s”") % {"row": resource.row_label(row.number), "column": column}
                         if column else resource.row_label(row.number))
                problems.append((row.number, f"{where}: {message}"))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append((number, f"{resource.row_label(number)}: {_message(error.error)}"))
    lines.extend(text for _number, text in sorted(problems, key=lambda item: item[0]))
    return lines
