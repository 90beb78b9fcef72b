"""Section 5 in the registry (portal/sections.py).

``summarize`` gives, per agency: the number of published weeks, ``last_updated`` = the latest change
of a published week, and in ``extra`` the publication times of the ISO week of ``now`` and of the
next week (``current_week_published_at``, ``next_week_published_at``, None when not published), which
the compliance rule reads (docs/foundation.md). Two queries for any number of agencies.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.search import Doc, Searchable, end_of_week, week_bounds
from portal.sections import (
    AgencyFigures,
    Section,
    SectionApp,
    SectionSummary,
    published_figures,
    published_summary,
    register,
    register_app,
    summary_of,
)

from .weeks import IsoWeek


def summarize(agency_ids, now):
    from .models import Week

    ids = list(agency_ids)
    published = Week.objects.published(now)
    result = published_summary(published, ids)
    current = IsoWeek.current(now)
    following = current.next
    for agency_id in ids:
        summary = result.setdefault(agency_id, SectionSummary())
        summary.extra = {"current_week_published_at": None, "next_week_published_at": None}
    rows = (published.filter(agency_id__in=ids)
            .filter(Q(year=current.year, week=current.week) | Q(year=following.year, week=following.week))
            .values_list("agency_id", "year", "week", "published_at"))
    for agency_id, year, week, published_at in rows:
        key = "current_week_published_at" if (year, week) == (current.year, current.week) else \
            "next_week_published_at"
        result[agency_id].extra[key] = published_at
    return result


def agency_block_context(agency):
    """The latest published week, for the agency home.

    The agency home is cached until the agency's content changes, not by date, so the block names
    a week rather than saying "today" or "this week".
    """
    from .models import Week

    week = (Week.objects.published().for_agency(agency).only("year", "week", "revision", "amended_at",
                                                              "published_at")
            .order_by("-year", "-week").first())
    return {"week": week}


def agency_figures(now):
    from .models import Week

    return published_figures(Week.objects.published(now))


def agency_block(agency, values, now):
    summary = summary_of(values)
    return summary, (agency_block_context(agency) if summary.count else {"week": None})


def province_block_context():
    return {}


# --- what the site-wide search finds: entries of this week and the next (portal/search.py) -------
def public_entries(now):
    from .models import Entry

    return Entry.objects.of_published_weeks(now).filter(date__range=week_bounds(now)).select_related("agency")


def entry_document(entry):
    when = f"{entry.date:%d/%m/%Y}, {entry.start_time:%H:%M}"
    url = entry.agency.reverse("schedules:week") + f"?tuan={IsoWeek.from_date(entry.date)}"
    return Doc(title=entry.content, url=url,
               text=[entry.chair_text, entry.participants, entry.location, entry.preparing_unit],
               summary=" — ".join(p for p in (when, entry.chair_text, entry.location) if p), date=entry.date,
               expires_at=end_of_week(entry.date))


def changed_entries(since, now):
    """Entries changed or whose week was published since, and all of them when the week turned."""
    from .models import Entry

    condition = Q(updated_at__gte=since) | Q(week__published_at__gt=since, week__published_at__lte=now)
    if week_bounds(since) != week_bounds(now):
        condition |= Q(date__range=week_bounds(now))
    return Entry.objects.filter(condition)


def _entries_of_week(week):
    return week.entries.all()


ENTRY_SEARCH = Searchable(kind="lich", label=_("Lịch công tác"), model="schedules.Entry", public=public_entries,
                          document=entry_document, changed=changed_entries, order=50,
                          related=(("schedules.Week", _entries_of_week),))


register(Section(
    number=5, key="lich-cong-tac", title=_("Lịch công tác tuần"), url_name="schedules:week",
    path="lich-cong-tac", update_rule=_("Cập nhật hằng tuần, điều chỉnh hằng ngày"), frequency="continuous",
    summarize=summarize,
    description=_("Lịch công tác tuần của lãnh đạo cơ quan: ngày, buổi, giờ, nội dung, chủ trì, thành "
                  "phần, địa điểm; các điều chỉnh được ghi rõ."),
    admin_url_name="admin:schedules_week_changelist",
    models=("schedules.Week", "schedules.Entry"),
    province_url_name="schedules_province:today",
    rule={"kind": "weekly_schedule", "max_age_days": 7},
    agency_block_template="schedules/blocks/agency_schedule.html",
    agency_figures=AgencyFigures(figures=agency_figures, build=agency_block),
    province_block_template="schedules/blocks/province_schedule.html",
    province_block_context=province_block_context,
    searchables=(ENTRY_SEARCH,),
))


register_app(SectionApp(
    label="schedules",
    urls="schedules.urls",
    province_urls="schedules.province_urls",
    sitemaps="schedules.sitemaps.SITEMAPS",
    reserved_paths=("lich-cong-tac",),
    demo_loaders=((40, "schedules.demo.load_schedules"),),
    bulk_seeders=(
        (40, "schedules.bulk.seed_schedules", [
            (("--schedule-weeks",), {
                "type": int, "default": 0,
                "help": "Số tuần lịch công tác đã đăng cần có cho mỗi cơ quan (đến hết tuần sau)."}),
            (("--schedule-entries",), {"type": int, "default": 15, "help": "Số mục lịch trong mỗi tuần."}),
        ]),
    ),
))
