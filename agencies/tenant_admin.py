"""The one admin base class that scopes everything a staff member reaches to their agencies.

Changelists, object URLs (another agency's id answers 404), history and revert, foreign-key and
many-to-many choices in forms and inlines (a forged id fails validation), autocomplete results
(they come from the scoped queryset), list filters (only values present in the scoped list),
actions and exports (they act on the scoped changelist) and the ``agency`` that is saved.
Section admins subclass ``TenantAdmin`` (or ``PublishableAdmin``) and ``TenantInline``; no other
code writes scoping.
"""

from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.publishing import TRANSITIONS, TransitionError, apply_transition

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
        return with_agency_validation(super().get_form(request, obj, change=change, **kwargs))

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
        return access.may_change(request.user, obj, self.edit_capability, stored=False)

    def has_add_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_editable(request, obj)

    def has_view_permission(self, request, obj=None):
        return obj is None or access.can(request.user, "view", _agency_id_of(obj))


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
        if not may_publish:
            fields += [f for f in self.publisher_only_fields if f not in fields]
        return fields

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
        context["transitions"] = self._transitions_for(request, obj) if (
            obj is None or self.has_change_permission(request, obj)) else []
        if obj is not None and self.preview_template:
            info = self.model._meta.app_label, self.model._meta.model_name
            context["preview_url"] = reverse("admin:%s_%s_preview" % info, args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
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
        if getattr(request, "_portal_transition", None) and level == messages.SUCCESS:
            return  # Django's "…đã được thay đổi thành công" gives way to the workflow's own message
        super().message_user(request, message, level, *args, **kwargs)

    def _with_workflow_message(self, request, obj, response):
        name = getattr(request, "_portal_transition", None)
        if name in self.WORKFLOW_MESSAGES:
            messages.success(request, self.workflow_message(obj, name))
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._with_workflow_message(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._with_workflow_message(request, obj, super().response_change(request, obj))

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
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        obj = self.get_object(request, object_id)  # 404 for another agency
        if not self.preview_template:
            raise Http404
        return self.render_preview(request, obj)

    def render_preview(self, request, obj):
        """Sections override this to render their public template with ``obj``."""
        raise Http404
