"""Background work of cases, run by Celery (eagerly under the local and test settings).

Services queue these on commit: ``notify_on_commit(tasks.notify_triage, concern.pk)`` (lantern.core.notify).
"""

from celery import shared_task

from lantern.cases import notifications, reminders


@shared_task(name="lantern.cases.notify_triage")
def notify_triage(concern_id: int) -> int:
    return notifications.notify_triage(concern_id)


@shared_task(name="lantern.cases.send_task_reminders")
def send_task_reminders_task() -> int:
    """Daily (Celery beat): email each owner their due and overdue tasks, and tell case teams of
    Home Office decisions due or overdue. Returns the number of emails and notifications."""
    return reminders.send_task_reminders() + reminders.notify_decisions_due()


@shared_task(name="lantern.cases.apply_age_transitions")
def apply_age_transitions_task() -> dict[str, int]:
    """Daily (Celery beat): plan for children turning 18, and move the cases of those now 18."""
    from lantern.cases.services import cases_apply_age_transitions  # services queue these tasks

    return cases_apply_age_transitions()
