"""Every rule at its boundaries, evaluated on plain values (no database)."""

from datetime import date
from types import SimpleNamespace

import pytest

from compliance import rules
from compliance.rules import State
from portal.sections import Section, SectionSummary

from .conftest import local

# The rule kind each of the eight sections names in its registry rule (tests/compliance/test_registry.py
# checks the real sections against this table).
KIND_OF = {
    "gioi-thieu": "static_content", "co-cau-to-chuc": "static_content", "chuc-nang-nhiem-vu": "static_content",
    "thu-tuc-hanh-chinh": "static_content", "lich-cong-tac": "weekly_schedule", "tin-tuc": "recent_news",
    "kinh-te-xa-hoi": "ktxh_period", "van-ban-di-den": "recent_dispatches",
}


def section(key, frequency="continuous", rule=None):
    kind = KIND_OF.get(key) or {"ktxh": "ktxh_period"}.get(key)  # "ktxh" is the section's key, not its path
    rule = {**({"kind": kind} if kind else {}), **(rule or {})}
    return Section(number=9, key=key, title=key, url_name="agency_home", path=key, update_rule="",
                   frequency=frequency, summarize=lambda ids, now: {}, rule=rule)


def check(key, summary, now, joined=date(2025, 1, 1), override=None, frequency="continuous", rule=None):
    agency = SimpleNamespace(joined_on=joined)
    return rules.evaluate(section(key, frequency, rule), agency, summary, now, override)


# --- sections 1-4: static content ------------------------------------------------------------------
@pytest.mark.parametrize("key", ["gioi-thieu", "co-cau-to-chuc", "chuc-nang-nhiem-vu", "thu-tuc-hanh-chinh"])
def test_static_content_missing_is_due_until_the_60th_day_and_overdue_on_the_61st(key):
    joined = date(2026, 3, 1)
    on_60th = check(key, SectionSummary(), local(2026, 4, 30, 23, 59), joined)  # 1 March + 60 days
    on_61st = check(key, SectionSummary(), local(2026, 5, 1, 0, 1), joined)
    assert on_60th.state == State.DUE_SOON
    assert "30/04/2026" in on_60th.reason and "còn 0 ngày" in on_60th.reason
    assert on_61st.state == State.OVERDUE
    assert on_61st.reason == "Chưa có nội dung được xuất bản; đã quá hạn nhập dữ liệu ban đầu 30/04/2026"


def test_static_content_is_met_when_updated_and_overdue_after_twelve_months():
    fresh = check("gioi-thieu", SectionSummary(2, local(2026, 1, 10, 9)), local(2026, 6, 1, 10))
    assert fresh == rules.Verdict(State.MET, "Cập nhật lần cuối ngày 10/01/2026")
    last_day = check("gioi-thieu", SectionSummary(2, local(2025, 6, 1, 9)), local(2026, 6, 1, 22))
    assert last_day.state == State.DUE_SOON and "01/06/2026" in last_day.reason
    stale = check("gioi-thieu", SectionSummary(2, local(2025, 6, 1, 9)), local(2026, 6, 2, 8))
    assert stale.state == State.OVERDUE
    assert stale.reason == "Chưa rà soát, cập nhật từ ngày 01/06/2025 (quá 12 tháng)"


# --- section 5: weekly schedule --------------------------------------------------------------------
MONDAY = (2026, 11, 23)  # ISO week 48


def test_schedule_missing_is_due_at_monday_0759_and_overdue_at_0801():
    before = check("lich-cong-tac", SectionSummary(5, local(2026, 11, 13)), local(*MONDAY, 7, 59))
    after = check("lich-cong-tac", SectionSummary(5, local(2026, 11, 13)), local(*MONDAY, 8, 1))
    assert before.state == State.DUE_SOON
    assert before.reason == "Chưa có lịch công tác tuần 48; hạn đăng 08:00 thứ Hai 23/11/2026"
    assert after.state == State.OVERDUE
    assert after.reason == "Chưa có lịch công tác tuần 48 (hạn 08:00 thứ Hai 23/11/2026)"


