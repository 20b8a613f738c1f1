"""Background work of governance, run by Celery (eagerly under the local and test settings)."""

from celery import shared_task

from lantern.governance import reminders


@shared_task(name="lantern.governance.send_action_reminders")
def send_action_reminders_task() -> int:
    """Daily (Celery beat): remind owners of meeting actions due today or overdue."""
    return reminders.send_action_reminders()
