"""The supply-chain pages as each role sees them: the overview (supplier-level or totals only),
the risk model and its changes, a supplier's risk, and who is refused."""

import copy
import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest

from lantern.accounts.capabilities import Role
from lantern.core.models import BackgroundJob
from lantern.supply_chain.models import ModernSlaveryStatement, RiskModel, SupplierScreening
from lantern.supply_chain.services import risk as risk_services
from lantern.supply_chain.tests.factories_risk import pay, supplier
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

SUPPLY_CHAIN = {Role.PROCUREMENT_OFFICER, Role.PROGRAMME_MANAGER}
AGGREGATES = SUPPLY_CHAIN | {Role.BOARD_VIEWER, Role.SHOP_COORDINATOR}


@pytest.fixture
def screened(db):
    """A cleaner (very high risk, with a statement), a builder and a stationer, paid in 2024 and screened."""
    officer = make_user(Role.PROCUREMENT_OFFICER)
    cleaner = supplier("Sparkle Cleaning Ltd", company_number="04567890")
    pay(cleaner, 1_150_000, expense_type="Cleaning contract", on=datetime.date(2024, 5, 3))
    pay(cleaner, 50_000, expense_type="Agency Staff", on=datetime.date(2024, 6, 3))
    builder = supplier("Midlands Build PLC")
    pay(builder, 60_000, expense_type="Major Building Works", on=datetime.date(2024, 4, 20))
    paper = supplier("Paper Co")
    pay(paper, 2_000, expense_type="Stationery", on=datetime.date(2024, 6, 30))
    risk_services.suppliers_screen(acting_user=officer)
    ModernSlaveryStatement.objects.create(
        key="k1", statement_year=2023, organisation_name="Sparkle Cleaning Ltd", normalised_name="SPARKLE CLEANING",
        company_number="04567890", supplier=cleaner, matched_by="company_number", covers_structure=True,
        covers_policies=True, covers_training=True, imported_by=officer)
    return {"officer": officer, "cleaner": cleaner, "builder": builder, "paper": paper}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_who_may_open_each_page(screened):
    cleaner = screened["cleaner"]
    assert_access("/supply-chain/", allowed=AGGREGATES, refused=FORBIDDEN)
    assert_access("/supply-chain/risk/model/", allowed=SUPPLY_CHAIN, refused=FORBIDDEN)
    assert_access("/supply-chain/risk/model/versions/1/", allowed=SUPPLY_CHAIN, refused=FORBIDDEN)
    assert_access("/supply-chain/risk/model/change/", allowed={Role.PROCUREMENT_OFFICER}, refused=FORBIDDEN)
    assert_access("/supply-chain/risk/model/points/", allowed={Role.PROCUREMENT_OFFICER}, refused=FORBIDDEN)
    assert_access(f"/supply-chain/risk/suppliers/{cleaner.pk}/", allowed=SUPPLY_CHAIN, refused=NOT_FOUND)
    assert_access("/supply-chain/statements/", allowed=SUPPLY_CHAIN, refused=FORBIDDEN)
    assert_access("/supply-chain/risk/rescore/", method="post", allowed={Role.PROCUREMENT_OFFICER}, refused=FORBIDDEN)


def test_changing_what_is_known_is_for_the_procurement_officer_and_hidden_from_those_without_the_app(screened):
    url = f"/supply-chain/risk/suppliers/{screened['cleaner'].pk}/known/"
    assert verified_client(make_user(Role.PROCUREMENT_OFFICER)).get(url).status_code == 200
    assert verified_client(make_user(Role.PROGRAMME_MANAGER)).get(url).status_code == FORBIDDEN
    assert verified_client(make_user(Role.BOARD_VIEWER)).get(url).status_code == NOT_FOUND
    assert verified_client(make_user(Role.CASE_WORKER)).get(url).status_code == NOT_FOUND


def test_the_procurement_officer_sees_the_top_risk_suppliers_with_their_reasons(screened):
    html = page(verified_client(screened["officer"]), "/supply-chain/")
    top = html[html.index('id="top-risk"'):]
    top = top[:top.index("</table>")]
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', top, re.S)
    assert "Sparkle Cleaning Ltd" in rows[1] and "Very high" in rows[1]
    assert "cleaning services: PPN high-risk industry, GLAA sector of concern; £1.2m over 12 months; agency labour" \
        in rows[1]
    assert "2023" in rows[1]  # its statement
    assert "Midlands Build PLC" in rows[2]
    assert 'id="chart-risk-against-spend"' in html


