"""Aggregate figures about the supply chain, for the KPIs (``lantern.supply_chain.kpis``) and the overview.

Counts and sums computed by the database from non-identifying columns only: when a supplier was
screened and into which band, what was paid and when, whether a supplier has had due diligence,
a corrective action's dates, status and its finding's severity. Never a contact's name, never what
a finding says. Days are local days, both ends included.

A figure "on" a day (actions open, due diligence done) is read on the period's last day, or today
while the period has not ended: a period's figure never counts what has not happened yet.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from lantern.supply_chain.models import CorrectiveAction, RiskBand, SpendLine, Supplier, SupplierScreening
from lantern.supply_chain.selectors.due_diligence import (
    actions_open_on_q,
    overdue_actions_q,
    suppliers_with_due_diligence,
)

HIGH_RISK_BANDS = (RiskBand.HIGH, RiskBand.VERY_HIGH)
LATEST_BAND = "payee__supplier__screenings__band"


def reading_day(end: datetime.date) -> datetime.date:
    """The day a period's standing figures are read on: its last day, or today if that is still to come."""
    return min(end, timezone.localdate())


# --- Spend -----------------------------------------------------------------------------------------


def spend_lines_between(start: datetime.date, end: datetime.date) -> QuerySet[SpendLine]:
    """Payments in the period to a known supplier (payments to people are redacted and left out)."""
    return SpendLine.objects.filter(payment_date__gte=start, payment_date__lte=end, redacted=False,
                                    payee__supplier__isnull=False)


def high_risk_lines_between(start: datetime.date, end: datetime.date) -> QuerySet[SpendLine]:
    """Payments in the period to suppliers whose latest screening is high or very high risk (the overview's
    "high-risk spend")."""
    return spend_lines_between(start, end).filter(payee__supplier__screenings__is_latest=True,
                                                  **{f"{LATEST_BAND}__in": HIGH_RISK_BANDS})


@dataclass(frozen=True)
class HighRiskDueDiligence:
    """High-risk spend in a period, and how much of it went to suppliers that have had due diligence
    (``selectors.due_diligence.suppliers_with_due_diligence`` on the reading day)."""

    spend: Decimal
    spend_with_due_diligence: Decimal
    suppliers: int
    suppliers_with_due_diligence: int
    as_of: datetime.date

    @property
    def share(self) -> float | None:
        """Percentage of high-risk spend with due diligence; None when there was no high-risk spend."""
        if self.spend <= 0:
            return None
        return round(float(self.spend_with_due_diligence / self.spend * 100), 1)


def high_risk_spend_due_diligence(*, start: datetime.date, end: datetime.date,
                                  as_of: datetime.date | None = None) -> HighRiskDueDiligence:
    """``as_of``: the day due diligence is judged on (the 12 months up to it); the period's reading day
    unless given (the overview gives today: which of the period's high-risk spend is covered now)."""
    as_of = as_of or reading_day(end)
    lines = high_risk_lines_between(start, end)
    checked = suppliers_with_due_diligence(as_of=as_of).values("pk")
    totals = lines.aggregate(
        spend=Sum("amount"), suppliers=Count("payee__supplier", distinct=True),
        spend_dd=Sum("amount", filter=Q(payee__supplier__in=checked)),
        suppliers_dd=Count("payee__supplier", distinct=True, filter=Q(payee__supplier__in=checked)))
    return HighRiskDueDiligence(
        spend=Decimal(totals["spend"] or 0), spend_with_due_diligence=Decimal(totals["spend_dd"] or 0),
        suppliers=totals["suppliers"], suppliers_with_due_diligence=totals["suppliers_dd"], as_of=as_of)


# --- Screening -------------------------------------------------------------------------------------


def _screenings_between(start: datetime.date, end: datetime.date) -> QuerySet[SupplierScreening]:
    return SupplierScreening.objects.filter(screened_at__date__gte=start, screened_at__date__lte=end)


def suppliers_screened_by_band(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Suppliers (not merged into another) screened in the period, each once, by the band its last
    screening in the period gave it."""
    last_band = (_screenings_between(start, end).filter(supplier=OuterRef("pk"))
                 .order_by("-screened_at", "-id").values("band")[:1])
    rows = (Supplier.objects.filter(merged_into__isnull=True).annotate(band=Subquery(last_band))
            .filter(band__isnull=False).order_by().values("band").annotate(n=Count("pk")))
    return {row["band"]: row["n"] for row in rows}


def suppliers_screened_by(*, end: datetime.date) -> int:
    """Suppliers (not merged into another) screened at least once on or before ``end``."""
    screened = SupplierScreening.objects.filter(screened_at__date__lte=end).values("supplier")
    return Supplier.objects.filter(merged_into__isnull=True, pk__in=screened).count()


# --- Corrective actions ----------------------------------------------------------------------------


def _actions_by_severity(condition: Q) -> dict[str, int]:
    rows = (CorrectiveAction.objects.filter(condition).order_by().values("finding__severity")
            .annotate(n=Count("pk")))
    return {row["finding__severity"]: row["n"] for row in rows}


def actions_open_by_severity(*, day: datetime.date) -> dict[str, int]:
    """Corrective actions open (or in progress) on ``day``, by the severity of their finding."""
    return _actions_by_severity(actions_open_on_q(day))


def actions_overdue_by_severity(*, day: datetime.date) -> dict[str, int]:
    """Corrective actions overdue on ``day`` (the one definition: ``overdue_actions_q``), by severity."""
    return _actions_by_severity(overdue_actions_q(day))
