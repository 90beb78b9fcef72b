"""The review itself: every agency × every registered section, with states and reasons.

``review_agencies`` makes one ``summarize`` call per section for all agencies at once, plus one query
each for the rule overrides, the exemptions and the "still current" confirmations, so its cost does
not grow with the number of agencies. ``review_from_snapshots`` rebuilds the same structure from a
day's stored snapshots, so a report for a past date reads exactly what was found that day.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from portal.sections import Section, SectionSummary, all_sections

from . import rules
from .models import Confirmation, Exemption, SectionRule
from .rules import PROBLEM_STATES, SEVERITY, SYMBOLS, State

_BADGES = {}  # (state, language): the badge's HTML
SHORT_LABELS = {
    State.MET: _("Đạt"), State.DUE_SOON: _("Sắp đến hạn"), State.OVERDUE: _("Chưa đạt"),
    State.NOT_APPLICABLE: _("Không áp dụng"),
}


@dataclass
class Cell:
    section: Section
    state: str
    reason: str
    count: int | None = None
    last_updated: datetime | None = None
    exemption: object = None
    confirmation: object = None  # the latest "still current" confirmation of a static section

    @property
    def confirmable(self):
        """A static section with published content: an approver may confirm it still current."""
        return bool(self.count) and rules.is_static(self.section)

    @property
    def symbol(self):
        return SYMBOLS.get(self.state, "?")

    @property
    def label(self):
        return State(self.state).label if self.state in State.values else self.state

    @property
    def short_label(self):
        return SHORT_LABELS.get(self.state, self.state)

    @property
    def css(self):
        return f"state-{self.state.replace('_', '-')}"

    @property
    def badge(self):
        """The state as symbol and word (never colour alone); one string per state and language, built
        once per process (a dashboard page prints hundreds)."""
        key = (self.state, get_language())
        badge = _BADGES.get(key)
        if badge is None:
            badge = _BADGES[key] = format_html('<span class="state {}"><span aria-hidden="true">{}</span> {}</span>',
                                               self.css, self.symbol, self.short_label)
        return badge

    @property
    def is_problem(self):
        return self.state in PROBLEM_STATES


@dataclass
class AgencyReview:
    agency: object
    cells: list[Cell]
    counts: Counter = field(init=False)

    def __post_init__(self):
        self.counts = Counter(cell.state for cell in self.cells)

    @property
    def overdue(self):
        return self.counts[State.OVERDUE]

    @property
    def due_soon(self):
        return self.counts[State.DUE_SOON]

    @property
    def met(self):
        return self.counts[State.MET]

    @property
    def not_applicable(self):
        return self.counts[State.NOT_APPLICABLE]

    @property
    def problems(self):
        return self.overdue + self.due_soon

    @property
    def meets_all(self):
        return self.problems == 0

    @property
    def problem_cells(self):
        return [cell for cell in self.cells if cell.is_problem]

    @property
    def worst(self):
        return max((cell.state for cell in self.cells), key=lambda s: SEVERITY.get(s, 0), default=State.MET)

    def cell(self, key):
        return next((cell for cell in self.cells if cell.section.key == key), None)

    def has_state(self, state):
        return self.counts[state] > 0


@dataclass
class SectionTotal:
    section: Section
    met: int
    due_soon: int
    overdue: int
    not_applicable: int

    @property
    def applicable(self):
        return self.met + self.due_soon + self.overdue


@dataclass
class Review:
    now: datetime
    sections: list[Section]
    rows: list[AgencyReview]

    @property
    def meets_all_count(self):
        return sum(1 for row in self.rows if row.meets_all)

    @property
    def overdue_cells(self):
        return [(row, cell) for row in self.rows for cell in row.cells if cell.state == State.OVERDUE]

    @property
    def state_totals(self):
        return Counter(cell.state for row in self.rows for cell in row.cells)

    def section_totals(self) -> list[SectionTotal]:
        totals = []
        for index, section in enumerate(self.sections):
            states = Counter(row.cells[index].state for row in self.rows)
            totals.append(SectionTotal(section, states[State.MET], states[State.DUE_SOON], states[State.OVERDUE],
                                       states[State.NOT_APPLICABLE]))
        return totals

    def filtered(self, state=None) -> list[AgencyReview]:
        if not state:
            return list(self.rows)
        if state == "all_met":
            return [row for row in self.rows if row.meets_all]
        return [row for row in self.rows if row.has_state(state)]


def exemption_verdict(exemption) -> rules.Verdict:
    reason = _t("Được miễn: %(reason)s") % {"reason": exemption.reason}
    if exemption.valid_until:
        reason += _t(" (đến hết ngày %(date)s)") % {"date": rules.fmt_date(exemption.valid_until)}
    return rules.Verdict(State.NOT_APPLICABLE, reason)


def review_agencies(agencies, now=None, sections=None) -> Review:
    """Evaluate every section for every agency in ``agencies`` (an iterable of Agency)."""
    now = now or timezone.now()
    agencies = list(agencies)
    sections = list(sections if sections is not None else all_sections())
    ids = [agency.pk for agency in agencies]
    overrides = SectionRule.objects.params_by_key()
    today = timezone.localtime(now).date()
    exemptions = {(e.agency_id, e.section_key): e for e in Exemption.objects.active(today)}
    summaries = {section.key: section.summarize(ids, now) if ids else {} for section in sections}
    static = {section.key for section in sections if rules.is_static(section)}
    confirmations = {}
    if ids and static:
        latest = (Confirmation.objects.latest().filter(agency_id__in=ids, section_key__in=static)
                  .select_related("confirmed_by"))
        confirmations = {(c.agency_id, c.section_key): c for c in latest}
    evaluators = {section.key: rules.evaluator(section, overrides.get(section.key)) for section in sections}
    rows = []
    for agency in agencies:
        cells = []
        for section in sections:
            summary = summaries[section.key].get(agency.pk) or SectionSummary()
            confirmation = confirmations.get((agency.pk, section.key))
            if confirmation is not None:
                summary = replace(summary, extra={**summary.extra, "confirmed_at": confirmation.confirmed_at})
            exemption = exemptions.get((agency.pk, section.key))
            if exemption is not None:
                verdict = exemption_verdict(exemption)
            else:
                verdict = evaluators[section.key](agency, summary, now, today)
            cells.append(Cell(section, verdict.state, verdict.reason, summary.count, summary.last_updated,
                              exemption, confirmation))
        rows.append(AgencyReview(agency, cells))
    return Review(now, sections, rows)


def review_from_snapshots(snapshots, now, sections=None) -> Review:
    """The review as it was stored on a day (``snapshots`` with their agency selected)."""
    sections = list(sections if sections is not None else all_sections())
    rows = []
    for snapshot in snapshots:
        cells = []
        for section in sections:
            data = snapshot.cells.get(section.key)
            if data is None:
                cells.append(Cell(section, State.NOT_APPLICABLE, _t("Chưa có chuyên mục này trong số liệu ngày đó")))
                continue
            last = parse_datetime(data["last_updated"]) if data.get("last_updated") else None
            cells.append(Cell(section, data["state"], data["reason"], data.get("count"), last))
        rows.append(AgencyReview(snapshot.agency, cells))
    return Review(now, sections, rows)


def cells_json(row: AgencyReview) -> dict:
    return {
        cell.section.key: {
            "state": str(cell.state), "reason": cell.reason, "count": cell.count,
            "last_updated": cell.last_updated.isoformat() if cell.last_updated else None,
        }
        for cell in row.cells
    }