def test_schedule_published_at_0759_is_met_and_at_0801_is_late():
    now = local(2026, 11, 25, 10)
    on_time = check("lich-cong-tac", SectionSummary(5, None, {"current_week_published_at": local(*MONDAY, 7, 59)}), now)
    late = check("lich-cong-tac", SectionSummary(5, None, {"current_week_published_at": local(*MONDAY, 8, 1)}), now)
    assert on_time.state == State.MET
    assert late.state == State.OVERDUE and "đăng muộn lúc 08:01 23/11/2026" in late.reason


def test_schedule_deadline_is_read_in_ho_chi_minh_time():
    from datetime import UTC, datetime

    # 00:59 UTC on Monday is 07:59 in Asia/Ho_Chi_Minh, 01:01 UTC is 08:01.
    before = check("lich-cong-tac", SectionSummary(5), datetime(*MONDAY, 0, 59, tzinfo=UTC))
    after = check("lich-cong-tac", SectionSummary(5), datetime(*MONDAY, 1, 1, tzinfo=UTC))
    assert (before.state, after.state) == (State.DUE_SOON, State.OVERDUE)


def test_next_weeks_schedule_is_expected_from_saturday():
    published = {"current_week_published_at": local(2026, 11, 20, 16)}
    friday = check("lich-cong-tac", SectionSummary(5, None, published), local(2026, 11, 27, 23))
    saturday = check("lich-cong-tac", SectionSummary(5, None, published), local(2026, 11, 28, 9))
    both = check("lich-cong-tac", SectionSummary(5, None, {**published, "next_week_published_at": local(2026, 11, 27)}),
                 local(2026, 11, 28, 9))
    assert friday.state == State.MET
    assert saturday == rules.Verdict(State.DUE_SOON, "Đã có lịch tuần 48; chưa có lịch tuần 49")
    assert both == rules.Verdict(State.MET, "Đã có lịch tuần 48 và tuần 49")


def test_new_agency_without_schedule_is_within_its_60_days():
    verdict = check("lich-cong-tac", SectionSummary(), local(*MONDAY, 10), joined=date(2026, 11, 3))
    assert verdict.state == State.DUE_SOON and "02/01/2027" in verdict.reason


# --- sections 6 and 8: recent activity ------------------------------------------------------------
def test_news_on_the_7th_day_is_not_overdue_and_on_the_8th_is():
    latest = SectionSummary(40, local(2026, 11, 2, 15, 30))
    seventh = check("tin-tuc", latest, local(2026, 11, 9, 23, 59))
    eighth = check("tin-tuc", latest, local(2026, 11, 10, 0, 1))
    assert seventh.state == State.DUE_SOON
    assert seventh.reason.startswith("Tin mới nhất đăng ngày 02/11/2026")
    assert eighth == rules.Verdict(State.OVERDUE, "Tin mới nhất đăng ngày 02/11/2026 (quá 7 ngày)")
    assert check("tin-tuc", latest, local(2026, 11, 8, 12)).state == State.MET


def test_no_news_at_all_is_overdue_after_the_first_60_days():
    verdict = check("tin-tuc", SectionSummary(), local(2026, 11, 9))
    assert verdict == rules.Verdict(State.OVERDUE, "Chưa có tin nào được đăng")


def test_dispatches_use_their_own_words_and_the_same_7_days():
    latest = SectionSummary(3, local(2026, 11, 2, 8))
    assert check("van-ban-di-den", latest, local(2026, 11, 10, 9)).reason == (
        "Công văn cập nhật gần nhất ngày 02/11/2026 (quá 7 ngày)")
    assert check("van-ban-di-den", latest, local(2026, 11, 5, 9)).state == State.MET


# --- section 7: socio-economic periods -----------------------------------------------------------
def ktxh(**extra):
    return SectionSummary(5, local(2026, 10, 1), {"owns_indicators": True, **extra})


