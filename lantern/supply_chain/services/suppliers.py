"""Suppliers and their names: resolution, a person's decisions, merges, splits and undo.

Every change moves ``SupplierName`` rows between suppliers and never touches a spend line;
each is audited in its own transaction, with the rows it changes locked.
"""

from collections import Counter
from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.jobs import ProgressReporter, job_kind, job_start
from lantern.core.models import BackgroundJob
from lantern.core.references import reference_generate, save_with_reference
from lantern.supply_chain import resolution
from lantern.supply_chain.models import (
    ChangeKind,
    MatchStatus,
    Supplier,
    SupplierChange,
    SupplierChangeName,
    SupplierName,
)
from lantern.supply_chain.names import normalise_name

REFERENCE_PREFIX = "SU"
RESOLVE_JOB_KIND = "supply_chain.resolve_suppliers"
BATCH = 1000
# Names already placed that new names are compared with: a name waiting for review is not evidence.
_KNOWN_STATUSES = (MatchStatus.AUTOMATIC, MatchStatus.CONFIRMED, MatchStatus.REJECTED)


def _status_for(decision: resolution.Decision) -> str:
    # A name that founds a new supplier was placed without doubt: it is "automatic", with the reason saying so.
    return MatchStatus.REVIEW if decision.status == resolution.REVIEW else MatchStatus.AUTOMATIC


def _fresh_references(count: int) -> list[str]:
    """``count`` unused supplier references, drawn at once so suppliers can be inserted in bulk."""
    chosen: set[str] = set()
    while len(chosen) < count:
        drawn = {reference_generate(REFERENCE_PREFIX) for _ in range(count - len(chosen))} - chosen
        taken = set(Supplier.objects.filter(reference__in=drawn).values_list("reference", flat=True))
        chosen |= drawn - taken
    return list(chosen)


def supplier_names_resolve(
    *, names: Iterable[SupplierName | int] | None = None, acting_user: Any = None,
    reporter: ProgressReporter | None = None,
) -> dict[str, int]:
    """Place every unresolved name (or those of ``names`` still unresolved) with a supplier.

    Names are compared with each other and with the names already placed
    (lantern.supply_chain.resolution). A name alike enough joins a supplier automatically;
    a doubtful one joins the likeliest supplier with the status "waiting for review"; the
    rest found new suppliers. Names already resolved are never touched, so running it again
    changes nothing. Runs as the spend import's follow-on step and as a background job.
    """
    with transaction.atomic():
        todo = SupplierName.objects.select_for_update().filter(match_status=MatchStatus.UNRESOLVED,
                                                                 supplier__isnull=True)
        if names is not None:
            todo = todo.filter(pk__in=[getattr(n, "pk", n) for n in names])
        pending = list(todo.order_by("pk"))
        if reporter is not None:
            reporter.total(len(pending))
        if not pending:
            return {"names": 0, "automatic": 0, "review": 0, "new_suppliers": 0}
        live = Supplier.objects.filter(merged_into__isnull=True)
        numbers = dict(live.exclude(company_number="").values_list("pk", "company_number"))
        known = [resolution.Known(pk, name, numbers.get(pk, ""))
                 for pk, name in SupplierName.objects.filter(match_status__in=_KNOWN_STATUSES, supplier__in=live)
                 .values_list("supplier_id", "name").iterator(chunk_size=5000)]
        known += [resolution.Known(pk, name, number) for pk, name, number in live.values_list("pk", "name", "company_number")]
        by_id = {name.pk: name for name in pending}
        result = resolution.resolve(
            [resolution.NameIn(name.pk, name.name, name.company_number) for name in pending], known)

        # New suppliers, one per group, inserted in bulk.
        group_ids = sorted(result.groups)
        references = _fresh_references(len(group_ids))
        new_suppliers = []
        decision_of = {d.name_id: d for d in result.decisions}
        for group, reference in zip(group_ids, references, strict=True):
            members = [by_id[cast(int, pk)] for pk in result.groups[group]]
            sure = [m for m in members if decision_of[m.pk].status != resolution.REVIEW] or members
            shown = resolution.display_name([m.name for m in sure])
            new_suppliers.append(Supplier(
                reference=reference, name=shown, normalised_name=normalise_name(shown),
                company_number=next((m.company_number for m in sure if m.company_number), ""),
                charity_number=next((m.charity_number for m in sure if m.charity_number), ""),
                vat_number=next((m.vat_number for m in sure if m.vat_number), ""),
            ))
        Supplier.objects.bulk_create(new_suppliers, batch_size=BATCH)
        supplier_of_group = {group: supplier.pk for group, supplier in zip(group_ids, new_suppliers, strict=True)}

        now = timezone.now()
        rows = []
        for decision in result.decisions:
            supplier_id = decision.supplier if decision.supplier is not None else supplier_of_group[cast(int, decision.group)]
            rows.append((supplier_id, _status_for(decision), decision.confidence, decision.reason[:300], now,
                         decision.name_id))
        step = len(rows) if connection.vendor == "postgresql" and reporter is None else BATCH
        for start in range(0, len(rows), step):
            _update_names(rows[start:start + step])
            if reporter is not None:
                done = min(start + BATCH, len(rows))
                reporter.advance(done, f"{done} of {len(rows)} names placed")
        counts = Counter(d.status for d in result.decisions)
        summary = {"names": len(pending), "automatic": counts[resolution.AUTOMATIC] + counts[resolution.NEW],
                   "review": counts[resolution.REVIEW], "new_suppliers": len(new_suppliers)}
        audit_record(actor=acting_user, action="supplier_names.resolve", kind=AuditAction.UPDATE,
                     target_label="Supplier resolution", changes=summary)
    return summary


