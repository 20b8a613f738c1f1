"""Reads for evaluation: who may do what, a link's attendance, a person's own evaluations, the results.

Results are aggregates only: means and counts per question, suppressed under the threshold
(``lantern.core.suppression`` through ``lantern.training.evaluation_results``). Free text is read
only for those who manage training, for a group of at least the threshold, without names,
agencies, sessions or dates, in an order that says nothing of who wrote what.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.core import periods
from lantern.core.access import not_found
from lantern.core.suppression import Rules
from lantern.training import evaluation_sets
from lantern.training.evaluation_results import Results, aggregate, free_text_allowed
from lantern.training.models import (
    Attendance,
    Course,
    EvaluationLink,
    EvaluationResponse,
    Outcome,
    Phase,
    QuestionSet,
    QuestionSetVersion,
    Session,
    SessionStatus,
)

RESULT_CAPABILITIES = (Capability.MANAGE_TRAINING, Capability.VIEW_TRAINING_COMPLIANCE, Capability.VIEW_AGGREGATES)


def rules() -> Rules:
    """Suppression as on the dashboard: the configured threshold, counts not rounded (staff pages)."""
    return Rules(threshold=settings.LANTERN_SUPPRESSION_THRESHOLD, rounding_base=1)


def may_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.MANAGE_TRAINING))


def may_read_results(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and any(user.can(c) for c in RESULT_CAPABILITIES))


def may_read_free_text(user: Any) -> bool:
    return may_manage(user)


# --- Question sets ---------------------------------------------------------------------------------


def spec_of(version: QuestionSetVersion) -> evaluation_sets.Definition:
    return evaluation_sets.definition(version.questions, version.free_text)


def default_set() -> QuestionSet | None:
    return QuestionSet.objects.filter(is_default=True).first()


def question_set_of(course: Course) -> QuestionSet | None:
    chosen = QuestionSet.objects.filter(courses__course=course).first()
    return chosen or default_set()


def question_sets() -> QuerySet[QuestionSet]:
    return QuestionSet.objects.prefetch_related("versions")


def question_set_get(*, question_set_id: int) -> QuestionSet:
    return get_object_or_404(QuestionSet, pk=question_set_id)


# --- Answering -------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _answerable() -> QuerySet[Attendance]:
    return (Attendance.objects.exclude(outcome=Outcome.ABSENT).exclude(session__status=SessionStatus.CANCELLED)
            .select_related("course", "course_version", "session"))


def attendance_by_link(*, token_digest: str) -> Attendance | None:
    """The attendance whose link has this token hash; None for a wrong or replaced link, or a person
    marked absent or a session cancelled."""
    if not token_digest or len(token_digest) != 64:
        return None
    link = EvaluationLink.objects.filter(token_hash=token_digest).only("attendance_id").first()
    if link is None:
        return None
    return _answerable().filter(pk=link.attendance_id).first()


def own_attendance_get(*, user: Any, attendance_id: int) -> Attendance:
    """A signed-in person's own attendance (404 for anyone else's, or one they cannot answer for)."""
    found = _answerable().filter(pk=attendance_id, trainee__user=user).first() if user.is_authenticated else None
    if found is None:
        raise not_found()
    return found


def responses_of(attendance: Attendance) -> dict[str, EvaluationResponse]:
    return {r.phase: r for r in attendance.evaluation_responses.select_related("set_version")}


def version_to_answer(attendance: Attendance, phase: str) -> QuestionSetVersion | None:
    """The version a person answers: the one their other phase answered (so before and after compare),
    else the current version of the course's set."""
    other = attendance.evaluation_responses.exclude(phase=phase).select_related("set_version").first()
    if other is not None:
        return other.set_version
    question_set = question_set_of(attendance.course)
    return question_set.current_version if question_set else None


def phases_open(attendance: Attendance) -> list[str]:
    """The phases a person may still answer: "before" only until they answer "after"."""
    answered = set(attendance.evaluation_responses.values_list("phase", flat=True))
    if Phase.AFTER in answered:
        return []
    return [p for p in (Phase.BEFORE, Phase.AFTER) if p not in answered]


@dataclass(frozen=True)
class OwnEvaluation:
    attendance: Attendance
    answered: tuple[str, ...]
    open: tuple[str, ...]


