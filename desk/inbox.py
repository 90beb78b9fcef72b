"""What the admin home shows a member of staff: their work, read from every publishable model.

The publishable models come from the section registry (``portal.sections.publishable_models``). For
each, ONE query finds the rows of four lists — awaiting my approval, returned to me, my drafts,
scheduled — with the size of each list and its first rows (window functions), so the home costs a
fixed number of queries whatever the amount of content: one per publishable model, plus the people
who submitted, plus the notifications.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies import access
from portal.publishing import Status
from portal.sections import publishable_models

from . import links
from .models import Notification, WorkflowEvent
from .notifications import unread_count

LIST_SIZE = 10
NOTIFICATIONS_SHOWN = 8

PENDING, RETURNED, DRAFT, SCHEDULED = "pending", "returned", "draft", "scheduled"
TITLES = {
    PENDING: _("Chờ tôi duyệt"),
    RETURNED: _("Bị trả lại cho tôi"),
    DRAFT: _("Bản nháp của tôi"),
    SCHEDULED: _("Hẹn giờ xuất bản"),
}


@dataclass
class Item:
    obj: object
    section: object
    bucket: str
    submitter_id: int | None
    submitter: object = None

    @property
    def title(self):
        return str(self.obj)

    @property
    def model_name(self):
        return self.obj._meta.verbose_name

    @property
    def admin_url(self):
        return links.admin_change_path(type(self.obj), self.obj.pk)

    @property
    def edited(self):
        """The row whose edit is waiting: the item itself, or its draft revision."""
        return self.obj

    @property
    def since(self) -> datetime:
        return self.edited.updated_at

    @property
    def review_note(self):
        return self.edited.review_note


@dataclass
class RevisionItem(Item):
    """A draft of a published item (portal.models.Revision): shown as the item, opened on its page."""

    revision: object = None

    @property
    def title(self):
        return _("%(title)s (bản sửa đổi)") % {"title": self.obj}

    @property
    def edited(self):
        return self.revision


@dataclass
class SectionCount:
    section: object
    count: int


@dataclass
class Bucket:
    key: str
    count: int = 0
    items: list = field(default_factory=list)
    by_section: dict = field(default_factory=dict)  # section number -> SectionCount

    @property
    def title(self):
        return TITLES[self.key]

    @property
    def sections(self):
        return [self.by_section[n] for n in sorted(self.by_section)]

    @property
    def more(self):
        return self.count - len(self.items)


@dataclass
class Desk:
    may_publish: bool
    may_edit: bool
    buckets: dict
    notifications: list
    unread: int
    multi_agency: bool = False  # the user works in several agencies: name each item's agency

    @property
    def pending(self):
        return self.buckets[PENDING]

    @property
    def returned(self):
        return self.buckets[RETURNED]

    @property
    def drafts(self):
        return self.buckets[DRAFT]

    @property
    def scheduled(self):
        return self.buckets[SCHEDULED]


def _in(ids):
    """Rows of these agencies (None: every agency)."""
    return Q() if ids is None else Q(agency_id__in=list(ids))


def _rows(model, user, now, edit_ids, publish_ids):
    content_type = ContentType.objects.get_for_model(model)
    submitter = Subquery(WorkflowEvent.objects.filter(
        content_type_id=content_type.pk, object_id=OuterRef("pk"), kind=WorkflowEvent.Kind.SUBMITTED,
    ).order_by("-at", "-pk").values("actor_id")[:1])
    mine = Q(created_by_id=user.pk) | Q(updated_by_id=user.pk)
    conditions = {
        PENDING: Q(status=Status.PENDING) & _in(publish_ids),
        RETURNED: Q(status=Status.RETURNED) & _in(edit_ids) & (
            Q(submitter_id=user.pk) | Q(submitter_id__isnull=True, created_by_id=user.pk)),
        DRAFT: Q(status=Status.DRAFT) & _in(edit_ids) & mine,
        SCHEDULED: Q(status=Status.PUBLISHED, published_at__gt=now) & _in(edit_ids),
    }
    if publish_ids is not None and not publish_ids:
        conditions.pop(PENDING)
    if edit_ids is not None and not edit_ids:
        for key in (RETURNED, DRAFT, SCHEDULED):
            conditions.pop(key)
    if not conditions:
        return []
    wanted = Q()
    for condition in conditions.values():
        wanted |= condition
    bucket = Case(*(When(condition, then=Value(key)) for key, condition in conditions.items()),
                  default=Value(""), output_field=CharField())
    partition = [F("bucket")]
    queryset = (
        model._default_manager.annotate(submitter_id=submitter).filter(wanted)
        .annotate(bucket=bucket)
        .annotate(
            bucket_total=Window(Count("pk"), partition_by=partition),
            oldest_rank=Window(RowNumber(), partition_by=partition, order_by=[F("updated_at").asc(), F("pk").asc()]),
            newest_rank=Window(RowNumber(), partition_by=partition,
                               order_by=[F("updated_at").desc(), F("pk").desc()]),
            due_rank=Window(RowNumber(), partition_by=partition, order_by=[F("published_at").asc(), F("pk").asc()]),
        )
        .filter(Q(bucket=PENDING, oldest_rank__lte=LIST_SIZE)
                | Q(bucket__in=[RETURNED, DRAFT], newest_rank__lte=LIST_SIZE)
                | Q(bucket=SCHEDULED, due_rank__lte=LIST_SIZE))
        .select_related("agency")
    )
    return list(queryset)


def _revision_items(user, edit_ids, publish_ids):
    """Open revisions of published items in the same lists (never scheduled: approval publishes them).
    One query for the revisions, one per kind of item revised (at most one per publishable model)."""
    from portal.models import Revision
    from portal.sections import section_of_model

    conditions = Q(pk__in=[])
    if publish_ids is None or publish_ids:
        conditions |= Q(status=Status.PENDING) & _in(publish_ids)
    if edit_ids is None or edit_ids:
        conditions |= Q(status=Status.RETURNED, author_id=user.pk) & _in(edit_ids)
        conditions |= Q(status=Status.DRAFT) & (Q(author_id=user.pk) | Q(updated_by_id=user.pk)) & _in(edit_ids)
    revisions = list(Revision.objects.filter(conditions).select_related("content_type")
                     .order_by("updated_at", "pk"))  # at most one open revision per item
    by_type = {}
    for revision in revisions:
        by_type.setdefault(revision.content_type, []).append(revision)
    items = []
    for content_type, group in by_type.items():
        model = content_type.model_class()
        section = section_of_model(model)
        targets = model._default_manager.select_related("agency").in_bulk([r.object_id for r in group])
        for revision in group:
            target = targets.get(revision.object_id)
            if target is not None and section is not None:
                items.append(RevisionItem(target, section, revision.status, revision.author_id, revision=revision))
    return items


SORT_KEYS = {
    PENDING: lambda item: (item.since, item.obj.pk),  # oldest first: who has waited longest
    RETURNED: lambda item: (-item.since.timestamp(), item.obj.pk),
    DRAFT: lambda item: (-item.since.timestamp(), item.obj.pk),
    SCHEDULED: lambda item: (item.obj.published_at, item.obj.pk),
}


def build_desk(user, now=None) -> Desk | None:
    """The desk of ``user``; None for someone who edits nothing anywhere (a provincial reviewer)."""
    if not (user.is_authenticated and user.is_active):
        return None
    now = now or timezone.now()
    edit_ids = access.agency_ids(user, "edit")
    publish_ids = access.agency_ids(user, "publish")
    may_edit = edit_ids is None or bool(edit_ids)
    may_publish = publish_ids is None or bool(publish_ids)
    if not may_edit and not may_publish:
        return None
    buckets = {key: Bucket(key) for key in TITLES}
    for section, model in publishable_models():
        counted = set()  # every row carries the size of its list: count it once per model and list
        for obj in _rows(model, user, now, edit_ids, publish_ids):
            bucket = buckets[obj.bucket]
            if obj.bucket not in counted:
                counted.add(obj.bucket)
                bucket.count += obj.bucket_total
                bucket.by_section.setdefault(section.number, SectionCount(section, 0)).count += obj.bucket_total
            bucket.items.append(Item(obj, section, obj.bucket, obj.submitter_id))
    for item in _revision_items(user, edit_ids, publish_ids):
        bucket = buckets[item.bucket]
        bucket.count += 1
        bucket.by_section.setdefault(item.section.number, SectionCount(item.section, 0)).count += 1
        bucket.items.append(item)
    for bucket in buckets.values():
        bucket.items.sort(key=SORT_KEYS[bucket.key])
        bucket.items = bucket.items[:LIST_SIZE]
    _attach_submitters([item for bucket in buckets.values() for item in bucket.items])
    notifications = list(
        Notification.objects.filter(recipient=user).select_related("event", "event__actor", "event__agency")
        .order_by("-event__at", "-pk")[:NOTIFICATIONS_SHOWN])
    unread = unread_count(user)
    return Desk(may_publish=may_publish, may_edit=may_edit, buckets=buckets, notifications=notifications,
                unread=unread, multi_agency=edit_ids is None or len(edit_ids) > 1)


def _person_id(item):
    """Who submitted (the desk's record), else who last saved it, else who created it."""
    return item.submitter_id or item.obj.updated_by_id or item.obj.created_by_id


def _attach_submitters(items):
    ids = {_person_id(item) for item in items} - {None}
    if not ids:
        return
    people = get_user_model().objects.in_bulk(list(ids))
    for item in items:
        item.submitter = people.get(_person_id(item))
