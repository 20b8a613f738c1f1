"""Reads of accounts and agencies: the management pages, who holds a capability, child records."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet

from lantern.accounts.capabilities import Capability, roles_with
from lantern.accounts.models import (
    Agency,
    ApiToken,
    Notification,
    RoleAssignment,
    RoleGrant,
    RoleGrantApprover,
    RoleGrantStatus,
    User,
)
from lantern.core.access import not_found, require_capability


def users_list(*, acting_user: User, query: str = "", agency_id: int | None = None, role: str = "",
               status: str = "active") -> QuerySet[User]:
    require_capability(acting_user, Capability.MANAGE_USERS)
    qs = User.objects.select_related("agency").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role"))
    )
    if query:
        qs = qs.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if role:
        qs = qs.filter(role_assignments__role=role)
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "deactivated":
        qs = qs.filter(is_active=False)
    return qs.order_by("full_name").distinct()


def user_get_for_admin(*, acting_user: User, user_id: int) -> User:
    require_capability(acting_user, Capability.MANAGE_USERS)
    user = User.objects.select_related("agency").filter(pk=user_id).first()
    if user is None:
        raise not_found()
    return user


def agencies_list(*, acting_user: User) -> QuerySet[Agency]:
    require_capability(acting_user, Capability.MANAGE_AGENCIES)
    return Agency.objects.annotate(user_count=Count("users", filter=Q(users__is_active=True))).order_by("name")


def agencies_active() -> QuerySet[Agency]:
    """The partnership's member organisations, for anyone who may see the partnership."""
    return Agency.objects.filter(is_active=True).order_by("name")


def users_active() -> QuerySet[User]:
    """Everyone who may sign in, by name; other apps narrow it (a case's team, say)."""
    return User.objects.filter(is_active=True).order_by("full_name")


def agency_get_for_admin(*, acting_user: User, agency_id: int) -> Agency:
    require_capability(acting_user, Capability.MANAGE_AGENCIES)
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise not_found()
    return agency


def api_tokens_for(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def api_token_get_own(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise not_found()
    return token


def users_with_capability(capability: str, *, agency: Agency | None = None) -> QuerySet[User]:
    """Active users whose roles grant ``capability`` (optionally in one agency), by name.

    The one query for "who can do X": assignee and lead-worker lists, notification recipients.
    """
    holders = RoleAssignment.objects.filter(role__in=roles_with(capability)).values("user_id")
    qs = User.objects.filter(is_active=True, pk__in=holders)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("full_name")


def can_see_child_records(user: Any) -> bool:
    """Children's records: need the capability, and, where the partnership restricts
    them (LANTERN_RESTRICT_CHILD_RECORDS), membership of a children's services agency."""
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_CHILD_CASES):
        return False
    if not settings.LANTERN_RESTRICT_CHILD_RECORDS:
        return True
    agency = getattr(user, "agency", None)
    return bool(agency and agency.is_childrens_services)


# --- Role requests --------------------------------------------------------------


def role_grant_approver() -> User | None:
    """The partnership's named approver of role requests, if one is set and their account is active."""
    row = RoleGrantApprover.objects.select_related("approver").first()
    return row.approver if row is not None and row.approver.is_active else None


_LOOK_UP: Any = object()


def role_grant_can_decide(*, user: Any, grant: RoleGrant, approver: Any = _LOOK_UP) -> bool:
    """Who may approve or decline: never the requester or the person the role is for; the named
    approver if the partnership has one (and they are neither), otherwise any other system administrator.

    ``approver`` is ``role_grant_approver()`` when the caller has it already (a list of requests).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.pk in (grant.requested_by_id, grant.user_id):
        return False
    if approver is _LOOK_UP:
        approver = role_grant_approver()
    if approver is not None and approver.pk not in (grant.requested_by_id, grant.user_id):
        return bool(user.pk == approver.pk)
    return bool(user.can(Capability.MANAGE_USERS))


def role_grants_can_see(user: Any) -> bool:
    """The requests pages: system administrators, the named approver, and the data protection
    officers (who are emailed each request and approval, with a link to it; they read, not decide)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.can(Capability.MANAGE_USERS) or user.can(Capability.VIEW_AUDIT):
        return True
    approver = role_grant_approver()
    return bool(approver is not None and approver.pk == user.pk)


def role_grants_waiting_with_decision(*, acting_user: User) -> list[tuple[RoleGrant, bool]]:
    """The requests waiting, each with whether ``acting_user`` may decide it (the approver looked up once)."""
    approver = role_grant_approver()
    return [(grant, role_grant_can_decide(user=acting_user, grant=grant, approver=approver))
            for grant in role_grants_waiting(acting_user=acting_user)]


def role_grants_waiting(*, acting_user: User) -> QuerySet[RoleGrant]:
    """Requests waiting for a decision, oldest first."""
    if not role_grants_can_see(acting_user):
        raise PermissionDenied
    return (RoleGrant.objects.filter(status=RoleGrantStatus.PENDING)
            .select_related("user", "user__agency", "requested_by").order_by("requested_at"))


def role_grant_get(*, acting_user: User, grant_id: int) -> RoleGrant:
    if not role_grants_can_see(acting_user):
        raise PermissionDenied
    grant = RoleGrant.objects.select_related("user", "user__agency", "requested_by", "decided_by").filter(
        pk=grant_id).first()
    if grant is None:
        raise not_found()
    return grant


def role_grants_for(*, user: User) -> QuerySet[RoleGrant]:
    """A person's requests still waiting (their page in user management)."""
    return RoleGrant.objects.filter(user=user, status=RoleGrantStatus.PENDING).select_related("requested_by")


# --- Notifications (ADR 17) -------------------------------------------------------------


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notifications_unread_count(*, user: Any) -> int:
    """How many of the user's notifications are unread (the header's count)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_get_own(*, user: Any, notification_id: int) -> Notification:
    """One of the user's own notifications; anyone else's is not found (404), as if missing."""
    notification = Notification.objects.filter(pk=notification_id, user=user).first()
    if notification is None:
        raise not_found()
    return notification
