"""Section 4 in the registry: count and freshness of the published procedures and documents."""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from portal import sections
from portal.search import Doc, Searchable
from portal.sections import AgencyFigures, Section, SectionApp, SectionSummary, latest, per_agency, register_app


def summarize(agency_ids, now):
    """Published procedures in force per agency; last change of any published procedure or document.

    Two queries whatever the number of agencies.
    """
    from .models import LegalDocument, Procedure

    agency_ids = list(agency_ids)
    result = {}
    rows = (Procedure.objects.published(now).active(now.date()).filter(agency_id__in=agency_ids).order_by()
            .values("agency_id").annotate(count=Count("pk"), last=Max("updated_at")))
    for row in rows:
        result[row["agency_id"]] = SectionSummary(row["count"], row["last"])
    documents = (LegalDocument.objects.published(now).filter(agency_id__in=agency_ids).order_by()
                 .values("agency_id").annotate(last=Max("updated_at")))
    for row in documents:
        summary = result.setdefault(row["agency_id"], SectionSummary())
        if summary.last_updated is None or row["last"] > summary.last_updated:
            summary.last_updated = row["last"]
    return result


def agency_figures(now):
    """The summary and the home block's counts (procedures in force, of which online; documents)."""
    from .models import LegalDocument, Procedure

    return {**per_agency(Procedure.objects.published(now).active(now.date()), count=Count("pk"),
                         online=Count("pk", filter=Q(has_online=True)), last=Max("updated_at")),
            **per_agency(LegalDocument.objects.published(now), documents=Count("pk"),
                         documents_last=Max("updated_at"))}


def agency_summary(agency, values, now):
    count = values["count"] or 0
    return (SectionSummary(count, latest(values["last"], values["documents_last"])),
            {"procedure_count": count, "online_count": values["online"] or 0,
             "document_count": values["documents"] or 0})


def province_block_context():
    from django.utils import timezone

    from .models import Procedure

    now = timezone.now()
    return Procedure.objects.published(now).active(now.date()).filter(agency__is_active=True).aggregate(
        procedure_count=Count("pk"), agency_count=Count("agency", distinct=True))


# --- what the site-wide search finds (portal/search.py) -----------------------------------------
def public_procedures(now):
    from .models import Procedure

    return Procedure.objects.published(now).active(now.date()).select_related("agency", "sector")


def procedure_document(procedure):
    from datetime import datetime

    from django.utils import timezone

    expires = None
    if procedure.abolished_on:  # abolished on a future date: out of the index that day
        expires = timezone.make_aware(datetime.combine(procedure.abolished_on, datetime.min.time()))
    return Doc(title=procedure.name, url=procedure.get_absolute_url(), number=procedure.code,
               text=[procedure.sector.name, procedure.body, procedure.result, *procedure.applicant_labels()],
               summary=f"{procedure.sector.name} · {procedure.get_level_display()}", date=procedure.effective_on,
               expires_at=expires)


def public_documents(now):
    from .models import LegalDocument

    return LegalDocument.objects.published(now).select_related("agency", "sector")


def document_document(document):
    return Doc(title=document.summary, url=document.get_absolute_url(), number=document.number,
               text=[document.get_doc_type_display(), document.issuer, document.signer,
                     document.sector.name if document.sector else ""],
               summary=f"{document.get_doc_type_display()} {document.number} — {document.issuer}, "
                       f"{document.issued_on:%d/%m/%Y}",
               date=document.issued_on)


def _procedures_of_sector(sector):
    from .models import Procedure

    return Procedure.objects.filter(sector=sector)


PROCEDURE_SEARCH = Searchable(kind="thu-tuc", label=_("Thủ tục hành chính"), model="procedures.Procedure",
                              public=public_procedures, document=procedure_document, order=40,
                              related=(("procedures.Sector", _procedures_of_sector),))
DOCUMENT_SEARCH = Searchable(kind="van-ban", label=_("Văn bản pháp luật"), model="procedures.LegalDocument",
                             public=public_documents, document=document_document, order=41)


SECTION = Section(
    number=4,
    key="procedures",
    title=_("Thủ tục hành chính"),
    url_name="procedures:procedure_list",
    path="thu-tuc-hanh-chinh",
    update_rule=_("Nhập một lần, cập nhật kịp thời khi có thay đổi"),
    frequency="static",
    summarize=summarize,
    description=_("Văn bản pháp luật, biểu mẫu, thủ tục, quy trình và thời hạn giải quyết từng loại việc."),
    admin_url_name="admin:procedures_procedure_changelist",
    models=("procedures.Procedure", "procedures.LegalDocument", "procedures.Sector"),
    province_url_name="procedures_province:search",
    agency_block_template="procedures/agency_block.html",
    agency_figures=AgencyFigures(figures=agency_figures, build=agency_summary),
    province_block_template="procedures/province_block.html",
    province_block_context=province_block_context,
    rule={"kind": "static_content"},
    searchables=(PROCEDURE_SEARCH, DOCUMENT_SEARCH),
)


sections.register(SECTION)


register_app(SectionApp(
    label="procedures",
    urls="procedures.urls",
    province_urls="procedures.province_urls",
    sitemaps="procedures.sitemaps.SITEMAPS",
    reserved_paths=("thu-tuc-hanh-chinh",),
    demo_loaders=((30, "procedures.demo.load_procedures"),),
    bulk_seeders=(
        (30, "procedures.bulk.seed_procedures", [
            (("--procedures",), {"type": int, "default": 0,
                                 "help": "Số thủ tục hành chính mỗi cơ quan (thêm nếu thiếu)."}),
            (("--legal-documents",), {"type": int, "default": 0, "help": "Số văn bản pháp luật mỗi cơ quan."}),
        ]),
    ),
))
