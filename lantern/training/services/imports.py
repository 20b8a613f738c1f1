"""Attendance files in, through the one import pipeline (lantern.core.imports, ADR 19): a session's
sign-in sheet (``training.attendance``) or a learning platform's export (``training.completions``).

Each step is audited here. The commit matches every row to a person (``TraineeIndex``: a few
set-based queries, then memory), creates the new people, sends uncertain matches for review and
writes the attendance in bulk, in one transaction. Importing the same file again changes nothing;
a row already recorded (the same person at the same session, or the same completion) is not
recorded twice; a row repeated within a file counts once.
"""

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.imports import pipeline, staging
from lantern.core.imports.registry import ImportSource, Progress
from lantern.core.imports.report import ImportStats
from lantern.core.models import BackgroundJob, ImportFile
from lantern.training.importing import AttendanceRow
from lantern.training.models import (
    Attendance,
    AttendanceImport,
    AttendanceSource,
    CourseVersion,
    Outcome,
    Session,
    SessionStatus,
)
from lantern.training.selectors.compliance import compliance_changed
from lantern.training.services.catalogue import version_on
from lantern.training.services.people import PersonIn, TraineeIndex
from lantern.training.services.sessions import valid_until

ATTENDANCE = "training.attendance"
COMPLETIONS = "training.completions"
BATCH = 5000


def _label(kind: str) -> str:
    return "Sign-in sheet" if kind == ATTENDANCE else "Completions file"


def _upload_label(import_file: ImportFile) -> str:
    """An upload as the audit trail names it: by its id, never by who sent it (often the trainer, by name)."""
    return f"{_label(import_file.kind)} upload {str(import_file.pk)[:8]}"


@transaction.atomic
def attendance_upload(*, kind: str, upload: UploadedFile, source: str, acting_user: Any,
                      session: Session | None = None) -> ImportFile:
    """Take a sign-in sheet for ``session`` (or a completions export) and propose its columns."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    if (kind == ATTENDANCE) != (session is not None):
        raise ValidationError("A sign-in sheet is for one session; a completions file names its courses")
    import_file = pipeline.import_file_create(kind=kind, source=source, upload=upload, user=acting_user)
    AttendanceImport.objects.create(kind=kind, sha256=import_file.sha256, name=import_file.original_name[:200],
                                    source=import_file.source, session=session, import_file=import_file,
                                    imported_by=acting_user)
    audit_record(actor=acting_user, action="training_upload.create", kind=AuditAction.CREATE, target=import_file,
                 target_label=_upload_label(import_file),
                 changes={"size": import_file.size, "columns": len(import_file.headers),
                          "session": session.reference if session else None})
    return import_file


@transaction.atomic
def attendance_upload_map(*, import_file: ImportFile, columns: dict[str, str], acting_user: Any) -> BackgroundJob:
    """Confirm the columns (remembered for the source) and start the check."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    pipeline.import_file_map(import_file=import_file, columns=columns, user=acting_user)
    job = pipeline.import_check_start(import_file=import_file, user=acting_user)
    audit_record(actor=acting_user, action="training_upload.map", kind=AuditAction.UPDATE, target=import_file,
                 target_label=_upload_label(import_file), changes={"mapping": columns})
    return job


@transaction.atomic
def attendance_upload_import(*, import_file: ImportFile, acting_user: Any) -> BackgroundJob:
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    job = pipeline.import_commit_start(import_file=import_file, user=acting_user)
    audit_record(actor=acting_user, action="training_upload.import", kind=AuditAction.UPDATE, target=import_file,
                 target_label=_upload_label(import_file))
    return job


def _person(row: AttendanceRow) -> PersonIn:
    return PersonIn(row.full_name, row.name_key, row.email, row.agency_id, row.agency_name, row.role,
                    row.job_type_id)


