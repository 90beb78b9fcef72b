"""The per-agency content version: a change shows on the next request, with no time-out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agencies.models import Agency
from portal.publishing import Status
from tests.tenancy_app.models import Note, Tag

pytestmark = pytest.mark.django_db


def version(agency):
    return Agency.objects.get(pk=agency.pk).content_version


def test_saving_and_deleting_content_bumps_only_its_agency(agency, other_agency):
    before, other_before = version(agency), version(other_agency)
    note = Note.objects.create(agency=agency, title="Một")
    assert version(agency) == before + 1
    note.delete()
    assert version(agency) == before + 2
    assert version(other_agency) == other_before


def test_many_to_many_changes_bump(agency):
    note = Note.objects.create(agency=agency, title="Một")
    tag = Tag.objects.create(agency=agency, name="nhãn")
    before = version(agency)
    note.tags.add(tag)
    assert version(agency) > before


def test_cached_agency_page_changes_on_next_request(client, agency):
    first = client.get("/so-thu-nghiem/")
    assert client.get("/so-thu-nghiem/")["X-Page-Cache"] == "hit"
    Agency.objects.get(pk=agency.pk).__class__.objects.filter(pk=agency.pk)  # no-op read
    agency.name = "Sở Đã Đổi Tên"
    agency.save()
    second = client.get("/so-thu-nghiem/")
    assert "X-Page-Cache" not in second
    assert "Sở Đã Đổi Tên" in second.text and "Sở Đã Đổi Tên" not in first.text


def test_cached_province_page_changes_when_any_agency_changes(client, agency, other_agency):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    Note.objects.create(agency=other_agency, title="Tin mới")
    assert "X-Page-Cache" not in client.get("/")


def test_scheduled_publication_turns_the_cache_over_on_time(agency):
    from agencies.cache import agency_version

    soon, later = timezone.now() + timedelta(hours=1), timezone.now() + timedelta(hours=5)
    Note.objects.create(agency=agency, title="Hẹn 1 giờ", status=Status.PUBLISHED, published_at=soon)
    Note.objects.create(agency=agency, title="Hẹn 5 giờ", status=Status.PUBLISHED, published_at=later)
    agency.refresh_from_db()
    assert agency.next_publication_at == soon
    v1 = agency_version(agency)
    assert agency_version(agency) == v1  # nothing due yet: same pages
    # Time passes: the first item becomes due (moved into the past, as the clock would).
    Note.objects.filter(title="Hẹn 1 giờ").update(published_at=timezone.now() - timedelta(seconds=1))
    Agency.objects.filter(pk=agency.pk).update(next_publication_at=timezone.now() - timedelta(seconds=1))
    agency.refresh_from_db()
    assert agency_version(agency) != v1
    agency.refresh_from_db()
    assert agency.next_publication_at == later  # the next one is remembered


def test_post_requests_are_never_cached(client, agency):
    client.get("/so-thu-nghiem/")
    assert "X-Page-Cache" not in client.post("/so-thu-nghiem/")


def test_deferred_bumps_touch_each_agency_once_at_the_end(agency, other_agency):
    from agencies.cache import deferred_version_bumps

    before, other_before = version(agency), version(other_agency)
    with deferred_version_bumps():
        for i in range(5):
            Note.objects.create(agency=agency, title=f"Tin {i}")
        with deferred_version_bumps():  # nested blocks share the outer one
            Note.objects.create(agency=other_agency, title="Khác")
        assert version(agency) == before
    assert version(agency) == before + 1 and version(other_agency) == other_before + 1
