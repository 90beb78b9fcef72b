"""One browser test per page type: phone width, axe-core finds no serious or critical problem."""

import pytest

from tests.conftest import DESKTOP, PHONE, assert_accessible

from .factories import functions_page, introduction, jpeg_upload, pdf_upload, published_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(agency):
    introduction(agency)
    functions_page(agency, title_en="Functions and duties", body_en="<p>Advising the Committee.</p>")
    article = published_article(agency, title="Hội nghị chuyển đổi số năm 2026", cover=jpeg_upload(),
                                cover_alt="Toàn cảnh hội nghị", cover_caption="Quang cảnh hội nghị", featured=True,
                                author="Minh Tâm", body="<p>Nội dung.</p><h2>Kết luận</h2><p>Thực hiện.</p>")
    article.attachments.create(agency=agency, title="Kế hoạch số 5", file=pdf_upload())
    for i in range(4):
        published_article(agency, title=f"Tin hoạt động số {i}")
    return article


def test_article_on_a_phone(open_page, content):
    page = open_page(f"/so-thu-nghiem/tin-tuc/{content.slug}/", viewport=PHONE)
    assert page.locator("h1").inner_text() == "Hội nghị chuyển đổi số năm 2026"
    image = page.locator(".article-cover img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert image.evaluate("img => img.currentSrc").endswith(".webp")
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


@pytest.mark.parametrize("path", [
    "/so-thu-nghiem/tin-tuc/", "/tin-tuc/", "/so-thu-nghiem/tin-tuc/tim-kiem/?q=hoi+nghi", "/tin-tuc/tim-kiem/?q=hoi+nghi",
    "/so-thu-nghiem/gioi-thieu/", "/so-thu-nghiem/chuc-nang-nhiem-vu/", "/so-thu-nghiem/chuc-nang-nhiem-vu/en/",
])
def test_pages_on_a_phone_and_a_desktop(open_page, content, path):
    for viewport in (PHONE, DESKTOP):
        page = open_page(path, viewport=viewport)
        assert page.locator("h1").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert_accessible(page)


def test_print_view(open_page, content):
    page = open_page(f"/so-thu-nghiem/tin-tuc/{content.slug}/in/")
    page.emulate_media(media="print")
    assert page.locator(".article-body").is_visible()
    assert_accessible(page)
