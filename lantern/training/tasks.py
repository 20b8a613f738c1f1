"""The training app's scheduled and queued work (Celery)."""

from celery import shared_task

from lantern.training.services import reminders


@shared_task(name="lantern.training.send_training_reminders")
def send_training_reminders_task() -> int:
    return reminders.send_training_reminders()


@shared_task(name="lantern.training.email_training_reminder")
def email_training_reminder(email: str, course: str, when: str, manager: bool) -> int:
    return reminders.email_training_reminder(email, course, when, manager)
