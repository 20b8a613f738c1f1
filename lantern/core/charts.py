"""Charts drawn on the server as SVG: readable without JavaScript, printable and accessible.

Each builder (``bar_chart``, ``stacked_bar_chart``, ``grouped_bar_chart``, ``line_chart``, ``scatter_chart``)
returns a ``Chart``: the geometry of the drawing, worked out here, and the same figures as
a table. ``core/charts/chart.html`` draws it (``{% load charts %}{% chart some_chart %}``):
an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``, with
text labels on the marks, series told apart by pattern, dash and marker shape as well as
colour (never colour alone), and the data table below it.

Like the rest of core, this module knows nothing of any app's records: callers pass
labels and numbers.
"""

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

Formatter = Callable[[float], str]

# GOV.UK colours with enough contrast against white (3:1 or more for graphics, WCAG 1.4.11).
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#0b0c0c", "#912b88", "#28a197")
# Fills told apart without colour: solid, stripes, dots, cross-hatching...
PATTERNS = ("solid", "stripes", "dots", "crosshatch", "horizontal", "vertical")
DASHES = ("", "8 4", "2 4", "12 4 2 4")
MARKERS = ("circle", "square", "triangle", "diamond")

_SLUG = re.compile(r"[^a-z0-9]+")


def number(value: float) -> str:
    """The default label of a value: whole numbers with thousands separators."""
    return f"{value:,.0f}"


def _nice_max(value: float) -> float:
    """A round number a little above ``value``, for the top of an axis."""
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _ticks(top: float, count: int = 4) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def _axis_top(values: Sequence[float]) -> float:
    """The top of a value axis: a round number above the largest value; for counts (whole
    numbers), a multiple of four, so that every tick is a whole number too."""
    largest = max((float(v) for v in values), default=0.0)
    if all(float(v).is_integer() for v in values):
        return float(max(1, math.ceil(_nice_max(largest / 4))) * 4)
    return _nice_max(largest)


@dataclass(frozen=True)
class Style:
    colour: str
    pattern: str
    dash: str
    marker: str


def _styles(count: int) -> list[Style]:
    return [
        Style(colour=colour, pattern=pattern, dash=dash, marker=marker)
        for colour, pattern, dash, marker in itertools.islice(
            zip(itertools.cycle(COLOURS), itertools.cycle(PATTERNS), itertools.cycle(DASHES),
                itertools.cycle(MARKERS), strict=False), count)
    ]


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # per column: right-aligned numbers


@dataclass
class Chart:
    """What the template draws. Coordinates are in the SVG's own units (``width`` × ``height``)."""

    kind: str  # bar, stacked_bar, grouped_bar, line, scatter
    id: str
    title: str
    description: str
    width: int
    height: int
    table: Table
    marks: list[dict[str, Any]] = field(default_factory=list)  # bars, segments, points, lines
    labels: list[dict[str, Any]] = field(default_factory=list)  # text drawn on the chart
    gridlines: list[dict[str, Any]] = field(default_factory=list)
    legend: list[dict[str, Any]] = field(default_factory=list)
    patterns: list[dict[str, Any]] = field(default_factory=list)
    axes: dict[str, Any] = field(default_factory=dict)
    empty: bool = False

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"


def _chart_id(title: str, given: str) -> str:
    return given or "chart-" + (_SLUG.sub("-", title.lower()).strip("-") or "untitled")[:50]


def _pattern_defs(chart_id: str, styles: Sequence[Style]) -> list[dict[str, Any]]:
    return [
        {"id": f"{chart_id}-p{i}", "colour": s.colour, "kind": s.pattern}
        for i, s in enumerate(styles)
    ]


def _fill(chart_id: str, index: int, style: Style) -> str:
    return style.colour if style.pattern == "solid" else f"url(#{chart_id}-p{index})"


# --- Horizontal bar chart ---------------------------------------------------------------------------


