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


# --- drafts of published items (Wagtail's model, kept simple) -------------------------------------
# A published item edited by someone who may not publish (or with a draft already open) is not
# changed: the change form's data is kept as a ``portal.models.Revision``, which goes through the
# same transitions (submit, return, publish) while the live row keeps serving. Publishing a revision
# replays its data through the item's own admin form and save in one transaction
# (agencies.tenant_admin.PublishableAdmin); public code never reads revisions.
OPEN_STATUSES = (Status.DRAFT, Status.PENDING, Status.RETURNED)
# Keys of a submitted change form that are not content.
FORM_CONTROL_KEYS = frozenset({"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew",
                               "_transition", "_version", "review_note", "_popup", "_changelist_filters"})


def revisions_of(obj):
    from django.contrib.contenttypes.models import ContentType

    from portal.models import Revision

    return Revision.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def open_revision(obj, *, lock=False):
    """The item's revision still in the workflow (draft, pending or returned), or None."""
    if obj is None or obj.pk is None:
        return None
    revisions = revisions_of(obj).filter(status__in=OPEN_STATUSES)
    if lock:
        revisions = revisions.select_for_update()
    return revisions.first()


def form_data(querydict) -> dict:
    """``{name: [values]}`` of a submitted change form, without buttons, tokens and files."""
    return {key: querydict.getlist(key) for key in querydict if key not in FORM_CONTROL_KEYS}


def propose(obj, data: dict, user, *, summary: str = ""):
    """Keep ``data`` as the item's open revision (created on first use). The caller checked the user."""
    from django.contrib.contenttypes.models import ContentType

    from portal.models import Revision

    with transaction.atomic():
        revision = open_revision(obj, lock=True)
        if revision is None:
            revision = Revision(agency_id=obj.agency_id, content_type=ContentType.objects.get_for_model(obj),
                                object_id=obj.pk, author=user)
        revision.data = data
        revision.base_version = row_version(obj)
        revision.updated_by = user
        if summary:
            revision.summary = summary[:255]
        revision.save()
    return revision


# --- versions of rows: no silent overwrite ---------------------------------------------------------
def row_version(obj) -> str:
    """A short fingerprint of the row as stored now ("" when it is gone); changes with any saved field."""
    import hashlib

    if obj is None or obj.pk is None:
        return ""
    row = type(obj)._base_manager.filter(pk=obj.pk).values().first()
    if row is None:
        return ""
    row.pop("content_version", None)  # bumped by other rows' changes (agency cache version)
    row.pop("next_publication_at", None)
    return hashlib.sha256(repr(sorted(row.items())).encode()).hexdigest()[:16]


def changes_since(obj, since):
    """What others saved after ``since``: ``(changes, users, last_time)`` from the item's history.

    ``changes`` are ``(field label, old, new)`` between the version current at ``since`` and now.
    """
    history = getattr(type(obj), "history", None)
    if history is None or since is None:
        return [], [], None
    records = list(history.filter(**{type(obj)._meta.pk.attname: obj.pk}).select_related(
        "history_user").order_by("history_date", "history_id"))
    before = [r for r in records if r.history_date <= since]
    after = [r for r in records if r.history_date > since]
    if not after:
        return [], [], None
    changes = []
    if before:
        delta = after[-1].diff_against(before[-1])
        for change in delta.changes:
            field = type(obj)._meta.get_field(change.field)
            if change.field in ("updated_at", "updated_by", "content_version", "next_publication_at"):
                continue
            changes.append((str(field.verbose_name), plain(change.old), plain(change.new)))
    users = list(dict.fromkeys(str(r.history_user) for r in after if r.history_user))
    return changes, users, after[-1].history_date


# --- readable differences ------------------------------------------------------------------------
_BLOCK_TAGS = r"(?:p|div|li|tr|h[1-6]|br|table|ul|ol|blockquote)"


def plain(value, rich: bool = False) -> str:
    """A value as text for a comparison: rich text (``rich``) without tags, lists joined, None as empty."""
    import html
    import re

    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(plain(v) for v in value)
    if hasattr(value, "strftime"):
        fmt = "%H:%M %d/%m/%Y" if hasattr(value, "hour") and hasattr(value, "day") else (
            "%d/%m/%Y" if hasattr(value, "day") else "%H:%M")
        if hasattr(value, "tzinfo") and value.tzinfo is not None and hasattr(value, "day"):
            value = timezone.localtime(value)
        return value.strftime(fmt)
    text = str(value)
    if rich:
        text = re.sub(rf"<\s*/?\s*{_BLOCK_TAGS}\b[^>]*>", "\n", text, flags=re.IGNORECASE)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return text


def word_diff(old: str, new: str):
    """``(old_html, new_html)``: both texts escaped, removed words in ``<del>``, added in ``<ins>``."""
    import difflib
    import re

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    words = re.compile(r"\S+\s*|\s+")  # each word with the space after it: changed runs stay whole
    a, b = words.findall(old or ""), words.findall(new or "")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return mark_safe("".join(left).replace("\n", "<br>")), mark_safe("".join(right).replace("\n", "<br>"))
