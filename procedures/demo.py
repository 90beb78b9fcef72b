"""Demo data of section 4 (sample data): each department's and each commune's procedures with their
channel tables, a generated sample form each, and the legal documents they cite.

Idempotent: rows are matched on natural keys (field code, document number, procedure code, channel
kind, form title) and only written when something differs, so a second ``load_demo`` changes nothing.
"""

import zlib
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Model

from agencies.models import Agency
from portal.publishing import Status
from portal.sanitize import sanitize_html

from .demo_data import APPLICANTS, COMMUNE, DEPARTMENTS, DOCUMENTS
from .models import (
    Applicant,
    Channel,
    ChannelKind,
    FormTemplate,
    LegalBasis,
    LegalDocument,
    Level,
    Procedure,
    Sector,
)
from .samples import FORM_LINES, docx_bytes

GENERAL_DOCUMENTS = ["nd63", "nd92", "nd61", "nd107", "nd45"]
SAMPLE_NOTE = "<p><em>Dữ liệu mẫu để trình diễn cổng thông tin; không dùng để thực hiện thủ tục.</em></p>"
CHANNEL_LETTERS = {"T": ChannelKind.DIRECT, "O": ChannelKind.ONLINE, "B": ChannelKind.POSTAL}
CHANNEL_NOTES = {
    ChannelKind.DIRECT: "Nộp hồ sơ trong giờ hành chính các ngày làm việc.",
    ChannelKind.ONLINE: "Nộp hồ sơ qua Cổng Dịch vụ công quốc gia hoặc Hệ thống thông tin giải quyết thủ tục "
                        "hành chính tỉnh.",
    ChannelKind.POSTAL: "Nộp hồ sơ và nhận kết quả qua dịch vụ bưu chính công ích.",
}
DVC_URL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"


def _differs(obj, key, value):
    if isinstance(value, Model):  # compare relations by id: an unsaved row has no related object yet
        return getattr(obj, f"{key}_id") != value.pk
    return getattr(obj, key) != value


def _save_if_changed(obj, values):
    changed = [key for key, value in values.items() if _differs(obj, key, value)]
    for key in changed:
        setattr(obj, key, values[key])
    if changed or obj.pk is None:
        obj.save()
    return obj


def sample_code(name, taken):
    """A stable sample code in the national format (x.xxxxxx), unique within the agency."""
    number = zlib.crc32(name.encode()) % 900000 + 1000
    code = f"{1 + number % 2}.{number:06d}"
    while code in taken:
        number += 1
        code = f"{1 + number % 2}.{number:06d}"
    taken.add(code)
    return code


def time_limit_text(days):
    if days == 0:
        return "Trong ngày làm việc (hồ sơ nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo)"
    return f"{days:02d} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"


def form_title(name):
    lowered = name[0].lower() + name[1:]
    return f"{'Tờ khai' if name.startswith('Đăng ký') else 'Đơn đề nghị'} {lowered} (tệp mẫu)"


def steps_html(agency, channels):
    commune = agency.kind == Agency.Kind.COMMUNE
    place = (f"Bộ phận Một cửa của {agency.name}" if commune
             else "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long")
    ways = [f"trực tiếp tại {place}"]
    if ChannelKind.ONLINE in channels:
        ways.append("trực tuyến qua Cổng Dịch vụ công quốc gia")
    if ChannelKind.POSTAL in channels:
        ways.append("qua dịch vụ bưu chính công ích")
    return (
        f"<p><strong>Bước 1:</strong> Tổ chức, cá nhân chuẩn bị hồ sơ đầy đủ theo quy định và nộp "
        f"{', '.join(ways)}.</p>"
        "<p><strong>Bước 2:</strong> Công chức tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ, hợp lệ thì cấp Giấy tiếp "
        "nhận hồ sơ và hẹn trả kết quả; hồ sơ chưa đầy đủ thì hướng dẫn bổ sung, hoàn thiện một lần bằng văn bản.</p>"
        f"<p><strong>Bước 3:</strong> {agency.short_name} thẩm định và giải quyết hồ sơ trong thời hạn quy định; "
        "trường hợp không giải quyết thì trả lời bằng văn bản và nêu rõ lý do.</p>"
        "<p><strong>Bước 4:</strong> Tổ chức, cá nhân nhận kết quả tại nơi nộp hồ sơ, qua dịch vụ bưu chính hoặc "
        "trên Cổng Dịch vụ công quốc gia.</p>" + SAMPLE_NOTE
    )


