import hashlib
from itertools import groupby

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import search as site_search
from portal.sections import all_sections, collect_sitemaps
from portal.text import fold, search_terms
from portal.uploads import generated_name, reencode_image

from . import access
from .cache import cache_agency_page, cache_province_page, kept_for_agency
from .models import Agency
from .sitemaps import render_urlset


def section_blocks(agency, now=None) -> list[tuple]:
    """``[(section, summary, extra)]``: what each registered section shows on the agency home.

    Sections declaring ``AgencyFigures`` (portal/sections.py) are answered together, in one query of
    the agency's row with every section's figures as subqueries, plus the few short lists their blocks
    show (the latest news, the latest week, the main figures) when there is something to list; the
    others by their ``summarize`` and ``agency_block_context``. The answers are also kept in the cache
    per agency content version (bumped by every change the public can see, agencies/cache.py), day
    (blocks say "this month") and language, so an agency home costs the agency row and one cache read
    until the agency changes something, whether or not whole pages are cached (PORTAL_PAGE_CACHE).
    """
    sections = all_sections()
    day = timezone.localdate()
    signature = hashlib.sha1(",".join(s.key for s in sections).encode()).hexdigest()[:12]
    kept = kept_for_agency(agency, f"home:{day:%Y%m%d}:{translation.get_language()}:{signature}",
                           lambda: _ask_sections(sections, agency, now or timezone.now()))
    return [(section, summary, extra) for section, (summary, extra) in zip(sections, kept, strict=True)]


def _ask_sections(sections, agency, now) -> list[tuple]:
    expressions = {}
    for section in sections:
        if section.agency_figures:
            expressions.update({f"s{section.number}_{name}": expression
                                for name, expression in section.agency_figures.figures(now).items()})
    values = Agency.objects.filter(pk=agency.pk).values(**expressions).get() if expressions else {}
    answers = []
    for section in sections:
        if section.agency_figures:
            prefix = f"s{section.number}_"
            own = {name.removeprefix(prefix): value for name, value in values.items() if name.startswith(prefix)}
            answers.append(section.agency_figures.build(agency, own, now))
        else:
            answers.append((section.summarize([agency.pk], now).get(agency.pk),
                            section.agency_block_context(agency) if section.agency_block_context else {}))
    return answers


@cache_agency_page
def agency_home(request):
    agency = request.agency
    blocks = [{"section": section, "summary": summary, "extra": extra, "url": agency.reverse(section.url_name)}
              for section, summary, extra in section_blocks(agency)]
    return render(request, "agencies/agency_home.html", {"agency": agency, "blocks": blocks,
                                                          "english_url": agency.reverse("agency_home_en")})


# --- Province-wide pages: the home page with the agencies by kind, the site map ------------------

def _active_agencies():
    return Agency.objects.public()


@cache_province_page
def province_home(request):
    agencies = list(_active_agencies().only("name", "short_name", "slug", "kind", "host"))
    query = request.GET.get("q", "").strip()
    terms = search_terms(query)
    if terms:
        agencies = [a for a in agencies if all(t in fold(f"{a.name} {a.short_name}") for t in terms)]
    kind_labels = dict(Agency.Kind.choices)
    groups = [(kind_labels[kind], list(items)) for kind, items in groupby(agencies, key=lambda a: a.kind)]
    blocks = [
        (section, section.province_block_context())
        for section in all_sections()
        if section.province_block_template and section.province_block_context
    ]
    return render(request, "portal/province_home.html", {
        "groups": groups, "query": query, "result_count": len(agencies), "blocks": blocks,
        "english_url": reverse("english_home"),
    })


@cache_agency_page
def agency_site_map(request):
    """One agency's site map (/<slug>/so-do-trang/): its home, every section, its search, its English
    page. The province's site map links each agency once, to here and to its home."""
    return render(request, "agencies/agency_site_map.html", {"agency": request.agency})


@cache_province_page
def site_map(request):
    """The province's site map: the province-wide pages, then each kind of agency with every agency's
    name (its home) and its own site map, one short line each, so the page stays small (well under
    100 KB) with 500 agencies; the sections' pages of an agency are on the agency's site map."""
    agencies = list(_active_agencies().only("name", "slug", "kind", "host"))
    for agency in agencies:
        agency.home_url = agency.reverse("agency_home")
        agency.map_url = agency.reverse("agency_site_map")
    kind_labels = dict(Agency.Kind.choices)
    groups = [(kind, kind_labels[kind], list(items)) for kind, items in groupby(agencies, key=lambda a: a.kind)]
    return render(request, "portal/site_map.html", {"groups": groups, "sections": all_sections(),
                                                     "agency_count": len(agencies)})


