"""Aggregate figures about confidential reports, for the KPIs (``lantern.confidential_reports.kpis``).

Counts and medians computed by the database from non-identifying columns only (when a report
arrived, its reporter type, when and how it was first triaged, when the team first replied):
never what a reporter wrote, never who they are. Days are local days, both ends included.
"""

import datetime
from typing import Any

from django.db.models import Count, DateTimeField, F, OuterRef, QuerySet, Subquery

from lantern.confidential_reports.models import MessageSender, Report, ReportMessage, ReportOutcome
from lantern.core.aggregates import DaysBetweenTimes, median


def _received(start: datetime.date, end: datetime.date) -> QuerySet[Report]:
    return Report.objects.filter(created_at__date__gte=start, created_at__date__lte=end)


def reports_received_by_reporter_type(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    rows = _received(start, end).order_by().values("reporter_type").annotate(n=Count("pk"))
    return {row["reporter_type"]: row["n"] for row in rows}


def _first_outcome() -> QuerySet[Any]:
    return ReportOutcome.objects.filter(report=OuterRef("pk")).order_by("created_at", "pk")


def reports_first_triaged_by_outcome(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Reports given their first triage outcome in the period, by what that outcome was."""
    first = (Report.objects.annotate(
        first_at=Subquery(_first_outcome().values("created_at")[:1], output_field=DateTimeField()),
        first_kind=Subquery(_first_outcome().values("kind")[:1]),
    ).filter(first_at__date__gte=start, first_at__date__lte=end))
    rows = first.order_by().values("first_kind").annotate(n=Count("pk"))
    return {row["first_kind"]: row["n"] for row in rows}


def days_to_first_reply(*, start: datetime.date, end: datetime.date) -> tuple[float | None, int]:
    """Median days (with a fraction) from a report's arrival to the team's first message, over the
    reports received in the period that have had one."""
    first_reply = (ReportMessage.objects.filter(report=OuterRef("pk"), sender=MessageSender.TEAM)
                   .order_by("created_at", "pk").values("created_at")[:1])
    return median(_received(start, end),
                  DaysBetweenTimes(Subquery(first_reply, output_field=DateTimeField()), F("created_at")))
