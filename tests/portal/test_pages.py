"""Province home, agency home, site map, sitemap.xml, robots.txt, errors, headers and query counts."""

import pytest
from django.core.cache import cache

from agencies.models import Agency
from portal.models import Province
from tests.factories import AgencyFactory
from tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


def make_agencies(n, kind=Agency.Kind.COMMUNE):
    return [AgencyFactory(slug=f"xa-so-{i}", name=f"Ủy ban nhân dân xã Số {i}", kind=kind) for i in range(n)]



def test_province_home_groups_agencies_by_kind(client, agency):
    AgencyFactory(slug="phuong-an-hoi", name="Ủy ban nhân dân phường An Hội", kind=Agency.Kind.COMMUNE)
    page = client.get("/").text
    assert "Sở, ban, ngành cấp tỉnh" in page and "UBND xã, phường, đặc khu" in page
    assert page.index("Sở Thử nghiệm") < page.index("phường An Hội")


def test_province_home_search_folds_diacritics(client, agency):
    AgencyFactory(slug="phuong-an-hoi", name="Ủy ban nhân dân phường An Hội", kind=Agency.Kind.COMMUNE)
    page = client.get("/", {"q": "an hoi"}).text
    assert "phường An Hội" in page and "Sở Thử nghiệm" not in page


def test_every_page_carries_dublin_core_footer_and_sample_mark(client, agency):
    Province.objects.create(pk=1, name="Tỉnh Vĩnh Long — dữ liệu mẫu", is_sample_data=True)
    cache.clear()
    page = client.get("/so-thu-nghiem/").text
    for name in ("DC.title", "DC.creator", "DC.date", "DC.description", "DC.publisher", "DC.identifier",
                 "DC.language"):
        assert f'name="{name}"' in page
    assert "Chịu trách nhiệm nội dung:" in page and "Nguyễn Văn Thử" in page
    assert "Dữ liệu mẫu" in page
    assert 'lang="vi"' in page and 'href="#noi-dung"' in page


def test_no_inline_script_or_style_on_public_pages(client, agency):
    for url in ("/", "/so-thu-nghiem/", "/so-do-trang/", "/khong-co/"):
        page = client.get(url).text
        assert "<script" not in page and "style=" not in page and "<style" not in page, url


def test_security_headers(client, agency):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_admin_csp_allows_inline_styles_only(client):
    csp = client.get("/admin/login/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp and "script-src 'self'" in csp


def test_site_map_lists_every_agency(client, agency, other_agency):
    page = client.get("/so-do-trang/").text
    assert "/so-thu-nghiem/" in page and "/so-khac/" in page


def test_sitemap_xml_and_robots(client, agency):
    assert "/so-thu-nghiem/</loc>" in sitemap_text(client)
    robots = client.get("/robots.txt").text
    assert "Disallow: /admin/" in robots and "sitemap.xml" in robots


def test_inactive_agencies_stay_off_public_lists(client, agency):
    AgencyFactory(slug="huyen-cu", name="UBND huyện Cũ", is_active=False)
    for url in ("/", "/so-do-trang/"):
        assert "huyen-cu" not in client.get(url).text and "huyện Cũ" not in client.get(url).text
    assert "huyen-cu" not in sitemap_text(client)


def test_admin_login_is_in_vietnamese(client):
    page = client.get("/admin/login/").text
    assert "Đăng nhập" in page and "Mật khẩu" in page


def queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warms the province row and the host map, both cached for minutes
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url, most", [("/", 6), ("/so-do-trang/", 2), ("/so-xa-0/", 0)])
def test_public_page_query_count_does_not_grow_with_agencies(client, settings, url, most):
    """A fixed number of queries (sections' blocks included) whether 5 or 60 agencies exist."""
    settings.PORTAL_PAGE_CACHE = False
    make_agencies(5)
    AgencyFactory(slug="so-xa-0")
    few = queries_for(client, url)
    make_agencies(60)
    assert queries_for(client, url) == few
    assert few <= most  # the agency home: the agency row and its sections' blocks are kept per version


def test_agency_home_asks_the_sections_again_only_after_a_change(client, settings):
    """The sections' summaries and blocks are kept per content version: the first request after a
    change asks every section (a fixed handful of queries, whatever the number of agencies)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agencies.cache import bump_content_version

    settings.PORTAL_PAGE_CACHE = False
    make_agencies(5)
    agency = AgencyFactory(slug="so-xa-0")
    client.get("/so-xa-0/")

    def first_request_after_a_change():
        bump_content_version(agency.pk)
        with CaptureQueriesContext(connection) as context:
            assert client.get("/so-xa-0/").status_code == 200
        return len(context.captured_queries)

    few = first_request_after_a_change()
    make_agencies(60)
    client.get("/so-xa-0/")  # the host map, cached for minutes, is read again after agencies change
    assert first_request_after_a_change() == few <= 8  # the sections' figures folded into one query
    with CaptureQueriesContext(connection) as context:
        client.get("/so-xa-0/")
    assert len(context.captured_queries) == 0  # the agency row too comes from the cache


def test_cached_agency_home_costs_no_query(client, agency, django_assert_num_queries):
    client.get("/so-thu-nghiem/")
    with django_assert_num_queries(0):  # the agency and its version come from the cache too
        assert client.get("/so-thu-nghiem/")["X-Page-Cache"] == "hit"
