"""Erase the contact details of closed items after the retention period (history rows included).

Closed means: a question answered, a comment on a consultation whose period ended, a request
provided or refused. ``PARTICIPATION_RETENTION_DAYS`` after that, e-mail, phone, address and ID
number are blanked in the row and in every historical version of it, in one transaction; the
questions, comments and answers themselves stay.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import conf
from .models import Comment, InformationRequest, Question


def _erase(model, queryset, now):
    pks = list(queryset.filter(contact_erased_at__isnull=True).values_list("pk", flat=True))
    if not pks:
        return 0
    blank = dict.fromkeys(model.CONTACT_FIELDS, "")
    # update(): no history row of its own, no cache bump (nothing public changes), and the
    # historical versions are blanked too so the contact does not survive in the history.
    model.objects.filter(pk__in=pks).update(contact_erased_at=now, **blank)
    model.history.filter(id__in=pks).update(**blank)
    return len(pks)


def erase_expired_contacts(now=None) -> dict:
    now = now or timezone.now()
    cutoff = now - timedelta(days=conf.get("PARTICIPATION_RETENTION_DAYS"))
    with transaction.atomic():
        return {
            "questions": _erase(Question, Question.objects.filter(answered_at__lt=cutoff), now),
            "comments": _erase(Comment, Comment.objects.filter(
                consultation__closes_on__lt=timezone.localtime(cutoff).date()), now),
            "requests": _erase(InformationRequest, InformationRequest.objects.filter(
                status__in=InformationRequest.CLOSED, closed_at__lt=cutoff), now),
        }
