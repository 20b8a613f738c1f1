"""People and records shared by the meeting tests: SHOP, its coordinator, a member who works cases, and two
flagged cases (an adult's, and a child's the coordinator has no need to know about)."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.cases import services as case_services
from lantern.cases.tests.factories import CaseFactory, child_case, worker
from lantern.governance.tests.factories import board


@pytest.fixture
def coordinator(db):
    return worker(Role.SHOP_COORDINATOR, full_name="Priya Sandhu")


@pytest.fixture
def member(db):
    """A case worker who sits on SHOP (no governance role)."""
    return worker(Role.CASE_WORKER, full_name="Daniel Okafor")


@pytest.fixture
def shop_board(coordinator, member):
    return board("SHOP", members=[coordinator, member])


@pytest.fixture
def adult_case(member):
    case = CaseFactory(lead_worker=member)
    case_services.case_flag_for_shop(case=case, acting_user=member, reason="Needs a multi-agency safety plan")
    return case


@pytest.fixture
def restricted_child_case(db):
    case = child_case()
    case_services.case_flag_for_shop(case=case, acting_user=case.lead_worker, reason="Missing episodes")
    return case
