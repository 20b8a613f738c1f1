"""Running an import: the upload kept encrypted, the mapping proposed and confirmed, the rows
checked and then committed, in background jobs with their progress.

Core writes no audit entries (it sits below the audit trail): each app wraps these in its
own services, which add the audit entry in the same transaction (see
``lantern.supply_chain.services.spend_imports``).
"""

import hashlib
import io
import itertools
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from lantern.core import crypto
from lantern.core.files import scan_or_refuse, size_label, store_encrypted
from lantern.core.imports import registry
from lantern.core.imports.mapping import SAMPLE_ROWS, apply_mapping, propose_mapping
from lantern.core.imports.reading import UnreadableFile, count_lines, kind_of, read_table
from lantern.core.imports.registry import ImportKind, ImportSource, Progress
from lantern.core.imports.report import ImportStats
from lantern.core.jobs import ProgressReporter, job_kind, job_start
from lantern.core.models import BackgroundJob, ImportFile, ImportMapping, ImportStatus

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRESS_EVERY = 5000  # rows between progress reports


class Silent:
    """Progress nobody watches (tests, a step run by hand)."""

    def total(self, total: int) -> None:
        return None

    def advance(self, done: int, message: str = "") -> None:
        return None


def _propose(kind: ImportKind, stream: BinaryIO, name: str, source: str) -> dict[str, Any]:
    try:
        table, rows = read_table(stream, name=name)
        sample = [cells for _, cells in itertools.islice(rows, SAMPLE_ROWS)]
    except UnreadableFile as error:
        raise ValidationError(str(error)) from error
    if not sample:
        raise ValidationError("The file has column headings but no rows under them")
    remembered = ImportMapping.objects.filter(kind=kind.name, source__iexact=source).first()
    proposal = propose_mapping(kind.spec, table.headers, sample, remembered=remembered.columns if remembered else None)
    return {"headers": table.headers, "proposal": proposal.as_dict(), "certain": proposal.certain,
            "columns": proposal.columns()}


def import_file_create(*, kind: str, source: str, upload: UploadedFile, user: Any) -> ImportFile:
    """Check an uploaded CSV or XLSX file, propose its mapping and keep it encrypted.

    A ValidationError says plainly why a file cannot be taken (too big, not a table, no
    headings, a virus). Call inside the app's service, which records the audit entry.
    """
    import_kind = registry.get(kind)
    limit = settings.LANTERN_IMPORT_MAX_UPLOAD_BYTES
    too_big = (f"The file must be smaller than {size_label(limit)}: import larger files with the command line")
    if upload.size is not None and upload.size > limit:
        raise ValidationError(too_big)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(too_big)
    if not content:
        raise ValidationError("The selected file is empty")
    name = (upload.name or "file").rsplit("/", 1)[-1][:200]
    try:
        file_kind = kind_of(content[:4096], name)
    except UnreadableFile as error:
        raise ValidationError(str(error)) from error
    scan_result = scan_or_refuse(content)
    proposed = _propose(import_kind, io.BytesIO(content), name, source)
    return ImportFile.objects.create(
        kind=kind, source=source.strip(), uploaded_by=user, headers=proposed["headers"],
        proposal=proposed["proposal"], mapping=proposed["columns"] if proposed["certain"] else {},
        storage_path=store_encrypted(content, folder="imports"), original_name=name,
        content_type=XLSX_TYPE if file_kind == "xlsx" else CSV_TYPE, size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), scan_result=scan_result, key_id=crypto.newest_key_id(),
    )


def import_file_map(*, import_file: ImportFile, columns: dict[str, str], user: Any) -> ImportFile:
    """Confirm the file's mapping (``{field: heading}``) and remember it for its source."""
    if import_file.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED):
        raise ValidationError("This file is being imported or has been imported: its columns cannot change now")
    kind = registry.get(import_file.kind)
    try:
        apply_mapping(kind.spec, import_file.headers, columns)
    except ValueError as error:
        raise ValidationError(str(error)) from error
    import_file.mapping = columns
    import_file.status = ImportStatus.UPLOADED
    import_file.save(update_fields=["mapping", "status", "updated_at"])
    ImportMapping.objects.update_or_create(kind=import_file.kind, source=import_file.source,
                                           defaults={"columns": columns, "confirmed_by": user})
    return import_file


def _start(import_file: ImportFile, *, job_kind_name: str, title: str, status: str, user: Any) -> BackgroundJob:
    job = job_start(kind=job_kind_name, title=title, started_by=user)
    import_file.job = job
    import_file.status = status
    import_file.save(update_fields=["job", "status", "updated_at"])
    return job


def import_check_start(*, import_file: ImportFile, user: Any) -> BackgroundJob:
    """Check every row against the confirmed mapping, in the background: the per-row report."""
    if not import_file.mapping:
        raise ValidationError("Confirm which column holds which field first")
    if import_file.status not in (ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.FAILED):
        raise ValidationError("This file is already being imported or has been imported")
    label = registry.get(import_file.kind).label
    return _start(import_file, job_kind_name="imports.check", title=f"Check the {label}",
                  status=ImportStatus.CHECKING, user=user)


