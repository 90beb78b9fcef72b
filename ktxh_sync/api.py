"""Read API of section 7: the indicator catalogue, the observations and the published reports.

Indicators through ``Indicator.objects.public()``, figures through ``Observation.objects.public()``
(indicators in use) of active agencies, reports through ``published()``.
"""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from portal.api import (
    AgencyFilter,
    ErrorOut,
    HarvestFilter,
    Page,
    changed_at,
    harvest_page,
    history_changed_at,
    media_url,
    narrow,
)

from .models import Indicator, Observation, Report

router = Router(tags=["Thông tin kinh tế - xã hội (mục 7)"])


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    unit: str
    frequency: str
    group: str
    decimals: int
    direction: str
    change_kind: str
    is_main: bool
    description: str
    method_note: str


class IndicatorFilter(HarvestFilter):
    group: str | None = Field(None, max_length=20)


@router.get("/indicators", response={200: Page[IndicatorOut]}, summary="Danh mục chỉ tiêu")
def indicators(request, params: Query[IndicatorFilter]):
    queryset = narrow(Indicator.objects.public().annotate(changed_at=history_changed_at(Indicator)), params,
                      group="group")
    fields = ("code", "name", "name_en", "unit", "frequency", "group", "decimals", "direction", "change_kind",
              "is_main", "description", "method_note")

    def serialize(rows):
        return [{"id": i.pk, **{f: getattr(i, f) for f in fields}} for i in rows]

    return harvest_page(queryset, params, serialize)


class ObservationOut(Schema):
    id: int
    agency: str
    indicator: str
    period: date
    value: Decimal
    cumulative_value: Decimal | None
    change_yoy: Decimal | None
    is_estimate: bool = Field(description="true: số ước tính; false: số chính thức")
    source_name: str
    fetched_at: datetime
    updated_at: datetime


class ObservationFilter(AgencyFilter):
    indicator: str | None = Field(None, max_length=40, description="mã chỉ tiêu")
    period_from: date | None = None
    period_to: date | None = None


@router.get("/observations", response={200: Page[ObservationOut], 404: ErrorOut}, summary="Số liệu chỉ tiêu")
def observations(request, params: Query[ObservationFilter]):
    queryset = narrow(Observation.objects.public().filter(agency__is_active=True).select_related("agency", "indicator"),
                      params, indicator__code="indicator", period__gte="period_from", period__lte="period_to")

    def serialize(rows):
        return [{"id": o.pk, "agency": o.agency.slug, "indicator": o.indicator.code, "period": o.period,
                 "value": o.value, "cumulative_value": o.cumulative_value, "change_yoy": o.change_yoy,
                 "is_estimate": o.is_estimate, "source_name": o.source_name, "fetched_at": o.fetched_at,
                 "updated_at": o.updated_at} for o in rows]

    return harvest_page(changed_at(queryset, published=False), params, serialize)


class ReportOut(Schema):
    id: int
    agency: str
    title: str
    frequency: str
    period: date
    summary: str
    file: str | None
    published_at: datetime
    updated_at: datetime


@router.get("/reports", response={200: Page[ReportOut], 404: ErrorOut}, summary="Báo cáo kinh tế - xã hội")
def reports(request, params: Query[AgencyFilter]):
    queryset = narrow(Report.objects.published().filter(agency__is_active=True).select_related("agency"), params)

    def serialize(rows):
        return [{"id": r.pk, "agency": r.agency.slug, "title": r.title, "frequency": r.frequency, "period": r.period,
                 "summary": r.summary, "file": media_url(r.file), "published_at": r.published_at,
                 "updated_at": r.updated_at} for r in rows]

    return harvest_page(changed_at(queryset.defer("search_text")), params, serialize)


def _register_tombstones():
    from portal.tombstones import track

    track(Indicator, "indicator", lambda: Indicator.objects.public(), agency_slug=lambda i: "")
    track(Observation, "observation", lambda: Observation.objects.public())
    track(Report, "report", lambda: Report.objects.published())


_register_tombstones()


def _summary(agency, now):
    from . import stats

    def out(figures):
        return [{"indicator": f.indicator.code, "name": f.indicator.name, "unit": f.indicator.unit,
                 "period": f.observation.period, "value": f.observation.value,
                 "is_estimate": f.observation.is_estimate} for f in figures]

    province, field, main = stats.integrated_figures(agency)
    return {"main_figures": out(stats.latest_figures(agency, main_only=True)),
            # the province's figures the agency's page shows, integrated from the provincial statistics
            "integrated_from": province.slug if province else None, "integrated_figures": out(field + main),
            "reports": Report.objects.for_agency(agency).published(now).count()}


def _register_summary():
    from portal.api import register_summary

    register_summary("7_ktxh", _summary)


_register_summary()
