"""Section 7 in the registry.

``summarize`` (four queries for any number of agencies):
- ``count``: figures held plus published reports;
- ``last_updated``: the latest change of a figure or a published report, or the latest successful
  fetch of one of the agency's sources (a feed that ran fine but brought nothing new still counts);
- ``extra``: ``owns_indicators`` (the agency holds figures or has an enabled source),
  ``latest_month`` / ``latest_quarter`` / ``latest_year`` (first day of the latest period with a
  figure or a published report of that kind, or None); for an agency with nothing of its own,
  ``integrated``: the same ``latest_*`` of the province office, whose figures its page shows
  (``stats.integrated_figures``). One more query finds the province office.

Default rule for the compliance app: an agency that owns indicators should have a month at most
``month_lag`` months old (and the same for quarters and years); the others are judged on the
province's figures they integrate.
"""

from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from portal.search import Doc, Searchable
from portal.sections import (
    AgencyFigures,
    Section,
    SectionApp,
    SectionSummary,
    latest,
    per_agency,
    register,
    register_app,
)

PERIOD_KEYS = {"month": "latest_month", "quarter": "latest_quarter", "year": "latest_year"}


def _later(a, b):
    return b if a is None or (b is not None and b > a) else a


def summarize(agency_ids, now):
    from . import stats
    from .models import Observation, Report, Source

    wanted = list(agency_ids)
    province = stats.province_agency()
    agency_ids = wanted + ([province.pk] if province is not None and province.pk not in wanted else [])
    result = {}

    def summary(agency_id):
        if agency_id not in result:
            result[agency_id] = SectionSummary(0, None, {
                "owns_indicators": False, "latest_month": None, "latest_quarter": None, "latest_year": None})
        return result[agency_id]

    def add(rows, frequency, owns):
        for row in rows.order_by().values("agency_id", frequency).annotate(
                count=Count("pk"), period=Max("period"), changed=Max("updated_at")):
            item = summary(row["agency_id"])
            item.count += row["count"]
            item.last_updated = _later(item.last_updated, row["changed"])
            item.extra["owns_indicators"] |= owns
            key = PERIOD_KEYS[row[frequency]]
            item.extra[key] = _later(item.extra[key], row["period"])

    add(Observation.objects.filter(agency_id__in=agency_ids, indicator__is_active=True), "indicator__frequency", True)
    add(Report.objects.published(now).filter(agency_id__in=agency_ids), "frequency", False)
    sources = (Source.objects.filter(agency_id__in=agency_ids, enabled=True).order_by()
               .values("agency_id").annotate(fetched=Max("last_success_at")))
    for row in sources:
        item = summary(row["agency_id"])
        item.extra["owns_indicators"] = True
        item.last_updated = _later(item.last_updated, row["fetched"])
    if province is not None:
        figures = summary(province.pk).extra
        for agency_id in wanted:
            item = summary(agency_id)
            if agency_id != province.pk and not item.count and not item.extra["owns_indicators"]:
                item.extra["integrated"] = {key: figures[key] for key in PERIOD_KEYS.values()}
    return {agency_id: result[agency_id] for agency_id in wanted if agency_id in result}


def agency_block_context(agency):
    from . import stats

    return {"figures": stats.latest_figures(agency, main_only=True)[:3]}


def agency_figures(now):
    """``summarize``'s count and latest change for one agency (AgencyFigures)."""
    from .models import Observation, Report, Source

    return {**per_agency(Observation.objects.filter(indicator__is_active=True), figures=Count("pk"),
                         figures_last=Max("updated_at")),
            **per_agency(Report.objects.published(now), reports=Count("pk"), reports_last=Max("updated_at")),
            **per_agency(Source.objects.filter(enabled=True), fetched=Max("last_success_at"))}


def agency_block(agency, values, now):
    figures = values["figures"] or 0
    summary = SectionSummary(figures + (values["reports"] or 0),
                             latest(values["figures_last"], values["reports_last"], values["fetched"]))
    return summary, (agency_block_context(agency) if figures else {"figures": []})


