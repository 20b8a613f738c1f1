"""Agencies and staff accounts: creating, changing, deactivating and reactivating them. Each is audited."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability, Role, role_needs_approval
from lantern.accounts.models import Agency, ApiToken, RoleGrant, User
from lantern.accounts.services.role_grants import _set_roles, role_grant_request
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.core.access import require_capability

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
