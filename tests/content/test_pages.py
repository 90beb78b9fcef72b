"""Sections 1 and 3: the introduction, the functions and duties, and the English page."""

import pytest
from django.test import Client

from portal.publishing import Status
from tests.sitemaps import sitemap_text

from .factories import functions_page, introduction, pdf_upload

pytestmark = pytest.mark.django_db


def test_introduction_shows_body_legal_basis_file_and_update_date(agency):
    page = introduction(agency, basis_file=pdf_upload())
    html = Client().get("/so-thu-nghiem/gioi-thieu/").content.decode()
    assert "Giới thiệu chung về Sở" in html and "Sở là cơ quan chuyên môn." in html
    assert "Quyết định số 12/2025/QĐ-UBND ngày 01/07/2025 của Ủy ban nhân dân tỉnh Vĩnh Long" in html
    assert page.basis_file.url in html
    assert page.updated_at.strftime("%d/%m/%Y") in html or "/" in html
    assert 'class="breadcrumbs"' in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PENDING, Status.UNPUBLISHED])
def test_unpublished_pages_stay_off_the_public_site(agency, editor, login, status):
    introduction(agency, status=status, body="<p>Bí mật nội bộ</p>")
    functions_page(agency, status=status, body="<p>Bí mật nội bộ</p>", title_en="Functions",
                   body_en="<p>Secret English</p>")
    for client in (Client(), login(editor)):
        for path in ("/so-thu-nghiem/gioi-thieu/", "/so-thu-nghiem/chuc-nang-nhiem-vu/",
                     "/so-thu-nghiem/chuc-nang-nhiem-vu/en/"):
            html = client.get(path).content.decode()
            assert "Bí mật nội bộ" not in html and "Secret English" not in html
        xml = sitemap_text(client)
        assert "Bí mật nội bộ" not in xml and "chuc-nang-nhiem-vu/en/" not in xml


def test_empty_section_says_so(agency):
    response = Client().get("/so-thu-nghiem/gioi-thieu/")
    assert response.status_code == 200
    assert "chưa đăng trang giới thiệu" in response.content.decode()


def test_functions_links_to_its_english_version_and_back(agency):
    functions_page(agency, title_en="Functions and duties", body_en="<p>Advising the Committee.</p>")
    html = Client().get("/so-thu-nghiem/chuc-nang-nhiem-vu/").content.decode()
    assert 'href="/so-thu-nghiem/chuc-nang-nhiem-vu/en/" hreflang="en" lang="en"' in html
    english = Client().get("/so-thu-nghiem/chuc-nang-nhiem-vu/en/").content.decode()
    assert 'href="/so-thu-nghiem/chuc-nang-nhiem-vu/" hreflang="vi"' in english
    assert "Advising the Committee." in english and "Functions and duties" in english
    assert '<div class="page" lang="en">' in english
    assert "Contact details" in english  # the labels are English whatever the visitor's language


def test_english_page_shows_english_contact_details(agency):
    agency.name_en = "Department of Testing of Vinh Long Province"
    agency.address_en = "1 Testing Street, Vinh Long Province"
    agency.save()
    functions_page(agency, title_en="Functions", body_en="<p>Duties.</p>")
    english = Client().get("/so-thu-nghiem/chuc-nang-nhiem-vu/en/").content.decode()
    assert "Department of Testing of Vinh Long Province" in english
    assert "1 Testing Street, Vinh Long Province" in english
    assert agency.phone in english and agency.email in english


def test_english_page_says_plainly_when_there_is_no_english_text(agency):
    functions_page(agency)  # Vietnamese only
    response = Client().get("/so-thu-nghiem/chuc-nang-nhiem-vu/en/")
    html = response.content.decode()
    assert response.status_code == 200
    notice = html[html.index('class="notice" role="note"'):]
    assert "English version" in notice[:300]  # said in English, whichever catalogue words it
    assert "Tham mưu cho Ủy ban." not in html  # no silent fallback to the Vietnamese text
    assert '<span lang="vi">Sở Thử nghiệm tỉnh Vĩnh Long</span>' in html  # no English name yet: marked as Vietnamese


def test_pages_are_cached_until_the_agency_changes(agency):
    page = introduction(agency)
    client = Client()
    client.get("/so-thu-nghiem/gioi-thieu/")
    assert client.get("/so-thu-nghiem/gioi-thieu/")["X-Page-Cache"] == "hit"
    page.body = "<p>Nội dung đã sửa.</p>"
    page.save()
    response = client.get("/so-thu-nghiem/gioi-thieu/")
    assert "X-Page-Cache" not in response and "Nội dung đã sửa." in response.content.decode()


@pytest.mark.parametrize("path", ["/so-thu-nghiem/gioi-thieu/", "/so-thu-nghiem/chuc-nang-nhiem-vu/",
                                  "/so-thu-nghiem/chuc-nang-nhiem-vu/en/"])
def test_page_query_count_is_fixed(agency, path, uncached, django_assert_num_queries):
    introduction(agency)
    functions_page(agency, title_en="Functions", body_en="<p>Duties.</p>")
    client = uncached(path)
    with django_assert_num_queries(1):  # the page (the agency row comes from the cache)
        assert client.get(path).status_code == 200
