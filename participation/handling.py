"""Writes of the section that are more than a save: answering, moderating, handling requests.

One path per write; the admin calls these, tests call them directly. Each runs in one transaction
and records who did it in the history (simple_history's ``_history_user``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notify
from .deadlines import latest_extension
from .models import Comment, InformationRequest
from .workdays import add_working_days


def mark_answered(question, user):
    """Called when a question's answer is published: stamp it and tell the asker."""
    if question.answered_at is None:
        question.answered_at = question.published_at or timezone.now()
        type(question).objects.filter(pk=question.pk).update(answered_at=question.answered_at)
    if question.notified_at is None:
        notify.question_answered(question)


def moderate(comment: Comment, decision: str, user, reason: str = "") -> Comment:
    if decision not in (Comment.Moderation.APPROVED, Comment.Moderation.REJECTED):
        raise ValidationError(_("Quyết định kiểm duyệt không hợp lệ."))
    if decision == Comment.Moderation.REJECTED and not reason.strip():
        raise ValidationError(_("Hãy ghi lý do không hiển thị góp ý của %(name)s.") % {"name": comment.name})
    with transaction.atomic():
        comment._history_user = user
        comment.moderation = decision
        comment.moderation_reason = reason.strip() if decision == Comment.Moderation.REJECTED else ""
        comment.moderated_by = user
        comment.moderated_at = timezone.now()
        comment.updated_by = user
        comment.save()
    return comment


def _save(obj, user):
    obj._history_user = user
    obj.updated_by = user
    obj.save()


def _ensure_open(req: InformationRequest):
    if req.is_closed:
        raise ValidationError(_("Yêu cầu %(code)s đã kết thúc.") % {"code": req.tracking_code})


def _close(req: InformationRequest, user, status: str, event: str):
    """The end of a request (refused or provided): stamped, saved with its history, the requester told."""
    with transaction.atomic():
        req.status = status
        req.closed_at = timezone.now()
        _save(req, user)
    notify.request_event(req, event)
    return req


def start_processing(req: InformationRequest, user, complexity: str | None = None):
    _ensure_open(req)
    with transaction.atomic():
        if complexity:
            req.complexity = complexity
        req.status = InformationRequest.Status.PROCESSING
        _save(req, user)
    return req


def extend(req: InformationRequest, user, working_days: int, reason: str):
    _ensure_open(req)
    if req.extended_until:
        raise ValidationError(_("Yêu cầu %(code)s đã được gia hạn một lần.") % {"code": req.tracking_code})
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do gia hạn yêu cầu %(code)s.") % {"code": req.tracking_code})
    if not 1 <= working_days <= 15:
        raise ValidationError(_("Số ngày gia hạn từ 1 đến 15 ngày làm việc."))
    with transaction.atomic():
        req.extended_until = min(add_working_days(req.due_on, working_days), latest_extension(req.due_on))
        req.extension_reason = reason.strip()
        req.status = InformationRequest.Status.EXTENDED
        _save(req, user)
    notify.request_event(req, "extended")
    return req


def refuse(req: InformationRequest, user, reason: str):
    _ensure_open(req)
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do từ chối yêu cầu %(code)s (căn cứ Điều 28 Luật Tiếp cận thông tin).")
                              % {"code": req.tracking_code})
    req.refusal_reason = reason.strip()
    return _close(req, user, InformationRequest.Status.REFUSED, "refused")


def provide(req: InformationRequest, user, response: str = ""):
    _ensure_open(req)
    if not (response or req.response).strip() and not req.response_file:
        raise ValidationError(_("Hãy nhập nội dung trả lời hoặc đính kèm tệp thông tin cho yêu cầu %(code)s.")
                              % {"code": req.tracking_code})
    if response:
        req.response = response.strip()
    return _close(req, user, InformationRequest.Status.PROVIDED, "provided")
