from datetime import date
from decimal import Decimal

import pytest

from ktxh_sync import charts
from ktxh_sync.parsers import to_decimal, to_flag
from portal import periods


@pytest.mark.parametrize("text,frequency,expected", [
    ("2026M10", "month", date(2026, 10, 1)),
    ("2026-10", "month", date(2026, 10, 1)),
    ("Tháng 10/2026", "month", date(2026, 10, 1)),
    ("10/2026", "month", date(2026, 10, 1)),
    ("T3/2025", "month", date(2025, 3, 1)),
    ("2026Q3", "quarter", date(2026, 7, 1)),
    ("2026-Q4", "quarter", date(2026, 10, 1)),
    ("Quý III/2026", "quarter", date(2026, 7, 1)),
    ("quy 2/2026", "quarter", date(2026, 4, 1)),
    ("IV/2025", "quarter", date(2025, 10, 1)),
    ("2025", "year", date(2025, 1, 1)),
    ("Năm 2025", "year", date(2025, 1, 1)),
    (date(2026, 7, 1), "quarter", date(2026, 7, 1)),
])
def test_periods_in_every_written_form(text, frequency, expected):
    assert periods.parse_period(text, frequency) == expected


@pytest.mark.parametrize("text,frequency,message", [
    ("2026Q3", "month", "là một quý, nhưng chỉ tiêu này báo cáo theo tháng"),
    ("13/2026", "month", "Không hiểu kỳ báo cáo"),
    ("", "year", "Thiếu kỳ báo cáo"),
    (None, "year", "Thiếu kỳ báo cáo"),
    ("tháng mười", "month", "Không hiểu kỳ báo cáo"),
    (date(2026, 8, 1), "quarter", "không phải là ngày đầu của một quý"),
])
def test_bad_periods_say_why_in_vietnamese(text, frequency, message):
    with pytest.raises(periods.PeriodError, match=message):
        periods.parse_period(text, frequency)


def test_period_labels():
    assert periods.label(date(2026, 10, 1), "month") == "Tháng 10/2026"
    assert periods.label(date(2026, 7, 1), "quarter") == "Quý III/2026"
    assert periods.label(date(2025, 1, 1), "year") == "Năm 2025"
    assert periods.code(date(2026, 7, 1), "quarter") == "2026-Q3"
    assert periods.last_n("quarter", date(2026, 7, 1), 3) == [date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1)]


@pytest.mark.parametrize("raw,expected", [
    ("1234.5", Decimal("1234.5")), ("12,5", Decimal("12.5")), ("1.234,5", Decimal("1234.5")),
    ("1,234.5", Decimal("1234.5")), (108, Decimal(108)), (2.5, Decimal("2.5")), ("", None), (None, None),
    ("-0,3", Decimal("-0.3")),
])
def test_numbers_from_every_kind_of_cell(raw, expected):
    assert to_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12 tỷ", "NaN", "Infinity", True])
def test_text_is_not_a_number(raw):
    with pytest.raises(ValueError):
        to_decimal(raw)


def test_estimate_flags():
    assert to_flag("x") and to_flag("Ước tính") and to_flag("1") and to_flag(True)
    assert not to_flag("không") and not to_flag("") and not to_flag(None) and not to_flag("Chính thức")
    with pytest.raises(ValueError):
        to_flag("có lẽ")


def test_nice_ticks_cover_the_data_with_round_steps():
    assert charts.nice_ticks(0, 17914) == [0, 5000, 10000, 15000, 20000]
    ticks = charts.nice_ticks(102.7, 103.9)
    assert ticks[0] <= 102.7 and ticks[-1] >= 103.9 and len(ticks) <= 8
    assert charts.nice_ticks(5, 5)[0] < 5 < charts.nice_ticks(5, 5)[-1]


def test_chart_is_accessible_svg_without_script_or_inline_style():
    points = [charts.Point(f"{m:02d}/26", Decimal(100 + m), m == 11) for m in range(1, 12)]
    svg = charts.render(points, title="Doanh thu <thử>", description="Mô tả", chart_id="bd")
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="bd-title bd-desc"' in svg
    assert "<title id=\"bd-title\">Doanh thu &lt;thử&gt;</title>" in svg
    assert "<script" not in svg and "style=" not in svg and "<style" not in svg
    assert svg.count('class="bar"') == 10 and svg.count('class="bar estimate"') == 1
    assert ">11/26<" in svg  # the latest period is always labelled


def test_line_chart_and_negative_columns():
    line = charts.render([charts.Point("a", 1), charts.Point("b", 3)], kind="line", title="t", description="d",
                         chart_id="x")
    assert "<path" in line and line.count("<circle") == 2
    columns = charts.render([charts.Point("a", -2), charts.Point("b", 3)], title="t", description="d", chart_id="y")
    assert 'class="zero"' in columns
