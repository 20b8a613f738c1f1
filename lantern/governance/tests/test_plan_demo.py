"""The demo plan: Sandwell's 2022-2027 strategy with a spread of statuses, RAGs and dated updates, two
maturity self-assessments a year apart, seeded once however often seeding runs; and the plan's links
on the home page."""

import pytest
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.accounts.demo import seed as seed_accounts
from lantern.governance.demo_plan import TITLE, seed_plan_demo
from lantern.governance.home_plan import home_links_plan
from lantern.governance.models import MaturityAssessment, PlanAction, ProgressUpdate, StrategyPeriod
from lantern.governance.selectors_plan import overdue_q
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_sandwells_strategy_seeded_once():
    seed_accounts()
    assert seed_plan_demo()
    assert seed_plan_demo() == []
    period = StrategyPeriod.objects.get(is_current=True)
    assert period.title == TITLE == "Striving for a Slavery Free Sandwell 2022-2027"
    assert period.priorities.count() == 7 and all(p.objectives.exists() for p in period.priorities.all())
    actions = PlanAction.objects.all()
    assert {a.status for a in actions} >= {"not_started", "in_progress", "on_hold", "completed", "cancelled"}
    assert {a.rag for a in actions} == {"red", "amber", "green"}
    assert actions.filter(overdue_q(timezone.localdate())).exists()
    assert ProgressUpdate.objects.filter(created_at__lt=timezone.now() - timezone.timedelta(days=365)).exists()
    assert MaturityAssessment.objects.count() == 2
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    assert TITLE in client.get("/governance/plan/").content.decode()
    assert "Average maturity level by section" in client.get("/governance/maturity/").content.decode()


def test_the_home_links_follow_the_capabilities():
    assert [link.label for link in home_links_plan(make_user(Role.BOARD_VIEWER))] == [
        "Action plan", "Maturity self-assessment"]
    assert "Overdue actions" in [link.label for link in home_links_plan(make_user(Role.PROGRAMME_MANAGER))]
    assert home_links_plan(make_user(Role.CASE_WORKER)) == []
