"""Turning 18: a child's case is planned for, then moved to the adult route on the day (run daily).

``LANTERN_TRANSITION_NOTICE_DAYS`` before the person's 18th birthday, the lead
worker gets a task to plan the move to adult services. On the birthday the
case moves to the adult route: from then on the adult rules apply (an adult
consents to any new referral), the history stays on the case, and the case
records that the person was a child when exploited (the NRM form asks).

The date of birth is encrypted, so it cannot be filtered in the database: the
run reads the open cases on the child route (a few in any partnership) and
decrypts each person's date of birth in Python. Age-uncertain cases are left
alone: they are treated as children until an age assessment says otherwise.
Each case is checked and changed in its own transaction with its row locked,
so a second run on the same day (or two at once) changes nothing twice.
"""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction

from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import rules, workflow
from lantern.cases.models import Case, CaseStatus, Route
from lantern.cases.services._common import event, lock, set_child_at_exploitation, today
from lantern.cases.services.tasks import task_add


@dataclass
class TransitionRun:
    planning_tasks: int = 0
    moved_to_adult: int = 0


def cases_apply_age_transitions(*, on: datetime.date | None = None) -> dict[str, int]:
    """The daily run: raise the planning tasks that are due and move the cases of those now 18."""
    on = on or today()
    run = TransitionRun()
    ids = Case.objects.filter(route=Route.CHILD, status=CaseStatus.OPEN).values_list("pk", flat=True)
    for case_id in list(ids):
        with transaction.atomic():
            case = Case.objects.get(pk=case_id)
            lock(case)
            if case.route != Route.CHILD or case.status != CaseStatus.OPEN:
                continue  # changed since the list was read
            date_of_birth = case.person.date_of_birth
            if date_of_birth is None:
                continue  # only an approximate age: the worker moves the case when they know
            adult_on = rules.adult_on(date_of_birth)
            if on >= adult_on:
                case_turn_adult(case=case)
                run.moved_to_adult += 1
            elif case.transition_task_raised_on is None and on >= rules.transition_notice_from(
                    adult_on, settings.LANTERN_TRANSITION_NOTICE_DAYS):
                _raise_planning_task(case, on=on, adult_on=adult_on)
                run.planning_tasks += 1
    return asdict(run)


def _raise_planning_task(case: Case, *, on: datetime.date, adult_on: datetime.date) -> None:
    task_add(case=case, actor=None, owner=case.lead_worker, due_on=adult_on - datetime.timedelta(days=1),
             title=f"Plan the move to adult services: they turn 18 on {adult_on:%-d %B %Y}, when the case "
                   "moves to the adult route")
    case.transition_task_raised_on = on
    case.save(update_fields=["transition_task_raised_on", "updated_at"])


def case_turn_adult(*, case: Case) -> Case:
    """Move a child's case to the adult route now the person is 18 (the caller has locked the row).

    An NRM referral already made stands; one not yet made now needs the person's consent.
    """
    workflow.route_change(case, to=Route.ADULT, by="case_turn_adult")
    set_child_at_exploitation(case, True)
    case.save(update_fields=["route", "stage", "child_at_exploitation", "under_18_during_exploitation", "updated_at"])
    event(case, None, "route.adult", "Moved to the adult route: they are now 18. Recorded as a child when "
                                     "exploited; consent is needed for any new referral")
    audit_record(actor=None, action="case.route_change", kind=AuditAction.UPDATE, target=case,
                 changes={"route": Route.ADULT, "reason": "turned_18", "stage": case.stage})
    return case
