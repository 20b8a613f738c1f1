"""Background work of governance, run by Celery (eagerly under the local and test settings); the worker's
task discovery finds ``<app>.tasks``, so the pledge's task is imported here too."""

from celery import shared_task

from lantern.governance import reminders
from lantern.governance.tasks_pledge import send_pledge_approved

__all__ = ["send_action_reminders_task", "send_pledge_approved"]


@shared_task(name="lantern.governance.send_action_reminders")
def send_action_reminders_task() -> int:
    """Daily (Celery beat): remind owners of meeting actions due today or overdue."""
    return reminders.send_action_reminders()
