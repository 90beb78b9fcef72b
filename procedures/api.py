"""Read API of section 4: procedures (every Decree 63/2010 and 92/2017 field, the channel table,
forms), and legal documents. Rows as the public pages read them: ``published()`` of active agencies;
abolished procedures stay listed with ``abolished_on`` (the pages keep a list of them too).
"""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema

from portal.api import AgencyFilter, ApiError, ErrorOut, Page, changed_at, harvest_page, media_url, narrow

from .models import Channel, FormTemplate, LegalBasis, LegalDocument, Procedure

router = Router(tags=["Thủ tục hành chính (mục 4)"])


class ProcedureFilter(AgencyFilter):
    sector: str | None = Field(None, max_length=30, description="mã lĩnh vực")
    level: str | None = Field(None, max_length=10)
    abolished: bool | None = Field(None, description="true: chỉ thủ tục đã bãi bỏ; false: chỉ thủ tục còn hiệu lực")


class ChannelOut(Schema):
    kind: str
    time_limit: str
    working_days: Decimal | None
    fee: str
    description: str


class FormOut(Schema):
    title: str
    url: str
    file_type: str
    file_size: int


class BasisOut(Schema):
    document_id: int
    number: str
    note: str


class ProcedureOut(Schema):
    id: int
    agency: str
    url: str
    code: str
    name: str
    sector_code: str
    sector: str
    level: str
    steps: str = Field(description="HTML đã làm sạch")
    dossier: str
    dossier_copies: int
    applicants: list[str]
    body: str
    result: str
    conditions: str
    legal_basis_text: str
    legal_bases: list[BasisOut]
    online_url: str
    effective_on: date | None
    abolished_on: date | None
    abolition_decision: str
    channels: list[ChannelOut]
    forms: list[FormOut]
    published_at: datetime
    updated_at: datetime


def _queryset():
    documents = LegalDocument.objects.published()
    return (Procedure.objects.published().filter(agency__is_active=True).select_related("agency", "sector")
            .defer("search_text")
            .prefetch_related(
                Prefetch("channels", queryset=Channel.objects.order_by("pk")),
                Prefetch("forms", queryset=FormTemplate.objects.order_by("order", "pk")),
                Prefetch("legal_bases", queryset=LegalBasis.objects.filter(document__in=documents.values("pk"))
                         .select_related("document").order_by("order", "pk"))))


def _applicants(value):
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [v for v in str(value or "").split(",") if v]


def _procedures(rows):
    return [{
        "id": p.pk, "agency": p.agency.slug, "url": p.get_absolute_url(), "code": p.code, "name": p.name,
        "sector_code": p.sector.code, "sector": p.sector.name, "level": p.level, "steps": p.steps,
        "dossier": p.dossier, "dossier_copies": p.dossier_copies, "applicants": _applicants(p.applicants),
        "body": p.body, "result": p.result, "conditions": p.conditions, "legal_basis_text": p.legal_basis_text,
        "legal_bases": [{"document_id": b.document_id, "number": b.document.number, "note": b.note}
                        for b in p.legal_bases.all()],
        "online_url": p.online_url, "effective_on": p.effective_on, "abolished_on": p.abolished_on,
        "abolition_decision": p.abolition_decision,
        "channels": [{"kind": c.kind, "time_limit": c.time_limit, "working_days": c.working_days, "fee": c.fee,
                      "description": c.description} for c in p.channels.all()],
        "forms": [{"title": f.title, "url": f.file.url, "file_type": f.file_type, "file_size": f.file_size}
                  for f in p.forms.all()],
        "published_at": p.published_at, "updated_at": p.updated_at,
    } for p in rows]


@router.get("/procedures", response={200: Page[ProcedureOut], 404: ErrorOut}, summary="Thủ tục hành chính")
def procedures(request, params: Query[ProcedureFilter]):
    queryset = narrow(_queryset(), params, sector__code="sector", level="level")
    if params.abolished is True:
        queryset = queryset.abolished()
    elif params.abolished is False:
        queryset = queryset.active()
    return harvest_page(changed_at(queryset), params, _procedures)


@router.get("/procedures/{int:procedure_id}", response={200: ProcedureOut, 404: ErrorOut},
            summary="Một thủ tục hành chính")
def procedure_detail(request, procedure_id: int):
    procedure = _queryset().filter(pk=procedure_id).first()
    if procedure is None:
        raise ApiError(404, "not_found")
    return _procedures([procedure])[0]


class DocumentOut(Schema):
    id: int
    agency: str
    doc_type: str
    number: str
    issuer: str
    signer: str
    issued_on: date
    effective_on: date | None
    validity: str
    lapsed_on: date | None
    summary: str
    file: str | None
    published_at: datetime
    updated_at: datetime


class DocumentFilter(AgencyFilter):
    year: int | None = Field(None, ge=1900, le=2200)


@router.get("/legal-documents", response={200: Page[DocumentOut], 404: ErrorOut}, summary="Văn bản pháp luật")
def legal_documents(request, params: Query[DocumentFilter]):
    queryset = narrow(LegalDocument.objects.published().filter(agency__is_active=True).select_related("agency"),
                      params, year="year")

    def serialize(rows):
        return [{"id": d.pk, "agency": d.agency.slug, "doc_type": d.doc_type, "number": d.number,
                 "issuer": d.issuer, "signer": d.signer, "issued_on": d.issued_on, "effective_on": d.effective_on,
                 "validity": d.validity, "lapsed_on": d.lapsed_on, "summary": d.summary, "file": media_url(d.file),
                 "published_at": d.published_at, "updated_at": d.updated_at} for d in rows]

    return harvest_page(changed_at(queryset.defer("search_text")), params, serialize)


def _register_tombstones():
    from portal.tombstones import track

    track(Procedure, "procedure", lambda: Procedure.objects.published())
    track(LegalDocument, "legal_document", lambda: LegalDocument.objects.published())


_register_tombstones()


def _summary(agency, now):
    published = Procedure.objects.for_agency(agency).published(now)
    return {"procedures": published.active().count(), "abolished": published.abolished().count(),
            "online": published.active().filter(has_online=True).count()}


def _register_summary():
    from portal.api import register_summary

    register_summary("4_procedures", _summary)


_register_summary()
