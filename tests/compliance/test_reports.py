"""The report to the Chairman: contents for today and a past date, XLSX, bad dates, access."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from compliance import views
from compliance.models import Finding, InspectionNote
from compliance.snapshots import take_snapshot
from portal import downloads

REPORT = "/admin/compliance/dashboard/bao-cao/"
XLSX = "/admin/compliance/dashboard/bao-cao/xlsx/"
PDF = "/admin/compliance/dashboard/bao-cao/pdf/"


@pytest.fixture
def situation(agency, other_agency, fake_sections, complete, provincial_reviewer):
    now = timezone.now()
    complete(agency, now)
    complete(other_agency, now)
    fake_sections.set("tin-tuc", other_agency, 4, now - timedelta(days=30))
    note = InspectionNote.objects.create(agency=other_agency, summary="Chưa đăng tin thường xuyên",
                                         inspector=provincial_reviewer, fix_by=timezone.localdate() + timedelta(days=5))
    Finding.objects.create(note=note, section_key="tin-tuc", state="overdue", text="Tin cũ hơn 7 ngày")
    InspectionNote.objects.create(agency=agency, summary="Đã xử lý xong", resolved=True,
                                  inspected_on=timezone.localdate() - timedelta(days=3))
    return agency, other_agency


def test_todays_report_has_summary_table_overdue_list_and_open_notes(login, provincial_reviewer, situation):
    response = login(provincial_reviewer).get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh." in html
    assert "Số cơ quan, đơn vị được kiểm tra: 2." in html
    assert "Số cơ quan đạt tất cả các chuyên mục: 1." in html
    assert "III. Các chuyên mục chưa đạt, quá hạn" in html
    overdue = html.split("III. Các chuyên mục chưa đạt")[1].split("IV.")[0]
    assert "Sở Khác tỉnh Vĩnh Long" in overdue and "(quá 7 ngày)" in overdue
    notes = html.split("IV. Biên bản")[1]
    assert "Chưa đăng tin thường xuyên" in notes and "Tin cũ hơn 7 ngày" in notes
    assert "Đã xử lý xong" not in notes  # resolved notes are not open
    assert "@page" not in html  # the print rules live in the stylesheet (CSP: no inline style)
    assert "css/compliance.css" in html


def test_past_report_reads_that_days_snapshot(login, provincial_reviewer, situation, fake_sections):
    agency, other = situation
    yesterday = timezone.now() - timedelta(days=1)
    take_snapshot(yesterday)
    fake_sections.set("tin-tuc", other, 5, timezone.now())  # fixed today: the past report must not change
    day = timezone.localtime(yesterday).date()
    html = login(provincial_reviewer).get(REPORT, {"date": day.strftime("%d/%m/%Y")}).content.decode()
    assert f"Số liệu chụp ngày {day:%d/%m/%Y}." in html
    assert "(quá 7 ngày)" in html
    today_html = login(provincial_reviewer).get(REPORT).content.decode()
    assert "Số cơ quan đạt tất cả các chuyên mục: 2." in today_html


def test_a_day_without_snapshot_says_so(login, provincial_reviewer, situation):
    day = timezone.localdate() - timedelta(days=40)
    response = login(provincial_reviewer).get(REPORT, {"date": day.isoformat()})
    assert response.status_code == 404
    assert f"Không có số liệu kiểm tra ngày {day:%d/%m/%Y}" in response.content.decode()


@pytest.mark.parametrize(("value", "message"), [
    ("31/02/2026", "Ngày báo cáo không hợp lệ"),
    ("01/01/2999", "Ngày báo cáo không được sau hôm nay"),
])
def test_bad_dates_are_refused_with_a_vietnamese_message(login, provincial_reviewer, situation, value, message):
    response = login(provincial_reviewer).get(REPORT, {"date": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert login(provincial_reviewer).get(XLSX, {"date": value}).status_code == 400


def test_xlsx_has_the_five_parts(login, provincial_reviewer, situation):
    response = login(provincial_reviewer).get(XLSX)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Tổng hợp", "Theo cơ quan", "Chi tiết", "Quá hạn", "Biên bản chưa xong"]
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Số cơ quan được kiểm tra"] == 2
    assert summary["Số cơ quan đạt tất cả chuyên mục"] == 1
    overdue = list(workbook["Quá hạn"].iter_rows(values_only=True))
    assert overdue[1][0] == "Sở Khác tỉnh Vĩnh Long" and "quá 7 ngày" in overdue[1][2]
    notes = list(workbook["Biên bản chưa xong"].iter_rows(values_only=True))
    assert len(notes) == 2 and notes[1][3] == "Chưa đăng tin thường xuyên"
    table = list(workbook["Theo cơ quan"].iter_rows(values_only=True))
    assert table[0][7] == "1. Giới thiệu chung" and len(table) == 3


def test_xlsx_numbers_and_dates_are_typed_with_filters_frozen_header_and_print_setup(login, provincial_reviewer,
                                                                                     situation):
    workbook = load_workbook(BytesIO(login(provincial_reviewer).get(XLSX).content))
    summary = workbook["Tổng hợp"]
    assert summary["B2"].is_date and summary["B2"].value.date() == timezone.localdate()
    assert summary["B2"].number_format == "dd/mm/yyyy"
    assert summary["B3"].data_type == "n" and summary["B3"].value == 2
    totals = [row for row in summary.iter_rows(min_row=9) if row[0].value]
    assert totals and all(cell.data_type == "n" for row in totals for cell in row[1:])
    table = workbook["Theo cơ quan"]
    assert [table.cell(row=r, column=c).data_type for r in (2, 3) for c in range(3, 8)] == ["n"] * 10
    details = workbook["Chi tiết"]
    rows = list(details.iter_rows(min_row=2))
    assert len(rows) == 2 * 5  # agencies x fake sections
    assert all(row[5].data_type == "n" for row in rows)  # item counts
    assert all(row[6].is_date for row in rows)  # last updated, a real date
    notes = workbook["Biên bản chưa xong"]
    assert notes["B2"].is_date and notes["B2"].number_format == "dd/mm/yyyy"
    assert notes["F2"].is_date and notes["F2"].value.date() == timezone.localdate() + timedelta(days=5)
    for sheet in workbook.worksheets:
        header = 8 if sheet.title == "Tổng hợp" else 1
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith(f"A{header}:"), sheet.title
        assert sheet.freeze_panes == f"A{header + 1}", sheet.title
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_number_and_recipients_are_printed_and_escaped(login, provincial_reviewer, situation):
    client = login(provincial_reviewer)
    html = client.get(REPORT).content.decode()
    assert "Số: ……/BC-VPUBND" in html
    assert "Chủ tịch UBND tỉnh (để báo cáo);" in html and "Nơi nhận:" in html
    response = client.get(REPORT, {"so": "125/BC-VPUBND", "noi_nhan": "- Như trên;\n<script>alert(1)</script>\nLưu: VT."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Số: 125/BC-VPUBND" in html
    assert "<li>Như trên;</li>" in html and "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>" in html
    assert "<script>alert" not in html
    assert "Chủ tịch UBND tỉnh (để báo cáo);" not in html
    # the downloads carry the same fields
    assert "bao-cao/pdf/?date=" in html and "so=125%2FBC-VPUBND" in html


@pytest.mark.parametrize(("data", "message"), [
    ({"so": "12<b>/BC"}, "Số, ký hiệu chỉ gồm chữ số"),
    ({"so": "1" * 41}, "Số, ký hiệu: tối đa 40 ký tự."),
    ({"noi_nhan": "\n".join(f"Nơi {i}" for i in range(16))}, "Nơi nhận: tối đa 15 dòng."),
])
def test_bad_number_or_recipients_are_refused_naming_the_field(login, provincial_reviewer, situation, data, message):
    client = login(provincial_reviewer)
    response = client.get(REPORT, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.get(PDF, data).status_code == 400


needs_pdf = pytest.mark.skipif(downloads.pdf_engine_error() is not None, reason="PDF engine (WeasyPrint) missing")


@needs_pdf
def test_pdf_has_the_agencies_number_and_recipients(login, provincial_reviewer, situation):
    response = login(provincial_reviewer).get(PDF, {"so": "7/BC-VPUBND", "noi_nhan": "Như trên;\nLưu: VT."})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-kiem-tra-{timezone.localdate():%Y-%m-%d}.pdf"'
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in ("Sở Thử nghiệm tỉnh Vĩnh Long", "Sở Khác tỉnh Vĩnh Long", "Số: 7/BC-VPUBND", "Nơi nhận:",
                     "Như trên;", "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh.", "Chưa đăng tin thường xuyên"):
        assert expected in text, expected
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("Be-Vietnam-Pro" in name for name in fonts), fonts


def test_the_page_says_when_the_pdf_engine_is_missing(login, provincial_reviewer, situation, monkeypatch):
    monkeypatch.setattr(views, "pdf_engine_error", lambda: "OSError: cannot load library 'libpango-1.0-0'")
    client = login(provincial_reviewer)
    html = client.get(REPORT).content.decode()
    assert "Chưa tải được PDF: máy chủ chưa cài bộ tạo PDF (WeasyPrint và thư viện Pango)" in html
    assert "bao-cao/pdf/" not in html
    response = client.get(PDF)
    assert response.status_code == 503
    assert "Máy chủ chưa cài bộ tạo PDF" in response.content.decode()


def test_a_past_day_without_snapshot_has_no_pdf(login, provincial_reviewer, situation):
    day = timezone.localdate() - timedelta(days=40)
    assert login(provincial_reviewer).get(PDF, {"date": day.isoformat()}).status_code == 404


def test_agency_staff_cannot_open_the_report(login, approver, other_editor, situation):
    for user in (approver, other_editor):
        assert login(user).get(REPORT).status_code == 403
        assert login(user).get(XLSX).status_code == 403
        assert login(user).get(PDF).status_code == 403
