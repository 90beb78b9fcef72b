"""Section 2 pages: organization chart, headcount, staff directory, its downloads and vCards."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.cache import cache_agency_page
from portal.downloads import dataset_response

from . import directory
from .importers import PublicDirectoryResource
from .models import Official


def _org_context(request, with_heads=True):
    agency = request.agency
    now = timezone.now()
    units = directory.public_units(agency, now)
    officials = directory.public_officials(
        agency, units, now, only_groups=[Official.Group.LEADERSHIP, Official.Group.HEAD],
        with_contact_officer=True) if with_heads else []
    contact = next((o for o in officials if o.is_contact_officer), None)
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
    return render(request, "organization/organization.html", _org_context(request))


@cache_agency_page
def organization_en(request):
    """The English page of the organization and contact details (Decree 42/2022)."""
    with translation.override("en"):
        response = render(request, "organization/organization_en.html", _org_context(request))
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
    return render(request, "organization/directory.html", {
        "agency": agency, "units": shown, "query": query, "result_count": len(officials),
    })


DOWNLOAD_FORMATS = ("csv", "xlsx")


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
    return dataset_response(dataset, fmt, f"danh-ba-{agency.slug}")


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
