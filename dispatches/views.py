"""Public pages of section 8: statistics (agency and province), the register list and its entries."""

from typing import NamedTuple

import tablib
from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.cache import cache_agency_page, cache_agency_page_daily, cache_province_page_daily
from agencies.models import Agency
from portal.downloads import csv_response, dataset_response, stored_file_response

from . import charts
from .filters import DateInput, RegisterFilter
from .models import Direction, Dispatch, DispatchSettings
from .stats import (
    dispatch_counts,
    last_months,
    range_period,
    standard_periods,
    totals_mode_agency_ids,
    type_rows,
)

MAX_RANGE_DAYS = 10 * 366
PAGE_SIZE = 20


# --- choosing the period ----------------------------------------------------------------------

class PeriodForm(forms.Form):
    ky = forms.ChoiceField(label=gettext_lazy("Kỳ"), required=False, choices=[
        ("tuan", gettext_lazy("Tuần này")), ("thang", gettext_lazy("Tháng này")),
        ("quy", gettext_lazy("Quý này")), ("nam", gettext_lazy("Năm nay")),
        ("khoang", gettext_lazy("Khoảng ngày chọn dưới đây"))])
    tu_ngay = forms.DateField(label=gettext_lazy("Từ ngày"), required=False, widget=DateInput())
    den_ngay = forms.DateField(label=gettext_lazy("Đến ngày"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("tu_ngay"), cleaned.get("den_ngay")
        if start or end or cleaned.get("ky") == "khoang":
            if not (start and end):
                raise forms.ValidationError(_("Hãy chọn cả “Từ ngày” và “Đến ngày”."))
            if end < start:
                raise forms.ValidationError(_("“Đến ngày” phải sau “Từ ngày”."))
            if (end - start).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(_("Khoảng ngày dài nhất là 10 năm."))
            cleaned["ky"] = "khoang"
        return cleaned


def _periods(request, today):
    """(standard periods, the selected period, the bound form)."""
    periods = standard_periods(today)
    form = PeriodForm(request.GET or None, initial={"ky": "thang"})
    selected = periods[1]  # this month by default
    if form.is_bound and form.is_valid():
        key = form.cleaned_data.get("ky")
        if key == "khoang":
            selected = range_period(form.cleaned_data["tu_ngay"], form.cleaned_data["den_ngay"])
        else:
            selected = next((p for p in periods if p.key == key), selected)
    return periods, selected, form


def _direction_totals(counts):
    incoming = sum(n for group, n in counts.items() if group[-2] == Direction.INCOMING)
    outgoing = sum(n for group, n in counts.items() if group[-2] == Direction.OUTGOING)
    return {"incoming": incoming, "outgoing": outgoing, "total": incoming + outgoing}


def _statistics(agency_ids, today, periods, selected, by=("direction", "doc_type")):
    """Everything a statistics page shows, in a fixed number of aggregate queries."""
    months = last_months(today)
    wanted = periods + ([selected] if selected not in periods else []) + months
    counts = dispatch_counts(wanted, agency_ids, by=by)  # one scan for the periods and the trend
    trend_counts = {}
    for month in months:
        per_direction = trend_counts[month.key] = {}
        for group, n in counts[month.key].items():
            key = (group[-2],)
            per_direction[key] = per_direction.get(key, 0) + n
    summary = [(p, _direction_totals(counts[p.key])) for p in periods]
    by_type = {}
    for group, n in counts[selected.key].items():
        by_type[group[-2:]] = by_type.get(group[-2:], 0) + n
    rows = type_rows(by_type)
    trend = [(m, trend_counts[m.key].get((Direction.INCOMING,), 0), trend_counts[m.key].get((Direction.OUTGOING,), 0))
             for m in months]
    return {
        "periods": periods, "selected": selected, "summary": summary, "type_rows": rows,
        "selected_totals": _direction_totals(by_type),
        "type_chart": charts.grouped_bars([(r.label, [r.incoming, r.outgoing]) for r in rows],
                                          charts.DIRECTION_SERIES),
        "trend": trend,
        "trend_chart": charts.grouped_bars([(m.label, [i, o]) for m, i, o in trend], charts.DIRECTION_SERIES),
        "counts": counts,
    }


@cache_agency_page_daily
def stats(request):
    agency = request.agency
    today = timezone.localdate()
    periods, selected, form = _periods(request, today)
    context = _statistics([agency.pk], today, periods, selected)
    settings = DispatchSettings.for_agency(agency)
    context.update({
        "form": form, "settings": settings, "today": today,
        "totals_mode": settings.mode == DispatchSettings.Mode.TOTALS,
        "has_public_register": Dispatch.objects.for_agency(agency).public_details().exists(),
        "query": request.GET.urlencode(),
    })
    return render(request, "dispatches/stats.html", context)


def _download(request, rows_context, filename, title, fmt):
    headers = [_("Loại văn bản"), _("Văn bản đến"), _("Văn bản đi"), _("Tổng")]
    data = tablib.Dataset(headers=headers, title=_("Thống kê"))
    for row in rows_context["type_rows"]:
        data.append([str(row.label), row.incoming, row.outgoing, row.total])
    totals = rows_context["selected_totals"]
    data.append([_("Tổng cộng"), totals["incoming"], totals["outgoing"], totals["total"]])
    note = [f"{title} — {rows_context['selected'].label} ({rows_context['selected'].span})",
            _("Không bao gồm văn bản mật (Mật, Tối mật, Tuyệt mật).")]
    if fmt == "xlsx":
        return dataset_response(data, "xlsx", filename)
    return csv_response([[line] for line in note] + [headers] + [list(values) for values in data], f"{filename}.csv")


@cache_agency_page_daily
def stats_download(request, fmt):
    agency = request.agency
    today = timezone.localdate()
    periods, selected, _form = _periods(request, today)
    context = _statistics([agency.pk], today, periods, selected)
    return _download(request, context, f"thong-ke-van-ban-{agency.slug}-{selected.start:%Y%m%d}-{selected.end:%Y%m%d}",
                     agency.name, fmt)


@cache_agency_page
def register_list(request):
    agency = request.agency
    queryset = (Dispatch.objects.for_agency(agency).public_details()
                .only("pk", "direction", "doc_type", "code_number", "code_notation", "issued_date", "entry_date",
                      "organ_name", "summary", "agency_id")
                .order_by("-entry_date", "-pk"))
    register_filter = RegisterFilter(request.GET or None, queryset=queryset)
    page_obj = Paginator(register_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dispatches/register_list.html", {
        "filter": register_filter, "page_obj": page_obj, "dispatches": page_obj.object_list,
        "filtered": bool(request.GET.dict().keys() - {"page"}),
    })


def _public_dispatch(request, pk):
    return get_object_or_404(Dispatch.objects.for_agency(request.agency).public_details(), pk=pk)


@cache_agency_page
def register_detail(request, pk):
    dispatch = _public_dispatch(request, pk)
    return render(request, "dispatches/register_detail.html", {"dispatch": dispatch})


def register_file(request, pk):
    """The public file of a published entry, always as a download (never the media URL)."""
    dispatch = _public_dispatch(request, pk)
    name = f"{dispatch.code_number}-{dispatch.code_notation}".strip("-").replace("/", "-")
    return stored_file_response(dispatch.file, f"van-ban-{name}")


# --- province-wide ------------------------------------------------------------------------------

class AgencyRow(NamedTuple):
    agency: Agency
    incoming: int
    outgoing: int
    totals_mode: bool
    url: str

    @property
    def total(self) -> int:
        return self.incoming + self.outgoing


def _province(request):
    today = timezone.localdate()
    periods, selected, form = _periods(request, today)
    agencies = list(Agency.objects.filter(is_active=True).only("name", "short_name", "slug", "host", "kind", "order")
                    .order_by("kind", "order", "name"))
    ids = [a.pk for a in agencies]
    context = _statistics(ids, today, periods, selected)
    # By agency only for the period shown: a few hundred groups, not agencies x types x 16 periods.
    per_agency = {}
    by_agency = dispatch_counts([selected], ids, by=("agency_id", "direction"))[selected.key]
    for (agency_id, direction), n in by_agency.items():
        row = per_agency.setdefault(agency_id, {"incoming": 0, "outgoing": 0})
        row["incoming" if direction == Direction.INCOMING else "outgoing"] += n
    totals_ids = totals_mode_agency_ids(ids)
    # Rows ready to print (a province has hundreds of agencies): the link of each agency's statistics
    # from one reverse() with its slug put in, numbers added here rather than by template filters.
    marker = "-slug-"
    in_path = Agency(slug=marker).reverse("dispatches:stats")
    rows = []
    for agency in agencies:
        counts = per_agency.get(agency.pk, {})
        incoming, outgoing = counts.get("incoming", 0), counts.get("outgoing", 0)
        url = agency.reverse("dispatches:stats") if agency.host else in_path.replace(marker, agency.slug)
        rows.append(AgencyRow(agency, incoming, outgoing, agency.pk in totals_ids, url))
    context["agency_rows"] = rows
    context.update({"form": form, "today": today, "agency_count": len(agencies)})
    return context


@cache_province_page_daily
def province_stats(request):
    context = _province(request)
    context["query"] = request.GET.urlencode()
    return render(request, "dispatches/province_stats.html", context)


@cache_province_page_daily
def province_stats_download(request, fmt):
    context = _province(request)
    selected = context["selected"]
    return _download(request, context, f"thong-ke-van-ban-toan-tinh-{selected.start:%Y%m%d}-{selected.end:%Y%m%d}",
                     _("Toàn tỉnh"), fmt)
