"""The supply-chain overview: spend by risk band and category, the top-risk suppliers, risk
against spend, the monthly trend and statement coverage, for a period.

The page is a list of panels, each built by one function of ``PANELS`` from the period and
the reader. A panel that names suppliers says so (``supplier_level``) and is left out for
readers of aggregates only (board viewers). A new panel is one more function in the list.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from lantern.core import charts
from lantern.supply_chain import risk
from lantern.supply_chain.models import (
    ModernSlaveryStatement,
    RiskBand,
    Supplier,
    SupplierScreening,
)
from lantern.supply_chain.selectors import aggregates
from lantern.supply_chain.selectors import risk as risk_selectors

NOT_SCREENED = "Not screened"
BAND_ORDER = [RiskBand.VERY_HIGH, RiskBand.HIGH, RiskBand.MEDIUM, RiskBand.LOW]
OTHER = "Other or not recognised"


def pounds(value: float) -> str:
    return f"£{value:,.0f}"


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: datetime.date
    end: datetime.date


def periods() -> list[Period]:
    """The periods to choose from: the 12 months to the latest payment, then each financial year
    (April to March) that has spend, newest first."""
    earliest, latest = risk_selectors.spend_dates()
    if latest is None:
        today = datetime.date.today()  # noqa: DTZ011 (a calendar date)
        start, end = risk_selectors.twelve_months_to(today)
        return [Period("latest", "The last 12 months", start, end)]
    start, end = risk_selectors.twelve_months_to(latest)
    out = [Period("latest", f"12 months to {latest:%-d %B %Y}", start, end)]
    earliest = earliest or latest
    first_fy = earliest.year if earliest.month >= 4 else earliest.year - 1
    last_fy = latest.year if latest.month >= 4 else latest.year - 1
    for year in range(last_fy, first_fy - 1, -1):
        out.append(Period(f"fy{year}", f"April {year} to March {year + 1}", datetime.date(year, 4, 1),
                          datetime.date(year + 1, 3, 31)))
    return out


def period_for(key: str | None) -> tuple[Period, list[Period]]:
    options = periods()
    chosen = next((p for p in options if p.key == key), options[0])
    return chosen, options


@dataclass
class Panel:
    key: str
    heading: str
    template: str
    supplier_level: bool = False
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class Overview:
    period: Period
    periods: list[Period]
    supplier_level: bool
    model_version: int | None
    totals: dict[str, Any]
    panels: list[Panel]


def _lines(period: Period) -> Any:
    return aggregates.spend_lines_between(period.start, period.end)


def _screened_lines(period: Period) -> Any:
    return _lines(period).filter(payee__supplier__screenings__is_latest=True)


BAND = "payee__supplier__screenings__band"


def _totals(period: Period) -> dict[str, Any]:
    lines = _lines(period)
    total = Decimal(lines.aggregate(t=Sum("amount"))["t"] or 0)
    by_band = {row[BAND]: (Decimal(row["spend"] or 0), row["suppliers"]) for row in
               _screened_lines(period).values(BAND).annotate(spend=Sum("amount"),
                                                             suppliers=Count("payee__supplier", distinct=True))}
    screened_spend = sum((spend for spend, _n in by_band.values()), Decimal(0))
    suppliers = lines.values("payee__supplier").order_by().distinct().count()
    rows = []
    for band in BAND_ORDER:
        spend, count = by_band.get(band.value, (Decimal(0), 0))
        rows.append({"band": band.value, "label": band.label, "spend": spend, "suppliers": count,
                     "share": (spend / total * 100) if total > 0 else Decimal(0)})
    unscreened_count = suppliers - sum(n for _s, n in by_band.values())
    rows.append({"band": "", "label": NOT_SCREENED, "spend": total - screened_spend, "suppliers": unscreened_count,
                 "share": ((total - screened_spend) / total * 100) if total > 0 else Decimal(0)})
    high = sum((r["spend"] for r in rows if r["band"] in (RiskBand.HIGH, RiskBand.VERY_HIGH)), Decimal(0))
    return {"spend": total, "suppliers": suppliers, "by_band": rows, "high_spend": high,
            "high_share": (high / total * 100) if total > 0 else Decimal(0)}


def band_panel(period: Period, totals: dict[str, Any], **_: Any) -> Panel:
    rows = totals["by_band"]
    spend_chart = charts.bar_chart(
        id="chart-spend-by-band", title="Spend by risk band",
        description=f"The council's spend in {period.label.lower()}, by the risk band of the supplier paid.",
        labels=[r["label"] for r in rows], values=[float(r["spend"]) for r in rows], fmt=pounds,
        category_label="Risk band", value_label="Spend")
    count_chart = charts.bar_chart(
        id="chart-suppliers-by-band", title="Suppliers by risk band",
        description=f"How many suppliers paid in {period.label.lower()} are in each risk band.",
        labels=[r["label"] for r in rows], values=[r["suppliers"] for r in rows],
        category_label="Risk band", value_label="Suppliers")
    return Panel("bands", "Spend and suppliers by risk band", "supply_chain/overview/_charts.html",
                 context={"charts": [spend_chart, count_chart]})


def category_panel(period: Period, model_engine: risk.RiskModel | None, **_: Any) -> Panel:
    """Spend by what was bought (the risk model's categories), split by the supplier's band."""
    fields = ("expense_type", "proclass_code", "service")
    screened = _screened_lines(period).values_list(*fields, BAND).annotate(spend=Sum("amount")).order_by()
    never = (_lines(period).filter(payee__supplier__screenings__isnull=True).values_list(*fields)
             .annotate(spend=Sum("amount")).order_by())
    grouped = [*screened, *((e, p, s, "", spend) for e, p, s, spend in never)]
    table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for expense_type, proclass_code, service, band, spend in grouped:
        label = OTHER
        if model_engine is not None:
            codes = model_engine.categories_of(expense_type, proclass_code, service)
            if codes:
                best = max(codes, key=lambda c: model_engine.category(c).points)
                label = model_engine.category(best).label
        table[label][band or ""] += float(spend or 0)
    ranked = sorted(table, key=lambda k: (k == OTHER, -sum(table[k].values())))
    top = [k for k in ranked if k != OTHER][:10]
    rest = [k for k in ranked if k not in top]
    labels = [label[:1].upper() + label[1:] for label in top] + ([OTHER] if rest else [])

    def value(keys: list[str], band: str) -> float:
        return sum(table[k].get(band, 0.0) for k in keys)

    series = [(band.label, [value([k], band.value) for k in top] + ([value(rest, band.value)] if rest else []))
              for band in BAND_ORDER]
    series.append((NOT_SCREENED, [value([k], "") for k in top] + ([value(rest, "")] if rest else [])))
    chart = charts.stacked_bar_chart(
        id="chart-spend-by-category", title="Spend by category and risk band",
        description=(f"Spend in {period.label.lower()} on the ten largest categories the risk model recognises, "
                     "each split by the risk band of the suppliers paid."),
        labels=labels, series=series, fmt=pounds, category_label="Category")
    return Panel("categories", "Spend by category", "supply_chain/overview/_charts.html",
                 context={"charts": [chart]})


def trend_panel(period: Period, **_: Any) -> Panel:
    rows = (_screened_lines(period).annotate(month=TruncMonth("payment_date")).values_list("month", BAND)
            .annotate(spend=Sum("amount")).order_by("month"))
    months: dict[datetime.date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for month, band, spend in rows:
        months[month][band] += float(spend or 0)
    ordered = sorted(months)
    chart = charts.line_chart(
        id="chart-spend-trend", title="Monthly spend by risk band",
        description=f"Spend each month of {period.label.lower()} with suppliers in each risk band.",
        labels=[f"{m:%b %Y}" for m in ordered],
        series=[(band.label, [months[m].get(band.value, 0.0) for m in ordered]) for band in BAND_ORDER],
        x_label="Month", fmt=pounds)
    return Panel("trend", "Spend over time", "supply_chain/overview/_charts.html", context={"charts": [chart]})


def statements_panel(period: Period, **_: Any) -> Panel:
    """Of the suppliers paid in the period, how many in each band have a modern slavery statement."""
    paid = _lines(period).values("payee__supplier").order_by().distinct()
    with_statement = set(ModernSlaveryStatement.objects.filter(supplier__in=paid).values_list("supplier", flat=True))
    bands = dict(SupplierScreening.objects.filter(is_latest=True, supplier__in=paid)
                 .values_list("supplier", "band"))
    counts: dict[str, list[int]] = {band.value: [0, 0] for band in BAND_ORDER}
    counts[""] = [0, 0]
    for supplier_id in _lines(period).values_list("payee__supplier", flat=True).order_by().distinct():
        band = bands.get(supplier_id, "")
        counts[band][0 if supplier_id in with_statement else 1] += 1
    labels = [band.label for band in BAND_ORDER] + [NOT_SCREENED]
    keys = [band.value for band in BAND_ORDER] + [""]
    chart = charts.stacked_bar_chart(
        id="chart-statement-coverage", title="Suppliers with a modern slavery statement",
        description=(f"Suppliers paid in {period.label.lower()}, by risk band: how many have a statement on the "
                     "Modern Slavery Statement Registry and how many do not."),
        labels=labels, series=[("With a statement", [counts[k][0] for k in keys]),
                               ("No statement found", [counts[k][1] for k in keys])],
        category_label="Risk band")
    total = sum(a + b for a, b in counts.values())
    covered = sum(a for a, _b in counts.values())
    return Panel("statements", "Modern slavery statements", "supply_chain/overview/_statements.html",
                 context={"charts": [chart], "covered": covered, "total": total})


def due_diligence_panel(period: Period, **_: Any) -> Panel:
    """The share of the period's high-risk spend paid to suppliers that have had due diligence, judged today
    (the working view: what is covered now). The KPI of the same name judges it on the period's last day."""
    figure = aggregates.high_risk_spend_due_diligence(start=period.start, end=period.end,
                                                      as_of=timezone.localdate())
    without = figure.spend - figure.spend_with_due_diligence
    chart = charts.bar_chart(
        id="chart-high-risk-due-diligence", title="High-risk spend, by whether the supplier has had due diligence",
        description=(f"Spend in {period.label.lower()} with high and very high risk suppliers: how much went to "
                     "suppliers that have had due diligence (a questionnaire submitted or an audit carried out in "
                     f"the 12 months to {figure.as_of:%-d %B %Y}) and how much did not."),
        labels=["With due diligence", "Without due diligence"],
        values=[float(figure.spend_with_due_diligence), float(without)], fmt=pounds,
        category_label="Suppliers paid", value_label="Spend")
    return Panel("due-diligence", "High-risk spend with due diligence", "supply_chain/overview/_due_diligence.html",
                 context={"charts": [chart], "figure": figure})


def top_risk_panel(period: Period, **_: Any) -> Panel:
    paid = _lines(period).values("payee__supplier").order_by()
    screenings = (SupplierScreening.objects.filter(is_latest=True, supplier__in=paid)
                  .select_related("supplier", "model").order_by("-score", "-spend_in_period")[:15])
    years: dict[int, list[int]] = defaultdict(list)
    for supplier_id, year in (ModernSlaveryStatement.objects.filter(supplier__in=[s.supplier_id for s in screenings])
                              .values_list("supplier", "statement_year").order_by("-statement_year")):
        years[supplier_id].append(year)
    rows = [{"screening": s, "statement_year": years[s.supplier_id][0] if years.get(s.supplier_id) else None}
            for s in screenings]
    return Panel("top", "Suppliers with the highest risk", "supply_chain/overview/_top_risk.html",
                 supplier_level=True, context={"rows": rows})


def scatter_panel(period: Period, **_: Any) -> Panel:
    spend = (_lines(period).values("payee__supplier").annotate(spend=Sum("amount")).filter(spend__gt=0)
             .order_by("-spend")[:150])
    spend_by_supplier = {row["payee__supplier"]: float(row["spend"]) for row in spend}
    screenings = (SupplierScreening.objects.filter(is_latest=True, supplier__in=list(spend_by_supplier))
                  .values_list("supplier", "supplier__name", "score", "band"))
    labels = dict(RiskBand.choices)
    points = [charts.Point(x=spend_by_supplier[sid], y=score, label=name, group=labels[band])
              for sid, name, score, band in screenings]
    points.sort(key=lambda p: -p.x)
    chart = charts.scatter_chart(
        id="chart-risk-against-spend", title="Risk against spend",
        description=(f"Each of the 150 suppliers paid most in {period.label.lower()}: its spend across, its risk "
                     "score up. Suppliers top right need attention first."),
        points=points, x_label="Spend in the period (£)", y_label="Risk score (0 to 100)", fmt_x=pounds,
        groups=[band.label for band in BAND_ORDER])
    return Panel("scatter", "Risk against spend", "supply_chain/overview/_charts.html", supplier_level=True,
                 context={"charts": [chart]})


PanelBuilder = Callable[..., Panel | None]
# The overview's panels, in page order.
PANELS: list[PanelBuilder] = [band_panel, due_diligence_panel, top_risk_panel, category_panel, scatter_panel,
                              trend_panel, statements_panel]


def overview_for(*, user: Any, period_key: str | None) -> Overview:
    """The overview for ``user`` (supplier-level panels only for those who may see suppliers)."""
    period, options = period_for(period_key)
    model = risk_selectors.risk_model_current()
    engine = risk_selectors.risk_engine(model) if model is not None else None
    supplier_level = risk_selectors.may_view_suppliers(user)
    totals = _totals(period)
    panels = []
    for build in PANELS:
        panel = build(period=period, totals=totals, model_engine=engine, user=user)
        if panel is not None and (supplier_level or not panel.supplier_level):
            panels.append(panel)
    return Overview(period=period, periods=options, supplier_level=supplier_level,
                    model_version=model.version if model else None, totals=totals, panels=panels)


def supplier_count() -> int:
    return Supplier.objects.count()
