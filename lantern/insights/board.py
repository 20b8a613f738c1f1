"""The quarterly board report for the Safer Sandwell Police and Crime Board and SASP.

``board_content`` computes every registered KPI for the quarter and the quarter before it (and its
trend over the last six quarters, drawn as a chart wherever no point is suppressed) and passes
each through ``figures.publish`` under the dashboard's rules (small numbers suppressed),
then lays out the statistics sections the KPIs register (``Kpi.statistics``; the cases app's
"National Referral Mechanism statistics", laid out as the Home Office publishes them, DOMAIN.md
section 7): each table is a KPI's breakdown, or its headline figure, under the same suppression (no
count below the threshold shown, secondary suppression protecting every total). A table a KPI
registers but whose result lacks it is listed as not available, never left out silently. ``render_html`` and ``render_pdf`` turn the stored content and the commentary into the
document; the page, the background job and ``manage.py board_report`` all use them, so they never
differ.
"""

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from lantern.core.kpis import Kpi, kpi_results_cached, kpis_all, objectives_with_kpis, statistics_sections
from lantern.core.pdf import render_pdf as render_pdf  # the one PDF renderer (core), used here and by callers
from lantern.core.periods import Period, PeriodError, PeriodKind, parse
from lantern.core.reference import Objective
from lantern.insights.figures import Reading, dashboard_rules, publish, published_json, table_json
from lantern.insights.trends import kpi_trends, trend_chart

FORMAT_VERSION = 2


class BoardPeriodError(PeriodError):
    pass


def board_period(text: str) -> Period:
    """The quarter written in ``text``: a board report always covers one calendar quarter."""
    period = parse(text)
    if period.kind != PeriodKind.QUARTER:
        raise BoardPeriodError("A board report covers a quarter: enter it as 2026-Q3.")
    return period


def _period_json(period: Period) -> dict[str, str]:
    return {"code": period.code, "label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()}


def board_content(period: Period, *, on_progress: Callable[[int, str], None] | None = None,
                  cache_seconds: int = 0) -> dict[str, Any]:
    """The figures of the board report for ``period`` (each KPI beside the quarter before), suppressed.

    A generated report computes every figure afresh (``cache_seconds`` 0); the page that previews it
    may reuse the dashboard's cached figures."""
    rules = dashboard_rules()
    previous = period.previous()
    kpis = kpis_all()
    readings: list[dict[str, Any]] = []
    tables: dict[tuple[str, str], dict[str, Any]] = {}
    headlines: dict[str, dict[str, Any]] = {}
    for done, kpi in enumerate(kpis, start=1):
        results = kpi_results_cached([kpi], [period, previous], seconds=cache_seconds)
        trend = kpi_trends([kpi], period, rules, cache_seconds=cache_seconds)[kpi.slug]
        current = publish(kpi, results[kpi.slug, period.code], rules)
        reading = Reading(current=current, previous=publish(kpi, results[kpi.slug, previous.code], rules), period=period)
        readings.append({
            "objective": kpi.objective.value,
            "current": published_json(reading.current),
            "previous": published_json(reading.previous),
            "change": reading.change_display,
            "status": reading.status.value if reading.status else None,
            "target": kpi.target,
            "trend": trend,
        })
        headlines[kpi.slug] = readings[-1]["current"]
        for table in current.tables:
            tables[(kpi.slug, table.slug)] = table_json(table)
        if on_progress:
            on_progress(done, kpi.name)
    objectives = [
        {"value": objective.value, "label": objective.label,
         "readings": [r for r in readings if r["objective"] == objective.value]}
        for objective in objectives_with_kpis(kpis)
    ]
    statistics = _statistics(kpis, tables, headlines)
    return {
        "format_version": FORMAT_VERSION,
        "period": _period_json(period),
        "previous": _period_json(previous),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "rules": rules.as_dict(),
        "objectives": objectives,
        "statistics": statistics,
    }


def _statistics(kpis: list[Kpi], tables: dict[tuple[str, str], dict[str, Any]],
                headlines: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The registered statistics sections, each as blocks in order: a run of headline figures makes one
    table of figures; each breakdown is a table of its own (None, with a note, if the KPI lacks it)."""
    sections = []
    for section, entries in statistics_sections(kpis):
        blocks: list[dict[str, Any]] = []
        for kpi, spec in entries:
            if not spec.breakdown:
                headline = headlines[kpi.slug]
                row = {"title": spec.title, "value": headline["value"], "unit": headline["unit"]}
                if blocks and blocks[-1]["kind"] == "figures":
                    blocks[-1]["rows"].append(row)
                else:
                    blocks.append({"kind": "figures", "rows": [row]})
                continue
            blocks.append({"kind": "table", "title": spec.title, "table": tables.get((kpi.slug, spec.breakdown)),
                           "missing": f"{kpi.name} gives no table {spec.breakdown!r} for this period."})
        sections.append({"slug": section.slug, "title": section.title, "description": section.description,
                         "blocks": blocks})
    return sections


def commentary_by_objective(content: dict[str, Any], commentary: dict[str, Any]) -> list[dict[str, Any]]:
    """Each objective of the report with its readings and the commentary written for it."""
    written = commentary.get("objectives", {}) or {}
    return [
        {**objective, "commentary": written.get(objective["value"], ""),
         "charts": [chart for reading in objective["readings"]
                    if (chart := trend_chart(reading["current"]["name"], reading["current"]["unit"], reading.get("trend"),
                                             id_prefix="board-trend"))]}
        for objective in content["objectives"]
    ]


def objectives_for_commentary() -> list[Objective]:
    """The objectives the commentary form asks about: every objective with a registered KPI."""
    return objectives_with_kpis(kpis_all())


def render_html(content: dict[str, Any], commentary: dict[str, Any], *, generated_by: str = "") -> str:
    """The board report as a standalone HTML document (what the PDF is made from)."""
    return render_to_string("insights/board_report_document.html", {
        "report": content, "commentary": commentary, "sections": commentary_by_objective(content, commentary),
        "generated_by": generated_by,
    })
