"""Signing in and what ends it: passwords, two-factor devices, backup codes, sign-in audit,
sessions ending, API tokens and their revocation. Each is audited."""

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import tasks
from lantern.accounts.capabilities import Capability
from lantern.accounts.models import ApiToken, BackupCode, BackupCodeDevice, User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.notify import notify_on_commit

TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


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
