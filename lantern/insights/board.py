"""The quarterly board report for the Safer Sandwell Police and Crime Board and SASP.

``board_content`` computes every registered KPI for the quarter and the quarter before it (and its
trend over the last six quarters, drawn as a chart wherever no point is suppressed) and passes
each through ``figures.publish`` under the dashboard's rules (small numbers suppressed),
then lays out a statistics section the way the Home Office publishes its NRM statistics
(DOMAIN.md section 7) from whatever breakdown tables the registry's KPIs provide. A breakdown the
Home Office publishes that no KPI provides yet is listed as not yet available, never left out
silently. ``render_html`` and ``render_pdf`` turn the stored content and the commentary into the
document; the page, the background job and ``manage.py board_report`` all use them, so they never
differ.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from lantern.core.kpis import kpi_results_cached, kpis_all, objectives_with_kpis
from lantern.core.periods import Period, PeriodError, PeriodKind, parse
from lantern.core.reference import Objective
from lantern.insights.figures import Reading, dashboard_rules, publish, published_json, table_json
from lantern.insights.trends import kpi_trends, trend_chart

FORMAT_VERSION = 1


@dataclass(frozen=True)
class StatisticsTable:
    """One table of the Home Office's NRM statistics, and where Lantern finds it: a KPI's breakdown."""

    title: str
    kpi: str
    breakdown: str
    missing: str  # what to say while no KPI provides it


HOME_OFFICE_TABLES = (
    StatisticsTable("Referrals by competent authority (SCA or IECA)", "nrm-referrals", "by-competent-authority",
                    "Decisions by competent authority are not yet among the measures."),
    StatisticsTable("Referrals by age at exploitation and gender", "nrm-referrals", "by-age-and-gender", ""),
    StatisticsTable("Referrals by age at exploitation", "nrm-referrals", "by-age-group", ""),
    StatisticsTable("Referrals by nationality", "nrm-referrals", "by-nationality",
                    "Referrals by nationality group are not yet among the measures."),
    StatisticsTable("Referrals by first responder organisation type", "nrm-referrals", "by-first-responder",
                    "Referrals by the type of first responder organisation are not yet among the measures."),
    StatisticsTable("Referrals by where exploited (UK, overseas or both)", "nrm-referrals", "by-where-exploited", ""),
    StatisticsTable("Referrals by exploitation type", "nrm-referrals", "by-exploitation", ""),
    StatisticsTable("Referrals flagged as county lines", "nrm-referrals", "by-county-lines",
                    "The county lines flag is not yet among the measures."),
    StatisticsTable("Duty to Notify reports by gender", "duty-to-notify", "by-gender", ""),
    StatisticsTable("Duty to Notify reports by exploitation type", "duty-to-notify", "by-exploitation", ""),
    StatisticsTable("Reasonable and conclusive grounds decisions", "decision-outcomes", "by-kind-and-outcome", ""),
)


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
        for table in current.tables:
            tables[(kpi.slug, table.slug)] = table_json(table)
        if on_progress:
            on_progress(done, kpi.name)
    objectives = [
        {"value": objective.value, "label": objective.label,
         "readings": [r for r in readings if r["objective"] == objective.value]}
        for objective in objectives_with_kpis(kpis)
    ]
    statistics = [
        {"title": spec.title, "table": tables.get((spec.kpi, spec.breakdown)),
         "missing": spec.missing or "Not among the measures registered yet."}
        for spec in HOME_OFFICE_TABLES
    ]
    return {
        "format_version": FORMAT_VERSION,
        "period": _period_json(period),
        "previous": _period_json(previous),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "rules": rules.as_dict(),
        "objectives": objectives,
        "statistics": statistics,
    }


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


def render_pdf(html: str) -> bytes:
    """The PDF of a standalone HTML document (its styles and charts are inline: it links to nothing)."""
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=None).write_pdf())
