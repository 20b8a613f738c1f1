"""Requests for roles that open records about people, their approval, and the partnership's approver."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts import tasks
from lantern.accounts.capabilities import Capability
from lantern.accounts.models import RoleAssignment, RoleGrant, RoleGrantApprover, RoleGrantStatus, User
from lantern.accounts.selectors import role_grant_can_decide
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.core.access import require_capability
from lantern.core.notify import notify_on_commit


def _set_roles(user: User, roles: Iterable[str]) -> None:
    wanted = set(roles)
    RoleAssignment.objects.filter(user=user).exclude(role__in=wanted).delete()
    existing = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=r) for r in wanted - existing])
    user.__dict__.pop("role_set", None)
    user.__dict__.pop("capabilities", None)


# --- Role requests (roles that open records about people) ---------------------------


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
