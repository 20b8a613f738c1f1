"""A case's own record: the SHOP meeting flag, the safety plan, closing and reopening."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.cases.models import Case, CaseOutcome, CaseStatus, Task, TaskStatus
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import ensure_open, event, lock, not_in_future


@transaction.atomic
def case_flag_for_shop(*, case: Case, acting_user: User, reason: str) -> Case:
    ensure_can_work_case(acting_user, case)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case should go to the SHOP meeting"})
    case.shop_flagged = True
    case.shop_reason = reason
    case.save(update_fields=["shop_flagged", "shop_reason", "updated_at"])
    event(case, acting_user, "shop.flag", "Flagged for the next SHOP meeting")
    audit_record(actor=acting_user, action="case.shop_flag", kind=AuditAction.UPDATE, target=case,
                 changes={"shop_flagged": True})
    return case


@transaction.atomic
def case_unflag_for_shop(*, case: Case, acting_user: User) -> Case:
    ensure_can_work_case(acting_user, case)
    case.shop_flagged = False
    case.shop_reason = ""
    case.save(update_fields=["shop_flagged", "shop_reason", "updated_at"])
    event(case, acting_user, "shop.unflag", "Removed from the SHOP meeting list")
    audit_record(actor=acting_user, action="case.shop_unflag", kind=AuditAction.UPDATE, target=case,
                 changes={"shop_flagged": False})
    return case


@transaction.atomic
def case_update_safety(*, case: Case, acting_user: User, safety_plan: str) -> Case:
    ensure_can_work_case(acting_user, case)
    before = {"safety_plan": case.safety_plan}
    case.safety_plan = safety_plan
    case.save(update_fields=["safety_plan", "updated_at"])
    event(case, acting_user, "safety_plan", "Safety plan updated")
    audit_record(actor=acting_user, action="case.safety_plan", kind=AuditAction.UPDATE, target=case,
                 changes=describe_changes(instance=case, fields=["safety_plan"], before=before))
    return case


@transaction.atomic
def case_close(*, case: Case, acting_user: User, outcome: str, closed_on: datetime.date) -> Case:
    """Close the case with its outcome; its open tasks are cancelled."""
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    not_in_future(closed_on, "closed_on")
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": "The case cannot close before it opened"})
    if outcome not in CaseOutcome.values:
        raise ValidationError({"outcome": "Choose the outcome"})
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_on = closed_on
    case.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    Task.objects.filter(case=case, status=TaskStatus.OPEN).update(status=TaskStatus.CANCELLED)
    event(case, acting_user, "case.close", f"Case closed: {CaseOutcome(outcome).label}")
    audit_record(actor=acting_user, action="case.close", kind=AuditAction.UPDATE, target=case,
                 changes={"status": "closed", "outcome": outcome})
    return case


@transaction.atomic
def case_reopen(*, case: Case, acting_user: User, reason: str) -> Case:
    ensure_can_work_case(acting_user, case)
    lock(case)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError("The case is already open.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is being reopened"})
    case.status = CaseStatus.OPEN
    case.outcome = ""
    case.closed_on = None
    case.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    event(case, acting_user, "case.reopen", "Case reopened")
    audit_record(actor=acting_user, action="case.reopen", kind=AuditAction.UPDATE, target=case,
                 changes={"status": "open"})
    return case