def own_evaluations(user: Any) -> list[OwnEvaluation]:
    """A signed-in person's courses with their evaluations: which phases are answered and which are open."""
    if not user.is_authenticated:
        return []
    attendances = (_answerable().filter(trainee__user=user).prefetch_related("evaluation_responses")
                   .order_by("-completed_on"))
    out = []
    for attendance in attendances:
        answered = {r.phase for r in attendance.evaluation_responses.all()}
        open_phases = [] if Phase.AFTER in answered else [p for p in (Phase.BEFORE, Phase.AFTER) if p not in answered]
        out.append(OwnEvaluation(attendance, tuple(p for p in Phase.values if p in answered), tuple(open_phases)))
    return out


# --- Sessions (links) ------------------------------------------------------------------------------


def session_get(*, session_id: int) -> Session:
    return get_object_or_404(Session.objects.select_related("course", "course_version"), pk=session_id)


def session_progress(session: Session) -> dict[str, int]:
    """How many of a session's people have a link and have answered each phase (counts, for the coordinator)."""
    attendances = session.attendances.exclude(outcome=Outcome.ABSENT)
    responses = EvaluationResponse.objects.filter(attendance__session=session)
    return {"people": attendances.count(),
            "links": EvaluationLink.objects.filter(attendance__in=attendances).count(),
            "before": responses.filter(phase=Phase.BEFORE).count(),
            "after": responses.filter(phase=Phase.AFTER).count()}


# --- Results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionResults:
    version: QuestionSetVersion
    results: Results


@dataclass(frozen=True)
class CourseResults:
    course: Course
    period: periods.Period
    versions: tuple[VersionResults, ...]
    people: int
    free_text_shown: bool  # the group is large enough for its free text to be read
    free_text: tuple[tuple[str, str], ...]  # (phase label, text), only for those who may read it


def _responses(course: Course, period: periods.Period) -> QuerySet[EvaluationResponse]:
    return EvaluationResponse.objects.filter(
        course=course, attendance__completed_on__gte=period.start, attendance__completed_on__lte=period.end)


def course_results(*, user: Any, course: Course, period: periods.Period) -> CourseResults:
    """A course's results for a period (by the date of the session or completion), version by version."""
    if not may_read_results(user):
        raise not_found()
    rows = list(_responses(course, period).values_list("set_version_id", "phase", "answers", "attendance_id"))
    the_rules = rules()
    versions = QuestionSetVersion.objects.in_bulk({row[0] for row in rows})
    grouped: dict[int, list[tuple[str, dict[str, int]]]] = {}
    people_by_version: dict[int, set[int]] = {}
    for version_id, phase, answers, attendance_id in rows:
        grouped.setdefault(version_id, []).append((phase, answers))
        people_by_version.setdefault(version_id, set()).add(attendance_id)
    out = tuple(
        VersionResults(versions[vid], aggregate(spec_of(versions[vid]), grouped[vid],
                                                people=len(people_by_version[vid]), rules=the_rules))
        for vid in sorted(grouped, key=lambda v: (versions[v].question_set_id, versions[v].number)))
    people = len({row[3] for row in rows})
    shown = free_text_allowed(people, the_rules)
    texts: tuple[tuple[str, str], ...] = ()
    if shown and may_read_free_text(user):
        texts = free_text_of(_responses(course, period))
    return CourseResults(course=course, period=period, versions=out, people=people, free_text_shown=shown,
                         free_text=texts)


def free_text_of(responses: Iterable[EvaluationResponse]) -> tuple[tuple[str, str], ...]:
    """Free-text answers alone (no name, agency, session or date), phase by phase, in the texts' own
    order (never the order they were given in, which could match them to people)."""
    labels = dict(Phase.choices)
    found = [(r.phase, r.comments.strip()) for r in responses if r.comments and r.comments.strip()]
    order: dict[str, int] = {Phase.BEFORE.value: 0, Phase.AFTER.value: 1}
    return tuple((labels[phase], text) for phase, text in sorted(found, key=lambda f: (order[f[0]], f[1].lower())))


def courses_with_responses(period: periods.Period) -> QuerySet[Course]:
    return Course.objects.filter(
        evaluation_responses__attendance__completed_on__gte=period.start,
        evaluation_responses__attendance__completed_on__lte=period.end).distinct().order_by("title")


def course_get(*, course_id: int) -> Course:
    return get_object_or_404(Course, pk=course_id)


def default_period(today: datetime.date | None = None) -> periods.Period:
    """The financial year so far: evaluation is read over a year of sessions."""
    day = today or timezone.localdate()
    return periods.financial_year(day.year if day.month >= 4 else day.year - 1)
