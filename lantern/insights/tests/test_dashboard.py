"""The insight dashboard: who may open it, the period and its comparison, RAG, the objective filter,
and that every figure on it has passed small-number suppression (for every role alike)."""

import datetime
import re

import pytest

from lantern.accounts.capabilities import Role
from lantern.cases.models import Referral, ReferralKind, Route
from lantern.cases.tests.factories import AgencyFactory, CaseFactory, PersonFactory
from lantern.core.kpis import Direction, Kpi, KpiResult, Rag, Unit
from lantern.core.periods import parse
from lantern.core.reference import Objective
from lantern.core.suppression import SUPPRESSED_MARK
from lantern.insights.figures import Reading, dashboard_rules, publish
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def manager_client():
    return verified_client(make_user(Role.PROGRAMME_MANAGER))


@pytest.fixture
def board_client():
    return verified_client(make_user(Role.BOARD_VIEWER))


def nrm_referrals(n, on, route=Route.ADULT):
    agency = AgencyFactory()
    cases = []
    for _ in range(n):
        case = CaseFactory(route=route, opened_on=on, person=PersonFactory(given_name="Andrei", family_name="Popescu"))
        Referral.objects.create(case=case, kind=ReferralKind.NRM, made_on=on, made_by_agency=agency)
        cases.append(case)
    return cases


def summary_row(html, name):
    """The cells of the summary row of the measure called ``name``, as text."""
    row = re.search(rf'href="#kpi-[^"]+">{re.escape(name)}</a>.*?</tr>', html, re.S)
    assert row, f"no row for {name}"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)]


def test_programme_managers_coordinators_and_board_viewers_open_the_dashboard_and_no_one_else():
    assert_access("/insights/", allowed={Role.PROGRAMME_MANAGER, Role.BOARD_VIEWER, Role.SHOP_COORDINATOR},
                  refused=FORBIDDEN)


def test_the_dashboard_shows_the_period_beside_the_one_before_with_the_change(manager_client):
    nrm_referrals(7, D(2026, 9, 30))  # the last day of Q3
    nrm_referrals(5, D(2026, 4, 1))  # Q2
    html = manager_client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    assert "July to September 2026 (2026-Q3)" in html
    this, before, change, status = summary_row(html, "NRM referrals")
    assert (this, before, change) == ("7", "5", "Up 2")
    assert status == "No threshold"


def test_small_numbers_are_suppressed_for_board_viewers_and_the_programme_manager_alike(manager_client, board_client):
    nrm_referrals(3, D(2026, 8, 1))
    nrm_referrals(9, D(2026, 8, 2), route=Route.CHILD)
    pages = [client.get("/insights/", {"period": "2026-Q3"}).content.decode() for client in (manager_client, board_client)]
    for html in pages:
        this, before, change, _ = summary_row(html, "Cases opened")
        assert this == "12"
        assert before.startswith("0")
        # 3 adults are suppressed in the breakdown by route; 9 children beside them would give the 3 back from
        # the total of 12, so the children are suppressed too.
        by_route = html[html.index("By route"):]
        by_route = by_route[:by_route.index("</table>")]
        assert by_route.count(SUPPRESSED_MARK) == 2
        assert "not shown: a small number" in by_route
    assert pages[0].split('<main')[1].count(SUPPRESSED_MARK) == pages[1].split('<main')[1].count(SUPPRESSED_MARK)


def test_no_personal_data_reaches_the_dashboard(board_client):
    cases = nrm_referrals(6, D(2026, 8, 1))
    html = board_client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    assert "Popescu" not in html
    assert all(case.reference not in html for case in cases)


def test_the_objective_filter_shows_only_that_objectives_measures(manager_client):
    html = manager_client.get("/insights/", {"period": "2026-Q3", "objective": Objective.TRAINING}).content.decode()
    assert "Confidential reports received" in html
    assert "NRM referrals" not in html


def test_a_period_that_cannot_be_read_is_explained_and_kept(manager_client):
    response = manager_client.get("/insights/", {"period": "2026-Q5"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a period as a month" in html
    assert 'value="2026-Q5"' in html
    assert "NRM referrals" not in html


def test_a_bad_objective_is_refused_with_a_message(manager_client):
    html = manager_client.get("/insights/", {"objective": "nonsense"}).content.decode()
    assert "There is a problem" in html


def test_rag_status_and_change_come_from_the_published_figures_only():
    kpi = Kpi("test-share", "A share", "Test.", Objective.REPORTING, Unit.PERCENTAGE,
              lambda period: KpiResult(80.0, base=10), direction=Direction.HIGHER_IS_BETTER, rag=Rag(green=75, amber=50))
    rules = dashboard_rules()
    reading = Reading(current=publish(kpi, KpiResult(80.0, base=10), rules),
                      previous=publish(kpi, KpiResult(60.0, base=3), rules), period=parse("2026-Q3"))
    assert reading.status == "green"
    assert reading.change is None  # the previous figure rests on 3 records: suppressed, so no change is shown
    assert reading.change_display == "Not available"
    low = Reading(current=publish(kpi, KpiResult(40.0, base=20), rules),
                  previous=publish(kpi, KpiResult(60.0, base=20), rules), period=parse("2026-Q3"))
    assert low.status == "red"
    assert low.change_display == "Down 20.0 points"


def test_a_headline_that_totals_a_table_is_hidden_with_that_tables_total():
    from lantern.core.kpis import one_way, two_way

    kpi = Kpi("test-count", "A count", "Test.", Objective.REPORTING, Unit.COUNT, lambda period: KpiResult(0))
    # The headline is the total of each table that partitions it: shown in all of them or hidden in all.
    result = KpiResult(7, breakdowns=(
        one_way("a", "A", "Row", {"x": 3, "y": 4}),
        two_way("b", "B", "Row", {("r", "c"): 7}, rows=[("r", "R")], columns=[("c", "C")]),
    ))
    published = publish(kpi, result, dashboard_rules())
    assert published.value.suppressed is False
    assert all(t.total.suppressed is False for t in published.tables)
    tiny = publish(kpi, KpiResult(3, breakdowns=(one_way("a", "A", "Row", {"x": 3, "y": 0}),)), dashboard_rules())
    assert tiny.value.suppressed and tiny.tables[0].total.suppressed


def test_each_measure_has_a_trend_chart_unless_a_point_of_it_is_suppressed(manager_client, settings):
    settings.LANTERN_KPI_CACHE_SECONDS = 0
    nrm_referrals(7, D(2026, 9, 30))
    nrm_referrals(5, D(2026, 4, 1))
    html = manager_client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="trend-nrm-referrals-title"' in html
    assert "Figures: NRM referrals: the last 6 periods" in html
    assert "<th scope=\"row\" class=\"govuk-table__header\">2025-Q2</th>" in html

    nrm_referrals(2, D(2026, 1, 10))  # 2026-Q1: a suppressed point
    html = manager_client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    assert 'aria-labelledby="trend-nrm-referrals-title"' not in html
    assert "(2025-Q2: 0; 2025-Q3: 0; 2025-Q4: 0; 2026-Q1: [c]" in html


def test_breakdowns_with_every_row_published_are_drawn_as_bars(manager_client):
    nrm_referrals(6, D(2026, 9, 30))
    html = manager_client.get("/insights/", {"period": "2026-Q3"}).content.decode()
    assert "Figures: NRM referrals, by where exploited" in html or "Figures: NRM referrals, by age when exploited" in html
