"""Who may see which concerns and cases: the one place these rules live.

- Triage roles (SHOP coordinator, programme manager) see every submitted concern.
- A first responder sees the concerns they raised and their status, never case content.
- A concern that became (or joined) a case is part of the case's story: whoever may see
  the case (its team, oversight) sees the concern and what it reports.
- Case workers see the cases whose team they are on.
- Oversight roles (SHOP coordinator, programme manager) see every case.
- Children's cases: team members (opening a child's case puts children's
  services on its team), and oversight roles allowed children's records
  (lantern.accounts.selectors.can_see_child_records) or sitting on a board
  whose members see children's cases, such as the Child Exploitation Board
  (may_see_childrens_cases).
- Everyone else (board viewers, procurement, DPO, administrators) sees no
  case or concern content.
A record a user may not see is reported as missing (404).
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import can_see_child_records, users_with_capability
from lantern.cases import rules
from lantern.cases.models import Case, CaseMember, Concern, ConcernStatus
from lantern.cases.selectors.overdue import with_overdue
from lantern.core.access import not_found
from lantern.partnership import selectors as partnership_selectors


def _is_member(user: Any) -> Exists:
    return Exists(CaseMember.objects.filter(case=OuterRef("pk"), user=user))


def may_see_childrens_cases(user: Any) -> bool:
    """Whether an oversight role sees children's cases beyond its own teams: children's services staff
    (can_see_child_records), and members of a board whose members see them (the Child Exploitation Board)."""
    if can_see_child_records(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_CHILD_CASES)
                and partnership_selectors.on_board_seeing_childrens_cases(user))


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    member = _is_member(user)
    if user.can(Capability.OVERSEE_CASES):
        if may_see_childrens_cases(user):
            return Case.objects.all()
        return Case.objects.filter(Q(member) | ~Q(route__in=rules.CHILD_ROUTES))
    if user.can(Capability.WORK_CASES):
        return Case.objects.filter(pk__in=CaseMember.objects.filter(user=user).values("case_id"))
    return Case.objects.none()


def may_list_cases(user: Any) -> bool:
    """Whether the user's roles work or oversee cases: the case list (page and API) and its exports."""
    return bool(getattr(user, "is_authenticated", False)
                and (user.can(Capability.WORK_CASES) or user.can(Capability.OVERSEE_CASES)))


def may_see_case(user: Any, case_id: int | None) -> bool:
    return case_id is not None and cases_visible_to(user).filter(pk=case_id).exists()


def is_on_caseload(user: Any, case: Case) -> bool:
    """Whether ``user`` is on the case's team (known without a query when the case came from case_get_for_user
    for this user)."""
    if getattr(case, "member_checked_for", None) == user.pk:
        return bool(case.user_is_member)  # type: ignore[attr-defined]
    return CaseMember.objects.filter(case=case, user=user).exists()


def case_get_for_user(*, user: Any, reference: str, today: datetime.date | None = None) -> Case:
    """The case with this reference if ``user`` may see it (404 otherwise).

    It carries ``is_overdue`` and ``user_is_member`` (whether ``user`` is on its team: see is_on_caseload).
    """
    from django.utils import timezone

    qs: QuerySet[Case] = with_overdue(cases_visible_to(user), today or timezone.localdate()).annotate(
        user_is_member=_is_member(user))
    # References are unique: no ORDER BY (Case's default ordering would be compiled into every read).
    case = next(iter(
        qs.select_related("person", "lead_worker", "lead_agency", "area", "referral_questions")
        .filter(reference=reference.upper())
        .order_by()[:1]
    ), None)
    if case is None:
        raise not_found()
    case.member_checked_for = user.pk  # type: ignore[attr-defined]  # user_is_member holds for this user only
    return case


def may_work_case(user: Any, case: Case, *, on_caseload: bool | None = None) -> bool:
    """Whether the user may write to the case: a member of its team, or oversight of a case they may see.

    ``on_caseload`` is whether the user is on the team, when the caller already knows.
    """
    if on_caseload is None:
        on_caseload = is_on_caseload(user, case)
    if on_caseload:
        return True
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.OVERSEE_CASES)
                and may_see_case(user, case.pk))


def ensure_can_work_case(user: Any, case: Case) -> None:
    """Refuse (403) a write by anyone who may not work the case (see may_work_case)."""
    if not may_work_case(user, case):
        raise PermissionDenied


def case_team_candidates() -> QuerySet[Any]:
    """Who may join a case team: active users who work or oversee cases (the team form offers exactly these)."""
    return (users_with_capability(Capability.WORK_CASES) | users_with_capability(Capability.OVERSEE_CASES))


def concerns_visible_to(user: Any) -> QuerySet[Concern]:
    if not getattr(user, "is_authenticated", False):
        return Concern.objects.none()
    own = Q(raised_by=user)
    # A concern that became (or joined) a case is part of that case's story: whoever may see
    # the case (its team, oversight) sees the concern, and nobody else sees it through the case.
    of_visible_case = Q(case__in=cases_visible_to(user)) if may_list_cases(user) else Q(pk__in=[])
    if user.can(Capability.TRIAGE_CONCERN):
        # Triage roles see every submitted concern, except those that became (or joined) a case
        # they may not see, such as a restricted child's case.
        submitted = ~Q(status=ConcernStatus.DRAFT) & Q(case__isnull=True)
        return Concern.objects.filter(own | submitted | of_visible_case)
    if user.can(Capability.RAISE_CONCERN) or may_list_cases(user):
        return Concern.objects.filter(own | of_visible_case)
    return Concern.objects.none()


def may_see_concern_details(user: Any, concern: Concern) -> bool:
    """Whether the user sees what a concern reports: triage roles, and whoever may see the case it is part of.

    The person who raised it sees only its status once it is submitted.
    """
    return bool(user.can(Capability.TRIAGE_CONCERN) or may_see_case(user, concern.case_id))
