"""The amendment rule of a published week, in one place (used by the admin, the demo and the tests).

Once a week has been public, any change to its entries is an amendment:

- a changed entry is marked *amended* (its iCalendar SEQUENCE goes up and what changed is noted),
- a new entry is marked *added*,
- an entry is never deleted: it is marked *cancelled* and stays on the page, struck through,
- the week's revision count goes up once per batch of changes, and the time is kept.

History (django-simple-history) keeps every entry's before and after.

Usage: every write to a week's entries goes through ``amending``::

    with amending(week, user=request.user) as amendment:
        entry.location = "Hội trường B"
        entry.save()
        amendment.delete(other_entry)  # cancels it when the week is locked

Whatever was saved inside the block is compared with a snapshot taken on entry, so it works the
same for the admin's inline formset, the demo loader and a future API.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Entry, Week

TRACKED_FIELDS = ("date", "period", "start_time", "end_time", "content", "chair_text", "participants",
                  "location", "preparing_unit", "notes", "state")


def is_locked(week: Week, now=None) -> bool:
    """Whether changes to the week's entries are amendments: it has been public."""
    now = now or timezone.now()
    return week.first_published_at is not None and week.first_published_at <= now


def _m2m_fields():
    return list(Entry._meta.many_to_many)


def snapshot(week: Week) -> dict[int, dict]:
    """``{entry_id: {field: value}}`` of the week's entries, relations as frozensets of ids."""
    rows = Entry.objects.filter(week=week).values("pk", *TRACKED_FIELDS)
    result = {row.pop("pk"): row for row in rows}
    for m2m in _m2m_fields():
        for row in result.values():
            row[m2m.name] = frozenset()
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        pairs = through.objects.filter(**{f"{source}__week": week}).values_list(f"{source}_id", f"{target}_id")
        grouped: dict[int, set] = {}
        for entry_id, target_id in pairs:
            grouped.setdefault(entry_id, set()).add(target_id)
        for entry_id, ids in grouped.items():
            if entry_id in result:
                result[entry_id][m2m.name] = frozenset(ids)
    return result


@dataclass
class Change:
    entry_id: int
    state: str
    note: str
    is_new: bool = False


@dataclass
class Amendment:
    week: Week
    locked: bool
    now: object
    user: object = None
    changes: list = field(default_factory=list)

    def cancel(self, entry: Entry) -> None:
        entry.state = Entry.State.CANCELLED
        entry.save()

    def delete(self, entry: Entry) -> None:
        """Delete a draft week's entry; on a published week, cancel it instead."""
        if self.locked:
            self.cancel(entry)
        else:
            entry.delete()

    @property
    def revised(self) -> bool:
        return bool(self.changes)


def _label(name: str) -> str:
    return str(Entry._meta.get_field(name).verbose_name)


@contextmanager
def amending(week: Week, user=None, now=None, locked=None):
    """Open a batch of changes to ``week``'s entries; on exit, mark what changed (see module doc).

    ``locked`` forces the decision (the admin takes it before a "publish" button changes the week).
    A silent deletion inside a locked batch raises ValidationError and nothing is saved.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = is_locked(week, now) if locked is None else locked
        if locked:
            # One batch at a time per week, so that two editors never reuse a revision number.
            week.revision = Week.objects.select_for_update().values_list("revision", flat=True).get(pk=week.pk)
        before = snapshot(week) if locked else {}
        amendment = Amendment(week=week, locked=locked, now=now, user=user)
        yield amendment
        if locked:
            amendment.changes = _mark(week, before, now, user)


def _mark(week: Week, before: dict, now, user) -> list[Change]:
    after = snapshot(week)
    if before.keys() - after.keys():
        raise ValidationError(_("Lịch tuần đã đăng: không được xóa mục lịch; hãy đánh dấu “Hủy” để mục "
                                "vẫn hiện kèm dấu hủy."))
    changes = []
    with translation.override("vi"):
        for entry_id, row in after.items():
            old = before.get(entry_id)
            if old is None:
                state = Entry.State.CANCELLED if row["state"] == Entry.State.CANCELLED else Entry.State.ADDED
                changes.append(Change(entry_id, state, _("bổ sung"), is_new=True))
                continue
            changed = [name for name, value in row.items() if old.get(name) != value]
            if not changed:
                continue
            if "state" in changed and row["state"] == Entry.State.CANCELLED:
                changes.append(Change(entry_id, Entry.State.CANCELLED, _("hủy")))
            elif "state" in changed and old["state"] == Entry.State.CANCELLED:
                changes.append(Change(entry_id, Entry.State.AMENDED, _("khôi phục")))
            else:
                note = ", ".join(_label(name) for name in changed if name != "state")
                changes.append(Change(entry_id, Entry.State.AMENDED, _("đổi %(fields)s") % {"fields": note}))
    if not changes:
        return changes
    week.revision += 1
    week.amended_at = now
    if user is not None and getattr(user, "pk", None):
        week.updated_by = user
    week.save(update_fields=["revision", "amended_at", "updated_at", "updated_by"])
    entries = {e.pk: e for e in Entry.objects.filter(pk__in=[c.entry_id for c in changes])}
    with translation.override("vi"):
        reason = _("Điều chỉnh lần %(revision)d") % {"revision": week.revision}
    for change in changes:
        entry = entries[change.entry_id]
        entry.state = change.state
        entry.amended_at = now
        entry.amendment_note = change.note[:255]
        if not change.is_new:
            entry.sequence += 1
        if user is not None and getattr(user, "pk", None):
            entry.updated_by = user
        entry._change_reason = f"{reason}: {change.note}"
        entry.save(update_fields=["state", "amended_at", "amendment_note", "sequence", "updated_at",
                                  "updated_by"])
    return changes
