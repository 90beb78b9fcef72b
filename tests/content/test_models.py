from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from content.models import DEFAULT_CATEGORIES, Article, ArticleRedirect, Category, ensure_default_categories, slug_from
from content.sections import summarize_functions, summarize_introduction, summarize_news
from portal.publishing import Status, apply_transition
from portal.sections import get_section
from tests.factories import AgencyFactory

from .factories import draft_article, functions_page, introduction, jpeg_upload, published_article

pytestmark = pytest.mark.django_db


def test_slug_is_folded_from_the_vietnamese_title():
    assert slug_from("Đẩy mạnh chuyển đổi số: Hội nghị “Đất đai” năm 2026") == \
        "day-manh-chuyen-doi-so-hoi-nghi-dat-dai-nam-2026"


def test_every_new_agency_gets_the_default_categories_once(agency):
    slugs = list(Category.objects.filter(agency=agency).order_by("order").values_list("slug", flat=True))
    assert slugs == [slug for slug, _name in DEFAULT_CATEGORIES]
    assert ensure_default_categories(agency) == 0
    assert Category.objects.filter(agency=agency).count() == len(DEFAULT_CATEGORIES)
    assert Category.objects.get(agency=agency, slug="hoi-nghi-hoi-thao").name == "Hội nghị – Hội thảo"


def test_generated_slug_is_unique_per_agency(agency, other_agency):
    first = published_article(agency, title="Hội nghị tổng kết")
    second = published_article(agency, title="Hội nghị tổng kết")
    elsewhere = published_article(other_agency, title="Hội nghị tổng kết")
    assert (first.slug, second.slug, elsewhere.slug) == ("hoi-nghi-tong-ket", "hoi-nghi-tong-ket-2", "hoi-nghi-tong-ket")


def test_a_typed_slug_that_clashes_is_refused_with_a_vietnamese_message(agency):
    published_article(agency, title="Tin một", slug="tin-mot")
    article = Article(agency=agency, category=Category.objects.filter(agency=agency).first(), title="Tin hai",
                      slug="tin-mot", summary="Tóm tắt", body="<p>x</p>")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "đã có bài khác" in str(error.value.message_dict["slug"])


def test_reserved_slugs_are_refused(agency):
    article = Article(agency=agency, category=Category.objects.filter(agency=agency).first(), title="RSS",
                      slug="rss", summary="Tóm tắt", body="<p>x</p>")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "dành riêng" in str(error.value.message_dict["slug"])
    article.slug = ""
    article.save()
    assert article.slug == "rss-tin"


def test_changing_a_published_slug_keeps_the_old_one_as_a_redirect(agency):
    article = published_article(agency, title="Tin cũ")
    article.slug = "tin-moi"
    article.save()
    assert ArticleRedirect.objects.get(agency=agency, old_slug="tin-cu").article == article
    # A draft's slug change leaves nothing behind.
    draft = draft_article(agency, title="Bản nháp")
    draft.slug = "ban-nhap-moi"
    draft.save()
    assert not ArticleRedirect.objects.filter(old_slug="ban-nhap").exists()


def test_a_new_article_taking_an_old_slug_wins_over_the_redirect(agency):
    article = published_article(agency, title="Tin cũ")
    article.slug = "tin-moi"
    article.save()
    newcomer = published_article(agency, title="Tin cũ")
    assert newcomer.slug == "tin-cu"
    assert not ArticleRedirect.objects.filter(old_slug="tin-cu").exists()


def test_cover_renditions_are_made_once_in_webp_and_jpeg(agency):
    article = published_article(agency, cover=jpeg_upload(size=(2000, 1000)), cover_alt="Hội trường")
    renditions = article.cover_renditions
    assert set(renditions) == {"thumb", "small", "large", "social"}
    assert (renditions["thumb"]["w"], renditions["thumb"]["h"]) == (480, 270)
    assert (renditions["large"]["w"], renditions["large"]["h"]) == (960, 480)
    assert (renditions["social"]["w"], renditions["social"]["h"]) == (1200, 630)
    for entry in renditions.values():
        assert entry["webp"].endswith(".webp") and entry["jpg"].endswith(".jpg")
        assert default_storage.exists(entry["webp"]) and default_storage.exists(entry["jpg"])
        assert entry["jpg"].startswith(f"{agency.slug}/")
    cover = article.cover_image
    assert cover.article_webp_srcset.endswith(" 960w") and " 480w, " in cover.article_webp_srcset
    # Saving again does not redo them.
    article.title = "Đổi tiêu đề"
    article.save()
    assert Article.objects.get(pk=article.pk).cover_renditions == renditions