def attendance_commit(*, source: ImportSource, rows: Iterator[AttendanceRow], stats: ImportStats,
                      progress: Progress, kind: str = ATTENDANCE, session: Session | None = None) -> dict[str, Any]:
    """Write a file's attendance (``kind``), atomically; the same file twice changes nothing."""
    if AttendanceImport.objects.filter(sha256=source.sha256, kind=kind, imported_at__isnull=False).exists():
        return {"duplicate": True, "message": "This file was imported before: nothing was changed."}
    record = (AttendanceImport.objects.filter(import_file=source.import_file).first()
              if source.import_file is not None else None)
    if kind == ATTENDANCE:
        session = session or (record.session if record else None)
        if session is None:
            raise ValidationError("A sign-in sheet is imported for a session")
    rows_read = list(rows)
    progress.total(len(rows_read))
    progress.advance(0, "Matching people")
    index = TraineeIndex([_person(row) for row in rows_read])
    resolved = [index.resolve(_person(row)) for row in rows_read]
    with transaction.atomic():
        reviews = index.save_new()
        if kind == ATTENDANCE:
            assert session is not None  # noqa: S101  (checked above)
            made, changed, repeated = _write_session(session, rows_read, resolved, index, source, progress)
        else:
            made, changed, repeated = _write_completions(rows_read, resolved, index, source, progress)
        record = record or AttendanceImport(kind=kind, session=session, source=source.source[:200],
                                            name=source.name[:200], imported_by=_user(source))
        record.sha256, record.imported_at = source.sha256, timezone.now()
        record.counts = {"recorded": made, "changed": changed, "already_recorded": repeated,
                         "new_people": len(index.new), "to_review": len(reviews)}
        record.save()
        stats.extra.update(record.counts)
        audit_record(actor=source.user, action="training_attendance.import", kind=AuditAction.CREATE, target=record,
                     target_label=f"{_label(kind)} {record.pk}", changes=record.counts)
        transaction.on_commit(compliance_changed)
    message = (f"{made:,} attendance record{'s' if made != 1 else ''} added, {changed:,} changed, "
               f"{repeated:,} already recorded; {len(index.new):,} new people"
               + (f", {len(reviews):,} possible matches to review." if reviews else "."))
    return {"attendance_import": record.pk, "message": message, "session": session.pk if session else None}


def _user(source: ImportSource) -> Any:
    return source.user if getattr(source.user, "is_authenticated", False) else None


def _write_session(session: Session, rows: list[AttendanceRow], resolved: list[tuple[str, int]],
                   index: TraineeIndex, source: ImportSource, progress: Progress) -> tuple[int, int, int]:
    existing = {trainee: (pk, outcome) for pk, trainee, outcome in
                session.attendances.values_list("pk", "trainee_id", "outcome")}
    seen: dict[int, str] = {}
    for row, where in zip(rows, resolved, strict=True):
        seen[index.trainee_id(where)] = Outcome.ATTENDED if row.attended else Outcome.ABSENT
    new, changed, repeated = [], [], 0
    for trainee_id, outcome in seen.items():
        if trainee_id not in existing:
            new.append(Attendance(session=session, trainee_id=trainee_id, course_version=session.course_version,
                                  course=session.course, outcome=outcome, completed_on=session.date,
                                  source=AttendanceSource.IMPORT, import_file=source.import_file,
                                  recorded_by=_user(source),
                                  valid_until=valid_until(session.course_version, session.date, outcome)))
        elif existing[trainee_id][1] != outcome:
            changed.append(existing[trainee_id][0])
            Attendance.objects.filter(pk=existing[trainee_id][0]).update(
                outcome=outcome, valid_until=valid_until(session.course_version, session.date, outcome),
                updated_at=timezone.now())
        else:
            repeated += 1
    Attendance.objects.bulk_create(new, batch_size=BATCH)
    if session.status == SessionStatus.SCHEDULED:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status", "updated_at"])
    progress.advance(len(rows), "Attendance recorded")
    return len(new), len(changed), repeated + (len(rows) - len(seen))


