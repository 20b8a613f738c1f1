"""Every write to accounts, agencies, roles, devices and tokens. Each is audited."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.contrib.auth import update_session_auth_hash
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import tasks
from lantern.accounts.capabilities import Capability, Role, role_needs_approval
from lantern.accounts.models import (
    Agency,
    ApiToken,
    BackupCode,
    BackupCodeDevice,
    Notification,
    RoleAssignment,
    RoleGrant,
    RoleGrantApprover,
    RoleGrantStatus,
    User,
)
from lantern.accounts.selectors import role_grant_can_decide
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.core.access import require_capability
from lantern.core.notify import notify_on_commit

TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


# --- Agencies -----------------------------------------------------------------


@transaction.atomic
def agency_create(*, acting_user: User, **fields: Any) -> Agency:
    require_capability(acting_user, Capability.MANAGE_AGENCIES)
    agency = Agency(**fields)
    agency.full_clean()
    agency.save()
    audit_record(
        actor=acting_user,
        action="agency.create",
        kind=AuditAction.CREATE,
        target=agency,
        changes=describe_changes(instance=agency, fields=fields.keys()),
    )
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, acting_user: User, **fields: Any) -> Agency:
    require_capability(acting_user, Capability.MANAGE_AGENCIES)
    stored = Agency.objects.get(pk=agency.pk)
    before = {name: getattr(stored, name) for name in fields}
    for name, value in fields.items():
        setattr(agency, name, value)
    agency.full_clean()
    agency.save()
    audit_record(
        actor=acting_user,
        action="agency.update",
        kind=AuditAction.UPDATE,
        target=agency,
        changes=describe_changes(instance=agency, fields=fields.keys(), before=before),
    )
    return agency


# --- Users ------------------------------------------------------------------


def _revoke_api_tokens(user: User) -> list[ApiToken]:
    """Revoke every usable token of the user; returns those revoked (to tell the user which)."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())
                  .order_by("created_at"))
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=timezone.now())
    return tokens


def api_tokens_described(tokens: Iterable[ApiToken]) -> str:
    """"'Stats script' (created 3 March 2026), 'Export' (created …)": how users are told which tokens went."""
    return ", ".join(
        f"'{t.name}' (created {date_format(timezone.localtime(t.created_at), 'j F Y')})" for t in tokens
    )


def _revoked_changes(tokens: list[ApiToken]) -> dict[str, Any]:
    return {"api_tokens_revoked": [t.prefix for t in tokens]} if tokens else {}


def _set_roles(user: User, roles: Iterable[str]) -> None:
    wanted = set(roles)
    RoleAssignment.objects.filter(user=user).exclude(role__in=wanted).delete()
    existing = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=r) for r in wanted - existing])
    user.__dict__.pop("role_set", None)
    user.__dict__.pop("capabilities", None)


@transaction.atomic
def user_create(
    *,
    acting_user: User | None,
    email: str,
    full_name: str,
    agency: Agency | None,
    roles: Iterable[str],
    job_title: str = "",
    password: str | None = None,
    reason: str = "",
) -> User:
    """Create a staff account. Without a password the user sets one through a reset link.

    An administrator's roles that open records about people are not given at once: each becomes a
    request (``role_grant_request``, with ``reason``) for a second person to approve. With no acting
    user (the system itself: first set-up, demo data) the roles are given directly.
    """
    roles = list(roles)
    requested: list[str] = []
    if acting_user is not None:
        require_capability(acting_user, Capability.MANAGE_USERS)
        requested = sorted(r for r in set(roles) if role_needs_approval(r))
        _require_reason(requested, reason)
        roles = [r for r in roles if r not in requested]
    user = User(email=User.objects.normalize_email(email).lower(), full_name=full_name, agency=agency, job_title=job_title)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    _set_roles(user, roles)
    audit_record(
        actor=acting_user,
        action="user.create",
        kind=AuditAction.CREATE,
        target=user,
        target_label=user.email,
        changes={"agency": agency.pk if agency else None, "roles": sorted(roles)},
    )
    if acting_user is not None:
        for role in requested:
            role_grant_request(user=user, role=role, reason=reason, acting_user=acting_user)
    return user


def _require_reason(requested: list[str], reason: str) -> None:
    if requested and not reason.strip():
        labels = ", ".join(Role(r).label for r in requested)
        raise ValidationError({"reason": f"Enter why the person needs the role: {labels}"})


