"""Background work of the pledge register, run by Celery (eagerly under the local and test settings).

Services queue these on commit (lantern.core.notify.notify_on_commit). The governance app's
``tasks.py`` imports this module, so the worker's task discovery finds it.
"""

from celery import shared_task


@shared_task(name="lantern.governance.send_pledge_approved")
def send_pledge_approved(signatory_id: int) -> int:
    """Email the requester that their organisation's signature was accepted."""
    from lantern.governance import notifications_pledge

    return notifications_pledge.send_pledge_approved(signatory_id)
