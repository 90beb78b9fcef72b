"""The compliance rules: what "kept current" means for each kind of section.

A section registers itself with a ``rule`` dict of default parameters (portal/sections.py); this
module decides which *kind* of rule evaluates it (``rule["kind"]``, with a fallback on the section's
``frequency`` so that a section added later is covered at once), merges
the parameters (kind defaults ← registry ``rule`` ← the superuser's override in the admin) and
turns a ``SectionSummary`` into a ``Verdict``: a state and a one-line reason in Vietnamese.

Everything here is pure: no database access, so the dashboard stays at one ``summarize`` call per
section whatever the number of agencies, and every boundary can be tested with plain values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from portal import periods


class State(models.TextChoices):
    MET = "met", _("Đạt")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Chưa đạt, quá hạn")
    NOT_APPLICABLE = "not_applicable", _("Không áp dụng")


# How bad a state is, to pick the worst of several and to sort agencies by their problems.
SEVERITY = {State.NOT_APPLICABLE: 0, State.MET: 1, State.DUE_SOON: 2, State.OVERDUE: 3}
# A symbol beside every state label, so the state never rests on colour alone.
SYMBOLS = {State.MET: "✓", State.DUE_SOON: "!", State.OVERDUE: "✗", State.NOT_APPLICABLE: "—"}
PROBLEM_STATES = frozenset({State.DUE_SOON, State.OVERDUE})

WEEKDAYS = [_("thứ Hai"), _("thứ Ba"), _("thứ Tư"), _("thứ Năm"), _("thứ Sáu"), _("thứ Bảy"), _("Chủ nhật")]


@dataclass(frozen=True)
class Verdict:
    state: str
    reason: str


class ParamError(ValueError):
    """A rule parameter that cannot be used; the message is Vietnamese and names the parameter."""


def fmt_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def fmt_datetime(value: datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def local_date(value) -> date | None:
    """The date in Asia/Ho_Chi_Minh of a datetime (a plain date passes through)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


