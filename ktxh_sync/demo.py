"""Demo data for section 7 (DỮ LIỆU MẪU): the catalogue, feeds run through the real sync, reports.

The province's main indicators (24 months, 8 quarters, 3 years) come from the shipped sample files
in ``ktxh_sync/samples/`` through ``sync.run_source``, like a cron run; the Department of Culture's
tourism figures go through the admin import path (``parse_xlsx`` → ``validate_rows`` →
``apply_rows``). Running it twice changes nothing: the second sync finds every row unchanged.
"""

from datetime import timedelta

from django.core.files.base import ContentFile

from portal.publishing import Status

from .models import Frequency, Group, Indicator, IntegratedGroup, Report, Source
from .parsers import parse_xlsx
from .samplegen import CATALOGUE, SAMPLES_DIR
from .sync import apply_rows, run_source, validate_rows

MONTHLY_MAPPING = {
    "indicator_dimension": "ChiTieu", "period_dimension": "Ky", "measure_dimension": "DoLuong",
    "measures": {"KyBaoCao": "value", "LuyKe": "cumulative", "SoCungKy": "change_yoy"},
    "filters": {"DiaBan": "86"}, "estimate_statuses": ["e"],
}
QUARTERLY_MAPPING = {**MONTHLY_MAPPING, "measures": {"KyBaoCao": "value", "LuyKe": "cumulative"}}
STATISTICS_OFFICE = "Cục Thống kê tỉnh Vĩnh Long (dữ liệu mẫu)"

# agency, name, kind, file, mapping, shown source name
SOURCES = [
    ("vp-ubnd", "Chỉ tiêu tháng — PX-Web (mẫu)", Source.Kind.JSONSTAT, "vp-ubnd-thang.jsonstat.json",
     MONTHLY_MAPPING, STATISTICS_OFFICE),
    ("vp-ubnd", "Tăng trưởng GRDP theo quý — PX-Web (mẫu)", Source.Kind.JSONSTAT, "vp-ubnd-quy.jsonstat.json",
     QUARTERLY_MAPPING, STATISTICS_OFFICE),
    ("vp-ubnd", "Chỉ tiêu năm — CSV (mẫu)", Source.Kind.CSV, "vp-ubnd-nam.csv", {}, STATISTICS_OFFICE),
    ("so-tai-chinh", "Thu, chi ngân sách và giải ngân — JSON (mẫu)", Source.Kind.JSON, "so-tai-chinh-ngan-sach.json",
     {}, "Sở Tài chính tỉnh Vĩnh Long (dữ liệu mẫu)"),
    ("so-nnmt", "Sản lượng nông nghiệp theo quý — CSV (mẫu)", Source.Kind.CSV, "so-nnmt-quy.csv", {},
     "Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long (dữ liệu mẫu)"),
]

# agency, title, frequency, period text, summary
# Each department's field: the groups of the province's indicators its section 7 shows (communes and
# the rest show the province's main indicators only).
FIELDS = {
    "so-cong-thuong": [Group.INDUSTRY, Group.TRADE, Group.PRICES],
    "so-tai-chinh": [Group.BUDGET, Group.INVESTMENT, Group.PRICES],
    "so-nnmt": [Group.AGRICULTURE],
    "so-xay-dung": [Group.INDUSTRY, Group.INVESTMENT],
    "so-khcn": [Group.INDUSTRY],
    "so-y-te": [Group.SOCIETY],
    "so-gddt": [Group.SOCIETY],
    "so-noi-vu": [Group.SOCIETY],
    "so-vhttdl": [Group.SOCIETY, Group.TRADE],
    "thanh-tra-tinh": [Group.BUDGET, Group.INVESTMENT],
}

