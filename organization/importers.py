"""Import and export of units and officials (django-import-export Resources).

One declaration per model, used by the admin (preview, then confirm) and by tests alike. An import
always writes into one agency, chosen before the file is read: rows land there, and references to
units ("Đơn vị", "Đơn vị cấp trên") are looked up among that agency's units only, so another
agency's unit can never be named. Every row is checked before anything is written (preview), and
the confirmed import runs in one transaction that rolls back on any bad row: all or nothing.
Errors name the line of the spreadsheet (the header is line 1) and the column. Column headers are
Vietnamese literals, not translated: they are the file format, the same in any interface language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from agencies.importing import TenantResource
from portal.importing.cells import parse_yes_no, text
from portal.text import fold as fold_key

from .models import Official, OrgUnit


class TextWidget(widgets.CharWidget):
    """Text cells, trimmed; numbers typed into a text column come back as text."""

    def clean(self, value, row=None, **kwargs):
        return text(value)


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
    def clean(self, value, row=None, **kwargs):
        return parse_yes_no(value)  # empty: None, the current value is kept (True for a new row)

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


class OrgResource(TenantResource):
    """Units and officials: unit names are looked up within the import's agency."""

    unit_widget_fields = ()

    def __init__(self, agency=None, user=None, **kwargs):
        super().__init__(agency=agency, user=user, **kwargs)
        for name in self.unit_widget_fields:
            self.fields[name].widget.agency = agency

    def identity(self, instance) -> str:
        return f"“{getattr(instance, 'full_name', None) or instance}”"

    def after_import_row(self, row, row_result, **kwargs):
        # A row that created something: a later row resolving to the same thing is a duplicate.
        if row_result.object_id is not None:
            self.seen.setdefault(("pk", row_result.object_id), kwargs["row_number"])


class OrgUnitResource(OrgResource):
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
    required_columns = ("Tên đơn vị", "Loại đơn vị")
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

    def check_row(self, row, row_number):
        name = str(row.get(self.fields["name"].column_name) or "").strip()
        if name:
            self.check_duplicate(fold_key(name), row_number, self.fields["name"].column_name)

    def get_instance(self, instance_loader, row):
        name = str(row.get(self.fields["name"].column_name) or "").strip()
        return self.get_queryset().filter(name=name).first() if name else None

    def dehydrate_parent(self, unit):
        return unit.parent.name if unit.parent_id else ""


class OfficialResource(OrgResource):
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
    required_columns = ("Đơn vị", "Họ và tên", "Chức vụ")
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
        self.check_duplicate(key, kwargs["row_number"], self.fields["full_name"].column_name)

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
