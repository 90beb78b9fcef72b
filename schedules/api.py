"""Read API of section 5: the published weekly schedules and their entries (state, revision), by
agency, leader and date range. Weeks through ``Week.objects.published()``, entries through
``Entry.objects.of_published_weeks()``, as the week pages and iCalendar feeds read them.
"""

from datetime import date, datetime, time

from django.db.models import F, Prefetch
from django.db.models.functions import Greatest
from ninja import Field, Query, Router, Schema

from organization.models import Official
from portal.api import AgencyFilter, ErrorOut, Page, changed_at, harvest_page, narrow

from .models import Entry, Week

router = Router(tags=["Lịch công tác tuần (mục 5)"])


class WeekOut(Schema):
    id: int
    agency: str
    year: int
    week: int
    note: str
    revision: int
    amended_at: datetime | None
    first_published_at: datetime | None
    published_at: datetime
    updated_at: datetime


class WeekFilter(AgencyFilter):
    year: int | None = Field(None, ge=2000, le=2200)


@router.get("/weeks", response={200: Page[WeekOut], 404: ErrorOut}, summary="Lịch công tác các tuần")
def weeks(request, params: Query[WeekFilter]):
    queryset = narrow(Week.objects.published().filter(agency__is_active=True).select_related("agency"), params,
                      year="year")

    def serialize(rows):
        return [{"id": w.pk, "agency": w.agency.slug, "year": w.year, "week": w.week, "note": w.note,
                 "revision": w.revision, "amended_at": w.amended_at, "first_published_at": w.first_published_at,
                 "published_at": w.published_at, "updated_at": w.updated_at} for w in rows]

    return harvest_page(changed_at(queryset), params, serialize)


class LeaderOut(Schema):
    id: int
    full_name: str
    title: str


class EntryOut(Schema):
    id: int
    uid: str
    agency: str
    week_id: int
    date: date
    period: str
    start_time: time
    end_time: time | None
    content: str
    chairs: list[LeaderOut]
    chair_text: str
    participants: str
    location: str
    preparing_unit: str
    notes: str
    state: str
    sequence: int
    amended_at: datetime | None
    amendment_note: str
    updated_at: datetime


class EntryFilter(AgencyFilter):
    leader: int | None = Field(None, description="id của cán bộ chủ trì (trong danh bạ)")
    date_from: date | None = None
    date_to: date | None = None


@router.get("/schedule-entries", response={200: Page[EntryOut], 404: ErrorOut},
            summary="Các mục lịch công tác (theo cơ quan, lãnh đạo, khoảng ngày)")
def entries(request, params: Query[EntryFilter]):
    leaders = Official.objects.public().only("pk", "full_name", "title").order_by("unit__tree_path", "order", "pk")
    queryset = (Entry.objects.of_published_weeks().filter(agency__is_active=True)
                .select_related("agency", "week").prefetch_related(Prefetch("chairs", queryset=leaders)))
    queryset = narrow(queryset, params, date__gte="date_from", date__lte="date_to")
    if params.leader:  # only a leader the public directory shows
        queryset = queryset.filter(chairs__in=leaders.filter(pk=params.leader))
    # An entry shows when its week does: it changes for the public at the latest of the two.
    queryset = queryset.annotate(changed_at=Greatest(F("updated_at"), F("week__updated_at"), F("week__published_at")))

    def serialize(rows):
        return [{"id": e.pk, "uid": str(e.uid), "agency": e.agency.slug, "week_id": e.week_id, "date": e.date,
                 "period": e.period, "start_time": e.start_time, "end_time": e.end_time, "content": e.content,
                 "chairs": [{"id": o.pk, "full_name": o.full_name, "title": o.title} for o in e.chairs.all()],
                 "chair_text": e.chair_text, "participants": e.participants, "location": e.location,
                 "preparing_unit": e.preparing_unit, "notes": e.notes, "state": e.state, "sequence": e.sequence,
                 "amended_at": e.amended_at, "amendment_note": e.amendment_note, "updated_at": e.updated_at}
                for e in rows]

    return harvest_page(queryset, params, serialize)


def _week_cascade(week, now, gone):
    from portal.tombstones import record, revive

    ids = list(week.entries.values_list("pk", flat=True))
    if gone:
        record("schedule_entry", ids, week.agency.slug, now)
    else:
        revive("schedule_entry", ids)


def _register_tombstones():
    from portal.tombstones import track

    track(Week, "week", lambda: Week.objects.published(), cascade=_week_cascade)
    track(Entry, "schedule_entry", lambda: Entry.objects.of_published_weeks())


_register_tombstones()


def _summary(agency, now):
    from .weeks import IsoWeek

    result = {}
    for key, iso in (("current_week", IsoWeek.current(now)), ("next_week", IsoWeek.current(now).next)):
        week = Week.objects.published(now).for_agency(agency).of(iso).first()
        result[key] = None if week is None else {
            "id": week.pk, "year": week.year, "week": week.week, "revision": week.revision,
            "entries": week.entries.count(), "published_at": week.published_at}
    return result


def _register_summary():
    from portal.api import register_summary

    register_summary("5_schedule", _summary)


_register_summary()