def test_the_overview_draws_each_chart_as_accessible_svg_with_its_figures(screened):
    html = page(verified_client(make_user(Role.PROGRAMME_MANAGER)), "/supply-chain/")
    for chart_id in ("chart-spend-by-band", "chart-suppliers-by-band", "chart-spend-by-category",
                     "chart-risk-against-spend", "chart-spend-trend", "chart-statement-coverage"):
        start = html.index(f'<figure class="lantern-chart govuk-!-margin-0 govuk-!-margin-bottom-6" id="{chart_id}"')
        figure = html[start:html.index("</figure>", start) + len("</figure>")]
        root = ET.fromstring(figure)  # noqa: S314 (our own page): well-formed
        svg = root.find("{http://www.w3.org/2000/svg}svg")
        assert svg is not None and svg.get("role") == "img", chart_id
        assert root.find(".//table") is not None, chart_id
    assert "£1,200,000" in html  # the very high band's spend, in the table
    assert "Construction" in html and "Cleaning services" in html  # categories
    assert "£1,262,000" in html  # the total
    assert "1 of the 3 suppliers paid in this period have a statement" in html


def test_board_viewers_see_totals_by_band_and_category_but_no_supplier(screened):
    html = page(verified_client(make_user(Role.BOARD_VIEWER)), "/supply-chain/")
    assert "You see the totals only" in html
    assert 'id="chart-spend-by-band"' in html and 'id="chart-spend-by-category"' in html
    assert 'id="chart-statement-coverage"' in html
    for name in ("Sparkle Cleaning", "Midlands Build", "Paper Co"):
        assert name not in html
    assert 'id="top-risk"' not in html and "chart-risk-against-spend" not in html
    assert "/supply-chain/risk/" not in html


def test_the_period_filter_changes_the_figures(screened):
    client = verified_client(screened["officer"])
    pay(screened["paper"], 999, expense_type="Stationery", on=datetime.date(2023, 1, 5))
    html = page(client, "/supply-chain/?period=fy2022")
    assert "April 2022 to March 2023" in html and "£999" in html
    assert "Sparkle Cleaning" not in html  # not paid in that year
    assert 'value="fy2023" selected' not in html
    assert "£1,262,000" in page(client, "/supply-chain/?period=nonsense")  # falls back to the latest 12 months


def test_the_service_menu_shows_supply_chains_to_those_who_may_use_it(screened):
    assert "Supply chains" in page(verified_client(make_user(Role.PROCUREMENT_OFFICER)), "/")
    assert ">Supply chains<" not in page(verified_client(make_user(Role.CASE_WORKER)), "/").replace("\n", "")


def test_a_supplier_s_risk_page_shows_band_score_reasons_model_version_and_statement(screened):
    html = page(verified_client(screened["officer"]), f"/supply-chain/risk/suppliers/{screened['cleaner'].pk}/")
    assert "Very high" in html and "score 80 out of 100" in html
    assert "agency labour" in html and "(15 points)" in html
    assert "risk model version 1" in html
    section = html[html.index("Modern slavery statements"):]
    assert "2023" in section and section.count("Not covered") == 3


def test_changing_the_model_through_the_page_makes_a_version_and_starts_the_rescore(screened,
                                                                                   django_capture_on_commit_callbacks):
    client = verified_client(screened["officer"])
    form = page(client, "/supply-chain/risk/model/change/")
    assert "ppn_industry" in form
    definition = copy.deepcopy(RiskModel.objects.get(version=1).definition)
    definition["weights"]["glaa_sector"] = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/supply-chain/risk/model/change/", {
            "definition": json.dumps(definition), "change_note": "GLAA points counted twice", "rescore": "on"})
    job = BackgroundJob.objects.get(kind="supply_chain.rescore")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    latest = SupplierScreening.objects.get(supplier=screened["cleaner"], is_latest=True)
    assert latest.model.version == 2 and latest.score == 70
    model_page = page(client, "/supply-chain/risk/model/")
    assert "Version 2" in model_page and "GLAA points counted twice" in model_page


