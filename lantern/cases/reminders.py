"""Once a day (run by lantern.cases.tasks.send_task_reminders_task): task reminders by email, and
notifications to case teams of Home Office decisions due or overdue and of support periods ending."""

import datetime
from collections import defaultdict

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.services import notification_send
from lantern.cases.models import Case, CaseMember, CaseStage, CaseStatus, Task


def send_task_reminders() -> int:
    today = timezone.localdate()
    due = (Task.objects.open().filter(due_on__lte=today, owner__is_active=True)
           .exclude(reminder_sent_on=today).select_related("owner", "case").order_by("owner_id", "due_on"))
    by_owner: dict[int, list[Task]] = defaultdict(list)
    for task in due:
        by_owner[task.owner_id].append(task)
    sent = 0
    for tasks in by_owner.values():
        owner = tasks[0].owner
        # References and dates only: task titles are free text and may name someone.
        lines = [f"- a task on {t.case.reference}, due {t.due_on:%-d %B %Y}{' (overdue)' if t.due_on < today else ''}"
                 for t in tasks]
        with transaction.atomic():
            send_mail(
                f"{len(tasks)} Lantern task{'s' if len(tasks) != 1 else ''} due",
                "These tasks are due today or overdue:\n\n" + "\n".join(lines) + "\n\nSee 'My work' in Lantern.\n",
                None,
                [owner.email],
            )
            Task.objects.filter(pk__in=[t.pk for t in tasks]).update(reminder_sent_on=today)
        sent += 1
    return sent


# Days before the end of a recovery period or of move-on support that the case team is told it is coming.
NOTICE_DAYS = 7


def _decisions_due(case: Case, today: datetime.date) -> list[tuple[str, datetime.date, str]]:
    """What the case is waiting for: (kind, the date it turns on, the message)."""
    due = []
    if case.stage == CaseStage.REFERRED and case.rg_expected_by is not None:
        expected = case.rg_expected_by
        if expected == today:
            due.append(("rg_due", expected, f"The reasonable grounds decision on case {case.reference} is due today"))
        elif expected < today:
            due.append(("rg_overdue", expected, f"The reasonable grounds decision on case {case.reference} "
                                                f"is overdue: it was expected by {expected:%-d %B %Y}"))
    if case.stage == CaseStage.RECOVERY and case.recovery_ends_on is not None:
        ends = case.recovery_ends_on
        if ends <= today:
            due.append(("cg_due", ends, f"The recovery period on case {case.reference} ended on {ends:%-d %B %Y}: "
                                        "the conclusive grounds decision is due"))
        elif ends <= today + datetime.timedelta(days=NOTICE_DAYS):
            due.append(("recovery_ending", ends, f"The recovery period on case {case.reference} ends on "
                                                 f"{ends:%-d %B %Y}: the conclusive grounds decision is due then"))
    if case.stage == CaseStage.CG_POSITIVE and case.move_on_ends_on is not None and case.move_on_planned_on is None:
        ends = case.move_on_ends_on
        if ends < today:
            due.append(("move_on_overdue", ends, f"Move-on support on case {case.reference} ended on "
                                                 f"{ends:%-d %B %Y} and no move-on plan is recorded"))
        elif ends <= today + datetime.timedelta(days=NOTICE_DAYS):
            due.append(("move_on_ending", ends, f"Move-on support on case {case.reference} ends on "
                                                f"{ends:%-d %B %Y}: record the move-on plan"))
    return due


def notify_decisions_due(today: datetime.date | None = None) -> int:
    """Tell each open case's team of a reasonable grounds decision due today or overdue; of the end of the
    recovery period coming (a week before) and passed (the conclusive grounds decision is due); and of the end
    of move-on support coming (a week before) and passed without a move-on plan (dates from lantern.cases.rules).

    Each person is told once for each deadline: run again (the same day or later), it tells no one
    twice; a new deadline (a later referral) is told again. Returns the number of notifications made.
    """
    today = today or timezone.localdate()
    notice = today + datetime.timedelta(days=NOTICE_DAYS)
    waiting = (Case.objects.filter(status=CaseStatus.OPEN)
               .filter(Q(stage=CaseStage.REFERRED, rg_expected_by__lte=today)
                       | Q(stage=CaseStage.RECOVERY, recovery_ends_on__lte=notice)
                       | Q(stage=CaseStage.CG_POSITIVE, move_on_ends_on__lte=notice, move_on_planned_on__isnull=True))
               .prefetch_related(Prefetch("memberships", queryset=CaseMember.objects.select_related("user")))
               .order_by("pk"))
    made = 0
    for case in waiting.iterator(chunk_size=500):
        team = [member.user for member in case.memberships.all()]
        link = reverse("cases:case-detail", args=[case.reference])
        for kind, on, message in _decisions_due(case, today):
            made += len(notification_send(users=team, kind=f"cases.{kind}", message=message,
                                          reference=case.reference, link=link,
                                          key=f"cases.{kind}:{case.pk}:{on.isoformat()}"))
    return made
