"""Sections 1, 3 and 6 in the registry (portal/sections.py)."""

from django.utils.translation import gettext_lazy as _

from portal.search import Doc, Searchable
from portal.sections import (
    AgencyFigures,
    Section,
    SectionApp,
    published_figures,
    published_summary,
    register,
    register_app,
    summary_of,
)

STATIC_RULE = _("Nhập lần đầu, cập nhật kịp thời khi có thay đổi")
PROVINCE_BLOCK_SIZE = 6
AGENCY_BLOCK_SIZE = 3


def summarize_introduction(agency_ids, now):
    from .models import Introduction

    return published_summary(Introduction.objects.published(now), agency_ids)


def summarize_functions(agency_ids, now):
    from .models import Functions

    return published_summary(Functions.objects.published(now), agency_ids)


def summarize_news(agency_ids, now):
    """Count of published articles; last_updated is the latest ``published_at`` (docs/foundation.md)."""
    from .models import Article

    return published_summary(Article.objects.published(now), agency_ids, last_field="published_at")


def _page_figures(model_name):
    def figures(now):
        from django.apps import apps

        return published_figures(apps.get_model("content", model_name).objects.published(now))

    return AgencyFigures(figures=figures, build=lambda agency, values, now: (summary_of(values), {}))


def news_figures(now):
    from .models import Article

    return published_figures(Article.objects.published(now), last_field="published_at")


def news_block(agency, values, now):
    summary = summary_of(values)
    return summary, (agency_news_context(agency) if summary.count else {"articles": []})


def province_news_context():
    """The latest news across all agencies, for the province home."""
    from .models import Article

    articles = list(Article.objects.public().for_listing(with_agency=True).newest_first()[:PROVINCE_BLOCK_SIZE])
    return {"articles": articles}


def agency_news_context(agency):
    from .models import Article

    return {"articles": list(Article.objects.published().for_agency(agency).for_listing()
                             .newest_first()[:AGENCY_BLOCK_SIZE])}


# --- what the site-wide search finds (portal/search.py) -----------------------------------------
def _public_page(model_name):
    def public(now):
        from django.apps import apps

        return apps.get_model("content", model_name).objects.published(now).select_related("agency")

    return public


def _page_document(url_name):
    def document(page):
        return Doc(title=page.title, url=page.agency.reverse(url_name), number=page.basis_number,
                   text=[page.body, page.basis_type, page.basis_issuer],
                   summary=f"{page.agency.name} — {page.basis_text}", date=page.updated_at)

    return document


def public_articles(now):
    from .models import Article

    return Article.objects.published(now).select_related("agency", "category")


def article_document(article):
    return Doc(title=article.title, url=article.get_absolute_url(), text=[article.body, article.category.name],
               summary=article.summary, date=article.published_at)


INTRODUCTION_SEARCH = Searchable(kind="gioi-thieu", label=_("Giới thiệu chung"), model="content.Introduction",
                                 public=_public_page("Introduction"), document=_page_document("content:introduction"),
                                 order=10)
FUNCTIONS_SEARCH = Searchable(kind="chuc-nang", label=_("Chức năng nhiệm vụ"), model="content.Functions",
                              public=_public_page("Functions"), document=_page_document("content:functions"),
                              order=30)
NEWS_SEARCH = Searchable(kind="tin-tuc", label=_("Tin tức"), model="content.Article", public=public_articles,
                         document=article_document, order=60)


register(Section(
    number=1, key="gioi-thieu", title=_("Giới thiệu chung"), url_name="content:introduction",
    path="gioi-thieu", update_rule=STATIC_RULE, frequency="static", summarize=summarize_introduction,
    description=_("Chức năng, nhiệm vụ, quyền hạn, phạm vi và lĩnh vực hoạt động của cơ quan và các đơn vị "
                  "trực thuộc theo quyết định của cấp có thẩm quyền."),
    admin_url_name="admin:content_introduction_changelist",
    models=("content.Introduction",),
    rule={"kind": "static_content"},
    searchables=(INTRODUCTION_SEARCH,),
    agency_figures=_page_figures("Introduction"),
))
register(Section(
    number=3, key="chuc-nang-nhiem-vu", title=_("Chức năng nhiệm vụ"), url_name="content:functions",
    path="chuc-nang-nhiem-vu", update_rule=STATIC_RULE, frequency="static", summarize=summarize_functions,
    description=_("Chức năng, nhiệm vụ, quyền hạn của cơ quan, kèm bản tiếng Anh."),
    admin_url_name="admin:content_functions_changelist",
    models=("content.Functions",),
    rule={"kind": "static_content"},
    searchables=(FUNCTIONS_SEARCH,),
    agency_figures=_page_figures("Functions"),
))
register(Section(
    number=6, key="tin-tuc", title=_("Tin tức hoạt động"), url_name="content:news_list", path="tin-tuc",
    update_rule=_("Cập nhật thường xuyên, hằng ngày, hằng tuần"), frequency="continuous",
    summarize=summarize_news,
    description=_("Hoạt động, hội nghị, hội thảo, việc thực hiện pháp luật và văn bản chỉ đạo của "
                  "Trung ương và của tỉnh."),
    admin_url_name="admin:content_article_changelist",
    models=("content.Article", "content.Category"),
    province_url_name="content_province:news_list",
    rule={"kind": "recent_news", "max_age_days": 7},
    agency_block_template="content/blocks/agency_news.html",
    province_block_template="content/blocks/province_news.html",
    province_block_context=province_news_context,
    searchables=(NEWS_SEARCH,),
    agency_figures=AgencyFigures(figures=news_figures, build=news_block),
))


register_app(SectionApp(
    label="content",
    urls="content.urls",
    province_urls="content.province_urls",
    sitemaps="content.sitemaps.SITEMAPS",
    reserved_paths=("gioi-thieu", "chuc-nang-nhiem-vu", "tin-tuc"),
    demo_loaders=((20, "content.demo.load_content"),),
    bulk_seeders=(
        (20, "content.bulk.seed_news", [
            (("--news",), {"type": int, "default": 0, "help": "Số tin bài đã xuất bản cần có cho mỗi cơ quan."}),
        ]),
    ),
))
