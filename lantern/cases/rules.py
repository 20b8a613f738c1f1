"""The UK process's dates and routes, as pure functions (see DOMAIN.md sections 4-5).

Figures follow Home Office guidance: a positive reasonable grounds (RG)
decision starts a recovery period of at least 30 days (45 days for decisions
before 13 December 2022); RG decisions are usually made about 5 working days
after referral (working days skip weekends and England and Wales bank
holidays); after a positive conclusive grounds (CG) decision, move-on
support lasts at least 45 days.
"""

import datetime
from enum import StrEnum

from lantern.core import workingdays

RECOVERY_DAYS = 30
RECOVERY_DAYS_BEFORE_2022_12_13 = 45
RECOVERY_CHANGE_DATE = datetime.date(2022, 12, 13)
RG_WORKING_DAYS = 5
MOVE_ON_DAYS = 45
ADULT_AGE = 18


class RouteCode(StrEnum):
    ADULT = "adult"
    CHILD = "child"
    AGE_UNCERTAIN = "age_uncertain"


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def adult_on(date_of_birth: datetime.date) -> datetime.date:
    """The day the person turns 18 (someone born on 29 February turns 18 on 1 March in other years,
    the first day ``age_on`` counts them as 18)."""
    year = date_of_birth.year + ADULT_AGE
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return datetime.date(year, 3, 1)


def route_for(
    *, date_of_birth: datetime.date | None, approximate_age: int | None, age_uncertain: bool, on: datetime.date
) -> RouteCode:
    """Under 18, or age uncertain, is the child route (treated as a child until assessed)."""
    if age_uncertain:
        return RouteCode.AGE_UNCERTAIN
    if date_of_birth is not None:
        return RouteCode.CHILD if age_on(date_of_birth, on) < ADULT_AGE else RouteCode.ADULT
    if approximate_age is not None:
        return RouteCode.CHILD if approximate_age < ADULT_AGE else RouteCode.ADULT
    return RouteCode.AGE_UNCERTAIN


def transition_notice_from(adult_on: datetime.date, notice_days: int) -> datetime.date:
    """The day a child's lead worker is asked to plan the move to adult services."""
    return adult_on - datetime.timedelta(days=notice_days)


def child_at_exploitation(
    *, date_of_birth: datetime.date | None, approximate_age: int | None, age_uncertain: bool,
    seen_on: datetime.date | None, opened_on: datetime.date,
) -> bool | None:
    """Whether the person was under 18 during the exploitation, as far as a new case knows: True when
    they were a child when seen (or when the case opened), else None (not known: an adult now may have
    been exploited as a child, and an uncertain age is settled by an age assessment)."""
    days = {opened_on} | ({seen_on} if seen_on else set())
    if any(route_for(date_of_birth=date_of_birth, approximate_age=approximate_age, age_uncertain=age_uncertain,
                     on=day) == RouteCode.CHILD for day in days):
        return True
    return None


# The one definition of the child route: under 18, or age uncertain and treated as a child until assessed.
CHILD_ROUTES: tuple[str, ...] = (RouteCode.CHILD.value, RouteCode.AGE_UNCERTAIN.value)


def is_child_route(route: str) -> bool:
    return route in CHILD_ROUTES


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """Working days in England and Wales: weekends and bank holidays are skipped (lantern.core.workingdays)."""
    return workingdays.add_working_days(start, days)


def rg_expected_by(referred_on: datetime.date) -> datetime.date:
    return add_working_days(referred_on, RG_WORKING_DAYS)


def recovery_period_end(rg_decided_on: datetime.date) -> datetime.date:
    days = RECOVERY_DAYS_BEFORE_2022_12_13 if rg_decided_on < RECOVERY_CHANGE_DATE else RECOVERY_DAYS
    return rg_decided_on + datetime.timedelta(days=days)


def is_before_recovery_end(*, decided_on: datetime.date, recovery_ends_on: datetime.date | None) -> bool:
    """Whether a conclusive grounds decision on ``decided_on`` comes before the recovery period has ended."""
    return recovery_ends_on is not None and decided_on < recovery_ends_on


def move_on_end(cg_decided_on: datetime.date) -> datetime.date:
    return cg_decided_on + datetime.timedelta(days=MOVE_ON_DAYS)



def is_child_concern(*, approximate_age: int | None, age_uncertain: bool) -> bool:
    """A concern about someone under 18, or whose age is not known: triaged as a child's, never as routine."""
    return is_child_route(route_for(date_of_birth=None, approximate_age=approximate_age,
                                    age_uncertain=age_uncertain, on=datetime.date.min))
