"""Writes for risk screening: versions of the risk model, screening suppliers in bulk, and what is
known of a supplier's country, goods and workforce. Each is audited in its own transaction."""

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core import reference
from lantern.core.access import require_capability
from lantern.core.jobs import ProgressReporter, job_start
from lantern.core.models import BackgroundJob
from lantern.supply_chain import risk
from lantern.supply_chain.models import (
    RiskModel,
    SpendLine,
    Supplier,
    SupplierName,
    SupplierRiskContext,
    SupplierScreening,
)
from lantern.supply_chain.selectors import risk as risk_selectors

RESCORE_JOB = "supply_chain.rescore"
BATCH = 2000


# --- The risk model ------------------------------------------------------------------------------


def _check(definition: Any) -> dict[str, Any]:
    """The definition, checked by the risk core and against the PPN industry list; a
    ValidationError in words otherwise."""
    try:
        checked = risk.validate_definition(definition)
    except risk.RiskModelError as error:
        raise ValidationError(str(error)) from error
    industries = set(risk_selectors.ppn_industries())
    for category in checked["categories"]:
        industry = category.get("ppn_industry")
        if industry is not None and industry not in industries:
            raise ValidationError(
                f"Category {category['code']}: {industry!r} is not one of the PPN industries ({', '.join(sorted(industries))})."
            )
    try:
        risk.RiskModel(checked)
    except re.error as error:  # a keyword that is not a valid pattern
        raise ValidationError(f"A keyword cannot be read: {error}") from error
    return checked


@transaction.atomic
def risk_model_ensure_shipped() -> RiskModel:
    """The version in use; the shipped model (data/risk_model_v1.json) becomes version 1 when
    there is none yet."""
    current = risk_selectors.risk_model_current()
    if current is not None:
        return current
    definition = _check(risk_selectors.shipped_definition())
    model, created = RiskModel.objects.get_or_create(
        version=1, defaults={"definition": definition, "change_note": "The shipped risk model.",
                             "source": risk_selectors.SHIPPED_MODEL.name},
    )
    if created:
        audit_record(actor=None, action="risk_model.load", kind=AuditAction.CREATE, target=model,
                     changes={"version": 1, "source": model.source})
    return model


