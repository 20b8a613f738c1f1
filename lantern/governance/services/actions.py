"""Every write to a meeting's actions: agreeing one (an action on a case item is also a task on the case
for its owner, through the cases app's task service), and updating its status with a note."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import Agency, User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import selectors as case_selectors
from lantern.cases import services as case_services
from lantern.cases.models import TaskStatus
from lantern.core.access import require_capability
from lantern.governance import meeting_workflow as workflow
from lantern.governance import selectors
from lantern.governance.models import (
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Meeting,
    MeetingAction,
)

TASK_TITLE_LIMIT = 200


def _label(action: MeetingAction) -> str:
    return f"Action {action.pk} of meeting {action.meeting_id}"


@transaction.atomic
def action_add(*, meeting: Meeting, acting_user: User, description: str, owner: User, due_on: datetime.date,
               agency: Agency | None = None, item: AgendaItem | None = None) -> MeetingAction:
    """Record an action agreed at ``meeting``. On a case item, the owner must be on the case's team, and the
    action is also a task on the case for them (its timeline says so)."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    if meeting.status not in workflow.RECORDING_OPEN:
        raise ValidationError("Actions are recorded once the agenda is published, until the minutes are approved.")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "Choose an item of this meeting"})
    if not description.strip():
        raise ValidationError({"description": "Enter what is to be done"})
    if not owner.is_active:
        raise ValidationError({"owner": "Choose an active user"})
    agency = agency or owner.agency
    if agency is None:
        raise ValidationError({"agency": "Choose the agency responsible"})
    action = MeetingAction(meeting=meeting, item=item, description=description.strip(), owner=owner, agency=agency,
                           due_on=due_on, created_by=acting_user)
    if item is not None and item.case_id is not None:
        case = item.case
        if not selectors.case_ids_known_to(acting_user, [case.pk]):  # type: ignore[union-attr]
            raise PermissionDenied
        title = f"{meeting.board} action: {description.strip()}"[:TASK_TITLE_LIMIT]
        action.task = case_services.task_create(case=case, acting_user=acting_user, title=title, owner=owner,  # type: ignore[arg-type]
                                                due_on=due_on)
    action.save()
    audit_record(actor=acting_user, action="meeting_action.create", kind=AuditAction.CREATE, target=action,
                 target_label=_label(action),
                 changes={"owner": owner.pk, "agency": agency.pk, "due_on": due_on.isoformat(),
                          "task": action.task_id})
    return action


def may_update(user: User, action: MeetingAction) -> bool:
    """The owner updates their action; so does whoever runs the meetings."""
    return action.owner_id == user.pk or user.can(Capability.MANAGE_GOVERNANCE)


@transaction.atomic
def action_update(*, action: MeetingAction, acting_user: User, status: str, note: str = "") -> MeetingAction:
    """Move the action on (or only add a note, keeping its status). Done completes its case task."""
    if not may_update(acting_user, action):
        raise PermissionDenied
    action.refresh_from_db(from_queryset=MeetingAction.objects.select_for_update())
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose the action's status"})
    if status == action.status and not note.strip():
        raise ValidationError({"note": "Enter an update, or choose a new status"})
    before = action.status
    if status != action.status:
        workflow.advance_action(action, to=status)
        action.completed_at = timezone.now() if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "completed_at", "updated_at"])
    ActionUpdate.objects.create(action=action, status=action.status, note=note.strip(), created_by=acting_user)
    if (status == ActionStatus.DONE and action.task is not None and action.task.status == TaskStatus.OPEN
            and case_selectors.may_work_case(acting_user, action.task.case)):
        case_services.task_complete(task=action.task, acting_user=acting_user)
    audit_record(actor=acting_user, action="meeting_action.update", kind=AuditAction.UPDATE, target=action,
                 target_label=_label(action), changes={"status": {"from": before, "to": action.status},
                                                       "note": bool(note.strip())})
    return action
