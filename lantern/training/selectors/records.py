"""Courses, sessions, people, uploads and match reviews: who may read them, and 404 for the rest.

The catalogue is open to every signed-in user (it is what they may be asked to take). Sessions,
people's records, uploads and reviews are for those who manage training or read compliance.
"""

from typing import Any

from django.db.models import Count, Q, QuerySet

from lantern.accounts.capabilities import Capability
from lantern.core.access import not_found
from lantern.core.models import ImportFile
from lantern.training.models import Course, MatchReview, MatchStatus, Outcome, Session, Trainee

IMPORT_KINDS = ("training.attendance", "training.completions")


def may_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.MANAGE_TRAINING))


def may_read_records(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and (
        user.can(Capability.MANAGE_TRAINING) or user.can(Capability.VIEW_TRAINING_COMPLIANCE)))


def courses_visible_to(user: Any) -> QuerySet[Course]:
    if not getattr(user, "is_authenticated", False):
        return Course.objects.none()
    courses = Course.objects.prefetch_related("versions")
    return courses if may_manage(user) else courses.filter(is_active=True)


def course_get(*, user: Any, course_id: Any) -> Course:
    course = courses_visible_to(user).filter(pk=course_id).first()
    if course is None:
        raise not_found()
    return course


def sessions_visible_to(user: Any) -> QuerySet[Session]:
    if not may_read_records(user):
        return Session.objects.none()
    return (Session.objects.select_related("course_version__course", "trainer")
            .annotate(attended=Count("attendances", filter=Q(attendances__outcome=Outcome.ATTENDED)),
                      recorded=Count("attendances")))


def session_get(*, user: Any, session_id: Any) -> Session:
    session = sessions_visible_to(user).filter(pk=session_id).first()
    if session is None:
        raise not_found()
    return session


def session_by_reference(reference: str) -> Session | None:
    return Session.objects.select_related("course_version__course").filter(reference=reference.upper()).first()


def trainees_visible_to(user: Any) -> QuerySet[Trainee]:
    if not may_read_records(user):
        return Trainee.objects.none()
    return Trainee.objects.select_related("agency", "job_type", "user", "manager")


def trainee_get(*, user: Any, trainee_id: Any) -> Trainee:
    trainee = trainees_visible_to(user).filter(pk=trainee_id).first()
    if trainee is None:
        raise not_found()
    return trainee


def uploads_visible_to(user: Any) -> QuerySet[ImportFile]:
    if not may_manage(user):
        return ImportFile.objects.none()
    return ImportFile.objects.filter(kind__in=IMPORT_KINDS).select_related("uploaded_by", "job")


def upload_get(*, user: Any, upload_id: Any) -> ImportFile:
    upload = uploads_visible_to(user).filter(pk=upload_id).first()
    if upload is None:
        raise not_found()
    return upload


def reviews_open(user: Any) -> QuerySet[MatchReview]:
    if not may_manage(user):
        return MatchReview.objects.none()
    return (MatchReview.objects.filter(status=MatchStatus.OPEN)
            .select_related("trainee__agency", "candidate__agency").order_by("created_at"))


def review_get(*, user: Any, review_id: Any) -> MatchReview:
    review = reviews_open(user).filter(pk=review_id).first()
    if review is None:
        raise not_found()
    return review
