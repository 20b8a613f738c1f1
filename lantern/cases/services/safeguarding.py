"""A child's safeguarding before the NRM: strategy discussions, and steps recorded as not needed.

Referrals to children's social care (the MASH) and to an ICTG are referrals
(services.referrals.referral_record); the steps' order and state are in
lantern.cases.safeguarding.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases.models import Case, SafeguardingStep, SafeguardingStepNotNeeded, StrategyDiscussion
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import ensure_open, event, lock, not_in_future


def _ensure_child(case: Case) -> None:
    if not case.is_child:
        raise ValidationError("Safeguarding steps are recorded on a child's case.")


@transaction.atomic
def strategy_discussion_record(*, case: Case, acting_user: User, held_on: datetime.date, attendees: str,
                               outcome: str) -> StrategyDiscussion:
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    _ensure_child(case)
    not_in_future(held_on, "held_on")
    if not attendees.strip():
        raise ValidationError({"attendees": "Enter who took part"})
    if not outcome.strip():
        raise ValidationError({"outcome": "Enter what was decided"})
    discussion = StrategyDiscussion.objects.create(case=case, held_on=held_on, attendees=attendees, outcome=outcome,
                                                   created_by=acting_user)
    # The timeline is not encrypted: the date only, never who took part or what was decided.
    event(case, acting_user, "safeguarding.strategy_discussion", "Strategy discussion recorded")
    audit_record(actor=acting_user, action="case.strategy_discussion", kind=AuditAction.CREATE, target=case,
                 changes={"held_on": held_on.isoformat()})
    return discussion


@transaction.atomic
def safeguarding_step_not_needed(*, case: Case, acting_user: User, step: str, reason: str) -> SafeguardingStepNotNeeded:
    """Record why a safeguarding step is not needed for this child (the NRM referral is always needed)."""
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    _ensure_child(case)
    if step not in SafeguardingStep.values:
        raise ValidationError("Every child is referred to the NRM: only the steps before it can be not needed.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this step is not needed"})
    record, created = SafeguardingStepNotNeeded.objects.update_or_create(
        case=case, step=step, defaults={"reason": reason, "created_by": acting_user})
    label = SafeguardingStep(step).label
    event(case, acting_user, "safeguarding.not_needed", f"{label}: recorded as not needed")
    audit_record(actor=acting_user, action="case.safeguarding_not_needed",
                 kind=AuditAction.CREATE if created else AuditAction.UPDATE, target=case,
                 changes={"step": step, "reason": "(given)"})
    return record
