"""Writes for evaluation: question sets and their versions, a course's set, links, and answers.

Each runs in a transaction and writes its audit entry in it. Answering through a link is audited
without personal data: no name, no email, no token; the entry names the response by its number,
its phase and the version answered.
"""

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from lantern.accounts.capabilities import Capability
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.training import evaluation_sets
from lantern.training.models import (
    Attendance,
    Course,
    CourseEvaluation,
    EvaluationLink,
    EvaluationResponse,
    Outcome,
    Phase,
    QuestionSet,
    QuestionSetVersion,
    ResponseChannel,
    Session,
)
from lantern.training.selectors import evaluation as selectors

COMMENTS_MAX = 2000
LINK_ACTOR = "Person answering through an evaluation link"


def _definition(questions: Sequence[Mapping[str, Any]], free_text: str) -> evaluation_sets.Definition:
    try:
        return evaluation_sets.definition(questions, free_text)
    except evaluation_sets.QuestionSetError as exc:
        raise ValidationError({"questions": str(exc)}) from exc


@transaction.atomic
def question_set_create(*, key: str, title: str, description: str = "", questions: Sequence[Mapping[str, Any]],
                        free_text: str, acting_user: Any, is_default: bool = False) -> QuestionSet:
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    spec = _definition(questions, free_text)
    if QuestionSet.objects.filter(key=key).exists():
        raise ValidationError({"key": "A question set with this short name already exists."})
    question_set = QuestionSet(key=key, title=title, description=description, is_default=is_default,
                               created_by=acting_user)
    question_set.full_clean()
    question_set.save()
    version = QuestionSetVersion.objects.create(
        question_set=question_set, number=1, questions=spec.as_json(), free_text=spec.free_text,
        fingerprint=spec.fingerprint, created_by=acting_user)
    audit_record(actor=acting_user, action="training.question_set.create", kind=AuditAction.CREATE,
                 target=question_set, changes={"key": key, "version": version.number,
                                               "questions": len(spec.questions)})
    return question_set


@transaction.atomic
def question_set_revise(*, question_set: QuestionSet, title: str, description: str,
                        questions: Sequence[Mapping[str, Any]], free_text: str, change_summary: str = "",
                        acting_user: Any) -> tuple[QuestionSet, QuestionSetVersion, bool]:
    """Change a set. A change in substance (what people answer) makes a new version, which courses
    using the set ask from now on; a new title or description alone does not. Returns the set,
    its current version and whether that version is new."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    question_set = QuestionSet.objects.select_for_update().get(pk=question_set.pk)
    spec = _definition(questions, free_text)
    current = question_set.current_version
    changed = current is None or current.fingerprint != spec.fingerprint
    if changed and not change_summary.strip():
        raise ValidationError({"change_summary": "Say what changed: the questions make a new version."})
    question_set.title, question_set.description = title, description
    question_set.full_clean()
    question_set.save(update_fields=["title", "description", "updated_at"])
    if changed:
        current = QuestionSetVersion.objects.create(
            question_set=question_set, number=(current.number + 1) if current else 1, questions=spec.as_json(),
            free_text=spec.free_text, fingerprint=spec.fingerprint, change_summary=change_summary.strip(),
            created_by=acting_user)
    assert current is not None  # noqa: S101 (made just above when there was none)
    audit_record(actor=acting_user, action="training.question_set.revise", kind=AuditAction.UPDATE,
                 target=question_set, changes={"version": current.number, "new_version": changed})
    return question_set, current, changed


@transaction.atomic
def course_question_set_choose(*, course: Course, question_set: QuestionSet | None, acting_user: Any) -> None:
    """The set a course uses from now on (None: the default set). Responses already given keep theirs."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    if question_set is None:
        CourseEvaluation.objects.filter(course=course).delete()
    else:
        CourseEvaluation.objects.update_or_create(course=course, defaults={"question_set": question_set,
                                                                           "created_by": acting_user})
    audit_record(actor=acting_user, action="training.course.evaluation_set", kind=AuditAction.UPDATE,
                 target=course, changes={"question_set": question_set.key if question_set else "default"})