@transaction.atomic
def user_update(
    *,
    user: User,
    acting_user: User,
    full_name: str,
    job_title: str,
    agency: Agency | None,
    roles: Iterable[str],
    reason: str = "",
) -> list[RoleGrant]:
    """Change an account. Roles are removed at once; a role that opens records about people is not
    added but requested (``role_grant_request``) for a second person to approve; other roles are added.

    No one changes their own roles or agency. Returns the requests made.
    """
    require_capability(acting_user, Capability.MANAGE_USERS)
    roles = sorted(set(roles))
    if user.pk == acting_user.pk and (set(roles) != set(user.role_set) or agency != user.agency):
        raise ValidationError("You cannot change your own roles or agency. Ask another system administrator.")
    before_roles = sorted(user.role_set)
    requested = sorted(r for r in set(roles) - set(before_roles) if role_needs_approval(r))
    _require_reason(requested, reason)
    roles = [r for r in roles if r not in requested]
    before = {"full_name": user.full_name, "job_title": user.job_title, "agency": user.agency_id}
    user.full_name, user.job_title, user.agency = full_name, job_title, agency
    user.full_clean()
    user.save()
    _set_roles(user, roles)
    changes = describe_changes(instance=user, fields=["full_name", "job_title", "agency"], before=before)
    if before_roles != roles:
        changes["roles"] = roles
        if not user.can(Capability.USE_API):
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        # A change of roles takes effect at once: end the user's sessions.
        user.session_generation += 1
        user.save(update_fields=["session_generation"])
    audit_record(
        actor=acting_user, action="user.update", kind=AuditAction.UPDATE, target=user, target_label=user.email, changes=changes
    )
    return [role_grant_request(user=user, role=r, reason=reason, acting_user=acting_user) for r in requested]


# --- Role requests (roles that open records about people) ---------------------------


@transaction.atomic
@transaction.atomic
def role_grant_request(*, user: User, role: str, reason: str, acting_user: User) -> RoleGrant:
    """Ask for ``user`` to get ``role``; a second person decides. An open request for the same role is reused.

    The person's row is locked first, so two administrators asking at the same moment make one
    request (the second finds the first's) rather than one request and a constraint error.
    """
    require_capability(acting_user, Capability.MANAGE_USERS)
    if user.pk == acting_user.pk:
        raise ValidationError("You cannot ask for a role for yourself. Ask another system administrator.")
    User.objects.select_for_update().filter(pk=user.pk).first()
    existing = RoleGrant.objects.filter(user=user, role=role, status=RoleGrantStatus.PENDING).first()
    if existing is not None:
        return existing
    grant = RoleGrant(user=user, role=role, reason=reason.strip(), requested_by=acting_user)
    grant.full_clean()
    grant.save()
    audit_record(actor=acting_user, action="role_grant.request", kind=AuditAction.CREATE, target=grant,
                 target_label=user.email, changes={"role": role, "reason": grant.reason})
    notify_on_commit(tasks.notify_role_grant, grant.pk)
    return grant


def _decidable(grant: RoleGrant, acting_user: User) -> RoleGrant:
    """The grant, locked, if it is still waiting and ``acting_user`` may decide it."""
    locked = RoleGrant.objects.select_for_update().select_related("user", "requested_by").get(pk=grant.pk)
    if locked.status != RoleGrantStatus.PENDING:
        raise ValidationError("This request has already been decided.")
    if locked.requested_by_id == acting_user.pk:
        raise ValidationError("You cannot approve or decline your own request. Another administrator must decide it.")
    if not role_grant_can_decide(user=acting_user, grant=locked):
        raise ValidationError("You cannot decide this request.")
    return locked


@transaction.atomic
def role_grant_approve(*, grant: RoleGrant, acting_user: User, note: str = "") -> RoleGrant:
    """Approve a request: the role is added (the user's sessions end, as with any role change)."""
    grant = _decidable(grant, acting_user)
    user = grant.user
    if not user.is_active:
        raise ValidationError("This account is deactivated. Reactivate it before giving it a role.")
    grant.status = RoleGrantStatus.APPROVED
    grant.decided_by, grant.decided_at, grant.decision_note = acting_user, timezone.now(), note.strip()
    grant.full_clean()
    grant.save()
    _set_roles(user, set(user.role_set) | {grant.role})
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    audit_record(actor=acting_user, action="role_grant.approve", kind=AuditAction.SECURITY, target=grant,
                 target_label=user.email, changes={"role": grant.role, "requested_by": grant.requested_by_id,
                                                   "roles": sorted(user.role_set)})
    notify_on_commit(tasks.notify_role_grant, grant.pk)
    return grant


