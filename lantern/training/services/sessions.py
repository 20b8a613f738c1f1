"""Sessions and attendance: a session planned, people added to it, attendance marked; completions
without a session (the built-in module, a self-paced course)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.references import save_with_reference
from lantern.training.compliance import add_months
from lantern.training.matching import email_key, name_key, tidy_name
from lantern.training.models import (
    Attendance,
    AttendanceSource,
    Course,
    CourseVersion,
    Outcome,
    Session,
    SessionStatus,
    Trainee,
)
from lantern.training.selectors.compliance import compliance_changed
from lantern.training.services.catalogue import version_on
from lantern.training.services.people import PersonIn, trainee_for_user, trainee_resolve

SESSION_PREFIX = "TS"


def valid_until(version: CourseVersion, completed_on: datetime.date, outcome: str) -> datetime.date | None:
    if outcome != Outcome.ATTENDED or version.validity_months is None:
        return None
    return add_months(completed_on, version.validity_months)


@transaction.atomic
def session_create(*, acting_user: Any, course: Course, date: datetime.date, **details: Any) -> Session:
    """Plan a session of the course's version taught on ``date``."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    versions = list(course.versions.all())
    if not versions:
        raise ValidationError({"course": "This course has no version to teach"})
    session = Session(course=course, course_version=version_on(versions, date), date=date, created_by=acting_user,
                      **details)
    session.full_clean(exclude=["reference"])
    save_with_reference(session, prefix=SESSION_PREFIX)
    audit_record(actor=acting_user, action="training.session.create", kind=AuditAction.CREATE, target=session,
                 target_label=session.reference, changes={"course": course.code, "date": date.isoformat()})
    return session


@transaction.atomic
def session_update(*, session: Session, acting_user: Any, **details: Any) -> Session:
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    for field, value in details.items():
        setattr(session, field, value)
    session.full_clean()
    session.save()
    if "date" in details:  # a completion is on the session's day
        for attendance in session.attendances.select_related("course_version"):
            attendance.completed_on = session.date
            attendance.valid_until = valid_until(attendance.course_version, session.date, attendance.outcome)
            attendance.save(update_fields=["completed_on", "valid_until", "updated_at"])
    audit_record(actor=acting_user, action="training.session.update", kind=AuditAction.UPDATE, target=session,
                 target_label=session.reference, changes={k: str(v) for k, v in details.items()
                                                          if k not in ("trainer_name",)})
    transaction.on_commit(compliance_changed)
    return session


def _attend(*, session: Session, trainee: Trainee, outcome: str, source: str, acting_user: Any,
            import_file: Any = None) -> tuple[Attendance, bool]:
    attendance, created = Attendance.objects.get_or_create(
        session=session, trainee=trainee,
        defaults={"course_version": session.course_version, "course": session.course, "outcome": outcome,
                  "completed_on": session.date, "source": source, "import_file": import_file,
                  "valid_until": valid_until(session.course_version, session.date, outcome),
                  "recorded_by": acting_user if getattr(acting_user, "is_authenticated", False) else None})
    if not created and attendance.outcome != outcome:
        attendance.outcome = outcome
        attendance.valid_until = valid_until(session.course_version, session.date, outcome)
        attendance.save(update_fields=["outcome", "valid_until", "updated_at"])
    return attendance, created


@transaction.atomic
def attendance_add(*, session: Session, acting_user: Any, full_name: str, email: str = "",
                   agency_id: int | None = None, agency_name: str = "", role: str = "", job_type_id: int | None = None,
                   outcome: str = Outcome.ATTENDED) -> Attendance:
    """Add a person (a Lantern user or not) to a session, matched to their existing record if there is one."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError("The session was cancelled")
    if outcome in (Outcome.ATTENDED, Outcome.ABSENT) and session.date > timezone.localdate():
        raise ValidationError("The session has not happened yet: book the person now, and mark who attended on the day")
    if outcome != Outcome.BOOKED and session.capacity and outcome == Outcome.ATTENDED:
        attended = session.attendances.filter(outcome=Outcome.ATTENDED).count()
        if attended >= session.capacity:
            raise ValidationError(f"The session is full: its capacity is {session.capacity}")
    name = tidy_name(full_name)
    trainee, new = trainee_resolve(person=PersonIn(name, name_key(name), email_key(email), agency_id,
                                                   "" if agency_id else agency_name.strip(), role, job_type_id))
    attendance, created = _attend(session=session, trainee=trainee, outcome=outcome, source=AttendanceSource.PAGE,
                                  acting_user=acting_user)
    if not created:
        raise ValidationError("This person is already recorded at this session")
    audit_record(actor=acting_user, action="training.attendance.add", kind=AuditAction.CREATE, target=attendance,
                 target_label=f"{session.reference}: attendance {attendance.pk}",
                 changes={"outcome": outcome, "new_person": new})
    transaction.on_commit(compliance_changed)
    return attendance


@transaction.atomic
def attendance_mark(*, session: Session, acting_user: Any, attended: Iterable[int]) -> int:
    """Mark who attended (the rest of those recorded did not): the register taken in the page."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError("The session was cancelled: no one attended it")
    if session.date > timezone.localdate():
        raise ValidationError("The session has not happened yet: mark who attended on or after its day")
    present = set(attended)
    changed = 0
    for attendance in session.attendances.select_for_update():
        outcome = Outcome.ATTENDED if attendance.pk in present else Outcome.ABSENT
        if attendance.outcome != outcome:
            attendance.outcome = outcome
            attendance.valid_until = valid_until(session.course_version, session.date, outcome)
            attendance.save(update_fields=["outcome", "valid_until", "updated_at"])
            changed += 1
    if session.status == SessionStatus.SCHEDULED:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status", "updated_at"])
    audit_record(actor=acting_user, action="training.attendance.mark", kind=AuditAction.UPDATE, target=session,
                 target_label=session.reference, changes={"attended": len(present), "changed": changed})
    transaction.on_commit(compliance_changed)
    return changed


@transaction.atomic
def completion_record(*, user: Any, course: Course, completed_on: datetime.date,
                      source: str = AttendanceSource.MODULE) -> Attendance:
    """A signed-in user completed a course without a session (the built-in module): it counts on
    their training record. Completing it twice the same day records it once."""
    trainee = trainee_for_user(user)
    version = version_on(list(course.versions.all()), completed_on)
    attendance, created = Attendance.objects.get_or_create(
        session=None, trainee=trainee, course_version=version, completed_on=completed_on,
        defaults={"course": course, "outcome": Outcome.ATTENDED, "source": source, "recorded_by": user,
                  "valid_until": valid_until(version, completed_on, Outcome.ATTENDED)})
    if created:
        audit_record(actor=user, action="training.completion.record", kind=AuditAction.CREATE, target=attendance,
                     target_label=f"Completion {attendance.pk}", changes={"course": course.code, "source": source})
    transaction.on_commit(compliance_changed)
    return attendance
