"""The one publishing workflow: draft → pending → published, or returned with a comment.

Public code reads only through ``published()``; ``published_at`` in the future schedules
publication without any cron job, because the queryset compares with now.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PENDING = "pending", _("Chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    PUBLISHED = "published", _("Đã xuất bản")
    UNPUBLISHED = "unpublished", _("Đã gỡ xuống")


# Statuses an editor (without the right to publish) may still change.
EDITABLE_BY_EDITORS = {Status.DRAFT, Status.RETURNED, Status.UNPUBLISHED}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    capability: str  # "edit" or "publish", checked by the caller against the user's role


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", _("Gửi duyệt"), frozenset(EDITABLE_BY_EDITORS), Status.PENDING, "edit"),
        Transition(
            "publish", _("Duyệt và xuất bản"),
            frozenset({Status.DRAFT, Status.PENDING, Status.RETURNED, Status.UNPUBLISHED}),
            Status.PUBLISHED, "publish",
        ),
        Transition("return", _("Trả lại"), frozenset({Status.PENDING}), Status.RETURNED, "publish"),
        Transition("unpublish", _("Gỡ xuống"), frozenset({Status.PUBLISHED}), Status.UNPUBLISHED, "publish"),
    )
}


# Sent inside apply_transition's transaction, after the save: sender=the model, instance, name (the
# transition), user, note, source (the status before). The officer's desk (desk/) notifies from it.
transitioned = Signal()


class TransitionError(Exception):
    pass


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """Published and due: the only rows any public page, feed, sitemap or search may read."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        return self.filter(status=Status.PUBLISHED, published_at__gt=now or timezone.now())

    def pending(self):
        return self.filter(status=Status.PENDING)


class Publishable(models.Model):
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT,
                              editable=False)
    published_at = models.DateTimeField(
        _("thời điểm xuất bản"), null=True, blank=True,
        help_text=_("Để trống để xuất bản ngay khi được duyệt; chọn thời điểm trong tương lai để hẹn giờ."),
    )
    review_note = models.TextField(_("ý kiến của người duyệt"), blank=True,
                                   help_text=_("Ghi rõ lý do khi trả lại để người biên tập sửa."))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True,
                                    blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return (self.status == Status.PUBLISHED and self.published_at is not None
                and self.published_at <= timezone.now())

    @property
    def is_scheduled(self) -> bool:
        return (self.status == Status.PUBLISHED and self.published_at is not None
                and self.published_at > timezone.now())

    def allowed_transitions(self):
        return [t for t in TRANSITIONS.values() if self.status in t.sources]


def apply_transition(obj: Publishable, name: str, user, note: str = "") -> Publishable:
    """Move ``obj`` along the workflow and save it. The caller has checked the user's role."""
    transition = TRANSITIONS.get(name)
    if transition is None or obj.status not in transition.sources:
        raise TransitionError(_("Không thể chuyển từ trạng thái “%(status)s”.") % {
            "status": obj.get_status_display()})
    if name == "return" and not (note or obj.review_note).strip():
        raise TransitionError(_("Hãy ghi ý kiến trả lại để người biên tập biết cần sửa gì."))
    source = obj.status
    with transaction.atomic():
        obj._history_user = user  # simple_history: who made this change, also outside a request
        obj.status = transition.target
        if name == "publish":
            obj.published_at = obj.published_at or timezone.now()
            obj.reviewed_by = user
            obj.review_note = ""
        elif name == "return":
            obj.review_note = note or obj.review_note
            obj.reviewed_by = user
        elif name == "unpublish":
            obj.reviewed_by = user
        obj.save()
        transitioned.send(sender=type(obj), instance=obj, name=name, user=user, note=note, source=source)
    return obj
