"""Lockouts after repeated failed sign-ins: an administrator's unlock and the owner's emailed unlock link."""

import hashlib
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.core import signing
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from lantern.accounts import tasks
from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core import crypto
from lantern.core.access import require_capability
from lantern.core.notify import notify_on_commit


@transaction.atomic
def user_unlock(*, user: User, acting_user: User) -> None:
    """Clear a lockout after repeated failed sign-ins."""
    require_capability(acting_user, Capability.MANAGE_USERS)
    axes_reset(username=user.email)
    audit_record(actor=acting_user, action="user.unlock", kind=AuditAction.SECURITY, target=user, target_label=user.email)


UNLOCK_SALT = "lantern.accounts.unlock"


def _lockout_attempts(user: User) -> Any:
    """The user's failed sign-in records that still count (django-axes keeps one per browser and address)."""
    from django.conf import settings

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(username=user.email, attempt_time__gte=since)


def _lockout_fingerprint(user: User) -> str | None:
    """Names the current lockout: it changes once the lockout is cleared, so a link for it works once.

    The oldest counting failure record's id (never reused: both databases draw ids from a sequence),
    not a time, which moves with every further attempt, nor the newest record, which a guesser
    changes by sending another browser name: more guessing must not spoil the owner's link.
    """
    if not user_is_locked_out(user=user):
        return None
    first = _lockout_attempts(user).order_by("pk").values_list("pk", flat=True).first()
    return hashlib.sha256(f"lockout:{first}".encode()).hexdigest()[:32]


def user_unlock_link_send(*, email: str, build_url: Any) -> None:
    """Email the owner of a locked account a single-use, short-lived link that clears the lockout.

    Says nothing to the caller: the same happens, visibly, whether or not the account exists or is
    locked. One email per lockout, so the form cannot be used to flood someone's inbox.
    ``build_url(token)`` makes the absolute link.
    """
    from django.conf import settings
    from django.core.cache import cache

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    fingerprint = _lockout_fingerprint(user) if user is not None else None
    if user is None or fingerprint is None:
        return
    if not cache.add(f"lantern-unlock-sent:{fingerprint}", 1, timeout=settings.LANTERN_UNLOCK_LINK_MINUTES * 60):
        return
    token = signing.dumps({"u": user.pk, "f": fingerprint}, salt=UNLOCK_SALT)
    # The link is a key to the account: it waits in the broker encrypted, as a supplier's questionnaire link does.
    notify_on_commit(tasks.send_unlock_link, user.pk, crypto.encrypt(build_url(token)))


def user_for_unlock_link(*, token: str) -> User | None:
    """The account a link unlocks, if the link is genuine, recent and its lockout is still in place."""
    from django.conf import settings

    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=settings.LANTERN_UNLOCK_LINK_MINUTES * 60)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or _lockout_fingerprint(user) != data.get("f"):
        return None
    return user


@transaction.atomic
def user_unlock_by_link(*, user: User) -> None:
    """The owner followed their emailed link: clear the lockout. They still sign in with password and code."""
    axes_reset(username=user.email)
    audit_record(actor=user, action="user.unlock_by_email", kind=AuditAction.SECURITY, target=user,
                 target_label=user.email)


def user_is_locked_out(*, user: User) -> bool:
    """True while django-axes refuses the user's sign-ins after repeated failures.

    As django-axes counts them (lockout by username): the failures of all its records added up,
    so a lockout spread over many browser names or addresses counts too.
    """
    from django.conf import settings

    failures = _lockout_attempts(user).aggregate(total=Sum("failures_since_start"))["total"] or 0
    return bool(failures >= settings.AXES_FAILURE_LIMIT)
