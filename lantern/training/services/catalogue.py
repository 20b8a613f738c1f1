"""The catalogue and the matrix: courses, their versions, job types and the matrix's lines."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.training.models import Course, CourseVersion, JobType, MatrixRequirement
from lantern.training.selectors.compliance import compliance_changed

VERSION_FIELDS = ("delivery", "duration_minutes", "learning_outcomes", "validity_months", "provider")


@transaction.atomic
def course_create(*, acting_user: Any, code: str, title: str, audience: str, level: str, delivery: str,
                  duration_minutes: int, learning_outcomes: str, validity_months: int | None,
                  effective_from: datetime.date, provider: str = "") -> Course:
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    if Course.objects.filter(code=code).exists():
        raise ValidationError({"code": "A course already has this short name"})
    course = Course(code=code, title=title, audience=audience, level=level, created_by=acting_user)
    course.full_clean()
    course.save()
    version = CourseVersion(course=course, number=1, delivery=delivery, duration_minutes=duration_minutes,
                            learning_outcomes=learning_outcomes, validity_months=validity_months, provider=provider,
                            effective_from=effective_from, created_by=acting_user)
    version.full_clean()
    version.save()
    audit_record(actor=acting_user, action="training.course.create", kind=AuditAction.CREATE, target=course,
                 changes={"code": code, "level": level, "version": 1})
    return course


@transaction.atomic
def course_update(*, course: Course, acting_user: Any, title: str, audience: str, level: str,
                  is_active: bool) -> Course:
    """Change what describes the course (not what it teaches: that is a new version)."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    course.title, course.audience, course.level, course.is_active = title, audience, level, is_active
    course.full_clean()
    course.save()
    audit_record(actor=acting_user, action="training.course.update", kind=AuditAction.UPDATE, target=course,
                 changes={"title": title, "level": level, "is_active": is_active})
    return course


@transaction.atomic
def course_version_add(*, course: Course, acting_user: Any, change_summary: str, effective_from: datetime.date,
                       **values: Any) -> CourseVersion:
    """A new version of a course changed in substance. Completions of older versions still count
    until they expire (by the validity of the version taken)."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    Course.objects.select_for_update().filter(pk=course.pk).first()
    latest = course.versions.order_by("-number").first()
    if latest is not None and effective_from < latest.effective_from:
        raise ValidationError({"effective_from": "A new version cannot start before the current one did"})
    number = (course.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CourseVersion(course=course, number=number, change_summary=change_summary,
                            effective_from=effective_from, created_by=acting_user,
                            **{field: values[field] for field in VERSION_FIELDS if field in values})
    version.full_clean()
    version.save()
    audit_record(actor=acting_user, action="training.course.version", kind=AuditAction.CREATE, target=version,
                 changes={"number": number, "validity_months": version.validity_months})
    transaction.on_commit(compliance_changed)
    return version


def version_on(course_versions: list[CourseVersion], day: datetime.date) -> CourseVersion:
    """The version taught on ``day``: the newest that had started, else the first."""
    started = [v for v in course_versions if v.effective_from <= day]
    return max(started, key=lambda v: v.number) if started else min(course_versions, key=lambda v: v.number)


@transaction.atomic
def job_type_create(*, acting_user: Any, name: str, description: str = "") -> JobType:
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    if JobType.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "There is already a job type with this name"})
    job_type = JobType.objects.create(name=name.strip(), description=description)
    audit_record(actor=acting_user, action="training.job_type.create", kind=AuditAction.CREATE, target=job_type)
    return job_type


@transaction.atomic
def requirement_save(*, acting_user: Any, course: Course, role: str = "", job_type: JobType | None = None,
                     due_within_months: int, refresher_months: int | None,
                     requirement: MatrixRequirement | None = None) -> MatrixRequirement:
    """Add a line to the training matrix, or change one."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    if bool(role) == bool(job_type):
        raise ValidationError("Choose a role or a job type, not both")
    line = requirement or MatrixRequirement(created_by=acting_user)
    line.course, line.role, line.job_type = course, role, job_type
    line.due_within_months, line.refresher_months, line.is_active = due_within_months, refresher_months, True
    line.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError as clash:
        raise ValidationError("The matrix already has this course for this role or job type") from clash
    audit_record(actor=acting_user, action="training.matrix." + ("update" if requirement else "create"),
                 kind=AuditAction.UPDATE if requirement else AuditAction.CREATE, target=line,
                 changes={"course": course.code, "role": role, "job_type": job_type.pk if job_type else None,
                          "due_within_months": due_within_months, "refresher_months": refresher_months})
    transaction.on_commit(compliance_changed)
    return line


@transaction.atomic
@transaction.atomic
def defaults_install(*, acting_user: Any) -> dict[str, int]:
    """Add Lantern's default catalogue, job types and matrix (``training.defaults``): only what is missing,
    so nothing the partnership has edited changes. Returns how many of each were added."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    from lantern.training.defaults import matrix_default_seed  # the defaults read this module's models

    made = matrix_default_seed()
    audit_record(actor=acting_user, action="training.defaults.install", kind=AuditAction.CREATE,
                 target_label="Training defaults", changes=made)
    transaction.on_commit(compliance_changed)
    return made


def requirement_remove(*, acting_user: Any, requirement: MatrixRequirement) -> None:
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    audit_record(actor=acting_user, action="training.matrix.remove", kind=AuditAction.DELETE, target=requirement,
                 changes={"course": requirement.course.code, "role": requirement.role,
                          "job_type": requirement.job_type_id})
    requirement.delete()
    transaction.on_commit(compliance_changed)

