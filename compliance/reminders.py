"""Reminder e-mails: each agency's admins and approvers get the list of their overdue or soon-due
sections, one e-mail per agency, nothing when everything is met (``manage.py compliance_remind``)."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _t

from agencies.models import Agency, Membership

from .models import InspectionNote
from .review import review_agencies

REMINDED_ROLES = (Membership.Role.AGENCY_ADMIN, Membership.Role.APPROVER)


@dataclass
class Reminder:
    agency: Agency
    recipients: list[str]
    message: EmailMessage | None


def build_reminders(agencies=None, now=None) -> list[Reminder]:
    """One reminder per agency with a problem; ``message`` is None when nobody has an address."""
    now = now or timezone.now()
    agencies = list(agencies if agencies is not None else Agency.objects.filter(is_active=True))
    review = review_agencies(agencies, now)
    ids = [row.agency.pk for row in review.rows if row.problems]
    recipients = defaultdict(list)
    memberships = (Membership.objects.filter(agency_id__in=ids, role__in=REMINDED_ROLES, user__is_active=True)
                   .exclude(user__email="").values_list("agency_id", "user__email")
                   .order_by("agency_id", "user__email"))
    for agency_id, email in memberships:
        if email not in recipients[agency_id]:
            recipients[agency_id].append(email)
    late_notes = defaultdict(list)
    for note in InspectionNote.objects.open().filter(agency_id__in=ids).order_by("fix_by", "pk"):
        late_notes[note.agency_id].append(note)
    reminders = []
    for row in review.rows:
        if not row.problems:
            continue
        to = recipients.get(row.agency.pk, [])
        context = {"row": row, "notes": late_notes.get(row.agency.pk, []), "today": timezone.localtime(now).date(),
                   "base_url": settings.PORTAL_BASE_URL}
        subject = _t("[Cổng thông tin] %(agency)s: %(count)d chuyên mục cần cập nhật") % {
            "agency": row.agency.short_name, "count": row.problems}
        message = None
        if to:
            body = render_to_string("compliance/email/reminder.txt", context)
            message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        reminders.append(Reminder(row.agency, to, message))
    return reminders


def send_reminders(agencies=None, now=None, dry_run=False) -> list[Reminder]:
    reminders = build_reminders(agencies, now)
    messages = [r.message for r in reminders if r.message is not None]
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return reminders
