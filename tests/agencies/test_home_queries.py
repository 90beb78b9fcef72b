"""The agency home asks every section in a fixed handful of queries, even with its caches cold
(issue 20): the sections' ``AgencyFigures`` are folded into one query of the agency's row."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agencies.cache import bump_content_version
from agencies.models import Agency
from agencies.views import _ask_sections
from portal.sections import SectionSummary, all_sections

pytestmark = pytest.mark.django_db

VOLUMES = {"units": 2, "officials": 3, "news": 4, "procedures": 3, "schedule_weeks": 2, "schedule_entries": 2,
           "dispatches": 6}


def seed(agencies, **volumes):
    call_command("seed_bulk", agencies=agencies, **{**VOLUMES, **volumes}, stdout=StringIO())


def cold_home_queries(client, agency) -> int:
    """SQL of the first request after a change, page cache off: the summaries are asked again."""
    bump_content_version(agency.pk)
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/{agency.slug}/")
    assert response.status_code == 200
    return len(context.captured_queries)


def test_cold_agency_home_is_a_flat_handful_of_queries(client, settings):
    settings.PORTAL_PAGE_CACHE = False
    seed(5)
    agency = Agency.objects.get(slug="bulk-0002")
    client.get(f"/{agency.slug}/")
    few = cold_home_queries(client, agency)
    response = client.get(f"/{agency.slug}/").content.decode()
    assert "4 tin bài đã đăng" in response  # the blocks show the seeded rows

    seed(150, news=12, officials=9, procedures=7, dispatches=20)
    client.get(f"/{agency.slug}/")  # the host map is read again after agencies change
    assert cold_home_queries(client, agency) == few <= 8
    assert "12 tin bài đã đăng" in client.get(f"/{agency.slug}/").content.decode()


def test_folded_summaries_are_the_sections_own(client):
    """Each section's figures for one agency give the count and last change its ``summarize`` gives."""
    seed(3)
    agency = Agency.objects.get(slug="bulk-0001")
    now = timezone.now()
    sections = all_sections()
    folded = _ask_sections(sections, agency, now)
    checked = 0
    for section, (summary, _extra) in zip(sections, folded, strict=True):
        own = section.summarize([agency.pk], now).get(agency.pk) or SectionSummary()
        summary = summary or SectionSummary()
        assert (summary.count, summary.last_updated) == (own.count, own.last_updated), section.key
        checked += bool(own.count)
    assert checked >= 5  # organization, news, procedures, schedules, dispatches have rows
