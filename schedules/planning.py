"""Drafting a week: copy last week's recurring entries, warn about a leader booked twice."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _

from .amendments import amending
from .models import Entry, Week

COPIED_FIELDS = ("period", "start_time", "end_time", "content", "chair_text", "participants", "location",
                 "preparing_unit", "notes", "recurring")


def copy_recurring_entries(week: Week, user=None) -> int:
    """Copy the previous week's recurring entries into ``week``, seven days later.

    Entries already there (same day, time and content) are skipped, so running it twice adds
    nothing. On a published week the copies are amendments ("added"). Returns how many were copied.
    """
    previous = week.iso_week.previous
    source = (Entry.objects.filter(agency_id=week.agency_id, week__year=previous.year,
                                   week__week=previous.week, recurring=True)
              .prefetch_related(*[f.name for f in Entry._meta.many_to_many]))
    existing = set(Entry.objects.filter(week=week).values_list("date", "start_time", "content"))
    copied = 0
    with amending(week, user=user):
        for old in source:
            day = old.date + timedelta(days=7)
            if (day, old.start_time, old.content) in existing:
                continue
            new = Entry(agency_id=week.agency_id, week=week, date=day, created_by=user, updated_by=user,
                        **{name: getattr(old, name) for name in COPIED_FIELDS})
            new.save()
            for m2m in Entry._meta.many_to_many:
                getattr(new, m2m.name).set(getattr(old, m2m.name).all())
            existing.add((day, old.start_time, old.content))
            copied += 1
    return copied


@dataclass(frozen=True)
class Overlap:
    leader: str
    first: Entry
    second: Entry

    @property
    def message(self) -> str:
        return _("%(leader)s chủ trì hai mục trùng giờ ngày %(date)s: %(first_time)s “%(first)s” và "
                 "%(second_time)s “%(second)s”.") % {
            "leader": self.leader, "date": self.first.date.strftime("%d/%m/%Y"),
            "first_time": self.first.start_time.strftime("%H:%M"), "first": self.first.content[:60],
            "second_time": self.second.start_time.strftime("%H:%M"), "second": self.second.content[:60],
        }


def find_overlaps(items) -> list[Overlap]:
    """Overlapping entries chaired by the same leader.

    ``items`` is ``[(entry, [(leader_key, leader_name), ...]), ...]`` (the admin passes what the form
    holds, before anything is saved). Cancelled entries are left out; an entry without an end time
    is taken to last one hour.
    """
    by_leader: dict[str, list] = {}
    names = {}
    for entry, leaders in items:
        if entry.state == Entry.State.CANCELLED or not (entry.date and entry.start_time):
            continue
        for key, name in leaders:
            by_leader.setdefault(key, []).append(entry)
            names.setdefault(key, name)
    overlaps = []
    for key, entries in by_leader.items():
        entries.sort(key=lambda e: (e.date, e.start_time))
        for i, first in enumerate(entries):
            for second in entries[i + 1:]:
                if second.date != first.date:
                    break
                if second.start_datetime() < first.busy_until():
                    overlaps.append(Overlap(names[key], first, second))
    return overlaps