@transaction.atomic
def risk_model_change(*, definition: Any, change_note: str, acting_user: Any) -> RiskModel:
    """Save a changed risk model as a new version (the newest is the one in use). Screenings keep
    the version they used; re-screen to apply the change (``suppliers_rescore_start``)."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    current = risk_model_ensure_shipped()
    note = (change_note or "").strip()
    if not note:
        raise ValidationError("Say why the model is changing.")
    checked = _check(definition)
    if checked == current.definition:
        raise ValidationError("This is the same as the version in use: nothing has changed.")
    # Lock the newest version's row so two people saving at once cannot take the same number.
    RiskModel.objects.select_for_update().filter(pk=current.pk).first()
    version = (RiskModel.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    model = RiskModel.objects.create(version=version, definition=checked, change_note=note[:500],
                                     created_by=acting_user)
    audit_record(actor=acting_user, action="risk_model.change", kind=AuditAction.CREATE, target=model,
                 changes={"version": version, "previous_version": current.version, "change_note": model.change_note,
                          "changed": sorted(k for k in checked if checked.get(k) != current.definition.get(k))})
    return model


# --- Screening ----------------------------------------------------------------------------------


@dataclass
class ScreeningResult:
    model_version: int
    period_start: datetime.date
    period_end: datetime.date
    screened: int = 0
    by_band: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"model_version": self.model_version, "period_start": self.period_start.isoformat(),
                "period_end": self.period_end.isoformat(), "screened": self.screened, "by_band": self.by_band}


def _supplier_ids(suppliers: Iterable[Supplier] | QuerySet[Supplier] | None) -> list[int]:
    if suppliers is None:
        return list(Supplier.objects.order_by("pk").values_list("pk", flat=True))
    if isinstance(suppliers, QuerySet):
        return list(suppliers.order_by("pk").values_list("pk", flat=True))
    return sorted({s.pk for s in suppliers})


def suppliers_screen(
    *, suppliers: Iterable[Supplier] | QuerySet[Supplier] | None = None, acting_user: Any,
    reporter: ProgressReporter | None = None, period_end: datetime.date | None = None, as_system: bool = False,
) -> ScreeningResult:
    """Screen suppliers (all of them by default) under the risk model in use, over the model's
    period (12 months) up to ``period_end`` (by default the latest payment on record).

    Spend is summed per supplier and category in the database, once, and each supplier is
    scored in memory: a new screening per supplier replaces its latest one. Callable from a
    background job (``supply_chain.rescore``) or as a step after a spend import.

    ``as_system`` is for that step only: the import was allowed when it was started (from a page
    by a procurement officer, or from the command line by whoever runs it), and ``acting_user``
    is then the importer, or None for the command line.
    """
    if not as_system:
        require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    model = risk_model_ensure_shipped()
    engine = risk_selectors.risk_engine(model)
    end = period_end or risk_selectors.latest_payment_date() or timezone.localdate()
    start, end = risk_selectors.twelve_months_to(end, engine.period_months)
    ids = _supplier_ids(suppliers)
    result = ScreeningResult(model_version=model.version, period_start=start, period_end=end)
    if reporter is not None:
        reporter.total(len(ids))
    if not ids:
        return result

    chosen = ids if suppliers is not None and len(ids) <= 5000 else None
    tallies = (_tallies_summed_in_sql if connection.vendor == "postgresql" else _tallies)(engine, start, end, chosen)
    contexts = {c.supplier_id: c for c in SupplierRiskContext.objects.filter(supplier_id__in=ids)} if (
        len(ids) <= 5000) else {c.supplier_id: c for c in SupplierRiskContext.objects.all()}
    countries = dict(reference.countries())

    now = timezone.now()
    for offset in range(0, len(ids), BATCH):
        batch = ids[offset:offset + BATCH]
        rows = []
        for supplier_id in batch:
            context = contexts.get(supplier_id)
            facts = risk.SupplierFacts(tally=tallies.get(supplier_id, EMPTY), **_context_facts(context, countries))
            assessment = engine.screen(facts)
            result.by_band[assessment.band] = result.by_band.get(assessment.band, 0) + 1
            rows.append({
                "supplier_id": supplier_id, "model_id": model.pk, "score": assessment.score, "band": assessment.band,
                "reasons": [r.as_dict() for r in assessment.reasons], "summary": assessment.summary[:1000],
                "category": assessment.category, "categories": list(assessment.categories),
                "spend_in_period": assessment.spend, "period_start": start, "period_end": end, "screened_at": now,
                "is_latest": True,
            })
        with transaction.atomic():
            SupplierScreening.objects.filter(supplier_id__in=batch, is_latest=True).update(is_latest=False)
            _insert_screenings(rows)
        result.screened += len(batch)
        if reporter is not None:
            reporter.advance(result.screened, f"{result.screened} of {len(ids)} suppliers screened")
    with transaction.atomic():
        audit_record(actor=acting_user, action="supplier.screen", kind=AuditAction.UPDATE, target=model,
                     target_label=f"Risk model version {model.version}", changes=result.as_dict())
    return result


EMPTY = risk.SpendTally()


def _period_lines(start: datetime.date, end: datetime.date, chosen: list[int] | None) -> QuerySet[SpendLine]:
    lines = SpendLine.objects.filter(payment_date__gte=start, payment_date__lte=end,
                                     payee__supplier_id__isnull=False, redacted=False)
    return lines.filter(payee__supplier_id__in=chosen) if chosen is not None else lines


def _tallies(engine: risk.RiskModel, start: datetime.date, end: datetime.date,
             chosen: list[int] | None) -> dict[int, risk.SpendTally]:
    """Each supplier's spend in the period, summed in the database by kind of purchase (expense type,
    ProClass code, service) and tallied here. Any database."""
    purchases: dict[int, list[risk.Purchase]] = defaultdict(list)
    grouped = (_period_lines(start, end, chosen).values_list("payee__supplier_id", "expense_type", "proclass_code",
                                                              "service").annotate(total=Sum("amount")).order_by())
    for supplier_id, expense_type, proclass_code, service, total in grouped:
        purchases[supplier_id].append(risk.Purchase(amount=Decimal(total or 0), expense_type=expense_type,
                                                    proclass_code=proclass_code, service=service))
    return {supplier_id: engine.tally(bought) for supplier_id, bought in purchases.items()}


@contextmanager
def _planned_for_many_lines() -> Iterator[None]:
    """A transaction in which PostgreSQL plans for the many lines it is about to read: the period's
    lines were often written moments ago (the import's follow-on step), before the table's statistics
    were gathered again, and planned as a few rows (a nested loop per line, sorting on disk) they
    took several times as long. Hash joins and aggregates in memory suit them however many there are;
    the settings are put back before the transaction goes on."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_nestloop'), current_setting('work_mem')")
        before = cursor.fetchone()
        cursor.execute("SELECT set_config('enable_nestloop', 'off', true), set_config('work_mem', '64MB', true)")
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('enable_nestloop', %s, true), set_config('work_mem', %s, true)", before)


