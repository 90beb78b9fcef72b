"""Purge a wrongly entered record's text from the history: superusers only, and itself logged.

A record entered by mistake (a classified summary, a person's private data) and then deleted still
lives in its simple_history rows and in the admin log's change messages. ``purge_history`` removes
those rows, blanks what the admin log says about the object, and writes one log entry that says
who purged which object and why — without repeating the purged text.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

PURGED = "[đã xóa]"


@transaction.atomic
def purge_history(model, object_id, user, reason: str) -> int:
    """Delete ``model``'s history rows of ``object_id`` and blank its admin log text; returns how many
    history rows were removed. Only superusers may; the purge is logged in the admin log."""
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Hãy ghi lý do xóa lịch sử."))
    pk_name = model._meta.pk.attname
    history = getattr(model, "history", None)
    removed = 0
    if history is not None:
        removed, _detail = history.filter(**{pk_name: object_id}).delete()
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    LogEntry.objects.filter(content_type=content_type, object_id=str(object_id)).update(
        object_repr=PURGED, change_message=PURGED)
    LogEntry.objects.create(
        user_id=user.pk, content_type=content_type, object_id=str(object_id), object_repr=PURGED,
        action_flag=CHANGE,
        change_message=_("Xóa lịch sử của %(model)s số %(id)s (%(count)d bản ghi). Lý do: %(reason)s") % {
            "model": model._meta.verbose_name, "id": object_id, "count": removed, "reason": reason[:500]})
    return removed
