"""Read API of sections 1, 3 (introduction, functions) and 6 (news).

Pages and articles are read through ``published()`` / ``Article.objects.public()``, as the public
pages read them; bodies are the HTML sanitized on save (portal.sanitize).
"""

from datetime import date, datetime

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from portal.api import AgencyFilter, ErrorOut, Page, changed_at, harvest_page, media_url, narrow

from .models import Article, Attachment, Functions, Introduction

router = Router(tags=["Giới thiệu, chức năng nhiệm vụ, tin tức (mục 1, 3, 6)"])


class PageOut(Schema):
    id: int
    agency: str
    title: str
    title_en: str = ""
    body: str = Field(description="HTML đã làm sạch")
    body_en: str = ""
    basis: str = Field(description="Căn cứ pháp lý")
    basis_file: str | None
    published_at: datetime
    updated_at: datetime


def _pages(model, params):
    queryset = narrow(model.objects.published().filter(agency__is_active=True).select_related("agency"), params)

    def serialize(rows):
        return [{"id": p.pk, "agency": p.agency.slug, "title": p.title, "title_en": getattr(p, "title_en", ""),
                 "body": p.body, "body_en": getattr(p, "body_en", ""), "basis": p.basis_text,
                 "basis_file": media_url(p.basis_file), "published_at": p.published_at, "updated_at": p.updated_at}
                for p in rows]

    return harvest_page(changed_at(queryset), params, serialize)


@router.get("/introductions", response={200: Page[PageOut], 404: ErrorOut}, summary="Giới thiệu chung (mục 1)")
def introductions(request, params: Query[AgencyFilter]):
    return _pages(Introduction, params)


@router.get("/functions", response={200: Page[PageOut], 404: ErrorOut},
            summary="Chức năng, nhiệm vụ (mục 3), có bản tiếng Anh")
def functions(request, params: Query[AgencyFilter]):
    return _pages(Functions, params)


class Rendition(Schema):
    width: int
    height: int
    jpg: str
    webp: str


class AttachmentOut(Schema):
    title: str
    url: str


class ArticleOut(Schema):
    id: int
    agency: str
    url: str
    title: str
    summary: str
    body: str = Field(description="HTML đã làm sạch")
    category: str
    category_slug: str
    cover: str | None
    cover_alt: str
    cover_caption: str
    cover_renditions: dict[str, Rendition]
    author: str
    source: str
    featured: bool
    attachments: list[AttachmentOut]
    published_at: datetime
    updated_at: datetime


class NewsFilter(AgencyFilter):
    category: str | None = Field(None, max_length=80, description="slug của chuyên mục")
    published_from: date | None = None
    published_to: date | None = None


def _articles(rows) -> list[dict]:
    result = []
    for a in rows:
        cover = a.cover_image
        result.append({
            "id": a.pk, "agency": a.agency.slug, "url": a.get_absolute_url(), "title": a.title,
            "summary": a.summary, "body": a.body, "category": a.category.name, "category_slug": a.category.slug,
            "cover": cover.original if cover else None, "cover_alt": a.cover_alt, "cover_caption": a.cover_caption,
            "cover_renditions": {k: {"width": r.width, "height": r.height, "jpg": r.jpg, "webp": r.webp}
                                 for k, r in cover.renditions.items()} if cover else {},
            "author": a.author, "source": a.source, "featured": a.featured,
            "attachments": [{"title": f.title, "url": f.file.url} for f in a.attachments.all()],
            "published_at": a.published_at, "updated_at": a.updated_at,
        })
    return result


def _article_queryset():
    return (Article.objects.public().select_related("agency", "category")
            .defer("search_text", "search_title")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("order", "pk"))))


@router.get("/news", response={200: Page[ArticleOut], 404: ErrorOut}, summary="Tin tức hoạt động (mục 6)")
def news(request, params: Query[NewsFilter]):
    queryset = narrow(_article_queryset(), params, category__slug="category",
                      published_at__date__gte="published_from", published_at__date__lte="published_to")
    return harvest_page(changed_at(queryset), params, _articles)


@router.get("/news/{int:article_id}", response={200: ArticleOut, 404: ErrorOut}, summary="Một tin bài")
def news_detail(request, article_id: int):
    from portal.api import ApiError

    article = _article_queryset().filter(pk=article_id).first()
    if article is None:
        raise ApiError(404, "not_found")
    return _articles([article])[0]


def _register_tombstones():
    from portal.tombstones import track

    track(Introduction, "introduction", lambda: Introduction.objects.published())
    track(Functions, "functions", lambda: Functions.objects.published())
    track(Article, "news", lambda: Article.objects.published())


_register_tombstones()


def _summary(agency, now):
    latest = _article_queryset().for_agency(agency).order_by("-published_at", "-pk")[:5]
    return {"latest_news": [{k: a[k] for k in ("id", "title", "summary", "url", "published_at")}
                            for a in _articles(latest)]}


def _register_summary():
    from portal.api import register_summary

    register_summary("6_news", _summary)


_register_summary()
