"""Import and export of units and officials (django-import-export Resources).

One declaration per model, used by the admin (preview, then confirm) and by tests alike. An import
always writes into one agency, chosen before the file is read: rows land there, and references to
units ("Đơn vị", "Đơn vị cấp trên") are looked up among that agency's units only, so another
agency's unit can never be named. Every row is checked before anything is written (preview), and
the confirmed import runs in one transaction that rolls back on any bad row: all or nothing.
Errors name the line of the spreadsheet (the header is line 1) and the column. Column headers are
Vietnamese literals, not translated: they are the file format, the same in any interface language.
"""

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from agencies import access
from portal.publishing import EDITABLE_BY_EDITORS
from portal.text import fold as fold_key

from .models import Official, OrgUnit


class TextWidget(widgets.CharWidget):
    """Text cells, trimmed; numbers typed into a text column come back as text."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super().clean(value, row, **kwargs).strip()


class ChoiceWidget(widgets.Widget):
    """A choice given by its Vietnamese label (diacritics and case do not matter) or its code."""

    def __init__(self, choices, blank_allowed=False):
        super().__init__()
        self.choices = list(choices)
        self.blank_allowed = blank_allowed

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.blank_allowed:
                return ""
            raise ValueError(_("Chưa điền; dùng một trong: %(choices)s.") % {"choices": self._labels()})
        key = fold_key(text)
        for code, label in self.choices:
            if key in (fold_key(label), fold_key(code)):
                return code
        raise ValueError(_("“%(value)s” không hợp lệ; dùng một trong: %(choices)s.") % {
            "value": text, "choices": self._labels()})

    def _labels(self):
        return ", ".join(str(label) for _code, label in self.choices)

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(widgets.Widget):
    YES = {"co", "x", "1", "true", "yes"}
    NO = {"khong", "0", "false", "no"}

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None  # keep the current value (True for a new row)
        if isinstance(value, bool):
            return value
        key = fold_key(str(value))
        if key in self.YES:
            return True
        if key in self.NO:
            return False
        raise ValueError(_("“%(value)s” không hợp lệ; ghi “Có” hoặc “Không”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("Có") if value else _("Không")


class AgencyUnitWidget(widgets.ForeignKeyWidget):
    """A unit named in a cell, looked up among the units of the import's agency only."""

    def __init__(self, required=True):
        super().__init__(OrgUnit, field="name")
        self.agency = None
        self.required = required

    def get_queryset(self, value, row, *args, **kwargs):
        return OrgUnit.objects.filter(agency=self.agency)

    def clean(self, value, row=None, **kwargs):
        name = "" if value is None else str(value).strip()
        if not name:
            if self.required:
                raise ValueError(_("Chưa ghi tên đơn vị."))
            return None
        unit = self.get_queryset(name, row).filter(name=name).first()
        if unit is None:
            # Also accept the name typed without exact diacritics or case.
            key = fold_key(name)
            unit = next((u for u in self.get_queryset(name, row).only("pk", "name", "agency_id", "kind",
                                                                        "parent_id")
                         if fold_key(u.name) == key), None)
        if unit is None:
            raise ValueError(_("Không có đơn vị “%(name)s” trong cơ quan (hãy tạo đơn vị trước, hoặc đặt "
                               "dòng của đơn vị cấp trên lên trước).") % {"name": name})
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class TenantResource(resources.ModelResource):
    """Rows of one agency: loaded, created and checked within ``agency``, on behalf of ``user``."""

    unit_widget_fields = ()

    def __init__(self, agency=None, user=None, **kwargs):
        super().__init__()
        self.agency = agency
        self.user = user
        for name in self.unit_widget_fields:
            self.fields[name].widget.agency = agency
        self.seen = {}

    def get_queryset(self):
        queryset = self._meta.model.objects.all()
        return queryset.filter(agency=self.agency) if self.agency is not None else queryset

    def init_instance(self, row=None):
        return self._meta.model(agency=self.agency, created_by=self.user)

    @classmethod
    def required_columns(cls):
        return [cls.fields[name].column_name for name in cls.required_fields]

    def before_import(self, dataset, **kwargs):
        if self.agency is None:
            raise ValueError(_("Chưa chọn cơ quan để nhập dữ liệu."))
        if self.user is not None and not access.can(self.user, "edit", self.agency.pk):
            raise ValueError(_("Bạn không có quyền nhập dữ liệu cho cơ quan này."))
        headers = [str(h or "").strip() for h in (dataset.headers or [])]
        dataset.headers = headers
        missing = [column for column in self.required_columns() if column not in headers]
        if missing:
            raise ValueError(_("Tệp thiếu cột: %(columns)s. Hãy dùng tệp mẫu tải từ trang quản trị.") % {
                "columns": ", ".join(f"“{c}”" for c in missing)})
        self.seen = {}

    def _duplicate(self, key, row_number, column):
        """Refuse a second row for the same thing; lines count the header as line 1."""
        if key in self.seen:
            raise ValidationError({column: _("Trùng với dòng %(line)d của tệp.") % {"line": self.seen[key] + 1}})
        self.seen[key] = row_number

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk and instance.status not in EDITABLE_BY_EDITORS and self.user is not None and not (
                access.can(self.user, "publish", instance.agency_id)):
            errors.setdefault(NON_FIELD_ERRORS, []).append(_(
                "“%(name)s” đang chờ duyệt hoặc đã xuất bản: chỉ Lãnh đạo duyệt mới được sửa.") % {
                "name": getattr(instance, "full_name", None) or instance})
        try:
            super().validate_instance(instance, errors or None, validate_unique)
        except ValidationError as error:
            # Name the columns of the file, not the model fields.
            columns = {field.attribute: field.column_name for field in self.fields.values() if field.attribute}
            raise ValidationError({
                columns.get(key, key) if key != NON_FIELD_ERRORS else key: messages
                for key, messages in error.message_dict.items()
            }) from None

    def before_save_instance(self, instance, row, **kwargs):
        instance.agency = self.agency
        instance.updated_by = self.user

    def after_import_row(self, row, row_result, **kwargs):
        # A row that created something: a later row resolving to the same thing is a duplicate.
        if row_result.object_id is not None:
            self.seen.setdefault(("pk", row_result.object_id), kwargs["row_number"])

    @classmethod
    def template_dataset(cls) -> tablib.Dataset:
        """The import template: the columns and two sample rows."""
        resource = cls()
        headers = [field.column_name for field in resource.get_import_fields() if not field.readonly]
        dataset = tablib.Dataset(headers=headers)
        for sample in cls.template_rows:
            dataset.append([sample.get(header, "") for header in headers])
        dataset.title = str(cls._meta.model._meta.verbose_name_plural)[:30]
        return dataset


