"""Demo data of section 4 (sample data): each department's and each commune's procedures with their
channel tables, a generated sample form each, and the legal documents they cite.

The catalogue is data, in ``demo_catalogue/`` (CSV with named columns, one row a thing):
``documents.csv`` the legal documents (by a short key), ``fields.csv`` each catalogue's fields
(lĩnh vực) and the documents their procedures cite, ``procedures.csv`` the procedures of each
catalogue (a department's slug, or ``commune`` for the list every commune shares) with their sample
code, working days, fee, channels (``truc-tiep truc-tuyen buu-chinh``), applicants (the keys of
``Applicant``), result and, for abolished ones, the date and the decision.

The documents and the procedures of each agency go in through the importer officers use
(``procedures.importers.run_import``, as CSV files in its own columns), so the demo exercises it;
what the importer does not carry (the sectors' order, the province's announcement with its file,
the sample forms, related procedures, the publishing state) is written here.

Idempotent: the importer matches procedures on their code and documents on issuer + number + year
and skips unchanged rows; the rest is matched on natural keys and only written when something
differs, so a second ``load_demo`` changes nothing.
"""

import csv
import io
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.core.files.base import ContentFile
from django.db.models import Model

from agencies.models import Agency
from portal.importing.files import CSVFormat
from portal.publishing import Status

from . import importers
from .importers import columns as col
from .models import ChannelKind, FormTemplate, LegalDocument, Level, Procedure, Sector
from .samples import FORM_LINES, docx_bytes

CATALOGUE_DIR = Path(__file__).with_name("demo_catalogue")
COMMUNE_CATALOGUE = "commune"
GENERAL_DOCUMENTS = ["nd63", "nd92", "nd61", "nd107", "nd45"]
SAMPLE_NOTE = "<p><em>Dữ liệu mẫu để trình diễn cổng thông tin; không dùng để thực hiện thủ tục.</em></p>"
CHANNEL_NOTES = {
    ChannelKind.DIRECT: "Nộp hồ sơ trong giờ hành chính các ngày làm việc.",
    ChannelKind.ONLINE: "Nộp hồ sơ qua Cổng Dịch vụ công quốc gia hoặc Hệ thống thông tin giải quyết thủ tục "
                        "hành chính tỉnh.",
    ChannelKind.POSTAL: "Nộp hồ sơ và nhận kết quả qua dịch vụ bưu chính công ích.",
}
DVC_URL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"