def province_block_context():
    from . import stats

    province = stats.province_agency()
    if province is None:
        return {"figures": []}
    return {"province_agency": province, "figures": stats.latest_figures(province, main_only=True)[:8]}


# --- what the site-wide search finds: indicators in use and published reports (portal/search.py) ---
def public_indicators(now):
    """Indicators in use; each links to the page of the agency publishing its figures (the office first)."""
    from django.db.models import Case, OuterRef, Subquery, Value, When

    from .models import Indicator, Observation

    owner = (Observation.objects.filter(indicator=OuterRef("pk"), agency__is_active=True)
             .order_by(Case(When(agency__kind="provincial_office", then=Value(0)), default=Value(1)),
                       "agency__order", "agency_id")
             .values("agency__slug")[:1])
    return Indicator.objects.public().annotate(office_slug=Subquery(owner))


def indicator_document(indicator):
    from django.urls import reverse

    if indicator.office_slug:
        url = reverse("ktxh_sync:indicator_detail", kwargs={"agency_slug": indicator.office_slug,
                                                            "code": indicator.code})
    else:
        url = reverse("ktxh_sync_province:overview")
    return Doc(title=indicator.name, url=url, number=indicator.code,
               text=[indicator.name_en, indicator.unit, indicator.get_group_display(), indicator.description],
               summary=f"{indicator.get_group_display()} · {indicator.unit} · {indicator.get_frequency_display()}")


def public_reports(now):
    from .models import Report

    return Report.objects.published(now).select_related("agency")


def report_document(report):
    return Doc(title=report.title, url=report.get_absolute_url(), text=[report.get_frequency_display()],
               summary=report.summary or report.period_label, date=report.period)


INDICATOR_SEARCH = Searchable(kind="chi-tieu", label=_("Chỉ tiêu KT-XH"), model="ktxh_sync.Indicator",
                              public=public_indicators, document=indicator_document, order=70, agency_field=None,
                              changed=lambda since, now: public_indicators(now))
REPORT_SEARCH = Searchable(kind="bao-cao", label=_("Báo cáo KT-XH"), model="ktxh_sync.Report",
                           public=public_reports, document=report_document, order=71)


SECTION = Section(
    number=7,
    key="ktxh",
    title=_("Thông tin kinh tế - xã hội"),
    url_name="ktxh_sync:dashboard",
    path="kinh-te-xa-hoi",
    update_rule=_("Cập nhật theo từng kỳ báo cáo (tháng, quý, năm) từ hệ thống thông tin tổng hợp KT-XH"),
    frequency="continuous",
    summarize=summarize,
    description=_("Các chỉ tiêu kinh tế - xã hội chủ yếu và báo cáo tình hình kinh tế - xã hội định kỳ."),
    admin_url_name="admin:ktxh_sync_observation_changelist",
    models=("ktxh_sync.Observation", "ktxh_sync.Report", "ktxh_sync.Indicator", "ktxh_sync.Source"),
    province_url_name="ktxh_sync_province:overview",
    rule={"kind": "ktxh_period", "month_lag": 1, "quarter_lag": 1, "year_lag": 1},  # last month's figures by the 20th
    agency_block_template="ktxh_sync/agency_block.html",
    agency_figures=AgencyFigures(figures=agency_figures, build=agency_block),
    province_block_template="ktxh_sync/province_block.html",
    province_block_context=province_block_context,
    searchables=(INDICATOR_SEARCH, REPORT_SEARCH),
)


register(SECTION)


register_app(SectionApp(
    label="ktxh_sync",
    urls="ktxh_sync.urls",
    province_urls="ktxh_sync.province_urls",
    sitemaps="ktxh_sync.sitemaps.SITEMAPS",
    reserved_paths=("kinh-te-xa-hoi",),
    demo_loaders=((50, "ktxh_sync.demo.load_ktxh"),),
))
