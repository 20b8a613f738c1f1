"""Campaigns beside concerns raised and confidential reports received, month by month over a period.

Counts only, from the existing data through the apps' aggregate selectors (no record is read), and
every count passes small-number suppression (``lantern.core.suppression``) at the dashboard's
threshold before it is shown: the figures leave case work. A chart is drawn only when no month's
figure is suppressed (a line would have to show a hidden number); the table is always there.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Sum

from lantern.cases.selectors.aggregates import concerns_raised_count
from lantern.confidential_reports.aggregates import reports_received_by_reporter_type
from lantern.core import charts
from lantern.core.periods import Period, custom, month
from lantern.core.suppression import Figure, Rules, protect_1d
from lantern.training.models import Campaign, CampaignReach
from lantern.training.selectors_campaigns import campaigns_overlapping

MAX_MONTHS = 36


def rules() -> Rules:
    """As the insights dashboard: suppression at the partnership's threshold, no rounding."""
    return Rules(threshold=settings.LANTERN_SUPPRESSION_THRESHOLD, rounding_base=1)


def default_period(today: datetime.date) -> Period:
    """The last twelve whole months."""
    last = month(today.year, today.month).previous()
    first = last
    for _ in range(11):
        first = first.previous()
    return custom(first.start, last.end)


def months_of(period: Period) -> list[Period]:
    """The months the period covers, cut to its first and last day."""
    found: list[Period] = []
    current = month(period.start.year, period.start.month)
    while current.start <= period.end and len(found) < MAX_MONTHS:
        found.append(custom(max(current.start, period.start), min(current.end, period.end)))
        after = current.end + datetime.timedelta(days=1)
        current = month(after.year, after.month)
    return found


@dataclass
class MonthRow:
    label: str
    campaigns: list[Campaign]
    reach: int
    concerns: Figure
    reports: Figure


@dataclass
class Comparison:
    period: Period
    months: list[MonthRow]
    concerns_total: Figure
    reports_total: Figure
    campaigns: list[dict[str, Any]]
    chart: charts.Chart | None
    reach_chart: charts.Chart | None
    rules_statement: str
    notes: list[str] = field(default_factory=list)


def _label(span: Period) -> str:
    whole = month(span.start.year, span.start.month)
    return whole.label if (span.start, span.end) == (whole.start, whole.end) else span.label


def campaign_comparison(*, period: Period) -> Comparison:
    spans = months_of(period)
    the_rules = rules()
    concerns = [concerns_raised_count(start=s.start, end=s.end) for s in spans]
    reports = [sum(reports_received_by_reporter_type(start=s.start, end=s.end).values()) for s in spans]
    concerns_table, reports_table = protect_1d(concerns, rules=the_rules), protect_1d(reports, rules=the_rules)
    running = list(campaigns_overlapping(period.start, period.end).prefetch_related("reach"))
    rows = []
    for i, span in enumerate(spans):
        reach = CampaignReach.objects.filter(recorded_on__gte=span.start, recorded_on__lte=span.end).aggregate(
            n=Sum("count"))["n"] or 0
        rows.append(MonthRow(label=_label(span), reach=int(reach),
                             campaigns=[c for c in running if c.starts_on <= span.end and c.ends_on >= span.start],
                             concerns=concerns_table.cells[i], reports=reports_table.cells[i]))
    notes = []
    chart = None
    labels = [f"{s.start:%b %Y}" for s in spans]
    if any(f.suppressed for f in (*concerns_table.cells, *reports_table.cells)):
        notes.append("The chart is not drawn because some months' figures are too small to show; they are in the "
                     "table as [c].")
    elif spans:
        chart = charts.line_chart(
            title="Concerns raised and confidential reports received, by month",
            description=f"Concerns raised and confidential reports received each month, {period.label}. "
                        f"Campaigns running each month are listed in the table below.",
            labels=labels,
            series=[("Concerns raised", [f.value or 0 for f in concerns_table.cells]),
                    ("Confidential reports received", [f.value or 0 for f in reports_table.cells])],
            x_label="Month", id="chart-campaign-comparison")
    campaigns: list[dict[str, Any]] = [{"campaign": c, "reach": sum(r.count for r in c.reach.all())} for c in running]
    reach_chart = None
    if campaigns:
        reach_chart = charts.bar_chart(
            title="Reach of each campaign", description="Everyone each campaign reached, all channels added up.",
            labels=[f"{c['campaign'].reference} {c['campaign'].title}" for c in campaigns],
            values=[c["reach"] for c in campaigns], value_label="People reached", category_label="Campaign",
            id="chart-campaign-reach")
    return Comparison(period=period, months=rows, concerns_total=concerns_table.total,
                      reports_total=reports_table.total, campaigns=campaigns, chart=chart, reach_chart=reach_chart,
                      rules_statement=the_rules.statement(), notes=notes)
