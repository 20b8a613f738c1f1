"""Notifications (ADR 17): sending them, marking them read, and the person's choice of email."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from lantern.accounts import tasks
from lantern.accounts.models import Notification, User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.core.notify import notify_on_commit

# --- Notifications (ADR 17) -------------------------------------------------------------


@transaction.atomic
def notification_send(
    *, users: Iterable[User], kind: str, message: str, reference: str, link: str, key: str = "",
) -> list[Notification]:
    """Tell each of ``users`` (active ones only) that something happened to the record ``reference``.

    The one way any app notifies someone: the notification is saved with the change that caused it,
    and emailed after the commit to those who chose email as well. ``message`` names records by
    reference only, never a person's details. With a ``key`` (scheduled work), a person who was
    already told under that key is not told again. The caller has already checked that the change
    was allowed; the link's page checks access again when it is opened.
    """
    if not link.startswith("/") or link.startswith("//"):
        raise ValueError("A notification links to a page in Lantern, by its path")
    recipients = {u.pk: u for u in users if u.is_active}
    if key:
        told = Notification.objects.filter(key=key, user_id__in=recipients).values_list("user_id", flat=True)
        for user_id in list(told):
            recipients.pop(user_id, None)
    made = [Notification(user=user, kind=kind, message=message, reference=reference, link=link, key=key)
            for user in recipients.values()]
    for notification in made:
        notification.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    made = Notification.objects.bulk_create(made)
    for notification in made:
        if notification.user.notify_by_email:
            notify_on_commit(tasks.email_notification, notification.pk)
    return made


@transaction.atomic
def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """Mark one of the user's own notifications as read (``notification`` from ``notification_get_own``).

    Not audited: it changes only the reader's own list, nothing about any record.
    """
    if notification.user_id != user.pk:
        raise ValueError("Only its recipient marks a notification as read")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    """Mark all the user's unread notifications as read; returns how many there were."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def user_set_notify_by_email(*, user: User, notify_by_email: bool) -> User:
    """The person's own choice: email as well as notifications in Lantern, or Lantern only."""
    if user.notify_by_email != notify_by_email:
        user.notify_by_email = notify_by_email
        user.save(update_fields=["notify_by_email"])
        audit_record(actor=user, action="user.notification_preference", kind=AuditAction.UPDATE, target=user,
                     changes={"notify_by_email": notify_by_email})
    return user


@transaction.atomic
def user_update_profile(*, user: User, job_title: str, phone: str, alternative_contact: str) -> User:
    """The person's own work details, given on the referrals they make (the NRM form asks for them)."""
    before = {"job_title": user.job_title, "phone": user.phone, "alternative_contact": user.alternative_contact}
    user.job_title, user.phone, user.alternative_contact = job_title.strip(), phone.strip(), alternative_contact.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["job_title", "phone", "alternative_contact"])
    audit_record(actor=user, action="user.profile", kind=AuditAction.UPDATE, target=user,
                 changes=describe_changes(instance=user, fields=before, before=before))
    return user
