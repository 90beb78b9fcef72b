"""The English entry (province and agency homes) and the site map that scales to 150 agencies."""

import re

import pytest
from django.test import Client

from portal.models import Province
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_agency(agency):
    agency.name_en = "Department of Testing"
    agency.address_en = "1 Test Street, Vinh Long"
    agency.address = "Số 1 đường Thử nghiệm"
    agency.save()
    return agency


def test_province_english_home_uses_english_names_and_marks_vietnamese(english_agency, other_agency):
    Province.objects.create(name="Tỉnh Vĩnh Long", address="Số 88 đường 3/2")
    response = Client().get("/en/")
    html = response.content.decode()
    assert response["Content-Language"] == "en" and '<html lang="en">' in html
    assert "People's Committee of Vinh Long Province" in html
    assert "TỈNH VĨNH LONG" not in html.upper().split("<MAIN")[0]  # banner fully English
    assert '<a href="/so-thu-nghiem/en/">Department of Testing</a>' in html
    assert '<span lang="vi">Sở Khác tỉnh Vĩnh Long</span>' in html  # no English name: marked Vietnamese
    assert "Only in Vietnamese:" in html
    assert '<link rel="alternate" hreflang="vi" href="/">' in html
    assert '<link rel="alternate" hreflang="en" href="/en/">' in Client().get("/").content.decode()
    footer = html.split('<footer')[1]
    assert "Address: <span lang=\"vi\">Số 88 đường 3/2</span>" in footer and "Địa chỉ" not in footer


def test_agency_english_home_links_the_english_pages_and_lists_vietnamese_only_sections(english_agency):
    html = Client().get("/so-thu-nghiem/en/").content.decode()
    assert "<h1 class=\"page-title\">Department of Testing</h1>" in html
    assert 'href="/so-thu-nghiem/co-cau-to-chuc/en/">Organization and contacts</a>' in html
    assert 'href="/so-thu-nghiem/chuc-nang-nhiem-vu/en/">Functions and duties</a>' in html
    assert "1 Test Street, Vinh Long" in html and "Số 1 đường Thử nghiệm" not in html
    assert "Only in Vietnamese" in html and 'href="/so-thu-nghiem/tin-tuc/" hreflang="vi"' in html
    banner = html.split("<main")[0]
    assert "DEPARTMENT OF TESTING" in banner.upper() and "Sở Thử nghiệm" not in banner
    assert '<main id="noi-dung" tabindex="-1" lang="en">' in html
    assert '<link rel="alternate" hreflang="vi" href="/so-thu-nghiem/">' in html
    home = Client().get("/so-thu-nghiem/").content.decode()
    assert '<link rel="alternate" hreflang="en" href="/so-thu-nghiem/en/">' in home
    assert "next=/so-thu-nghiem/en/" in home  # the English link goes to the English home


def test_vietnamese_content_under_the_english_interface_is_marked_vi(english_agency):
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get("/so-thu-nghiem/tin-tuc/").content.decode()
    assert '<html lang="en">' in html and '<main id="noi-dung" tabindex="-1" lang="vi">' in html
    assert "Department of Testing" in html.split("<main")[0]  # banner in English


def test_english_pages_and_the_search_are_in_every_header_and_the_readme_urls_exist(english_agency):
    html = Client().get("/so-thu-nghiem/gioi-thieu/").content.decode()
    assert 'action="/so-thu-nghiem/tim-kiem/"' in html and 'action="/tim-kiem/"' in Client().get("/").content.decode()
    readme = open("README.md", encoding="utf-8").read()
    for path in re.findall(r"`(/(?:so-y-te/)?[a-z0-9/-]*en/)`", readme):
        path = path.replace("so-y-te", "so-thu-nghiem")
        assert Client().get(path).status_code == 200, path


def test_site_map_groups_150_agencies_by_kind_in_short_lines_with_flat_queries(django_assert_num_queries, settings):
    settings.PORTAL_PAGE_CACHE = False
    for i in range(120):
        AgencyFactory(slug=f"xa-{i}", name=f"UBND xã số {i}", kind="commune")
    for i in range(30):
        AgencyFactory(slug=f"so-{i}", name=f"Sở số {i}", kind="department")
    client = Client()
    client.get("/so-do-trang/")
    with django_assert_num_queries(1):
        html = client.get("/so-do-trang/").content.decode()
    assert html.count('<li><a href="/xa-') == 120 and len(re.findall(r'<li><a href="/so-\d+/">', html)) == 30
    assert html.index("Sở, ban, ngành cấp tỉnh") < html.index("UBND xã, phường, đặc khu")
    assert 'href="/tim-kiem/"' in html and 'href="/en/"' in html
    assert '<a href="/xa-7/">UBND xã số 7</a> (<a href="/xa-7/so-do-trang/">' in html
    # An agency's own pages are on its own site map, which keeps the province's small.
    assert "/xa-7/tim-kiem/" not in html and len(html.encode()) < 150 * 300
    own = client.get("/xa-7/so-do-trang/").content.decode()
    assert 'href="/xa-7/tim-kiem/"' in own and 'href="/xa-7/en/"' in own and 'href="/xa-7/tin-tuc/"' in own
    assert 'href="/so-do-trang/"' in own
    # Every page of an agency points its footer's "Sơ đồ trang" at the agency's own site map.
    footer = client.get("/xa-7/tin-tuc/").content.decode().split('class="footer-links"')[1]
    assert footer.startswith('><a href="/xa-7/so-do-trang/">')


def test_search_under_the_english_interface_marks_the_results_vietnamese(english_agency):
    from tests.procedures.factories import procedure

    procedure(english_agency, name="Cấp phép khám bệnh")
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get("/tim-kiem/?q=kham+benh").content.decode()
    assert '<main id="noi-dung" tabindex="-1" lang="en">' in html and "1 result for “kham benh”." in html
    assert '<h2 class="result-title" lang="vi"><a href="/so-thu-nghiem/thu-tuc-hanh-chinh/' in html
    assert 'placeholder="Procedures, documents, officials…"' in html