class OrgUnitResource(TenantResource):
    name = fields.Field(attribute="name", column_name="Tên đơn vị", widget=TextWidget())
    name_en = fields.Field(attribute="name_en", column_name="Tên tiếng Anh", widget=TextWidget())
    kind = fields.Field(attribute="kind", column_name="Loại đơn vị", widget=ChoiceWidget(OrgUnit.Kind.choices))
    parent = fields.Field(attribute="parent", column_name="Đơn vị cấp trên",
                          widget=AgencyUnitWidget(required=False))
    order = fields.Field(attribute="order", column_name="Thứ tự", widget=widgets.IntegerWidget(),
                         saves_null_values=False)
    phone = fields.Field(attribute="phone", column_name="Điện thoại", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="Thư điện tử", widget=TextWidget())
    address = fields.Field(attribute="address", column_name="Địa chỉ", widget=TextWidget())
    duties = fields.Field(attribute="duties", column_name="Nhiệm vụ chính", widget=TextWidget())
    status = fields.Field(attribute="get_status_display", column_name="Trạng thái", readonly=True)
    agency_name = fields.Field(attribute="agency__short_name", column_name="Cơ quan", readonly=True)

    unit_widget_fields = ("parent",)
    required_fields = ("name", "kind")
    template_rows = [
        {"Tên đơn vị": "Ban Giám đốc", "Tên tiếng Anh": "Board of Directors", "Loại đơn vị": "Ban lãnh đạo"},
        {"Tên đơn vị": "Văn phòng", "Tên tiếng Anh": "Office", "Loại đơn vị": "Văn phòng",
         "Điện thoại": "0270 3800 001", "Thư điện tử": "vanphong@example.gov.vn"},
        {"Tên đơn vị": "Tổ Tổng hợp", "Loại đơn vị": "Khác", "Đơn vị cấp trên": "Văn phòng"},
    ]

    class Meta:
        model = OrgUnit
        fields = ("name", "name_en", "kind", "parent", "order", "phone", "email", "address", "duties",
                  "status", "agency_name")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        name = str(row.get(self.fields["name"].column_name) or "").strip()
        if name:
            self._duplicate(fold_key(name), kwargs["row_number"], self.fields["name"].column_name)

    def get_instance(self, instance_loader, row):
        name = str(row.get(self.fields["name"].column_name) or "").strip()
        return self.get_queryset().filter(name=name).first() if name else None

    def dehydrate_parent(self, unit):
        return unit.parent.name if unit.parent_id else ""


