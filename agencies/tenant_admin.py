"""The one admin base class that scopes everything a staff member reaches to their agencies.

Changelists, object URLs (another agency's id answers 404), history and revert, foreign-key and
many-to-many choices in forms and inlines (a forged id fails validation), autocomplete results
(they come from the scoped queryset), list filters (only values present in the scoped list),
actions and exports (they act on the scoped changelist) and the ``agency`` that is saved.
Section admins subclass ``TenantAdmin`` (or ``PublishableAdmin``) and ``TenantInline``; no other
code writes scoping.
"""

import copy
from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal import publishing
from portal.fields import RichTextField
from portal.publishing import TRANSITIONS, Status, TransitionError, apply_transition

from . import access
from .models import Agency, TenantModel


def scope_queryset(request, queryset, capability="view"):
    """Limit ``queryset`` (of a tenant model or of Agency) to the user's agencies."""
    ids = access.agency_ids(request.user, capability)
    if ids is None:
        return queryset
    model = queryset.model
    if model is Agency:
        return queryset.filter(pk__in=ids)
    if issubclass(model, TenantModel):
        return queryset.filter(agency_id__in=ids)
    return queryset


class AgencyValidatedFormMixin:
    """Keep ``agency`` in model validation even when it is not an editable field of the form.

    The admin shows ``agency`` read-only (or not at all, in inlines), and Django then skips every
    unique constraint that includes it: a duplicate would reach the database as an error instead of
    coming back as a message on the form.
    """

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("agency")
        return exclusions


def with_agency_validation(form_class):
    return type(form_class.__name__, (AgencyValidatedFormMixin, form_class), {})


_agency_id_of = access.agency_of


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin with the history read-only: no revert.

    simple_history's revert form saves with only *view* permission and judges the old version's
    status, not the live row's; a rollback is a change like any other, made in the change form
    (where the write guard and the workflow apply). SIMPLE_HISTORY_REVERT_DISABLED hides the
    button; this refuses the POST itself.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def history_view_title(self, request, obj):
        return gettext("Lịch sử thay đổi: %s") % obj

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each record's changes against the one before it, as Vietnamese labels and readable text."""
        previous = None
        for current in historical_records:  # newest first
            if previous is not None:
                previous.history_delta_changes = readable_delta(self.model, previous, current)
            previous = current

    # --- purge: a wrongly entered record's text out of history (superusers only, logged) ---------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("<path:object_id>/history/purge/", self.admin_site.admin_view(self.purge_history_view),
                 name="%s_%s_purge_history" % info),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "purge_url": reverse(
            "admin:%s_%s_purge_history" % (self.model._meta.app_label, self.model._meta.model_name),
            args=[object_id]) if request.user.is_superuser else None}
        return super().history_view(request, object_id, extra_context)

    def purge_history_view(self, request, object_id):
        from django.template.response import TemplateResponse

        from portal.purge import purge_history

        if not request.user.is_superuser:
            raise Http404  # nobody else has this door, in any agency
        history = self.model.history.filter(**{self.model._meta.pk.attname: object_id})
        latest = history.order_by("-history_date").first()
        if latest is None:
            raise Http404(_("Không tìm thấy dữ liệu này."))
        error = None
        if request.method == "POST":
            reason = request.POST.get("reason", "").strip()
            if reason:
                count = purge_history(self.model, latest.instance.pk, request.user, reason)
                messages.success(request, _("Đã xóa %(count)d bản ghi lịch sử; việc xóa đã được ghi lại.") % {
                    "count": count})
                return HttpResponseRedirect(reverse("admin:index"))
            error = _("Hãy ghi lý do xóa lịch sử.")
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "error": error,
                   "title": _("Xóa lịch sử của “%(object)s”") % {"object": latest.instance},
                   "count": history.count()}
        return TemplateResponse(request, "admin/portal/purge_history.html", context)


def readable_delta(model, new_record, old_record) -> list[dict]:
    """``[{field, old, new}]`` between two history records: labels, choice names, text, word diff."""
    rows = []
    delta = new_record.diff_against(old_record)
    for change in delta.changes:
        if change.field in ("updated_at", "updated_by", "content_version", "next_publication_at"):
            continue
        try:
            field = model._meta.get_field(change.field)
        except FieldDoesNotExist:
            continue
        old, new = change.old, change.new
        if field.choices:
            names = {str(k): str(v) for k, v in field.flatchoices}
            old, new = names.get(str(old), old), names.get(str(new), new)
        elif field.is_relation and not field.many_to_many:
            old, new = _related_text(field, old), _related_text(field, new)
        rich = isinstance(field, RichTextField)
        old_html, new_html = publishing.word_diff(publishing.plain(old, rich)[:2000],
                                                  publishing.plain(new, rich)[:2000])
        rows.append({"field": str(field.verbose_name).capitalize(), "old": old_html, "new": new_html})
    return rows


