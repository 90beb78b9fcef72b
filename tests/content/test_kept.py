"""What news pages keep per version (agencies.cache.kept_for_agency / kept_for_province): the latest
news beside an article, a list's categories, featured items and count. Kept answers must turn over
with every public change, never with a draft, and never carry another agency's or unpublished items."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from content.models import Category
from portal.publishing import Status, apply_transition

from .factories import bulk_articles, category_of, draft_article, published_article

pytestmark = pytest.mark.django_db
NEWS = "/so-thu-nghiem/tin-tuc/"


@pytest.fixture(autouse=True)
def uncached_pages(settings):
    settings.PORTAL_PAGE_CACHE = False  # every request runs its view: only what it keeps is cached


def _page(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _latest(html):
    """The titles in the article page's "latest news" aside, in order."""
    aside = html.split('id="tin-moi-nhat"', 1)[1].split("</aside>", 1)[0]
    return [part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in aside.split('class="news-title"')[1:]]


def test_latest_news_leaves_out_the_article_and_keeps_five(agency):
    now = timezone.now()
    articles = [published_article(agency, title=f"Tin số {n}", published_at=now - timedelta(hours=n))
                for n in range(1, 8)]
    assert _latest(_page(f"{NEWS}{articles[0].slug}/")) == [f"Tin số {n}" for n in range(2, 7)]
    assert _latest(_page(f"{NEWS}{articles[3].slug}/")) == ["Tin số 1", "Tin số 2", "Tin số 3", "Tin số 5", "Tin số 6"]
    assert _latest(_page(f"{NEWS}{articles[6].slug}/")) == [f"Tin số {n}" for n in range(1, 6)]


def test_a_publish_turns_kept_answers_over_at_once(agency, approver):
    first = published_article(agency, title="Tin đầu tiên")
    bulk_articles(agency, 19)  # with the first, 20: one page
    _page(f"{NEWS}{first.slug}/")
    assert "Tin nổi bật vừa duyệt" not in _page(NEWS)
    featured = draft_article(agency, title="Tin nổi bật vừa duyệt", featured=True)
    apply_transition(featured, "publish", approver)
    assert "Tin nổi bật vừa duyệt" in _latest(_page(f"{NEWS}{first.slug}/"))
    html = _page(NEWS)
    assert "Tin nổi bật vừa duyệt" in html and "Trang 1/2" not in html  # featured on top, 20 below
    plain = draft_article(agency, title="Tin thường vừa duyệt")
    apply_transition(plain, "publish", approver)
    assert "Trang 1/2" in _page(NEWS)  # the kept count turned over: 21 below the featured one


def test_an_unpublished_article_leaves_the_kept_lists(agency):
    featured = published_article(agency, title="Tin nổi bật sẽ gỡ", featured=True)
    other = published_article(agency, title="Tin ở lại")
    assert "Tin nổi bật sẽ gỡ" in _page(NEWS) and "Tin nổi bật sẽ gỡ" in _latest(_page(f"{NEWS}{other.slug}/"))
    featured.status = Status.UNPUBLISHED
    featured.save()
    assert "Tin nổi bật sẽ gỡ" not in _page(NEWS)
    assert "Tin nổi bật sẽ gỡ" not in _page("/tin-tuc/")
    assert "Tin nổi bật sẽ gỡ" not in _page(f"{NEWS}{other.slug}/")


def test_draft_saves_keep_the_answers(agency, django_assert_num_queries):
    article = published_article(agency, title="Tin đã đăng")
    _page(NEWS)
    _page(f"{NEWS}{article.slug}/")
    for n in range(5):
        draft_article(agency, title=f"Bản nháp {n}", featured=True).save()
    with django_assert_num_queries(1):  # the page's rows; categories, featured and count still kept
        html = _page(NEWS)
    assert "Bản nháp" not in html
    with django_assert_num_queries(1):  # the article (it has no attachments); the latest still kept
        html = _page(f"{NEWS}{article.slug}/")
    assert "Bản nháp" not in html


def test_a_scheduled_article_joins_the_kept_lists_when_due(agency):
    shown = published_article(agency, title="Tin đang hiện")
    published_article(agency, title="Tin hẹn giờ", featured=True, published_at=timezone.now() + timedelta(seconds=1.5))
    assert "Tin hẹn giờ" not in _page(NEWS) and "Tin hẹn giờ" not in _page(f"{NEWS}{shown.slug}/")
    time.sleep(1.6)
    assert "Tin hẹn giờ" in _page(NEWS)
    assert "Tin hẹn giờ" in _latest(_page(f"{NEWS}{shown.slug}/"))


def test_agencies_keep_their_own_answers(agency, other_agency):
    mine = published_article(agency, title="Tin của sở thử nghiệm", featured=True)
    published_article(other_agency, title="Tin của sở khác", featured=True)
    _page("/so-khac/tin-tuc/")  # the other agency's answers kept first, under the same names
    assert "Tin của sở khác" not in _page(NEWS)
    assert _latest(_page(f"{NEWS}{published_article(agency, title='Tin thứ hai').slug}/")) == [mine.title]
    html = _page("/tin-tuc/")  # the province list shows both, kept under the province token
    assert "Tin của sở thử nghiệm" in html and "Tin của sở khác" in html


def test_a_category_filter_keeps_its_own_answer_and_junk_is_the_whole_list(agency):
    published_article(agency, title="Tin hoạt động", featured=True)
    other = Category.objects.filter(agency=agency).exclude(pk=category_of(agency).pk).order_by("pk").first()
    published_article(agency, title="Tin chuyên mục khác", featured=True, category=other)
    filtered = _page(f"{NEWS}?chuyen_muc={other.slug}")
    assert "Tin chuyên mục khác" in filtered and "Tin hoạt động" not in filtered
    for junk in ("khong-co", "<script>alert(1)</script>", "%00"):
        html = _page(f"{NEWS}?chuyen_muc={junk}")
        assert "Tin chuyên mục khác" in html and "Tin hoạt động" in html and "<script>alert(1)" not in html

