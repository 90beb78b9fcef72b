from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.tenant_admin import TenantAdmin
from portal.admin import SuperuserOnlyMixin, SuperuserWritesMixin
from portal.sections import all_sections

from . import rules, views
from .confirmations import confirm_current
from .models import Confirmation, Dashboard, Exemption, Finding, InspectionNote, SectionRule

province_reviewer = views.can_review_province


def reviewer_users():
    """Superusers and holders of the provincial review permission (directly or through a group)."""
    perm = Q(codename="review_all_agencies", content_type__app_label="agencies")
    return get_user_model().objects.filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=_permissions(perm))
        | Q(groups__permissions__in=_permissions(perm)),
        is_active=True,
    ).distinct().order_by("first_name", "username")


def _permissions(query):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(query)


# --- the dashboard, the agency pages and the report live under /admin/compliance/dashboard/ -------
@admin.register(Dashboard)
class DashboardAdmin(admin.ModelAdmin):
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(partial(views.dashboard, model_admin=self)), name="compliance_dashboard_changelist"),
            path("co-quan/<slug:slug>/", wrap(partial(views.agency_detail, model_admin=self)),
                 name="compliance_dashboard_agency"),
            path("co-quan/<slug:slug>/xac-nhan/", wrap(partial(views.confirm, model_admin=self)),
                 name="compliance_dashboard_confirm"),
            path("bao-cao/", wrap(partial(views.report, model_admin=self)), name="compliance_dashboard_report"),
            path("bao-cao/pdf/", wrap(partial(views.report_pdf, model_admin=self)),
                 name="compliance_dashboard_report_pdf"),
            path("bao-cao/xlsx/", wrap(partial(views.report_export, model_admin=self)),
                 name="compliance_dashboard_report_xlsx"),
        ]

    def has_module_permission(self, request):
        return province_reviewer(request.user)

    def has_view_permission(self, request, obj=None):
        return province_reviewer(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- rule overrides: superusers only ----------------------------------------------------------------
class SectionRuleForm(forms.ModelForm):
    class Meta:
        model = SectionRule
        fields = ("section_key", "params", "note")


@admin.register(SectionRule)
class SectionRuleAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    form = SectionRuleForm
    list_display = ("__str__", "kind_display", "effective_display", "updated_at", "updated_by")
    readonly_fields = ("defaults_display",)

    def get_fields(self, request, obj=None):
        return ("section_key", "defaults_display", "params", "note")

    def get_readonly_fields(self, request, obj=None):
        return ("defaults_display", "section_key") if obj else ("defaults_display",)

    def _section(self, obj):
        return next((s for s in all_sections() if s.key == obj.section_key), None) if obj else None

    @admin.display(description=_("loại quy tắc"))
    def kind_display(self, obj):
        section = self._section(obj)
        return rules.kind_for(section).label if section else "—"

    @admin.display(description=_("quy tắc đang áp dụng"))
    def effective_display(self, obj):
        section = self._section(obj)
        if section is None:
            return _("Chuyên mục không còn trong danh sách")
        return rules.kind_for(section).describe(rules.effective_params(section, obj.params))

    @admin.display(description=_("tham số mặc định của các chuyên mục"))
    def defaults_display(self, obj):
        sections = [self._section(obj)] if obj and obj.pk else all_sections()
        return format_html_join(
            "\n", "<p><strong>{}. {}</strong> — {}: <code>{}</code></p>",
            ((s.number, s.title, rules.kind_for(s).label, rules.effective_params(s)) for s in sections if s),
        )

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


# --- exemptions: superusers decide; reviewers and the agency's staff may read ------------------------
@admin.register(Exemption)
class ExemptionAdmin(SuperuserWritesMixin, TenantAdmin):
    list_display = ("agency", "section_display", "reason", "valid_from", "valid_until")
    list_filter = ("section_key", "agency__kind")
    search_fields = ("agency__name", "reason")
    fields = ("agency", "section_key", "reason", "valid_from", "valid_until")

    @admin.display(description=_("chuyên mục"), ordering="section_key")
    def section_display(self, obj):
        return obj.get_section_key_display()


# --- inspection notes: reviewers write them; the agency's admins answer, never edit them -------------
NOTE_FIELDS = ("agency", "inspected_on", "inspector", "team", "summary", "fix_by", "resolved", "resolved_on")
ANSWER_FIELDS = ("answer", "answered_by", "answered_at")


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ("section_key", "state", "text")

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is None and province_reviewer(request.user) else 0

    def has_add_permission(self, request, obj=None):
        return province_reviewer(request.user)

    def has_change_permission(self, request, obj=None):
        return province_reviewer(request.user)

    def has_delete_permission(self, request, obj=None):
        return province_reviewer(request.user)

    def has_view_permission(self, request, obj=None):
        return obj is None or access.can(request.user, "view", obj.agency_id)


@admin.register(InspectionNote)
class InspectionNoteAdmin(TenantAdmin):
    # Reviewers pick any agency: their choices are scoped by "view", which they hold everywhere.
    edit_capability = "view"
    inlines = [FindingInline]
    list_display = ("agency", "inspected_on", "inspector", "fix_by", "resolved", "answered")
    list_filter = ("resolved", "inspected_on", "agency__kind")
    search_fields = ("agency__name", "agency__short_name", "summary", "answer")
    date_hierarchy = "inspected_on"
    fieldsets = (
        (None, {"fields": NOTE_FIELDS}),
        (_("Trả lời của cơ quan"), {"fields": ANSWER_FIELDS}),
    )

    @admin.display(description=_("đã trả lời"), boolean=True)
    def answered(self, obj):
        return bool(obj.answer)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency", "inspector")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "inspector":
            kwargs["queryset"] = reviewer_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("inspector", request.user.pk)
        return initial

    def get_readonly_fields(self, request, obj=None):
        if province_reviewer(request.user):
            return ("resolved_on", "answered_by", "answered_at", "answer")
        # Agency staff: everything is read-only but the answer (and that only for the agency's admins).
        if obj is not None and access.can(request.user, "manage", obj.agency_id):
            return (*NOTE_FIELDS, "answered_by", "answered_at")
        return (*NOTE_FIELDS, *ANSWER_FIELDS)

    def has_add_permission(self, request):
        return province_reviewer(request.user)

    def has_change_permission(self, request, obj=None):
        if province_reviewer(request.user):
            return True
        if obj is None:
            return access.can_anywhere(request.user, "manage")
        return access.can(request.user, "manage", obj.agency_id)

    def has_delete_permission(self, request, obj=None):
        return province_reviewer(request.user)

    def save_model(self, request, obj, form, change):
        if "answer" in form.changed_data:
            obj.answered_by = request.user
            obj.answered_at = timezone.now()
        super().save_model(request, obj, form, change)


# --- "still current": approvers confirm a static section unchanged; rows are only added --------------
@admin.register(Confirmation)
class ConfirmationAdmin(TenantAdmin):
    edit_capability = "publish"
    list_display = ("agency", "section_display", "confirmed_at", "confirmed_by", "note")
    list_filter = ("section_key", "agency__kind")
    search_fields = ("agency__name", "agency__short_name", "note")
    date_hierarchy = "confirmed_at"
    fields = ("agency", "section_key", "note", "confirmed_at", "confirmed_by")
    readonly_fields = ("confirmed_at", "confirmed_by")
    actions = ["confirm_again"]

    @admin.display(description=_("chuyên mục"), ordering="section_key")
    def section_display(self, obj):
        return obj.get_section_key_display()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency", "confirmed_by")

    def has_change_permission(self, request, obj=None):
        return obj is None and self.has_add_permission(request)  # a confirmation is never edited

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_confirm_permission(self, request):
        return access.can_anywhere(request.user, "publish")

    def save_model(self, request, obj, form, change):
        obj.confirmed_by = request.user
        obj.confirmed_at = timezone.now()
        super().save_model(request, obj, form, change)  # the write guard, capability "publish"

    @admin.action(description=_("Xác nhận lại: các chuyên mục đã chọn vẫn còn hiệu lực"), permissions=["confirm"])
    def confirm_again(self, request, queryset):
        done, refused = 0, []
        for row in queryset.select_related("agency"):
            try:
                confirm_current(request.user, row.agency, row.section_key)
            except (PermissionDenied, ValidationError):
                refused.append(str(row.agency.short_name))
            else:
                done += 1
        messages.info(request, _("Đã xác nhận lại %(count)d chuyên mục.") % {"count": done})
        if refused:
            messages.warning(request, _("Không được xác nhận (không phải người duyệt của cơ quan hoặc chuyên mục "
                                        "chưa có nội dung): %(names)s.") % {"names": ", ".join(refused)})