def test_last_months_figures_are_due_by_the_20th():
    september = {"latest_month": date(2026, 9, 1)}
    on_20th = check("kinh-te-xa-hoi", ktxh(**september), local(2026, 11, 20, 23))
    on_21st = check("kinh-te-xa-hoi", ktxh(**september), local(2026, 11, 21, 0, 1))
    assert on_20th == rules.Verdict(State.DUE_SOON, "Chưa có số liệu tháng 10/2026; hạn 20/11/2026")
    assert on_21st == rules.Verdict(State.OVERDUE, "Chưa có số liệu tháng 10/2026 (hạn 20/11/2026)")
    met = check("kinh-te-xa-hoi", ktxh(latest_month=date(2026, 10, 1)), local(2026, 11, 21))
    assert met == rules.Verdict(State.MET, "Đã có số liệu tháng 10/2026")


def test_figures_two_months_behind_are_overdue_even_before_the_20th():
    verdict = check("kinh-te-xa-hoi", ktxh(latest_month=date(2026, 8, 1)), local(2026, 11, 5))
    assert verdict == rules.Verdict(State.OVERDUE, "Chưa có số liệu tháng 9/2026 (hạn 20/10/2026)")


def test_quarterly_figures_are_checked_once_the_agency_publishes_quarters():
    summary = ktxh(latest_month=date(2026, 10, 1), latest_quarter=date(2026, 4, 1))
    verdict = check("ktxh", summary, local(2026, 11, 21))
    assert verdict == rules.Verdict(State.OVERDUE, "Chưa có số liệu quý III/2026 (hạn 20/10/2026)")
    assert check("ktxh", summary, local(2026, 11, 21), override={"quarter_lag": 0}).state == State.MET


def test_registry_lag_of_two_months_allows_the_month_before_last():
    september = ktxh(latest_month=date(2026, 9, 1))
    assert check("ktxh", september, local(2026, 11, 21), rule={"month_lag": 2}).state == State.MET
    assert check("ktxh", september, local(2026, 12, 21), rule={"month_lag": 2}).state == State.OVERDUE


def test_agency_without_its_own_indicators_is_not_applicable():
    summary = SectionSummary(0, None, {"owns_indicators": False})
    assert check("kinh-te-xa-hoi", summary, local(2026, 11, 21)).state == State.NOT_APPLICABLE


# --- parameters ------------------------------------------------------------------------------------
def test_override_changes_the_rule():
    latest = SectionSummary(3, local(2026, 11, 2, 8))
    assert check("tin-tuc", latest, local(2026, 11, 6), override={"days": 3}).state == State.OVERDUE
    assert check("tin-tuc", latest, local(2026, 11, 6), rule={"days": 3}).state == State.OVERDUE
    # The news app registers {"max_age_days": 7}: the same parameter under its own name.
    assert check("tin-tuc", latest, local(2026, 11, 6), rule={"max_age_days": 3}).state == State.OVERDUE
    assert check("tin-tuc", latest, local(2026, 11, 6), rule={"max_age_days": 3}, override={"days": 9}).state == (
        State.MET)


@pytest.mark.parametrize(("params", "message"), [
    ({"dayz": 7}, "Tham số “dayz” không dùng cho quy tắc"),
    ({"days": "bảy"}, "Tham số “days”"),
    ({"days": 0}, "phải từ 1 đến 3660"),
])
def test_bad_parameters_are_refused_with_the_parameter_named(params, message):
    with pytest.raises(rules.ParamError, match=message):
        rules.KINDS["recent_news"].clean_params(params)


def test_schedule_time_must_be_hh_mm():
    with pytest.raises(rules.ParamError, match="HH:MM"):
        rules.KINDS["weekly_schedule"].clean_params({"time": "8h"})


def test_a_section_added_later_is_covered_by_its_frequency_or_its_declared_kind():
    assert rules.kind_for(section("van-ban-moi", "static")).key == "static_content"
    assert rules.kind_for(section("hoi-dap", "continuous")).key == "recent_update"
    assert rules.kind_for(section("hoi-dap", "continuous", {"kind": "recent_news"})).key == "recent_news"
    stale = check("hoi-dap", SectionSummary(2, local(2026, 1, 1)), local(2026, 3, 1))
    assert stale == rules.Verdict(State.OVERDUE, "Cập nhật gần nhất ngày 01/01/2026 (quá 7 ngày)")


def test_every_kind_describes_its_defaults():
    for kind in rules.KINDS.values():
        assert kind.describe(kind.defaults())