def test_a_broken_model_is_shown_back_with_the_reason_and_nothing_saved(screened):
    client = verified_client(screened["officer"])
    response = client.post("/supply-chain/risk/model/change/", {"definition": "{not json", "change_note": "Oops"})
    assert response.status_code == 200
    assert "The model is not valid JSON" in response.content.decode()
    assert "{not json" in response.content.decode()  # what was typed is kept
    assert RiskModel.objects.count() == 1


def test_what_is_known_of_a_supplier_changes_its_rating(screened):
    client = verified_client(screened["officer"])
    paper = screened["paper"]
    response = client.post(f"/supply-chain/risk/suppliers/{paper.pk}/known/", {
        "country": "CN", "goods": "electronics", "agency_labour": "on"}, follow=True)
    html = response.content.decode()
    assert "Paper Co is now" in html
    assert "agency labour" in html and "China" in html


def test_the_points_and_bands_are_changed_as_numbers(screened):
    client = verified_client(screened["officer"])
    form = page(client, "/supply-chain/risk/model/points/")
    assert 'name="ppn_industry"' in form and 'value="35"' in form
    response = client.post("/supply-chain/risk/model/points/", {
        "ppn_industry": 35, "glaa_sector": 10, "agency": 15, "temporary": 10, "low_paid": 10, "forced_labour": 25,
        "child_labour": 15, "derived": 10, "medium": 20, "high": 40, "very_high": 90, "min_category_share": 10,
        "change_note": "Fewer very high ratings"})
    assert response.status_code == 302 and response["Location"] == "/supply-chain/risk/model/"
    v2 = RiskModel.objects.get(version=2)
    assert {b["band"]: b["from"] for b in v2.definition["bands"]} == {"very_high": 90, "high": 40, "medium": 20,
                                                                     "low": 0}
    assert v2.definition["categories"] == RiskModel.objects.get(version=1).definition["categories"]


def test_bands_out_of_order_are_refused_with_the_reason(screened):
    client = verified_client(screened["officer"])
    response = client.post("/supply-chain/risk/model/points/", {
        "ppn_industry": 35, "glaa_sector": 10, "agency": 15, "temporary": 10, "low_paid": 10, "forced_labour": 25,
        "child_labour": 15, "derived": 10, "medium": 50, "high": 40, "very_high": 90, "min_category_share": 10,
        "change_note": "Oops"})
    assert response.status_code == 200
    assert "Band thresholds must rise from low to very high." in response.content.decode()
    assert RiskModel.objects.count() == 1


def test_a_supplier_not_yet_screened_says_so(screened):
    newcomer = supplier("New Supplier Ltd")
    html = page(verified_client(screened["officer"]), f"/supply-chain/risk/suppliers/{newcomer.pk}/")
    assert "This supplier has not been screened yet." in html
    assert "No statement found on the Modern Slavery Statement Registry." in html


def test_the_overview_shows_the_share_of_high_risk_spend_with_due_diligence_and_its_table(screened):
    from django.utils import timezone

    from lantern.supply_chain.selectors.aggregates import high_risk_spend_due_diligence
    from lantern.supply_chain.tests.factories_diligence import SupplierAuditFactory

    client = verified_client(screened["officer"])
    html = page(client, "/supply-chain/")
    assert 'id="chart-high-risk-due-diligence"' in html and "0.0%" in html  # no due diligence yet
    # The overview judges due diligence today (what is covered now): an audit last month counts.
    today = timezone.localdate()
    SupplierAuditFactory(supplier=screened["cleaner"], carried_out_on=today - datetime.timedelta(days=30))
    figure = high_risk_spend_due_diligence(start=datetime.date(2023, 7, 1), end=datetime.date(2024, 6, 30), as_of=today)
    assert figure.spend_with_due_diligence == 1_200_000 and figure.suppliers_with_due_diligence == 1
    html = page(client, "/supply-chain/")
    assert f"{figure.share}%" in html and "£1,200,000 of £" in html
    table = html[html.index('id="chart-high-risk-due-diligence"'):]
    assert "With due diligence" in table and "£1,200,000" in table  # the chart's data table
    board = page(verified_client(make_user(Role.BOARD_VIEWER)), "/supply-chain/")
    assert f"{figure.share}%" in board and "Sparkle Cleaning" not in board  # a total: board viewers see it
    assert verified_client(make_user(Role.CASE_WORKER)).get("/supply-chain/").status_code == FORBIDDEN
