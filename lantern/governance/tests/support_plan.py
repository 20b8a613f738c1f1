"""Records for the plan and maturity tests, made through the services as a programme manager would."""

import datetime

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType, User
from lantern.governance import services_maturity, services_plan
from lantern.governance.models import PlanAction, Priority, StrategyPeriod
from tests.support import make_user


def manager() -> User:
    return make_user(Role.PROGRAMME_MANAGER, full_name="Tom Whitehouse")


def agency(name: str = "West Midlands Police") -> Agency:
    found, _ = Agency.objects.get_or_create(name=name, defaults={"agency_type": AgencyType.POLICE})
    return found


def period(user: User | None = None, *, title: str = "Slavery Free Sandwell 2022-2027",
           starts_on: datetime.date = datetime.date(2022, 4, 1)) -> StrategyPeriod:
    user = user or manager()
    return services_plan.period_start(title=title, starts_on=starts_on, ends_on=starts_on.replace(year=starts_on.year + 5),
                                      acting_user=user, carry_forward=False)


def plan_action(user: User | None = None, *, strategy: StrategyPeriod | None = None, area: str = "disruption",
                title: str = "Quarterly multi-agency visits to hand car washes", lead: Agency | None = None,
                due_on: datetime.date = datetime.date(2030, 3, 31), **kwargs: object) -> PlanAction:
    user = user or manager()
    strategy = strategy or StrategyPeriod.objects.filter(is_current=True).first() or period(user)
    priority = Priority.objects.get(period=strategy, area=area)
    objective = priority.objectives.first() or services_plan.objective_create(
        priority=priority, title="Joint work with law enforcement", acting_user=user)
    return services_plan.action_create(
        objective=objective, acting_user=user, title=title, lead_agency=lead or agency(),
        starts_on=datetime.date(2022, 4, 1), due_on=due_on, success_measure="Four visits a year.", **kwargs)


def framework(user: User | None = None):
    return services_maturity.framework_install_default(acting_user=user or manager())
