"""Every endpoint of /api/v1/, with every filter, as anonymous: nothing hidden, the same as the pages.

The endpoints and their parameters are read from the generated OpenAPI document, so a new
endpoint or filter without a test value here fails the test instead of going untested.
"""

import itertools
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from organization.models import Official
from tests.api.conftest import HIDDEN, PUBLIC

pytestmark = pytest.mark.django_db


def values_for(world, name):
    gone = world["inactive"]
    agency_slug = world["article"].agency.slug
    other_slug = world["other"]["article"].agency.slug
    long_ago = (timezone.now() - timedelta(days=400)).isoformat()
    values = {
        "agency": [agency_slug, other_slug, gone.slug, "khong-co"],
        "slug": [agency_slug, other_slug, gone.slug],
        "updated_since": [long_ago, (timezone.now() + timedelta(days=1)).isoformat()],
        "limit": [1, 200],
        "cursor": [],  # followed from next_cursor
        "category": ["hoat-dong-cua-don-vi", "khong-co"],
        "published_from": ["2020-01-01"],
        "published_to": ["2099-01-01"],
        "sector": ["HT", "khong-co"],
        "level": ["xa", "tinh"],
        "abolished": ["true", "false"],
        "year": [timezone.localdate().year, 2001],
        "leader": [world["official"].pk,
                   Official.objects.get(full_name__startswith=f"{HIDDEN} Không công khai",
                                        agency=world["official"].agency).pk],
        "date_from": ["2020-01-01"],
        "date_to": ["2099-12-31"],
        "group": ["kinh-te", "cong-nghiep"],
        "indicator": ["APITEST", "APIRETIRED"],
        "period_from": ["2020-01-01"],
        "period_to": ["2099-12-31"],
        "direction": ["di", "den"],
        "doc_type": ["cv"],
        "type": ["news", "official"],
    }
    return values[name]


def ids_for(world, name):
    hidden_article = world["scheduled"]
    return {"article_id": [world["article"].pk, hidden_article.pk, 999999],
            "procedure_id": [world["procedure"].pk, 999999]}[name]


def _openapi(client):
    return client.get("/api/v1/openapi.json").json()


def _requests(world, schema):
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        params = operation.get("parameters", [])
        path_params = [p["name"] for p in params if p["in"] == "path"]
        query_params = [p["name"] for p in params if p["in"] == "query"]
        for path_values in itertools.product(*[
                values_for(world, n) if n == "slug" else ids_for(world, n) for n in path_params]):
            url = path
            for name, value in zip(path_params, path_values, strict=True):
                url = url.replace("{%s}" % name, str(value))
            yield url, {}
            for name in query_params:
                for value in values_for(world, name):
                    yield url, {name: value}
            # every filter at once, with the agency
            combined = {n: values_for(world, n)[0] for n in query_params if values_for(world, n)}
            if combined:
                yield url, combined


def _all_pages(client, url, query):
    response = client.get(url, query)
    bodies = [response]
    while response.status_code == 200 and "next_cursor" in response.json() and response.json()["next_cursor"]:
        response = client.get(url, {**query, "cursor": response.json()["next_cursor"]})
        bodies.append(response)
    return bodies


def test_every_endpoint_with_every_filter_shows_nothing_hidden(client, world):
    schema = _openapi(client)
    seen_public = set()
    count = 0
    for url, query in _requests(world, schema):
        for response in _all_pages(client, url, query):
            count += 1
            assert response.status_code in (200, 400, 404), (url, query, response.status_code)
            text = json.dumps(response.json(), ensure_ascii=False)
            assert HIDDEN not in text, (url, query, re.findall(HIDDEN + r"[^\"]{0,40}", text))
            seen_public.update(re.findall(PUBLIC + r" [^\"]{0,30}", text))
    assert count > 150
    # And the public data is there: each kind of public item came through at least once.
    for needle in ("giới thiệu", "tin", "thủ tục", "văn bản", "tờ khai", "Ban Giám đốc", "Nguyễn Văn",
                   "họp giao ban", "báo cáo", "công văn", "nguồn"):
        assert any(needle in s for s in seen_public), needle


def _titles(text):
    return set(re.findall(PUBLIC + r" [^\"<\n]{1,40}?(?= [AB]\b)", text))


@pytest.mark.parametrize("api_url, page_url, key", [
    ("/api/v1/news?agency=so-thu-nghiem&limit=200", "/so-thu-nghiem/tin-tuc/", "title"),
    ("/api/v1/procedures?agency=so-thu-nghiem&limit=200", "/so-thu-nghiem/thu-tuc-hanh-chinh/", "name"),
    ("/api/v1/agencies/so-thu-nghiem/officials?limit=200", "/so-thu-nghiem/co-cau-to-chuc/danh-ba/", "full_name"),
    ("/api/v1/agencies/so-thu-nghiem/units?limit=200", "/so-thu-nghiem/co-cau-to-chuc/", "name"),
    ("/api/v1/schedule-entries?agency=so-thu-nghiem&limit=200", "/so-thu-nghiem/lich-cong-tac/", "content"),
    ("/api/v1/reports?agency=so-thu-nghiem&limit=200", "/so-thu-nghiem/kinh-te-xa-hoi/bao-cao/", "title"),
    ("/api/v1/dispatches?agency=so-thu-nghiem&limit=200", "/so-thu-nghiem/van-ban-di-den/so-van-ban/", "summary"),
    ("/api/v1/introductions?agency=so-thu-nghiem", "/so-thu-nghiem/gioi-thieu/", "title"),
])
def test_the_api_lists_what_the_public_page_shows(client, world, api_url, page_url, key):
    api_items = {item[key] for item in client.get(api_url).json()["items"]}
    page = client.get(page_url).content.decode()
    assert api_items, api_url
    for value in api_items:
        assert value in page, (value, page_url)
    # Everything the page shows under the public marker comes from the API too.
    known = set()
    for url in AGENCY_LISTS:
        _strings(client.get(url).json(), known)
    for shown in re.findall(PUBLIC + r" [^<\"\n]*? A\b", page):
        assert any(shown in value for value in known), (shown, page_url)


AGENCY_LISTS = [f"/api/v1/{name}?agency=so-thu-nghiem&limit=200" for name in (
    "news", "procedures", "legal-documents", "schedule-entries", "reports", "dispatches", "introductions",
    "functions", "observations")] + [f"/api/v1/agencies/so-thu-nghiem/{name}?limit=200" for name in (
        "officials", "units")] + ["/api/v1/indicators?limit=200"]


def _strings(data, into):
    if isinstance(data, dict):
        for value in data.values():
            _strings(value, into)
    elif isinstance(data, list):
        for value in data:
            _strings(value, into)
    elif isinstance(data, str):
        into.add(data)


def test_a_scheduled_article_appears_in_the_api_when_due(client, world):
    article = world["scheduled"]
    assert client.get(f"/api/v1/news/{article.pk}").status_code == 404
    article.published_at = timezone.now() - timedelta(seconds=1)
    article.save()
    assert client.get(f"/api/v1/news/{article.pk}").json()["title"] == article.title
