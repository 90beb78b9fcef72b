
import django_filters
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.cache import cache_agency_page, cache_province_page
from agencies.models import Agency
from portal import periods
from portal.downloads import csv_response
from portal.params import YearFilter
from portal.text import search_terms

from . import charts, stats
from .models import Frequency, Indicator, Observation, Report

CHART_POINTS = {periods.MONTH: 24, periods.QUARTER: 12, periods.YEAR: 10}


def _group_figures(figures):
    """[(group label, [figure, …])] in the catalogue's order of groups."""
    from .models import Group

    groups = {}
    for figure in figures:
        groups.setdefault(figure.indicator.group, []).append(figure)
    labels = dict(Group.choices)
    return [(labels.get(key, key), groups[key]) for key in labels if key in groups]


def _last_success(sources):
    times = [s.last_success_at for s in sources if s.last_success_at]
    return max(times) if times else None


@cache_agency_page
def dashboard(request):
    agency = request.agency
    figures = stats.latest_figures(agency)
    cards = [f for f in figures if f.indicator.is_main] or figures[:12]
    sources = stats.source_states(agency)
    reports = list(Report.objects.for_agency(agency).published().order_by("-period", "-published_at")[:5])
    province, field, main = stats.integrated_figures(agency, held={f.indicator.pk for f in figures})
    return render(request, "ktxh_sync/dashboard.html", {
        "province_agency": province, "integrated_field": _group_figures(field),
        "integrated_main": _group_figures(main),
        "cards": cards, "groups": _group_figures(figures), "figure_count": len(figures),
        "sources": sources, "failed_sources": [s for s in sources if s.failed],
        # Without a feed (figures entered or imported in the admin) the latest entry says it.
        "last_success": _last_success(sources) or max((f.observation.fetched_at for f in figures), default=None),
        "reports": reports,
    })


def _series_or_404(agency, code):
    indicator = get_object_or_404(Indicator.objects.public(), code=code)
    figures = stats.series(agency, indicator)
    if not figures:
        raise Http404(_("Cơ quan này chưa có số liệu của chỉ tiêu này."))
    return indicator, figures


@cache_agency_page
def indicator_detail(request, code):
    agency = request.agency
    indicator, figures = _series_or_404(agency, code)
    shown = figures[-CHART_POINTS[indicator.frequency]:]
    latest = figures[-1]
    estimates = sum(1 for f in shown if f.observation.is_estimate)
    description = _("%(name)s (%(unit)s), %(first)s đến %(last)s: thấp nhất %(low)s, cao nhất %(high)s, "
                    "kỳ mới nhất %(latest)s.") % {
        "name": indicator.name, "unit": indicator.unit,
        "first": shown[0].observation.period_label, "last": shown[-1].observation.period_label,
        "low": _fmt(min(f.observation.value for f in shown), indicator.decimals),
        "high": _fmt(max(f.observation.value for f in shown), indicator.decimals),
        "latest": _fmt(latest.observation.value, indicator.decimals),
    }
    if estimates:
        description += " " + _("Các kỳ số ước tính được vẽ nhạt hơn.")
    chart = charts.render(
        [charts.Point(periods.short_label(f.observation.period, indicator.frequency), f.observation.value,
                      f.observation.is_estimate) for f in shown],
        kind=indicator.chart, title=_("Biểu đồ %(name)s (%(unit)s)") % {"name": indicator.name, "unit": indicator.unit},
        description=description, chart_id="bieu-do", decimals=indicator.decimals)
    source_names = sorted({f.observation.source_name for f in figures if f.observation.source_name})
    return render(request, "ktxh_sync/indicator_detail.html", {
        "indicator": indicator, "figures": list(reversed(figures)), "latest": latest, "chart": chart,
        "chart_count": len(shown), "source_names": source_names,
        "has_cumulative": any(f.observation.cumulative_value is not None for f in figures),
        "last_fetched": max(f.observation.fetched_at for f in figures),
    })


def _fmt(value, decimals):
    from .templatetags.ktxh import ktxh_number

    return ktxh_number(value, decimals)


@cache_agency_page
def indicator_csv(request, code):
    agency = request.agency
    indicator, figures = _series_or_404(agency, code)
    rows = [["ma_chi_tieu", "ten_chi_tieu", "don_vi", "ky", "ten_ky", "gia_tri", "luy_ke",
            "so_cung_ky", "so_cung_ky_tu_tinh", "uoc_tinh", "nguon", "thoi_diem_lay_so_lieu"]]
    for figure in reversed(figures):
        obs = figure.observation
        change = figure.change
        rows.append([
            indicator.code, indicator.name, indicator.unit, periods.code(obs.period, indicator.frequency),
            obs.period_label, _plain(obs.value), _plain(obs.cumulative_value),
            _plain(round(change, 4) if change is not None else None),
            "1" if figure.change_is_computed else "0", "1" if obs.is_estimate else "0", obs.source_name,
            obs.fetched_at.isoformat(),
        ])
    return csv_response(rows, f"{agency.slug}-{indicator.code}.csv")


def _plain(value):
    if value is None:
        return ""
    text = format(value.normalize() if hasattr(value, "normalize") else value, "f")
    return text


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Tìm trong tiêu đề, tóm tắt"), method="search")
    frequency = django_filters.ChoiceFilter(label=gettext_lazy("Loại báo cáo"), choices=Frequency.choices,
                                            empty_label=gettext_lazy("Tất cả"))
    year = YearFilter(label=gettext_lazy("Năm"), field_name="period__year")

    class Meta:
        model = Report
        fields = ["q", "frequency", "year"]

    def search(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset


@cache_agency_page
def report_list(request):
    agency = request.agency
    reports = Report.objects.for_agency(agency).published().order_by("-period", "-published_at", "-pk")
    filterset = ReportFilter(request.GET or None, queryset=reports)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else reports
    page = Paginator(queryset.only("title", "frequency", "period", "summary", "file", "published_at", "agency_id"),
                     20).get_page(request.GET.get("page"))
    return render(request, "ktxh_sync/report_list.html", {"filter": filterset, "page_obj": page})


@cache_agency_page
def report_detail(request, pk):
    report = get_object_or_404(Report.objects.for_agency(request.agency).published(), pk=pk)
    return render(request, "ktxh_sync/report_detail.html", {"report": report})


def render_report(request, report, preview=False):
    """The public page of a report (also the admin preview)."""
    return render(request, "ktxh_sync/report_detail.html", {"report": report, "agency": report.agency,
                                                           "preview": preview})


# --- province-wide --------------------------------------------------------------------------------
@cache_province_page
def province_overview(request):
    province = stats.province_agency()
    figures = stats.latest_figures(province, main_only=True) if province else []
    agencies = (Agency.objects.filter(is_active=True, pk__in=Observation.objects.public().values("agency_id"))
                .only("name", "slug", "host", "kind").order_by("kind", "order", "name"))
    reports = (list(Report.objects.for_agency(province).published().order_by("-period", "-published_at")[:5])
               if province else [])
    return render(request, "ktxh_sync/province_overview.html", {
        "province_agency": province, "cards": figures, "agencies": agencies, "reports": reports,
        "last_success": _last_success(stats.source_states(province)) if province else None,
    })
