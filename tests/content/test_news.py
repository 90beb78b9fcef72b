"""Section 6 public side: list, article, print and save, feeds, sitemap, search, province pages."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from portal.publishing import Status
from tests.factories import AgencyFactory
from tests.sitemaps import sitemap_text

from .factories import (
    bulk_articles,
    category_of,
    draft_article,
    jpeg_upload,
    pdf_upload,
    published_article,
)

pytestmark = pytest.mark.django_db
NEWS = "/so-thu-nghiem/tin-tuc/"


def test_news_list_is_newest_first_with_featured_on_top(agency):
    now = timezone.now()
    old_featured = published_article(agency, title="Tin nổi bật cũ", featured=True,
                                     published_at=now - timedelta(days=9))
    published_article(agency, title="Tin mới hơn", published_at=now - timedelta(days=1))
    published_article(agency, title="Tin cũ hơn", published_at=now - timedelta(days=5))
    html = Client().get(NEWS).content.decode()
    assert html.index("Tin nổi bật cũ") < html.index("Tin mới hơn") < html.index("Tin cũ hơn")
    assert html.count(f'href="/so-thu-nghiem/tin-tuc/{old_featured.slug}/"') == 1  # not listed twice


def test_news_list_has_twenty_a_page(agency):
    bulk_articles(agency, 45)
    page_one = Client().get(NEWS).content.decode()
    assert page_one.count('class="news-item') == 20
    assert "Trang 1/3" in page_one
    page_three = Client().get(NEWS + "?page=3").content.decode()
    assert page_three.count('class="news-item') == 5


def test_category_filter(agency):
    published_article(agency, title="Tin hội nghị", category=category_of(agency, "hoi-nghi-hoi-thao"))
    published_article(agency, title="Tin văn bản", category=category_of(agency, "van-ban-moi"))
    html = Client().get(NEWS + "?chuyen_muc=van-ban-moi").content.decode()
    assert "Tin văn bản" in html and "Tin hội nghị" not in html
    assert 'aria-current="page">Văn bản mới</a>' in html
    # An unknown category shows everything rather than failing.
    assert Client().get(NEWS + "?chuyen_muc=khong-co").status_code == 200


def test_article_page_shows_everything_an_article_has(agency):
    article = published_article(agency, title="Hội nghị chuyển đổi số", author="Minh Tâm", source="Báo Vĩnh Long",
                                cover=jpeg_upload(), cover_alt="Toàn cảnh hội nghị", cover_caption="Quang cảnh",
                                body="<p>Nội dung chi tiết của hội nghị.</p>")
    article.attachments.create(agency=agency, title="Kế hoạch số 5", file=pdf_upload())
    for i in range(7):
        published_article(agency, title=f"Tin khác {i}", published_at=timezone.now() - timedelta(days=i + 1))
    response = Client().get(f"{NEWS}{article.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Hội nghị chuyển đổi số", "Minh Tâm", "Báo Vĩnh Long", "Nội dung chi tiết của hội nghị.",
                 "Quang cảnh", "Kế hoạch số 5", 'alt="Toàn cảnh hội nghị"', "Hoạt động của đơn vị",
                 'class="breadcrumbs"', f'{NEWS}{article.slug}/in/', f'{NEWS}{article.slug}/tai-ve/'):
        assert text in html, text
    assert html.count('class="news-item') == 5  # five latest of the same agency
    # Renditions: WebP and JPEG srcsets, width and height so the page does not jump.
    assert 'type="image/webp"' in html and 'width="960" height="540"' in html and " 480w" in html
    # Open Graph and Dublin Core.
    assert 'property="og:title" content="Hội nghị chuyển đổi số"' in html
    assert 'property="og:image" content="http://testserver/media/so-thu-nghiem/' in html
    assert '<meta name="DC.title" content="Hội nghị chuyển đổi số">' in html
    assert '<meta name="DC.creator" content="Minh Tâm">' in html
    assert f'<meta name="DC.date" content="{timezone.localtime(article.published_at):%Y-%m-%d}">' in html


def test_missing_image_files_never_break_a_page(agency, settings, tmp_path):
    article = published_article(agency, cover=jpeg_upload(), cover_alt="Ảnh")
    settings.MEDIA_ROOT = tmp_path / "empty"  # every image file is gone
    assert Client().get(f"{NEWS}{article.slug}/").status_code == 200
    # A cover whose renditions were never made (bulk data) falls back to the original.
    from content.models import Article

    Article.objects.filter(pk=article.pk).update(cover_renditions={"large": {"w": 1}})
    response = Client().get(f"{NEWS}{article.slug}/")
    assert response.status_code == 200 and 'alt="Ảnh"' in response.content.decode()
    assert Client().get(NEWS).status_code == 200


def test_print_view_and_download(agency):
    article = published_article(agency, title="Tin để in", body="<p>Thân bài để in.</p>")
    printed = Client().get(f"{NEWS}{article.slug}/in/")
    assert printed.status_code == 200 and "Thân bài để in." in printed.content.decode()
    assert 'class="main-nav"' not in printed.content.decode()
    saved = Client().get(f"{NEWS}{article.slug}/tai-ve/")
    assert saved["Content-Disposition"] == f'attachment; filename="{article.slug}.html"'
    assert "Thân bài để in." in saved.content.decode()
    # The cached copy keeps the download header.
    assert Client().get(f"{NEWS}{article.slug}/tai-ve/")["Content-Disposition"].startswith("attachment")


def test_old_slug_redirects_to_the_new_address(agency):
    article = published_article(agency, title="Tên cũ của tin")
    article.slug = "ten-moi-cua-tin"
    article.save()
    response = Client().get(f"{NEWS}ten-cu-cua-tin/")
    assert response.status_code == 301 and response["Location"] == f"{NEWS}ten-moi-cua-tin/"
    assert Client().get(f"{NEWS}ten-cu-cua-tin/in/")["Location"] == f"{NEWS}ten-moi-cua-tin/in/"


@pytest.mark.parametrize("state", ["draft", "pending", "returned", "unpublished", "scheduled"])
def test_unpublished_articles_are_off_every_public_output(agency, editor, login, state):
    visible = published_article(agency, title="Tin công khai")
    hidden_title = "Tin nội bộ chưa đăng"
    if state == "scheduled":
        hidden = published_article(agency, title=hidden_title, published_at=timezone.now() + timedelta(days=1))
    else:
        hidden = published_article(agency, title=hidden_title, status=getattr(Status, state.upper()))
    for client in (Client(), login(editor)):  # a logged-in editor sees nothing more outside the admin
        for path in (NEWS, f"{NEWS}rss.xml", f"{NEWS}atom.xml", "/tin-tuc/", "/tin-tuc/rss.xml", "/tin-tuc/atom.xml",
                     "/so-thu-nghiem/tin-tuc/tim-kiem/?q=noi+bo", "/tin-tuc/tim-kiem/?q=noi+bo", "/", "/so-thu-nghiem/"):
            html = client.get(path).content.decode()
            assert hidden_title not in html and hidden.slug not in html, path
        xml = sitemap_text(client)
        assert hidden_title not in xml and hidden.slug not in xml
        for suffix in ("", "in/", "tai-ve/"):
            assert client.get(f"{NEWS}{hidden.slug}/{suffix}").status_code == 404
    assert visible.title in Client().get(NEWS).content.decode()


def test_articles_of_an_inactive_agency_are_off_province_pages(agency):
    old = AgencyFactory(slug="huyen-cu", is_active=False)
    published_article(old, title="Tin của huyện cũ")
    for path in ("/tin-tuc/", "/tin-tuc/rss.xml", "/tin-tuc/tim-kiem/?q=huyen", "/"):
        assert "Tin của huyện cũ" not in Client().get(path).content.decode()
    assert "huyen-cu" not in sitemap_text(Client())


def test_feeds_per_agency_and_province(agency, other_agency):
    mine = published_article(agency, title="Tin của sở thử nghiệm")
    theirs = published_article(other_agency, title="Tin của sở khác")
    rss = ElementTree.fromstring(Client().get(f"{NEWS}rss.xml").content)
    items = rss.findall("./channel/item")
    assert [i.findtext("title") for i in items] == [mine.title]
    assert items[0].findtext("link") == f"http://testserver{NEWS}{mine.slug}/"
    atom = Client().get("/tin-tuc/atom.xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(atom.content)
    titles = {e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")}
    assert {mine.title, theirs.title} <= titles


def test_sitemap_lists_published_articles_and_english_pages(agency):
    from .factories import functions_page

    article = published_article(agency)
    functions_page(agency, title_en="Functions", body_en="<p>x</p>")
    xml = sitemap_text(Client())
    assert f"http://testserver{NEWS}{article.slug}/" in xml
    assert "http://testserver/so-thu-nghiem/chuc-nang-nhiem-vu/en/" in xml


def test_agency_search_is_diacritic_insensitive_and_paginated(agency, other_agency):
    published_article(agency, title="Đẩy mạnh chuyển đổi số")
    published_article(other_agency, title="Chuyển đổi số ở sở khác")
    html = Client().get("/so-thu-nghiem/tin-tuc/tim-kiem/?q=day+manh+chuyen+doi").content.decode()
    assert "Đẩy mạnh chuyển đổi số" in html and "sở khác" not in html
    assert "Tìm thấy 1 tin bài" in html
    bulk_articles(agency, 25)
    html = Client().get("/so-thu-nghiem/tin-tuc/tim-kiem/?q=TIN+SO+LUONG").content.decode()
    assert "Tìm thấy 25 tin bài" in html and "Trang 1/2" in html
    assert Client().get("/so-thu-nghiem/tin-tuc/tim-kiem/?q=").status_code == 200


def test_province_search_names_the_agency_of_each_result(agency, other_agency):
    published_article(agency, title="Hội nghị đất đai")
    published_article(other_agency, title="Hội thảo đất đai")
    html = Client().get("/tin-tuc/tim-kiem/?q=dat+dai").content.decode()
    assert "Hội nghị đất đai" in html and "Hội thảo đất đai" in html
    assert 'class="news-agency">Sở TN</span>' in html and 'class="news-agency">Sở Khác</span>' in html


def test_province_home_and_agency_home_show_the_latest_news(agency, other_agency):
    published_article(agency, title="Tin mới nhất của sở")
    published_article(other_agency, title="Tin mới của sở khác")
    home = Client().get("/").content.decode()
    assert "Tin mới nhất của sở" in home and "Tin mới của sở khác" in home
    agency_home = Client().get("/so-thu-nghiem/").content.decode()
    assert "Tin mới nhất của sở" in agency_home and "Tin mới của sở khác" not in agency_home


def test_publishing_shows_on_the_cached_list_at_once(agency, approver):
    from portal.publishing import apply_transition

    client = Client()
    article = draft_article(agency, title="Tin vừa duyệt")
    assert "Tin vừa duyệt" not in client.get(NEWS).content.decode()
    apply_transition(article, "publish", approver)
    assert "Tin vừa duyệt" in client.get(NEWS).content.decode()


# --- SQL queries per page: fixed, whatever the number of articles --------------------------------
PAGES = {
    # The agency row comes from the cache, under its version token (agencies/cache.py, load_agency);
    # so do the categories, featured items and count of a list and the latest news beside an article,
    # kept per version (kept_for_agency): the warm-up request of ``uncached`` read them.
    "list": (NEWS, 1),  # the page
    "list, category": (NEWS + "?chuyen_muc=hoat-dong-cua-don-vi", 1),
    "list, page 2": (NEWS + "?page=2", 1),
    "article": (None, 2),  # article, attachments
    "article without attachments": (NEWS + "tin-so-luong-lon-1/", 1),  # the article (it says it has none)
    "rss": (NEWS + "rss.xml", 1),
    "atom": (NEWS + "atom.xml", 1),
    "search": ("/so-thu-nghiem/tin-tuc/tim-kiem/?q=hoi+nghi", 2),  # count, page
    "province list": ("/tin-tuc/", 1),  # the page (featured and count kept under the province token)
    "province rss": ("/tin-tuc/rss.xml", 1),
    "province search": ("/tin-tuc/tim-kiem/?q=hoi+nghi", 2),
}


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_the_number_of_articles(agency, other_agency, size, page, uncached,
                                                               django_assert_num_queries):
    bulk_articles(agency, size, featured_every=7)
    bulk_articles(other_agency, 10, featured_every=7)
    article = published_article(agency, title="Hội nghị có ảnh", cover=jpeg_upload(), cover_alt="Ảnh")
    article.attachments.create(agency=agency, title="Tệp", file=pdf_upload())
    path, expected = PAGES[page]
    path = path or f"{NEWS}{article.slug}/"
    client = uncached(path)
    with django_assert_num_queries(expected):
        assert client.get(path).status_code == 200
