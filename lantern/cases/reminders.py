"""Task reminders by email once a day (run by lantern.cases.tasks.send_task_reminders_task)."""

from collections import defaultdict

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from lantern.cases.models import Task


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
