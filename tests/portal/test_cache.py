"""The page cache: versions turned over by what the public sees, a hit with no SQL, HTTP validators."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from agencies.cache import PROVINCE_KEY, agency_version, deferred_version_bumps, province_version, slug_key
from agencies.models import Agency
from portal.publishing import Status, apply_transition
from tests.factories import AgencyFactory
from tests.tenancy_app.models import Note, NoteFile, Tag

pytestmark = pytest.mark.django_db


def version(agency):
    return Agency.objects.get(pk=agency.pk).content_version


def published(agency, title="Tin"):
    return Note.objects.create(agency=agency, title=title, status=Status.PUBLISHED, published_at=timezone.now())


# --- what bumps ----------------------------------------------------------------------------------
def test_drafts_bump_nothing_and_publishing_bumps_only_its_agency(agency, other_agency, approver):
    before, other_before, province = version(agency), version(other_agency), province_version()
    note = Note.objects.create(agency=agency, title="Một")
    note.title = "Một (sửa)"
    note.save()
    apply_transition(note, "submit", approver)
    assert version(agency) == before and province_version() == province  # draft, pending: nothing
    apply_transition(note, "publish", approver)
    assert version(agency) == before + 1 and province_version() != province
    note.title = "Đã sửa sau khi xuất bản"
    note.save()  # an edit of a published row
    assert version(agency) == before + 2
    apply_transition(note, "unpublish", approver)
    assert version(agency) == before + 3
    note.title = "Sửa bản đã gỡ"
    note.save()
    assert version(agency) == before + 3  # unpublished rows are not public
    assert version(other_agency) == other_before


def test_deleting_bumps_only_for_published_rows(agency):
    draft, public = Note.objects.create(agency=agency, title="Nháp"), published(agency)
    before = version(agency)
    draft.delete()
    assert version(agency) == before
    public.delete()
    assert version(agency) == before + 1


def test_admin_only_fields_bump_nothing(agency, approver):
    note = published(agency)
    before = version(agency)
    note.review_note = "ghi chú nội bộ"
    note.save(update_fields=["review_note"])
    assert version(agency) == before


def test_children_and_relations_follow_their_parent(agency):
    draft, public = Note.objects.create(agency=agency, title="Nháp"), published(agency)
    tag = Tag.objects.create(agency=agency, name="nhãn")  # a plain public row (tags show on notes)
    before = version(agency)
    NoteFile.objects.create(agency=agency, note=draft)
    draft.tags.add(tag)
    assert version(agency) == before
    NoteFile.objects.create(agency=agency, note=public)
    assert version(agency) == before + 1
    public.tags.add(tag)
    assert version(agency) == before + 2


def test_rows_never_public_bump_nothing(agency, editor):
    from agencies.models import Membership

    before = version(agency)
    Membership.objects.filter(agency=agency).update(role="approver")
    Membership.objects.get(agency=agency).save()
    assert version(agency) == before


def test_one_transaction_bumps_once_and_again_after_the_commit(agency, django_capture_on_commit_callbacks):
    before = version(agency)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            note = published(agency)
            NoteFile.objects.create(agency=agency, note=note)
            note.title = "Sửa"
            note.save()
            during = agency_version(agency)
    assert version(agency) == before + 1 and len(callbacks) == 1
    # Pages made from not-yet-committed data under the first token are orphaned after the commit.
    assert agency_version(agency) != during


def test_a_rolled_back_transaction_keeps_nothing_pending(agency):
    before = version(agency)
    with pytest.raises(RuntimeError), transaction.atomic():
        published(agency)
        raise RuntimeError
    with transaction.atomic():
        published(agency, "Lần hai")
    assert version(agency) == before + 1


def test_save_and_publish_in_the_admin_bumps_once(login, approver, agency):
    note = Note.objects.create(agency=agency, title="Nháp")
    before = version(agency)
    response = login(approver).post(f"/admin/tenancy_app/note/{note.pk}/change/", {
        "title": "Duyệt", "body": "", "topic": "", "tags": [], "published_at_0": "", "published_at_1": "",
        "review_note": "", "_transition": "publish",
        "files-TOTAL_FORMS": "1", "files-INITIAL_FORMS": "0", "files-0-topic": "", "files-0-file": ""})
    assert response.status_code == 302
    assert version(agency) == before + 1


def test_deferred_bumps_touch_each_agency_once_at_the_end(agency, other_agency):
    before, other_before = version(agency), version(other_agency)
    with deferred_version_bumps():
        for i in range(5):
            published(agency, f"Tin {i}")
        with deferred_version_bumps():  # nested blocks share the outer one
            published(other_agency, "Khác")
        assert version(agency) == before
    assert version(agency) == before + 1 and version(other_agency) == other_before + 1


def test_agency_profile_change_and_slug_change(client, agency):
    first = client.get("/so-thu-nghiem/")
    assert client.get("/so-thu-nghiem/")["X-Page-Cache"] == "hit"
    agency.name = "Sở Đã Đổi Tên"
    agency.save()
    second = client.get("/so-thu-nghiem/")
    assert "X-Page-Cache" not in second
    assert "Sở Đã Đổi Tên" in second.text and "Sở Đã Đổi Tên" not in first.text
    assert client.get("/so-thu-nghiem/")["X-Page-Cache"] == "hit"
    agency.slug = "so-moi"
    agency.save()
    assert client.get("/so-thu-nghiem/").status_code == 404  # the old address is not served from cache
    assert client.get("/so-moi/").status_code == 200


# --- a working day of drafts ---------------------------------------------------------------------
def test_a_hundred_drafts_leave_every_page_cached_and_one_publish_turns_over_its_agency(client):
    agencies = [AgencyFactory(slug=f"so-{i}", name=f"Sở số {i}", short_name=f"S{i}") for i in range(5)]
    pages = ["/", *[f"/{a.slug}/" for a in agencies]]
    for url in pages:
        client.get(url)
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in pages)
    for i in range(100):
        note = Note.objects.create(agency=agencies[i % 5], title=f"Nháp {i}")
        note.status = Status.PENDING
        note.save()
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in pages)
    published(agencies[2], "Xuất bản")
    turned_over = {url for url in pages if client.get(url).get("X-Page-Cache") != "hit"}
    assert turned_over == {"/", "/so-2/"}


# --- scheduled items -----------------------------------------------------------------------------
def test_scheduled_publication_turns_the_cache_over_on_time(client, agency):
    soon, later = timezone.now() + timedelta(seconds=1), timezone.now() + timedelta(hours=5)
    Note.objects.create(agency=agency, title="Hẹn 1 giây", status=Status.PUBLISHED, published_at=soon)
    Note.objects.create(agency=agency, title="Hẹn 5 giờ", status=Status.PUBLISHED, published_at=later)
    agency.refresh_from_db()
    assert agency.next_publication_at == soon
    v1, p1 = agency_version(agency), province_version()
    client.get("/so-thu-nghiem/")
    assert client.get("/so-thu-nghiem/")["X-Page-Cache"] == "hit"  # nothing due yet: same pages
    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 0.1)
    assert "X-Page-Cache" not in client.get("/so-thu-nghiem/")  # its token expired at the due time
    assert agency_version(agency) != v1 and province_version() != p1
    agency.refresh_from_db()
    assert agency.next_publication_at == later  # the next one is remembered


# --- the hit path --------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/", "/so-thu-nghiem/", "/en/", "/so-do-trang/", "/so-thu-nghiem/so-do-trang/"])
def test_a_cache_hit_costs_no_sql(client, agency, django_assert_num_queries, url):
    published(agency)
    client.get(url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"


def test_a_hit_needs_the_tokens_in_the_cache_and_rebuilds_them_from_the_database(client, agency):
    from django.core.cache import cache

    client.get("/so-thu-nghiem/")
    cache.delete_many([slug_key("so-thu-nghiem"), PROVINCE_KEY])  # evicted (or Redis restarted)
    assert "X-Page-Cache" not in client.get("/so-thu-nghiem/")  # never served under a lost token
    assert cache.get(slug_key("so-thu-nghiem")) == (agency.pk, str(version(agency)))  # from the database
    assert client.get("/so-thu-nghiem/")["X-Page-Cache"] == "hit"


def test_the_fast_path_skips_sessions(client, agency):
    client.get("/so-thu-nghiem/")
    response = client.get("/so-thu-nghiem/")
    assert response["X-Page-Cache"] == "hit" and not hasattr(response.wsgi_request, "session")


def test_logged_in_staff_get_hits_through_the_full_chain_privately(login, editor, agency):
    client = login(editor)
    client.get("/so-thu-nghiem/")
    response = client.get("/so-thu-nghiem/")
    assert response["X-Page-Cache"] == "hit" and response.wsgi_request.user == editor
    assert response["Cache-Control"] == "private, no-store"


# --- HTTP validators and Cache-Control ------------------------------------------------------------
def test_anonymous_pages_are_public_with_validators_and_304(client, agency, settings):
    settings.PORTAL_PUBLIC_MAX_AGE, settings.PORTAL_PUBLIC_STALE_WHILE_REVALIDATE = 10, 30
    first = client.get("/so-thu-nghiem/")
    assert first["Cache-Control"] == "public, max-age=10, stale-while-revalidate=30"
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"')
    hit = client.get("/so-thu-nghiem/")
    assert hit["ETag"] == etag and hit["Last-Modified"] == last_modified
    assert hit["Cache-Control"] == first["Cache-Control"]
    not_modified = client.get("/so-thu-nghiem/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not not_modified.content and not_modified["ETag"] == etag
    assert client.get("/so-thu-nghiem/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    published(agency)
    changed = client.get("/so-thu-nghiem/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_etag_differs_between_pages_and_languages(client, agency):
    home, other = client.get("/so-thu-nghiem/"), client.get("/")
    assert home["ETag"] != other["ETag"]


def test_never_public_for_the_admin_previews_posts_cookies_and_sessions(client, login, approver, agency):
    note = Note.objects.create(agency=agency, title="Nháp")
    staff = login(approver)
    for response in (staff.get("/admin/"), staff.get(f"/admin/tenancy_app/note/{note.pk}/change/"),
                     staff.get("/so-thu-nghiem/"), client.post("/so-thu-nghiem/"), client.get("/admin/login/")):
        assert "public" not in response.get("Cache-Control", ""), response.wsgi_request.path
        assert "ETag" not in response or response.wsgi_request.method != "POST"
    staff.get("/so-thu-nghiem/")
    assert staff.get("/so-thu-nghiem/")["Cache-Control"] == "private, no-store"


def test_a_page_setting_a_cookie_is_neither_stored_nor_public(client, agency, settings):
    from django.http import HttpResponse

    from agencies.cache import cache_agency_page

    @cache_agency_page
    def view(request):
        response = HttpResponse("với cookie")
        response.set_cookie("chon", "1")
        return response

    from django.test import RequestFactory

    from agencies.cache import PageCacheMiddleware

    request = RequestFactory().get("/so-thu-nghiem/x/")
    request.agency = agency
    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(request)
        assert "X-Page-Cache" not in response and response["Cache-Control"] == "private, no-store"


def test_post_requests_are_never_cached(client, agency):
    client.get("/so-thu-nghiem/")
    response = client.post("/so-thu-nghiem/")
    assert "X-Page-Cache" not in response and "public" not in response.get("Cache-Control", "")


def test_a_visitor_with_a_flash_message_gets_the_page_rendered(client, agency):
    client.get("/so-thu-nghiem/")
    assert client.get("/so-thu-nghiem/")["X-Page-Cache"] == "hit"
    client.cookies["messages"] = "x"
    response = client.get("/so-thu-nghiem/")
    assert "X-Page-Cache" not in response and "public" not in response.get("Cache-Control", "")