def _related_text(field, value):
    if value in (None, ""):
        return ""
    if isinstance(value, models.Model):
        return str(value)
    target = field.related_model._base_manager.filter(pk=value).first()
    return str(target) if target is not None else str(value)


VERSION_FIELD = "_version"
PRESENCE_SECONDS = 120


def _version_guarded(form_class, check):
    """``form_class`` that refuses a save based on an older version of the row (``check`` raises)."""

    class VersionGuardedForm(form_class):
        def clean(self):
            cleaned = super().clean()
            sent = self.data.get(VERSION_FIELD) if self.is_bound else None
            if sent:
                check(sent, self)
            return cleaned

    VersionGuardedForm.__name__ = form_class.__name__
    return VersionGuardedForm


class ScopedChoicesMixin:
    """Relation choices limited to the agencies the user may edit in."""

    edit_capability = "edit"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is Agency or issubclass(related, TenantModel):
            base = kwargs.get("queryset", related._default_manager.all())
            kwargs["queryset"] = scope_queryset(request, base, self.edit_capability)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "agency" and formfield is not None:
            ids = access.agency_ids(request.user, self.edit_capability)
            if ids is not None and len(ids) == 1:
                # One agency: nothing to choose, and nothing to forge.
                formfield.initial = next(iter(ids))
                formfield.disabled = True
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is Agency or issubclass(related, TenantModel):
            base = kwargs.get("queryset", related._default_manager.all())
            kwargs["queryset"] = scope_queryset(request, base, self.edit_capability)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TenantAdmin(ScopedChoicesMixin, ReadOnlyHistoryAdmin):
    """Base of every tenant-owned model's admin."""

    # Which capability (agencies/access.py) lets a member change these rows.
    edit_capability = "edit"
    preview_template = None

    # --- what the user may see ---------------------------------------------
    def get_queryset(self, request):
        return scope_queryset(request, super().get_queryset(request), "view")

    def get_ordering(self, request):
        return super().get_ordering(request) or ["-pk"]  # stable pages in lists and autocomplete

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Không tìm thấy dữ liệu này."))
        return obj

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        if obj is not None:
            return access.can(request.user, "view", _agency_id_of(obj))
        return access.can_anywhere(request.user, "view")

    def has_add_permission(self, request):
        return access.can_anywhere(request.user, self.edit_capability)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        # The object was just read from the database by the view; the writes re-check the stored row.
        return access.may_change(request.user, obj, self.edit_capability, stored=False)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    # --- forms ----------------------------------------------------------------
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = with_agency_validation(super().get_form(request, obj, change=change, **kwargs))
        if obj is not None and obj.pk is not None and not getattr(obj, "history_id", None):
            form = _version_guarded(form, lambda sent, bound: self.check_version(request, obj, sent, bound))
        return form

    # --- no lost edits: the version a form was opened on, and who else has it open -----------------
    def row_fingerprint(self, request, obj) -> str:
        return publishing.row_version(obj)

    def edit_version(self, request, obj) -> str:
        """The hidden ``_version`` of a change form: the row's fingerprint and when it was opened."""
        return f"{self.row_fingerprint(request, obj)}@{timezone.now().isoformat()}"

    def check_version(self, request, obj, sent: str, form=None) -> None:
        """Refuse (ValidationError) a save whose form was opened on a version that is no longer stored."""
        fingerprint, _sep, opened = sent.partition("@")
        if fingerprint == self.row_fingerprint(request, obj):
            return
        try:
            since = datetime.fromisoformat(opened) if opened else None
        except ValueError:
            since = None
        raise ValidationError(self.conflict_messages(request, obj, since, form), code="stale")

    def conflict_messages(self, request, obj, since, form=None) -> list[str]:
        changes, users, when = publishing.changes_since(obj, since)
        who = ", ".join(users) or gettext("người khác")
        at = timezone.localtime(when).strftime("%H:%M:%S %d/%m/%Y") if when else ""
        lines = [gettext("Chưa lưu: %(who)s đã lưu mục này%(at)s sau khi bạn mở nó; lưu bây giờ sẽ ghi đè "
                         "thay đổi của họ.") % {"who": who, "at": gettext(" lúc %s") % at if at else ""}]
        for label, old, new in changes[:12]:
            lines.append(gettext("Đã đổi “%(field)s”: “%(old)s” → “%(new)s”.") % {
                "field": label, "old": _short(old), "new": _short(new)})
        lines.append(gettext("Nội dung bạn nhập vẫn còn nguyên bên dưới: hãy đối chiếu, sửa nếu cần rồi bấm "
                             "Lưu lần nữa."))
        return lines

    def note_presence(self, request, obj) -> None:
        """Record that the user has ``obj`` open; tell them who else opened it in the last minutes."""
        key = f"portal:presence:{obj._meta.label_lower}:{obj.pk}"
        now = timezone.now().timestamp()
        seen = {uid: entry for uid, entry in (cache.get(key) or {}).items() if now - entry[1] < PRESENCE_SECONDS}
        others = [name for uid, (name, _at) in seen.items() if uid != request.user.pk]
        seen[request.user.pk] = (request.user.get_full_name() or request.user.get_username(), now)
        cache.set(key, seen, PRESENCE_SECONDS)
        if others:
            messages.warning(request, gettext("%(names)s cũng đang mở mục này. Nếu hai người cùng sửa, người lưu "
                                              "sau sẽ được báo để không ghi đè lên nhau.") % {
                "names": ", ".join(others)})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            request._portal_show_draft = True
            try:
                obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
            except (ValueError, ValidationError):
                obj = None
            if obj is not None:
                self.note_presence(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["edit_version"] = self.edit_version(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser and "agency" not in fields:
            fields.append("agency")  # content never moves between agencies
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        ids = access.agency_ids(request.user, self.edit_capability)
        if ids is not None and len(ids) == 1:
            initial.setdefault("agency", next(iter(ids)))
        return initial

    def get_list_filter(self, request):
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and "__" not in item:
                field = self.model._meta.get_field(item)
                if field.is_relation:
                    item = (item, RelatedOnlyFieldListFilter)
            filters.append(item)
        return filters

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        access.check_change(request.user, obj, self.edit_capability)  # the stored row, not the form's copy
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        access.check_change(request.user, obj, self.edit_capability)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected" checks only the model-wide permission: judge each row.
        for obj in queryset:
            access.check_change(request.user, obj, self.edit_capability)
        super().delete_queryset(request, queryset)

    # --- history: another agency's history is a 404 like its objects ------------
    def _check_history_access(self, request, object_id):
        history = self.model.history.filter(**{self.model._meta.pk.attname: object_id})
        latest = history.order_by("-history_date").values("agency_id").first() if hasattr(
            self.model, "agency") else None
        agency_id = latest["agency_id"] if latest else None
        if latest is None or not access.can(request.user, "view", agency_id):
            raise Http404(_("Không tìm thấy dữ liệu này."))

    def history_view(self, request, object_id, extra_context=None):
        self._check_history_access(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_history_access(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _short(text, limit=120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TenantInline(ScopedChoicesMixin):
    """Mixin for inlines of tenant-owned rows: choices scoped, rows take the parent's agency."""

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)
        base.form = with_agency_validation(base.form)

        class AgencyFormSet(base):
            def _construct_form(self, i, **form_kwargs):
                form = super()._construct_form(i, **form_kwargs)
                parent_agency = _agency_id_of(self.instance)
                if parent_agency and hasattr(form.instance, "agency_id"):
                    form.instance.agency_id = parent_agency
                return form

        return AgencyFormSet

    def _parent_editable(self, request, obj):
        if obj is None:
            return access.can_anywhere(request.user, self.edit_capability)
        # A published parent edited as a revision: its rows are part of the revision, for its author
        # and its approver alike (rows with files are not: files change on the live item only).
        parent = self.admin_site._registry.get(self.parent_model)
        if getattr(parent, "edits_revision", None) and parent.edits_revision(request, obj):
            return not _has_files(self.model) and access.may_revise(request.user, obj, stored=False)
        return access.may_change(request.user, obj, self.edit_capability, stored=False)

    def has_add_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_view_permission(self, request, obj=None):
        return obj is None or access.can(request.user, "view", _agency_id_of(obj))


def _has_files(model) -> bool:
    return any(isinstance(f, models.FileField) for f in model._meta.concrete_fields)


def _querydict(data: dict) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, values in data.items():
        result.setlist(key, [str(v) for v in (values if isinstance(values, list) else [values])])
    return result


def _put(data: QueryDict, bound) -> None:
    """Write a bound field's current value into ``data`` as a browser would submit it."""
    field, widget = bound.field, bound.field.widget
    while isinstance(widget, RelatedFieldWidgetWrapper):  # the admin's "+" wrapper formats nothing itself
        widget = widget.widget
    if field.disabled:
        return
    name, value = bound.html_name, bound.value()
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
            formatted = sub.format_value(part)
            data[name + suffix] = "" if formatted is None else str(formatted)
    elif isinstance(widget, forms.CheckboxInput):
        if widget.check_test(value):
            data[name] = "on"
    else:
        formatted = widget.format_value(value)
        if isinstance(formatted, (list, tuple)):
            data.setlist(name, [str(v) for v in formatted if v is not None])
        else:
            data[name] = "" if formatted is None else str(formatted)


def _value_text(obj, field) -> str:
    """A model field's value on ``obj`` as text for a comparison."""
    if field.many_to_many:
        return publishing.plain([str(o) for o in getattr(obj, field.name).all()]) if obj.pk else ""
    if field.choices:
        return str(dict(field.flatchoices).get(getattr(obj, field.attname), getattr(obj, field.attname) or ""))
    if field.is_relation:
        return str(getattr(obj, field.name, None) or "")
    return publishing.plain(getattr(obj, field.attname), rich=isinstance(field, RichTextField))


class PublishableAdmin(TenantAdmin):
    """Admin of content that goes through the publishing workflow.

    The change form carries one button per allowed transition (submit, approve and publish,
    return, unpublish); editors never see the publishing ones. Bulk actions do the same.
    """

    change_form_template = "admin/portal/publishable_change_form.html"
    publisher_only_fields = ("published_at", "review_note")
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        fields += ["status_display"]
        may_publish = (access.can(request.user, "publish", obj.agency_id) if obj is not None
                       else access.can_anywhere(request.user, "publish"))
        revising = obj is not None and self.edits_revision(request, obj)
        if not may_publish or revising:
            fields += [f for f in self.publisher_only_fields if f not in fields]
        if revising:
            # The same form for its author and its approver; files are changed on the live item only.
            fields += [f.name for f in self.model._meta.concrete_fields
                       if (f.name == "agency" or isinstance(f, models.FileField)) and f.name not in fields]
        return fields

    # --- drafts of published items ----------------------------------------------------------------
    def edits_revision(self, request, obj) -> bool:
        """Whether the change form of ``obj`` edits a revision instead of the live row.

        A published (or scheduled) item, for whoever may not publish it, or for everyone while a
        revision of it is open (so that nobody edits past it).
        """
        if obj is None or obj.pk is None or obj.status != Status.PUBLISHED:
            return False
        modes = request.__dict__.setdefault("_portal_revision_modes", {})
        key = (obj._meta.label_lower, obj.pk)
        if key not in modes:
            modes[key] = (not access.can(request.user, "publish", obj.agency_id)
                          or publishing.open_revision(obj) is not None)
        return modes[key]

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.edits_revision(request, obj):
            return access.may_revise(request.user, obj, stored=False)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request, obj)
        return access.may_change(request.user, obj, self.edit_capability, stored=False)

    def row_fingerprint(self, request, obj) -> str:
        live = super().row_fingerprint(request, obj)
        if getattr(request, "_portal_applying", None) or not self.edits_revision(request, obj):
            return live
        revision = publishing.open_revision(obj)
        return f"{live}.{publishing.row_version(revision)}" if revision else live

    def conflict_messages(self, request, obj, since, form=None):
        revision = publishing.open_revision(obj) if self.edits_revision(request, obj) else None
        if revision is None or (since and revision.updated_at <= since):
            return super().conflict_messages(request, obj, since, form)
        who = revision.updated_by or revision.author or gettext("người khác")
        changed = []
        if form is not None:
            for name, field in form.fields.items():
                key = form.add_prefix(name)
                if form.data.getlist(key) != [str(v) for v in revision.data.get(key, [])]:
                    changed.append(str(field.label or name))
        lines = [gettext("Chưa lưu: %(who)s đã lưu bản nháp sửa đổi của mục này lúc %(at)s, sau khi bạn mở nó.") % {
            "who": who, "at": timezone.localtime(revision.updated_at).strftime("%H:%M:%S %d/%m/%Y")}]
        if changed:
            lines.append(gettext("Bản nháp đó khác nội dung bạn gửi ở: %(fields)s.") % {"fields": ", ".join(changed)})
        lines.append(gettext("Nội dung bạn nhập vẫn còn nguyên bên dưới: hãy đối chiếu, sửa nếu cần rồi bấm "
                             "Lưu lần nữa."))
        return lines

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        revision = self._shown_revision(request, obj)
        if revision is None:
            return form
        draft = _querydict(revision.data)

        class DraftForm(form):  # the draft, not the live row, is what the form shows
            def __init__(self, data=None, files=None, *args, **kw):
                super().__init__(draft if data is None else data, files if files is not None else {}, *args, **kw)

        DraftForm.__name__ = form.__name__
        return DraftForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        revision = self._shown_revision(request, obj)
        if revision is not None and "data" not in kwargs and inline.has_change_permission(request, obj):
            kwargs.update(data=_querydict(revision.data), files={})
        return kwargs

    def _shown_revision(self, request, obj):
        if (obj is None or request.method == "POST" or not getattr(request, "_portal_show_draft", False)
                or not self.edits_revision(request, obj)):
            return None
        return publishing.open_revision(obj)

    def _save_revision(self, request, obj):
        """Keep the submitted change form as the item's open revision; then its button's transition."""
        access.check_revise(request.user, obj)
        revision = publishing.open_revision(obj)
        if revision is not None:
            access.check_change(request.user, revision)  # pending: only those who may publish
        revision = publishing.propose(obj, publishing.form_data(request.POST), request.user)
        request._portal_saved_revision = revision
        name = request.POST.get("_transition")
        if name:
            self._revision_transition(request, obj, revision, name, request.POST.get("review_note", ""))
        elif revision.status == Status.DRAFT:
            messages.success(request, gettext("Đã lưu bản nháp sửa đổi. Trang công khai vẫn hiện bản đang đăng "
                                              "cho tới khi bản sửa đổi được duyệt."))
        return revision

    def _revision_transition(self, request, obj, revision, name, note=""):
        transition = TRANSITIONS.get(name)
        if (transition is None or name == "unpublish"
                or not access.can(request.user, transition.capability, revision.agency_id)):
            raise PermissionDenied
        access.check_change(request.user, revision, transition.capability)
        if name == "publish":
            return self._publish_revision(request, obj, revision)
        try:
            apply_transition(revision, name, request.user, note)
        except TransitionError as error:
            messages.error(request, str(error))
            return False
        done = {"submit": gettext("Đã gửi duyệt bản sửa đổi. Trang công khai vẫn hiện bản đang đăng."),
                "return": gettext("Đã trả lại bản sửa đổi cho người biên tập.")}
        messages.success(request, done[name])
        return True

    def _replay_request(self, request, data: QueryDict, applying):
        replay = copy.copy(request)
        replay.method = "POST"
        replay.POST = data
        replay._files = MultiValueDict()
        replay._portal_applying = applying
        replay._portal_show_draft = False
        return replay

    def _replay(self, request, obj, data: QueryDict, applying):
        """Submit ``data`` to the item's change form as ``request.user``: the same checks and save.

        Returns ``(True, None)`` or ``(False, [error, ...])``; on errors nothing is written.
        """
        replay = self._replay_request(request, data, applying)
        with transaction.atomic():
            self.model._base_manager.select_for_update().filter(pk=obj.pk).first()
            savepoint = transaction.savepoint()
            response = self._changeform_view(replay, str(obj.pk), "", {})
            if response.status_code in (301, 302):
                transaction.savepoint_commit(savepoint)
                return True, None
            transaction.savepoint_rollback(savepoint)
        context = getattr(response, "context_data", None) or {}
        errors = [str(e) for group in context.get("errors") or []
                  for e in (group if isinstance(group, list) else [group])]
        return False, errors or [gettext("Dữ liệu không hợp lệ.")]

    def _publish_revision(self, request, obj, revision):
        """Replace the live content with the revision's, in one transaction (approver only)."""
        access.check_change(request.user, revision, "publish")
        access.check_change(request.user, obj, "publish")
        data = _querydict(revision.data)
        opened = revision.updated_at.isoformat()
        data[VERSION_FIELD] = f"{revision.base_version}@{opened}"
        data["_save"] = "1"
        with transaction.atomic():
            done, errors = self._replay(request, obj, data, applying=revision)
            if done:
                apply_transition(revision, "publish", request.user)
        if not done:
            messages.error(request, gettext("Chưa xuất bản được bản sửa đổi: %(errors)s") % {
                "errors": " ".join(errors)})
            return False
        live = self.model._base_manager.get(pk=obj.pk)
        url = live.get_absolute_url() if live.is_public and hasattr(live, "get_absolute_url") else None
        if url:
            messages.success(request, format_html(
                "{} <a href=\"{}\">{}</a>",
                gettext("Đã duyệt và xuất bản bản sửa đổi: trang công khai đã được cập nhật."), url,
                gettext("Xem trang công khai")))
        else:
            messages.success(request, gettext("Đã duyệt bản sửa đổi: nội dung mới đã thay bản đang đăng."))
        return True

    def saved_revision(self, request):
        return getattr(request, "_portal_saved_revision", None)

    def save_related(self, request, form, formsets, change):
        if self.saved_revision(request) is None:
            super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if self.saved_revision(request) is not None:
            return []  # nothing of the live row changed (its formsets were not saved)
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if self.saved_revision(request) is None:
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        if getattr(request, "_portal_applying", None) is not None:
            return HttpResponseRedirect(request.path)
        if self.saved_revision(request) is not None:
            return HttpResponseRedirect(self._change_url(obj))  # back to the draft the editor is working on
        return self._with_workflow_message(request, obj, super().response_change(request, obj))

    def _change_url(self, obj):
        return reverse("admin:%s_%s_change" % (obj._meta.app_label, obj._meta.model_name), args=[obj.pk])

    @admin.display(description=_("trạng thái"))
    def status_display(self, obj):
        if obj.is_scheduled:
            return _("Hẹn giờ xuất bản")
        return obj.get_status_display()

    def _transitions_for(self, request, obj):
        if obj is None:  # a new item starts as a draft
            return [t for t in self.model().allowed_transitions()
                    if access.can_anywhere(request.user, t.capability)]
        return [t for t in obj.allowed_transitions() if access.can(request.user, t.capability, obj.agency_id)]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        revising = obj is not None and self.edits_revision(request, obj)
        if revising:
            revision = publishing.open_revision(obj)
            context["revision"] = revision
            context["revising"] = True
            shown = revision
            if shown is None:
                from portal.models import Revision

                shown = Revision(agency_id=obj.agency_id)
            context["transitions"] = [
                t for t in shown.allowed_transitions()
                if access.can(request.user, t.capability, obj.agency_id)
                and access.may_change(request.user, shown, t.capability, stored=False)
            ] if self.has_change_permission(request, obj) else []
            info = self.model._meta.app_label, self.model._meta.model_name
            if revision is not None:
                context["compare_url"] = reverse("admin:%s_%s_revision_compare" % info, args=[obj.pk])
                if access.may_change(request.user, revision, stored=False):
                    context["discard_url"] = reverse("admin:%s_%s_revision_discard" % info, args=[obj.pk])
        else:
            context["transitions"] = self._transitions_for(request, obj) if (
                obj is None or self.has_change_permission(request, obj)) else []
        if obj is not None and self.preview_template:
            info = self.model._meta.app_label, self.model._meta.model_name
            context["preview_url"] = reverse("admin:%s_%s_preview" % info, args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        applying = getattr(request, "_portal_applying", None)
        if change and applying is None and self.edits_revision(request, obj):
            self._save_revision(request, obj)  # the live row is not touched
            return
        if applying is not None:
            author = applying.author or applying.updated_by
            obj._change_reason = gettext("Duyệt bản sửa đổi #%(pk)s của %(author)s") % {
                "pk": applying.pk, "author": author or "—"}
        super().save_model(request, obj, form, change)
        name = request.POST.get("_transition")
        if name and self._apply(request, obj, name, request.POST.get("review_note", "")):
            request._portal_transition = name  # the response says what happened (workflow_message)

    # --- what the user is told after a workflow button: "đã gửi duyệt", "đã xuất bản" + the public page ---
    WORKFLOW_MESSAGES = {
        "submit": _("“%(object)s” đã gửi duyệt; lãnh đạo duyệt của cơ quan đã được báo."),
        "publish": _("“%(object)s” đã xuất bản."),
        "return": _("“%(object)s” đã trả lại cho người biên tập kèm ý kiến."),
        "unpublish": _("“%(object)s” đã gỡ xuống, không còn hiện trên trang công khai."),
    }

    def workflow_message(self, obj, name):
        from portal.sections import public_path

        if name == "publish" and obj.is_scheduled:
            return _("“%(object)s” đã duyệt, sẽ tự xuất bản lúc %(when)s.") % {
                "object": obj, "when": timezone.localtime(obj.published_at).strftime("%H:%M %d/%m/%Y")}
        text = self.WORKFLOW_MESSAGES[name] % {"object": obj}
        url = public_path(obj) if name == "publish" else ""
        return format_html('{} <a href="{}">{}</a>', text, url, _("Xem trang công khai")) if url else text

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and (getattr(request, "_portal_transition", None)
                                          or getattr(request, "_portal_applying", None)):
            return  # Django's "…đã được thay đổi thành công" gives way to the workflow's own message
        super().message_user(request, message, level, *args, **kwargs)

    def _with_workflow_message(self, request, obj, response):
        name = getattr(request, "_portal_transition", None)
        if name in self.WORKFLOW_MESSAGES:
            messages.success(request, self.workflow_message(obj, name))
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._with_workflow_message(request, obj, super().response_add(request, obj, post_url_continue))


    def _apply(self, request, obj, name, note=""):
        transition = TRANSITIONS.get(name)
        if transition is None or not access.can(request.user, transition.capability, obj.agency_id):
            raise PermissionDenied
        if transition.capability == "edit":
            access.check_change(request.user, obj)  # an editor submits only what they may change
        try:
            apply_transition(obj, name, request.user, note)
        except TransitionError as error:
            messages.error(request, f"{obj}: {error}")
            return False
        return True

    def _bulk(self, request, queryset, name, done_message):
        count = 0
        for obj in queryset:
            transition = TRANSITIONS[name]
            if obj.status in transition.sources and access.can(request.user, transition.capability, obj.agency_id):
                if self._apply(request, obj, name):
                    count += 1
        messages.info(request, done_message % {"count": count})

    @admin.action(description=_("Gửi duyệt các mục đã chọn"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit", _("Đã gửi duyệt %(count)d mục."))

    @admin.action(description=_("Duyệt và xuất bản các mục đã chọn"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish", _("Đã xuất bản %(count)d mục."))

    @admin.action(description=_("Gỡ xuống các mục đã chọn"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish", _("Đã gỡ xuống %(count)d mục."))

    def has_publish_permission(self, request):
        return access.can_anywhere(request.user, "publish")

    # --- preview: the public page of an unpublished item, for its agency's staff ---
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("<path:object_id>/preview/", self.admin_site.admin_view(self.preview_view),
                 name="%s_%s_preview" % info),
            path("<path:object_id>/revision/compare/", self.admin_site.admin_view(self.revision_compare_view),
                 name="%s_%s_revision_compare" % info),
            path("<path:object_id>/revision/discard/", self.admin_site.admin_view(self.revision_discard_view),
                 name="%s_%s_revision_discard" % info),
            path("<path:object_id>/history/<str:version_id>/revise/",
                 self.admin_site.admin_view(self.history_revise_view), name="%s_%s_history_revise" % info),
            *super().get_urls(),
        ]

    # --- the revision's doors: compare (and approve or return there), discard, revert from history ---
    def _object_and_revision(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))  # 404 for another agency
        access.check_revise(request.user, obj)
        revision = publishing.open_revision(obj)
        if revision is None:
            raise Http404(_("Mục này không có bản sửa đổi nào đang mở."))
        return obj, revision

    def revision_compare_view(self, request, object_id):
        obj, revision = self._object_and_revision(request, object_id)
        if request.method == "POST":
            name = request.POST.get("_transition", "")
            with transaction.atomic():
                done = self._revision_transition(request, obj, revision, name, request.POST.get("review_note", ""))
            if done:
                return HttpResponseRedirect(self._change_url(obj))
            return HttpResponseRedirect(request.path)
        rows, valid = self.revision_diff(request, obj, revision)
        transitions = [t for t in revision.allowed_transitions()
                       if access.can(request.user, t.capability, obj.agency_id)
                       and access.may_change(request.user, revision, t.capability, stored=False)]
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "original": obj,
            "title": _("So sánh bản sửa đổi với bản đang đăng: “%(object)s”") % {"object": obj},
            "revision": revision, "rows": rows, "valid": valid, "transitions": transitions,
            "change_url": self._change_url(obj),
            "live_moved": revision.base_version != publishing.row_version(obj),
        }
        return TemplateResponse(request, "admin/portal/revision_compare.html", context)

    def revision_diff(self, request, obj, revision):
        """``(rows, valid)``: each changed field of the item and of its inline rows, live against draft."""
        data = _querydict(revision.data)
        replay = self._replay_request(request, data, applying=None)
        draft = self.get_object(request, str(obj.pk))
        fieldsets = self.get_fieldsets(replay, draft)
        form_class = self.get_form(replay, draft, change=True, fields=flatten_fieldsets(fieldsets))
        form = form_class(data, {}, instance=draft)
        valid = form.is_valid()
        rows = []
        opts = self.model._meta
        for name, formfield in form.fields.items():
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:
                continue
            old = _value_text(obj, field)
            if field.many_to_many:
                new = publishing.plain([str(o) for o in form.cleaned_data.get(name) or []]) if valid else ""
            else:
                new = _value_text(draft, field)
            if old != new:
                rows.append(self._diff_row("", formfield.label or field.verbose_name, old, new))
        formsets, inlines = self._create_formsets(replay, draft, change=True)
        for formset, inline in zip(formsets, inlines, strict=False):
            valid = formset.is_valid() and valid
            group = str(inline.verbose_name_plural or formset.model._meta.verbose_name_plural)
            for child in formset.forms:
                if not child.has_changed() or not hasattr(child, "cleaned_data"):
                    continue
                existing = child.instance.pk and formset.model._base_manager.filter(pk=child.instance.pk).first()
                if formset.can_delete and formset._should_delete_form(child):
                    rows.append(self._diff_row(group, gettext("Xóa mục"), str(existing or ""), ""))
                    continue
                for name in child.changed_data:
                    formfield = child.fields[name]
                    try:
                        field = formset.model._meta.get_field(name)
                    except FieldDoesNotExist:
                        field = None
                    if field is not None and not field.many_to_many and existing:
                        old = _value_text(existing, field)
                    elif field is not None and field.many_to_many and existing:
                        old = _value_text(existing, field)
                    else:
                        old = publishing.plain(child.initial.get(name)) if existing else ""
                    new_value = child.cleaned_data.get(name)
                    if field is not None and not field.many_to_many:
                        new = _value_text(child.instance, field)
                    elif isinstance(new_value, (list, tuple, models.QuerySet)):
                        new = publishing.plain([str(o) for o in new_value])
                    else:
                        new = publishing.plain(new_value)
                    label = f"{gettext('Mục mới') if not existing else _short(str(existing), 60)} — {formfield.label}"
                    if old != new:
                        rows.append(self._diff_row(group, label, old, new))
        return rows, valid

    @staticmethod
    def _diff_row(group, label, old, new):
        old_html, new_html = publishing.word_diff(old, new)
        return {"group": group, "label": str(label), "old": old_html, "new": new_html}

    def revision_discard_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj, revision = self._object_and_revision(request, object_id)
        access.check_change(request.user, revision)  # a pending one only by those who may publish
        revision.delete()
        messages.success(request, gettext("Đã hủy bản nháp sửa đổi; bản đang đăng giữ nguyên."))
        return HttpResponseRedirect(self._change_url(obj))

    def history_revise_view(self, request, object_id, version_id):
        """Go back to an older version through the workflow: a revision of a published item (never
        published directly), or an ordinary save of an item that is not public."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        record = get_object_or_404(self.model.history, **{self.model._meta.pk.attname: obj.pk,
                                                          "history_id": version_id})
        when = timezone.localtime(record.history_date).strftime("%H:%M %d/%m/%Y")
        data = self._form_data_for(request, obj, record.instance)
        if obj.status == Status.PUBLISHED:
            access.check_revise(request.user, obj)
            revision = publishing.open_revision(obj)
            if revision is not None:
                access.check_change(request.user, revision)
            publishing.propose(obj, publishing.form_data(data), request.user,
                               summary=gettext("Khôi phục phiên bản lúc %(when)s") % {"when": when})
            messages.success(request, gettext("Đã tạo bản nháp sửa đổi từ phiên bản lúc %(when)s; bản đang đăng "
                                              "giữ nguyên cho tới khi bản nháp được duyệt.") % {"when": when})
            return HttpResponseRedirect(self._change_url(obj))
        access.check_change(request.user, obj)
        data[VERSION_FIELD] = f"{publishing.row_version(obj)}@"
        data["_save"] = "1"
        done, errors = self._replay(request, obj, data, applying=None)
        if done:
            messages.success(request, gettext(
                "Đã khôi phục phiên bản lúc %(when)s (vẫn ở trạng thái “%(status)s”).") % {
                "when": when, "status": obj.get_status_display()})
        else:
            messages.error(request, gettext("Chưa khôi phục được: %(errors)s") % {"errors": " ".join(errors)})
        return HttpResponseRedirect(self._change_url(obj))

    def _form_data_for(self, request, obj, source) -> QueryDict:
        """The change form's data as a browser would submit it, with ``source``'s field values and the
        item's current inline rows."""
        shown = copy.copy(obj)
        for field in self.model._meta.concrete_fields:
            if not field.primary_key and field.name != "agency":
                setattr(shown, field.attname, getattr(source, field.attname))
        viewing = copy.copy(request)
        viewing.method = "GET"
        viewing._portal_show_draft = False
        fieldsets = self.get_fieldsets(viewing, obj)
        form = self.get_form(viewing, obj, change=True, fields=flatten_fieldsets(fieldsets))(instance=shown)
        data = QueryDict(mutable=True)
        for bound in form:
            _put(data, bound)
        formsets, _inlines = self._create_formsets(viewing, obj, change=True)
        for formset in formsets:
            management = formset.management_form
            for bound in management:
                data[bound.html_name] = str(management.initial.get(bound.name, ""))
            data[management.add_prefix("TOTAL_FORMS")] = str(formset.initial_form_count())
            for child in formset.initial_forms:
                for bound in child:
                    _put(data, bound)
        return data

    def history_view(self, request, object_id, extra_context=None):
        info = self.model._meta.app_label, self.model._meta.model_name
        extra_context = {**(extra_context or {}), "revise_url_name": "admin:%s_%s_history_revise" % info}
        return super().history_view(request, object_id, extra_context)

    def preview_view(self, request, object_id):
        obj = self.get_object(request, object_id)  # 404 for another agency
        if not self.preview_template:
            raise Http404
        return self.render_preview(request, obj)

    def render_preview(self, request, obj):
        """Sections override this to render their public template with ``obj``."""
        raise Http404
