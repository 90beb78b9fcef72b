"""E-mails to citizens, in Vietnamese, from templates/participation/email/<name>.txt.

Sent through the configured backend (EMAIL_URL). A failed send is logged and does not undo the
write that caused it; tests read ``mail.outbox``.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    if path.startswith("http"):
        return path
    return (getattr(settings, "PORTAL_BASE_URL", "") or "").rstrip("/") + path


def send(template: str, to: str, context: dict) -> bool:
    if not to or "@" not in to:
        return False
    subject = render_to_string(f"participation/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"participation/email/{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # noqa: BLE001 - a mail server down must not lose the citizen's submission
        logger.exception("participation: e-mail %s could not be sent", template)
        return False
    return True


def question_received(question):
    return send("question_received", question.email, {"question": question, "agency": question.agency})


def question_answered(question):
    sent = send("question_answered", question.email, {
        "question": question, "agency": question.agency, "url": absolute(question.get_absolute_url())})
    type(question).objects.filter(pk=question.pk).update(notified_at=timezone.now())
    return sent


def comment_received(comment):
    if "@" not in comment.contact:
        return False
    return send("comment_received", comment.contact, {"comment": comment, "consultation": comment.consultation,
                                                      "agency": comment.agency})


def request_event(request_obj, event: str):
    """event: received, extended, refused, provided."""
    return send(f"request_{event}", request_obj.email, {
        "req": request_obj, "agency": request_obj.agency,
        "track_url": absolute(request_obj.agency.reverse("participation:request_track")),
    })
