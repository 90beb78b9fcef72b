"""The report to the Chairman: contents for today and a past date, XLSX, bad dates, access."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from compliance.models import Finding, InspectionNote
from compliance.snapshots import take_snapshot

REPORT = "/admin/compliance/dashboard/bao-cao/"
XLSX = "/admin/compliance/dashboard/bao-cao/xlsx/"


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


def test_xlsx_has_the_four_parts(login, provincial_reviewer, situation):
    response = login(provincial_reviewer).get(XLSX)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Tổng hợp", "Theo cơ quan", "Quá hạn", "Biên bản chưa xong"]
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Số cơ quan được kiểm tra"] == 2
    assert summary["Số cơ quan đạt tất cả chuyên mục"] == 1
    overdue = list(workbook["Quá hạn"].iter_rows(values_only=True))
    assert overdue[1][0] == "Sở Khác tỉnh Vĩnh Long" and "quá 7 ngày" in overdue[1][2]
    notes = list(workbook["Biên bản chưa xong"].iter_rows(values_only=True))
    assert len(notes) == 2 and notes[1][3] == "Chưa đăng tin thường xuyên"
    table = list(workbook["Theo cơ quan"].iter_rows(values_only=True))
    assert table[0][3] == "1. Giới thiệu chung" and len(table) == 3


def test_agency_staff_cannot_open_the_report(login, approver, other_editor, situation):
    for user in (approver, other_editor):
        assert login(user).get(REPORT).status_code == 403
        assert login(user).get(XLSX).status_code == 403
