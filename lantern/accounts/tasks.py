"""Emails about accounts, sent by Celery after the change is committed.

Services queue them with ``notify_on_commit(tasks.notify_x, ...)`` (lantern.core.notify).
"""

from celery import shared_task

from lantern.accounts import notifications


@shared_task(name="lantern.accounts.notify_api_tokens_revoked")
def notify_api_tokens_revoked(user_id: int, token_ids: list[int], because: str) -> int:
    return notifications.notify_api_tokens_revoked(user_id, token_ids, because)


@shared_task(name="lantern.accounts.notify_role_grant")
def notify_role_grant(grant_id: int) -> int:
    return notifications.notify_role_grant(grant_id)


@shared_task(name="lantern.accounts.send_unlock_link")
def send_unlock_link(user_id: int, encrypted_link: str) -> int:
    """The link travels encrypted with the field key: the broker and any task log see ciphertext."""
    return notifications.send_unlock_link(user_id, encrypted_link)


@shared_task(name="lantern.accounts.email_notification")
def email_notification(notification_id: int) -> int:
    return notifications.email_notification(notification_id)
