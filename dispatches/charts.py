"""Server-rendered SVG bar charts (no JavaScript); the table next to each chart is its text alternative.

The functions only compute geometry; templates/dispatches/includes/bar_chart.svg draws it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

WIDTH = 420
LABEL_WIDTH = 112
BAR_HEIGHT = 14
GROUP_GAP = 12
TOP = 28


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    css: str
    label_x: float
    text_y: float


@dataclass
class Group:
    label: str
    y: float
    bars: list


def grouped_bars(rows, series, width=WIDTH):
    """Horizontal grouped bars: ``rows`` are (label, [value per series]); ``series`` are (name, css).

    Returns a dict with the SVG size, the groups, the legend and the scale ticks.
    """
    rows = list(rows)
    largest = max([v for _label, values in rows for v in values] + [1])
    plot = width - LABEL_WIDTH - 40
    groups, y = [], TOP
    for label, values in rows:
        bars = []
        for index, value in enumerate(values):
            bar_width = plot * value / largest
            bar_y = y + index * BAR_HEIGHT
            bars.append(Bar(LABEL_WIDTH, bar_y, round(bar_width, 1), BAR_HEIGHT - 2, value,
                            series[index][1], round(LABEL_WIDTH + bar_width + 4, 1), bar_y + 10))
        groups.append(Group(label, y + len(values) * BAR_HEIGHT / 2 + 4, bars))
        y += len(values) * BAR_HEIGHT + GROUP_GAP
    legend = [(name, css, LABEL_WIDTH + i * 120) for i, (name, css) in enumerate(series)]
    return {"width": width, "height": max(y, TOP + 20), "groups": groups, "legend": legend,
            "label_width": LABEL_WIDTH - 6}


DIRECTION_SERIES = [(_("Văn bản đến"), "bar-in"), (_("Văn bản đi"), "bar-out")]
