"""The KPIs of the supply chain (objective 6, procurement), registered with insight through the app's
config (``KPIS``).

Each is computed by ``lantern.supply_chain.selectors.aggregates`` from non-identifying columns only.
"""

from lantern.core.kpis import Direction, Kpi, KpiResult, Unit, one_way
from lantern.core.periods import Period
from lantern.core.reference import Objective
from lantern.supply_chain.models import RiskBand, Severity
from lantern.supply_chain.selectors import aggregates as agg

BANDS = [(band.value, band.label) for band in (RiskBand.VERY_HIGH, RiskBand.HIGH, RiskBand.MEDIUM, RiskBand.LOW)]
SEVERITIES = [(s.value, s.label) for s in (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)]


def suppliers_screened(period: Period) -> KpiResult:
    by_band = agg.suppliers_screened_by_band(start=period.start, end=period.end)
    screened = sum(by_band.values())
    return KpiResult(screened, breakdowns=(
        one_way("by-band", "By the risk band the screening gave", "Risk band", by_band, labels=BANDS),
        one_way("coverage", "Screened in the period, and in all up to its end", "Suppliers",
                {"period": screened, "total": agg.suppliers_screened_by(end=period.end)},
                labels=[("period", "Screened in the period"), ("total", "Screened at any time up to the end of the period")],
                partitions=False),
    ))


def high_risk_spend_due_diligence(period: Period) -> KpiResult:
    figure = agg.high_risk_spend_due_diligence(start=period.start, end=period.end)
    return KpiResult(figure.share, base=figure.suppliers, breakdowns=(
        one_way("suppliers", "High-risk suppliers paid in the period, by whether they have had due diligence",
                "Suppliers", {"yes": figure.suppliers_with_due_diligence,
                              "no": figure.suppliers - figure.suppliers_with_due_diligence},
                labels=[("yes", "Due diligence in the 12 months to the end of the period"),
                        ("no", "No due diligence in those 12 months")]),
    ))


def corrective_actions_open(period: Period) -> KpiResult:
    by_severity = agg.actions_open_by_severity(day=agg.reading_day(period.end))
    return KpiResult(sum(by_severity.values()), breakdowns=(
        one_way("by-severity", "By the severity of the audit finding", "Severity", by_severity, labels=SEVERITIES),
    ))


def corrective_actions_overdue(period: Period) -> KpiResult:
    by_severity = agg.actions_overdue_by_severity(day=agg.reading_day(period.end))
    return KpiResult(sum(by_severity.values()), breakdowns=(
        one_way("by-severity", "By the severity of the audit finding", "Severity", by_severity, labels=SEVERITIES),
    ))


OBJ = Objective.PROCUREMENT
READ_ON = "Read on the period's last day (today, for a period not yet ended)."
KPIS = (
    Kpi("suppliers-screened", "Suppliers screened for modern slavery risk", "Suppliers screened against the risk "
        "model in the period, by the band each was given; the table beside it counts every supplier screened up to "
        "the end of the period.", OBJ, Unit.COUNT, suppliers_screened),
    Kpi("high-risk-spend-due-diligence", "High-risk spend with due diligence", "Of the spend in the period with "
        "high and very high risk suppliers, the share paid to suppliers that have had due diligence: a "
        "questionnaire submitted, or an audit carried out, in the 12 months to the end of the period.", OBJ,
        Unit.PERCENTAGE, high_risk_spend_due_diligence, direction=Direction.HIGHER_IS_BETTER,
        note="The risk band is each supplier's latest screening, so a period and the one before are compared on "
             "the same bands. " + READ_ON),
    Kpi("corrective-actions-open", "Corrective actions open", "Corrective actions from supplier audits that are "
        "open or in progress at the end of the period.", OBJ, Unit.COUNT, corrective_actions_open, note=READ_ON),
    Kpi("corrective-actions-overdue", "Corrective actions overdue", "Corrective actions open or in progress after "
        "their due date, at the end of the period.", OBJ, Unit.COUNT, corrective_actions_overdue,
        direction=Direction.LOWER_IS_BETTER, note=READ_ON),
)