def _update_names(rows: list[tuple[Any, ...]]) -> None:
    """Write each name's decision. On PostgreSQL one ``UPDATE ... FROM unnest(...)`` writes them all
    (the values as five array parameters); elsewhere one parameterised UPDATE is run for many rows
    (``executemany``), in a fraction of the time ``bulk_update``'s CASE needs."""
    meta = SupplierName._meta
    quote = connection.ops.quote_name
    columns = [cast(models.Field[Any, Any], meta.get_field(f)).column
               for f in ("supplier", "match_status", "match_confidence", "match_reason", "updated_at")]
    if connection.vendor == "postgresql":
        if not rows:
            return
        supplier, status, confidence, reason, updated = (quote(c) for c in columns)
        sql = (f"UPDATE {quote(meta.db_table)} AS n SET {supplier} = d.supplier, {status} = d.status, "  # noqa: S608  # nosec B608 (names quoted from the model, values as parameters)
               f"{confidence} = d.confidence, {reason} = d.reason, {updated} = %s "
               "FROM unnest(%s::bigint[], %s::text[], %s::float8[], %s::text[], %s::bigint[]) "
               f"AS d(supplier, status, confidence, reason, id) WHERE n.{quote(str(meta.pk.column))} = d.id")
        with connection.cursor() as cursor:
            cursor.execute(sql, [rows[0][4], *([row[i] for row in rows] for i in (0, 1, 2, 3, 5))])
        return
    # Only the model's own table and column names are put in the text; every value is a parameter.
    assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(str(meta.pk.column))} = %s"  # noqa: S608  # nosec B608 (names quoted from the model, values as parameters)
    updated_at = cast(models.Field[Any, Any], meta.get_field("updated_at"))
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row[:4], updated_at.get_db_prep_value(row[4], connection), row[5]) for row in rows])


