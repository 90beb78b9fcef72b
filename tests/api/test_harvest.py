"""Incremental harvest (updated_since, cursor, tombstones), ETag/304, cache, CORS, limits, errors."""


import json

import pytest
from django.utils import timezone

from agencies.models import Agency
from content.models import Article
from organization.models import Official
from portal.models import Tombstone
from portal.publishing import apply_transition
from portal.sections import all_sections
from tests.api.conftest import HIDDEN
from tests.content.factories import bulk_articles, published_article
from tests.procedures.factories import many_procedures

pytestmark = pytest.mark.django_db


def _harvest(client, url, **query):
    items, response = [], client.get(url, {"limit": 2, **query})
    while True:
        body = response.json()
        items += body["items"]
        if not body["next_cursor"]:
            return items, body["server_time"]
        response = client.get(url, {"limit": 2, **query, "cursor": body["next_cursor"]})


def test_the_cursor_walks_every_item_once_in_a_stable_order(client, agency):
    bulk_articles(agency, 7)
    items, _ = _harvest(client, "/api/v1/news")
    assert len(items) == len({i["id"] for i in items}) == 7


def test_updated_since_returns_only_what_changed(client, agency, approver):
    first = published_article(agency, title="Tin một")
    published_article(agency, title="Tin hai")
    _, server_time = _harvest(client, "/api/v1/news")
    first.title = "Tin một (sửa)"
    first.save()
    items, _ = _harvest(client, "/api/v1/news", updated_since=server_time)
    assert [i["title"] for i in items] == ["Tin một (sửa)"]


def test_unpublish_delete_and_private_leave_tombstones(client, agency, approver):
    article = published_article(agency, title="Tin sẽ gỡ")
    doomed = published_article(agency, title="Tin sẽ xóa")
    draft = published_article(agency, title="Tin nháp", status="draft", published_at=None)
    from tests.api.conftest import _official, _unit

    person = _official(agency, _unit(agency, "Văn phòng"), "Lê Thị Riêng")
    since = timezone.now()
    apply_transition(article, "unpublish", approver)
    doomed_pk = doomed.pk
    doomed.delete()
    draft.delete()  # never public: no tombstone
    person.is_public = False
    person.save()
    stones, _ = _harvest(client, "/api/v1/tombstones", updated_since=since.isoformat())
    assert {(s["type"], s["id"]) for s in stones} == {("news", article.pk), ("news", doomed_pk),
                                                      ("official", person.pk)}
    assert all(s["agency"] == agency.slug for s in stones)
    # Published again: the tombstone goes, the item is back in the list.
    apply_transition(article, "publish", approver)
    assert not Tombstone.objects.filter(type="news", object_id=article.pk).exists()
    items, _ = _harvest(client, "/api/v1/news", updated_since=since.isoformat())
    assert [i["id"] for i in items] == [article.pk]


def test_an_unpublished_unit_takes_its_officials_and_subunits_along(client, agency, approver):
    from tests.api.conftest import _official, _unit

    unit = _unit(agency, "Phòng A")
    below = _unit(agency, "Tổ A1", parent=unit)
    person = _official(agency, below, "Phạm Văn Tổ")
    apply_transition(unit, "unpublish", approver)
    assert set(Tombstone.objects.values_list("type", "object_id")) == {
        ("unit", unit.pk), ("unit", below.pk), ("official", person.pk)}
    since = timezone.now()
    apply_transition(unit, "publish", approver)
    assert not Tombstone.objects.exists()
    officials, _ = _harvest(client, f"/api/v1/agencies/{agency.slug}/officials", updated_since=since.isoformat())
    assert [o["id"] for o in officials] == [person.pk]


def test_a_deactivated_agency_is_a_tombstone(client, agency):
    agency.is_active = False
    agency.save()
    stones, _ = _harvest(client, "/api/v1/tombstones", type="agency")
    assert [(s["type"], s["id"]) for s in stones] == [("agency", agency.pk)]


def test_etag_answers_304_and_changes_with_the_data(client, agency):
    article = published_article(agency, title="Tin có ETag")
    first = client.get("/api/v1/news")
    etag = first["ETag"]
    assert client.get("/api/v1/news", HTTP_IF_NONE_MATCH=etag).status_code == 304
    article.title = "Tin có ETag mới"
    article.save()
    again = client.get("/api/v1/news", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_a_cache_hit_costs_only_the_version(client, agency, django_assert_num_queries):
    bulk_articles(agency, 5)
    assert client.get(f"/api/v1/news?agency={agency.slug}")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):
        assert client.get(f"/api/v1/news?agency={agency.slug}")["X-Page-Cache"] == "hit"


def test_cors_for_get_only_and_writes_refused(client, agency):
    response = client.get("/api/v1/agencies")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/agencies")
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    refused = client.post("/api/v1/agencies", {}, content_type="application/json")
    assert refused.status_code == 405
    assert refused.json()["error"]["message_en"] == "This API is read-only (GET)."


def test_errors_are_json_in_vietnamese_and_english(client, agency):
    body = client.get("/api/v1/news?limit=100000").json()["error"]
    assert body["code"] == "bad_request" and body["message"] == "Tham số không hợp lệ."
    assert body["message_en"] == "Invalid parameters."
    assert client.get("/api/v1/news?cursor=%%%").json()["error"]["code"] == "bad_cursor"
    assert client.get("/api/v1/news?updated_since=hôm-qua").status_code == 400
    missing = client.get("/api/v1/agencies/khong-co/summary")
    assert missing.status_code == 404 and missing.json()["error"]["message_en"] == "No such agency on this portal."
    assert client.get("/api/v1/khong-co").status_code == 404


