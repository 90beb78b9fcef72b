"""sitemap.xml is an index of paged per-kind sitemaps: small files, constant SQL, lastmod, and on an
agency's own host name the agency's own pages only."""

import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agencies.sitemaps import AgencySitemap
from tests.content.factories import bulk_articles, draft_article, published_article
from tests.factories import AgencyFactory
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(response):
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.iterfind(".//s:loc", NS)]


def test_sitemap_xml_is_an_index_of_per_kind_files_with_lastmod(client, agency):
    article = published_article(agency)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(index.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = locations(index)
    assert "http://testserver/sitemap-co-quan.xml" in files and "http://testserver/sitemap-tin-tuc.xml" in files
    news = next(s for s in root.iterfind("s:sitemap", NS) if s.find("s:loc", NS).text.endswith("-tin-tuc.xml"))
    # The sitemap writes local time (Asia/Ho_Chi_Minh): from 17:00 UTC its date is the next day's.
    assert news.find("s:lastmod", NS).text.startswith(f"{timezone.localtime(article.updated_at):%Y-%m-%d}")
    assert f"/so-thu-nghiem/tin-tuc/{article.slug}/" in client.get("/sitemap-tin-tuc.xml").text
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text
    assert client.get("/sitemap-khong-co.xml").status_code == 404


def test_a_large_kind_is_paged_under_the_protocol_limits(client, agency, monkeypatch):
    monkeypatch.setattr(AgencySitemap, "limit", 10)
    bulk_articles(agency, 25)
    files = locations(client.get("/sitemap.xml"))
    pages = [f for f in files if "sitemap-tin-tuc.xml" in f]
    assert pages == ["http://testserver/sitemap-tin-tuc.xml", "http://testserver/sitemap-tin-tuc.xml?p=2",
                     "http://testserver/sitemap-tin-tuc.xml?p=3"]
    assert len(locations(client.get("/sitemap-tin-tuc.xml?p=3"))) == 5
    assert client.get("/sitemap-tin-tuc.xml?p=4").status_code == 404


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_each_sitemap_file_costs_the_same_sql_with_more_agencies_and_rows(agency):
    bulk_articles(agency, 3)
    paths = ["/sitemap.xml"] + [re.sub(r"^https?://[^/]+", "", f) for f in locations(Client().get("/sitemap.xml"))]
    small = {path: _queries(Client(), path) for path in paths}
    for i in range(12):
        bulk_articles(AgencyFactory(slug=f"so-them-{i}"), 40, start=100 * i)
    Client().get("/")  # the agency host map, dropped by the new agencies, is read again once
    large = {path: _queries(Client(), path) for path in paths}
    assert large == small


def test_an_agency_on_its_own_host_lists_only_its_own_pages(client, agency, settings):
    settings.ALLOWED_HOSTS = ["testserver", "stn.vinhlong.gov.vn"]
    own = AgencyFactory(slug="so-rieng", name="Sở Có Tên Miền Riêng", host="stn.vinhlong.gov.vn")
    mine, theirs = published_article(own, title="Tin của sở riêng"), published_article(agency)
    hidden = draft_article(own, title="Tin nháp của sở riêng")
    xml = sitemap_text(client, HTTP_HOST="stn.vinhlong.gov.vn")
    assert f"http://stn.vinhlong.gov.vn/tin-tuc/{mine.slug}/" in xml
    assert theirs.slug not in xml and hidden.slug not in xml and "so-thu-nghiem" not in xml
    assert "http://stn.vinhlong.gov.vn/</loc>" in xml  # the agency's home
    province = sitemap_text(client)
    assert mine.slug not in province and "so-rieng" not in province  # not listed twice
    assert f"/so-thu-nghiem/tin-tuc/{theirs.slug}/" in province


def test_addresses_formatted_from_a_reversed_pattern_equal_reversing_each_row(agency, settings):
    """``AgencySitemap.url`` reverses once per agency and page, then formats the row's values in: the
    addresses are exactly what ``Agency.reverse`` gives, under a slug and on an agency's own host."""
    from django.test import override_settings
    from django.urls import set_urlconf

    from content.sitemaps import ArticleSitemap
    from procedures.sitemaps import ProcedureSitemap
    from tests.procedures.factories import procedure

    settings.ALLOWED_HOSTS = ["testserver", "stn.vinhlong.gov.vn"]
    own = AgencyFactory(slug="so-rieng", host="stn.vinhlong.gov.vn")
    articles = [published_article(a, title=f"Tin số {i} của {a.slug}") for a in (agency, own) for i in range(3)]
    procedures = [procedure(a, name=f"Thủ tục {i}") for a in (agency, own) for i in range(3)]
    odd = AgencyFactory(slug="so-987654320")
    for on_host in (None, own):
        articles_map, procedures_map = ArticleSitemap(agency=on_host), ProcedureSitemap(agency=on_host)
        for article in articles:
            assert articles_map.url(article.agency, "content:article", slug=article.slug) == \
                article.agency.reverse("content:article", slug=article.slug)
        for row in procedures:
            assert procedures_map.location(row) == row.get_absolute_url()
        assert articles_map.url(own, "agency_home") == "//stn.vinhlong.gov.vn/"
        # An address where the placeholder also occurs elsewhere is reversed row by row.
        assert articles_map.url(odd, "content:article", slug="tin-1") == odd.reverse("content:article", slug="tin-1")
    with override_settings(ROOT_URLCONF=settings.ROOT_URLCONF):
        set_urlconf(settings.AGENCY_HOST_URLCONF)  # on an agency's host, province pages get the base URL
        try:
            assert ArticleSitemap().url(agency, "content:article", slug=articles[0].slug) == \
                agency.reverse("content:article", slug=articles[0].slug)
        finally:
            set_urlconf(None)


def test_sitemap_files_are_written_out_as_valid_urlsets_with_local_dates(client, agency):
    article = published_article(agency, title="Tin <đặc biệt> & mới")
    response = client.get("/sitemap-tin-tuc.xml")
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert response["Last-Modified"]
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    entry = root.find("s:url", NS)
    assert entry.find("s:loc", NS).text == f"http://testserver/so-thu-nghiem/tin-tuc/{article.slug}/"
    assert entry.find("s:lastmod", NS).text == f"{timezone.localtime(article.updated_at):%Y-%m-%d}"
    assert entry.find("s:changefreq", NS).text == "weekly"
    assert client.get("/sitemap-tin-tuc.xml?p=x").status_code == 404


def test_pages_are_ranges_of_keys_listing_every_public_row_once_without_offset(client, agency, monkeypatch):
    """A page is read through a range of the primary key (no OFFSET walk, as quick deep as first);
    rows not shown leave gaps that shorten pages, and every public row is listed exactly once."""
    monkeypatch.setattr(AgencySitemap, "limit", 10)
    shown = [published_article(agency, title=f"Tin công khai {i}") for i in range(12)]
    for i in range(6):
        draft_article(agency, title=f"Tin nháp {i}")
    shown += [published_article(agency, title=f"Tin công khai thêm {i}") for i in range(5)]
    files = [re.sub(r"^https?://[^/]+", "", f) for f in locations(client.get("/sitemap.xml")) if "-tin-tuc" in f]
    pks = sorted(article.pk for article in shown)
    assert len(files) == (max(pks) - min(pks)) // 10 + 1
    listed = []
    for path in files:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
        listed += locations(response)
    assert sorted(listed) == sorted(f"http://testserver/so-thu-nghiem/tin-tuc/{a.slug}/" for a in shown)
    assert client.get(f"/sitemap-tin-tuc.xml?p={len(files) + 1}").status_code == 404