def dossier_html(name):
    return (
        "<ul>"
        f"<li>{form_title(name).replace(' (tệp mẫu)', '')} (theo mẫu);</li>"
        "<li>Giấy tờ chứng minh nhân thân (đối với cá nhân) hoặc giấy tờ pháp lý của tổ chức (bản sao có chứng "
        "thực hoặc bản chụp kèm bản chính để đối chiếu);</li>"
        "<li>Các giấy tờ chứng minh đáp ứng điều kiện theo quy định của pháp luật chuyên ngành (nếu có).</li>"
        "</ul>"
    )


def conditions_html(name, fee):
    if any(word in name.lower() for word in ("giấy phép", "chứng chỉ", "đủ điều kiện", "thành lập")):
        return ("<p>Đáp ứng các điều kiện theo quy định của văn bản pháp luật chuyên ngành nêu tại mục căn cứ "
                "pháp lý.</p>")
    return ""


def _document(agency, key):
    doc_type, number, issuer, signer, issued, effective, summary, validity, lapsed = DOCUMENTS[key]
    obj = LegalDocument.objects.filter(agency=agency, issuer=issuer, number=number, year=issued.year).first()
    values = {"doc_type": doc_type, "signer": signer, "issued_on": issued, "effective_on": effective,
              "summary": summary, "validity": validity or "con-hieu-luc", "lapsed_on": lapsed}
    if obj is None:
        obj = LegalDocument(agency=agency, issuer=issuer, number=number, status=Status.PUBLISHED,
                            published_at=date_to_datetime(issued))
    return _save_if_changed(obj, values)


def date_to_datetime(day):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(max(day, date(2020, 1, 1)), time(8, 0)))


