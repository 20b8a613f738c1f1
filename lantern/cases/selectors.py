"""Who may see which concerns and cases: the one place these rules live.

- Triage roles (SHOP coordinator, programme manager) see every submitted concern.
- A first responder sees the concerns they raised and their status, never case content.
- Case workers see the cases whose team they are on.
- Oversight roles (SHOP coordinator, programme manager) see every case.
- Children's cases: team members, and oversight roles allowed children's
  records (see lantern.accounts.selectors.can_see_child_records).
- Everyone else (board viewers, procurement, DPO, administrators) sees no
  case or concern content.
A record a user may not see is reported as missing (404).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import can_see_child_records
from lantern.cases.models import (
    Case,
    CaseExploitation,
    CaseMember,
    CaseStage,
    CaseStatus,
    Concern,
    ConcernStatus,
    Route,
)
from lantern.core import crypto
from lantern.core.access import not_found

CHILD_ROUTES = (Route.CHILD, Route.AGE_UNCERTAIN)


def _is_member(user: Any) -> Exists:
    return Exists(CaseMember.objects.filter(case=OuterRef("pk"), user=user))


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    member = _is_member(user)
    if user.can(Capability.OVERSEE_CASES):
        if can_see_child_records(user):
            return Case.objects.all()
        return Case.objects.filter(Q(member) | ~Q(route__in=CHILD_ROUTES))
    if user.can(Capability.WORK_CASES):
        return Case.objects.filter(pk__in=CaseMember.objects.filter(user=user).values("case_id"))
    return Case.objects.none()


def is_on_caseload(user: Any, case: Case) -> bool:
    return CaseMember.objects.filter(case=case, user=user).exists()


def case_get_for_user(*, user: Any, reference: str, today: datetime.date | None = None) -> Case:
    from django.utils import timezone

    case = (
        with_overdue(cases_visible_to(user), today or timezone.localdate())
        .select_related("person", "lead_worker", "lead_agency", "area")
        .filter(reference=reference.upper())
        .first()
    )
    if case is None:
        raise not_found()
    return case


def ensure_can_work_case(user: Any, case: Case) -> None:
    """Writes need membership of the team, or oversight of cases the user may see."""
    if is_on_caseload(user, case):
        return
    if user.can(Capability.OVERSEE_CASES) and cases_visible_to(user).filter(pk=case.pk).exists():
        return
    raise PermissionDenied


def concerns_visible_to(user: Any) -> QuerySet[Concern]:
    if not getattr(user, "is_authenticated", False):
        return Concern.objects.none()
    own = Q(raised_by=user)
    if user.can(Capability.TRIAGE_CONCERN):
        # Triage roles see every submitted concern, except those that became (or joined) a case
        # they may not see, such as a restricted child's case.
        submitted = ~Q(status=ConcernStatus.DRAFT) & (Q(case__isnull=True) | Q(case__in=cases_visible_to(user)))
        return Concern.objects.filter(own | submitted)
    if user.can(Capability.RAISE_CONCERN):
        return Concern.objects.filter(own)
    return Concern.objects.none()


def concern_get_for_user(*, user: Any, reference: str) -> Concern:
    concern = concerns_visible_to(user).select_related("raised_by", "raised_by_agency", "area", "case").filter(
        reference=reference.upper()
    ).first()
    if concern is None:
        raise not_found()
    return concern


@dataclass
class CaseFilters:
    status: str = ""
    route: str = ""
    stage: str = ""
    exploitation: str = ""
    area_id: int | None = None
    lead_worker_id: int | None = None
    agency_id: int | None = None
    overdue: bool = False
    reference: str = ""
    name: str = ""
    date_of_birth: datetime.date | None = None


def cases_search(*, user: Any, filters: CaseFilters, today: datetime.date) -> QuerySet[Case]:
    """The case list: filtered, searched by reference or by name (and date of birth) through the blind index."""
    qs = with_overdue(cases_visible_to(user), today).select_related("lead_worker", "lead_agency", "area")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.route:
        qs = qs.filter(route=filters.route)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.exploitation:
        qs = qs.filter(Exists(CaseExploitation.objects.filter(case=OuterRef("pk"), type=filters.exploitation)))
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.lead_worker_id:
        qs = qs.filter(lead_worker_id=filters.lead_worker_id)
    if filters.agency_id:
        qs = qs.filter(lead_agency_id=filters.agency_id)
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    if filters.reference:
        qs = qs.filter(reference__iexact=filters.reference.strip())
    if filters.name:
        if filters.date_of_birth:
            index = crypto.blind_index(filters.name, filters.date_of_birth.isoformat())
            qs = qs.filter(person__name_dob_index=index)
        else:
            qs = qs.filter(person__name_index=crypto.blind_index(filters.name))
    return qs.order_by("-opened_on", "-id")


def overdue_q(today: datetime.date) -> Q:
    """Open cases waiting past a deadline: an RG decision past its expected date, or a child's NRM referral not made."""
    return Q(status=CaseStatus.OPEN) & (
        Q(rg_expected_by__lt=today, rg_decided_on__isnull=True)
        | Q(route__in=CHILD_ROUTES, nrm_referred_on__isnull=True, stage__in=[CaseStage.SCREENING, CaseStage.NRM_DUE])
    )


def with_overdue(qs: QuerySet[Case], today: datetime.date) -> QuerySet[Case]:
    """Annotate ``is_overdue`` from overdue_q, the one definition of 'overdue'."""
    return qs.annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))


def earlier_records_for(*, user: Any, given_name: str, family_name: str,
                        date_of_birth: datetime.date | None) -> list[Case]:
    """Earlier cases of a person matching by name (and date of birth), among those the user may see."""
    full_name = " ".join(p for p in (given_name, family_name) if p)
    if not full_name:
        return []
    if date_of_birth:
        q = Q(person__name_dob_index=crypto.blind_index(full_name, date_of_birth.isoformat()))
    else:
        q = Q(person__name_index=crypto.blind_index(full_name))
    return list(cases_visible_to(user).filter(q).order_by("-opened_on")[:10])
