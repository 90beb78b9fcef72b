"""The review pages, served inside the admin (wired by ``DashboardAdmin.get_urls``).

Province-wide pages (dashboard, report) are for superusers and provincial reviewers only; an
agency's own page is also open to that agency's staff. Everyone else gets 403 (or 404 for an
agency they do not belong to).
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from agencies import access
from agencies.models import Agency
from portal.downloads import pdf_engine_error, pdf_font_css, pdf_response, xlsx_response

from .confirmations import confirm_current
from .forms import DashboardFilterForm, ReportDateForm
from .models import Exemption, InspectionNote, Snapshot, section_title
from .reports import available_dates, build_report, report_workbook
from .review import review_agencies
from .rules import SEVERITY, State

TREND_WEEKS = 8
PDF_MISSING_MESSAGE = _lazy("Máy chủ chưa cài bộ tạo PDF (WeasyPrint và thư viện Pango), nên chưa tải được "
                            "báo cáo dạng PDF. Hãy dùng lệnh In của trình duyệt (Ctrl+P, khổ A4 nằm ngang) hoặc "
                            "tải XLSX, và báo quản trị hệ thống cài đặt.")
DASHBOARD_PAGE_SIZE = 30  # agencies per page of the dashboard's table: under 100 KB at any number of agencies


def can_review_province(user) -> bool:
    return bool(user.is_active and (user.is_superuser or access.is_reviewer(user)))


def can_see_agency(user, agency) -> bool:
    return can_review_province(user) or agency.pk in access.roles_by_agency(user)


def _admin_context(request, model_admin, title, **extra):
    return {**model_admin.admin_site.each_context(request), "title": title, "opts": model_admin.model._meta,
            "has_view_permission": True, **extra}


def _trend(today, agency_ids=None, cells=False):
    """Weekly points of the last weeks: per agency and for the province, from the snapshots.

    ``cells`` (each section's stored state) only for an agency's page: the dashboard reads the counts.
    """
    dates = Snapshot.objects.weekly_dates(today, TREND_WEEKS)
    rows = Snapshot.objects.filter(date__in=dates).order_by()
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=agency_ids)
    per_agency = defaultdict(dict)
    province = {day: {"date": day, "agencies": 0, "meets_all": 0, "overdue": 0, "due_soon": 0} for day in dates}
    fields = ("date", "agency_id", "overdue", "due_soon") + (("cells",) if cells else ())
    for row in rows.values(*fields):
        per_agency[row["agency_id"]][row["date"]] = row
        point = province[row["date"]]
        point["agencies"] += 1
        point["meets_all"] += not (row["overdue"] or row["due_soon"])
        point["overdue"] += row["overdue"]
        point["due_soon"] += row["due_soon"]
    return dates, per_agency, [province[day] for day in dates]


def dashboard(request, model_admin):
    user = request.user
    if not can_review_province(user):
        own = list(access.roles_by_agency(user))
        if own:
            agency = Agency.objects.filter(pk__in=own).order_by("order", "name").first()
            return redirect("admin:compliance_dashboard_agency", slug=agency.slug)
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localtime(now).date()
    form = DashboardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    agencies = Agency.objects.filter(is_active=True).order_by("order", "name")
    if filters.get("kind"):
        agencies = agencies.filter(kind=filters["kind"])
    review = review_agencies(agencies, now)
    rows = review.filtered(filters.get("state"))
    if filters.get("sort", "problems") != "name":
        rows.sort(key=lambda r: (-r.overdue, -r.due_soon, r.agency.order, r.agency.name))
    dates, per_agency, province_trend = _trend(today)
    notes = dict(InspectionNote.objects.open().order_by().values("agency_id").annotate(n=Count("pk"))
                 .values_list("agency_id", "n"))
    # The summary above covers every agency of the filter; the table shows one page of them.
    page_obj = Paginator(rows, DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    table = [{
        "row": row,
        "open_notes": notes.get(row.agency.pk, 0),
        "trend": [per_agency.get(row.agency.pk, {}).get(day) for day in dates],
    } for row in page_obj]
    context = _admin_context(
        request, model_admin, _t("Bảng theo dõi cập nhật trang thông tin"),
        review=review, table=table, form=form, totals=review.section_totals(), trend_dates=dates,
        province_trend=province_trend, shown=len(rows), states=State, page_obj=page_obj,
        report_url=reverse("admin:compliance_dashboard_report"),
    )
    return TemplateResponse(request, "compliance/dashboard.html", context)


def _links(section, agency, user):
    public = admin_list = None
    try:
        public = agency.reverse(section.url_name)
    except NoReverseMatch:
        pass
    if section.admin_url_name:
        try:
            admin_list = reverse(section.admin_url_name)
            if can_review_province(user):
                admin_list += f"?agency__id__exact={agency.pk}"
        except NoReverseMatch:
            pass
    return public, admin_list


def agency_detail(request, model_admin, slug):
    agency = get_object_or_404(Agency, slug=slug)
    if not can_see_agency(request.user, agency):
        raise Http404(_t("Không tìm thấy dữ liệu này."))
    now = timezone.now()
    today = timezone.localtime(now).date()
    row = review_agencies([agency], now).rows[0]
    dates, per_agency, _province = _trend(today, [agency.pk], cells=True)
    history = per_agency.get(agency.pk, {})
    sections = []
    for cell in row.cells:
        public, admin_list = _links(cell.section, agency, request.user)
        points = []
        for day in dates:
            stored = (history.get(day) or {}).get("cells", {}).get(cell.section.key)
            points.append(stored)
        sections.append({"cell": cell, "public_url": public, "admin_url": admin_list, "trend": points})
    notes = (InspectionNote.objects.for_agency(agency).select_related("inspector", "answered_by")
             .prefetch_related("findings"))
    context = _admin_context(
        request, model_admin, agency.name, agency=agency, row=row, sections=sections, notes=notes,
        exemptions=Exemption.objects.for_agency(agency).order_by("section_key"), trend_dates=dates,
        province_view=can_review_province(request.user), severity=SEVERITY,
        may_confirm=access.can(request.user, "publish", agency.pk),
        confirm_url=reverse("admin:compliance_dashboard_confirm", args=[agency.slug]),
    )
    return TemplateResponse(request, "compliance/agency_detail.html", context)


@require_POST
def confirm(request, model_admin, slug):
    """The "still current" button of a static section on the agency's checklist."""
    agency = get_object_or_404(Agency, slug=slug)
    if not can_see_agency(request.user, agency):
        raise Http404(_t("Không tìm thấy dữ liệu này."))
    key = request.POST.get("section_key", "")
    try:
        done = confirm_current(request.user, agency, key, request.POST.get("note", "")[:255])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        at = timezone.localtime(done.confirmed_at).strftime("%H:%M %d/%m/%Y")
        messages.success(request, _t("Đã ghi nhận: chuyên mục “%(section)s” vẫn còn hiệu lực, xác nhận lúc "
                                     "%(at)s.") % {"section": section_title(done.section_key), "at": at})
    return redirect("admin:compliance_dashboard_agency", slug=agency.slug)


REPORT_FIELDS = ("date", "so", "noi_nhan")


def _report_day(request):
    """The report form (date, number, recipients) and the chosen day; day None when the form is wrong."""
    data = None
    if any(name in request.GET for name in REPORT_FIELDS):
        data = request.GET.copy()
        if not data.get("date"):
            data["date"] = timezone.localdate().isoformat()
    form = ReportDateForm(data, initial={"date": timezone.localdate()})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["date"]
    return form, None if form.is_bound else timezone.localdate()


def _report_query(form) -> str:
    """The query string that reproduces the report (the XLSX and PDF links carry it)."""
    if not (form.is_bound and form.is_valid()):
        return ""
    query = QueryDict(mutable=True)
    query["date"] = form.cleaned_data["date"].isoformat()
    if form.cleaned_data["so"]:
        query["so"] = form.cleaned_data["so"]
    if form.cleaned_data["noi_nhan"]:
        query["noi_nhan"] = "\n".join(form.cleaned_data["noi_nhan"])
    return query.urlencode()


def _report_context(request, model_admin, form, data):
    query = _report_query(form) or (f"date={data.day:%Y-%m-%d}" if data and data.review else "")
    return {
        **model_admin.admin_site.each_context(request),
        "form": form, "report": data, "available_dates": available_dates(),
        "title": _t("Báo cáo kết quả kiểm tra việc cập nhật trang thông tin điện tử phục vụ điều hành"),
        "dashboard_url": reverse("admin:compliance_dashboard_changelist"),
        "query": query, "pdf_engine_error": pdf_engine_error(), **form.document_fields(),
    }


def report(request, model_admin):
    if not can_review_province(request.user):
        raise PermissionDenied
    form, day = _report_day(request)
    data = build_report(day) if day else None
    status = 200 if data is not None and data.review is not None else (400 if day is None else 404)
    return TemplateResponse(request, "compliance/report.html", _report_context(request, model_admin, form, data),
                            status=status)


def _report_or_error(request):
    """``(form, report, None)``, or ``(form, None, a plain-text error response)`` for the downloads."""
    if not can_review_province(request.user):
        raise PermissionDenied
    form, day = _report_day(request)
    if day is None:
        errors = [message for messages_ in form.errors.values() for message in messages_]
        return form, None, HttpResponse("; ".join(errors), status=400, content_type="text/plain; charset=utf-8")
    data = build_report(day)
    if data.review is None:
        return form, None, HttpResponse(
            _t("Không có số liệu kiểm tra ngày %(date)s.") % {"date": day.strftime("%d/%m/%Y")},
            status=404, content_type="text/plain; charset=utf-8")
    return form, data, None


def report_export(request, model_admin):
    _form, data, error = _report_or_error(request)
    if error is not None:
        return error
    return xlsx_response(report_workbook(data), f"bao-cao-kiem-tra-{data.day:%Y-%m-%d}.xlsx")


def report_pdf(request, model_admin):
    """The A4 report as PDF (WeasyPrint); a clear 503 when the engine is not installed on the server."""
    form, data, error = _report_or_error(request)
    if error is not None:
        return error
    if pdf_engine_error():
        return HttpResponse(PDF_MISSING_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    html = render_to_string("compliance/report_pdf.html", {
        **_report_context(request, model_admin, form, data), "font_css": pdf_font_css()}, request=request)
    return pdf_response(html, f"bao-cao-kiem-tra-{data.day:%Y-%m-%d}.pdf")