REPORTS = [
    ("vp-ubnd", "Báo cáo tình hình kinh tế - xã hội tháng 11 năm 2026 (dữ liệu mẫu)", Frequency.MONTH, "2026-11-01",
     "Sản xuất công nghiệp tiếp tục tăng; tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước tăng khá "
     "so với cùng kỳ; kim ngạch xuất khẩu duy trì đà tăng. Số liệu tháng 11 là số ước tính. (Báo cáo mẫu.)"),
    ("vp-ubnd", "Báo cáo tình hình kinh tế - xã hội tháng 10 năm 2026 (dữ liệu mẫu)", Frequency.MONTH, "2026-10-01",
     "Tình hình kinh tế - xã hội tháng 10 ổn định; thu ngân sách đạt khá so với dự toán. (Báo cáo mẫu.)"),
    ("vp-ubnd", "Báo cáo tình hình kinh tế - xã hội quý III và 9 tháng năm 2026 (dữ liệu mẫu)", Frequency.QUARTER,
     "2026-07-01", "Tốc độ tăng GRDP 9 tháng ước đạt trên 7%; khu vực công nghiệp và xây dựng tăng cao nhất. "
                   "(Báo cáo mẫu.)"),
    ("vp-ubnd", "Báo cáo tình hình kinh tế - xã hội năm 2025 (dữ liệu mẫu)", Frequency.YEAR, "2025-01-01",
     "Tổng kết tình hình thực hiện các chỉ tiêu kinh tế - xã hội năm 2025 của tỉnh. (Báo cáo mẫu.)"),
    ("so-tai-chinh", "Báo cáo tình hình thu, chi ngân sách tháng 11 năm 2026 (dữ liệu mẫu)", Frequency.MONTH,
     "2026-11-01", "Thu ngân sách nhà nước trên địa bàn lũy kế 11 tháng đạt khá so với dự toán. (Báo cáo mẫu.)"),
]


def sample_pdf(title: str) -> bytes:
    """A one-page PDF saying it is a sample (ASCII text: the base PDF fonts have no Vietnamese)."""
    text = f"BAO CAO MAU - DU LIEU MAU: {title}".encode("ascii", "replace").decode()[:90]
    text = text.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 50 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def load_catalogue(context=None):
    fields = ("name", "name_en", "unit", "frequency", "group", "decimals", "direction", "change_kind", "chart",
              "is_main", "method_note")
    for order, (code, *values) in enumerate(CATALOGUE, start=1):
        defaults = dict(zip(fields, values, strict=True))
        defaults["order"] = order * 10
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            Indicator.objects.create(code=code, **defaults)
        elif any(getattr(indicator, k) != v for k, v in defaults.items()):
            for key, value in defaults.items():
                setattr(indicator, key, value)
            indicator.save()


def load_ktxh(context):
    load_catalogue(context)
    agencies = context.agencies
    for slug, name, kind, filename, mapping, shown in SOURCES:
        agency = agencies.get(slug)
        if agency is None:
            continue
        url = (SAMPLES_DIR / filename).as_uri()
        source, _ = Source.objects.get_or_create(agency=agency, name=name, defaults={
            "kind": kind, "url": url, "mapping": mapping, "source_name": shown})
        if (source.kind, source.url, source.mapping, source.source_name) != (kind, url, mapping, shown):
            source.kind, source.url, source.mapping, source.source_name = kind, url, mapping, shown
            source.save()
        report = run_source(source, now=context.now)
        context.log(f"  KTXH [{slug}] {report.summary()}")
    tourism = agencies.get("so-vhttdl")
    if tourism is not None:
        parsed = parse_xlsx((SAMPLES_DIR / "so-vhttdl-du-lich.xlsx").read_bytes())
        validated = validate_rows(parsed.rows, context.now.date())
        if validated.errors:
            raise ValueError(validated.errors)
        counts = apply_rows(tourism, validated.rows, source_name="Sở Văn hóa, Thể thao và Du lịch (dữ liệu mẫu)",
                            now=context.now)
        context.log(f"  KTXH [so-vhttdl] nhập Excel: tạo mới {counts.created}, cập nhật {counts.updated}, "
                    f"không đổi {counts.unchanged}")
    for index, (slug, title, frequency, period, summary) in enumerate(REPORTS):
        agency = agencies.get(slug)
        if agency is None:
            continue
        report, created = Report.objects.get_or_create(agency=agency, title=title, defaults={
            "frequency": frequency, "period": period, "summary": summary, "status": Status.PUBLISHED,
            "published_at": context.now - timedelta(days=3 + 20 * index)})
        if created:
            report.file.save("bao-cao-mau.pdf", ContentFile(sample_pdf(title)), save=True)
    for slug, groups in FIELDS.items():
        if slug in agencies:
            for group in groups:
                IntegratedGroup.objects.get_or_create(agency=agencies[slug], group=group)
    office = agencies.get("vp-ubnd")
    if office is not None:
        Report.objects.get_or_create(agency=office, title="Dự thảo báo cáo tháng 12 năm 2026 (bản nháp, dữ liệu mẫu)",
                                     defaults={"frequency": Frequency.MONTH, "period": "2026-12-01",
                                               "summary": "Bản nháp: chưa xuất bản.", "status": Status.DRAFT})
