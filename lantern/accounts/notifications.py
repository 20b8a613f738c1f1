"""Emails about accounts: what changed and a link, never case or report content."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import ApiToken, Notification, RoleGrant, RoleGrantStatus, User
from lantern.accounts.selectors import role_grant_approver, users_with_capability
from lantern.core import crypto


def notify_api_tokens_revoked(user_id: int, token_ids: list[int], because: str) -> int:
    """Tell a user which of their API tokens were revoked by an administrator's action."""
    from lantern.accounts.services import api_tokens_described

    user = User.objects.get(pk=user_id)
    tokens = ApiToken.objects.filter(pk__in=token_ids, user=user).order_by("created_at")
    if not tokens:
        return 0
    link = f"{settings.LANTERN_SITE_URL}{reverse('accounts:account')}"
    return send_mail(
        "Your Lantern API tokens have been revoked",
        f"Your API tokens have been revoked because {because}:\n\n{api_tokens_described(tokens)}\n\n"
        f"Scripts using them will stop working. If you still need one, create a new token: {link}\n\n"
        "If you did not expect this, tell your system administrator.\n",
        None,
        [user.email],
    )


def notify_role_grant(grant_id: int) -> int:
    """A role that opens records about people was requested or approved.

    The data protection officers are told both; the people who may approve are told of a new request.
    The email names the staff accounts and the role, nothing else.
    """
    grant = RoleGrant.objects.select_related("user", "requested_by", "decided_by").get(pk=grant_id)
    recipients = set(users_with_capability(Capability.VIEW_AUDIT).values_list("email", flat=True))
    role = grant.get_role_display()
    link = f"{settings.LANTERN_SITE_URL}{reverse('accounts:role-grant-detail', args=[grant.pk])}"
    if grant.status == RoleGrantStatus.PENDING:
        approver = role_grant_approver()
        deciders = ([approver] if approver is not None else list(users_with_capability(Capability.MANAGE_USERS)))
        recipients |= {u.email for u in deciders if u.pk not in (grant.requested_by_id, grant.user_id)}
        subject = f"Role request {grant.pk} waiting for approval: {role}"
        text = (f"{grant.requested_by.email} has asked for {grant.user.email} to be given the role {role}, "
                "which opens records about people. Another administrator must approve it before it takes effect.")
    elif grant.status == RoleGrantStatus.APPROVED and grant.decided_by is not None:
        subject = f"Role request {grant.pk} approved: {role}"
        text = (f"{grant.decided_by.email} approved the request by {grant.requested_by.email} to give "
                f"{grant.user.email} the role {role}. It has taken effect.")
    else:
        return 0
    if not recipients:
        return 0
    return send_mail(subject, f"{text}\n\nSee the request in Lantern: {link}\n", None, sorted(recipients))


def send_unlock_link(user_id: int, encrypted_link: str) -> int:
    """The link that lets the owner of a locked account unlock it (then sign in as usual); it comes encrypted
    (``crypto.encrypt``), as it waited in the broker."""
    user = User.objects.get(pk=user_id)
    link = crypto.decrypt(encrypted_link)
    minutes = settings.LANTERN_UNLOCK_LINK_MINUTES
    return send_mail(
        "Unlock your Lantern account",
        "Your Lantern account was locked after too many attempts to sign in with the wrong password.\n\n"
        f"If you asked to unlock it, use this link (it works once, for {minutes} minutes):\n\n{link}\n\n"
        "You will then sign in with your password and your security code as usual.\n\n"
        "If you did not ask for this, someone may be trying to guess your password. You can ignore this "
        "email, and tell your system administrator.\n",
        None,
        [user.email],
    )


def email_notification(notification_id: int) -> int:
    """Email a notification to its recipient, if they chose email as well (ADR 17).

    The message names records by reference only, so the email carries nothing more than the
    notification in Lantern does. One already read by the time the task runs is not emailed.
    Returns the number of emails sent (0 or 1).
    """
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.read_at is not None:
        return 0  # already seen in Lantern (or, in the demo data, history): no email
    if not notification.user.is_active or not notification.user.notify_by_email:
        return 0
    site = settings.LANTERN_SITE_URL
    return send_mail(
        notification.message,
        f"{notification.message}.\n\nOpen it in Lantern: {site}{notification.link}\n\n"
        f"To stop these emails and see notifications only in Lantern, change your choice on your account page: "
        f"{site}{reverse('accounts:account')}\n",
        None,
        [notification.user.email],
    )
