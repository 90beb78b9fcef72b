"""The report to the Chairman for a chosen date: summary figures, the table by agency and section,
the overdue list with reasons and the open inspection notes, as printable HTML and as XLSX.

Today's report is evaluated live; a past date reads that day's snapshots, so the report says what
was found that day and not what is true now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _t

from agencies.models import Agency
from portal.downloads import DATE_FORMAT, excel_value, format_table, xlsx_bytes

from .models import InspectionNote, Snapshot
from .review import Review, review_agencies, review_from_snapshots


@dataclass
class Report:
    day: date
    review: Review | None  # None: no snapshot was taken that day
    notes: list
    live: bool

    @property
    def agency_count(self):
        return len(self.review.rows) if self.review else 0


def build_report(day: date, now: datetime | None = None) -> Report:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    notes = list(InspectionNote.objects.open_on(day).select_related("agency", "inspector")
                 .prefetch_related("findings").order_by("agency__order", "agency__name", "inspected_on"))
    if day >= today:
        agencies = Agency.objects.filter(is_active=True)
        return Report(today, review_agencies(agencies, now), notes, live=True)
    snapshots = (Snapshot.objects.filter(date=day).select_related("agency")
                 .order_by("agency__order", "agency__name"))
    snapshots = list(snapshots)
    if not snapshots:
        return Report(day, None, notes, live=False)
    moment = timezone.make_aware(datetime.combine(day, time(23, 59)))
    return Report(day, review_from_snapshots(snapshots, moment), notes, live=False)


def available_dates(limit=10) -> list[date]:
    return list(Snapshot.objects.order_by("-date").values_list("date", flat=True).distinct()[:limit])


def report_xlsx(report: Report) -> bytes:
    """The report as XLSX bytes (text cells neutralised by portal.downloads)."""
    return xlsx_bytes(report_workbook(report))


def report_workbook(report: Report):
    """The same report as a workbook: summary, table, details, overdue list, open notes.

    Numbers and dates are typed cells (Excel sums and sorts them); every table sheet has an
    autofilter, a frozen header row and an A4 landscape print set-up (portal.downloads.format_table).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    review = report.review
    workbook = Workbook()
    wrap = Alignment(wrap_text=True, vertical="top")

    def add(sheet, values):
        sheet.append([excel_value(value) for value in values])

    def wrapped(sheet):
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap

    summary = workbook.active
    summary.title = _t("Tổng hợp")
    add(summary, [_t("Báo cáo kết quả kiểm tra việc cập nhật trang thông tin điện tử phục vụ điều hành")])
    summary["A1"].font = Font(bold=True, size=13)
    add(summary, [_t("Ngày số liệu"), report.day])
    summary["B2"].number_format = DATE_FORMAT
    add(summary, [_t("Số cơ quan được kiểm tra"), report.agency_count])
    add(summary, [_t("Số cơ quan đạt tất cả chuyên mục"), review.meets_all_count])
    add(summary, [_t("Số chuyên mục chưa đạt, quá hạn"), len(review.overdue_cells)])
    add(summary, [_t("Số biên bản kiểm tra chưa khắc phục xong"), len(report.notes)])
    add(summary, [None])  # a blank row before the table
    header_row = summary.max_row + 1
    add(summary, [_t("Chuyên mục"), _t("Đạt"), _t("Sắp đến hạn"), _t("Chưa đạt, quá hạn"), _t("Không áp dụng"),
                  _t("Số cơ quan phải thực hiện")])
    for total in review.section_totals():
        add(summary, [f"{total.section.number}. {total.section.title}", total.met, total.due_soon, total.overdue,
                      total.not_applicable, total.applicable])
    format_table(summary, header_row, [48, 14, 14, 18, 16, 18])

    table = workbook.create_sheet(_t("Theo cơ quan"))
    add(table, [_t("Cơ quan"), _t("Loại"), _t("Số vấn đề"), _t("Đạt"), _t("Sắp đến hạn"), _t("Chưa đạt, quá hạn"),
                _t("Không áp dụng")] + [f"{s.number}. {s.title}" for s in review.sections])
    for row in review.rows:
        add(table, [row.agency.name, row.agency.get_kind_display(), row.problems, row.met, row.due_soon, row.overdue,
                    row.not_applicable] + [f"{cell.short_label}: {cell.reason}" for cell in row.cells])
        wrapped(table)
    format_table(table, 1, [40, 22, 10, 8, 10, 10, 10] + [34] * len(review.sections))

    details = workbook.create_sheet(_t("Chi tiết"))
    add(details, [_t("Cơ quan"), _t("Loại"), _t("Chuyên mục"), _t("Trạng thái"), _t("Lý do"), _t("Số mục"),
                  _t("Cập nhật gần nhất"), _t("Xác nhận còn hiệu lực")])
    for row in review.rows:
        for cell in row.cells:
            confirmed = cell.confirmation.confirmed_at if cell.confirmation else None
            section = f"{cell.section.number}. {cell.section.title}"
            add(details, [row.agency.name, row.agency.get_kind_display(), section, cell.short_label, cell.reason,
                          cell.count, cell.last_updated, confirmed])
    format_table(details, 1, [40, 22, 34, 14, 60, 10, 18, 18])

    overdue = workbook.create_sheet(_t("Quá hạn"))
    add(overdue, [_t("Cơ quan"), _t("Chuyên mục"), _t("Lý do")])
    for row, cell in review.overdue_cells:
        add(overdue, [row.agency.name, f"{cell.section.number}. {cell.section.title}", cell.reason])
    format_table(overdue, 1, [40, 34, 70])

    notes = workbook.create_sheet(_t("Biên bản chưa xong"))
    add(notes, [_t("Cơ quan"), _t("Ngày kiểm tra"), _t("Cán bộ kiểm tra"), _t("Kết luận"), _t("Phát hiện"),
                _t("Hạn khắc phục"), _t("Trả lời của cơ quan")])
    for note in report.notes:
        findings = "\n".join(f"{f.section_title}: {f.text}" for f in note.findings.all())
        inspector = (note.inspector.get_full_name() or note.inspector.get_username()) if note.inspector else ""
        add(notes, [note.agency.name, note.inspected_on, inspector, note.summary, findings, note.fix_by, note.answer])
        wrapped(notes)
    format_table(notes, 1, [36, 14, 22, 50, 50, 14, 40])

    return workbook
