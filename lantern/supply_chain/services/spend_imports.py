"""Spend files in: upload, mapping, checking and the commit of the spend lines, each audited.

The steps are the one import pipeline's (lantern.core.imports, ADR 19); this module adds
the audit entries and the commit itself: a ``SpendFile``, its ``SpendLine`` rows and a
``SupplierName`` for each distinct payee, in one transaction. On PostgreSQL each chunk of rows
is streamed with COPY into a staging table and copied across with
``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` while the next chunk is read (ADR 28);
elsewhere they go in batches.
"""

import datetime
import itertools
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.imports import pipeline, staging
from lantern.core.imports.registry import ImportSource, Progress
from lantern.core.imports.report import ImportStats
from lantern.core.models import BackgroundJob, ImportFile
from lantern.supply_chain.models import MatchStatus, SpendFile, SpendLine, SupplierName
from lantern.supply_chain.spend.fields import SpendRow, line_key, payment_identity, publisher_key

KIND = "supply_chain.spend"
BATCH = 2000  # rows a batch, where COPY is not available


@transaction.atomic
def spend_upload(*, upload: UploadedFile, publisher: str, acting_user: Any) -> ImportFile:
    """Take one spend file (CSV or XLSX) and propose its mapping."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    import_file = pipeline.import_file_create(kind=KIND, source=publisher, upload=upload, user=acting_user)
    audit_record(actor=acting_user, action="spend_upload.create", kind=AuditAction.CREATE, target=import_file,
                 target_label=f"Spend file from {import_file.source}",
                 changes={"size": import_file.size, "columns": len(import_file.headers)})
    return import_file


@transaction.atomic
def spend_upload_map(*, import_file: ImportFile, columns: dict[str, str], acting_user: Any) -> BackgroundJob:
    """Confirm which column holds which field (remembered for the publisher), and start the check."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    pipeline.import_file_map(import_file=import_file, columns=columns, user=acting_user)
    job = pipeline.import_check_start(import_file=import_file, user=acting_user)
    audit_record(actor=acting_user, action="spend_upload.map", kind=AuditAction.UPDATE, target=import_file,
                 target_label=f"Spend file from {import_file.source}", changes={"mapping": columns})
    return job


@transaction.atomic
def spend_upload_import(*, import_file: ImportFile, acting_user: Any) -> BackgroundJob:
    """Start importing a checked file's rows."""
    require_capability(acting_user, Capability.MANAGE_SUPPLY_CHAIN)
    job = pipeline.import_commit_start(import_file=import_file, user=acting_user)
    audit_record(actor=acting_user, action="spend_upload.import", kind=AuditAction.UPDATE, target=import_file,
                 target_label=f"Spend file from {import_file.source}")
    return job


def _stage_rows(rows: Iterable[SpendRow], publisher: str, payees: dict[str, SpendRow] | None = None,
                seen_payees: set[str] | None = None) -> Iterator[tuple[Any, ...]]:
    """Each row as the staging table holds it, with its line key; ``payees`` gathers the first row
    naming each payee (a few thousand in a file of a million rows) not already in ``seen_payees``."""
    seen: dict[int, int] = {}  # identity's hash -> times seen in this file
    prefix = publisher_key(publisher)
    gather = payees if payees is not None else {}
    named: set[str] = seen_payees if seen_payees is not None else set()
    for row in rows:
        redacted = row.redacted
        payee = "" if redacted else f"{row.normalised_name}|{row.company_number}"[:340]  # row.payee_key
        if payee and payee not in named:
            named.add(payee)
            gather[payee] = row
        identity = payment_identity(prefix, row, payee)
        marker = hash(identity)
        occurrence = seen[marker] = seen.get(marker, 0) + 1
        yield (row.number, line_key(identity, occurrence), row.body, row.service, row.expense_type,
               row.proclass_code, row.payment_date, row.transaction_number, row.amount, redacted,
               row.supplier_id, payee)


def _staged_chunks(rows: Iterable[SpendRow], publisher: str,
                   progress: Progress) -> Generator[tuple[bytes, bytes], None, None]:
    """The staged rows a chunk at a time, each with the payees first named in it (as the payee
    staging table holds them), both already in COPY's text format: made by the thread that reads
    the file, so the one holding the connection only sends them. Says "Saving the lines" once
    the file has been read."""
    seen: set[str] = set()
    payees: dict[str, SpendRow] = {}
    staged = _stage_rows(rows, publisher, payees, seen)
    while lines := list(itertools.islice(staged, staging.CHUNK)):
        new: list[tuple[str, ...]] = [
            (key, row.payee_name[:300], row.normalised_name[:300], row.company_number, row.charity_number,
             row.vat_number) for key, row in payees.items()]
        payees.clear()
        yield staging.copy_text(lines), staging.copy_text(new)
    progress.advance(0, "Saving the lines")


