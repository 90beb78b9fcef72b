"""Admin of the weekly schedule: one form per week with its entries inline, grouped by day.

Every save of the entries goes through ``schedules.amendments.amending``: once a week has been
public, changes are recorded as amendments and deletions are refused (entries are cancelled instead).
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.tenant_admin import PublishableAdmin, TenantAdmin, TenantInline

from . import amendments, planning
from .forms import EntryForm, EntryFormSet, WeekForm
from .models import Entry, Week
from .views import week_context

COPY_BUTTON = "_copy_recurring"


class EntryInline(TenantInline, admin.TabularInline):
    model = Entry
    form = EntryForm
    formset = EntryFormSet
    template = "admin/schedules/entry_inline_tabular.html"
    fields = ["date", "start_time", "end_time", "content", "chairs", "chair_text", "participants",
              "location", "preparing_unit", "notes", "recurring", "cancelled", "amendment_note"]
    readonly_fields = ["amendment_note"]
    extra = 3
    classes = ["schedule-entries"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "chairs" and formfield is not None and hasattr(formfield.widget, "widget"):
            formfield.widget = formfield.widget.widget  # boxes to tick, without the "add official" link
        return formfield

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is not None and obj.pk and obj.entries.exists() else self.extra

    # Shown when the week is read-only (no form, so no form label): Vietnamese labels, not "Cancelled".
    @admin.display(description=_("Hủy"), boolean=True)
    def cancelled(self, obj):
        return obj.state == Entry.State.CANCELLED if obj is not None and obj.pk else None

    def has_delete_permission(self, request, obj=None):
        # Once public, an entry is never deleted: it is cancelled (the "hủy" box) and stays visible.
        if obj is not None and amendments.is_locked(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Week)
class WeekAdmin(PublishableAdmin):
    form = WeekForm
    inlines = [EntryInline]
    change_form_template = "admin/schedules/week_change_form.html"
    preview_template = "schedules/week.html"
    list_display = ("label", "agency", "status_display", "entry_count", "revision_display", "last_update_display")
    list_filter = ("status", "agency", "year")
    ordering = ("-year", "-week", "agency__order")
    list_select_related = ("agency",)
    fieldsets = (
        (None, {"fields": ("agency", "iso_week", "copy_recurring", "note")}),
        (_("Duyệt và đăng"), {"fields": ("status_display", "amendment_status", "published_at", "review_note",
                                          "confirm_overlaps")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_total=Count("entries"))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:  # the week is chosen once; copying is a button on the change form
            # ...and a read-only week has nothing to confirm.
            hidden = {"copy_recurring"} if self.has_change_permission(request, obj) else {
                "copy_recurring", "confirm_overlaps"}
            fieldsets = [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
                         for name, opts in fieldsets]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "amendment_status"]

    # The week read-only (no form, so no form label): "Tuần", not "Iso week".
    @admin.display(description=_("Tuần"))
    def iso_week(self, obj):
        return obj.iso_week.label if obj is not None and obj.pk else ""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # published weeks are never deleted; drafts one by one
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.first_published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("tuần"), ordering="-week")
    def label(self, obj):
        return obj.label

    @admin.display(description=_("số mục"), ordering="entry_total")
    def entry_count(self, obj):
        return getattr(obj, "entry_total", None)

    @admin.display(description=_("điều chỉnh"), ordering="revision")
    def revision_display(self, obj):
        return _("lần %(n)d") % {"n": obj.revision} if obj.revision else "—"

    @admin.display(description=_("cập nhật"))
    def last_update_display(self, obj):
        return timezone.localtime(obj.last_update).strftime("%H:%M %d/%m/%Y") if obj.last_update else "—"

    @admin.display(description=_("điều chỉnh sau khi đăng"))
    def amendment_status(self, obj):
        if obj is None or not obj.pk or not amendments.is_locked(obj):
            return _("Lịch chưa đăng: sửa, xóa mục tự do.")
        if not obj.revision:
            return _("Lịch đã đăng: mọi thay đổi từ nay là điều chỉnh (đánh dấu, không xóa, tăng số lần "
                     "điều chỉnh).")
        return format_html(
            "{} — {} {}", _("Lịch đã đăng"),
            _("đã điều chỉnh %(n)d lần, lần cuối lúc") % {"n": obj.revision},
            timezone.localtime(obj.amended_at).strftime("%H:%M %d/%m/%Y") if obj.amended_at else "",
        )

    # --- saving: the amendment rule wraps the inline formsets ---------------------------------
    def save_model(self, request, obj, form, change):
        # Decided before a "publish" button changes the week: entries saved together with the first
        # publication are the schedule itself, not amendments.
        obj._amending = bool(obj.pk) and amendments.is_locked(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if self.saved_revision(request) is not None:
            return  # a proposed amendment: kept as a revision, applied when approved
        week = form.instance
        with amendments.amending(week, user=request.user, locked=getattr(week, "_amending", None)) as batch:
            super().save_related(request, form, formsets, change)
        if batch.revised:
            messages.info(request, _("Đã ghi nhận điều chỉnh lần %(n)d (%(count)d mục).") % {
                "n": week.revision, "count": len(batch.changes)})
        if form.cleaned_data.get("copy_recurring") or COPY_BUTTON in request.POST:
            copied = planning.copy_recurring_entries(week, user=request.user)
            messages.info(request, ngettext(
                "Đã chép %(count)d mục lặp lại từ tuần trước.", "Đã chép %(count)d mục lặp lại từ tuần trước.",
                copied) % {"count": copied})

    def response_change(self, request, obj):
        if COPY_BUTTON in request.POST and self.saved_revision(request) is None:
            from django.http import HttpResponseRedirect

            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["copy_button"] = COPY_BUTTON if (
            obj is not None and self.has_change_permission(request, obj) and not self.edits_revision(request, obj)
        ) else None
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- preview ------------------------------------------------------------------------------
    def render_preview(self, request, obj):
        entries = list(obj.entries.with_leaders(public=False))
        context = week_context(obj.agency, obj.iso_week, obj, entries,
                               request.GET.get("lanh-dao", "").strip(), preview=True)
        return render(request, self.preview_template, context)


@admin.register(Entry)
class EntryAdmin(TenantAdmin):
    """Read-only list of entries across weeks, for search and each entry's history (before/after)."""

    list_display = ("date", "start_time", "content_short", "week", "state", "amendment_note")
    list_filter = ("state", "agency")
    search_fields = ("content", "chair_text", "location")
    date_hierarchy = "date"
    list_select_related = ("week", "agency")
    readonly_fields = [f.name for f in Entry._meta.fields if f.name not in ("id",)] + ["chairs"]

    @admin.display(description=_("nội dung"))
    def content_short(self, obj):
        return obj.content[:80]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # entries are edited in their week, where the amendment rule applies

    def has_delete_permission(self, request, obj=None):
        return False
