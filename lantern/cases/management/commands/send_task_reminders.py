"""Email each worker a reminder of their tasks due today or overdue, and tell case teams of
Home Office decisions due or overdue (run daily).

The email lists case references and task titles only: no personal details.
Each task is reminded at most once a day. Schedule it with Celery beat
(`lantern.cases.send_task_reminders`) or cron.
"""

from typing import Any

from django.core.management.base import BaseCommand

from lantern.cases.reminders import notify_decisions_due, send_task_reminders


class Command(BaseCommand):
    help = "Email reminders of case tasks due today or overdue; notify case teams of decisions due or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_task_reminders()
        self.stdout.write(f"Sent {sent} reminder email(s).")
        told = notify_decisions_due()
        self.stdout.write(f"Made {told} notification(s) of decisions due or overdue.")
