"""Background work of the audit trail, run by Celery."""

from celery import shared_task

from lantern.audit.services import audit_checkpoint_write


@shared_task(name="lantern.audit.write_checkpoint")
def write_checkpoint() -> int:
    """Every few minutes (Celery beat, ``LANTERN_AUDIT_CHECKPOINT_SECONDS``): sign the chain head.

    Returns the sequence number recorded (0 while the trail is empty).
    """
    checkpoint = audit_checkpoint_write()
    return checkpoint.sequence if checkpoint else 0
