"""The dashboard reuses KPI figures for LANTERN_KPI_CACHE_SECONDS; board reports compute afresh."""

import datetime

import pytest

from lantern.accounts.capabilities import Role
from lantern.cases.models import Referral, ReferralKind, Route
from lantern.cases.tests.factories import AgencyFactory, CaseFactory
from lantern.core.kpis import Kpi, KpiResult, Unit, kpi_results_cached
from lantern.core.periods import parse
from lantern.core.reference import Objective
from lantern.insights.board import board_content
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def refer(n):
    agency = AgencyFactory()
    for _ in range(n):
        case = CaseFactory(route=Route.ADULT, opened_on=datetime.date(2026, 8, 1))
        Referral.objects.create(case=case, kind=ReferralKind.NRM, made_on=datetime.date(2026, 8, 1), made_by_agency=agency)


def nrm_value(content):
    return next(r["current"]["value"] for o in content["objectives"] for r in o["readings"]
                if r["current"]["slug"] == "nrm-referrals")


def test_each_kpi_is_computed_once_while_cached_and_on_every_call_without_a_cache():
    calls = []
    kpi = Kpi("k", "K", "d", Objective.REPORTING, Unit.COUNT, lambda period: calls.append(period.code) or KpiResult(7))
    periods = [parse("2026-Q3"), parse("2026-Q2")]
    first = kpi_results_cached([kpi], periods, seconds=60)
    again = kpi_results_cached([kpi], periods, seconds=60)
    assert first == again == {("k", "2026-Q3"): KpiResult(7), ("k", "2026-Q2"): KpiResult(7)}
    assert sorted(calls) == ["2026-Q2", "2026-Q3"]
    kpi_results_cached([kpi], periods, seconds=0)
    assert len(calls) == 4


def test_the_dashboard_shows_cached_figures_for_the_configured_time_and_reports_compute_afresh(settings):
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    refer(6)
    html = client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    assert "Figures are at most 5 minutes old." in html
    refer(3)
    # Within the cache's time the dashboard still shows 6; a board report counts all 9.
    assert 'id="kpi-nrm-referrals">NRM referrals: 6</h2>' in client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    assert nrm_value(board_content(parse("2026-Q3"))) == {"value": 9, "suppressed": False}
    settings.LANTERN_KPI_CACHE_SECONDS = 0
    html = client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    assert 'id="kpi-nrm-referrals">NRM referrals: 9</h2>' in html
    assert "minutes old" not in html