@transaction.atomic
def role_grant_decline(*, grant: RoleGrant, acting_user: User, note: str = "") -> RoleGrant:
    grant = _decidable(grant, acting_user)
    grant.status = RoleGrantStatus.DECLINED
    grant.decided_by, grant.decided_at, grant.decision_note = acting_user, timezone.now(), note.strip()
    grant.full_clean()
    grant.save()
    audit_record(actor=acting_user, action="role_grant.decline", kind=AuditAction.UPDATE, target=grant,
                 target_label=grant.user.email, changes={"role": grant.role, "note": grant.decision_note})
    return grant


@transaction.atomic
def role_grant_approver_set(*, approver: User | None) -> None:
    """Name (or, with None, clear) the partnership's approver of role requests. The operator's command only."""
    RoleGrantApprover.objects.all().delete()
    if approver is not None:
        RoleGrantApprover.objects.create(approver=approver)
    audit_record(actor=None, action="role_grant.set_approver", kind=AuditAction.SECURITY,
                 target=approver, target_label=approver.email if approver else "",
                 changes={"approver": approver.pk if approver else None})


@transaction.atomic
def user_deactivate(*, user: User, acting_user: User, reason: str) -> User:
    """Deactivate an account and end all its sessions and tokens at once."""
    require_capability(acting_user, Capability.MANAGE_USERS)
    if user.pk == acting_user.pk:
        raise ValidationError("You cannot deactivate your own account.")
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.session_generation += 1
    user.save(update_fields=["is_active", "deactivated_at", "session_generation"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(
        actor=acting_user,
        action="user.deactivate",
        kind=AuditAction.SECURITY,
        target=user,
        target_label=user.email,
        changes={"is_active": False, "reason": reason},
    )
    return user


@transaction.atomic
def user_reactivate(*, user: User, acting_user: User) -> User:
    require_capability(acting_user, Capability.MANAGE_USERS)
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    audit_record(
        actor=acting_user, action="user.reactivate", kind=AuditAction.SECURITY, target=user, target_label=user.email,
        changes={"is_active": True},
    )
    return user


@transaction.atomic
def user_end_sessions(*, user: User, acting_user: User, request: HttpRequest | None = None) -> list[ApiToken]:
    """Sign the user out everywhere and revoke their API tokens (a token is a sign-in that never expires
    with a session). When users end their own sessions, the current one survives.

    Returns the tokens revoked, so the user can be told which.
    """
    if user.pk != acting_user.pk:
        require_capability(acting_user, Capability.MANAGE_USERS)
    revoked = _revoke_api_tokens(user)
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    if request is not None and user.pk == acting_user.pk:
        update_session_auth_hash(request, user)
    audit_record(
        actor=acting_user, action="user.end_sessions", kind=AuditAction.SECURITY, target=user, target_label=user.email,
        changes=_revoked_changes(revoked),
    )
    if user.pk != acting_user.pk:
        _notify_tokens_revoked(user, revoked, because="an administrator ended all your sessions")
    return revoked


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
    notify_on_commit(tasks.send_unlock_link, user.pk, build_url(token))


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


@transaction.atomic
def user_change_password(*, user: User, new_password: str, request: HttpRequest) -> list[ApiToken]:
    """Change the password: other sessions end, this one carries on, API tokens are revoked (returned)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)
    revoked = _revoke_api_tokens(user)
    audit_record(actor=user, action="user.change_password", kind=AuditAction.SECURITY, target=user,
                 target_label=user.email, changes=_revoked_changes(revoked))
    return revoked


@transaction.atomic
def user_reset_password(*, user: User, new_password: str) -> list[ApiToken]:
    """A new password set through an emailed link: every session ends, API tokens are revoked (returned)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    revoked = _revoke_api_tokens(user)
    audit_record(actor=user, action="user.reset_password", kind=AuditAction.SECURITY, target=user,
                 target_label=user.email, changes=_revoked_changes(revoked))
    return revoked


@transaction.atomic
def user_reset_two_factor(*, user: User, acting_user: User) -> list[ApiToken]:
    """Remove a user's devices (lost phone); they enrol again at their next sign-in.

    Their sessions end and their API tokens are revoked (returned): whoever has the phone may have those too.
    """
    require_capability(acting_user, Capability.MANAGE_USERS)
    TOTPDevice.objects.filter(user=user).delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    revoked = _revoke_api_tokens(user)
    audit_record(
        actor=acting_user, action="user.reset_two_factor", kind=AuditAction.SECURITY, target=user, target_label=user.email,
        changes=_revoked_changes(revoked),
    )
    _notify_tokens_revoked(user, revoked, because="an administrator reset your two-factor authentication")
    return revoked


def _notify_tokens_revoked(user: User, tokens: list[ApiToken], *, because: str) -> None:
    """Email the user which of their tokens an administrator's action revoked (names and dates only)."""
    if tokens:
        notify_on_commit(tasks.notify_api_tokens_revoked, user.pk, [t.pk for t in tokens], because)


# --- Two-factor devices -----------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator device for enrolment; replaces any earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with a first code. Returns fresh backup codes, or None if the code is wrong."""
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_generate(user=device.user)
    audit_record(actor=device.user, action="user.enrol_two_factor", kind=AuditAction.SECURITY, target=device.user,
                 target_label=device.user.email)
    return codes


def backup_codes_generate(*, user: Any, count: int | None = None) -> list[str]:
    """Replace the user's single-use backup codes. Returns the new codes to show once."""
    from django.conf import settings

    count = count or settings.LANTERN_BACKUP_CODE_COUNT
    device, _ = BackupCodeDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME,
                                                       defaults={"confirmed": True})
    device.codes.all().delete()
    codes = {f"{secrets.randbelow(10**10):010d}" for _ in range(count)}
    while len(codes) < count:
        codes.add(f"{secrets.randbelow(10**10):010d}")
    BackupCode.objects.bulk_create([BackupCode(device=device, digest=device.digest_for(user.pk, c)) for c in codes])
    return [f"{c[:5]} {c[5:]}" for c in sorted(codes)]


@transaction.atomic
def backup_codes_regenerate(*, user: User) -> list[str]:
    """The user asked for new backup codes: the old ones stop working. Returns the new codes to show once."""
    codes = backup_codes_generate(user=user)
    audit_record(actor=user, action="user.regenerate_backup_codes", kind=AuditAction.SECURITY, target=user,
                 target_label=user.email)
    return codes


# --- Signing in (the session itself is Django's and django-otp's) -----------------


@transaction.atomic
def user_sign_in_password_record(*, user: User) -> None:
    """Audit the first step of signing in: the password was right."""
    audit_record(actor=user, action="user.sign_in_password", kind=AuditAction.SIGN_IN, target=user,
                 target_label=user.email)


@transaction.atomic
def user_sign_in_two_factor_record(*, user: User, device: Any) -> None:
    """Audit the second step of signing in, with the kind of device used (app or backup code)."""
    audit_record(actor=user, action="user.sign_in_two_factor", kind=AuditAction.SIGN_IN, target=user,
                 target_label=user.email, changes={"method": device.__class__.__name__})


@transaction.atomic
def two_factor_device_matching(*, user: User, token: str) -> TOTPDevice | BackupCodeDevice | None:
    """The device that accepts ``token`` (digits only), or None.

    A 6-digit code is checked by the authenticator app's device only, a 10-digit one by the backup
    codes only: each device's wait after failures (doubling with each) then counts its own mistakes,
    never the other kind's. Devices are locked while checked, so a code is accepted once.
    """
    model: type[TOTPDevice] | type[BackupCodeDevice] = BackupCodeDevice if len(token) == 10 else TOTPDevice
    for device in model.objects.select_for_update().filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def user_has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- API tokens -------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int = 90) -> tuple[ApiToken, str]:
    """Issue a personal API token; returns it with the raw value, shown to the user once."""
    require_capability(user, Capability.USE_API)
    raw = "lnt_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:10], digest=ApiToken.digest_for(raw), expires_at=timezone.now() + timedelta(days=days)
    )
    audit_record(actor=user, action="api_token.create", kind=AuditAction.SECURITY, target=token, target_label=token.prefix)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user: User) -> ApiToken:
    if token.user_id != acting_user.pk:
        require_capability(acting_user, Capability.MANAGE_USERS)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=acting_user, action="api_token.revoke", kind=AuditAction.SECURITY, target=token, target_label=token.prefix)
    return token


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
