"""request.agency from the path or from an agency's own host name; slugs; URLs in both modes."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from agencies.models import Agency
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_agency_home_by_slug(client, agency):
    response = client.get("/so-thu-nghiem/")
    assert response.status_code == 200
    assert response.wsgi_request.agency == agency
    assert "Sở Thử nghiệm tỉnh Vĩnh Long" in response.text


def test_unknown_agency_is_a_vietnamese_404(client, agency):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text


def test_inactive_agency_is_404(client):
    AgencyFactory(slug="huyen-cu", is_active=False)
    assert client.get("/huyen-cu/").status_code == 404


def test_agency_on_its_own_host_serves_pages_without_prefix(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "stn.vinhlong.gov.vn"]
    own = AgencyFactory(slug="so-rieng", name="Sở Có Tên Miền Riêng", host="stn.vinhlong.gov.vn")
    response = client.get("/", HTTP_HOST="stn.vinhlong.gov.vn")
    assert response.status_code == 200
    assert response.wsgi_request.agency == own
    assert "Sở Có Tên Miền Riêng" in response.text
    assert own.get_absolute_url() == "//stn.vinhlong.gov.vn/"


def test_get_absolute_url_in_path_mode(agency):
    assert agency.get_absolute_url() == "/so-thu-nghiem/"


@pytest.mark.parametrize("slug", ["admin", "static", "media", "tim-kiem", "tin-tuc", "sitemap.xml"])
def test_slugs_that_collide_with_top_level_paths_are_refused(slug):
    agency = Agency(name="X", short_name="X", slug=slug, kind="department", joined_on="2026-01-05")
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert "slug" in error.value.message_dict


def test_saving_an_agency_never_moves_its_content_version_back(agency):
    stale = Agency.objects.get(pk=agency.pk)
    Agency.objects.filter(pk=agency.pk).update(content_version=50)
    stale.name = "Tên mới"
    stale.save()
    agency.refresh_from_db()
    assert agency.content_version == 51 and agency.name == "Tên mới"


@override_settings(LANGUAGE_CODE="vi")
def test_accept_language_is_ignored_and_the_cookie_decides(client, agency):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    switched = client.get("/ngon-ngu/", {"lang": "en", "next": "/so-thu-nghiem/"})
    assert switched.status_code == 302 and switched["Location"] == "/so-thu-nghiem/"
    assert client.get("/")["Content-Language"] == "en"


def test_language_switch_refuses_offsite_redirects(client):
    response = client.get("/ngon-ngu/", {"lang": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
