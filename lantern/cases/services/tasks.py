"""Tasks and notes on a case."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import selectors
from lantern.cases.models import Case, CaseNote, Task, TaskStatus
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import ensure_open, event, lock


@transaction.atomic
def task_create(*, case: Case, acting_user: User, title: str, owner: User, due_on: datetime.date) -> Task:
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    if not selectors.is_on_caseload(owner, case):
        raise ValidationError({"owner": "The owner must be on the case team"})
    return task_add(case=case, actor=acting_user, title=title, owner=owner, due_on=due_on)


def task_add(*, case: Case, actor: User | None, title: str, owner: User, due_on: datetime.date) -> Task:
    """Add the task, its timeline line and its audit entry. For callers that have checked access and
    locked the case (task_create), or for Lantern's own scheduled work (``actor`` None)."""
    task = Task.objects.create(case=case, title=title, owner=owner, due_on=due_on, created_by=actor)
    # The title is free text and may name someone: the timeline and the audit trail do not repeat it.
    event(case, actor, "task.create", f"Task added for {owner.full_name}, due {due_on:%-d %B %Y}")
    audit_record(actor=actor, action="task.create", kind=AuditAction.CREATE, target=task,
                 target_label=f"Task {task.pk} on {case.reference}", changes={"owner": owner.pk})
    return task


@transaction.atomic
def task_complete(*, task: Task, acting_user: User) -> Task:
    ensure_can_work_case(acting_user, task.case)
    lock(task)
    if task.status != TaskStatus.OPEN:
        raise ValidationError("This task is no longer open.")
    task.status = TaskStatus.DONE
    task.completed_at = timezone.now()
    task.save(update_fields=["status", "completed_at", "updated_at"])
    event(task.case, acting_user, "task.done", f"Task done (due {task.due_on:%-d %B %Y})")
    audit_record(actor=acting_user, action="task.complete", kind=AuditAction.UPDATE, target=task,
                 target_label=f"Task {task.pk} on {task.case.reference}", changes={"status": task.status})
    return task


@transaction.atomic
def note_add(*, case: Case, acting_user: User, body: str) -> CaseNote:
    ensure_can_work_case(acting_user, case)
    if not body.strip():
        raise ValidationError({"body": "Enter the note"})
    note = CaseNote.objects.create(case=case, body=body, created_by=acting_user)
    event(case, acting_user, "note", "Case note added")
    audit_record(actor=acting_user, action="case.note_add", kind=AuditAction.CREATE, target=case)
    return note