def _english(template, context, request):
    """Render an English page: English interface, Vietnamese content marked ``lang="vi"``."""
    with translation.override("en"):
        response = render(request, template, context)
        response["Content-Language"] = "en"
    return response


@cache_province_page
def english_home(request):
    """The province's English entry (/en/): agencies by kind with their English names and pages."""
    agencies = list(_active_agencies().only("name", "name_en", "short_name", "slug", "kind", "host"))
    with translation.override("en"):
        kind_labels = {kind: str(label) for kind, label in Agency.Kind.choices}
    groups = [(kind_labels[kind], list(items)) for kind, items in groupby(agencies, key=lambda a: a.kind)]
    return _english("portal/english_home.html", {
        "groups": groups, "sections": all_sections(), "vietnamese_url": reverse("province_home"),
        "english_url": reverse("english_home"),
    }, request)


@cache_agency_page
def agency_home_en(request):
    """An agency's English entry (/<slug>/en/): contacts in English, the English pages, what is Vietnamese only."""
    agency = request.agency
    return _english("portal/agency_home_en.html", {
        "agency": agency, "sections": all_sections(), "vietnamese_url": agency.reverse("agency_home"),
        "english_url": agency.reverse("agency_home_en"),
    }, request)



# --- The site-wide search (portal/search.py): the province's and each agency's ------------------

class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, error_messages={
        "max_length": _("Từ khóa tìm kiếm quá dài: tối đa %(limit_value)d ký tự.")})
    loai = forms.SlugField(required=False)
    co_quan = forms.SlugField(required=False)
    page = forms.IntegerField(min_value=1, max_value=10000, required=False)


def _search_page(request, agency):
    form = SearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    query = data.get("q", "").strip()
    results = site_search.search(query, agency=agency, kind=data.get("loai") or None,
                                 agency_slug=data.get("co_quan") or None, page=data.get("page") or 1)
    # The agency filter's links, built once: {% querystring %} for each of 150 agencies cost tens of ms.
    others = request.GET.copy()
    for name in ("co_quan", "page"):
        others.pop(name, None)
    return render(request, "portal/search.html", {
        "agency_filter_query": others.urlencode(),
        "agency": agency, "province_wide": agency is None, "form": form, "query": query, "results": results,
        "page_obj": results, "kind": data.get("loai") or "", "agency_slug": data.get("co_quan") or "",
        "kinds": site_search.searchables(),
    })


@cache_province_page
def search(request):
    """One search over every section of every agency (/tim-kiem/)."""
    return _search_page(request, None)


@cache_agency_page
def agency_search(request):
    """The same search within one agency (/<slug>/tim-kiem/)."""
    return _search_page(request, request.agency)


# --- sitemap.xml: an index of per-kind sitemaps, each paged; on an agency's host only its pages ---

def _site_sitemaps(request):
    agency = getattr(request, "agency", None)
    return {name: sitemap(agency=agency) for name, sitemap in collect_sitemaps().items()}


def sitemap_index(request):
    return sitemap_views.index(request, _site_sitemaps(request), sitemap_url_name="sitemap_section")


def sitemap_section(request, section):
    """One sitemap file (``?p=`` its page), as ``django.contrib.sitemaps.views.sitemap`` serves it but
    written out by ``render_urlset`` (agencies/sitemaps.py)."""
    sitemap = _site_sitemaps(request).get(section)
    if sitemap is None:
        raise Http404(f"No sitemap available for section: {section!r}")
    try:
        urls = sitemap.get_urls(page=request.GET.get("p", 1), site=get_current_site(request),
                                protocol=request.scheme)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error
    lastmod = getattr(sitemap, "latest_lastmod", None)  # set when every row has one
    headers = {"Last-Modified": http_date(lastmod.timestamp())} if lastmod else None
    return HttpResponse(render_urlset(urls), content_type="application/xml", headers=headers)


# --- The rich-text editor's image upload (members only) -------------------------------------------

@require_POST
@login_required
def editor_image_upload(request):
    """CKEditor 5's image upload: members only, re-encoded, stored under the agency's folder."""
    agency_ids = access.agency_ids(request.user, "edit")
    agency = (Agency.objects.filter(pk__in=agency_ids) if agency_ids is not None else Agency.objects.none())
    agency = agency.order_by("pk").first()
    if agency is None:
        return JsonResponse({"error": {"message": _("Bạn không có quyền tải ảnh lên.")}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("Chưa chọn ảnh.")}}, status=400)
    try:
        clean = reencode_image(upload)
    except ValidationError as error:
        return JsonResponse({"error": {"message": " ".join(error.messages)}}, status=400)
    name = default_storage.save(generated_name(agency, clean.name, "noi-dung-anh"), clean)
    return JsonResponse({"url": default_storage.url(name)})
