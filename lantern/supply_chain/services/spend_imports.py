"""Spend files in: upload, mapping, checking and the commit of the spend lines, each audited.

The steps are the one import pipeline's (lantern.core.imports, ADR 19); this module adds
the audit entries and the commit itself: a ``SpendFile``, its ``SpendLine`` rows and a
``SupplierName`` for each distinct payee, in one transaction. On PostgreSQL each chunk of rows
is streamed with COPY straight into the lines and names while the next chunk is read (ADRs 28
and 29); elsewhere they go in batches.
"""

import datetime
import itertools
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from typing import Any, NamedTuple

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
    """Each row's line values, with its line key and payee key; ``payees`` gathers the first row
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


class _Chunk(NamedTuple):
    """One chunk of a file, in COPY's text format: the payees' names first seen in it, and its lines."""

    names: bytes
    lines: bytes
    imported: int
    redacted: int


def _copy_chunks(rows: Iterable[SpendRow], publisher: str, file_id: int,
                 progress: Progress) -> Generator[_Chunk, None, None]:
    """The file's lines a chunk at a time, ready to COPY straight into the spend lines, with the names
    of the payees first seen in each chunk. Made by the thread that reads the file (ADR 29), which
    also looks up, on its own connection, which payees are already named (each new one is given
    its id from the names' sequence) and which payments are already imported from another file
    (left out). Spend imports take their turn (``_commit_copy``), so what that connection sees
    cannot change while the file is read; within the file, line keys are unique by construction.
    Says "Saving the lines" once the file has been read."""
    names, lines = SupplierName._meta.db_table, SpendLine._meta.db_table
    payees: dict[str, SpendRow] = {}
    staged = _stage_rows(rows, publisher, payees, set())
    ids: dict[str, int] = {}  # payee key -> its SupplierName id
    now = timezone.now()
    seen_before = _days_imported_before(publisher, file_id)
    days: dict[datetime.date, str] = {}
    escapes = staging.COPY_ESCAPES

    def line_text(row: tuple[Any, ...]) -> str:
        """A line as COPY's text format reads it (LINE_COLUMNS), written out field by field: a million
        lines go through here, and every value's type is known (see ``staging.copy_text``)."""
        number, key, body, service, expense, proclass, day, transaction, amount, redacted, supplier, payee = row
        free = f"{body}{service}{expense}{proclass}{transaction}{supplier}"
        if "\t" in free or "\\" in free or "\n" in free or "\r" in free:
            body, service, expense, proclass, transaction, supplier = (
                value.translate(escapes) for value in (body, service, expense, proclass, transaction, supplier))
        date = days.get(day) or days.setdefault(day, day.isoformat())
        return (f"{file_id}\t{NULL if redacted else ids[payee]}\t{number}\t{key}\t{body}\t{service}\t{expense}\t"
                f"{proclass}\t{date}\t{transaction}\t{amount}\t{'t' if redacted else 'f'}\t{supplier}\n")

    while batch := list(itertools.islice(staged, staging.CHUNK)):
        new_names: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            if payees:
                cursor.execute(f"SELECT key, id FROM {names} WHERE key = ANY(%s)", [list(payees)])  # noqa: S608  # nosec B608 (a table name from the model)
                ids.update(cursor.fetchall())
                missing = [key for key in payees if key not in ids]
                if missing:
                    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                                   [names, len(missing)])
                    for key, (pk,) in zip(missing, cursor.fetchall(), strict=True):
                        ids[key] = pk
                        row = payees[key]
                        new_names.append((pk, now, now, key, row.payee_name[:300], row.normalised_name[:300],
                                          row.company_number, row.charity_number, row.vat_number,
                                          MatchStatus.UNRESOLVED.value, ""))
                payees.clear()
            # Only a payment of the same publisher on the same day can be one already imported.
            maybe = [row[1] for row in batch if seen_before(row[6])]
            existing: set[str] = set()
            if maybe:
                cursor.execute(f"SELECT line_key FROM {lines} WHERE line_key = ANY(%s::uuid[])", [maybe])  # noqa: S608  # nosec B608 (a table name from the model)
                existing = {key.hex for (key,) in cursor.fetchall()}
        text = [line for row in batch if row[1] not in existing for line in (line_text(row),)]
        yield _Chunk(staging.copy_text(new_names), "".join(text).encode(), len(text),
                     sum(1 for row in batch if row[9] and row[1] not in existing))
    progress.advance(0, "Saving the lines")