def test_rate_limit_per_client(client, agency, settings):
    settings.PORTAL_API_RATE = "3/m"
    codes = [client.get("/api/v1/agencies").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    response = client.get("/api/v1/agencies")
    assert response.json()["error"]["code"] == "rate_limited" and response["Retry-After"]


def test_hostile_parameters_are_refused_cleanly(client, world):
    for query in ("agency=' OR 1=1 --", "agency=../admin", "limit=-1", "limit=abc", "cursor=" + "A" * 500,
                  "updated_since=9999-99-99", "leader=1;DROP", "abolished=maybe"):
        for path in ("/api/v1/news", "/api/v1/procedures", "/api/v1/schedule-entries"):
            response = client.get(f"{path}?{query}")
            assert response.status_code in (200, 400, 404), (path, query)
            assert HIDDEN not in response.content.decode()


LISTS = ["/api/v1/agencies", "/api/v1/news", "/api/v1/procedures", "/api/v1/dispatches",
         "/api/v1/legal-documents", "/api/v1/introductions", "/api/v1/schedule-entries", "/api/v1/weeks",
         "/api/v1/observations", "/api/v1/reports", "/api/v1/tombstones"]


def _queries(client, url, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PORTAL_PAGE_CACHE = False
    client.get(url)  # warm what is cached whatever the data (the agency host names)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_sql_per_request_is_flat_in_the_data_size(client, agency, other_agency, settings):
    from tests.api.conftest import populate

    populate(agency, "A")
    small = {url: _queries(client, url + "?limit=200", settings) for url in LISTS}
    small_detail = _queries(client, f"/api/v1/agencies/{agency.slug}/summary", settings)
    populate(other_agency, "B")
    bulk_articles(agency, 40)
    many_procedures(agency, 30)
    for i in range(15):
        published_article(other_agency, title=f"Tin thêm {i}")
    large = {url: _queries(client, url + "?limit=200", settings) for url in LISTS}
    assert large == small
    assert _queries(client, f"/api/v1/agencies/{agency.slug}/summary", settings) == small_detail


def test_agencies_list_the_eight_sections_state(client, world):
    agency = client.get("/api/v1/agencies/so-thu-nghiem").json()
    assert [s["number"] for s in agency["sections"]] == [s.number for s in all_sections()]
    assert [s["number"] for s in agency["sections"]][:8] == [1, 2, 3, 4, 5, 6, 7, 8]
    news = next(s for s in agency["sections"] if s["number"] == 6)
    assert news["count"] == 1 and news["last_updated"]
    slugs = {a["slug"] for a in client.get("/api/v1/agencies?limit=200").json()["items"]}
    assert slugs == {"so-thu-nghiem", "so-khac"}
    assert not Agency.objects.get(slug="huyen-cu").is_active


def test_summary_is_the_operations_page_in_one_call(client, world):
    summary = client.get("/api/v1/agencies/so-thu-nghiem/summary").json()
    assert set(summary["parts"]) >= {"2_organization", "4_procedures", "5_schedule", "6_news", "7_ktxh",
                                     "8_dispatches"}
    assert summary["parts"]["6_news"]["latest_news"][0]["title"].startswith("CONGKHAI tin")
    assert summary["parts"]["5_schedule"]["current_week"]["entries"] == 2
    assert summary["parts"]["2_organization"]["headcount"]["total"] >= 1


def test_the_docs_page_loads_its_assets_from_this_site(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    def no_repeated_keys(pairs):  # Swagger UI refuses a document that repeats a key
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    schema = json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=no_repeated_keys)
    assert schema["openapi"].startswith("3.1")
    for path in ("/api/v1/agencies", "/api/v1/agencies/{slug}/summary", "/api/v1/news", "/api/v1/procedures",
                 "/api/v1/schedule-entries", "/api/v1/observations", "/api/v1/dispatches",
                 "/api/v1/dispatch-statistics", "/api/v1/tombstones"):
        assert path in schema["paths"], path


def test_officials_hidden_from_the_directory_are_never_chairs_in_the_api(client, world):
    hidden = Official.objects.filter(is_public=False).values_list("pk", flat=True)
    entries = client.get("/api/v1/schedule-entries?limit=200").json()["items"]
    assert entries and not any(c["id"] in hidden for e in entries for c in e["chairs"])
    assert Article.objects.filter(title__startswith=HIDDEN).exists()


def test_agencies_and_indicators_without_history_are_listed(client, agency):
    """Rows inserted in bulk (the seeders) have no history row: they still appear, first."""
    from datetime import date

    from ktxh_sync.models import Indicator

    Agency.objects.bulk_create([Agency(slug="so-bulk", name="Sở Bulk", short_name="Sở Bulk", kind="department",
                                       joined_on=date(2026, 1, 1))])
    Indicator.objects.bulk_create([Indicator(code="BULKIND", name="Chỉ tiêu bulk", unit="%", frequency="month")])
    slugs = [a["slug"] for a in client.get("/api/v1/agencies?limit=200").json()["items"]]
    assert slugs[0] == "so-bulk" and set(slugs) == {"so-bulk", agency.slug}
    assert "BULKIND" in [i["code"] for i in client.get("/api/v1/indicators?limit=200").json()["items"]]


@pytest.mark.parametrize("since, status", [
    ("0400-09-28T07:22:01.2-16:43", 200),  # any ISO offset, read as UTC (PostgreSQL refuses this one as is)
    ("0001-01-01T00:00:00+14:00", 400),  # before year 1 in UTC
    ("2026-12-01T08:00:00", 200),  # naive: the portal's time zone
])
def test_updated_since_in_any_offset(client, agency, since, status):
    published_article(agency)
    assert client.get("/api/v1/news", {"updated_since": since}).status_code == status
