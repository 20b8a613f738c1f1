"""Reads for risk screening: the risk model in use, suppliers' latest screenings, and who may see them.

Supply-chain records hold no personal data, but only roles with the supply-chain capability
see supplier-level figures; board viewers (aggregates only) see totals on the overview.
"""

import datetime
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Max, Min, QuerySet

from lantern.accounts.capabilities import Capability
from lantern.core import reference
from lantern.core.access import not_found, require_capability
from lantern.supply_chain import risk
from lantern.supply_chain.models import (
    STATEMENT_AREAS,
    Contract,
    ModernSlaveryStatement,
    RiskModel,
    SpendFile,
    SpendLine,
    Supplier,
    SupplierScreening,
)

SHIPPED_MODEL = Path(__file__).resolve().parent.parent / "data" / "risk_model_v1.json"


def may_view_suppliers(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_SUPPLY_CHAIN))


def may_view_aggregates(user: Any) -> bool:
    """Supplier-level readers, and board viewers who see the totals only."""
    return bool(getattr(user, "is_authenticated", False)
                and (user.can(Capability.VIEW_SUPPLY_CHAIN) or user.can(Capability.VIEW_AGGREGATES)))


def may_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.MANAGE_SUPPLY_CHAIN))


def shipped_definition() -> dict[str, Any]:
    with SHIPPED_MODEL.open(encoding="utf-8") as handle:
        return dict(json.load(handle))


def risk_model_current() -> RiskModel | None:
    """The version in use (the newest), or None before the shipped one is loaded."""
    return RiskModel.objects.order_by("-version").first()


def risk_models() -> QuerySet[RiskModel]:
    return RiskModel.objects.select_related("created_by").order_by("-version")


def risk_model_get(*, user: Any, version: int) -> RiskModel:
    require_capability(user, Capability.VIEW_SUPPLY_CHAIN)
    model = RiskModel.objects.filter(version=version).first()
    if model is None:
        raise not_found()
    return model


@functools.cache
def proclass_paths() -> dict[str, str]:
    """ProClass code → "level1/level2/level3" (the levels named), from the reference list."""
    return {
        item.value: "/".join(part for part in (item.extra["level1"], item.extra["level2"], item.extra["level3"]) if part)
        for item in reference.items("proclass")
    }


@functools.cache
def ilab_goods() -> tuple[risk.IlabGood, ...]:
    return tuple(
        risk.IlabGood(good=item.extra["good"], country=item.extra["country"],
                      child_labour=item.extra["child_labor"] == "true" or item.extra["forced_child_labor"] == "true",
                      forced_labour=item.extra["forced_labor"] == "true" or item.extra["forced_child_labor"] == "true",
                      derived=item.extra["derived_labor_exploitation"] == "true")
        for item in reference.items("ilab_goods")
    )


_ENGINES: dict[tuple[int, int, str], risk.RiskModel] = {}


def risk_engine(model: RiskModel) -> risk.RiskModel:
    """The model ready to screen, built once per version and process (versions never change; the
    key includes when the version was made, so a database restored or rebuilt cannot reuse another's)."""
    key = (model.pk, model.version, model.created_at.isoformat())
    engine = _ENGINES.get(key)
    if engine is None:
        if len(_ENGINES) >= 8:
            _ENGINES.clear()
        engine = _ENGINES[key] = risk.RiskModel(model.definition, proclass=proclass_paths(), ilab=ilab_goods())
    return engine


def ppn_industries() -> dict[str, str]:
    return dict(reference.sectors())


# --- Screenings ---------------------------------------------------------------------------------


def latest_screenings() -> QuerySet[SupplierScreening]:
    return SupplierScreening.objects.filter(is_latest=True)


def supplier_latest_screening(supplier: Supplier) -> SupplierScreening | None:
    return (SupplierScreening.objects.filter(supplier=supplier, is_latest=True).select_related("model").first())


