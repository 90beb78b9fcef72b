"""Public pages of section 5: the week page, its print view, and the province's today/tomorrow page.

Every read goes through ``Week.objects.published()`` (directly or through
``Entry.objects.of_published_weeks()``). Each page costs a fixed number of queries: the week, its
entries and their leaders (one prefetch), whatever the size of the schedule.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from urllib.parse import urlencode

import django_filters
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.cache import cache_agency_page_daily, cache_province_page_hourly
from agencies.models import Agency
from organization.models import Official

from .models import Entry, Week
from .weeks import IsoWeek, weekday_name

WEEK_PARAM = "tuan"
LEADER_PARAM = "lanh-dao"


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


def _week_page(request, template):
    """The published week asked for (``?tuan=``), narrowed to one leader (``?lanh-dao=``)."""
    agency = request.agency
    iso = requested_week(request)
    week = Week.objects.published().for_agency(agency).of(iso).first()
    entries = list(week.entries.with_leaders()) if week is not None else []
    context = week_context(agency, iso, week, entries, request.GET.get(LEADER_PARAM, "").strip())
    return render(request, template, context)


@cache_agency_page_daily
def week_view(request):
    return _week_page(request, "schedules/week.html")


@cache_agency_page_daily
def week_print(request):
    return _week_page(request, "schedules/week_print.html")


@dataclass
class AgencyDay:
    agency: Agency
    entries: list

    @property
    def rowspan(self) -> int:
        return len(self.entries)


@dataclass
class KindGroup:
    """The entries of one kind of agency on a page of the province page, by agency."""

    kind: str
    label: str
    agencies: list = field(default_factory=list)


# The province page: one day at a time, "now and later" first; pages of entries, never all of them.
DAY_PARAM = "ngay"
NOW, WHOLE_TODAY, TOMORROW = "", "hom-nay", "ngay-mai"
PROVINCE_PAGE_SIZE = 60
PROVINCE_KINDS = [Agency.Kind.PROVINCIAL_OFFICE, Agency.Kind.DEPARTMENT, Agency.Kind.COMMUNE]


class ProvinceScheduleFilter(django_filters.FilterSet):
    """The GET form of the province page: kind of agency, one agency, a leader's name."""

    loai = django_filters.ChoiceFilter(
        field_name="agency__kind", label=gettext_lazy("Loại cơ quan"),
        choices=[(k.value, k.label) for k in PROVINCE_KINDS], empty_label=gettext_lazy("Tất cả các loại"))
    co_quan = django_filters.ChoiceFilter(
        field_name="agency__slug", label=gettext_lazy("Cơ quan, đơn vị"), empty_label=gettext_lazy("Tất cả cơ quan"))
    lanh_dao = django_filters.CharFilter(label=gettext_lazy("Lãnh đạo chủ trì"), method="by_leader")

    class Meta:
        model = Entry
        fields = []

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["co_quan"].extra["choices"] = [(a.slug, a.short_name or a.name) for a in agencies]

    def by_leader(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        chaired = Entry.chairs.through.objects.filter(official__in=Official.objects.public(),
                                                        official__full_name__icontains=value).values("entry_id")
        return queryset.filter(models.Q(chair_text__icontains=value) | models.Q(pk__in=chaired))


def _still_on(now):
    """Entries of today not over at ``now``: ending later, or (no end time) started less than an hour ago."""
    local = timezone.localtime(now)
    hour_ago = (local - timedelta(hours=1)).time() if local.hour else time(0)
    return models.Q(end_time__gt=local.time()) | models.Q(end_time__isnull=True, start_time__gte=hour_ago)


@cache_province_page_hourly
def province_today(request):
    """Today's and tomorrow's schedules of every active agency, one day and one page at a time.

    Grouped by kind of agency (the provincial office, departments, communes), then by agency; today
    starts with what is on now and later, the earlier entries of the day behind a link. Each page
    holds at most ``PROVINCE_PAGE_SIZE`` entries, whatever the number of agencies. Queries: the
    agencies (for the filter), the count, the page of entries, their leaders, the entries already over.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    which = request.GET.get(DAY_PARAM, NOW)
    if which not in (NOW, WHOLE_TODAY, TOMORROW):
        which = NOW
    day = today + timedelta(days=1) if which == TOMORROW else today
    agencies = list(Agency.objects.public().filter(kind__in=PROVINCE_KINDS)
                    .only("pk", "slug", "name", "short_name", "kind"))
    entries = (Entry.objects.of_published_weeks(now)
               .filter(date=day, agency__is_active=True, agency__kind__in=PROVINCE_KINDS))
    filterset = ProvinceScheduleFilter(request.GET or None, queryset=entries, agencies=agencies)
    entries = filterset.qs if filterset.is_bound and filterset.is_valid() else entries
    earlier = 0
    if which == NOW:
        earlier = entries.exclude(_still_on(now)).count()
        entries = entries.filter(_still_on(now))
    kind_rank = models.Case(*[models.When(agency__kind=k, then=models.Value(i)) for i, k in enumerate(PROVINCE_KINDS)])
    entries = (entries.select_related("agency").with_leaders()
               .only("pk", "date", "period", "start_time", "end_time", "content", "chair_text", "location",
                     "state", "agency", "agency__name", "agency__short_name", "agency__slug",
                     "agency__host", "agency__kind", "agency__order")
               .alias(kind_rank=kind_rank)
               .order_by("kind_rank", "agency__order", "agency__name", "agency_id", "start_time", "pk"))
    page_obj = Paginator(entries, PROVINCE_PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = dict(Agency.Kind.choices)
    groups: list[KindGroup] = []
    for entry in page_obj:
        if not groups or groups[-1].kind != entry.agency.kind:
            groups.append(KindGroup(entry.agency.kind, kinds[entry.agency.kind]))
        rows = groups[-1].agencies
        if not rows or rows[-1].agency.pk != entry.agency_id:
            rows.append(AgencyDay(entry.agency, []))
        rows[-1].entries.append(entry)
    by_kind = [(kinds[k], [a for a in agencies if a.kind == k]) for k in PROVINCE_KINDS]
    tabs = [(NOW, _("Đang và sắp diễn ra")), (WHOLE_TODAY, _("Cả ngày hôm nay")), (TOMORROW, _("Ngày mai"))]
    return render(request, "schedules/province_today.html", {
        "day": day, "day_name": weekday_name(day), "which": which, "tabs": tabs, "day_param": DAY_PARAM,
        "filter": filterset, "agencies_by_kind": [(label, items) for label, items in by_kind if items],
        "groups": groups, "page_obj": page_obj, "earlier": earlier, "now": timezone.localtime(now),
        "whole_today": WHOLE_TODAY,
    })
