"""Server-rendered SVG charts: no JavaScript, no inline style (CSP), styled by classes in ktxh.css.

Why not a library: pygal writes a <style> element and loads JavaScript (both refused by the
portal's Content Security Policy when the SVG sits in the page), and leather keeps its styling in
module globals and gives the SVG no title or description. The chart is a small picture of the
table right under it, which is the accessible alternative; what is drawn here is little: nice axis
ticks, columns or a line, labels thinned to fit, estimates drawn differently (and said so).

``render(points, kind=..., title=..., description=...)`` returns safe markup for
``<figure>``; ``points`` are ``Point(label, value, estimate)``, oldest first.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 560, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 10, 16, 40
FONT = 17  # SVG units; the chart scales with the page width (about 11 px on a phone)
CHAR = 9.3  # approximate width of one label character at FONT


@dataclass
class Point:
    label: str
    value: Decimal | float
    estimate: bool = False


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (Heckbert's nice numbers)."""
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    span = _nice(high - low, round_=False)
    step = _nice(span / max(count - 1, 1), round_=True)
    start = math.floor(low / step) * step
    stop = math.ceil(high / step) * step
    ticks, value = [], start
    while value <= stop + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _nice(x: float, round_: bool) -> float:
    exponent = math.floor(math.log10(x))
    fraction = x / 10 ** exponent
    if round_:
        nice = 1 if fraction < 1.5 else 2 if fraction < 3 else 5 if fraction < 7 else 10
    else:
        nice = 1 if fraction <= 1 else 2 if fraction <= 2 else 5 if fraction <= 5 else 10
    return nice * 10 ** exponent


def _fmt(value: float, decimals: int) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def render(points: list[Point], *, kind: str = "columns", title: str, description: str, chart_id: str,
           decimals: int = 0) -> str:
    if not points:
        return ""
    values = [float(p.value) for p in points]
    low, high = min(values), max(values)
    if kind == "columns":
        low, high = min(low, 0.0), max(high, 0.0)  # columns stand on zero
    ticks = nice_ticks(low, high)
    y_min, y_max = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    tick_decimals = max(0, -math.floor(math.log10(ticks[1] - ticks[0]))) if len(ticks) > 1 else 0

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - y_min) / (y_max - y_min))

    slot = plot_w / len(points)
    longest = max(len(p.label) for p in points)
    every = max(1, math.ceil((longest * CHAR + 8) / slot))
    parts = [
        f'<svg class="ktxh-chart ktxh-chart-{kind}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMidYMid meet" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        '<g class="grid">',
    ]
    for tick in ticks:
        ty = y(tick)
        css = "zero" if tick == 0 else "line"
        parts.append(f'<line class="{css}" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{ty + FONT / 3:.1f}" text-anchor="end" '
                     f'font-size="{FONT}">{escape(_fmt(tick, tick_decimals))}</text>')
    parts.append("</g>")
    parts.append('<g class="series">')
    baseline = y(max(y_min, min(0.0, y_max)))
    if kind == "line":
        coords = [(LEFT + slot * (i + 0.5), y(v)) for i, v in enumerate(values)]
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{yy:.1f}" for i, (x, yy) in enumerate(coords))
        parts.append(f'<path class="line" d="{path}" fill="none"/>')
        for (x, yy), point in zip(coords, points, strict=True):
            css = "dot estimate" if point.estimate else "dot"
            parts.append(f'<circle class="{css}" cx="{x:.1f}" cy="{yy:.1f}" r="4.5"/>')
    else:
        bar_w = max(slot * 0.7, 1.0)
        for i, (value, point) in enumerate(zip(values, points, strict=True)):
            x = LEFT + slot * i + (slot - bar_w) / 2
            top, bottom = sorted((y(value), baseline))
            css = "bar estimate" if point.estimate else "bar"
            parts.append(f'<rect class="{css}" x="{x:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
                         f'height="{max(bottom - top, 0.5):.1f}"/>')
    parts.append("</g>")
    parts.append('<g class="axis">')
    for i, point in enumerate(points):
        if (len(points) - 1 - i) % every:
            continue  # keep the latest period labelled, thin the rest
        x = LEFT + slot * (i + 0.5)
        parts.append(f'<text class="label" x="{x:.1f}" y="{HEIGHT - BOTTOM + FONT + 6}" text-anchor="middle" '
                     f'font-size="{FONT}">{escape(point.label)}</text>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)
