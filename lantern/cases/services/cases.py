"""A case's own record: the SHOP meeting flag, the safety plan, exploitation details, the move-on plan,
closing and reopening."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.cases.models import (
    Case,
    CaseExploitation,
    CaseOutcome,
    CaseStage,
    CaseStatus,
    Task,
    TaskStatus,
    WhereExploited,
)
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import ensure_open, event, lock, not_in_future
from lantern.core.reference import ExploitationType


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


# What a board's meeting did with a case, as its timeline says it: no free text (the discussion, the decision
# and the actions are kept, encrypted, with the meeting, and the actions are tasks on the case).
MEETING_RECORDS = {
    "discussed": "Discussed at the {board} meeting of {day}",
    "decision": "Discussed at the {board} meeting of {day}: decision recorded",
}


@transaction.atomic
def case_record_meeting(*, case: Case, acting_user: User, board: str, held_on: datetime.date, what: str) -> None:
    """Put on the case's timeline that a board's meeting (``board``: its short name) discussed the case, and
    whether it recorded a decision (``what``: a key of MEETING_RECORDS)."""
    ensure_can_work_case(acting_user, case)
    if what not in MEETING_RECORDS:
        raise ValueError("Not a meeting record the timeline knows")
    event(case, acting_user, f"meeting.{what}", MEETING_RECORDS[what].format(board=board, day=f"{held_on:%-d %B %Y}"))
    audit_record(actor=acting_user, action="case.meeting_record", kind=AuditAction.UPDATE, target=case,
                 changes={"meeting": what})


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


@transaction.atomic
def case_set_exploitation(*, case: Case, acting_user: User, types: Iterable[str], where_exploited: str,
                          county_lines: bool) -> Case:
    """Set the case's exploitation types (several may apply), where they were exploited and the county lines
    flag: what the Home Office statistics count. The audit trail names what changed."""
    ensure_can_work_case(acting_user, case)
    lock(case)
    chosen = sorted(set(types))
    if not set(chosen) <= set(ExploitationType.values):
        raise ValidationError({"types": "Choose types from the list"})
    if where_exploited not in WhereExploited.values:
        raise ValidationError({"where_exploited": "Select where they were exploited"})
    before_types = sorted(case.exploitation.values_list("type", flat=True))
    changes: dict[str, object] = {}
    if chosen != before_types:
        case.exploitation.exclude(type__in=chosen).delete()
        CaseExploitation.objects.bulk_create([CaseExploitation(case=case, type=t) for t in chosen if t not in before_types])
        changes["types"] = {"from": before_types, "to": chosen}
    for name, value in (("where_exploited", where_exploited), ("county_lines", county_lines)):
        if getattr(case, name) != value:
            changes[name] = {"from": getattr(case, name), "to": value}
            setattr(case, name, value)
    if not changes:
        return case
    case.save(update_fields=["where_exploited", "county_lines", "updated_at"])
    event(case, acting_user, "exploitation", "Exploitation details updated")
    audit_record(actor=acting_user, action="case.exploitation", kind=AuditAction.UPDATE, target=case, changes=changes)
    return case


@transaction.atomic
def case_record_move_on_plan(*, case: Case, acting_user: User, planned_on: datetime.date | None, plan: str) -> Case:
    """Record the plan for when move-on support ends (after a positive conclusive grounds decision)."""
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    if planned_on is None:
        raise ValidationError({"planned_on": "Enter when the plan was agreed."})
    not_in_future(planned_on, "planned_on")
    if case.stage != CaseStage.CG_POSITIVE:
        raise ValidationError("A move-on plan follows a positive conclusive grounds decision.")
    if not plan.strip():
        raise ValidationError({"plan": "Enter the plan"})
    if case.cg_decided_on is not None and planned_on < case.cg_decided_on:
        raise ValidationError({"planned_on": "The plan cannot be dated before the conclusive grounds decision"})
    before = {"move_on_plan": case.move_on_plan, "move_on_planned_on": case.move_on_planned_on}
    case.move_on_plan = plan
    case.move_on_planned_on = planned_on
    case.save(update_fields=["move_on_plan", "move_on_planned_on", "updated_at"])
    event(case, acting_user, "move_on_plan", "Move-on plan recorded")
    audit_record(actor=acting_user, action="case.move_on_plan", kind=AuditAction.UPDATE, target=case,
                 changes=describe_changes(instance=case, fields=["move_on_plan", "move_on_planned_on"], before=before))
    return case
