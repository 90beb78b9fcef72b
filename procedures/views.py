"""Public pages of section 4. They read only ``published()`` rows, in a fixed number of queries."""


from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agencies.cache import cache_agency_page, cache_province_page
from portal.downloads import readable_stem, stored_file_response

from .filters import LegalDocumentFilter, ProcedureFilter, ProvinceProcedureFilter, active_filters
from .models import ChannelKind, FormTemplate, LegalBasis, LegalDocument, Procedure

PAGE_SIZE = 20
LIST_FIELDS = ("pk", "agency_id", "code", "name", "level", "min_days", "has_online", "applicants",
               "updated_at", "abolished_on", "abolition_decision", "sector__name", "sector__code")
CHANNEL_ORDER = {kind: index for index, kind in enumerate(ChannelKind.values)}


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _published_procedures(agency, now=None):
    return Procedure.objects.for_agency(agency).published(now)


def _list_context(request, filterset, **extra):
    page_obj = _page(request, filterset.qs)
    return {"filter": filterset, "page_obj": page_obj, "procedures": page_obj.object_list,
            "active_filters": active_filters(filterset, request), **extra}


@cache_agency_page
def procedure_list(request):
    agency = request.agency
    base = _published_procedures(agency).active().select_related("sector").only(*LIST_FIELDS)
    filterset = ProcedureFilter(request.GET or None, queryset=base, request=request)
    return render(request, "procedures/procedure_list.html", _list_context(request, filterset))


@cache_agency_page
def abolished_list(request):
    agency = request.agency
    base = (_published_procedures(agency).abolished().select_related("sector").only(*LIST_FIELDS)
            .order_by("-abolished_on", "name"))
    filterset = ProcedureFilter(request.GET or None, queryset=base, request=request)
    return render(request, "procedures/abolished_list.html", _list_context(request, filterset))


def procedure_context(procedure, now=None):
    """Everything the procedure page shows, in five queries (also used by the admin preview)."""
    now = now or timezone.now()
    channels = sorted(procedure.channels.all(), key=lambda c: CHANNEL_ORDER.get(c.kind, 99))
    legal_bases = list(
        LegalBasis.objects.filter(procedure=procedure, document__in=LegalDocument.objects.published(now).filter(
            agency_id=procedure.agency_id).values("pk"))
        .select_related("document"))
    related = list(Procedure.objects.filter(pk__in=procedure.related.values("pk"), agency_id=procedure.agency_id)
                   .published(now).active().only("pk", "agency_id", "code", "name"))
    return {
        "procedure": procedure,
        "channels": channels,
        "forms": list(procedure.forms.all()),
        "legal_bases": legal_bases,
        "related": related,
    }


def _get_procedure(request, pk):
    queryset = _published_procedures(request.agency).select_related("sector")
    return get_object_or_404(queryset, pk=pk)


@cache_agency_page
def procedure_detail(request, pk):
    procedure = _get_procedure(request, pk)
    return render(request, "procedures/procedure_detail.html", procedure_context(procedure))


@cache_agency_page
def procedure_print(request, pk):
    procedure = _get_procedure(request, pk)
    return render(request, "procedures/procedure_print.html", procedure_context(procedure))


def form_download(request, pk, form_pk):
    """A form of a published procedure (unpublished procedures' forms are not downloadable)."""
    form = get_object_or_404(
        FormTemplate.objects.filter(procedure__in=_published_procedures(request.agency).values("pk")),
        pk=form_pk, procedure_id=pk)
    return stored_file_response(form.file, readable_stem(form.title))


@cache_agency_page
def document_list(request):
    base = LegalDocument.objects.for_agency(request.agency).published().only(
        "pk", "agency_id", "doc_type", "number", "issuer", "issued_on", "effective_on", "validity",
        "lapsed_on", "summary", "file_size", "file_type", "year")
    filterset = LegalDocumentFilter(request.GET or None, queryset=base, request=request)
    page_obj = _page(request, filterset.qs)
    return render(request, "procedures/document_list.html", {
        "filter": filterset, "page_obj": page_obj, "documents": page_obj.object_list,
        "active_filters": active_filters(filterset, request)})


def _get_document(request, pk):
    return get_object_or_404(LegalDocument.objects.for_agency(request.agency).published().select_related("sector"),
                             pk=pk)


@cache_agency_page
def document_detail(request, pk):
    document = _get_document(request, pk)
    citing = (_published_procedures(request.agency).active().filter(legal_bases__document=document)
              .only("pk", "agency_id", "code", "name").distinct())
    return render(request, "procedures/document_detail.html", {"document": document, "citing": list(citing)})


def document_download(request, pk):
    document = _get_document(request, pk)
    return stored_file_response(document.file, readable_stem(f"{document.type_name} {document.number}"))


@cache_province_page
def province_search(request):
    base = (Procedure.objects.published().active().filter(agency__is_active=True)
            .select_related("sector", "agency").only(*LIST_FIELDS, "agency__name", "agency__short_name",
                                                     "agency__slug", "agency__host"))
    filterset = ProvinceProcedureFilter(request.GET or None, queryset=base, request=request)
    return render(request, "procedures/province_search.html", _list_context(request, filterset))

