"""request.agency from the shared cache, under the agency's version token: one query less per public
page, and never a stale or foreign row (agencies/cache.py, load_agency)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from agencies.cache import agency_row_key, bump_content_version, host_key, slug_key
from agencies.models import Agency
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

HOME = "/so-thu-nghiem/"


@pytest.fixture
def uncached_pages(settings):
    settings.PORTAL_PAGE_CACHE = False  # every request runs its view: the agency is looked up each time


def _agency_of(path, **extra):
    response = Client().get(path, **extra)
    assert response.status_code == 200
    return response.wsgi_request.agency


def _admin_form_data(client, agency):
    form = client.get(reverse("admin:agencies_agency_change", args=[agency.pk])).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    return {name: ("" if value is None else value) for name, value in data.items() if name != "logo"}


def test_the_row_is_read_once_then_served_from_the_cache(agency, uncached_pages, django_assert_num_queries):
    _agency_of(HOME)
    with django_assert_num_queries(0):  # the home's blocks are kept per version; the agency row too
        served = _agency_of(HOME)
    assert served.pk == agency.pk and served.name == agency.name and served._from_cache
    assert isinstance(served, Agency)


def test_a_profile_change_in_the_admin_shows_on_the_next_request(login, agency_admin, agency, uncached_pages):
    assert "Sở Thử nghiệm tỉnh Vĩnh Long" in Client().get(HOME).text
    _agency_of(HOME)  # now from the cache
    client = login(agency_admin)
    data = _admin_form_data(client, agency) | {"name": "Sở Đổi Tên Qua Quản Trị", "phone": "0270 3999 999"}
    response = client.post(reverse("admin:agencies_agency_change", args=[agency.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    served = _agency_of(HOME)
    assert served.name == "Sở Đổi Tên Qua Quản Trị" and served.phone == "0270 3999 999"
    assert "Sở Đổi Tên Qua Quản Trị" in Client().get(HOME).text


def test_a_change_made_by_another_server_shows_on_the_next_request(agency, uncached_pages):
    _agency_of(HOME)
    _agency_of(HOME)
    # Another process writes the row and bumps the version: only the database and the shared
    # cache know; nothing of this process's memory is involved.
    Agency.objects.filter(pk=agency.pk).update(phone="0270 3111 111")
    bump_content_version(agency.pk)
    assert _agency_of(HOME).phone == "0270 3111 111"


def test_a_history_revert_shows_on_the_next_request(agency, uncached_pages):
    agency.address = "2 đường Mới"
    agency.save()
    assert _agency_of(HOME).address == "2 đường Mới"
    _agency_of(HOME)
    agency.history.order_by("history_date")[0].instance.save()  # what the admin's history revert does
    assert _agency_of(HOME).address == "1 đường Thử nghiệm, tỉnh Vĩnh Long"


def test_a_row_is_never_served_without_its_current_token(agency, uncached_pages):
    _agency_of(HOME)
    assert cache.get(agency_row_key(slug_key(agency.slug)))[0] == agency.pk
    Agency.objects.filter(pk=agency.pk).update(phone="0270 3222 222")
    cache.delete(slug_key(agency.slug))  # the token evicted: the database answers, the token is rebuilt
    assert _agency_of(HOME).phone == "0270 3222 222"


def test_another_agencys_row_is_never_served(agency, uncached_pages):
    _agency_of(HOME)
    agency.slug = "so-doi-duong-dan"
    agency.save()
    newcomer = AgencyFactory(slug="so-thu-nghiem", name="Sở Mới Lấy Đường Dẫn Cũ")
    assert _agency_of(HOME).pk == newcomer.pk
    assert _agency_of(HOME).pk == newcomer.pk  # and from the cache
    # A row kept under one token key, the token there naming another agency: the database answers.
    cache.set(agency_row_key(slug_key("so-thu-nghiem")), (agency.pk, "r1", agency), 60)
    cache.set(slug_key("so-thu-nghiem"), (newcomer.pk, "r1"), 60)
    assert _agency_of(HOME).pk == newcomer.pk


def test_an_agency_on_its_own_host_name(agency, other_agency, uncached_pages, settings):
    settings.ALLOWED_HOSTS = ["*"]
    agency.host = "sotn.example.vn"
    agency.save()
    assert _agency_of("/", HTTP_HOST="sotn.example.vn").pk == agency.pk
    assert _agency_of("/", HTTP_HOST="sotn.example.vn")._from_cache
    agency.host = None
    agency.save()
    other_agency.host = "sotn.example.vn"
    other_agency.save()
    assert _agency_of("/", HTTP_HOST="sotn.example.vn").pk == other_agency.pk
    assert _agency_of("/", HTTP_HOST="sotn.example.vn").pk == other_agency.pk
    assert cache.get(host_key("sotn.example.vn"))[0] == other_agency.pk


def test_a_deactivated_agency_is_gone_at_once(agency, uncached_pages):
    _agency_of(HOME)
    agency.is_active = False
    agency.save()
    assert Client().get(HOME).status_code == 404


def test_the_cached_copy_is_never_saved(agency, uncached_pages):
    _agency_of(HOME)
    served = _agency_of(HOME)
    assert served._from_cache
    with pytest.raises(ValueError):
        served.save()
    fresh = Agency.objects.get(pk=agency.pk)
    fresh.save()  # a row read from the database saves as always


def _read_meanwhile(committed, old_slug):
    """A public request for ``old_slug`` on another connection while a change is not yet committed:
    it still sees ``committed``, the row as it was (READ COMMITTED)."""
    import copy
    from unittest import mock

    from django.db.models.query import QuerySet

    from agencies.cache import load_agency

    real_get = QuerySet.get

    def get(self, *args, **lookup):
        if self.model is Agency and lookup.get("slug") == old_slug:
            return copy.deepcopy(committed)
        return real_get(self, *args, **lookup)

    with mock.patch.object(QuerySet, "get", get):
        load_agency(slug_key(old_slug), slug=old_slug)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["rename", "delete"])
def test_an_address_given_up_is_gone_once_committed_even_if_read_meanwhile(change, uncached_pages):
    from django.db import transaction

    cache.clear()
    agency = AgencyFactory(slug="so-cu", name="Sở Cũ")
    assert Client().get("/so-cu/gioi-thieu/").status_code == 200
    committed = Agency.objects.get(pk=agency.pk)
    with transaction.atomic():
        changed = Agency.objects.get(pk=agency.pk)
        if change == "rename":
            changed.slug = "so-moi"
            changed.save()
        else:
            changed.delete()
        _read_meanwhile(committed, "so-cu")
    for path in ("/so-cu/", "/so-cu/gioi-thieu/"):
        assert Client().get(path).status_code == 404, path
    if change == "rename":
        assert _agency_of("/so-moi/gioi-thieu/").slug == "so-moi"


def test_a_visitor_with_a_session_reads_the_row_as_stored(agency, editor, login, uncached_pages):
    _agency_of(HOME)
    _agency_of(HOME)  # kept under the token now
    # A change the cache has not heard of (made on another server, replayed from a replica lag...):
    Agency.objects.filter(pk=agency.pk).update(name="Sở Thử nghiệm (tên mới)")
    response = login(editor).get("/so-thu-nghiem/gioi-thieu/")
    assert response.status_code == 200 and "Sở Thử nghiệm (tên mới)" in response.content.decode()
    assert not getattr(response.wsgi_request.agency, "_from_cache", False)