class OfficialResource(TenantResource):
    id = fields.Field(attribute="id", column_name="Mã", widget=widgets.IntegerWidget())
    unit = fields.Field(attribute="unit", column_name="Đơn vị", widget=AgencyUnitWidget())
    full_name = fields.Field(attribute="full_name", column_name="Họ và tên", widget=TextWidget())
    title = fields.Field(attribute="title", column_name="Chức vụ", widget=TextWidget())
    title_en = fields.Field(attribute="title_en", column_name="Chức vụ (tiếng Anh)", widget=TextWidget())
    group = fields.Field(attribute="group", column_name="Nhóm",
                         widget=ChoiceWidget(Official.Group.choices, blank_allowed=True))
    email = fields.Field(attribute="email", column_name="Thư điện tử", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="Điện thoại", widget=TextWidget())
    order = fields.Field(attribute="order", column_name="Thứ tự", widget=widgets.IntegerWidget(),
                         saves_null_values=False)
    is_public = fields.Field(attribute="is_public", column_name="Hiện công khai", widget=YesNoWidget(),
                             saves_null_values=False)
    status = fields.Field(attribute="get_status_display", column_name="Trạng thái", readonly=True)
    agency_name = fields.Field(attribute="agency__short_name", column_name="Cơ quan", readonly=True)

    unit_widget_fields = ("unit",)
    required_fields = ("unit", "full_name", "title")
    template_rows = [
        {"Đơn vị": "Ban Giám đốc", "Họ và tên": "Nguyễn Văn Mẫu", "Chức vụ": "Giám đốc",
         "Thư điện tử": "nvmau@example.gov.vn", "Điện thoại": "0270 3800 002", "Hiện công khai": "Có"},
        {"Đơn vị": "Văn phòng", "Họ và tên": "Trần Thị Mẫu", "Chức vụ": "Chuyên viên chính",
         "Thư điện tử": "ttmau@example.gov.vn", "Hiện công khai": "Có"},
    ]

    class Meta:
        model = Official
        fields = ("id", "unit", "full_name", "title", "title_en", "group", "email", "phone", "order",
                  "is_public", "status", "agency_name")
        import_id_fields = ()  # rows are found by get_instance(): "Mã" when given, else name and unit
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_instance(self, instance_loader, row):
        """By "Mã" when given (within the agency only), else by name and unit: re-importing updates."""
        id_column = self.fields["id"].column_name
        raw_id = row.get(id_column)
        if raw_id not in (None, ""):
            try:
                pk = int(float(raw_id))
            except (TypeError, ValueError):
                raise ValidationError({id_column: _("“%(value)s” không phải là mã hợp lệ.") % {
                    "value": raw_id}}) from None
            official = self.get_queryset().filter(pk=pk).first()
            if official is None:
                raise ValidationError({id_column: _(
                    "Không có cán bộ mã %(id)s trong cơ quan; để trống cột “Mã” để thêm người mới.") % {"id": pk}})
            return official
        name = str(row.get(self.fields["full_name"].column_name) or "").strip()
        unit = str(row.get(self.fields["unit"].column_name) or "").strip()
        if not (name and unit):
            return None
        return self.get_queryset().filter(full_name=name, unit__name=unit).first()

    def init_instance(self, row=None):
        instance = super().init_instance(row)
        instance.is_public = True
        return instance

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "id":
            return  # the id only finds the row; it is never written
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            name = fold_key(str(row.get(self.fields["full_name"].column_name) or ""))
            unit = fold_key(str(row.get(self.fields["unit"].column_name) or ""))
            key = ("new", name, unit)
        else:
            key = ("pk", instance.pk)
        self._duplicate(key, kwargs["row_number"], self.fields["full_name"].column_name)

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        group_column = self.fields["group"].column_name
        if not str(row.get(group_column) or "").strip():
            instance.group = ""  # derived again from the title on save

    def dehydrate_unit(self, official):
        return official.unit.name


class PublicDirectoryResource(resources.Resource):
    """The columns of the public directory download: no status, no hidden people (the view filters)."""

    unit = fields.Field(attribute="unit__name", column_name="Đơn vị")
    full_name = fields.Field(attribute="full_name", column_name="Họ và tên")
    title = fields.Field(attribute="title", column_name="Chức vụ")
    email = fields.Field(attribute="email", column_name="Thư điện tử")
    phone = fields.Field(attribute="phone", column_name="Điện thoại")
    unit_email = fields.Field(attribute="unit__email", column_name="Thư điện tử của đơn vị")
    unit_phone = fields.Field(attribute="unit__phone", column_name="Điện thoại của đơn vị")
