"""The training app's scheduled and queued work (Celery). A task's arguments are ids and flags only, never a
name or an address: they wait in the broker."""

from celery import shared_task

from lantern.training.services import reminders


@shared_task(name="lantern.training.send_training_reminders")
def send_training_reminders_task() -> int:
    return reminders.send_training_reminders()


@shared_task(name="lantern.training.email_training_reminder")
def email_training_reminder(reminder_id: int, manager: bool) -> int:
    """Email a reminder to a person without an account (or to their manager). Its arguments are ids only: the
    broker holds them, so the address is looked up here."""
    return reminders.email_training_reminder(reminder_id, manager=manager)
