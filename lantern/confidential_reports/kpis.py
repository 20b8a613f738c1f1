"""The KPIs of the confidential reporting channel, registered with insight through the app's config (``KPIS``)."""

from lantern.confidential_reports import aggregates as agg
from lantern.confidential_reports.models import OutcomeKind, ReporterType
from lantern.core.kpis import Direction, Kpi, KpiResult, Unit, one_way
from lantern.core.periods import Period
from lantern.core.reference import Objective


def reports_received(period: Period) -> KpiResult:
    by_type = agg.reports_received_by_reporter_type(start=period.start, end=period.end)
    return KpiResult(sum(by_type.values()), breakdowns=(
        one_way("by-reporter", "By who reported", "Reporter", by_type, labels=list(ReporterType.choices)),
    ))


def reports_triaged(period: Period) -> KpiResult:
    by_outcome = agg.reports_first_triaged_by_outcome(start=period.start, end=period.end)
    return KpiResult(sum(by_outcome.values()), breakdowns=(
        one_way("by-outcome", "By the first triage outcome", "Outcome", by_outcome, labels=list(OutcomeKind.choices)),
    ))


def days_to_first_reply(period: Period) -> KpiResult:
    value, base = agg.days_to_first_reply(start=period.start, end=period.end)
    return KpiResult(None if value is None else round(value, 1), base=base)


KPIS = (
    Kpi("reports-received", "Confidential reports received", "Reports made through the confidential reporting "
        "channel in the period.", Objective.TRAINING, Unit.COUNT, reports_received),
    Kpi("reports-triaged", "Confidential reports triaged", "Reports given their first triage outcome in the period.",
        Objective.TRAINING, Unit.COUNT, reports_triaged),
    Kpi("days-to-first-reply", "Days to the first reply to a reporter", "Median days from a report's arrival to the "
        "reporting team's first message, over the reports received in the period that have had one.",
        Objective.TRAINING, Unit.DAYS, days_to_first_reply, direction=Direction.LOWER_IS_BETTER),
)
