"""Schedule fixtures that read like the domain: a week of an agency, published or not, with entries."""

from datetime import time, timedelta

import factory
from django.utils import timezone

from organization.models import Official, OrgUnit
from portal.publishing import Status
from schedules.models import Entry, Week
from schedules.weeks import IsoWeek


class WeekFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Week

    year = factory.LazyFunction(lambda: IsoWeek.current().year)
    week = factory.LazyFunction(lambda: IsoWeek.current().week)
    status = Status.DRAFT


def published_week(agency, iso=None, when=None, **kwargs):
    iso = iso or IsoWeek.current()
    when = when or timezone.now() - timedelta(days=3)
    return WeekFactory(agency=agency, year=iso.year, week=iso.week, status=Status.PUBLISHED,
                       published_at=when, **kwargs)


def draft_week(agency, iso=None, status=Status.DRAFT, **kwargs):
    iso = iso or IsoWeek.current()
    return WeekFactory(agency=agency, year=iso.year, week=iso.week, status=status, **kwargs)


def entry(week, weekday=0, start=time(8), content="Giao ban lãnh đạo", **kwargs):
    """An entry on the ``weekday`` (0 = Monday) of ``week``."""
    kwargs.setdefault("chair_text", "Giám đốc Nguyễn Văn An")
    kwargs.setdefault("location", "Phòng họp số 1")
    return Entry.objects.create(agency_id=week.agency_id, week=week, date=week.iso_week.days[weekday],
                                start_time=start, content=content, **kwargs)


def official(agency, full_name="Trần Thị Bích", title="Phó Giám đốc", published=True):
    unit, _ = OrgUnit.objects.get_or_create(
        agency=agency, name="Ban Giám đốc",
        defaults={"kind": OrgUnit.Kind.LEADERSHIP, "status": Status.PUBLISHED,
                  "published_at": timezone.now() - timedelta(days=30)})
    return Official.objects.create(
        agency=agency, unit=unit, full_name=full_name, title=title,
        status=Status.PUBLISHED if published else Status.DRAFT,
        published_at=timezone.now() - timedelta(days=30) if published else None)
