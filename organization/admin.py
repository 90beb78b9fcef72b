"""Admin of section 2: units (tree, move up/down, preview) and officials, with import and export."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.forms import ExportForm

from agencies import access
from agencies.importing import TenantImportMixin
from agencies.tenant_admin import PublishableAdmin, TenantInline
from portal.downloads import SafeCSV, SafeXLSX

from .importers import OfficialResource, OrgUnitResource
from .models import Official, OrgUnit, move_unit


class AgencyColumnMixin:
    """The changelist names each row's agency only for a user who sees more than one."""

    def get_list_display(self, request):
        fields = list(super().get_list_display(request))
        ids = access.agency_ids(request.user, "view")
        if ids is not None and len(ids) == 1:
            fields.remove("agency")
        return fields


class TenantImportExportMixin(TenantImportMixin, ExportMixin):
    """The foundation's import (agencies.importing) plus exports of the scoped changelist."""

    export_form_class = ExportForm
    export_template_name = "organization/admin/export.html"

    def get_export_formats(self):
        return [SafeXLSX, SafeCSV]  # formulas neutralised (portal/downloads.py)

    def has_export_permission(self, request):
        return access.can_anywhere(request.user, "view")

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.model._meta.model_name}-{timezone.localdate():%Y%m%d}.{file_format.get_extension()}"


class OfficialInlineForm(forms.ModelForm):
    """Officials under their unit: published rows stay the approver's to change (the write guard)."""

    user = None

    def clean(self):
        cleaned = super().clean()
        if (self.instance.pk and (self.has_changed() or self.cleaned_data.get("DELETE"))
                and not access.may_change(self.user, self.instance)):
            raise forms.ValidationError(_(
                "“%(name)s” đang chờ duyệt hoặc đã xuất bản: chỉ Lãnh đạo duyệt mới được sửa.") % {
                "name": self.instance.full_name})
        return cleaned


class OfficialInline(TenantInline, admin.TabularInline):
    model = Official
    form = OfficialInlineForm
    fields = ("full_name", "title", "group", "email", "order", "is_public", "status_label")
    readonly_fields = ("status_label",)
    extra = 0
    show_change_link = True
    ordering = ("order", "full_name")

    @admin.display(description=_("trạng thái"))
    def status_label(self, obj):
        return obj.get_status_display() if obj.pk else "—"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("OfficialInlineForm", (formset.form,), {"user": request.user})
        return formset

    def has_delete_permission(self, request, obj=None):
        # Deleting a published official is the approver's decision.
        return obj is not None and access.can(request.user, "publish", obj.agency_id)


class OrgUnitForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields.get("parent")
        if parent is not None:
            if self.instance.pk:
                # Neither the unit itself nor anything below it can be its parent.
                below = {self.instance.pk}
                for unit in parent.queryset.filter(agency_id=self.instance.agency_id).only("pk", "tree_path"):
                    if self.instance.tree_path and unit.tree_path.startswith(self.instance.tree_path):
                        below.add(unit.pk)
                parent.queryset = parent.queryset.filter(agency_id=self.instance.agency_id).exclude(pk__in=below)
            parent.queryset = parent.queryset.select_related("agency").order_by("agency__order", "agency_id",
                                                                                 "tree_path")
            parent.label_from_instance = lambda unit: f"{'— ' * unit.depth}{unit.name}"


