"""Once a day (run by lantern.governance.tasks.send_action_reminders_task, on Celery beat): each owner of a
meeting action due today or overdue is told, in Lantern and by email if they chose it (the one notification
path, lantern.accounts.services.notification_send). Messages name the action by number and the meeting by
board and date, never the action's text."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.services import notification_send
from lantern.governance.models import OPEN_ACTION_STATUSES, MeetingAction


def send_action_reminders(today: datetime.date | None = None) -> int:
    """Remind each owner of their open actions due today or overdue, once a day per action. Returns the
    number of notifications made."""
    today = today or timezone.localdate()
    due = (MeetingAction.objects.filter(status__in=OPEN_ACTION_STATUSES, due_on__lte=today, owner__is_active=True)
           .exclude(reminder_sent_on=today).select_related("owner", "meeting", "meeting__board").order_by("pk"))
    made = 0
    for action in due:
        meeting = action.meeting
        when = "overdue: it was due" if action.due_on < today else "due"
        message = (f"Action {action.pk} from the {meeting.board} meeting of {timezone.localtime(meeting.starts_at):%-d %B %Y} is {when} "
                   f"on {action.due_on:%-d %B %Y}")
        with transaction.atomic():
            made += len(notification_send(users=[action.owner], kind="governance.action_due", message=message,
                                          reference=f"Action {action.pk}",
                                          link=reverse("governance:action-detail", args=[action.pk]),
                                          key=f"governance.action_due:{action.pk}:{today.isoformat()}"))
            MeetingAction.objects.filter(pk=action.pk).update(reminder_sent_on=today)
    return made
