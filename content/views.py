"""Public pages of sections 1, 3 and 6. Every read goes through ``published()``."""

from functools import partial
from urllib.parse import quote

import django_filters
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from agencies.cache import cache_agency_page, cache_province_page, kept_for_agency, kept_for_province

from .models import DEFAULT_CATEGORIES, Article, ArticleRedirect, Attachment, Category, Functions, Introduction
from .templatetags.content import news_prefix

PAGE_SIZE = 20
FEATURED_COUNT = 3
LATEST_COUNT = 5
# What the article pages (the page, print, save) show, and nothing more: no search text, review notes, history.
ARTICLE_PAGE_FIELDS = ("agency", "category__name", "category__slug", "status", "title", "slug", "summary", "body",
                       "cover", "cover_alt", "cover_caption", "cover_renditions", "author", "source", "published_at",
                       "updated_at", "featured")
ATTACHMENT_FIELDS = ("article", "title", "file", "order")


# --- sections 1 and 3 ---------------------------------------------------------------------------
def _agency_page(request, model, template):
    page = model.objects.published().for_agency(request.agency).first()
    return render(request, template, {"agency": request.agency, "page": page})


@cache_agency_page
def introduction(request):
    return _agency_page(request, Introduction, "content/introduction.html")


@cache_agency_page
def functions(request):
    return _agency_page(request, Functions, "content/functions.html")


@cache_agency_page
def functions_en(request):
    """The English version of the functions and duties and of the contact details (Decree 42/2022)."""
    return _agency_page(request, Functions, "content/functions_en.html")


# --- news list ----------------------------------------------------------------------------------
class ArticleFilter(django_filters.FilterSet):
    """The category filter of news lists (``?chuyen_muc=<slug>``), choices given by the page."""

    chuyen_muc = django_filters.ChoiceFilter(field_name="category__slug", label=_("Chuyên mục"),
                                             empty_label=_("Tất cả chuyên mục"))

    def __init__(self, data=None, queryset=None, *, categories=(), **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["chuyen_muc"].extra["choices"] = list(categories)
        self.form.fields["chuyen_muc"].choices = [("", _("Tất cả chuyên mục")), *categories]

    @property
    def category(self):
        """(slug, name) of the chosen category, or None."""
        chosen = self.form.cleaned_data.get("chuyen_muc") if self.is_bound and self.form.is_valid() else None
        return next(((slug, name) for slug, name in self.form.fields["chuyen_muc"].choices if slug and slug == chosen),
                    None)


def _news_page(request, queryset, categories, kept, *, with_agency=False):
    """Featured articles on top of page one, then the others newest first, 20 a page.

    The featured articles and the count depend only on the category and on what is published, so
    they are ``kept`` per version (agencies/cache.py): a page costs the query of its own rows.
    """
    filterset = ArticleFilter(request.GET or None, queryset.for_listing(with_agency).newest_first(),
                              categories=categories)
    articles, category = filterset.qs, filterset.category

    def featured_and_count():
        featured = list(articles.filter(featured=True)[:FEATURED_COUNT])
        return featured, articles.count() - len(featured)

    featured, count = kept(f"news:{category[0] if category else ''}", featured_and_count)
    paginator = Paginator(articles.exclude(pk__in=[a.pk for a in featured]) if featured else articles, PAGE_SIZE)
    paginator.count = count  # known: the paginator need not count the rows again
    page_obj = paginator.get_page(request.GET.get("page"))
    return {"filterset": filterset, "category": category, "page_obj": page_obj,
            "featured": featured if page_obj.number == 1 else []}


@cache_agency_page
def news_list(request):
    agency = request.agency
    kept = partial(kept_for_agency, agency)
    categories = kept("categories", lambda: list(Category.objects.filter(agency=agency).values_list("slug", "name")))
    context = _news_page(request, Article.objects.published().for_agency(agency), categories, kept)
    return render(request, "content/news_list.html", {"agency": agency, **context})


@cache_province_page
def province_news_list(request):
    context = _news_page(request, Article.objects.public(), DEFAULT_CATEGORIES, kept_for_province, with_agency=True)
    return render(request, "content/province_news_list.html", context)


# --- article ------------------------------------------------------------------------------------
def article_context(agency, article, *, preview=False):
    """What the article page shows; shared by the public view and the admin preview."""
    # The agency's latest articles are the same on each of its article pages: kept per version, one
    # more than shown, so that the article itself can be left out.
    latest = kept_for_agency(agency, "latest", lambda: list(
        Article.objects.published().for_agency(agency).for_listing().newest_first()[:LATEST_COUNT + 1]))
    latest = [item for item in latest if item.pk != article.pk][:LATEST_COUNT]
    news_url = news_prefix(agency)
    article_url = f"{news_url}{article.slug}/"
    urls = {"home": agency.reverse("agency_home"), "news": news_url, "article": article_url,
            "print": f"{article_url}in/", "download": f"{article_url}tai-ve/",
            "category": f"{news_url}?chuyen_muc={quote(article.category.slug)}"}
    # The public page's query says whether there are attachments (most articles have none): no query then.
    has_attachments = getattr(article, "has_attachments", True)
    attachments = list(article.attachments.only(*ATTACHMENT_FIELDS)) if has_attachments else []
    return {"agency": agency, "article": article, "attachments": attachments,
            "latest": latest, "is_preview": preview, "urls": urls}


def _published_article(request, slug):
    """The published article of this agency at ``slug``; an old slug redirects; anything else is 404."""
    agency = request.agency
    article = (Article.objects.published().for_agency(agency).select_related("category")
               .only(*ARTICLE_PAGE_FIELDS).filter(slug=slug)
               .annotate(has_attachments=Exists(Attachment.objects.filter(article=OuterRef("pk")))).first())
    if article is not None:
        return article, None
    redirect = (ArticleRedirect.objects.filter(agency=agency, old_slug=slug, article__status="published")
                .values_list("article__slug", flat=True).first())
    if redirect:
        return None, redirect
    raise Http404(_("Không tìm thấy tin bài này."))


def _article_view(template, *, download=False):
    @cache_agency_page
    def view(request, slug):
        article, new_slug = _published_article(request, slug)
        if new_slug:
            name = request.resolver_match.view_name
            return HttpResponsePermanentRedirect(request.agency.reverse(name, slug=new_slug))
        response = render(request, template, article_context(request.agency, article))
        if download:
            response["Content-Disposition"] = f'attachment; filename="{article.slug}.html"'
        return response

    return view


article_detail = _article_view("content/article.html")
article_print = _article_view("content/article_print.html")
article_download = _article_view("content/article_download.html", download=True)


# --- search -------------------------------------------------------------------------------------
def _search(request, queryset, template, extra):
    # Not cached: free text would fill the cache with one-off pages (three SQL queries uncached).
    query = request.GET.get("q", "").strip()[:200]
    results = queryset.search(query) if query else queryset.none()
    page_obj = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page")) if query else None
    return render(request, template, {"query": query, "page_obj": page_obj, **extra})


def search(request):
    agency = request.agency
    return _search(request, Article.objects.published().for_agency(agency).for_listing(),
                   "content/search.html", {"agency": agency})


def province_search(request):
    return _search(request, Article.objects.public().for_listing(with_agency=True), "content/search.html",
                   {"province_wide": True})
