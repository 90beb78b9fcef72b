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
from portal.downloads import xlsx_bytes

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
    """The same report as a workbook: summary, table, overdue list, open notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    review = report.review
    workbook = Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def header(sheet, values):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
            cell.alignment = wrap
        sheet.freeze_panes = f"A{sheet.max_row + 1}"

    def widths(sheet, values):
        for index, width in enumerate(values, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

    summary = workbook.active
    summary.title = _t("Tổng hợp")
    summary.append([_t("Báo cáo kết quả kiểm tra việc cập nhật trang thông tin điện tử phục vụ điều hành")])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([_t("Ngày số liệu"), report.day.strftime("%d/%m/%Y")])
    summary.append([_t("Số cơ quan được kiểm tra"), report.agency_count])
    summary.append([_t("Số cơ quan đạt tất cả chuyên mục"), review.meets_all_count])
    summary.append([_t("Số biên bản kiểm tra chưa khắc phục xong"), len(report.notes)])
    summary.append([])
    header(summary, [_t("Chuyên mục"), _t("Đạt"), _t("Sắp đến hạn"), _t("Chưa đạt, quá hạn"), _t("Không áp dụng")])
    for total in review.section_totals():
        summary.append([f"{total.section.number}. {total.section.title}", total.met, total.due_soon, total.overdue,
                        total.not_applicable])
    summary.freeze_panes = None
    widths(summary, [48, 14, 14, 18, 16])

    table = workbook.create_sheet(_t("Theo cơ quan"))
    header(table, [_t("Cơ quan"), _t("Loại"), _t("Số vấn đề")]
           + [f"{s.number}. {s.title}" for s in review.sections])
    for row in review.rows:
        table.append([row.agency.name, row.agency.get_kind_display(), row.problems]
                     + [f"{cell.short_label}: {cell.reason}" for cell in row.cells])
        for cell in table[table.max_row]:
            cell.alignment = wrap
    widths(table, [40, 22, 10] + [34] * len(review.sections))

    overdue = workbook.create_sheet(_t("Quá hạn"))
    header(overdue, [_t("Cơ quan"), _t("Chuyên mục"), _t("Lý do")])
    for row, cell in review.overdue_cells:
        overdue.append([row.agency.name, f"{cell.section.number}. {cell.section.title}", cell.reason])
    widths(overdue, [40, 34, 70])

    notes = workbook.create_sheet(_t("Biên bản chưa xong"))
    header(notes, [_t("Cơ quan"), _t("Ngày kiểm tra"), _t("Cán bộ kiểm tra"), _t("Kết luận"), _t("Phát hiện"),
                   _t("Hạn khắc phục"), _t("Trả lời của cơ quan")])
    for note in report.notes:
        findings = "\n".join(f"{f.section_title}: {f.text}" for f in note.findings.all())
        notes.append([note.agency.name, note.inspected_on.strftime("%d/%m/%Y"),
                      note.inspector.get_full_name() or note.inspector.get_username() if note.inspector else "",
                      note.summary, findings, note.fix_by.strftime("%d/%m/%Y") if note.fix_by else "", note.answer])
        for cell in notes[notes.max_row]:
            cell.alignment = wrap
    widths(notes, [36, 14, 22, 50, 50, 14, 40])

    return workbook