def _days_imported_before(publisher: str, file_id: int) -> Callable[[datetime.date], bool]:
    """Whether the publisher's files imported before may hold payments made on a day: a line key is
    made from the publisher and the payment's date among the rest, so a payment of a day no earlier
    file of the publisher covers cannot be one already imported. A file whose dates are not yet
    summed (``spend_file_summarise`` runs after its commit) counts as covering every day."""
    key = publisher_key(publisher)
    files = [(first, last) for name, first, last in SpendFile.objects.exclude(pk=file_id).filter(
        rows_imported__gt=0).values_list("publisher", "first_payment_date", "last_payment_date")
        if publisher_key(name) == key]
    if not files:
        return lambda day: False
    spans = [(first, last) for first, last in files if first is not None and last is not None]
    if len(spans) < len(files):
        return lambda day: True
    known: dict[datetime.date, bool] = {}

    def seen_before(day: datetime.date) -> bool:
        answer = known.get(day)
        if answer is None:
            answer = known[day] = any(first <= day <= last for first, last in spans)
        return answer

    return seen_before


_LINE_FIELDS = ("row_number", "line_key", "body", "service", "expense_type", "proclass_code", "payment_date",
                "transaction_number", "amount", "redacted", "supplier_number")
LINE_COLUMNS = ("file_id", "payee_id", *_LINE_FIELDS)
NULL = "\\N"  # COPY's text format
NAME_COLUMNS = ("id", "created_at", "updated_at", "key", "name", "normalised_name", "company_number",
                "charity_number", "vat_number", "match_status", "match_reason")
# Spend imports on PostgreSQL take their turn under this transaction-level advisory lock.
IMPORT_LOCK = zlib.crc32(b"lantern.supply_chain.spend_import")


# Counts and the audit entry, inside the commit's transaction: given the file, the lines imported and,
# where the commit counted them as it went, how many of those are redacted.
Finish = Callable[[SpendFile, int, int | None], None]


def _commit_copy(spend_file_values: dict[str, Any], rows: Iterable[SpendRow], progress: Progress,
                 finish: Finish) -> tuple[SpendFile, int]:
    """PostgreSQL: one transaction copies the file's lines, and its new payees' names, straight into
    their tables with COPY, a chunk at a time (ADR 29).

    Spend imports take their turn (an advisory lock held until the transaction ends; a second one
    waits, and says so), so the payments and names already saved cannot change under one.
    Unless the caller already holds a transaction, the file is read and parsed by a thread of its
    own (``staging.read_ahead``), which also puts each chunk into COPY's text format, while the
    database writes the chunk before: the reading (Python) and the writing (the server, mostly its
    indexes) overlap on the two cores, and this thread only sends bytes. Its progress is saved
    through that thread's own connection, so it is seen while this transaction is open. Inside a
    caller's transaction everything stays on the caller's connection, one chunk after another.
    """
    names, lines = SupplierName._meta.db_table, SpendLine._meta.db_table
    parallel = not connection.in_atomic_block
    imported = redacted = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK])
            if not cursor.fetchone()[0]:
                progress.advance(0, "Waiting for another spend import to finish")
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        spend_file = SpendFile.objects.create(**spend_file_values)
        chunks = _copy_chunks(rows, spend_file_values["publisher"], spend_file.pk, progress)
        with closing(staging.read_ahead(chunks) if parallel else chunks) as ready:
            for chunk in ready:
                staging.copy_block(names, NAME_COLUMNS, chunk.names)
                staging.copy_block(lines, LINE_COLUMNS, chunk.lines)
                imported += chunk.imported
                redacted += chunk.redacted
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


def spend_file_summarise(*, spend_file: SpendFile) -> dict[str, Any]:
    """Record the file's dates and total (a follow-on step of the import)."""
    totals = spend_file.lines.aggregate(first=Min("payment_date"), last=Max("payment_date"), total=Sum("amount"))
    spend_file.first_payment_date = totals["first"]
    spend_file.last_payment_date = totals["last"]
    spend_file.total_amount = totals["total"]
    spend_file.save(update_fields=["first_payment_date", "last_payment_date", "total_amount", "updated_at"])
    first: datetime.date | None = totals["first"]
    return {"first_payment_date": first.isoformat() if first else None}
