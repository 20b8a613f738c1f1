"""Writes of the "spot the signs" module: recording a quiz attempt and naming its certificate.

``issue_module_certificate`` is the seam to the shared certificate service: for now it records
the name on the attempt and gives it a verification code; after the merge it calls the
certificate service instead, and its callers do not change.
"""

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.references import reference_generate
from lantern.training import quiz as quizzes
from lantern.training.learn_content import MODULE_VERSION
from lantern.training.models import LearnAttempt

CERTIFICATE_PREFIX = "LM"  # "Lantern module": LM-7K3Q-9XC
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
    """Put ``holder_name`` on a passed attempt's certificate, with a verification code. Once only."""
    name = clean_holder_name(holder_name)
    attempt = LearnAttempt.objects.select_for_update().get(pk=attempt.pk)
    if not attempt.passed:
        raise ValidationError("A certificate is given only for a pass.")
    if attempt.certificate_code:
        raise ValidationError("This certificate has already been issued.")
    attempt.holder_name = name
    attempt.certificate_issued_at = timezone.now()
    for tries in range(5):  # the unique column is the check, as in references.save_with_reference
        attempt.certificate_code = reference_generate(CERTIFICATE_PREFIX)
        try:
            with transaction.atomic():
                attempt.save(update_fields=["holder_name", "certificate_code", "certificate_issued_at", "updated_at"])
        except IntegrityError:
            if tries == 4:
                raise
            continue
        break
    audit_record(actor=attempt.user if attempt.user_id else None, actor_label=PUBLIC_LEARNER, action="learn.certificate_issue",
                 kind=AuditAction.CREATE, target=attempt, changes={"certificate": attempt.certificate_code})
    return attempt
