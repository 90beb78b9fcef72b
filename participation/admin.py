"""Admin of the section: answer questions through the workflow, moderate comments, handle requests.

Scoping, roles and history are the foundation's (TenantAdmin, PublishableAdmin, TenantInline):
another agency's question, comment or request answers 404.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies import access
from agencies.tenant_admin import PublishableAdmin, TenantAdmin

from . import handling
from .models import Comment, Consultation, DisclosureItem, InformationRequest, Plan, Question


@admin.register(Question)
class QuestionAdmin(PublishableAdmin):
    list_display = ("topic", "asker_name", "received_at", "due_on", "status_display", "answered_at")
    list_filter = ("status",)
    search_fields = ("topic", "search_text")
    date_hierarchy = "received_at"
    fieldsets = (
        (_("Câu hỏi"), {"fields": ("agency", "topic", "question", "asker_name", "anonymous", "email", "phone",
                                   "received_at", "due_on")}),
        (_("Trả lời"), {"fields": ("answer", "answered_by_unit", "answered_at")}),
        (_("Xuất bản"), {"fields": ("status_display", "published_at", "review_note")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "received_at", "answered_at"]

    def _apply(self, request, obj, name, note=""):
        if name == "publish" and not (obj.answer or "").strip():
            messages.error(request, _("%(q)s: hãy nhập nội dung trả lời trước khi xuất bản.") % {"q": obj})
            return False
        done = super()._apply(request, obj, name, note)
        if done and name == "publish":
            handling.mark_answered(obj, request.user)
        return done


@admin.register(Consultation)
class ConsultationAdmin(PublishableAdmin):
    list_display = ("title", "drafting_unit", "opens_on", "closes_on", "status_display", "response_published_at")
    list_filter = ("status",)
    search_fields = ("title", "search_text")
    fieldsets = (
        (_("Dự thảo"), {"fields": ("agency", "title", "summary", "drafting_unit", "opens_on", "closes_on",
                                   "draft_file", "statement_file")}),
        (_("Sau khi hết thời gian lấy ý kiến"), {"fields": ("response_summary", "response_file",
                                                             "response_published_at")}),
        (_("Xuất bản"), {"fields": ("status_display", "published_at", "review_note")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "response_published_at"]


class FromPublicFormAdmin(TenantAdmin):
    """Rows only the public form creates (comments, requests): handled here, never added here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:  # the list: the base would ask has_add_permission, which is False here
            return access.can_anywhere(request.user, self.edit_capability)
        return super().has_change_permission(request, obj)


class ModerationForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["moderation", "moderation_reason"]


@admin.register(Comment)
class CommentAdmin(FromPublicFormAdmin):
    """Moderation: a comment shows on the draft's page once approved; refusing needs a reason."""

    form = ModerationForm
    list_display = ("name", "organisation", "consultation", "received_at", "moderation")
    list_filter = ("moderation", "consultation")
    search_fields = ("name", "organisation", "text")
    readonly_fields = ("agency", "consultation", "name", "organisation", "contact", "text", "attachment",
                       "received_at", "moderated_by", "moderated_at")
    fields = ("consultation", "name", "organisation", "contact", "text", "attachment", "received_at",
              "moderation", "moderation_reason", "moderated_by", "moderated_at")
    actions = ["approve_selected"]

    def save_model(self, request, obj, form, change):
        handling.moderate(obj, obj.moderation, request.user, obj.moderation_reason)

    @admin.action(description=_("Duyệt hiển thị các góp ý đã chọn"), permissions=["change"])
    def approve_selected(self, request, queryset):
        count = 0
        for comment in queryset:
            if self.has_change_permission(request, comment):
                handling.moderate(comment, Comment.Moderation.APPROVED, request.user)
                count += 1
        messages.info(request, _("Đã duyệt %(count)d góp ý.") % {"count": count})


class RequestHandlingForm(forms.ModelForm):
    ACTIONS = (
        ("", _("— Chỉ lưu —")),
        ("processing", _("Chuyển sang đang xử lý")),
        ("extend", _("Gia hạn (ghi lý do)")),
        ("refuse", _("Từ chối cung cấp (ghi lý do)")),
        ("provide", _("Đã cung cấp thông tin (gửi thư báo)")),
    )
    handling_action = forms.ChoiceField(label=_("Thao tác"), choices=ACTIONS, required=False)
    extension_days = forms.IntegerField(label=_("Số ngày làm việc gia hạn"), min_value=1, max_value=15,
                                        required=False, initial=15)
    reason = forms.CharField(label=_("Lý do gia hạn hoặc từ chối"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)

    class Meta:
        model = InformationRequest
        fields = ["complexity", "response", "response_file"]

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("handling_action")
        if action in ("extend", "refuse") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Hãy ghi lý do."))
        if action == "extend" and not cleaned.get("extension_days"):
            self.add_error("extension_days", _("Hãy nhập số ngày làm việc gia hạn (1–15)."))
        if action == "provide" and not (cleaned.get("response") or "").strip() and not cleaned.get("response_file"):
            self.add_error("response", _("Hãy nhập nội dung trả lời hoặc đính kèm tệp thông tin."))
        if action and self.instance.is_closed:
            raise ValidationError(_("Yêu cầu này đã kết thúc."))
        return cleaned


@admin.register(InformationRequest)
class InformationRequestAdmin(FromPublicFormAdmin):
    form = RequestHandlingForm
    list_display = ("tracking_code", "full_name", "received_at", "status", "due_on", "extended_until")
    list_filter = ("status", "complexity")
    search_fields = ("tracking_code", "full_name", "information")
    readonly_fields = ("agency", "tracking_code", "full_name", "id_number", "address", "phone", "email",
                       "information", "purpose", "delivery", "copies", "received_at", "status", "due_on",
                       "extended_until", "extension_reason", "refusal_reason", "closed_at")
    fieldsets = (
        (_("Phiếu yêu cầu"), {"fields": ("tracking_code", "full_name", "id_number", "address", "phone", "email",
                                         "information", "purpose", "delivery", "copies", "received_at")}),
        (_("Xử lý"), {"fields": ("complexity", "status", "due_on", "extended_until", "extension_reason",
                                 "refusal_reason", "response", "response_file", "closed_at",
                                 "handling_action", "extension_days", "reason")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = form.cleaned_data.get("handling_action")
        reason = form.cleaned_data.get("reason") or ""
        try:
            if action == "processing":
                handling.start_processing(obj, request.user)
            elif action == "extend":
                handling.extend(obj, request.user, form.cleaned_data["extension_days"], reason)
            elif action == "refuse":
                handling.refuse(obj, request.user, reason)
            elif action == "provide":
                handling.provide(obj, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))


@admin.register(DisclosureItem)
class DisclosureItemAdmin(PublishableAdmin):
    list_display = ("title", "legal_basis", "order", "status_display")
    list_editable = ("order",)
    fields = ("agency", "title", "legal_basis", "disclosure_form", "location", "order", "status_display",
              "published_at", "review_note")


@admin.register(Plan)
class PlanAdmin(PublishableAdmin):
    list_display = ("title", "kind", "year", "progress", "status_display")
    list_filter = ("kind", "year", "progress", "status")
    search_fields = ("title", "search_text")
    fields = ("agency", "title", "kind", "year", "number", "issued_on", "progress", "summary", "file",
              "status_display", "published_at", "review_note")