def test_small_images_are_never_enlarged(agency):
    article = published_article(agency, cover=jpeg_upload(size=(300, 200)), cover_alt="Ảnh nhỏ")
    assert (article.cover_renditions["large"]["w"], article.cover_renditions["large"]["h"]) == (300, 200)
    assert article.cover_renditions["social"]["w"] <= 300


def test_cover_needs_alt_text(agency):
    article = Article(agency=agency, category=Category.objects.filter(agency=agency).first(), title="Có ảnh",
                      summary="Tóm tắt", body="<p>x</p>", cover=jpeg_upload())
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "mô tả ảnh" in str(error.value.message_dict["cover_alt"])


def test_body_is_sanitized_and_folded_for_search(agency):
    article = published_article(agency, title="Đất đai", body='<p onclick="x()">Thủ tục <script>alert(1)</script></p>')
    assert "script" not in article.body and "onclick" not in article.body
    assert "dat dai" in article.search_text and "thu tuc" in article.search_text


def test_search_folds_diacritics_and_ranks_title_matches_first(agency):
    now = timezone.now()
    body_only = published_article(agency, title="Tin khác", body="<p>Chuyển đổi số</p>",
                                  published_at=now - timedelta(hours=1))
    in_title = published_article(agency, title="Chuyển đổi số ở cơ sở", published_at=now - timedelta(days=3))
    published_article(agency, title="Không liên quan", body="<p>Nông nghiệp</p>")
    results = list(Article.objects.published().search("chuyen doi SO"))
    assert results == [in_title, body_only]
    assert Article.objects.search("   ").count() == 0


def test_one_page_of_each_kind_per_agency(agency):
    introduction(agency)
    from content.models import Introduction

    second = Introduction(agency=agency, title="Khác", body="<p>x</p>", basis_type="QĐ", basis_number="1",
                          basis_date=timezone.now().date(), basis_issuer="UBND")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "đã có trang giới thiệu" in " ".join(error.value.messages)


def test_english_body_needs_an_english_title(agency):
    page = functions_page(agency)
    page.body_en = "<p>Functions</p>"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "tiêu đề tiếng Anh" in str(error.value.message_dict["title_en"])


def test_section_summaries_count_published_rows_only(agency, other_agency):
    now = timezone.now()
    introduction(agency)
    functions_page(other_agency, status=Status.DRAFT)
    latest = published_article(agency, published_at=now - timedelta(hours=2))
    published_article(agency, published_at=now - timedelta(days=2))
    published_article(agency, published_at=now + timedelta(days=1))  # scheduled
    draft_article(agency)
    news = summarize_news([agency.pk, other_agency.pk], now)
    assert news[agency.pk].count == 2
    assert news[agency.pk].last_updated == latest.published_at
    assert other_agency.pk not in news
    assert summarize_introduction([agency.pk], now)[agency.pk].count == 1
    assert summarize_functions([agency.pk, other_agency.pk], now) == {}
    assert [get_section(k).number for k in ("gioi-thieu", "chuc-nang-nhiem-vu", "tin-tuc")] == [1, 3, 6]


def test_summaries_take_a_fixed_number_of_queries(django_assert_num_queries):
    agencies = [AgencyFactory() for _ in range(5)]
    for agency in agencies:
        published_article(agency)
    for summarize in (summarize_news, summarize_introduction, summarize_functions):
        with django_assert_num_queries(1):
            summarize([a.pk for a in agencies], timezone.now())


def test_workflow_publishes_through_the_foundation(agency, approver):
    article = draft_article(agency)
    apply_transition(article, "publish", approver)
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_the_list_indexes_are_in_the_lists_order():
    # A page of a list is read off the index only if the index ends in the lists' whole order, the
    # tie-breaker included; otherwise PostgreSQL sorts every published article of the agency.
    order = [field.replace("pk", "id") for field in Article.objects.newest_first().query.order_by]
    indexes = {index.name: index.fields for index in Article._meta.indexes}
    assert indexes["content_article_agency_newest"] == ["agency", "status", *order]
    assert indexes["content_article_newest"] == ["status", *order]
