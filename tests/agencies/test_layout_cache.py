"""The layout's banner, navigation and footer are cached per agency version (agencies/templatetags/layout.py):
the same page as rendered without the cache, the current link marked on every page, and any change of the
agency or the province shown on the next page rendered."""

import pytest
from django.test import Client

from portal.models import Province
from tests.content.factories import published_article

pytestmark = pytest.mark.django_db
HOME = "/so-thu-nghiem/"
NEWS = "/so-thu-nghiem/tin-tuc/"


@pytest.fixture
def uncached_pages(settings):
    settings.PORTAL_PAGE_CACHE = False  # every request renders its page: only the fragments are cached


def _page(path, **extra):
    response = Client().get(path, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_cached_fragments_give_the_same_pages(agency, settings, uncached_pages):
    article = published_article(agency, title="Tin kiểm tra bố cục")
    paths = [HOME, NEWS, f"{NEWS}{article.slug}/", "/", "/tin-tuc/", "/en/"]
    settings.PORTAL_FRAGMENT_CACHE = False
    plain = [_page(path) for path in paths]
    settings.PORTAL_FRAGMENT_CACHE = True
    assert [_page(path) for path in paths] == plain  # filling the cache
    assert [_page(path) for path in paths] == plain  # served from it


def _navigation(path):
    html = _page(path)
    return html[html.index('<nav class="main-nav"'):html.index("</header>")]


def test_the_current_section_is_marked_on_each_page(agency, uncached_pages):
    for _ in range(2):  # rendered, then from the cache
        nav = _navigation(NEWS)
        assert f'<a href="{NEWS}" aria-current="page">' in nav and nav.count("aria-current") == 1
        nav = _navigation(HOME)
        assert f'<a href="{HOME}" aria-current="page">' in nav and nav.count("aria-current") == 1
        nav = _navigation("/so-thu-nghiem/gioi-thieu/")
        assert '<a href="/so-thu-nghiem/gioi-thieu/" aria-current="page">' in nav and nav.count("aria-current") == 1
        nav = _navigation("/tin-tuc/")
        assert '<a href="/tin-tuc/" aria-current="page">' in nav and nav.count("aria-current") == 1
        nav = _navigation(f"{NEWS}?page=1")  # the path, as before: the list is current on its other pages
        assert f'<a href="{NEWS}" aria-current="page">' in nav


def test_an_agency_or_province_change_shows_on_the_next_page(agency, uncached_pages):
    assert "Sở Thử nghiệm tỉnh Vĩnh Long" in _page(NEWS)
    agency.name, agency.phone = "Sở Thử nghiệm (tên mới)", "0270 3822 999"
    agency.save()
    html = _page(NEWS)
    assert html.count("Sở Thử nghiệm (tên mới)") >= 2 and "0270 3822 999" in html  # banner and footer
    province = Province.current()
    province.name = "Tỉnh Thử Nghiệm"
    province.save()
    assert "Tỉnh Thử Nghiệm" in _page(NEWS)


def test_fragments_cost_no_query_and_the_page_keeps_its_count(agency, uncached_pages, django_assert_num_queries):
    article = published_article(agency, title="Tin đếm truy vấn")
    _page(f"{NEWS}{article.slug}/")
    with django_assert_num_queries(1):  # the article (with category; no attachments); the agency, latest: kept
        _page(f"{NEWS}{article.slug}/")


@pytest.fixture
def cache_reads(monkeypatch):
    """The shared cache's reads, in order: "get_many" for each get_many, the key for each get."""
    from django.core.cache import caches

    backend = caches["default"]
    reads, inside = [], []
    get, get_many = backend.get, backend.get_many

    def counted_get(key, *args, **kwargs):
        if not inside:  # the local-memory cache's get_many calls get for each key
            reads.append(key)
        return get(key, *args, **kwargs)

    def counted_get_many(keys, *args, **kwargs):
        reads.append("get_many")
        inside.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(backend, "get", counted_get)
    monkeypatch.setattr(backend, "get_many", counted_get_many)
    return reads


def _assert_reads(reads, path, names, **extra):
    """A second request of ``path`` reads the cache once, then once for each answer it keeps."""
    _page(path, **extra)
    reads.clear()
    _page(path, **extra)
    assert reads[0] == "get_many", path
    assert len(reads) == 1 + len(names), (path, reads)
    for read, name in zip(reads[1:], names, strict=True):
        assert read.startswith("pc:kept:") and name in read, (path, reads)


def test_an_uncached_page_reads_the_cache_once(agency, uncached_pages, cache_reads):
    """The agency row, its token, the province and the layout come in the request's one get_many;
    what the page keeps per version (kept_for_agency, kept_for_province) is one read each."""
    article = published_article(agency, title="Tin một lần đọc")
    kept = {f"{NEWS}{article.slug}/": [":latest"], NEWS: [":categories", ":news:"], "/tin-tuc/": [":news:"],
            HOME: [":home:"]}
    for path, names in kept.items():
        _assert_reads(cache_reads, path, names)


def test_on_its_own_domain_too(agency, uncached_pages, cache_reads, settings):
    """On an agency's own host name its version is read at the host's token, fetched with the rest
    (the slug's token is not: the address has no slug)."""
    settings.ALLOWED_HOSTS = ["testserver", "stn.vinhlong.gov.vn"]
    agency.host = "stn.vinhlong.gov.vn"
    agency.save()
    article = published_article(agency, title="Tin trên tên miền riêng")
    kept = {f"/tin-tuc/{article.slug}/": [":latest"], "/tin-tuc/": [":categories", ":news:"], "/": [":home:"]}
    for path, names in kept.items():
        _assert_reads(cache_reads, path, names, HTTP_HOST=agency.host)
        assert "Tin trên tên miền riêng" in _page(path, HTTP_HOST=agency.host)


def test_a_block_inside_a_fragment_is_refused():
    # A fragment is cached per agency: a block in it could not differ from page to page.
    from django.template import Engine, TemplateSyntaxError

    engine = Engine(libraries={"layout": "agencies.templatetags.layout"})
    with pytest.raises(TemplateSyntaxError, match="block"):
        engine.from_string('{% load layout %}{% layout_fragment "footer" %}{% block x %}{% endblock %}'
                           "{% endlayout_fragment %}")


def test_blocks_around_fragments_are_still_found():
    # The fragments are not walked for blocks; the root's blocks around them still are.
    from django.template.loader import get_template
    from django.template.loader_tags import BlockNode

    names = {node.name for node in get_template("base.html").template.nodelist.get_nodes_by_type(BlockNode)}
    assert {"title", "navigation", "breadcrumbs", "content", "extra_head"} <= names
