"""Procedures, fields and legal documents that read like the domain."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.publishing import Status
from procedures.models import (
    Channel,
    ChannelKind,
    FormTemplate,
    LegalBasis,
    LegalDocument,
    Level,
    Procedure,
    Sector,
    refresh_channel_summary,
)
from procedures.samples import docx_bytes


def sector(agency, code="HT", name="Hộ tịch"):
    obj, _created = Sector.objects.get_or_create(agency=agency, code=code, defaults={"name": name})
    return obj


def procedure(agency, name="Đăng ký khai sinh", code="", *, field=None, level=Level.COMMUNE, status=Status.PUBLISHED,
              published_at=None, channels=(("truc-tiep", 1),), applicants=("cong-dan",), **extra):
    """A procedure, published by default, with a channel table of (kind, working days)."""
    obj = Procedure.objects.create(
        agency=agency, name=name, code=code, sector=field or sector(agency), level=level, status=status,
        published_at=published_at or (timezone.now() - timedelta(days=1) if status == Status.PUBLISHED else None),
        applicants=list(applicants), steps="<p>Bước 1: nộp hồ sơ.</p>", dossier="<ul><li>Tờ khai</li></ul>",
        body=agency.name, result="Giấy khai sinh", **extra)
    for kind, days in channels:
        Channel.objects.create(agency=agency, procedure=obj, kind=kind, working_days=Decimal(str(days)),
                               time_limit=f"{days} ngày làm việc", fee="Miễn lệ phí")
    obj.refresh_from_db()
    return obj


def document(agency, number="63/2010/NĐ-CP", issuer="Chính phủ", issued_on=date(2010, 6, 8), *,
             status=Status.PUBLISHED, doc_type="nghi-dinh", summary="Về kiểm soát thủ tục hành chính", **extra):
    return LegalDocument.objects.create(
        agency=agency, number=number, issuer=issuer, issued_on=issued_on, doc_type=doc_type, summary=summary,
        status=status, published_at=timezone.now() - timedelta(days=1) if status == Status.PUBLISHED else None,
        **extra)


def cite(proc, doc, note=""):
    return LegalBasis.objects.create(agency=proc.agency, procedure=proc, document=doc, note=note)


def form(proc, title="Tờ khai đăng ký khai sinh"):
    obj = FormTemplate(agency=proc.agency, procedure=proc, title=title)
    obj.file.save("to-khai.docx", ContentFile(docx_bytes(title, ["Họ và tên: ..........."])), save=False)
    obj.save()
    return obj


def many_procedures(agency, count, *, prefix="Thủ tục số", field=None):
    """``count`` published procedures with a channel each, through bulk_create (fast)."""
    field = field or sector(agency)
    when = timezone.now() - timedelta(days=1)
    objs = Procedure.objects.bulk_create([
        Procedure(agency=agency, name=f"{prefix} {i}", code=f"9.{i:06d}", sector=field,
                  level=Level.PROVINCE if i % 2 else Level.COMMUNE, status=Status.PUBLISHED, published_at=when,
                  applicants=["cong-dan"] if i % 3 else ["doanh-nghiep"])
        for i in range(count)
    ], batch_size=500)
    Channel.objects.bulk_create([
        Channel(agency=agency, procedure=p, kind=ChannelKind.ONLINE if i % 4 == 0 else ChannelKind.DIRECT,
                time_limit="5 ngày làm việc", working_days=Decimal(5 + i % 10))
        for i, p in enumerate(objs)
    ], batch_size=500)
    refresh_channel_summary([p.pk for p in objs])
    return objs