PAYEE_COLUMNS = (("payee_key", "text"), ("payee_name", "text"), ("normalised_name", "text"),
                 ("company_number", "text"), ("charity_number", "text"), ("vat_number", "text"))
STAGE_COLUMNS = (
    ("row_number", "integer"), ("line_key", "uuid"), ("body", "text"), ("service", "text"),
    ("expense_type", "text"), ("proclass_code", "text"), ("payment_date", "date"),
    ("transaction_number", "text"), ("amount", "numeric(14,2)"), ("redacted", "boolean"),
    ("supplier_number", "text"), ("payee_key", "text"),
)
_LINE_FIELDS = ("row_number", "line_key", "body", "service", "expense_type", "proclass_code", "payment_date",
                "transaction_number", "amount", "redacted", "supplier_number")


# Counts and the audit entry, inside the commit's transaction: given the file, the lines imported and,
# where the commit counted them as it went, how many of those are redacted.
Finish = Callable[[SpendFile, int, int | None], None]


def _commit_copy(spend_file_values: dict[str, Any], rows: Iterable[SpendRow], progress: Progress,
                 finish: Finish) -> tuple[SpendFile, int]:
    """PostgreSQL: one transaction copies the file across a chunk at a time, each chunk streamed
    with COPY into the staging tables and then written with ``INSERT ... SELECT``.

    Unless the caller already holds a transaction, the file is read and parsed by a thread of its
    own (``staging.read_ahead``), which also puts each chunk into COPY's text format, while the
    database writes the chunk before: the reading (Python) and the writing (the server, mostly its
    indexes) overlap on the two cores, and this thread only sends bytes. Its progress is saved
    through that thread's own connection, so it is seen while this transaction is open. Inside a
    caller's transaction everything stays on the caller's connection, one chunk after another.
    """
    names, lines = SupplierName._meta.db_table, SpendLine._meta.db_table
    parallel = not connection.in_atomic_block
    stage_columns = [name for name, _ in STAGE_COLUMNS]
    payee_columns = [name for name, _ in PAYEE_COLUMNS]
    columns = ", ".join(_LINE_FIELDS)
    selected = ", ".join(f"s.{name}" for name in _LINE_FIELDS)
    imported = redacted = 0
    with staging.staging_table("spend_stage", STAGE_COLUMNS) as stage, \
            staging.staging_table("spend_payee_stage", PAYEE_COLUMNS) as payee_stage, transaction.atomic():
        spend_file = SpendFile.objects.create(**spend_file_values)
        chunks = _staged_chunks(rows, spend_file_values["publisher"], progress)
        with closing(staging.read_ahead(chunks) if parallel else chunks) as ready:
            for chunk, payees in ready:
                with connection.cursor() as cursor:
                    cursor.execute(f"TRUNCATE {stage}, {payee_stage}")
                staging.copy_block(stage, stage_columns, chunk)
                staging.copy_block(payee_stage, payee_columns, payees)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"INSERT INTO {names} (created_at, updated_at, key, name, normalised_name, company_number, "  # noqa: S608  # nosec B608 (table names from the models, values as parameters)
                        "charity_number, vat_number, match_status, match_reason) "
                        "SELECT %s, %s, payee_key, payee_name, normalised_name, company_number, "
                        f"charity_number, vat_number, %s, '' FROM {payee_stage} ON CONFLICT (key) DO NOTHING",
                        [timezone.now(), timezone.now(), MatchStatus.UNRESOLVED])
                    # In the file's order (the primary key grows at its right-hand edge, and the file's and
                    # dates' block ranges stay narrow, ADR 32; the 16-byte line keys fit in memory wherever
                    # they fall), counting what went in.
                    cursor.execute(
                        f"WITH added AS (INSERT INTO {lines} (file_id, payee_id, {columns}) "  # noqa: S608  # nosec B608 (table and column names from the models)
                        f"SELECT %s, n.id, {selected} FROM {stage} s "
                        f"LEFT JOIN {names} n ON n.key = s.payee_key AND NOT s.redacted "
                        "ON CONFLICT DO NOTHING RETURNING redacted) "
                        "SELECT count(*), count(*) FILTER (WHERE redacted) FROM added", [spend_file.pk])
                    added, added_redacted = cursor.fetchone()
                imported += added
                redacted += added_redacted
        finish(spend_file, imported, redacted)
        return spend_file, imported