def bar_chart(*, title: str, description: str, labels: Sequence[str], values: Sequence[float],
              value_label: str = "Value", category_label: str = "Category", fmt: Formatter = number,
              id: str = "", width: int = 640) -> Chart:  # noqa: A002
    """One horizontal bar per label, its value written at the bar's end."""
    if len(labels) != len(values):
        raise ValueError("labels and values must be the same length")
    chart_id = _chart_id(title, id)
    bar, gap, label_width, top = 24, 10, 220, 10
    height = top + len(labels) * (bar + gap) + 30
    plot_width = width - label_width - 90
    top_value = _axis_top(values)
    chart = Chart(kind="bar", id=chart_id, title=title, description=description, width=width, height=height,
                  table=Table(caption=title, headers=[category_label, value_label],
                              rows=[[label, fmt(float(v))] for label, v in zip(labels, values, strict=True)],
                              numeric=[False, True]),
                  empty=not labels)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * (bar + gap)
        length = max(0.0, float(value)) / top_value * plot_width
        chart.marks.append({"x": label_width, "y": y, "width": round(length, 1), "height": bar,
                            "fill": COLOURS[0], "title": f"{label}: {fmt(float(value))}"})
        chart.labels.append({"x": label_width - 8, "y": y + bar / 2 + 5, "text": _shorten(label, 32), "anchor": "end"})
        chart.labels.append({"x": label_width + length + 6, "y": y + bar / 2 + 5, "text": fmt(float(value)),
                             "anchor": "start"})
    base = top + len(labels) * (bar + gap)
    for tick in _ticks(top_value):
        x = label_width + tick / top_value * plot_width
        chart.gridlines.append({"x1": round(x, 1), "y1": top, "x2": round(x, 1), "y2": base})
        chart.labels.append({"x": round(x, 1), "y": base + 18, "text": fmt(tick), "anchor": "middle", "small": True})
    return chart


# --- Stacked horizontal bar chart -------------------------------------------------------------------