@job_kind(RESOLVE_JOB_KIND)
def _resolve_job(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    summary = supplier_names_resolve(acting_user=job.started_by, reporter=progress)
    job.message = (f"{summary['names']} names placed: {summary['new_suppliers']} new suppliers, "
                   f"{summary['review']} waiting for review.")
    return summary


def supplier_names_resolve_start(*, acting_user: Any) -> BackgroundJob:
    """Resolve the unresolved names in the background, with a progress page."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    return job_start(kind=RESOLVE_JOB_KIND, title="Resolve supplier names", started_by=acting_user)


def _lock_name(name: SupplierName) -> SupplierName:
    return SupplierName.objects.select_for_update().get(pk=name.pk)


def _lock_supplier(supplier: Supplier) -> Supplier:
    return Supplier.objects.select_for_update().get(pk=supplier.pk)


def _new_supplier_for(name: SupplierName) -> Supplier:
    supplier = Supplier(name=name.name, normalised_name=name.normalised_name or normalise_name(name.name),
                        company_number=name.company_number, charity_number=name.charity_number,
                        vat_number=name.vat_number)
    return save_with_reference(supplier, prefix=REFERENCE_PREFIX)


def _ensure_live(supplier: Supplier, field: str = "supplier") -> None:
    if supplier.merged_into_id is not None:
        raise ValidationError({field: "That supplier has been merged into another: choose that one."})


@transaction.atomic
def supplier_name_confirm(*, name: SupplierName, acting_user: Any) -> SupplierName:
    """A person agrees that ``name`` belongs to the supplier it was matched to."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    name = _lock_name(name)
    if name.supplier_id is None:
        raise ValidationError("This name has not been matched to a supplier yet.")
    before = name.match_status
    name.match_status = MatchStatus.CONFIRMED
    name.decided_by = acting_user
    name.save(update_fields=["match_status", "decided_by", "updated_at"])
    audit_record(actor=acting_user, action="supplier_name.confirm", kind=AuditAction.UPDATE, target=name,
                 changes={"supplier": name.supplier_id, "match_status": [before, name.match_status]})
    return name


@transaction.atomic
def supplier_name_reject(*, name: SupplierName, acting_user: Any, supplier: Supplier | None = None) -> SupplierName:
    """A person says ``name`` is not the supplier it was matched to: it moves to ``supplier``
    (another the person chose) or, without one, to a new supplier of its own."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    name = _lock_name(name)
    before = name.supplier_id
    if supplier is not None:
        supplier = _lock_supplier(supplier)
        _ensure_live(supplier)
        if supplier.pk == before:
            raise ValidationError({"supplier": "Choose a different supplier from the one it is matched to."})
    else:
        supplier = _new_supplier_for(name)
    name.supplier = supplier
    name.match_status = MatchStatus.REJECTED
    name.decided_by = acting_user
    name.save(update_fields=["supplier", "match_status", "decided_by", "updated_at"])
    audit_record(actor=acting_user, action="supplier_name.reject", kind=AuditAction.UPDATE, target=name,
                 changes={"supplier": [before, supplier.pk]})
    return name


def _move(change: SupplierChange, names: list[SupplierName], target: Supplier) -> None:
    SupplierChangeName.objects.bulk_create([
        SupplierChangeName(change=change, name=n, previous_status=n.match_status,
                           previous_confidence=n.match_confidence, previous_reason=n.match_reason,
                           previous_decided_by_id=n.decided_by_id)
        for n in names
    ])
    reason = (f"merged by a person into {target.reference}" if change.kind == ChangeKind.MERGE
              else f"split by a person into {target.reference}")
    for n in names:
        n.supplier = target
        n.match_status = MatchStatus.CONFIRMED
        n.match_reason = reason
        n.decided_by = change.made_by
    SupplierName.objects.bulk_update(names, ["supplier", "match_status", "match_reason", "decided_by", "updated_at"])


@transaction.atomic
def supplier_merge(*, source: Supplier, target: Supplier, acting_user: Any, reason: str = "") -> SupplierChange:
    """Move every name of ``source`` into ``target``; ``source`` then leads to ``target``."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    if source.pk == target.pk:
        raise ValidationError({"target": "Choose a different supplier to merge into."})
    locked = {s.pk: s for s in Supplier.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    _ensure_live(source, "source")
    _ensure_live(target, "target")
    if (source.company_number and target.company_number and source.company_number != target.company_number):
        raise ValidationError({"target": f"The suppliers have different company numbers ({source.company_number} and "
                                         f"{target.company_number}): they are different companies."})
    names = list(SupplierName.objects.select_for_update().filter(supplier=source).order_by("pk"))
    change = SupplierChange.objects.create(kind=ChangeKind.MERGE, source=source, target=target, reason=reason[:500],
                                           made_at=timezone.now(), made_by=acting_user)
    _move(change, names, target)
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    filled = [f for f in ("company_number", "charity_number", "vat_number") if not getattr(target, f) and getattr(source, f)]
    for f in filled:
        setattr(target, f, getattr(source, f))
    if filled:
        target.save(update_fields=[*filled, "updated_at"])
    audit_record(actor=acting_user, action="supplier.merge", kind=AuditAction.UPDATE, target=target,
                 changes={"merged": source.reference, "names_moved": len(names), "change": change.pk})
    return change


@transaction.atomic
def supplier_split(*, supplier: Supplier, names: Iterable[SupplierName], acting_user: Any,
                   reason: str = "") -> SupplierChange:
    """Move the chosen ``names`` of ``supplier`` to a new supplier (named after the first of them)."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    supplier = _lock_supplier(supplier)
    _ensure_live(supplier)
    chosen = list(SupplierName.objects.select_for_update().filter(pk__in=[n.pk for n in names]).order_by("pk"))
    if not chosen:
        raise ValidationError({"names": "Choose the names to move to a new supplier."})
    if any(n.supplier_id != supplier.pk for n in chosen):
        raise ValidationError({"names": "Only names of this supplier can be split from it."})
    if len(chosen) == SupplierName.objects.filter(supplier=supplier).count():
        raise ValidationError({"names": "Leave at least one name with this supplier."})
    new = _new_supplier_for(max(chosen, key=lambda n: len(n.name)))
    new.company_number = next((n.company_number for n in chosen if n.company_number), "")
    new.save(update_fields=["company_number", "updated_at"])
    change = SupplierChange.objects.create(kind=ChangeKind.SPLIT, source=supplier, target=new, reason=reason[:500],
                                           made_at=timezone.now(), made_by=acting_user)
    _move(change, chosen, new)
    audit_record(actor=acting_user, action="supplier.split", kind=AuditAction.UPDATE, target=supplier,
                 changes={"new_supplier": new.reference, "names_moved": len(chosen), "change": change.pk})
    return change


@transaction.atomic
def supplier_change_undo(*, change: SupplierChange, acting_user: Any) -> SupplierChange:
    """Undo a merge or a split: the names it moved go back, matched as they were before.

    Refused when a later change has moved any of them since: undo that one first.
    """
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    change = SupplierChange.objects.select_for_update().get(pk=change.pk)
    if change.undone_at is not None:
        raise ValidationError("This change has already been undone.")
    source, target = _lock_supplier(change.source), _lock_supplier(change.target)
    moved = list(change.moved.select_related("name"))
    names = list(SupplierName.objects.select_for_update().filter(pk__in=[m.name_id for m in moved]).order_by("pk"))
    if any(n.supplier_id != target.pk for n in names):
        raise ValidationError("Some of its names have been moved again since. Undo the later change first.")
    if target.merged_into_id is not None:
        raise ValidationError(f"{target.reference} has since been merged into another supplier. Undo that merge first.")
    previous = {m.name_id: m for m in moved}
    for n in names:
        before = previous[n.pk]
        n.supplier = source
        n.match_status = before.previous_status
        n.match_confidence = before.previous_confidence
        n.match_reason = before.previous_reason
        n.decided_by_id = before.previous_decided_by_id
    SupplierName.objects.bulk_update(
        names, ["supplier", "match_status", "match_confidence", "match_reason", "decided_by", "updated_at"])
    if change.kind == ChangeKind.MERGE:
        source.merged_into = None
        source.save(update_fields=["merged_into", "updated_at"])
    elif not SupplierName.objects.filter(supplier=target).exists():
        target.merged_into = source  # the split-off supplier is empty again: its page leads back
        target.save(update_fields=["merged_into", "updated_at"])
    change.undone_at = timezone.now()
    change.undone_by = acting_user
    change.save(update_fields=["undone_at", "undone_by"])
    audit_record(actor=acting_user, action=f"supplier.{change.kind}_undo", kind=AuditAction.UPDATE, target=source,
                 changes={"change": change.pk, "names_moved_back": len(names), "from": target.reference})
    return change


def supplier_merge_undo(*, change: SupplierChange, acting_user: Any) -> SupplierChange:
    """Undo a merge (the same as any change's undo; named for the callers that think in merges)."""
    if change.kind != ChangeKind.MERGE:
        raise ValidationError("This change is not a merge.")
    return supplier_change_undo(change=change, acting_user=acting_user)
