"""Charts of KPIs (``lantern.core.charts``): a KPI's trend over the last few periods and a breakdown's bars.

Charts show only published figures: a trend with a suppressed or unmeasurable point, or a breakdown
with a suppressed row, is not drawn (a line or bar would have to show a number that is hidden), and
its figures stay in the table beside it, [c] where suppressed.
"""

from collections.abc import Sequence
from typing import Any

from lantern.core import charts
from lantern.core.kpis import Kpi, kpi_results_cached
from lantern.core.periods import Period
from lantern.core.suppression import Rules
from lantern.insights.figures import figure_json, publish

TREND_PERIODS = 6


def trend_periods(period: Period, count: int = TREND_PERIODS) -> list[Period]:
    """``period`` and the ones before it, oldest first."""
    found = [period]
    while len(found) < count:
        found.append(found[-1].previous())
    return found[::-1]


def kpi_trends(kpis: Sequence[Kpi], period: Period, rules: Rules, *, cache_seconds: int,
               count: int = TREND_PERIODS) -> dict[str, dict[str, Any]]:
    """Each KPI's published headline over the last ``count`` periods: {slug: {"labels", "figures"}}."""
    periods = trend_periods(period, count)
    results = kpi_results_cached(kpis, periods, seconds=cache_seconds)
    return {
        kpi.slug: {"labels": [p.code for p in periods],
                   "figures": [figure_json(publish(kpi, results[kpi.slug, p.code], rules).value) for p in periods]}
        for kpi in kpis
    }


def _formatter(unit: str) -> charts.Formatter:
    if unit == "percentage":
        return lambda v: f"{v:,.1f}%"
    if unit == "days":
        return lambda v: f"{v:,.1f}"
    if unit == "money":
        return lambda v: f"£{v:,.0f}"
    return charts.number


def trend_chart(name: str, unit: str, trend: dict[str, Any] | None, *, id_prefix: str = "trend") -> charts.Chart | None:
    """A line of the KPI over the periods, or None when any point is suppressed or missing."""
    if not trend or not trend["figures"]:
        return None
    figures = trend["figures"]
    if any(f["suppressed"] or f["value"] is None for f in figures):
        return None
    unit_words = {"percentage": " (%)", "days": " (days)", "money": " (£)"}.get(unit, "")
    return charts.line_chart(
        title=f"{name}: the last {len(figures)} periods",
        description=f"{name}{unit_words} from {trend['labels'][0]} to {trend['labels'][-1]}.",
        labels=trend["labels"], series=[(name, [float(f["value"]) for f in figures])], fmt=_formatter(unit),
        id=f"{id_prefix}-{charts_slug(name)}", width=560, height=240)


def breakdown_chart(table: dict[str, Any], *, kpi_name: str, id_prefix: str = "bars") -> charts.Chart | None:
    """Bars of a one-way breakdown, or None for a two-way table, an empty one or one with a suppressed row."""
    if table.get("columns") or not table["rows"]:
        return None
    if any(row["suppressed"] or row["value"] is None for row in table["rows"]):
        return None
    return charts.bar_chart(
        title=f"{kpi_name}, {table['title'][0].lower()}{table['title'][1:]}",
        description=f"{kpi_name} by {table['heading'].lower()}.",
        labels=[row["label"] for row in table["rows"]], values=[float(row["value"]) for row in table["rows"]],
        value_label="Number", category_label=table["heading"],
        id=f"{id_prefix}-{charts_slug(kpi_name)}-{table['slug']}", width=560)


def charts_slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:40]
