"""Every public URL pattern, requested with hostile path values and query parameters: never a 5xx.

Generic on purpose: the URL patterns come from walking the root resolver (a page added next year is
requested too), and the query parameter names are found in the code — every name a view reads from
``request.GET`` (literal or a ``*_PARAM`` constant), every filter of every FilterSet and every field
of the forms views bind to ``request.GET``. Each URL gets each hostile value in all parameters at
once, then each parameter alone (cycling through the values), plus 1,500 parameters and raw
non-UTF-8 bytes. DEBUG is off, as in production.
"""

import re
from pathlib import Path
from urllib.parse import quote

import django_filters
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter

from tests.factories import AgencyFactory
from tests.portal.test_write_guard import make_rows

ROOT = Path(__file__).resolve().parents[2]
CORE_APPS = ["portal", "agencies", "compliance"]


def project_apps() -> list[str]:
    """The portal's own apps: the core ones and every registered section app (new ones included)."""
    from portal.sections import section_apps

    return sorted({*CORE_APPS, *(app.label for app in section_apps())})
HOSTILE = ["-1", "0", "99999999999999999999", "-99999999999999999999", "1e309", "NaN", "abc", "1.5", " ",
           "2026-13-45", "0000-00-00", "9999-12-31", "31/02/2026", "../../etc/passwd", "<script>alert(1)</script>",
           "'\"", "x" * 5000, "%00", "%ff%fe%80", "Thủ tục đất đai"]


def _encoded(value: str) -> str:
    """Percent-encoded, except the values that are raw escapes on purpose (non-UTF-8 bytes, NUL)."""
    return value if value.startswith("%") else quote(value, safe="")


def parameter_names() -> list[str]:
    get_resolver().url_patterns  # noqa: B018 - loads every view module, and so every FilterSet
    names = set()
    constants = {}
    apps = project_apps()
    sources = [p for app in apps for p in (ROOT / app).glob("*.py")]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        constants.update(re.findall(r"^(\w+_PARAM)\s*=\s*\"([^\"]+)\"", text, re.M))
    for source in sources:
        text = source.read_text(encoding="utf-8")
        names.update(re.findall(r"request\.GET\.get\(\s*[\"']([^\"']+)[\"']", text))
        for constant in re.findall(r"request\.GET\.get\(\s*(\w+_PARAM)", text):
            names.add(constants[constant])
    import compliance.forms
    import dispatches.views

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for filterset in subclasses(django_filters.FilterSet):
        if filterset.__module__.split(".")[0] in apps:
            names.update(filterset.base_filters)
    for form in (compliance.forms.DashboardFilterForm, compliance.forms.ReportDateForm, dispatches.views.PeriodForm):
        names.update(form.base_fields)
    names.update(["page", "q"])
    return sorted(names)


def _fill(pattern, hostile: str, agency_slug: str) -> str | None:
    route = str(pattern.pattern)
    converters = getattr(pattern.pattern, "converters", {})

    def value_for(name):
        if name == "agency_slug":
            return agency_slug
        converter = converters.get(name)
        if isinstance(converter, IntConverter):
            return "99999999999999999999" if hostile else "0"
        if isinstance(converter, UUIDConverter):
            return "00000000-0000-0000-0000-000000000000"
        if isinstance(converter, PathConverter):
            return "a/../../b" if hostile else "khong-co"
        if isinstance(converter, (SlugConverter, StringConverter)):
            return "x" * 300 if hostile else "khong-co"
        return "x"

    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value_for(m.group(1)), route)
    route = re.sub(r"\((?:\?P<\w+>)?[^()]*\)", "x", route).replace("^", "").replace("$", "").replace("\\", "")
    return route


def public_paths(agency_slug):
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                route = str(pattern.pattern)
                if route.startswith("admin/"):
                    continue
                for hostile in (False, True):
                    filled = _fill(pattern, hostile, agency_slug)
                    walk(pattern.url_patterns, prefix + filled)
                    if "<" not in route:
                        break
            elif isinstance(pattern, URLPattern):
                route = str(pattern.pattern)
                if route.startswith(("admin/", "media/")) or "media/" in route:
                    continue
                for hostile in (False, True):
                    paths.append(prefix + _fill(pattern, hostile, agency_slug))
                    if "<" not in route and "(" not in route:
                        break

    walk(get_resolver().url_patterns, "/")
    return sorted(set(paths))


@pytest.fixture
def world(db, settings):
    settings.DEBUG = False
    agency = AgencyFactory(slug="so-a", name="Sở A", short_name="Sở A")
    make_rows(agency)
    return agency


def test_no_public_url_answers_5xx_to_hostile_parameters(world):
    client = Client(raise_request_exception=False)
    names = parameter_names()
    assert {"year", "page", "q", "tuan", "tu_ngay"} <= set(names), names
    paths = public_paths(world.slug)
    assert len(paths) > 40, paths
    failures = []
    tried = 0

    def get(path, query):
        nonlocal tried
        tried += 1
        response = client.get(path, QUERY_STRING=query)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {path}?{query[:200]}")

    for path in paths:
        for value in HOSTILE:
            get(path, "&".join(f"{name}={_encoded(value)}" for name in names))
        for index, name in enumerate(names):
            get(path, f"{name}={_encoded(HOSTILE[(index + len(path)) % len(HOSTILE)])}")
        get(path, "&".join(f"p{i}={i}" for i in range(1500)))
        get(path, "%ff%fe=%c3%28&year=%e2%82")
    assert tried > 2000
    by_path = {}
    for failure in failures:
        by_path.setdefault(failure.split("?")[0], failure)
    assert not failures, f"{len(failures)} requests answered 5xx; first per path:\n" + "\n".join(by_path.values())


@pytest.mark.parametrize("year", ["-1", "0", "99999999999999999999", "10000", "abc"])
def test_report_list_answers_bad_years_without_error(world, year, settings):
    client = Client(raise_request_exception=False)
    response = client.get(f"/{world.slug}/kinh-te-xa-hoi/bao-cao/", {"year": year})
    assert response.status_code == 200
