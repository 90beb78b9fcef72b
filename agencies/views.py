from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import views as sitemap_views
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.sections import all_sections, collect_sitemaps
from portal.text import fold, search_terms
from portal.uploads import generated_name, reencode_image

from . import access, directory
from .cache import cache_agency_page, cache_province_page
from .importers import PublicDirectoryResource
from .models import Agency, Official


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


# --- Section 2: organization chart, headcount, staff directory -----------------------------------

def _org_context(request, with_heads=True):
    agency = request.agency
    now = timezone.now()
    units = directory.public_units(agency, now)
    officials = directory.public_officials(
        agency, units, now, only_groups=[Official.Group.LEADERSHIP, Official.Group.HEAD],
        extra_pk=agency.contact_officer_id) if with_heads else []
    contact = next((o for o in officials if o.pk == agency.contact_officer_id), None)
    officials = [o for o in officials if o.group in (Official.Group.LEADERSHIP, Official.Group.HEAD)]
    directory.attach(units, officials)
    leaders = [o for o in officials if o.group == Official.Group.LEADERSHIP]
    return {
        "agency": agency, "units": units, "roots": directory.roots(units), "leaders": leaders,
        "contact_officer": contact, "headcount": directory.headcount(agency, units, now),
        "last_updated": max((u.updated_at for u in units), default=None),
    }


@cache_agency_page
def organization(request):
    """The organization chart, the leadership, the contact officer and the headcount table."""
    return render(request, "agencies/organization.html", _org_context(request))


@cache_agency_page
def organization_en(request):
    """The English page of the organization and contact details (Decree 42/2022)."""
    with translation.override("en"):
        response = render(request, "agencies/organization_en.html", _org_context(request))
        response["Content-Language"] = "en"
    return response


@cache_agency_page
def staff_directory(request):
    """Officials grouped by unit in chart order, with a search box that folds diacritics."""
    agency = request.agency
    now = timezone.now()
    query = request.GET.get("q", "").strip()[:100]
    units = directory.public_units(agency, now)
    officials = directory.public_officials(agency, units, now, query=query)
    directory.attach(units, officials)
    shown = [u for u in units if u.staff] if query else units
    return render(request, "agencies/directory.html", {
        "agency": agency, "units": shown, "query": query, "result_count": len(officials),
    })


DOWNLOAD_FORMATS = {
    "csv": ("text/csv; charset=utf-8", lambda data: "\ufeff" + data.csv),  # BOM: Excel reads UTF-8
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", lambda data: data.xlsx),
}


@cache_agency_page
def directory_download(request, fmt):
    """The whole public directory as CSV or XLSX."""
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    agency = request.agency
    now = timezone.now()
    units = directory.public_units(agency, now)
    officials = directory.public_officials(agency, units, now)
    dataset = PublicDirectoryResource().export(officials)
    dataset.title = "Danh ba"
    content_type, render_data = DOWNLOAD_FORMATS[fmt]
    response = HttpResponse(render_data(dataset), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="danh-ba-{agency.slug}.{fmt}"'
    return response


@cache_agency_page
def official_vcard(request, pk):
    agency = request.agency
    now = timezone.now()
    units = {unit.pk: unit for unit in directory.public_units(agency, now)}
    official = (Official.objects.for_agency(agency).public(now).filter(pk=pk, unit_id__in=list(units))
                .only("pk", "unit_id", "full_name", "title", "email", "phone").first())
    if official is None:
        raise Http404(_("Không tìm thấy cán bộ này."))
    official.unit = units[official.unit_id]
    response = HttpResponse(directory.vcard(official, agency), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="can-bo-{official.pk}.vcf"'
    return response