def _announcement(context, agency, spec_kind):
    """The province's (sample) decision announcing the agency's list of procedures."""
    commune = spec_kind == "commune"
    number = "1520/QĐ-UBND" if commune else f"{1400 + agency.order // 10}/QĐ-UBND"
    issued = date(2025, 7, 15) if commune else date(2025, 7, 1) + timedelta(days=agency.order // 10)
    scope = ("thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã trên địa bàn tỉnh Vĩnh Long" if commune
             else f"thuộc phạm vi chức năng quản lý của {agency.name}")
    obj = LegalDocument.objects.filter(agency=agency, issuer="Ủy ban nhân dân tỉnh Vĩnh Long", number=number,
                                       year=issued.year).first()
    values = {"doc_type": "quyet-dinh", "signer": "Nguyễn Văn An (dữ liệu mẫu)", "issued_on": issued,
              "effective_on": issued, "validity": "con-hieu-luc", "lapsed_on": None,
              "summary": f"Về việc công bố danh mục thủ tục hành chính được chuẩn hóa {scope} (dữ liệu mẫu)"}
    if obj is None:
        obj = LegalDocument(agency=agency, issuer="Ủy ban nhân dân tỉnh Vĩnh Long", number=number,
                            status=Status.PUBLISHED, published_at=date_to_datetime(issued))
        obj.file.save("quyet-dinh-mau.docx", ContentFile(docx_bytes(
            f"Quyết định số {number} (dữ liệu mẫu)", [values["summary"]],
            heading="ỦY BAN NHÂN DÂN TỈNH VĨNH LONG")), save=False)
    return _save_if_changed(obj, values)


def _load_agency(context, agency, spec, kind, limit=None):
    sectors = {}
    for order, (code, (name, _keys)) in enumerate(spec["fields"].items()):
        sector = Sector.objects.filter(agency=agency, code=code).first() or Sector(agency=agency, code=code)
        sectors[code] = _save_if_changed(sector, {"name": name, "order": (order + 1) * 10})
    keys = list(GENERAL_DOCUMENTS)
    for _name, doc_keys in spec["fields"].values():
        keys += [key for key in doc_keys if key not in keys]
    documents = {key: _document(agency, key) for key in keys}
    announcement = _announcement(context, agency, kind)

    existing = {p.code: p for p in Procedure.objects.filter(agency=agency)}
    channels = {}
    for channel in Channel.objects.filter(agency=agency):
        channels.setdefault(channel.procedure_id, {})[channel.kind] = channel
    bases = set(LegalBasis.objects.filter(agency=agency).values_list("procedure_id", "document_id"))
    forms = set(FormTemplate.objects.filter(agency=agency).values_list("procedure_id", "title"))
    taken, previous_in_field = set(), {}
    rows = spec["procedures"][:limit] if limit else spec["procedures"]
    level = Level.COMMUNE if kind == "commune" else Level.PROVINCE
    created = 0
    for index, (name, field_code, days, fee, letters, applicants, result) in enumerate(rows):
        code = sample_code(name, taken)
        kinds = [CHANNEL_LETTERS[letter] for letter in letters]
        values = {
            "name": name, "sector": sectors[field_code], "level": level,
            # stored as the sanitizer and the field store them, so that an unchanged row compares equal
            "steps": sanitize_html(steps_html(agency, kinds)), "dossier": sanitize_html(dossier_html(name)),
            "dossier_copies": 1, "applicants": _applicants(applicants), "body": agency.name, "result": result,
            "conditions": sanitize_html(conditions_html(name, fee)), "effective_on": announcement.issued_on,
            "online_url": DVC_URL.format(code=code) if ChannelKind.ONLINE in kinds else "",
        }
        proc = existing.get(code)
        if proc is None:
            # the last two of each list show the workflow: one pending, one draft
            status = (Status.DRAFT if index == len(rows) - 1 else Status.PENDING if index == len(rows) - 2
                      else Status.PUBLISHED)
            proc = Procedure(agency=agency, code=code, status=status,
                             published_at=context.now - timedelta(days=60 - index) if status == Status.PUBLISHED
                             else None)
            created += 1
        _save_if_changed(proc, values)
        _channels(proc, kinds, days, fee, channels.get(proc.pk, {}))
        for order, document in enumerate([announcement] + [documents[k] for k in spec["fields"][field_code][1]]):
            if (proc.pk, document.pk) not in bases:
                LegalBasis.objects.create(agency=agency, procedure=proc, document=document, order=order)
        title = form_title(name)
        if (proc.pk, title) not in forms:
            form = FormTemplate(agency=agency, procedure=proc, title=title)
            form.file.save("mau-don.docx", ContentFile(docx_bytes(title.replace(" (tệp mẫu)", ""), FORM_LINES)),
                           save=False)
            form.save()
        related = previous_in_field.get(field_code)
        if related is not None and set(proc.related.values_list("pk", flat=True)) != {related.pk}:
            proc.related.set([related])
        previous_in_field[field_code] = proc

    for name, field_code, decision, abolished_on in spec.get("abolished", []):
        code = sample_code(name, taken)
        proc = existing.get(code) or Procedure(agency=agency, code=code, status=Status.PUBLISHED,
                                               published_at=context.now - timedelta(days=400))
        _save_if_changed(proc, {
            "name": name, "sector": sectors[field_code], "level": level,
            "steps": sanitize_html(steps_html(agency, [])),
            "body": agency.name, "result": "Không còn áp dụng", "abolished_on": abolished_on,
            "abolition_decision": decision, "applicants": ["cong-dan"],
        })
    return created


def _applicants(codes):
    keys = {APPLICANTS[code] for code in codes.split()}
    return [key for key in Applicant.values if key in keys]


def _channels(proc, kinds, days, fee, stored):
    for kind, channel in stored.items():
        if kind not in kinds:
            channel.delete()
    for kind in kinds:
        channel = stored.get(kind) or Channel(agency_id=proc.agency_id, procedure=proc, kind=kind)
        _save_if_changed(channel, {
            "time_limit": time_limit_text(days), "working_days": Decimal(days), "fee": fee,
            "description": CHANNEL_NOTES[kind],
        })


def load_procedures(context):
    total = 0
    for slug, agency in context.agencies.items():
        if not agency.is_active:
            continue
        if slug in DEPARTMENTS:
            total += _load_agency(context, agency, DEPARTMENTS[slug], "department")
        elif agency.kind == Agency.Kind.COMMUNE:
            # The commune that joined 20 days ago has entered only part of its list so far.
            total += _load_agency(context, agency, COMMUNE, "commune", limit=15 if slug == "xa-cau-ngang" else None)
    context.log(f"Thủ tục hành chính: {total} thủ tục mới (dữ liệu mẫu).")