def import_commit_start(*, import_file: ImportFile, user: Any) -> BackgroundJob:
    """Import the checked file, in the background."""
    if import_file.status != ImportStatus.CHECKED:
        raise ValidationError("Only a checked file can be imported")
    label = registry.get(import_file.kind).label
    return _start(import_file, job_kind_name="imports.commit", title=f"Import the {label}",
                  status=ImportStatus.IMPORTING, user=user)


def stream_records(kind: ImportKind, stream: BinaryIO, *, name: str, columns: dict[str, str], stats: ImportStats,
                   progress: Progress) -> Iterator[Any]:
    """The file's rows, read and parsed one at a time into the app's records; the problems and
    counts go into ``stats`` as they are found. A ValidationError for a file that cannot be read."""
    progress.total(max(1, count_lines(stream) - 1))
    try:
        table, rows = read_table(stream, name=name)
        indexes = apply_mapping(kind.spec, table.headers, columns)
    except (UnreadableFile, ValueError) as error:
        raise ValidationError(str(error)) from error
    stats.skipped = table.skipped
    read_row = kind.row_reader(indexes, table.headers)
    add = stats.add
    read = 0
    for number, cells in rows:
        record, problems = read_row(number, cells)
        add(problems, accepted=record is not None)
        if record is not None:
            yield record
        read += 1
        if read % PROGRESS_EVERY == 0:
            progress.advance(read)
    progress.advance(read)


def run_import(*, kind: ImportKind, stream: BinaryIO, source: ImportSource, columns: dict[str, str],
               progress: Progress, check_only: bool = False) -> tuple[ImportStats, dict[str, Any]]:
    """Check, or check and commit, one file: the counts and problems, and what the commit made.

    The app's ``commit`` stages the records and writes them in one transaction, so a failure
    part way leaves nothing; it returns ``{"duplicate": True, ...}`` for a file imported before.
    """
    stats = ImportStats()
    records = stream_records(kind, stream, name=source.name, columns=columns, stats=stats, progress=progress)
    if check_only:
        for _ in records:
            pass
        return stats, {}
    result = kind.commit(source=source, rows=records, stats=stats, progress=progress)
    if kind.after_commit is not None and not result.get("duplicate"):
        result = {**result, **kind.after_commit(source, result, progress)}
    return stats, result


def file_sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _upload_for(job: BackgroundJob) -> tuple[ImportFile, ImportKind]:
    import_file = ImportFile.objects.get(job=job)
    return import_file, registry.get(import_file.kind)


def _fail(import_file: ImportFile, stats: ImportStats, message: str) -> dict[str, Any]:
    import_file.status = ImportStatus.FAILED
    import_file.counts = stats.counts()
    import_file.problems = [problem.as_dict() for problem in stats.problems]
    import_file.save(update_fields=["status", "counts", "problems", "updated_at"])
    return {"error": message}


def _run_job(job: BackgroundJob, progress: ProgressReporter, *, check_only: bool) -> dict[str, Any]:
    import_file, kind = _upload_for(job)
    source = ImportSource(name=import_file.original_name, sha256=import_file.sha256, source=import_file.source,
                          user=job.started_by, import_file=import_file)
    stats = ImportStats()
    next_url = kind.page_url(import_file)
    try:
        stats, result = run_import(kind=kind, stream=io.BytesIO(import_file.read()), source=source,
                                   columns=import_file.mapping, progress=progress, check_only=check_only)
    except ValidationError as error:
        job.message = " ".join(error.messages)[:500]
        return {**_fail(import_file, stats, job.message), "next_url": next_url}
    except Exception:
        _fail(import_file, stats, "The import failed")
        raise
    import_file.counts = stats.counts()
    import_file.problems = [problem.as_dict() for problem in stats.problems]
    if check_only:
        import_file.status = ImportStatus.CHECKED
        job.message = (f"{stats.read:,} rows checked: {stats.accepted:,} can be imported, "
                       f"{stats.rejected:,} cannot.")
    else:
        import_file.status = ImportStatus.DUPLICATE if result.get("duplicate") else ImportStatus.IMPORTED
        import_file.result = result
        job.message = str(result.get("message", "Imported."))[:500]
        next_url = kind.page_url(import_file)
    import_file.save(update_fields=["counts", "problems", "status", "result", "updated_at"])
    return {"counts": import_file.counts, "next_url": next_url}


@job_kind("imports.check")
def check_job(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    return _run_job(job, progress, check_only=True)


@job_kind("imports.commit")
def commit_job(job: BackgroundJob, progress: ProgressReporter) -> dict[str, Any]:
    return _run_job(job, progress, check_only=False)
