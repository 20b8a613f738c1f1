"""The supply-chain overview, risk model, a supplier's risk and statements pages, in a real browser
with axe-core: as a procurement officer with JavaScript, and as a board viewer without it."""

import datetime

import pytest
from playwright.sync_api import expect

from lantern.accounts.models import User
from lantern.supply_chain.models import ModernSlaveryStatement
from lantern.supply_chain.services import risk as risk_services
from lantern.supply_chain.tests.factories_risk import pay, supplier


@pytest.fixture
def screened_spend(site):
    """Suppliers paid over a year and screened, one with a statement."""
    officer = User.objects.get(email="procurement@sandwell.example")
    cleaner = supplier("Sparkle Cleaning Ltd", company_number="04567890")
    builder = supplier("Midlands Build PLC")
    carer = supplier("Care Plus Homes")
    paper = supplier("Paper Co")
    for month in range(1, 13):
        on = datetime.date(2024, month, 10)
        pay(cleaner, 95_000, expense_type="Cleaning contract", on=on)
        pay(builder, 40_000, expense_type="Major Building Works", on=on)
        pay(carer, 20_000, expense_type="Residential Care", on=on)
        pay(paper, 900, expense_type="Stationery", on=on)
    pay(cleaner, 50_000, expense_type="Agency Staff", on=datetime.date(2024, 6, 1))
    risk_services.suppliers_screen(acting_user=officer)
    ModernSlaveryStatement.objects.create(
        key="browser-1", statement_year=2024, organisation_name="Sparkle Cleaning Ltd",
        normalised_name="SPARKLE CLEANING", company_number="04567890", supplier=cleaner,
        matched_by="company_number", covers_structure=True, covers_policies=True, imported_by=officer)
    return {"cleaner": cleaner}


def test_a_procurement_officer_reads_the_overview_and_a_supplier_s_risk(journey, sign_in, screened_spend):
    page = journey.page
    sign_in(journey, "procurement@sandwell.example")
    page.locator(".govuk-service-navigation__link", has_text="Supply chains").click()
    page.wait_for_url(journey.url("/supply-chain/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Supply chains"
    # Each chart is an image named by its title, with its figures in a table.
    for name in ("Spend by risk band", "Spend by category and risk band", "Risk against spend",
                 "Monthly spend by risk band", "Suppliers with a modern slavery statement"):
        assert page.get_by_role("img", name=name, exact=True).count() == 1, name
    expect(page.locator("#top-risk").get_by_text("Sparkle Cleaning Ltd")).to_be_visible()
    journey.check("overview")

    page.get_by_label("Period").select_option(label="April 2024 to March 2025")
    page.get_by_role("button", name="Show this period").click()
    page.wait_for_url("**/supply-chain/?period=fy2024")
    journey.check("overview for a financial year")

    page.locator("#top-risk").get_by_role("link", name="Sparkle Cleaning Ltd").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sparkle Cleaning Ltd"
    expect(page.get_by_text("agency labour").first).to_be_visible()
    journey.check("supplier risk")

    journey.goto("/supply-chain/risk/model/")
    journey.check("risk model")
    journey.goto("/supply-chain/risk/model/points/")
    journey.check("change the points and bands")
    journey.goto("/supply-chain/risk/model/change/")
    journey.check("change the risk model")
    journey.goto("/supply-chain/statements/")
    journey.check("statements")


def test_a_board_viewer_without_javascript_sees_the_totals_only(journey_without_js, sign_in, screened_spend):
    journey = journey_without_js
    page = journey.page
    sign_in(journey, "board.viewer@sandwell.example")
    journey.goto("/supply-chain/")
    expect(page.get_by_role("img", name="Spend by risk band", exact=True)).to_be_visible()
    expect(page.get_by_text("You see the totals only")).to_be_visible()
    assert page.get_by_text("Sparkle Cleaning").count() == 0
    journey.check("overview, totals only, without javascript")
    assert not page.evaluate("document.body.classList.contains('js-enabled')")
