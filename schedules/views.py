"""Public pages of section 5: the week page, its print view, and the province's today/tomorrow page.

Every read goes through ``Week.objects.published()`` (directly or through
``Entry.objects.of_published_weeks()``). Each page costs a fixed number of queries: the week, its
entries and their leaders (one prefetch), whatever the size of the schedule.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.cache import cache_agency_page_daily, cache_province_page_daily
from agencies.models import Agency

from .models import Entry, Week
from .weeks import IsoWeek, weekday_name

WEEK_PARAM = "tuan"
LEADER_PARAM = "lanh-dao"
KIND_PARAM = "loai"


def requested_week(request) -> IsoWeek:
    value = request.GET.get(WEEK_PARAM, "").strip()
    if not value:
        return IsoWeek.current()
    try:
        return IsoWeek.parse(value)
    except ValueError as error:
        raise Http404(str(error)) from None


@dataclass
class Day:
    date: date
    name: str
    is_today: bool
    entries: list = field(default_factory=list)

    @property
    def rowspan(self) -> int:
        return max(1, len(self.entries))


def leader_choices(entries) -> list[tuple[str, str]]:
    """The leaders of the given entries, each once: directory officials first, then free text."""
    seen = {}
    for entry in entries:
        for key, name in entry.leaders():
            seen.setdefault(key, name)
    return sorted(seen.items(), key=lambda item: (not item[0].isdigit(), item[1]))


def filter_by_leader(entries, key):
    if not key:
        return list(entries)
    return [entry for entry in entries if any(k == key for k, _name in entry.leaders())]


def week_context(agency, iso: IsoWeek, week, entries, leader="", today=None, preview=False) -> dict:
    """What the week page, its print view and the admin preview render."""
    today = today or timezone.localdate()
    choices = leader_choices(entries)
    shown = filter_by_leader(entries, leader)
    by_date = {}
    for entry in shown:
        by_date.setdefault(entry.date, []).append(entry)
    days = [
        Day(day, weekday_name(day), day == today, by_date.get(day, []))
        for day in iso.days
        # Saturday and Sunday only when something is on, or when it is today
        if day.weekday() < 5 or by_date.get(day) or day == today
    ]
    base = agency.reverse("schedules:week")

    def week_url(target: IsoWeek, view_base=base):
        params = {WEEK_PARAM: str(target)}
        if leader:
            params[LEADER_PARAM] = leader
        return f"{view_base}?{urlencode(params)}"

    leader_param = f"?{urlencode({LEADER_PARAM: leader})}" if leader else ""
    return {
        "agency": agency,
        "iso_week": iso,
        "week": week,
        "days": days,
        "entry_count": len(shown),
        "leaders": choices,
        "leader": leader,
        "leader_name": dict(choices).get(leader, ""),
        "today": today,
        "is_current_week": today in iso,
        "previous_url": week_url(iso.previous),
        "current_url": week_url(IsoWeek.from_date(today)),
        "week_url": week_url(iso),
        "next_url": week_url(iso.next),
        "print_url": week_url(iso, agency.reverse("schedules:week_print")),
        "ical_url": agency.reverse("schedules:ical") + leader_param,
        "week_param": WEEK_PARAM,
        "leader_param": LEADER_PARAM,
        "preview": preview,
    }


def _published_week(agency, iso):
    week = Week.objects.published().for_agency(agency).of(iso).first()
    entries = list(week.entries.with_leaders()) if week is not None else []
    return week, entries


@cache_agency_page_daily
def week_view(request):
    agency = request.agency
    iso = requested_week(request)
    week, entries = _published_week(agency, iso)
    context = week_context(agency, iso, week, entries, request.GET.get(LEADER_PARAM, "").strip())
    return render(request, "schedules/week.html", context)


@cache_agency_page_daily
def week_print(request):
    agency = request.agency
    iso = requested_week(request)
    week, entries = _published_week(agency, iso)
    context = week_context(agency, iso, week, entries, request.GET.get(LEADER_PARAM, "").strip())
    return render(request, "schedules/week_print.html", context)


@dataclass
class AgencyDay:
    agency: Agency
    entries: list

    @property
    def rowspan(self) -> int:
        return len(self.entries)


@cache_province_page_daily
def province_today(request):
    """Today's and tomorrow's schedules of every active agency."""
    now = timezone.now()
    today = timezone.localdate(now)
    tomorrow = today + timedelta(days=1)
    kind = request.GET.get(KIND_PARAM, "")
    kinds = dict(Agency.Kind.choices)
    entries = (Entry.objects.of_published_weeks(now)
               .filter(date__in=[today, tomorrow], agency__is_active=True)
               .select_related("agency").with_leaders()
               .only("pk", "date", "period", "start_time", "end_time", "content", "chair_text", "location",
                     "state", "amendment_note", "agency", "agency__name", "agency__short_name", "agency__slug",
                     "agency__host", "agency__kind", "agency__order")
               .order_by("date", "agency__order", "agency__name", "start_time", "pk"))
    if kind in kinds:
        entries = entries.filter(agency__kind=kind)
    days = []
    for day, label in ((today, _("Hôm nay")), (tomorrow, _("Ngày mai"))):
        groups: list[AgencyDay] = []
        for entry in entries:
            if entry.date != day:
                continue
            if not groups or groups[-1].agency.pk != entry.agency_id:
                groups.append(AgencyDay(entry.agency, []))
            groups[-1].entries.append(entry)
        days.append({"date": day, "label": label, "name": weekday_name(day), "groups": groups})
    return render(request, "schedules/province_today.html", {
        "days": days, "kinds": [(k, v) for k, v in Agency.Kind.choices if k != Agency.Kind.DISTRICT],
        "kind": kind if kind in kinds else "", "kind_param": KIND_PARAM,
    })
