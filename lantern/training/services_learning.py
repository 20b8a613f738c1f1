"""Writes of the "spot the signs" module: recording a quiz attempt (a signed-in member of staff's pass
counts on their training record) and issuing its certificate through the one certificate service.
"""

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.training import quiz as quizzes
from lantern.training.defaults import module_course
from lantern.training.learn_content import MODULE_VERSION
from lantern.training.models import CertificateSource, LearnAttempt
from lantern.training.services.certificates import certificate_issue
from lantern.training.services.people import trainee_for_user
from lantern.training.services.sessions import completion_record

PUBLIC_LEARNER = "public learner"
NAME_MAX = 120


def _staff_user(user: Any) -> Any:
    """The signed-in, two-factor verified member of staff, or None for the public."""
    if getattr(user, "is_authenticated", False) and getattr(user, "is_verified", lambda: False)():
        return user
    return None


@transaction.atomic
def learn_attempt_record(*, answers: Mapping[str, Sequence[str]], user: Any = None) -> LearnAttempt:
    """Mark the answers against the current quiz and keep the result (no personal data for the public)."""
    quiz = quizzes.current_quiz()
    marked = quizzes.mark(quiz, answers)
    known = {q.code: q.option_codes() for q in quiz.questions}
    kept = {code: [c for c in chosen if c in known[code]] for code, chosen in answers.items() if code in known}
    staff = _staff_user(user)
    attempt = LearnAttempt.objects.create(
        module_version=MODULE_VERSION, quiz_version=quiz.version, answers=kept, score=marked.score,
        out_of=marked.out_of, passed=marked.passed, user=staff,
    )
    audit_record(actor=staff, actor_label=PUBLIC_LEARNER, action="learn.attempt", kind=AuditAction.CREATE,
                 target=attempt, changes={"score": marked.score, "out_of": marked.out_of, "passed": marked.passed})
    if staff is not None and marked.passed:
        completion_record(user=staff, course=module_course(), completed_on=timezone.localdate())
    return attempt


def clean_holder_name(value: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", value or "").split())
    if not name:
        raise ValidationError({"holder_name": "Enter the name to put on the certificate"})
    if len(name) > NAME_MAX:
        raise ValidationError({"holder_name": f"The name must be {NAME_MAX} characters or fewer"})
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ValidationError({"holder_name": "The name must only include letters, spaces and punctuation"})
    return name


@transaction.atomic
def issue_module_certificate(attempt: LearnAttempt, holder_name: str) -> LearnAttempt:
    """Issue the certificate of a passed attempt to ``holder_name``, through the one certificate service (its
    verification code is checked on the public page). Once only."""
    name = clean_holder_name(holder_name)
    attempt = LearnAttempt.objects.select_for_update(of=("self",)).select_related("user").get(pk=attempt.pk)
    if not attempt.passed:
        raise ValidationError("A certificate is given only for a pass.")
    if attempt.certificate_id:
        raise ValidationError("This certificate has already been issued.")
    staff = attempt.user
    attempt.certificate = certificate_issue(
        holder_name=name, course=module_course(), trainee=trainee_for_user(staff) if staff else None,
        acting_user=staff, source=CertificateSource.MODULE, completed_on=timezone.localdate(attempt.created_at))
    attempt.save(update_fields=["certificate", "updated_at"])
    audit_record(actor=staff, actor_label=PUBLIC_LEARNER, action="learn.certificate_issue", kind=AuditAction.UPDATE,
                 target=attempt, changes={"certificate": attempt.certificate.code})
    return attempt
