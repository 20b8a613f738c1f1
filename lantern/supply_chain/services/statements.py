"""Modern slavery statements in: the registry's CSV through the one import pipeline (ADR 19), each step
audited, then matched to suppliers (by company number, then by normalised name).

The steps are the pipeline's (lantern.core.imports): upload, the mapping proposed and confirmed
(remembered for the registry), the check with its per-row report, and the commit here, which
writes every statement in one transaction: a statement is known by its year, normalised name and
company number, so importing the same file again adds and changes nothing. Matching runs after
the commit as a follow-on step (``statements_match_step``), and again whenever it is asked for.
"""

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, QuerySet

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.imports import pipeline
from lantern.core.imports.registry import ImportSource, Progress
from lantern.core.imports.report import ImportStats
from lantern.core.models import BackgroundJob, ImportFile
from lantern.supply_chain.models import ModernSlaveryStatement, StatementMatch, Supplier, SupplierName
from lantern.supply_chain.statements import AREAS, STATEMENT_SPEC, StatementRecord

KIND = STATEMENT_SPEC.name
REGISTRY = "Modern Slavery Statement Registry"  # the publisher its mapping is remembered for
BATCH = 1000
AREA_FIELDS = {area: f"covers_{area}" for area in AREAS}
_LABEL = "Modern slavery statement registry file"


@transaction.atomic
def statement_upload(*, upload: UploadedFile, acting_user: Any) -> ImportFile:
    """Take the registry's file (CSV or XLSX) and propose its mapping."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    import_file = pipeline.import_file_create(kind=KIND, source=REGISTRY, upload=upload, user=acting_user)
    audit_record(actor=acting_user, action="statement_upload.create", kind=AuditAction.CREATE, target=import_file,
                 target_label=_LABEL, changes={"size": import_file.size, "columns": len(import_file.headers)})
    return import_file


@transaction.atomic
def statement_upload_map(*, import_file: ImportFile, columns: dict[str, str], acting_user: Any) -> BackgroundJob:
    """Confirm which column holds which field (remembered for the registry), and start the check."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    pipeline.import_file_map(import_file=import_file, columns=columns, user=acting_user)
    job = pipeline.import_check_start(import_file=import_file, user=acting_user)
    audit_record(actor=acting_user, action="statement_upload.map", kind=AuditAction.UPDATE, target=import_file,
                 target_label=_LABEL, changes={"mapping": columns})
    return job


