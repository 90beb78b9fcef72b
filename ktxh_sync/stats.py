"""Reads for the public pages: latest figures with their change against last year, and series.

Every function runs a fixed number of queries whatever the number of indicators or periods.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from agencies.models import Agency
from portal import periods

from .models import ChangeKind, Direction, Indicator, IntegratedGroup, Observation, Source


@dataclass
class Figure:
    indicator: Indicator
    observation: Observation
    previous: Observation | None = None  # same period last year

    @property
    def change(self) -> Decimal | None:
        """Change against the same period last year: given by the source, or computed."""
        kind = self.indicator.change_kind
        if kind == ChangeKind.NONE:
            return None
        if self.observation.change_yoy is not None:
            return self.observation.change_yoy
        return self.computed_change

    @property
    def computed_change(self) -> Decimal | None:
        if self.previous is None or self.indicator.change_kind == ChangeKind.NONE:
            return None
        if self.indicator.change_kind == ChangeKind.POINTS:
            return self.observation.value - self.previous.value
        if not self.previous.value:
            return None
        return (self.observation.value / self.previous.value - 1) * 100

    @property
    def change_is_computed(self) -> bool:
        return self.change is not None and self.observation.change_yoy is None

    @property
    def trend(self) -> str | None:
        """"up", "down" or "flat" (rounded as shown), None without a change."""
        change = self.change
        if change is None:
            return None
        shown = round(change, max(self.indicator.decimals, 1))
        return "up" if shown > 0 else "down" if shown < 0 else "flat"

    @property
    def assessment(self) -> str | None:
        """"good", "bad" or None (neutral indicator, or no change)."""
        trend, direction = self.trend, self.indicator.direction
        if trend in (None, "flat") or direction == Direction.NEUTRAL:
            return None
        return "good" if (trend == "up") == (direction == Direction.UP) else "bad"


def _with_previous(observations, agency) -> list[Figure]:
    """Attach to each observation the same period of last year (one query)."""
    observations = list(observations)
    if not observations:
        return []
    wanted = Q()
    for obs in observations:
        wanted |= Q(indicator_id=obs.indicator_id, period=periods.same_period_last_year(obs.period))
    previous = {(o.indicator_id, o.period): o for o in Observation.objects.filter(agency=agency).filter(wanted)}
    return [Figure(obs.indicator, obs, previous.get((obs.indicator_id, periods.same_period_last_year(obs.period))))
            for obs in observations]


def latest_figures(agency, main_only=False) -> list[Figure]:
    """The latest figure of each of the agency's indicators in use (two queries)."""
    observations = (Observation.objects.for_agency(agency).public().latest_per_indicator()
                    .select_related("indicator").order_by("indicator__order", "indicator__code"))
    if main_only:
        observations = observations.filter(indicator__is_main=True)
    return _with_previous(observations, agency)


def series(agency, indicator) -> list[Figure]:
    """Every figure of one indicator for the agency, oldest first, each with last year's (one query)."""
    observations = list(Observation.objects.for_agency(agency).filter(indicator=indicator).order_by("period"))
    by_period = {o.period: o for o in observations}
    for obs in observations:
        obs.indicator = indicator  # avoid one query per row
    return [Figure(indicator, obs, by_period.get(periods.same_period_last_year(obs.period))) for obs in observations]


def province_agency():
    """The provincial office, whose figures are the province's (one query)."""
    return (Agency.objects.filter(is_active=True, kind=Agency.Kind.PROVINCIAL_OFFICE)
            .order_by("order", "pk").first())


def integrated_figures(agency, held=None) -> tuple[Agency | None, list[Figure], list[Figure]]:
    """The province's figures an agency's section 7 shows beside its own, integrated from the provincial
    statistics system: ``(province office, figures of the agency's field, the other main figures)``.

    The field is the agency's ``IntegratedGroup`` rows (a department's groups); every agency, communes
    included, also gets the province's main indicators. Indicators the agency publishes itself
    (``held``: their ids, read here when not given) are left to its own figures; the provincial
    office's page integrates nothing (no query). Four queries at most, whatever the number of indicators.
    """
    if agency.kind == Agency.Kind.PROVINCIAL_OFFICE:
        return None, [], []
    province = province_agency()
    if province is None:
        return None, [], []
    groups = set(IntegratedGroup.objects.filter(agency=agency).values_list("group", flat=True))
    if held is None:
        held = set(Observation.objects.for_agency(agency).public().values_list("indicator_id", flat=True))
    figures = [f for f in latest_figures(province) if f.indicator.pk not in held]
    field = [f for f in figures if f.indicator.group in groups]
    main = [f for f in figures if f.indicator.is_main and f.indicator.group not in groups]
    return (province, field, main) if field or main else (None, [], [])


def source_states(agency) -> list[Source]:
    """The agency's enabled sources with their last run (one query)."""
    return list(Source.objects.for_agency(agency).filter(enabled=True)
                .only("name", "source_name", "last_run_at", "last_success_at", "last_error", "agency_id")
                .order_by("name"))