def _write_completions(rows: list[AttendanceRow], resolved: list[tuple[str, int]], index: TraineeIndex,
                       source: ImportSource, progress: Progress) -> tuple[int, int, int]:
    versions: dict[int, list[CourseVersion]] = defaultdict(list)
    for version in CourseVersion.objects.filter(course_id__in={row.course_id for row in rows}):
        versions[version.course_id].append(version)
    wanted: dict[tuple[int, int, Any], tuple[CourseVersion, str]] = {}
    taught: dict[tuple[int, Any], CourseVersion] = {}
    for row, where in zip(rows, resolved, strict=True):
        assert row.course_id is not None and row.completed_on is not None  # noqa: S101  (the reader requires them)
        found = taught.get((row.course_id, row.completed_on))
        if found is None:
            found = taught[(row.course_id, row.completed_on)] = version_on(versions[row.course_id], row.completed_on)
        version = found
        key = (index.trainee_id(where), version.pk, row.completed_on)
        outcome: str = Outcome.ATTENDED if row.attended else Outcome.ABSENT
        if key not in wanted or outcome == Outcome.ATTENDED:  # a repeated row: attended wins
            wanted[key] = (version, outcome)
    trainees = sorted({key[0] for key in wanted})
    existing: dict[tuple[int, int, Any], tuple[int, str]] = {}
    for start in range(0, len(trainees), BATCH):
        existing.update(((t, v, d), (pk, o)) for pk, t, v, d, o in Attendance.objects.filter(
            session__isnull=True, trainee_id__in=trainees[start:start + BATCH]).values_list(
            "pk", "trainee_id", "course_version_id", "completed_on", "outcome"))
    new, changed, repeated = [], 0, 0
    for (trainee_id, _, completed_on), (version, outcome) in wanted.items():
        key = (trainee_id, version.pk, completed_on)
        if key in existing:
            if existing[key][1] != outcome:
                Attendance.objects.filter(pk=existing[key][0]).update(
                    outcome=outcome, valid_until=valid_until(version, completed_on, outcome))
                changed += 1
            else:
                repeated += 1
            continue
        new.append((trainee_id, version.pk, version.course_id, outcome, completed_on,
                    valid_until(version, completed_on, outcome)))
    _insert_completions(new, source, progress)
    return len(new), changed, repeated + (len(rows) - len(wanted))


COLUMNS = ("trainee_id", "course_version_id", "course_id", "outcome", "completed_on", "valid_until")


def _insert_completions(new: list[tuple[Any, ...]], source: ImportSource, progress: Progress) -> None:
    """Write new completions: on PostgreSQL streamed with COPY into a staging table and copied across
    (``ON CONFLICT DO NOTHING``: a completion recorded meanwhile stays as it was); elsewhere in batches."""
    now = timezone.now()
    user = _user(source)
    upload = source.import_file.pk if source.import_file is not None else None
    if connection.vendor != "postgresql":
        for start in range(0, len(new), BATCH):
            Attendance.objects.bulk_create([
                Attendance(**dict(zip(COLUMNS, row, strict=True)), source=AttendanceSource.IMPORT,
                           import_file_id=upload, recorded_by=user) for row in new[start:start + BATCH]])
            progress.advance(min(len(new), start + BATCH), "Recording attendance")
        return
    types = ("bigint", "bigint", "bigint", "varchar(20)", "date", "date")
    with staging.staging_table("training_completions_staging", list(zip(COLUMNS, types, strict=True))) as table:
        staging.copy_rows(table, COLUMNS, new)
        progress.advance(len(new), "Recording attendance")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO training_attendance ({', '.join(COLUMNS)}, source, import_file_id, recorded_by_id, "  # noqa: S608  # nosec B608 (names are constants)
                f"session_id, created_at, updated_at) SELECT {', '.join(COLUMNS)}, %s, %s, %s, NULL, %s, %s "
                f"FROM {table} ON CONFLICT DO NOTHING",
                [AttendanceSource.IMPORT, upload, user.pk if user else None, now, now])
