"""Writes for modern slavery statements: importing the registry's CSV and matching statements to
suppliers (by company number, then by normalised name). Each audited."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.jobs import ProgressReporter, job_start
from lantern.core.models import BackgroundJob
from lantern.supply_chain import statements as registry
from lantern.supply_chain.models import (
    ModernSlaveryStatement,
    StatementImport,
    StatementMatch,
    Supplier,
    SupplierName,
)

IMPORT_JOB = "supply_chain.statements_import"
MAX_FILE_BYTES = 50 * 1024 * 1024
AREA_FIELDS = {area: f"covers_{area}" for area in registry.AREAS}


@dataclass
class ImportOutcome:
    rows_read: int = 0
    added: int = 0
    updated: int = 0
    matched: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rows_read": self.rows_read, "added": self.added, "updated": self.updated, "matched": self.matched,
                "rejected": len(self.problems)}


def _values(record: registry.StatementRecord) -> dict[str, Any]:
    values: dict[str, Any] = {
        "statement_year": record.statement_year, "organisation_name": record.organisation_name,
        "normalised_name": record.normalised_name, "company_number": record.company_number,
        "sector": record.sector, "turnover_band": record.turnover_band, "statement_url": record.statement_url,
        "period_start": record.period_start, "period_end": record.period_end, "approved_by": record.approved_by,
        "approved_on": record.approved_on, "details": dict(record.details),
    }
    values.update({name: area in record.areas for area, name in AREA_FIELDS.items()})
    return values


def statements_import(*, data: bytes, acting_user: Any, reporter: ProgressReporter | None = None) -> ImportOutcome:
    """Import the registry's CSV: every usable row added or brought up to date (importing the same
    file again changes nothing), every other row reported with its reason; then match statements
    to suppliers. All or nothing: a failure leaves no row behind."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    try:
        headers, rows = registry.read_csv(data)
        parsed = registry.parse_registry(rows, headers=headers)
    except registry.RegistryFileError as error:
        raise ValidationError(str(error)) from error
    outcome = ImportOutcome(rows_read=sum(1 for row in rows if any(str(v or "").strip() for v in row.values())),
                            problems=[{"row": p.row_number, "message": p.message} for p in parsed.problems])
    if reporter is not None:
        reporter.total(len(parsed.records))
    # A statement listed twice in one file: the later row wins.
    by_key = {record.key: record for record in parsed.records}
    with transaction.atomic():
        existing = {s.key: s for s in ModernSlaveryStatement.objects.filter(key__in=list(by_key))}
        new, changed = [], []
        for done, (key, record) in enumerate(by_key.items(), 1):
            values = _values(record)
            statement = existing.get(key)
            if statement is None:
                new.append(ModernSlaveryStatement(key=key, imported_by=acting_user, **values))
            elif any(getattr(statement, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(statement, name, value)
                changed.append(statement)
            if reporter is not None:
                reporter.advance(done, f"{done} of {len(by_key)} statements read")
        ModernSlaveryStatement.objects.bulk_create(new, batch_size=1000)
        if changed:
            ModernSlaveryStatement.objects.bulk_update(changed, list(_values(parsed.records[0])), batch_size=1000)
        outcome.added, outcome.updated = len(new), len(changed)
        outcome.matched = _match(ModernSlaveryStatement.objects.filter(key__in=list(by_key)))
        audit_record(actor=acting_user, action="statements.import", kind=AuditAction.CREATE,
                     target_label="Modern slavery statement registry", changes=outcome.as_dict())
    return outcome


def _match(statements: Any) -> int:
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
    for statement in statements.only("pk", "company_number", "normalised_name", "supplier_id", "matched_by"):
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
    ModernSlaveryStatement.objects.bulk_update(changed, ["supplier", "matched_by"], batch_size=1000)
    return linked


@transaction.atomic
def statements_match(*, acting_user: Any) -> int:
    """Match every statement to suppliers again (after suppliers are imported, merged or split)."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    linked = _match(ModernSlaveryStatement.objects.all())
    audit_record(actor=acting_user, action="statements.match", kind=AuditAction.UPDATE,
                 target_label="Modern slavery statements", changes={"matched": linked})
    return linked


@transaction.atomic
def statements_import_start(*, name: str, data: bytes, acting_user: Any) -> BackgroundJob:
    """Keep an uploaded registry file and queue its import (``lantern.supply_chain.jobs``)."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    if not data:
        raise ValidationError("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError("The file is larger than 50 MB.")
    job = job_start(kind=IMPORT_JOB, title=f"Import modern slavery statements from {name[:120]}",
                    started_by=acting_user)
    StatementImport.objects.create(name=name[:200], content=data, job=job, imported_by=acting_user)
    return job


def statement_import_run(*, upload: StatementImport, reporter: ProgressReporter | None = None) -> ImportOutcome:
    """Run a kept upload's import and record its outcome on it (the job's work)."""
    try:
        outcome = statements_import(data=bytes(upload.content), acting_user=upload.imported_by, reporter=reporter)
    except ValidationError as error:
        outcome = ImportOutcome(problems=[{"row": 0, "message": " ".join(error.messages)}])
    upload.rows_read, upload.added, upload.updated = outcome.rows_read, outcome.added, outcome.updated
    upload.matched, upload.problems = outcome.matched, outcome.problems[:1000]
    upload.content = b""
    upload.finished_at = timezone.now()
    upload.save()
    return outcome


def statement_coverage() -> dict[str, int]:
    """How many suppliers have a statement (any year), and statements with and without a supplier."""
    matched = ModernSlaveryStatement.objects.filter(supplier__isnull=False)
    return {
        "statements": ModernSlaveryStatement.objects.count(),
        "matched_statements": matched.count(),
        "suppliers_with_statement": matched.values("supplier").annotate(n=Count("pk")).count(),
    }