def _read(name):
    with open(CATALOGUE_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def catalogue():
    """(documents by key, {catalogue: {"fields": {code: (name, [document keys])}, "procedures": [row]}})."""
    documents = {row["key"]: row for row in _read("documents.csv")}
    catalogues = {}
    for row in _read("fields.csv"):
        spec = catalogues.setdefault(row["catalogue"], {"fields": {}, "procedures": []})
        spec["fields"][row["code"]] = (row["name"], row["documents"].split())
    for row in _read("procedures.csv"):
        catalogues[row["catalogue"]]["procedures"].append(row)
    return documents, catalogues


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


def _cell_date(day):
    return day.strftime("%d/%m/%Y") if day else ""


def _document_row(row):
    """A row of the legal-document import file, in the importer's own columns."""
    return {col.DOC_TYPE: row["type"], col.DOC_NUMBER: row["number"], col.DOC_ISSUER: row["issuer"],
            col.DOC_SIGNER: row["signer"], col.DOC_ISSUED: _cell_date(date.fromisoformat(row["issued_on"])),
            col.DOC_EFFECTIVE: _cell_date(row["effective_on"] and date.fromisoformat(row["effective_on"])),
            col.DOC_VALIDITY: row["validity"],
            col.DOC_LAPSED: _cell_date(row["lapsed_on"] and date.fromisoformat(row["lapsed_on"])),
            col.DOC_SUMMARY: row["summary"]}


def _import(resource_class, agency, columns, rows):
    """Write ``rows`` as a CSV file and import it as an officer's file would be (all or nothing)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    report = importers.run_import(resource_class, agency, buffer.getvalue().encode("utf-8"), CSVFormat,
                                  dry_run=False)
    if not report.ok:
        raise RuntimeError(f"Demo catalogue refused by the importer for {agency.slug}: {report.errors}")
    return report


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


def _load_agency(context, agency, spec, documents, kind, limit=None):
    sectors = {}
    for order, (code, (name, _keys)) in enumerate(spec["fields"].items()):
        sector = Sector.objects.filter(agency=agency, code=code).first() or Sector(agency=agency, code=code)
        sectors[code] = _save_if_changed(sector, {"name": name, "order": (order + 1) * 10})
    announcement = _announcement(context, agency, kind)

    # the legal documents, through the importer; new ones are published as of their issue date
    keys = list(GENERAL_DOCUMENTS)
    for _name, doc_keys in spec["fields"].values():
        keys += [key for key in doc_keys if key not in keys]
    stored = set(LegalDocument.objects.filter(agency=agency).values_list("pk", flat=True))
    _import(importers.LegalDocumentResource, agency, importers.DOCUMENT_COLUMNS[:9],
            [_document_row(documents[key]) for key in keys])
    for document in LegalDocument.objects.filter(agency=agency).exclude(pk__in=stored):
        _save_if_changed(document, {"status": Status.PUBLISHED, "published_at": date_to_datetime(document.issued_on)})

    # the procedures, through the importer; the last two new ones of a list show the workflow
    active = [row for row in spec["procedures"] if not row["abolished_on"]]
    active = active[:limit] if limit else active
    abolished = [row for row in spec["procedures"] if row["abolished_on"]]
    level = Level.COMMUNE if kind == "commune" else Level.PROVINCE
    existing = set(Procedure.objects.filter(agency=agency).values_list("code", flat=True))
    _import(importers.ProcedureResource, agency, importers.PROCEDURE_COLUMNS,
            [_procedure_row(agency, row, level, spec, documents, announcement) for row in active + abolished])
    procedures = {p.code: p for p in Procedure.objects.filter(agency=agency, code__in=[r["code"] for r in
                                                                                      active + abolished])}
    created = 0
    for index, row in enumerate(active):
        proc = procedures[row["code"]]
        if row["code"] not in existing:
            status = (Status.DRAFT if index == len(active) - 1 else Status.PENDING if index == len(active) - 2
                      else Status.PUBLISHED)
            _save_if_changed(proc, {"status": status, "published_at": context.now - timedelta(days=60 - index)
                                    if status == Status.PUBLISHED else None})
            created += 1
    for row in abolished:
        if row["code"] not in existing:
            _save_if_changed(procedures[row["code"]], {"status": Status.PUBLISHED,
                                                       "published_at": context.now - timedelta(days=400)})

    # what the importer does not carry: a sample form each, and the previous procedure of the field
    forms = set(FormTemplate.objects.filter(agency=agency).values_list("procedure_id", "title"))
    previous_in_field = {}
    for row in active:
        proc, title = procedures[row["code"]], form_title(row["name"])
        if (proc.pk, title) not in forms:
            form = FormTemplate(agency=agency, procedure=proc, title=title)
            form.file.save("mau-don.docx", ContentFile(docx_bytes(title.replace(" (tệp mẫu)", ""), FORM_LINES)),
                           save=False)
            form.save()
        related = previous_in_field.get(row["field"])
        if related is not None and set(proc.related.values_list("pk", flat=True)) != {related.pk}:
            proc.related.set([related])
        previous_in_field[row["field"]] = proc
    return created


def _procedure_row(agency, row, level, spec, documents, announcement):
    """A row of the procedure import file, in the importer's own columns."""
    kinds = row["channels"].split()
    cells = {col.CODE: row["code"], col.NAME: row["name"], col.SECTOR_CODE: row["field"],
             col.SECTOR: spec["fields"][row["field"]][0], col.LEVEL: Level(level).label,
             col.STEPS: steps_html(agency, kinds), col.APPLICANTS: "; ".join(row["applicants"].split()),
             col.BODY: agency.name, col.RESULT: row["result"], col.COPIES: "1"}
    if row["abolished_on"]:
        cells.update({col.ABOLISHED_ON: _cell_date(date.fromisoformat(row["abolished_on"])),
                      col.ABOLITION: row["abolition_decision"]})
        return cells
    cited = [announcement.number] + [documents[key]["number"] for key in spec["fields"][row["field"]][1]]
    cells.update({col.DOSSIER: dossier_html(row["name"]), col.CONDITIONS: conditions_html(row["name"], row["fee"]),
                  col.LEGAL_BASIS: "\n".join(cited), col.EFFECTIVE_ON: _cell_date(announcement.issued_on),
                  col.ONLINE_URL: DVC_URL.format(code=row["code"]) if ChannelKind.ONLINE in kinds else ""})
    for kind in kinds:
        cells.update({col.channel_column(kind, "time_limit"): time_limit_text(int(row["working_days"])),
                      col.channel_column(kind, "working_days"): row["working_days"],
                      col.channel_column(kind, "fee"): row["fee"],
                      col.channel_column(kind, "description"): CHANNEL_NOTES[kind]})
    return cells


def load_procedures(context):
    documents, catalogues = catalogue()
    total = 0
    for slug, agency in context.agencies.items():
        if not agency.is_active:
            continue
        if slug in catalogues and slug != COMMUNE_CATALOGUE:
            total += _load_agency(context, agency, catalogues[slug], documents, "department")
        elif agency.kind == Agency.Kind.COMMUNE:
            # The commune that joined 20 days ago has entered only part of its list so far.
            total += _load_agency(context, agency, catalogues[COMMUNE_CATALOGUE], documents, "commune",
                                  limit=15 if slug == "xa-cau-ngang" else None)
    context.log(f"Thủ tục hành chính: {total} thủ tục mới (dữ liệu mẫu).")
