"""``seed_bulk --procedures N --legal-documents M``: volumes per agency for benchmarks (bulk inserts).

Tops each agency up to N procedures (with a channel table) and M legal documents; running it again
with the same numbers adds nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from portal.publishing import Status

from .demo import catalogue
from .models import (
    Applicant,
    Channel,
    ChannelKind,
    LegalDocument,
    Level,
    Procedure,
    Sector,
    refresh_channel_summary,
)

FIELDS = [("BULK-HT", "Hộ tịch"), ("BULK-CT", "Chứng thực"), ("BULK-DN", "Doanh nghiệp"),
          ("BULK-XD", "Hoạt động xây dựng"), ("BULK-DD", "Đất đai")]
APPLICANT_SETS = [[Applicant.CITIZEN], [Applicant.ENTERPRISE], [Applicant.CITIZEN, Applicant.ORGANIZATION],
                  [Applicant.ENTERPRISE, Applicant.FOREIGN_INVESTED], [Applicant.HOUSEHOLD_BUSINESS]]


def seed_procedures(agencies, options, stdout):
    wanted, wanted_documents = options.get("procedures") or 0, options.get("legal_documents") or 0
    if not (wanted or wanted_documents) or not agencies:
        return None
    now = timezone.now()
    names = [row["name"] for spec in catalogue()[1].values() for row in spec["procedures"] if not row["abolished_on"]]
    made = made_documents = 0
    for agency in agencies:
        sectors = [Sector.objects.get_or_create(agency=agency, code=code, defaults={"name": name})[0]
                   for code, name in FIELDS]
        have = Procedure.objects.filter(agency=agency, code__startswith="BULK-").count()
        new = [
            Procedure(agency=agency, code=f"BULK-{i:06d}", name=f"{names[i % len(names)]} (mẫu tải {i})",
                      sector=sectors[i % len(sectors)], level=Level.COMMUNE if i % 2 else Level.PROVINCE,
                      status=Status.PUBLISHED, published_at=now - timedelta(days=1 + i % 300),
                      applicants=APPLICANT_SETS[i % len(APPLICANT_SETS)], body=agency.name,
                      steps="<p>Bước 1: Nộp hồ sơ.</p><p>Bước 2: Nhận kết quả.</p>",
                      dossier="<ul><li>Đơn đề nghị (theo mẫu)</li></ul>", result="Văn bản trả lời")
            for i in range(have, wanted)
        ]
        Procedure.objects.bulk_create(new, batch_size=500)
        channels = []
        for i, procedure in enumerate(new, start=have):
            kinds = [ChannelKind.DIRECT] + ([ChannelKind.ONLINE] if i % 3 == 0 else [])
            days = Decimal(i % 20)
            channels += [Channel(agency=agency, procedure=procedure, kind=kind, working_days=days,
                                 time_limit=f"{int(days):02d} ngày làm việc") for kind in kinds]
        Channel.objects.bulk_create(channels, batch_size=1000)
        refresh_channel_summary([p.pk for p in new])
        made += len(new)

        have = LegalDocument.objects.filter(agency=agency, number__startswith="BULK-").count()
        documents = [
            LegalDocument(agency=agency, doc_type="quyet-dinh-ubnd", number=f"BULK-{i}/QĐ-UBND",
                          issuer="Ủy ban nhân dân tỉnh Vĩnh Long", issued_on=date(2015 + i % 11, 1 + i % 12, 1),
                          year=2015 + i % 11, summary=f"Quyết định mẫu tải số {i} về thủ tục hành chính",
                          status=Status.PUBLISHED, published_at=now - timedelta(days=2))
            for i in range(have, wanted_documents)
        ]
        LegalDocument.objects.bulk_create(documents, batch_size=500)
        made_documents += len(documents)
    stdout.write(f"Thủ tục hành chính: {made} thủ tục, {made_documents} văn bản mới (mẫu tải).")
    return None