@transaction.atomic
def evaluation_links_make(*, session: Session, acting_user: Any) -> list[tuple[Attendance, str]]:
    """A new link for each person at the session (not those marked absent): the tokens, returned once
    (only their hashes are kept). A person's earlier link stops working; their answers stay."""
    require_capability(acting_user, Capability.MANAGE_TRAINING)
    made = []
    for attendance in (session.attendances.exclude(outcome=Outcome.ABSENT).select_related("trainee")
                       .order_by("trainee__full_name")):
        token = secrets.token_urlsafe(32)  # 256 bits
        EvaluationLink.objects.update_or_create(attendance=attendance,
                                                defaults={"token_hash": selectors.token_hash(token)})
        made.append((attendance, token))
    audit_record(actor=acting_user, action="training.evaluation.links", kind=AuditAction.CREATE, target=session,
                 changes={"links": len(made)})
    return made


def evaluation_answer(*, attendance: Attendance, phase: str, answers: Mapping[str, Any], comments: str = "",
                      channel: str, acting_user: Any = None) -> EvaluationResponse:
    """Record a person's answers for one phase. Through a link ``acting_user`` is None (audited with no
    personal data); from the training record it is the person, who must be the attendance's own."""
    try:
        with transaction.atomic():
            return _answer(attendance=attendance, phase=phase, answers=answers, comments=comments, channel=channel,
                           acting_user=acting_user)
    except IntegrityError as exc:  # the same phase answered twice at once
        raise ValidationError("These questions have already been answered.") from exc


def _answer(*, attendance: Attendance, phase: str, answers: Mapping[str, Any], comments: str, channel: str,
            acting_user: Any) -> EvaluationResponse:
    if channel not in ResponseChannel.values or phase not in Phase.values:
        raise ValidationError("Unknown phase or channel.")
    if channel == ResponseChannel.RECORD:
        if acting_user is None or not acting_user.is_authenticated or attendance.trainee.user_id != acting_user.pk:
            raise PermissionDenied
    else:
        acting_user = None
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.outcome == Outcome.ABSENT:
        raise ValidationError("There is nothing to answer for a course you did not attend.")
    if phase not in selectors.phases_open(attendance):
        raise ValidationError("These questions have already been answered, or can no longer be answered.")
    version = selectors.version_to_answer(attendance, phase)
    if version is None:
        raise ValidationError("No questions are set for this course.")
    kept, problems = evaluation_sets.clean_answers(selectors.spec_of(version), answers)
    comments = (comments or "").strip()
    if len(comments) > COMMENTS_MAX:
        problems["comments"] = f"Your answer must be {COMMENTS_MAX} characters or fewer"
    if problems:
        raise ValidationError(problems)
    response = EvaluationResponse.objects.create(
        attendance=attendance, course_id=attendance.course_id, set_version=version, phase=phase, answers=kept,
        comments=comments, channel=channel)
    audit_record(actor=acting_user, actor_label=LINK_ACTOR if acting_user is None else "",
                 action="training.evaluation.answer", kind=AuditAction.CREATE, target=response,
                 changes={"phase": phase, "set_version": version.number, "channel": channel,
                          "free_text": bool(comments)})
    return response


@transaction.atomic
def question_set_ensure_default(*, acting_user: Any = None) -> QuestionSet:
    """The default set from its data file, added when missing (the migration adds it; tests and the
    demo call this where the data may have been flushed)."""
    found = QuestionSet.objects.filter(is_default=True).first()
    if found is not None:
        return found
    data = evaluation_sets.load_default()
    spec = data["definition"]
    question_set = QuestionSet.objects.create(key=data["key"], title=data["title"],
                                              description=data["description"][:500], is_default=True)
    QuestionSetVersion.objects.create(question_set=question_set, number=1, questions=spec.as_json(),
                                      free_text=spec.free_text, fingerprint=spec.fingerprint)
    audit_record(actor=acting_user, action="training.question_set.create", kind=AuditAction.CREATE,
                 target=question_set, changes={"key": data["key"], "version": 1, "default": True})
    return question_set
