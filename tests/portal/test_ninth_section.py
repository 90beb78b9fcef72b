"""A ninth section is one registration: tests/ninth_section/sections.py and nothing else.

Installing that package as an app (as a real section app is installed) makes the registry carry it
into the agency navigation and home, the province navigation, the site map, sitemap.xml, the
reserved slugs, load_demo/seed_bulk and the provincial review — no other file names it.
"""

import importlib
import sys
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test.utils import modify_settings
from django.urls import clear_url_caches

from agencies.models import validate_agency_slug
from compliance.review import review_agencies
from portal import sections as registry
from portal.demo import bulk_seeders, demo_loaders
from tests.sitemaps import sitemap_text


def _reload_urls():
    for name in ("config.urls", "config.urls_host"):
        if name in sys.modules:
            importlib.reload(sys.modules[name])
    clear_url_caches()


@pytest.fixture
def ninth_section():
    try:
        with modify_settings(INSTALLED_APPS={"append": "tests.ninth_section"}):
            # App loading ran PortalConfig.ready() again: autodiscover found tests/ninth_section/sections.py.
            _reload_urls()
            yield registry.get_section("muc-thu-chin")
    finally:  # whatever happened, later tests see the eight sections again
        registry.unregister("muc-thu-chin")
        registry.unregister_app("ninth_section")
        sys.modules.pop("tests.ninth_section.sections", None)
        _reload_urls()


def test_the_ninth_section_is_not_there_without_its_app():
    assert "muc-thu-chin" not in [s.key for s in registry.all_sections()]


def test_a_ninth_section_shows_everywhere_the_registry_reaches(ninth_section, client, agency):
    home = client.get(f"/{agency.slug}/").content.decode()
    assert "Mục thứ chín" in home and f"/{agency.slug}/muc-thu-chin/" in home  # agency navigation and home
    assert client.get(f"/{agency.slug}/muc-thu-chin/").content.decode() == f"Mục thứ chín của {agency.name}"

    province = client.get("/").content.decode()
    assert 'href="/muc-thu-chin/"' in province  # province navigation
    assert client.get("/muc-thu-chin/").content.decode() == "Mục thứ chín của tỉnh"

    site_map = client.get(f"/{agency.slug}/so-do-trang/").content.decode()
    assert f"/{agency.slug}/muc-thu-chin/" in site_map and "9. Mục thứ chín" in site_map
    sitemap_xml = sitemap_text(client)
    assert f"/{agency.slug}/muc-thu-chin/</loc>" in sitemap_xml and "/muc-thu-chin/</loc>" in sitemap_xml

    with pytest.raises(ValidationError):
        validate_agency_slug("muc-thu-chin")

    row = review_agencies([agency]).rows[0]
    cell = next(c for c in row.cells if c.section.key == "muc-thu-chin")
    assert cell.state and cell.reason

    assert "tests.ninth_section.demo" in [loader.__module__ for loader in demo_loaders()]
    assert "tests.ninth_section.demo" in [seeder.seed.__module__ for seeder in bulk_seeders()]
    out = StringIO()
    call_command("seed_bulk", "--agencies", "0", "--ghi-chu", "3", stdout=out)
    assert "Mục thứ chín: 3 ghi chú" in out.getvalue()