def _tallies_summed_in_sql(engine: risk.RiskModel, start: datetime.date, end: datetime.date,
                           chosen: list[int] | None) -> dict[int, risk.SpendTally]:
    """PostgreSQL: the same tallies, summed whole in one aggregate. The few kinds of purchase in the
    period are read first and told apart here (categories and traits, by the model's keywords); the
    database then sums each supplier's purchases per kind and those sums per category and trait,
    so a row comes back per supplier and category instead of per supplier and kind of purchase."""
    with _planned_for_many_lines():
        # Every line in the period, paid to a supplier or not (a few kinds more, no join to read them).
        kinds = SpendLine.objects.filter(payment_date__gte=start, payment_date__lte=end, redacted=False).values_list(
            "expense_type", "proclass_code", "service").distinct()
        tags: list[tuple[str, str, str, str]] = []
        for expense_type, proclass_code, service in kinds.order_by():
            categories, traits = engine.kind_of(expense_type, proclass_code, service)
            tags.append((expense_type, proclass_code, service, ""))  # every kind: the supplier's totals
            tags += [(expense_type, proclass_code, service, f"c:{code}") for code in categories]
            tags += [(expense_type, proclass_code, service, f"t:{trait}") for trait in traits]
        if not tags:
            return {}
        lines, names = SpendLine._meta.db_table, SupplierName._meta.db_table
        only = "AND n.supplier_id = ANY(%s)" if chosen is not None else ""
        sql = (
            "WITH bought AS ("  # noqa: S608  # nosec B608 (table names from the models, values as parameters)
            "SELECT n.supplier_id AS supplier, l.expense_type, l.proclass_code, l.service, SUM(l.amount) AS total "
            f"FROM {lines} l JOIN {names} n ON n.id = l.payee_id "
            f"WHERE l.payment_date >= %s AND l.payment_date <= %s AND NOT l.redacted AND n.supplier_id IS NOT NULL {only} "
            "GROUP BY 1, 2, 3, 4), "
            "kinds AS (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) "
            "AS k(expense_type, proclass_code, service, tag)) "
            "SELECT b.supplier, k.tag, SUM(b.total), SUM(GREATEST(b.total, 0)) FROM bought b "
            "JOIN kinds k ON k.expense_type = b.expense_type AND k.proclass_code = b.proclass_code "
            "AND k.service = b.service GROUP BY 1, 2 ORDER BY 1, 2"
        )
        params: list[Any] = [start, end, *([chosen] if chosen is not None else []), *(list(c) for c in zip(*tags, strict=True))]
        found: dict[int, dict[str, Any]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for supplier_id, tag, total, positive in cursor.fetchall():
                tally = found.setdefault(supplier_id, {"spend": risk.ZERO, "positive": risk.ZERO, "by_category": {},
                                                       "traits": set()})
                if tag == "":
                    tally["spend"], tally["positive"] = total, positive
                elif tag.startswith("c:"):
                    tally["by_category"][tag[2:]] = positive
                else:
                    tally["traits"].add(tag[2:])
    return {supplier_id: risk.SpendTally(spend=t["spend"], positive=t["positive"], by_category=t["by_category"],
                                         traits=frozenset(t["traits"])) for supplier_id, t in found.items()}


SCREENING_COLUMNS = ("supplier_id", "model_id", "score", "band", "reasons", "summary", "category", "categories",
                     "spend_in_period", "period_start", "period_end", "screened_at", "is_latest")


def _insert_screenings(rows: list[dict[str, Any]]) -> None:
    """Write new screenings: with COPY on PostgreSQL (a bulk INSERT spends most of its time
    binding parameters), with a bulk INSERT elsewhere."""
    if connection.vendor != "postgresql":
        SupplierScreening.objects.bulk_create([SupplierScreening(**row) for row in rows], batch_size=BATCH)
        return
    table = SupplierScreening._meta.db_table
    json_columns = {"reasons", "categories"}
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f'COPY "{table}" ({", ".join(SCREENING_COLUMNS)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in json_columns else row[c] for c in SCREENING_COLUMNS])


def _context_facts(context: SupplierRiskContext | None, countries: dict[str, str]) -> dict[str, Any]:
    if context is None:
        return {}
    traits = {trait for trait, known in (("agency", context.agency_labour), ("temporary", context.temporary_workforce),
                                         ("low_paid", context.low_paid_workforce)) if known}
    goods = tuple(g.strip() for g in context.goods.split(",") if g.strip())
    return {"country": countries.get(context.country, ""), "goods": goods, "workforce": frozenset(traits)}


@transaction.atomic
def suppliers_rescore_start(*, acting_user: Any) -> BackgroundJob:
    """Queue a screening of every supplier under the model in use (``lantern.supply_chain.jobs``)."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    return job_start(kind=RESCORE_JOB, title="Screen every supplier for modern slavery risk", started_by=acting_user)


# --- What is known of a supplier --------------------------------------------------------------


@transaction.atomic
def supplier_risk_context_set(
    *, supplier: Supplier, acting_user: Any, country: str, goods: str, agency_labour: bool,
    temporary_workforce: bool, low_paid_workforce: bool,
) -> SupplierScreening:
    """Record what is known of a supplier's country, goods and workforce, and screen it again."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    if country and country not in dict(reference.countries()):
        raise ValidationError("Choose a country from the list.")
    context, _created = SupplierRiskContext.objects.select_for_update().get_or_create(
        supplier=supplier, defaults={"updated_by": acting_user})
    before = {"country": context.country, "goods": context.goods, "agency_labour": context.agency_labour,
              "temporary_workforce": context.temporary_workforce, "low_paid_workforce": context.low_paid_workforce}
    context.country = country
    context.goods = ", ".join(g.strip() for g in goods.split(",") if g.strip())[:500]
    context.agency_labour = agency_labour
    context.temporary_workforce = temporary_workforce
    context.low_paid_workforce = low_paid_workforce
    context.updated_by = acting_user
    context.full_clean()
    context.save()
    after = {key: getattr(context, key) for key in before}
    audit_record(actor=acting_user, action="supplier.risk_context", kind=AuditAction.UPDATE, target=supplier,
                 target_label=supplier.reference,
                 changes={key: value for key, value in after.items() if before[key] != value})
    suppliers_screen(suppliers=[supplier], acting_user=acting_user)
    screening = risk_selectors.supplier_latest_screening(supplier)
    assert screening is not None  # noqa: S101 (just written)
    return screening


def definition_from_text(text: str) -> Any:
    """The risk model a person typed as JSON; a ValidationError saying where it is broken."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(f"The model is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno}).")\
            from error