def supplier_risk_section(supplier: Supplier) -> dict[str, Any]:
    """The context of ``supply_chain/suppliers/_risk.html`` for one supplier (for any page showing a
    supplier to someone who may see suppliers): its latest screening, and its latest statements
    with the six areas each covers."""
    statements = list(ModernSlaveryStatement.objects.filter(supplier=supplier).order_by("-statement_year")[:5])
    return {
        "supplier": supplier, "screening": supplier_latest_screening(supplier), "statements": statements,
        "statement_areas": [label for _field, label in STATEMENT_AREAS],
    }


def supplier_screenings(supplier: Supplier) -> QuerySet[SupplierScreening]:
    return SupplierScreening.objects.filter(supplier=supplier).select_related("model").order_by("-screened_at", "-id")


# --- Periods ---------------------------------------------------------------------------------


def twelve_months_to(end: datetime.date, months: int = 12) -> tuple[datetime.date, datetime.date]:
    """The ``months`` months ending on ``end`` (inclusive): 1 July 2019 to 30 June 2020 for 30 June 2020."""
    year, month = end.year, end.month - months
    while month <= 0:
        month += 12
        year -= 1
    day = min(end.day, _days_in(year, month))
    start = datetime.date(year, month, day) + datetime.timedelta(days=1)
    return start, end


def _days_in(year: int, month: int) -> int:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return (following - datetime.timedelta(days=1)).day


def spend_dates() -> tuple[datetime.date | None, datetime.date | None]:
    """The first and the last payment date of all the spend imported.

    Read from each file's own first and last dates (written by the import's follow-on step), and
    from the lines of any file with lines but no dates yet (an import stopped before that step), so
    a page never reads every line for them: the payment date's index keeps ranges, not an order.
    """
    files = SpendFile.objects.aggregate(first=Min("first_payment_date"), last=Max("last_payment_date"))
    unsummarised = SpendFile.objects.filter(last_payment_date__isnull=True).values("pk")
    lines = SpendLine.objects.filter(file__in=unsummarised).aggregate(first=Min("payment_date"),
                                                                        last=Max("payment_date"))
    firsts = [d for d in (files["first"], lines["first"]) if d is not None]
    lasts = [d for d in (files["last"], lines["last"]) if d is not None]
    return (min(firsts) if firsts else None), (max(lasts) if lasts else None)


def latest_payment_date() -> datetime.date | None:
    return spend_dates()[1]


# --- Risk per contract ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractRisk:
    """A contract's modern slavery risk: its supplier's latest screening, and what the risk model
    recognises in the contract's own category (a contract may buy riskier things than most of the
    supplier's spend, or the supplier may not have been screened yet)."""

    band: str  # "" when the supplier has not been screened
    band_label: str
    score: int | None
    summary: str
    category_reasons: tuple[str, ...]  # e.g. "cleaning services: PPN high-risk industry", "agency labour"


def contract_risks(contracts: Iterable[Contract]) -> dict[int, ContractRisk]:
    """Each contract's risk, by contract id, in two queries whatever the number of contracts."""
    contracts = list(contracts)
    screenings = {s.supplier_id: s for s in latest_screenings().filter(
        supplier_id__in={c.supplier_id for c in contracts})}
    current = risk_model_current()
    engine = risk_engine(current) if current is not None and contracts else None
    out = {}
    for contract in contracts:
        screening = screenings.get(contract.supplier_id)
        reasons: tuple[str, ...] = ()
        if engine is not None and contract.category.strip():
            reasons = tuple(engine.category(code).explanation()
                            for code in engine.categories_of(contract.category, "", "")) + tuple(
                engine.workforce[trait][0] for trait in engine.workforce_of(contract.category))
        out[contract.pk] = ContractRisk(
            band=screening.band if screening else "", band_label=screening.get_band_display() if screening else "",
            score=screening.score if screening else None, summary=screening.summary if screening else "",
            category_reasons=reasons)
    return out

