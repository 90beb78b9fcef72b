"""Section 4 in the registry: count and freshness of the published procedures and documents."""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from portal import sections
from portal.sections import Section, SectionApp, SectionSummary, register_app


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


def agency_block_context(agency):
    from django.utils import timezone

    from .models import LegalDocument, Procedure

    now = timezone.now()
    procedures = Procedure.objects.for_agency(agency).published(now).active(now.date())
    counts = procedures.aggregate(total=Count("pk"), online=Count("pk", filter=Q(has_online=True)))
    return {
        "procedure_count": counts["total"],
        "online_count": counts["online"],
        "document_count": LegalDocument.objects.for_agency(agency).published(now).count(),
    }


def province_block_context():
    from django.utils import timezone

    from .models import Procedure

    now = timezone.now()
    return Procedure.objects.published(now).active(now.date()).filter(agency__is_active=True).aggregate(
        procedure_count=Count("pk"), agency_count=Count("agency", distinct=True))


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
    province_url_name="procedures_province:search",
    agency_block_template="procedures/agency_block.html",
    agency_block_context=agency_block_context,
    province_block_template="procedures/province_block.html",
    province_block_context=province_block_context,
    rule={"kind": "static_content"},
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
