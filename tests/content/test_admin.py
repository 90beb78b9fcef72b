"""The admin of sections 1, 3 and 6: forms, bad input, tenancy (404), preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from content.models import Article, Category, Functions, Introduction
from portal.publishing import Status

from .factories import category_of, draft_article, functions_page, introduction, jpeg_upload, published_article

pytestmark = pytest.mark.django_db
ADD = "/admin/content/article/add/"
INLINE = {"attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
          "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000"}


def article_form(agency, **overrides):
    return {"category": category_of(agency).pk, "title": "Hội nghị triển khai nhiệm vụ năm 2026", "slug": "",
            "summary": "Tóm tắt.", "body": "<p>Nội dung.</p>", "author": "", "source": "",
            "cover_alt": "", "cover_caption": "", **INLINE, **overrides}


def errors_of(response):
    return " ".join(str(e) for e in response.context["adminform"].form.errors.values()) + " ".join(
        str(e) for e in response.context["inline_admin_formsets"][0].formset.errors) if response.context else ""


def test_editor_adds_an_article_with_a_generated_slug(agency, editor, login):
    response = login(editor).post(ADD, article_form(agency, _transition="submit"))
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert (article.agency, article.slug, article.status) == (agency, "hoi-nghi-trien-khai-nhiem-vu-nam-2026",
                                                             Status.PENDING)
    assert article.created_by == editor
    assert article.history.count() >= 1


def test_editor_adds_an_attachment_and_a_cover(agency, editor, login):
    from .factories import pdf_upload

    data = article_form(agency, cover=jpeg_upload(), cover_alt="Hội trường", **{
        "attachments-TOTAL_FORMS": "1", "attachments-0-title": "Kế hoạch", "attachments-0-file": pdf_upload(),
        "attachments-0-order": "0"})
    response = login(editor).post(ADD, data)
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert article.cover_renditions and article.attachments.get().agency == agency


@pytest.mark.parametrize("overrides, field, message", [
    ({"title": ""}, "title", "bắt buộc"),
    ({"summary": ""}, "summary", "bắt buộc"),
    ({"cover": SimpleUploadedFile("anh.jpg", b"day khong phai la anh", content_type="image/jpeg"),
      "cover_alt": "Ảnh"}, "cover", "ảnh"),
    ({"cover": jpeg_upload(), "cover_alt": ""}, "cover_alt", "mô tả ảnh"),
    ({"slug": "tin-da-co"}, "slug", "đã có bài khác"),
    ({"slug": "rss"}, "slug", "dành riêng"),
])
def test_bad_input_gives_a_vietnamese_message_and_saves_nothing(agency, editor, login, overrides, field, message):
    published_article(agency, title="Tin đã có")
    response = login(editor).post(ADD, article_form(agency, **overrides))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in str(form.errors.get(field, "")).lower(), form.errors
    assert Article.objects.count() == 1


def test_oversized_image_is_refused(agency, editor, login, settings):
    settings.PORTAL_MAX_IMAGE_SIZE = 1000
    response = login(editor).post(ADD, article_form(agency, cover=jpeg_upload(size=(1200, 800)), cover_alt="Ảnh"))
    assert response.status_code == 200
    assert "quá lớn" in str(response.context["adminform"].form.errors["cover"])
    assert not Article.objects.exists()


def test_bad_attachment_is_refused_and_nothing_saved(agency, editor, login):
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    data = article_form(agency, **{"attachments-TOTAL_FORMS": "1", "attachments-0-title": "Kế hoạch",
                                   "attachments-0-file": fake, "attachments-0-order": "0"})
    response = login(editor).post(ADD, data)
    assert response.status_code == 200
    assert "không đúng là tệp PDF" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert not Article.objects.exists()


def test_a_forged_category_of_another_agency_is_refused(agency, other_agency, editor, login):
    response = login(editor).post(ADD, article_form(agency, category=category_of(other_agency).pk))
    assert response.status_code == 200 and "category" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_second_introduction_is_refused(agency, agency_admin, login):
    introduction(agency)
    data = {"title": "Trang thứ hai", "body": "<p>x</p>", "basis_type": "Quyết định", "basis_number": "1/QĐ",
            "basis_date": "01/07/2025", "basis_issuer": "UBND tỉnh"}
    response = login(agency_admin).post("/admin/content/introduction/add/", data)
    assert response.status_code == 200
    assert "đã có trang giới thiệu" in str(response.context["adminform"].form.non_field_errors())
    assert Introduction.objects.count() == 1


def test_functions_form_takes_english_beside_vietnamese(agency, editor, login):
    data = {"title": "Chức năng, nhiệm vụ", "body": "<p>Tham mưu.</p>", "title_en": "Functions and duties",
            "body_en": "<p>Advising.</p>", "basis_type": "Quyết định", "basis_number": "12/QĐ-UBND",
            "basis_date": "01/07/2025", "basis_issuer": "UBND tỉnh Vĩnh Long"}
    client = login(editor)
    assert "body_en" in client.get("/admin/content/functions/add/").context["adminform"].form.fields
    response = client.post("/admin/content/functions/add/", data)
    assert response.status_code == 302
    page = Functions.objects.get()
    assert (page.agency, page.body_en, page.has_english) == (agency, "<p>Advising.</p>", True)
    page.body_en = "<p>Changed.</p>"
    page.save()
    assert page.history.first().body_en == "<p>Changed.</p>"  # the English text is in the history too


def _urls(model, obj):
    base = f"/admin/content/{model}/{obj.pk}"
    return [f"{base}/change/", f"{base}/history/", f"{base}/preview/", f"{base}/delete/"]


def test_another_agencys_staff_gets_404_on_every_admin_url(agency, other_editor, other_approver, login):
    article = draft_article(agency)
    objects = {"article": article, "introduction": introduction(agency, status=Status.DRAFT),
               "functions": functions_page(agency, status=Status.DRAFT),
               "category": Category.objects.filter(agency=agency).first()}
    history_id = article.history.first().history_id
    for user in (other_editor, other_approver):
        client = login(user)
        for model, obj in objects.items():
            for url in _urls(model, obj):
                if model == "category" and url.endswith("/preview/"):
                    continue
                assert client.get(url).status_code == 404, url
        assert client.get(f"/admin/content/article/{article.pk}/history/{history_id}/").status_code == 404
        listing = client.get("/admin/content/article/").content.decode()
        assert article.title not in listing


def test_preview_shows_the_draft_exactly_as_it_will_look(agency, editor, login):
    article = draft_article(agency, title="Tin chưa đăng", body="<p>Nội dung bản nháp.</p>")
    response = login(editor).get(f"/admin/content/article/{article.pk}/preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tin chưa đăng" in html and "Nội dung bản nháp." in html and "Bản xem trước" in html
    assert 'class="rich-text article-body"' in html and response["X-Robots-Tag"] == "noindex, nofollow"
    # …while the public URL stays 404, also for the logged-in editor.
    assert login(editor).get(f"/so-thu-nghiem/tin-tuc/{article.slug}/").status_code == 404


def test_change_form_links_to_a_working_preview(agency, editor, login):
    article = draft_article(agency, title="Tin có xem trước")
    client = login(editor)
    html = client.get(f"/admin/content/article/{article.pk}/change/").content.decode()
    url = f"/admin/content/article/{article.pk}/preview/"
    assert f'href="{url}" class="viewsitelink"' in html
    assert client.get(url).status_code == 200


def test_page_previews(agency, editor, login):
    page = functions_page(agency, status=Status.DRAFT, title="Chức năng dự thảo")
    html = login(editor).get(f"/admin/content/functions/{page.pk}/preview/").content.decode()
    assert "Chức năng dự thảo" in html and "Bản xem trước" in html
    intro = introduction(agency, status=Status.PENDING, title="Giới thiệu dự thảo")
    assert "Giới thiệu dự thảo" in login(editor).get(f"/admin/content/introduction/{intro.pk}/preview/").content.decode()


def test_editor_cannot_publish_but_approver_can(agency, editor, approver, login):
    article = draft_article(agency)
    change = f"/admin/content/article/{article.pk}/change/"
    data = article_form(agency, title=article.title, slug=article.slug, _transition="publish")
    assert login(editor).post(change, data).status_code == 403
    response = login(approver).post(change, data)
    assert response.status_code == 302
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_admin_search_folds_diacritics(agency, editor, login):
    published_article(agency, title="Đất đai và môi trường")
    html = login(editor).get("/admin/content/article/?q=dat+dai").content.decode()
    assert "Đất đai và môi trường" in html


def test_only_agency_admins_manage_categories(agency, editor, agency_admin, login):
    assert login(editor).post("/admin/content/category/add/", {"name": "Chuyên mục mới", "order": 1}).status_code == 403
    response = login(agency_admin).post("/admin/content/category/add/", {"name": "Chuyên mục mới", "slug": "",
                                                                         "order": 1})
    assert response.status_code == 302
    assert Category.objects.get(agency=agency, name="Chuyên mục mới").slug == "chuyen-muc-moi"