@transaction.atomic
def statement_upload_import(*, import_file: ImportFile, acting_user: Any) -> BackgroundJob:
    """Start importing a checked file's statements."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    job = pipeline.import_commit_start(import_file=import_file, user=acting_user)
    audit_record(actor=acting_user, action="statement_upload.import", kind=AuditAction.UPDATE, target=import_file,
                 target_label=_LABEL)
    return job


def _values(record: StatementRecord) -> dict[str, Any]:
    values: dict[str, Any] = {
        "statement_year": record.statement_year, "organisation_name": record.organisation_name,
        "normalised_name": record.normalised_name, "company_number": record.company_number,
        "sector": record.sector, "turnover_band": record.turnover_band, "statement_url": record.statement_url,
        "period_start": record.period_start, "period_end": record.period_end, "approved_by": record.approved_by,
        "approved_on": record.approved_on, "details": dict(record.details),
    }
    values.update({name: area in record.areas for area, name in AREA_FIELDS.items()})
    return values


_FIELDS = list(_values(StatementRecord(row_number=0, statement_year=2015, organisation_name="", normalised_name="")))


def statements_commit(*, source: ImportSource, rows: Any, stats: ImportStats, progress: Progress) -> dict[str, Any]:
    """Write the file's statements, all or none: each one added, or brought up to date when the
    registry has changed it; importing the same file again changes nothing.

    The rows are staged (read and checked, a statement listed twice keeping its later row)
    before the one transaction that writes them.
    """
    staged: dict[str, StatementRecord] = {record.key: record for record in rows}
    progress.advance(0, "Saving the statements")
    added = updated = 0
    keys = list(staged)
    with transaction.atomic():
        for start in range(0, len(keys), BATCH):
            batch = keys[start:start + BATCH]
            existing = ModernSlaveryStatement.objects.in_bulk(batch, field_name="key")
            new, changed = [], []
            for key in batch:
                values = _values(staged[key])
                statement = existing.get(key)
                if statement is None:
                    new.append(ModernSlaveryStatement(key=key, imported_by=source.user, **values))
                elif any(getattr(statement, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(statement, name, value)
                    changed.append(statement)
            ModernSlaveryStatement.objects.bulk_create(new)
            ModernSlaveryStatement.objects.bulk_update(changed, _FIELDS)
            added, updated = added + len(new), updated + len(changed)
        unchanged = len(staged) - added - updated
        stats.extra.update({"added": added, "updated": updated, "unchanged": unchanged})
        audit_record(actor=source.user, action="statements.import", kind=AuditAction.CREATE,
                     target=source.import_file, target_label=source.name, changes={
                         "rows_read": stats.read, "added": added, "updated": updated, "unchanged": unchanged,
                         "rejected": stats.rejected})
    return {"added": added, "updated": updated, "unchanged": unchanged, "statements": keys,
            "message": f"{added:,} statements added, {updated:,} updated, {unchanged:,} unchanged "
                       f"({stats.rejected:,} rows not imported)."}


def _match(batches: Iterable[QuerySet[ModernSlaveryStatement]]) -> int:
    """Link statements to suppliers: by company number (the supplier's, or one of its names'),
    then by normalised name where exactly one supplier has it. Returns how many are linked."""
    by_number: dict[str, int] = {}
    for number, supplier_id in Supplier.objects.exclude(company_number="").values_list("company_number", "pk"):
        by_number.setdefault(number, supplier_id)
    for number, supplier_id in (SupplierName.objects.exclude(company_number="").filter(supplier__isnull=False)
                                .values_list("company_number", "supplier_id")):
        by_number.setdefault(number, supplier_id)
    names: dict[str, set[int]] = {}
    for name, supplier_id in Supplier.objects.values_list("normalised_name", "pk"):
        names.setdefault(name, set()).add(supplier_id)
    for name, supplier_id in SupplierName.objects.filter(supplier__isnull=False).values_list("normalised_name",
                                                                                            "supplier_id"):
        names.setdefault(name, set()).add(supplier_id)
    changed = []
    linked = 0
    statements = (statement for batch in batches
                  for statement in batch.only("pk", "company_number", "normalised_name", "supplier_id", "matched_by"))
    for statement in statements:
        found: int | None = None
        how = StatementMatch.NONE
        if statement.company_number and statement.company_number in by_number:
            found, how = by_number[statement.company_number], StatementMatch.COMPANY_NUMBER
        elif len(names.get(statement.normalised_name, ())) == 1:
            found, how = next(iter(names[statement.normalised_name])), StatementMatch.NAME
        if found is not None:
            linked += 1
        if (statement.supplier_id, statement.matched_by) != (found, how):
            statement.supplier_id, statement.matched_by = found, how
            changed.append(statement)
    ModernSlaveryStatement.objects.bulk_update(changed, ["supplier", "matched_by"], batch_size=BATCH)
    return linked


@transaction.atomic
def statements_match(*, acting_user: Any) -> int:
    """Match every statement to suppliers again (after suppliers are imported, merged or split)."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    linked = _match([ModernSlaveryStatement.objects.all()])
    audit_record(actor=acting_user, action="statements.match", kind=AuditAction.UPDATE,
                 target_label="Modern slavery statements", changes={"matched": linked})
    return linked


def statements_match_step(source: ImportSource, result: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """The import's follow-on step: match the file's statements to suppliers, in its own transaction."""
    progress.advance(0, "Matching the statements to suppliers")
    with transaction.atomic():
        keys = result.get("statements", [])
        matched = _match(ModernSlaveryStatement.objects.filter(key__in=keys[start:start + BATCH])
                         for start in range(0, len(keys), BATCH))
        audit_record(actor=source.user, action="statements.match", kind=AuditAction.UPDATE,
                     target_label=source.name, changes={"matched": matched})
    message = str(result.get("message", "")).rstrip(".")
    return {"statements": len(keys), "matched": matched,
            "message": f"{message}; {matched:,} matched to suppliers."}


def statement_coverage() -> dict[str, int]:
    """How many suppliers have a statement (any year), and statements with and without a supplier."""
    matched = ModernSlaveryStatement.objects.filter(supplier__isnull=False)
    return {
        "statements": ModernSlaveryStatement.objects.count(),
        "matched_statements": matched.count(),
        "suppliers_with_statement": matched.values("supplier").annotate(n=Count("pk")).count(),
    }