def _commit_batches(spend_file_values: dict[str, Any], rows: Iterable[SpendRow], progress: Progress,
                    finish: Finish) -> tuple[SpendFile, int]:
    """Other databases (SQLite): batches of bulk inserts, all in one transaction."""
    with transaction.atomic():
        spend_file = SpendFile.objects.create(**spend_file_values)
        payees: dict[str, SpendRow] = {}
        staged = _stage_rows(rows, spend_file.publisher, payees)
        imported = 0
        while batch := list(itertools.islice(staged, BATCH)):
            keys = {row[11] for row in batch if not row[9]}
            known = dict(SupplierName.objects.filter(key__in=keys).values_list("key", "pk"))
            missing = [key for key in keys if key not in known]
            SupplierName.objects.bulk_create([
                SupplierName(key=key, name=payees[key].payee_name[:300], normalised_name=payees[key].normalised_name,
                             company_number=payees[key].company_number, charity_number=payees[key].charity_number,
                             vat_number=payees[key].vat_number)
                for key in missing], ignore_conflicts=True)
            known.update(SupplierName.objects.filter(key__in=missing).values_list("key", "pk"))
            line_keys = [row[1] for row in batch]
            existing = {key.hex for key in SpendLine.objects.filter(line_key__in=line_keys)
                        .values_list("line_key", flat=True)}  # UUIDs, as the 32 digits the rows carry
            new_lines = [SpendLine(file=spend_file, payee_id=None if row[9] else known[row[11]],
                                   **dict(zip(_LINE_FIELDS, row[:11], strict=True)))
                         for row in batch if row[1] not in existing]
            SpendLine.objects.bulk_create(new_lines, ignore_conflicts=True)
            imported += len(new_lines)
        finish(spend_file, imported, None)
        return spend_file, imported


def spend_file_commit(*, source: ImportSource, rows: Iterator[SpendRow], stats: ImportStats,
                      progress: Progress) -> dict[str, Any]:
    """Write a file's spend lines and its payees' names, atomically; the same file twice changes nothing.

    ``rows`` streams from the file; ``stats`` holds the counts once it is exhausted. A payment
    already imported from another file (the same line key) is not imported again.
    """
    existing = SpendFile.objects.filter(sha256=source.sha256).first()
    if existing is not None:
        return _duplicate(existing)
    values = {"publisher": source.source[:200], "name": source.name[:200], "sha256": source.sha256,
              "imported_by": source.user if getattr(source.user, "is_authenticated", False) else None,
              "upload": source.import_file}
    commit = _commit_copy if connection.vendor == "postgresql" else _commit_batches

    def finish(spend_file: SpendFile, imported: int, redacted: int | None) -> None:
        spend_file.rows_read = stats.read
        spend_file.rows_imported = imported
        spend_file.rows_rejected = stats.rejected
        spend_file.rows_redacted = spend_file.lines.filter(redacted=True).count() if redacted is None else redacted
        spend_file.rows_duplicate = stats.accepted - imported
        spend_file.save()
        stats.extra.update({"imported": imported, "redacted": spend_file.rows_redacted,
                            "already_imported": spend_file.rows_duplicate})
        audit_record(actor=source.user, action="spend_file.import", kind=AuditAction.CREATE, target=spend_file,
                     target_label=spend_file.name, changes={
                         "publisher": spend_file.publisher, "rows_read": stats.read, "imported": imported,
                         "rejected": stats.rejected, "redacted": spend_file.rows_redacted,
                         "already_imported": spend_file.rows_duplicate})

    try:
        spend_file, imported = commit(values, rows, progress, finish)
    except IntegrityError:
        # The same file imported at the same moment by someone else: theirs stands.
        existing = SpendFile.objects.filter(sha256=source.sha256).first()
        if existing is None:
            raise
        return _duplicate(existing)
    return {"spend_file": spend_file.pk, "imported": imported,
            "message": f"{imported:,} payments imported from {stats.read:,} rows read "
                       f"({spend_file.rows_redacted:,} redacted, {stats.rejected:,} rejected"
                       + (f", {spend_file.rows_duplicate:,} already imported from another file" if spend_file.rows_duplicate else "")
                       + ")."}


def _duplicate(existing: SpendFile) -> dict[str, Any]:
    return {"spend_file": existing.pk, "duplicate": True, "imported": 0,
            "message": f"This file was imported before ({existing.created_at:%d %B %Y}): nothing has changed."}


# A file adding this many lines or more has the spend tables' statistics gathered again straight away,
# for the steps that read its lines next (a smaller file changes the picture too little to matter).
STATISTICS_AFTER = 10_000


def spend_file_summarise(*, spend_file: SpendFile) -> dict[str, Any]:
    """Record the file's dates and total (a follow-on step of the import); after a large file, the
    statistics the database plans its reads of the spend with."""
    if spend_file.rows_imported >= STATISTICS_AFTER:
        staging.gather_statistics(SpendLine._meta.db_table, SupplierName._meta.db_table)
    totals = spend_file.lines.aggregate(first=Min("payment_date"), last=Max("payment_date"), total=Sum("amount"))
    spend_file.first_payment_date = totals["first"]
    spend_file.last_payment_date = totals["last"]
    spend_file.total_amount = totals["total"]
    spend_file.save(update_fields=["first_payment_date", "last_payment_date", "total_amount", "updated_at"])
    first: datetime.date | None = totals["first"]
    return {"first_payment_date": first.isoformat() if first else None}