@admin.register(OrgUnit)
class OrgUnitAdmin(AgencyColumnMixin, TenantImportExportMixin, PublishableAdmin):
    form = OrgUnitForm
    resource_classes = [OrgUnitResource]
    inlines = [OfficialInline]
    list_display = ("tree_name", "kind", "status_display", "official_count", "move_buttons", "agency")
    list_filter = ("agency", "kind", "status")
    search_fields = ("name", "name_en")
    list_per_page = 200
    ordering = ("agency__order", "agency_id", "tree_path")
    preview_template = "organization/preview_unit.html"
    fieldsets = (
        (None, {"fields": ("agency", "name", "name_en", "kind", "parent", "order")}),
        (_("Liên hệ và nhiệm vụ"), {"fields": ("phone", "email", "address", "duties")}),
        (_("Xuất bản"), {"fields": ("status_display", "published_at", "review_note")}),
    )

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("agency")
                .annotate(_officials=Count("officials")))

    @admin.display(description=_("tên đơn vị"), ordering="tree_path")
    def tree_name(self, obj):
        return format_html('<span class="org-depth-{}">{}{}</span>', obj.depth, "— " * obj.depth, obj.name)

    @admin.display(description=_("số cán bộ"))
    def official_count(self, obj):
        return obj._officials

    @admin.display(description=_("sắp xếp"))
    def move_buttons(self, obj):
        # Buttons of the changelist form (it carries the CSRF token): no JavaScript, no typed numbers.
        return format_html(
            '<button type="submit" class="button org-move" formaction="{}" title="{}">↑</button> '
            '<button type="submit" class="button org-move" formaction="{}" title="{}">↓</button>',
            f"{obj.pk}/move/up/", _("Chuyển lên trên"), f"{obj.pk}/move/down/", _("Chuyển xuống dưới"))

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("<path:object_id>/move/<str:direction>/", self.admin_site.admin_view(self.move_view),
                 name="{}_{}_move".format(*info)),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, direction):
        """Swap a unit with its neighbour among its siblings."""
        if request.method != "POST" or direction not in ("up", "down"):
            raise Http404
        unit = self.get_object(request, object_id)  # 404 for another agency
        access.check_change(request.user, unit)
        # Moving renumbers the siblings: each one that changes passes the write guard too.
        if not move_unit(unit, direction, request.user, guard=lambda row: access.check_change(request.user, row)):
            messages.info(request, _("“%(name)s” đã ở vị trí đầu hoặc cuối.") % {"name": unit.name})
        changelist = reverse("admin:organization_orgunit_changelist")
        return HttpResponseRedirect(f"{changelist}?{request.GET.urlencode()}" if request.GET else changelist)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            instance = inline_form.instance
            if inline_form.has_changed():
                if not instance.pk:
                    instance.created_by = request.user
                instance.updated_by = request.user
        super().save_formset(request, form, formset, change)

    def render_preview(self, request, obj):
        obj.subunits = []
        obj.staff = list(obj.officials.filter(is_public=True).order_by("order", "full_name"))
        return render(request, self.preview_template, {"agency": obj.agency, "unit": obj, "preview": True})


class OfficialForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields.get("unit")
        if unit is not None:
            unit.queryset = unit.queryset.select_related("agency").order_by("agency__order", "agency_id",
                                                                             "tree_path")
            unit.label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"
        title = self.fields.get("title")
        if title is not None:
            title.widget.attrs["list"] = "chuc-vu-goi-y"

    def clean(self):
        cleaned = super().clean()
        # A changed title re-derives the group unless the group was chosen in the same edit.
        if "title" in self.changed_data and "group" not in self.changed_data and self.instance.pk:
            cleaned["group"] = ""
            self.instance.group = ""
        return cleaned


@admin.register(Official)
class OfficialAdmin(AgencyColumnMixin, TenantImportExportMixin, PublishableAdmin):
    form = OfficialForm
    resource_classes = [OfficialResource]
    list_display = ("full_name", "title", "unit", "group", "email", "is_public", "status_display", "agency")
    list_filter = ("agency", "unit", "group", "is_public", "status")
    search_fields = ("full_name", "title", "email", "search_text")
    list_select_related = ("unit", "agency")
    list_per_page = 100
    ordering = ("agency__order", "agency_id", "unit__tree_path", "order", "full_name")
    preview_template = "organization/preview_unit.html"
    change_form_template = "organization/admin/official_change_form.html"
    fieldsets = (
        (None, {"fields": ("agency", "unit", "full_name", "title", "title_en", "group", "order")}),
        (_("Liên hệ"), {"fields": ("email", "phone", "photo", "is_public", "is_contact_officer")}),
        (_("Xuất bản"), {"fields": ("status_display", "published_at", "review_note")}),
    )

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).select_related("unit", "agency")

    def render_change_form(self, request, context, *args, **kwargs):
        context["title_suggestions"] = TITLE_SUGGESTIONS
        return super().render_change_form(request, context, *args, **kwargs)

    def render_preview(self, request, obj):
        unit = obj.unit
        unit.subunits = []
        unit.staff = [obj]
        return render(request, self.preview_template, {"agency": obj.agency, "unit": unit, "preview": True})


TITLE_SUGGESTIONS = [
    "Giám đốc", "Phó Giám đốc", "Chủ tịch", "Phó Chủ tịch Thường trực", "Phó Chủ tịch", "Chánh Văn phòng",
    "Phó Chánh Văn phòng", "Chánh Thanh tra", "Phó Chánh Thanh tra", "Trưởng phòng", "Phó Trưởng phòng",
    "Chi cục trưởng", "Phó Chi cục trưởng", "Chuyên viên cao cấp", "Chuyên viên chính", "Chuyên viên",
    "Cán sự", "Nhân viên",
]
