"""Who hears about a workflow step, and how (portal.publishing.transitioned → here).

- submitted: the agency's approvers (Lãnh đạo duyệt), except whoever submitted;
- returned or published: the author — whoever made the latest submission, or who created the item when
  it was published without one — except whoever returned or published it.

Each recipient gets a ``Notification`` (the counter in the admin header), and an e-mail: at once after
the transaction commits, or in the daily digest (``manage.py desk_digest``), or none, as each user
chooses. E-mails have a plain text and an HTML part; every text that comes from users (titles,
notes, names) is escaped in the HTML one.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from agencies.models import Membership
from portal.sections import public_path, section_of_model

from . import links
from .models import Notification, Preference, WorkflowEvent

logger = logging.getLogger(__name__)
Kind = WorkflowEvent.Kind
UNREAD_CACHE_SECONDS = 600  # a safety net: every change of the count drops the cached value


def author_id(content_type, object_id, fallback=None):
    """Who made the latest submission of the item (else ``fallback``, usually its creator)."""
    submitter = (WorkflowEvent.objects.filter(content_type=content_type, object_id=object_id, kind=Kind.SUBMITTED)
                 .order_by("-at", "-pk").values_list("actor_id", flat=True).first())
    return submitter or fallback


def recipients(event, instance):
    User = get_user_model()
    if event.kind == Kind.SUBMITTED:
        users = User.objects.filter(is_active=True, memberships__agency_id=event.agency_id,
                                    memberships__role=Membership.Role.APPROVER)
    else:
        wanted = author_id(event.content_type, event.object_id, getattr(instance, "created_by_id", None))
        if wanted is None:
            return []
        # Still a member of the agency: someone who has left hears nothing more of its items.
        users = User.objects.filter(pk=wanted, is_active=True, memberships__agency_id=event.agency_id)
    if event.actor_id:
        users = users.exclude(pk=event.actor_id)
    return list(users.distinct().order_by("pk"))


def on_transition(sender, instance, name, user, note="", source=None, **kwargs):
    """Record the step and notify (receiver of ``portal.publishing.transitioned``)."""
    if name not in Kind.values or not getattr(instance, "agency_id", None):
        return
    shown = _shown(instance)
    event = WorkflowEvent.objects.create(
        agency_id=instance.agency_id, content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk, kind=name, actor=user if getattr(user, "pk", None) else None,
        title=" ".join(_title(instance, shown).split())[:300],
        note=instance.review_note if name == Kind.RETURNED else "",
        scheduled_for=instance.published_at if name == Kind.PUBLISHED and instance.is_scheduled else None,
        public_url=public_path(shown) if name == Kind.PUBLISHED else "",
    )
    users = recipients(event, instance)
    if not users:
        return
    notifications = Notification.objects.bulk_create([Notification(recipient=u, event=event) for u in users])
    forget_unread([u.pk for u in users])
    modes = dict(Preference.objects.filter(user__in=users).values_list("user_id", "email"))
    immediate = [n for n, u in zip(notifications, users, strict=True)
                 if u.email and modes.get(u.pk, Preference.Email.IMMEDIATE) == Preference.Email.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: send_now(event, immediate))


# --- the counter in the admin header: cached, so that an admin page costs no query for it ---------
def _unread_key(user_id):
    return f"desk:unread:{user_id}"


def unread_count(user) -> int:
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def forget_unread(user_ids):
    """Drop the cached counters of these users (now, and again once the transaction commits)."""
    keys = [_unread_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


# --- e-mails ------------------------------------------------------------------------------------
SUBJECTS = {
    Kind.SUBMITTED: _("[Cổng thông tin] Chờ duyệt: %(title)s"),
    Kind.RETURNED: _("[Cổng thông tin] Bị trả lại: %(title)s"),
    Kind.PUBLISHED: _("[Cổng thông tin] Đã xuất bản: %(title)s"),
}


def subject_for(event) -> str:
    if event.kind == Kind.PUBLISHED and event.scheduled_for:
        template = _t("[Cổng thông tin] Đã duyệt, hẹn giờ xuất bản: %(title)s")
    else:
        template = str(SUBJECTS[event.kind])
    return " ".join((template % {"title": event.title}).split())[:200]  # never a line break in a header


def _title(instance, shown) -> str:
    return str(shown) if shown is instance else _("%(title)s (bản sửa đổi)") % {"title": shown}


def _shown(instance):
    """What an event is about: the item itself, or for a draft of a published item (a Revision) the item."""
    from portal.models import Revision

    return instance.target if isinstance(instance, Revision) else instance


def event_context(event):
    from portal.models import Revision

    model, object_id = event.content_type.model_class(), event.object_id
    if model is Revision:
        revision = Revision.objects.select_related("content_type").filter(pk=object_id).first()
        model, object_id = (revision.content_type.model_class(), revision.object_id) if revision else (None, None)
    return {
        "event": event,
        "section": section_of_model(model) if model else None,
        "admin_url": links.absolute(links.admin_change_path(model, object_id)) if model else "",
        "public_url": links.absolute(event.public_url),
        "home_url": links.absolute(_admin_home()),
        "settings_url": links.absolute(_settings_path()),
    }


def _admin_home():
    from django.urls import reverse

    return reverse("admin:index")


def _settings_path():
    from django.urls import reverse

    return reverse("admin:desk_preferences")


def build_message(context, to, text_template, html_template, subject) -> EmailMultiAlternatives:
    text = render_to_string(text_template, context)
    html = render_to_string(html_template, context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def send_now(event, notifications):
    """One e-mail per recipient, right after the transition has been committed."""
    context = event_context(event)
    messages, sent = [], []
    for notification in notifications:
        recipient = notification.recipient
        messages.append(build_message({**context, "recipient": recipient}, recipient.email,
                                      "desk/email/notification.txt", "desk/email/notification.html",
                                      subject_for(event)))
        sent.append(notification.pk)
    try:
        get_connection().send_messages(messages)
    except Exception:  # a mail server down must not undo a publication; the counter still shows it
        logger.exception("desk: could not send %d notification e-mails", len(messages))
        return
    Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())


def build_digests(now=None):
    """``[(user, [notifications], message)]`` for every daily-digest user with something not yet mailed."""
    User = get_user_model()
    pending = (Notification.objects.filter(emailed_at__isnull=True, recipient__is_active=True,
                                           recipient__desk_preference__email=Preference.Email.DAILY)
               .exclude(recipient__email="")
               .select_related("event", "event__agency", "event__content_type", "event__actor")
               .order_by("recipient_id", "event__at", "pk"))
    by_user = {}
    for notification in pending:
        by_user.setdefault(notification.recipient_id, []).append(notification)
    users = User.objects.in_bulk(list(by_user))
    digests = []
    today = timezone.localdate(now)
    for user_id, items in by_user.items():
        user = users[user_id]
        entries = []
        for notification in items:
            entries.append(event_context(notification.event))
        context = {"recipient": user, "entries": entries, "today": today,
                   "home_url": links.absolute(_admin_home()), "settings_url": links.absolute(_settings_path())}
        subject = _t("[Cổng thông tin] Tổng hợp ngày %(day)s: %(count)d việc") % {
            "day": today.strftime("%d/%m/%Y"), "count": len(items)}
        message = build_message(context, user.email, "desk/email/digest.txt", "desk/email/digest.html", subject)
        digests.append((user, items, message))
    return digests


def send_digests(now=None, dry_run=False):
    digests = build_digests(now)
    if digests and not dry_run:
        get_connection().send_messages([message for _user, _items, message in digests])
        ids = [n.pk for _user, items, _message in digests for n in items]
        Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
    return digests