# --- parameters -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Param:
    name: str
    label: str
    default: object
    kind: str  # "days", "weekday", "time", "months", "lag"

    def clean(self, value):
        label = str(self.label)
        if self.kind in ("days", "months"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ParamError(_t("Tham số “%(name)s” (%(label)s) phải là một số nguyên.") % {
                    "name": self.name, "label": label})
            low = 0 if self.name == "warn_days" else 1
            high = 28 if self.name == "due_day" else 3660
            if not low <= value <= high:
                raise ParamError(_t("Tham số “%(name)s” (%(label)s) phải từ %(low)d đến %(high)d.") % {
                    "name": self.name, "label": label, "low": low, "high": high})
            return value
        if self.kind == "weekday":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
                raise ParamError(_t("Tham số “%(name)s” (%(label)s) phải là số từ 0 (thứ Hai) đến 6 (Chủ nhật).")
                                 % {"name": self.name, "label": label})
            return value
        if self.kind == "time":
            if not isinstance(value, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
                raise ParamError(_t("Tham số “%(name)s” (%(label)s) phải là giờ dạng HH:MM, ví dụ 08:00.") % {
                    "name": self.name, "label": label})
            return value
        if self.kind == "lag":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 24:
                raise ParamError(_t("Tham số “%(name)s” (%(label)s) phải là số nguyên từ 0 đến 24.") % {
                    "name": self.name, "label": label})
            return value
        raise ParamError(self.name)  # pragma: no cover - a programming error


INITIAL_DAYS = Param("initial_days", _("số ngày nhập dữ liệu ban đầu, tính từ ngày đưa lên cổng"), 60, "days")


@dataclass(frozen=True)
class RuleInput:
    agency: object  # agencies.models.Agency (joined_on is read)
    summary: object  # portal.sections.SectionSummary
    params: dict
    now: datetime
    local_today: date | None = None  # the review passes it, worked out once for all cells

    @property
    def today(self) -> date:
        return self.local_today or timezone.localtime(self.now).date()

    @property
    def initial_deadline(self) -> date:
        return self.agency.joined_on + timedelta(days=self.params["initial_days"])

    def within_initial_period(self) -> bool:
        return self.today <= self.initial_deadline

    def empty_verdict(self, missing: str) -> Verdict:
        """Nothing published yet: due soon while the agency's first 60 days run, overdue after."""
        deadline = self.initial_deadline
        if self.today <= deadline:
            left = (deadline - self.today).days
            return Verdict(State.DUE_SOON, _t("%(missing)s; hạn nhập dữ liệu ban đầu %(date)s (còn %(left)d ngày)")
                           % {"missing": missing, "date": fmt_date(deadline), "left": left})
        return Verdict(State.OVERDUE, _t("%(missing)s; đã quá hạn nhập dữ liệu ban đầu %(date)s")
                       % {"missing": missing, "date": fmt_date(deadline)})


class RuleKind:
    """One kind of rule; subclasses declare their parameters and evaluate a summary."""

    key = ""
    label = ""
    params: tuple[Param, ...] = ()
    # Names the section apps use in their registry ``rule`` dict for one of our parameters.
    aliases: dict[str, str] = {}
    # Registry names this kind knows and deliberately does not use (with the reason, for the admin).
    ignored: dict[str, str] = {}

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    def clean_params(self, values: dict, *, strict: bool = True) -> dict:
        """Validated parameters; unknown names are an error when ``strict``, else ignored."""
        if not isinstance(values, dict):
            raise ParamError(_t("Tham số phải là một đối tượng JSON, ví dụ {\"days\": 7}."))
        known = {p.name: p for p in self.params}
        cleaned = {}
        for name, value in values.items():
            name = self.aliases.get(name, name)
            if name == "kind" or name in self.ignored:
                continue
            if name not in known:
                if strict:
                    raise ParamError(_t("Tham số “%(name)s” không dùng cho quy tắc “%(kind)s”; các tham số dùng được: "
                                        "%(names)s.") % {"name": name, "kind": self.label,
                                                         "names": ", ".join(known)})
                continue
            cleaned[name] = known[name].clean(value)
        return cleaned

    def evaluate(self, data: RuleInput) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self, params: dict) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


class StaticContentRule(RuleKind):
    """Sections 1-4: content exists (within 60 days of joining) and is reviewed within 12 months."""

    key = "static_content"
    label = _("Nội dung ổn định: có nội dung, rà soát định kỳ")
    params = (
        INITIAL_DAYS,
        Param("review_months", _("số tháng tối đa giữa hai lần rà soát, cập nhật"), 12, "months"),
        Param("warn_days", _("báo “sắp đến hạn” trước hạn rà soát (ngày)"), 30, "days"),
    )

    def evaluate(self, data):
        summary, params = data.summary, data.params
        if not summary.count or summary.last_updated is None:
            return data.empty_verdict(_t("Chưa có nội dung được xuất bản"))
        last = local_date(summary.last_updated)
        # An approver's confirmation that the content is still current counts as a review
        # (``extra["confirmed_at"]``, added by compliance/review.py from the Confirmation rows).
        confirmed = local_date(summary.extra.get("confirmed_at"))
        if confirmed is not None and confirmed > last:
            reviewed = confirmed
            latest = _t("Xác nhận còn hiệu lực ngày %(date)s (cập nhật lần cuối ngày %(updated)s)") % {
                "date": fmt_date(confirmed), "updated": fmt_date(last)}
        else:
            reviewed = last
            latest = _t("Cập nhật lần cuối ngày %(date)s") % {"date": fmt_date(last)}
        review_due = reviewed + relativedelta(months=params["review_months"])
        if data.today > review_due:
            return Verdict(State.OVERDUE, _t("Chưa rà soát, cập nhật từ ngày %(date)s (quá %(months)d tháng)")
                           % {"date": fmt_date(reviewed), "months": params["review_months"]})
        if (review_due - data.today).days < params["warn_days"]:
            return Verdict(State.DUE_SOON, _t("%(latest)s; cần rà soát trước ngày %(due)s")
                           % {"latest": latest, "due": fmt_date(review_due)})
        return Verdict(State.MET, latest)

    def describe(self, params):
        return _t("Có nội dung trong %(initial)d ngày kể từ ngày đưa lên cổng; rà soát, cập nhật ít nhất "
                  "%(months)d tháng một lần") % {"initial": params["initial_days"], "months": params["review_months"]}


class WeeklyScheduleRule(RuleKind):
    """Section 5: this week's schedule published by Monday 08:00; next week's by Saturday is good practice."""

    key = "weekly_schedule"
    label = _("Lịch công tác tuần")
    ignored = {"max_age_days": "the weekly deadline replaces an age limit"}
    params = (
        INITIAL_DAYS,
        Param("weekday", _("hạn đăng lịch tuần: thứ (0 = thứ Hai)"), 0, "weekday"),
        Param("time", _("hạn đăng lịch tuần: giờ"), "08:00", "time"),
        Param("next_week_weekday", _("nên đăng lịch tuần sau từ: thứ (5 = thứ Bảy)"), 5, "weekday"),
    )

    def evaluate(self, data):
        summary, params = data.summary, data.params
        local_now = timezone.localtime(data.now)
        monday = local_now.date() - timedelta(days=local_now.weekday())
        week = local_now.isocalendar().week
        hour, minute = map(int, params["time"].split(":"))
        deadline_day = monday + timedelta(days=params["weekday"])
        deadline = timezone.make_aware(datetime.combine(deadline_day, time(hour, minute)))
        deadline_text = _t("%(time)s %(weekday)s %(date)s") % {
            "time": params["time"], "weekday": WEEKDAYS[params["weekday"]], "date": fmt_date(deadline_day)}
        current = summary.extra.get("current_week_published_at")
        following = summary.extra.get("next_week_published_at")
        if current is None:
            if not summary.count and data.within_initial_period():
                return data.empty_verdict(_t("Chưa có lịch công tác"))
            if data.now <= deadline:
                return Verdict(State.DUE_SOON, _t("Chưa có lịch công tác tuần %(week)d; hạn đăng %(deadline)s")
                               % {"week": week, "deadline": deadline_text})
            return Verdict(State.OVERDUE, _t("Chưa có lịch công tác tuần %(week)d (hạn %(deadline)s)")
                           % {"week": week, "deadline": deadline_text})
        if current > deadline:
            return Verdict(State.OVERDUE, _t("Lịch công tác tuần %(week)d đăng muộn lúc %(at)s (hạn %(deadline)s)")
                           % {"week": week, "at": fmt_datetime(current), "deadline": deadline_text})
        next_week = (monday + timedelta(days=7)).isocalendar().week
        good_practice_from = timezone.make_aware(
            datetime.combine(monday + timedelta(days=params["next_week_weekday"]), time(0, 0)))
        if following is None and data.now >= good_practice_from:
            return Verdict(State.DUE_SOON, _t("Đã có lịch tuần %(week)d; chưa có lịch tuần %(next)d")
                           % {"week": week, "next": next_week})
        if following is not None:
            return Verdict(State.MET, _t("Đã có lịch tuần %(week)d và tuần %(next)d")
                           % {"week": week, "next": next_week})
        return Verdict(State.MET, _t("Đã có lịch tuần %(week)d, đăng lúc %(at)s")
                       % {"week": week, "at": fmt_datetime(current)})

    def describe(self, params):
        return _t("Lịch tuần đăng trước %(time)s %(weekday)s; lịch tuần sau nên có từ %(next)s") % {
            "time": params["time"], "weekday": WEEKDAYS[params["weekday"]],
            "next": WEEKDAYS[params["next_week_weekday"]]}


class RecentActivityRule(RuleKind):
    """Sections updated daily or weekly: something new within the last ``days`` days."""

    key = "recent_update"
    label = _("Cập nhật thường xuyên")
    aliases = {"max_age_days": "days"}
    missing = _("Chưa cập nhật lần nào")
    latest = _("Cập nhật gần nhất ngày %(date)s")
    params = (
        INITIAL_DAYS,
        Param("days", _("số ngày tối đa kể từ lần cập nhật gần nhất"), 7, "days"),
        Param("warn_days", _("báo “sắp đến hạn” khi còn ít hơn (ngày)"), 1, "days"),
    )

    def evaluate(self, data):
        summary, params = data.summary, data.params
        if summary.last_updated is None:
            if data.within_initial_period():
                return data.empty_verdict(str(self.missing))
            return Verdict(State.OVERDUE, str(self.missing))
        last = local_date(summary.last_updated)
        due = last + timedelta(days=params["days"])
        latest = str(self.latest) % {"date": fmt_date(last)}
        remaining = (due - data.today).days
        if remaining < 0:
            return Verdict(State.OVERDUE, _t("%(latest)s (quá %(days)d ngày)") % {"latest": latest,
                                                                                   "days": params["days"]})
        if remaining < params["warn_days"]:
            return Verdict(State.DUE_SOON, _t("%(latest)s; cần cập nhật trước hết ngày %(due)s")
                           % {"latest": latest, "due": fmt_date(due)})
        return Verdict(State.MET, latest)

    def describe(self, params):
        return _t("Có cập nhật trong %(days)d ngày gần nhất") % {"days": params["days"]}


class RecentNewsRule(RecentActivityRule):
    key = "recent_news"
    label = _("Tin tức thường xuyên")
    missing = _("Chưa có tin nào được đăng")
    latest = _("Tin mới nhất đăng ngày %(date)s")

    def describe(self, params):
        return _t("Có ít nhất một tin đăng trong %(days)d ngày gần nhất") % {"days": params["days"]}


class RecentDispatchRule(RecentActivityRule):
    key = "recent_dispatches"
    label = _("Công văn đi – đến cập nhật thường xuyên")
    missing = _("Chưa cập nhật sổ công văn, số liệu công văn")
    latest = _("Công văn cập nhật gần nhất ngày %(date)s")


PERIOD_LABELS = {"month": _("tháng"), "quarter": _("quý"), "year": _("năm")}


class KtxhPeriodRule(RuleKind):
    """Section 7: the latest expected period is present, e.g. last month's figures by the 20th.

    For each period kind with a ``<kind>_lag`` above 0, the period ``lag`` periods before the current
    one must be present once its due day (the ``due_day``-th of the month after it) has passed;
    until then the one before it suffices, and the state is "due soon". Each kind of period is checked
    once the agency publishes it; an agency owning indicators but holding none is asked for months.
    """

    key = "ktxh_period"
    label = _("Số liệu kinh tế - xã hội theo kỳ")
    params = (
        INITIAL_DAYS,
        Param("due_day", _("hạn có số liệu của kỳ: ngày của tháng sau kỳ"), 20, "days"),
        Param("month_lag", _("số liệu tháng: chậm tối đa bao nhiêu tháng (0 = không kiểm tra)"), 1, "lag"),
        Param("quarter_lag", _("số liệu quý: chậm tối đa bao nhiêu quý (0 = không kiểm tra)"), 1, "lag"),
        Param("year_lag", _("số liệu năm: chậm tối đa bao nhiêu năm (0 = không kiểm tra)"), 1, "lag"),
    )

    def due_date(self, kind: str, start: date, due_day: int) -> date:
        after = periods.shift(kind, start, 1)  # first day of the month after the period
        return after + timedelta(days=due_day - 1)

    def evaluate(self, data):
        summary, params = data.summary, data.params
        extra = summary.extra
        has_any = {kind: extra.get(f"latest_{kind}") is not None for kind in PERIOD_LABELS}
        if not extra.get("owns_indicators") and not any(has_any.values()):
            if summary.count:  # data of a kind this rule does not know: nothing to hold against it
                return Verdict(State.MET, _t("Có %(count)d mục dữ liệu") % {"count": summary.count})
            if extra.get("integrated") is not None:
                return self.integrated(data)
            return Verdict(State.NOT_APPLICABLE, _t("Đơn vị không phụ trách chỉ tiêu kinh tế - xã hội riêng"))
        # The kinds of period the agency publishes; an agency holding nothing yet is asked for months.
        kinds = [kind for kind in PERIOD_LABELS if params[f"{kind}_lag"] > 0 and has_any[kind]]
        if not any(has_any.values()) and params["month_lag"] > 0:
            kinds = ["month"]
        if not any(has_any[kind] for kind in kinds) and data.within_initial_period():
            return data.empty_verdict(_t("Chưa có số liệu kinh tế - xã hội"))
        verdicts = []
        for kind in kinds:
            latest = local_date(extra.get(f"latest_{kind}"))
            target = periods.shift(kind, periods.start_of(kind, data.today), -params[f"{kind}_lag"])
            due = self.due_date(kind, target, params["due_day"])
            if latest is not None and latest >= target:
                verdicts.append(Verdict(State.MET, _t("Đã có số liệu %(period)s") % {
                    "period": periods.label_in_sentence(latest, kind)}))
                continue
            before = periods.shift(kind, target, -1)
            if data.today <= due and latest is not None and latest >= before:
                verdicts.append(Verdict(State.DUE_SOON, _t("Chưa có số liệu %(period)s; hạn %(due)s") % {
                    "period": periods.label_in_sentence(target, kind), "due": fmt_date(due)}))
                continue
            missing = target if data.today > due else before
            missing_due = self.due_date(kind, missing, params["due_day"])
            verdicts.append(Verdict(State.OVERDUE, _t("Chưa có số liệu %(period)s (hạn %(due)s)") % {
                "period": periods.label_in_sentence(missing, kind), "due": fmt_date(missing_due)}))
        if not verdicts:
            return Verdict(State.NOT_APPLICABLE, _t("Không có kỳ số liệu nào phải kiểm tra"))
        worst = max(SEVERITY[v.state] for v in verdicts)
        chosen = [v for v in verdicts if SEVERITY[v.state] == worst]
        return Verdict(chosen[0].state, "; ".join(v.reason for v in chosen))

    def integrated(self, data):
        """The agency shows the province's figures (section summary ``extra["integrated"]``): filled
        while they are fresh, judged by the same periods."""
        from portal.sections import SectionSummary

        province = SectionSummary(extra={**data.summary.extra["integrated"], "owns_indicators": True})
        verdict = self.evaluate(replace(data, summary=province))
        return Verdict(verdict.state, _t("Tích hợp số liệu KT-XH của tỉnh: %(reason)s") % {"reason": verdict.reason})

    def describe(self, params):
        lags = ", ".join(f"{PERIOD_LABELS[k]} {params[k + '_lag']}" for k in PERIOD_LABELS if params[k + "_lag"])
        return _t("Có số liệu kỳ trước (độ chậm tối đa: %(lags)s) trước ngày %(day)d của tháng sau kỳ") % {
            "lags": lags, "day": params["due_day"]}


class OverdueItemsRule(RuleKind):
    """Sections that owe answers by deadlines (questions, consultations, requests): met while none
    is overdue. The section's ``summarize`` counts them in ``extra["overdue"]`` and says which in
    ``extra["overdue_reason"]``; the rule needs no data of its own."""

    key = "overdue_items"
    label = _("Không có việc quá hạn")

    def evaluate(self, data):
        overdue = int(data.summary.extra.get("overdue") or 0)
        if overdue:
            return Verdict(State.OVERDUE, str(data.summary.extra.get("overdue_reason")
                                              or _t("%(count)d việc quá hạn") % {"count": overdue}))
        return Verdict(State.MET, _t("Không có việc quá hạn"))

    def describe(self, params):
        return _t("Không có việc nào quá hạn xử lý")


KINDS: dict[str, RuleKind] = {kind.key: kind for kind in (
    StaticContentRule(), WeeklyScheduleRule(), RecentActivityRule(), RecentNewsRule(), RecentDispatchRule(),
    KtxhPeriodRule(), OverdueItemsRule(),
)}

# A section names its kind in its registry ``rule`` dict ({"kind": "recent_news", ...}); one that
# does not falls back on its ``frequency``, so a ninth section is covered the day it registers.
FREQUENCY_KINDS = {"static": "static_content", "continuous": "recent_update"}


def kind_for(section) -> RuleKind:
    name = section.rule.get("kind") or FREQUENCY_KINDS.get(section.frequency, "recent_update")
    return KINDS[name]


def is_static(section) -> bool:
    """Whether ``section`` is kept by the static-content rule (an approver may confirm it current)."""
    return kind_for(section).key == StaticContentRule.key


def effective_params(section, override: dict | None = None) -> dict:
    """Kind defaults, then the registry's ``rule`` dict, then the superuser's override."""
    kind = kind_for(section)
    params = kind.defaults()
    params.update(kind.clean_params(section.rule or {}, strict=False))
    if override:
        params.update(kind.clean_params(override, strict=False))
    return params


def evaluator(section, override: dict | None = None):
    """``evaluate(agency, summary, now)`` for one section, its kind and parameters worked out once
    (the review calls it for every agency: the parameters are not cleaned again for each)."""
    kind = kind_for(section)
    params = effective_params(section, override)

    def evaluate_one(agency, summary, now, today=None) -> Verdict:
        return kind.evaluate(RuleInput(agency, summary, params, now, today))

    return evaluate_one


def evaluate(section, agency, summary, now, override: dict | None = None) -> Verdict:
    return evaluator(section, override)(agency, summary, now)
