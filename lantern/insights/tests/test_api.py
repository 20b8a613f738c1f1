"""The KPI endpoint: the dashboard's figures for other systems, suppressed the same way."""

import datetime

import pytest

from lantern.accounts.capabilities import Role
from lantern.cases.models import Referral, ReferralKind
from lantern.cases.tests.factories import AgencyFactory, CaseFactory
from lantern.cases.tests.test_exports_and_api import token_client
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def test_the_kpis_come_suppressed_with_the_previous_period_and_the_rules():
    agency = AgencyFactory()
    for _ in range(3):
        Referral.objects.create(case=CaseFactory(), kind=ReferralKind.NRM, made_on=datetime.date(2026, 9, 30),
                                made_by_agency=agency)
    data = token_client(make_user(Role.PROGRAMME_MANAGER)).get("/api/v1/insights/kpis/", {"period": "2026-Q3"}).json()
    assert data["period"] == "2026-Q3"
    assert data["previous_period"] == "2026-Q2"
    assert data["rules"]["threshold"] == 5
    nrm = next(k for k in data["kpis"] if k["slug"] == "nrm-referrals")
    assert nrm["value"] == {"value": None, "suppressed": True}
    assert nrm["previous"] == {"value": 0, "suppressed": False}
    assert nrm["change"] is None


def test_a_board_viewer_signed_in_may_read_them_and_a_case_worker_may_not():
    board = verified_client(make_user(Role.BOARD_VIEWER))
    assert board.get("/api/v1/insights/kpis/").status_code == 200
    worker = token_client(make_user(Role.CASE_WORKER))
    assert worker.get("/api/v1/insights/kpis/").status_code == 403


def test_a_bad_period_or_objective_is_a_400_that_says_why():
    client = token_client(make_user(Role.PROGRAMME_MANAGER))
    response = client.get("/api/v1/insights/kpis/", {"period": "2026-Q7"})
    assert response.status_code == 400
    assert "Enter a period" in response.json()["period"][0]
    assert client.get("/api/v1/insights/kpis/", {"objective": "x"}).status_code == 400