def stacked_bar_chart(*, title: str, description: str, labels: Sequence[str],
                      series: Sequence[tuple[str, Sequence[float]]], category_label: str = "Category",
                      fmt: Formatter = number, id: str = "", width: int = 640) -> Chart:  # noqa: A002
    """One horizontal bar per label, split into the series' parts; each part is patterned (and
    coloured) as its series in the legend, and the bar's total is written at its end."""
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} must have one value per label")
    chart_id = _chart_id(title, id)
    styles = _styles(len(series))
    bar, gap, label_width, top = 24, 10, 220, 10
    legend_rows = math.ceil(len(series) / 3)
    height = top + len(labels) * (bar + gap) + 30 + legend_rows * 24 + 10
    plot_width = width - label_width - 90
    totals = [sum(max(0.0, float(values[i])) for _name, values in series) for i in range(len(labels))]
    top_value = _axis_top(totals)
    rows = [
        [label] + [fmt(float(values[i])) for _name, values in series] + [fmt(totals[i])]
        for i, label in enumerate(labels)
    ]
    chart = Chart(kind="stacked_bar", id=chart_id, title=title, description=description, width=width,
                  height=height, table=Table(caption=title, headers=[category_label, *(n for n, _v in series), "Total"],
                                             rows=rows, numeric=[False] + [True] * (len(series) + 1)),
                  patterns=_pattern_defs(chart_id, styles), empty=not labels)
    for i, label in enumerate(labels):
        y = top + i * (bar + gap)
        x = float(label_width)
        for s, (name, values) in enumerate(series):
            value = max(0.0, float(values[i]))
            length = value / top_value * plot_width
            if length > 0:
                chart.marks.append({"x": round(x, 1), "y": y, "width": round(length, 1), "height": bar,
                                    "fill": _fill(chart_id, s, styles[s]), "stroke": styles[s].colour,
                                    "title": f"{label}, {name}: {fmt(value)}"})
            x += length
        chart.labels.append({"x": label_width - 8, "y": y + bar / 2 + 5, "text": _shorten(label, 32), "anchor": "end"})
        chart.labels.append({"x": round(x + 6, 1), "y": y + bar / 2 + 5, "text": fmt(totals[i]), "anchor": "start"})
    base = top + len(labels) * (bar + gap)
    for tick in _ticks(top_value):
        gx = label_width + tick / top_value * plot_width
        chart.gridlines.append({"x1": round(gx, 1), "y1": top, "x2": round(gx, 1), "y2": base})
        chart.labels.append({"x": round(gx, 1), "y": base + 18, "text": fmt(tick), "anchor": "middle", "small": True})
    for s, (name, _values) in enumerate(series):
        chart.legend.append({"x": 10 + (s % 3) * 210, "y": base + 30 + (s // 3) * 24, "text": name,
                             "fill": _fill(chart_id, s, styles[s]), "stroke": styles[s].colour})
    return chart


# --- Grouped horizontal bar chart -------------------------------------------------------------------


def grouped_bar_chart(*, title: str, description: str, labels: Sequence[str],
                      series: Sequence[tuple[str, Sequence[float]]], category_label: str = "Category",
                      fmt: Formatter = number, top_value: float | None = None, id: str = "",  # noqa: A002
                      width: int = 640) -> Chart:
    """For each label, one horizontal bar per series side by side (before and after, this year and
    last), each patterned (and coloured) as its series in the legend, its value written at its end.
    ``top_value`` fixes the end of the value axis (a scale's maximum, such as 5)."""
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} must have one value per label")
    chart_id = _chart_id(title, id)
    styles = _styles(len(series))
    bar, gap, label_width, top = 18, 14, 220, 10
    group = bar * len(series)
    legend_rows = math.ceil(len(series) / 3)
    base = top + len(labels) * (group + gap)
    height = base + 30 + legend_rows * 24 + 10
    plot_width = width - label_width - 90
    top_value = top_value or _axis_top([float(v) for _n, values in series for v in values])
    chart = Chart(kind="grouped_bar", id=chart_id, title=title, description=description, width=width, height=height,
                  table=Table(caption=title, headers=[category_label, *(n for n, _v in series)],
                              rows=[[label] + [fmt(float(values[i])) for _n, values in series]
                                    for i, label in enumerate(labels)],
                              numeric=[False] + [True] * len(series)),
                  patterns=_pattern_defs(chart_id, styles), empty=not labels or not series)
    for i, label in enumerate(labels):
        y0 = top + i * (group + gap)
        for s, (name, values) in enumerate(series):
            value = max(0.0, float(values[i]))
            length = min(value, top_value) / top_value * plot_width
            y = y0 + s * bar
            chart.marks.append({"x": label_width, "y": y, "width": round(length, 1), "height": bar - 2,
                                "fill": _fill(chart_id, s, styles[s]), "stroke": styles[s].colour,
                                "title": f"{label}, {name}: {fmt(value)}"})
            chart.labels.append({"x": round(label_width + length + 6, 1), "y": y + bar / 2 + 3, "text": fmt(value),
                                 "anchor": "start", "small": True})
        chart.labels.append({"x": label_width - 8, "y": y0 + group / 2 + 5, "text": _shorten(label, 32),
                             "anchor": "end"})
    for tick in _ticks(top_value):
        gx = label_width + tick / top_value * plot_width
        chart.gridlines.append({"x1": round(gx, 1), "y1": top, "x2": round(gx, 1), "y2": base})
        chart.labels.append({"x": round(gx, 1), "y": base + 18, "text": fmt(tick), "anchor": "middle", "small": True})
    for s, (name, _values) in enumerate(series):
        chart.legend.append({"x": 10 + (s % 3) * 210, "y": base + 42 + (s // 3) * 24, "text": name,
                             "fill": _fill(chart_id, s, styles[s]), "stroke": styles[s].colour})
    return chart


# --- Line chart -----------------------------------------------------------------------------------


def line_chart(*, title: str, description: str, labels: Sequence[str],
               series: Sequence[tuple[str, Sequence[float]]], x_label: str = "Period", fmt: Formatter = number,
               id: str = "", width: int = 640, height: int = 320) -> Chart:  # noqa: A002
    """Values over periods (``labels`` along the bottom): one line per series, each with its own
    dash and marker shape, named at its last point and in the legend."""
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} must have one value per label")
    chart_id = _chart_id(title, id)
    styles = _styles(len(series))
    left, right, top = 80, 150, 16
    legend_rows = math.ceil(len(series) / 3)
    plot_height = height - top - 50
    total_height = height + legend_rows * 24 + 12
    plot_width = width - left - right
    top_value = _axis_top([float(v) for _n, values in series for v in values])
    chart = Chart(kind="line", id=chart_id, title=title, description=description, width=width,
                  height=total_height,
                  table=Table(caption=title, headers=[x_label, *(n for n, _v in series)],
                              rows=[[label] + [fmt(float(values[i])) for _n, values in series]
                                    for i, label in enumerate(labels)],
                              numeric=[False] + [True] * len(series)),
                  empty=not labels or not series)

    def at(i: int, value: float) -> tuple[float, float]:
        x = left + (plot_width * i / (len(labels) - 1) if len(labels) > 1 else plot_width / 2)
        y = top + plot_height - max(0.0, value) / top_value * plot_height
        return round(x, 1), round(y, 1)

    base = top + plot_height
    for tick in _ticks(top_value):
        y = top + plot_height - tick / top_value * plot_height
        chart.gridlines.append({"x1": left, "y1": round(y, 1), "x2": left + plot_width, "y2": round(y, 1)})
        chart.labels.append({"x": left - 8, "y": round(y + 4, 1), "text": fmt(tick), "anchor": "end", "small": True})
    step = max(1, math.ceil(len(labels) / 8))  # at most about eight period labels along the bottom
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            x, _y = at(i, 0)
            chart.labels.append({"x": x, "y": base + 18, "text": label, "anchor": "middle", "small": True})
    for s, (name, values) in enumerate(series):
        points = [at(i, float(v)) for i, v in enumerate(values)]
        chart.marks.append({"type": "line", "points": " ".join(f"{x},{y}" for x, y in points),
                            "stroke": styles[s].colour, "dash": styles[s].dash})
        for i, (x, y) in enumerate(points):
            chart.marks.append({"type": "point", "x": x, "y": y, "marker": styles[s].marker,
                                "fill": styles[s].colour, "title": f"{name}, {labels[i]}: {fmt(float(values[i]))}"})
        if points:
            x, y = points[-1]
            chart.labels.append({"x": x + 8, "y": y + 4, "text": _shorten(name, 20), "anchor": "start"})
    for s, (name, _values) in enumerate(series):
        chart.legend.append({"x": 10 + (s % 3) * 210, "y": height + 8 + (s // 3) * 24, "text": name,
                             "stroke": styles[s].colour, "dash": styles[s].dash, "marker": styles[s].marker,
                             "fill": styles[s].colour, "line": True})
    chart.axes = {"x1": left, "y1": base, "x2": left + plot_width, "y2": base, "left": left, "top": top}
    return chart


# --- Scatter chart ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    group: str = ""  # points of one group share a marker shape (and colour) and a legend entry


def scatter_chart(*, title: str, description: str, points: Sequence[Point], x_label: str, y_label: str,
                  fmt_x: Formatter = number, fmt_y: Formatter = number, groups: Sequence[str] = (),
                  label_top: int = 5, id: str = "", width: int = 640, height: int = 360) -> Chart:  # noqa: A002
    """Points on two value axes, grouped by marker shape; the ``label_top`` points furthest up and
    right are named on the chart, every point is in the table."""
    chart_id = _chart_id(title, id)
    groups = list(groups) or list(dict.fromkeys(p.group for p in points))
    styles = dict(zip(groups, _styles(len(groups)), strict=True))
    left, right, top, bottom = 80, 30, 16, 56
    legend_rows = math.ceil(len(groups) / 4) if any(groups) else 0
    plot_width, plot_height = width - left - right, height - top - bottom
    max_x = _nice_max(max((p.x for p in points), default=0))
    max_y = _nice_max(max((p.y for p in points), default=0))
    headers = ["Name", x_label, y_label] + (["Group"] if any(groups) else [])
    chart = Chart(kind="scatter", id=chart_id, title=title, description=description, width=width,
                  height=height + legend_rows * 24 + 12,
                  table=Table(caption=title, headers=headers,
                              rows=[[p.label, fmt_x(p.x), fmt_y(p.y)] + ([p.group] if any(groups) else [])
                                    for p in points],
                              numeric=[False, True, True] + ([False] if any(groups) else [])),
                  empty=not points)

    def at(p: Point) -> tuple[float, float]:
        return (round(left + max(0.0, p.x) / max_x * plot_width, 1),
                round(top + plot_height - max(0.0, p.y) / max_y * plot_height, 1))

    base = top + plot_height
    for tick in _ticks(max_y):
        y = top + plot_height - tick / max_y * plot_height
        chart.gridlines.append({"x1": left, "y1": round(y, 1), "x2": left + plot_width, "y2": round(y, 1)})
        chart.labels.append({"x": left - 8, "y": round(y + 4, 1), "text": fmt_y(tick), "anchor": "end", "small": True})
    for tick in _ticks(max_x):
        x = left + tick / max_x * plot_width
        chart.gridlines.append({"x1": round(x, 1), "y1": top, "x2": round(x, 1), "y2": base})
        chart.labels.append({"x": round(x, 1), "y": base + 18, "text": fmt_x(tick), "anchor": "middle", "small": True})
    chart.labels.append({"x": left + plot_width / 2, "y": base + 42, "text": x_label, "anchor": "middle"})
    chart.axes = {"x1": left, "y1": base, "x2": left + plot_width, "y2": base, "left": left, "top": top,
                  "y_label": y_label, "y_label_x": 16, "y_label_y": top + plot_height / 2}
    default = _styles(1)[0]
    for p in points:
        x, y = at(p)
        style = styles.get(p.group, default)
        chart.marks.append({"type": "point", "x": x, "y": y, "marker": style.marker, "fill": style.colour,
                            "title": f"{p.label}: {fmt_x(p.x)}, {fmt_y(p.y)}"})
    ranked = sorted(points, key=lambda p: (p.y / max_y) + (p.x / max_x), reverse=True)[:label_top]
    for p in ranked:
        x, y = at(p)
        anchor = "end" if x > left + plot_width * 0.7 else "start"
        chart.labels.append({"x": x + (-8 if anchor == "end" else 8), "y": y - 6, "text": _shorten(p.label, 26),
                             "anchor": anchor, "small": True})
    if any(groups):
        for g, name in enumerate(groups):
            chart.legend.append({"x": 10 + (g % 4) * 155, "y": height + 12 + (g // 4) * 24, "text": name,
                                 "marker": styles[name].marker, "fill": styles[name].colour})
    return chart


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_chart(chart: Chart) -> SafeString:
    """The chart's SVG and its data table, as HTML."""
    return SafeString(render_to_string("core/charts/chart.html", {"chart": chart}))  # nosec B308 B703 (rendered by a template, which escapes every value)
