"""A user's work: their open and overdue cases, their tasks, and the SHOP agenda."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from lantern.cases.models import Case, CaseStatus, Task
from lantern.cases.selectors.access import cases_visible_to
from lantern.cases.selectors.overdue import due_soon_q, overdue_q


def my_open_cases(user: Any) -> QuerySet[Case]:
    return (cases_visible_to(user).filter(memberships__user=user, status=CaseStatus.OPEN)
            .select_related("lead_worker").order_by("-opened_on"))


def my_overdue_cases(user: Any, today: datetime.date) -> QuerySet[Case]:
    return cases_visible_to(user).filter(memberships__user=user).filter(overdue_q(today)).order_by("opened_on", "id")


def my_due_soon_cases(user: Any, today: datetime.date) -> QuerySet[Case]:
    """The user's open cases with an RG decision, the end of a recovery period or of move-on support coming up."""
    return cases_visible_to(user).filter(memberships__user=user).filter(due_soon_q(today)).order_by("opened_on", "id")


def shop_agenda_cases(user: Any) -> QuerySet[Case]:
    """Open cases flagged for the next SHOP meeting that the user may see, oldest first."""
    return (cases_visible_to(user).filter(shop_flagged=True, status=CaseStatus.OPEN)
            .select_related("lead_worker", "lead_agency", "area").order_by("opened_on"))


def shop_flagged_cases() -> QuerySet[Case]:
    """Every open case flagged for SHOP, oldest first: what a SHOP meeting's agenda is built from. The agenda
    records them by reference; who sees a case item's detail is decided by cases_visible_to."""
    return Case.objects.filter(shop_flagged=True, status=CaseStatus.OPEN).order_by("opened_on", "id")


@dataclass
class ShopAgenda:
    cases: list[Case]
    restricted: int  # flagged children's cases the user may not see: counted, never described


def shop_agenda(user: Any) -> ShopAgenda:
    """The SHOP agenda: the flagged cases the user may see, and how many restricted ones are left out."""
    cases = list(shop_agenda_cases(user))
    flagged = Case.objects.filter(shop_flagged=True, status=CaseStatus.OPEN)
    return ShopAgenda(cases=cases, restricted=flagged.count() - len(cases))


def tasks_open_for(user: Any) -> QuerySet[Task]:
    """The user's open tasks on cases they may still see, soonest first ('My work' and the API)."""
    return (Task.objects.open().filter(owner=user, case__in=cases_visible_to(user))
            .select_related("case", "owner").order_by("due_on", "id"))
