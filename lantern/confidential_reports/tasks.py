"""Background work of the reporting channel: the retention run and the emails to staff.

Services queue the emails on commit, calling these tasks directly
(``notify_on_commit(tasks.notify_team, ...)`` from lantern.core.notify).
"""

from celery import shared_task

from lantern.confidential_reports import notifications


@shared_task(name="lantern.confidential_reports.apply_retention")
def apply_retention_task() -> dict[str, int]:
    """Daily (Celery beat): anonymise reports past their retention period; drop files never sent."""
    from lantern.confidential_reports.services import reports_apply_retention  # services queue these tasks

    return reports_apply_retention()


@shared_task(name="lantern.confidential_reports.notify_team")
def notify_team(report_id: int, subject: str, text: str) -> int:
    return notifications.notify_team(report_id, subject, text)


@shared_task(name="lantern.confidential_reports.notify_identity_viewed")
def notify_identity_viewed(entry_sequence: int, report_reference: str) -> int:
    """Who looked is read from the audit entry when the email is sent, not carried in the broker."""
    return notifications.notify_identity_viewed(entry_sequence, report_reference)
