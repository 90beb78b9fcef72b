from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import views as sitemap_views
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.sections import all_sections, collect_sitemaps
from portal.text import fold, search_terms
from portal.uploads import generated_name, reencode_image

from . import access
from .cache import cache_agency_page, cache_province_page
from .models import Agency


@cache_agency_page
def agency_home(request):
    agency = request.agency
    now = timezone.now()
    blocks = []
    for section in all_sections():
        summary = section.summarize([agency.pk], now).get(agency.pk)
        extra = section.agency_block_context(agency) if section.agency_block_context else {}
        blocks.append({"section": section, "summary": summary, "extra": extra,
                       "url": agency.reverse(section.url_name)})
    return render(request, "agencies/agency_home.html", {"agency": agency, "blocks": blocks})


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
    })


@cache_province_page
def site_map(request):
    return render(request, "portal/site_map.html", {
        "agencies": _active_agencies().only("name", "slug", "kind", "host"),
        "sections": all_sections(),
    })


# --- sitemap.xml: an index of per-kind sitemaps, each paged; on an agency's host only its pages ---

def _site_sitemaps(request):
    agency = getattr(request, "agency", None)
    return {name: sitemap(agency=agency) for name, sitemap in collect_sitemaps().items()}


def sitemap_index(request):
    return sitemap_views.index(request, _site_sitemaps(request), sitemap_url_name="sitemap_section")


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, _site_sitemaps(request), section=section)


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
