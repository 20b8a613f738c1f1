"""Reads of suppliers and their names: the list, a supplier's page, the review queue, the picker.

Supplier records hold no personal data (payments to individuals are redacted before they
reach Lantern), but they are the procurement team's working records: only those who may
view supply chains see them, and anyone else gets the same 404 as for a missing supplier.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found
from lantern.core.references import reference_normalise
from lantern.supply_chain.models import MatchStatus, SpendLine, Supplier, SupplierChange, SupplierName
from lantern.supply_chain.names import normalise_company_number, normalise_name

MONEY: DecimalField = DecimalField(max_digits=16, decimal_places=2)


class MatchState:
    """The list's filter: suppliers with a name waiting for review, with names matched
    automatically (none waiting), or with every name decided by a person."""

    REVIEW = "review"
    AUTOMATIC = "automatic"
    CONFIRMED = "confirmed"
    CHOICES = ((REVIEW, "Names waiting for review"), (AUTOMATIC, "Matched automatically"),
               (CONFIRMED, "Every name checked by a person"))


SORTS = {"spend": "-total_spend", "spend-asc": "total_spend", "name": "name"}


def can_view(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_SUPPLY_CHAIN))


def can_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.MANAGE_SUPPLY_CHAIN))


def ensure_can_view(user: Any) -> None:
    if not can_view(user):
        raise not_found()


def ensure_can_manage(user: Any) -> None:
    if not can_manage(user):
        raise not_found()


def _spend_total() -> Subquery:
    lines = (SpendLine.objects.filter(payee__supplier=OuterRef("pk")).values("payee__supplier")
             .annotate(total=Sum("amount")).values("total"))
    return Subquery(lines, output_field=MONEY)


def suppliers_live() -> QuerySet[Supplier]:
    """Suppliers not merged into another."""
    return Supplier.objects.filter(merged_into__isnull=True)


def suppliers_for_list(*, user: Any, query: str = "", state: str = "", sort: str = "spend") -> QuerySet[Supplier]:
    ensure_can_view(user)
    waiting = SupplierName.objects.filter(supplier=OuterRef("pk"), match_status=MatchStatus.REVIEW)
    automatic = SupplierName.objects.filter(supplier=OuterRef("pk"), match_status=MatchStatus.AUTOMATIC)
    qs = suppliers_live().annotate(
        total_spend=Coalesce(_spend_total(), Value(Decimal("0")), output_field=MONEY),
        name_count=Count("names"),
        has_review=Exists(waiting), has_automatic=Exists(automatic),
    )
    query = query.strip()[:200]
    if query:
        number = normalise_company_number(query)
        reduced = normalise_name(query)
        match = Q(name__icontains=query) | Q(reference=reference_normalise(query))
        if reduced:
            match |= Q(normalised_name__contains=reduced) | Q(pk__in=SupplierName.objects.filter(
                normalised_name__contains=reduced).values("supplier_id"))
        if number:
            match |= Q(company_number=number) | Q(pk__in=SupplierName.objects.filter(
                company_number=number).values("supplier_id"))
        qs = qs.filter(match)
    if state == MatchState.REVIEW:
        qs = qs.filter(has_review=True)
    elif state == MatchState.AUTOMATIC:
        qs = qs.filter(has_review=False, has_automatic=True)
    elif state == MatchState.CONFIRMED:
        qs = qs.filter(has_review=False, has_automatic=False)
    return qs.order_by(SORTS.get(sort, SORTS["spend"]), "name", "pk")


def supplier_get_for_user(*, user: Any, reference: str | None = None, supplier_id: Any = None) -> Supplier:
    """The supplier with ``reference`` (as people write it) or ``supplier_id`` (as the due-diligence and
    risk addresses hold it), for someone who may view supply chains; 404 otherwise, as for a missing one.
    The one read of a single supplier for every supplier page and API route."""
    ensure_can_view(user)
    if reference is not None:
        supplier = Supplier.objects.filter(reference=reference_normalise(reference)).first()
    else:
        try:
            supplier = Supplier.objects.filter(pk=int(supplier_id)).first()
        except (TypeError, ValueError):
            supplier = None
    if supplier is None:
        raise not_found()
    return supplier


def supplier_by_reference(reference: str) -> Supplier | None:
    """A live supplier by its reference, for the other apps' supplier pickers (no access rule:
    the supplier's name and reference come from the council's published spend)."""
    return suppliers_live().filter(reference=reference_normalise(reference)).first()


def suppliers_search(query: str, *, limit: int = 20) -> list[Supplier]:
    """Suppliers whose name, one of their spellings or company number matches, for a picker."""
    query = query.strip()[:200]
    if not query:
        return []
    reduced = normalise_name(query)
    number = normalise_company_number(query)
    match = Q(name__icontains=query) | Q(reference=reference_normalise(query))
    if reduced:
        match |= Q(normalised_name__contains=reduced)
    if number:
        match |= Q(company_number=number)
    return list(suppliers_live().filter(match).order_by("name")[:limit])


def supplier_names(supplier: Supplier) -> QuerySet[SupplierName]:
    return (SupplierName.objects.filter(supplier=supplier).select_related("decided_by")
            .annotate(line_count=Count("lines"), spend=Coalesce(Sum("lines__amount"), Value(Decimal("0")),
                                                                 output_field=MONEY))
            .order_by("-spend", "name"))


@dataclass(frozen=True)
class SpendSummary:
    total: Decimal
    lines: int
    first: Any
    last: Any
    by_year: list[dict[str, Any]]
    by_service: list[dict[str, Any]]


def supplier_spend(supplier: Supplier, *, services: int = 15) -> SpendSummary:
    lines = SpendLine.objects.filter(payee__supplier=supplier)
    totals = lines.aggregate(total=Sum("amount"), count=Count("pk"), first=Min("payment_date"),
                             last=Max("payment_date"))
    by_year = list(lines.annotate(year=ExtractYear("payment_date")).values("year")
                   .annotate(total=Sum("amount"), count=Count("pk")).order_by("-year"))
    by_service = list(lines.values("service").annotate(total=Sum("amount"), count=Count("pk"))
                      .order_by("-total", "service")[:services])
    return SpendSummary(total=totals["total"] or Decimal("0"), lines=totals["count"], first=totals["first"],
                        last=totals["last"], by_year=by_year, by_service=by_service)


def supplier_recent_lines(supplier: Supplier) -> QuerySet[SpendLine]:
    return (SpendLine.objects.filter(payee__supplier=supplier).select_related("payee", "file")
            .order_by("-payment_date", "-pk"))


def supplier_changes(supplier: Supplier) -> QuerySet[SupplierChange]:
    """Merges and splits that moved names into or out of the supplier, newest first."""
    return (SupplierChange.objects.filter(Q(source=supplier) | Q(target=supplier))
            .select_related("source", "target", "made_by", "undone_by").annotate(names_moved=Count("moved")))


def supplier_change_get(*, user: Any, change_id: int) -> SupplierChange:
    ensure_can_manage(user)
    change = SupplierChange.objects.select_related("source", "target").filter(pk=change_id).first()
    if change is None:
        raise not_found()
    return change


def review_queue(*, user: Any) -> QuerySet[SupplierName]:
    """Names matched with doubt, likeliest first, each with its proposed supplier."""
    ensure_can_view(user)
    return (SupplierName.objects.filter(match_status=MatchStatus.REVIEW).select_related("supplier")
            .annotate(line_count=Count("lines")).order_by("-match_confidence", "name", "pk"))


def supplier_name_get(*, user: Any, name_id: int) -> SupplierName:
    ensure_can_manage(user)
    name = SupplierName.objects.select_related("supplier").filter(pk=name_id).first()
    if name is None:
        raise not_found()
    return name


def review_count() -> int:
    return SupplierName.objects.filter(match_status=MatchStatus.REVIEW).count()


def supplier_pick(text: str) -> Supplier | None:
    """The supplier a person typed into a supplier picker: its reference, company number or a
    name only one supplier matches. Empty text gives None; anything else that does not name
    exactly one supplier raises ValidationError saying what to type instead."""
    from django.core.exceptions import ValidationError

    text = (text or "").strip()
    if not text:
        return None
    found = supplier_by_reference(text)
    if found is None and normalise_company_number(text):
        by_number = list(suppliers_live().filter(company_number=normalise_company_number(text))[:2])
        found = by_number[0] if len(by_number) == 1 else None
    if found is not None:
        return found
    matches = suppliers_search(text, limit=6)
    exact = [s for s in matches if s.normalised_name == normalise_name(text)]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError("No supplier matches that: enter its reference (like SU-7K3Q-9XC), company number or name")
    shown = "; ".join(f"{s.name} ({s.reference})" for s in matches[:5])
    raise ValidationError(f"More than one supplier matches: enter the reference of the one you mean. {shown}")
