"""Insight in a real browser: the programme manager's dashboard, an open-data release built,
reviewed and approved, the public statistics page it then appears on (no sign-in), the board report
(commentary, generation, download) and the modern slavery statement editor (an area, the approval).
Every page reached is checked with axe-core (``Journey.check``)."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from lantern.core.periods import financial_year

MANAGER = "programme.manager@sandwell.example"


def this_financial_year() -> str:
    today = timezone.localdate()
    return financial_year(today.year if today.month >= 4 else today.year - 1).code


def test_the_dashboard_a_release_and_the_public_statistics_page(journey, new_journey, sign_in):
    page = journey.page
    public = new_journey("public")
    public.goto("/statistics/")
    assert "No statistics have been published yet." in public.page.inner_text("main")
    public.check("public statistics before any release")

    sign_in(journey, MANAGER)
    page.locator(".govuk-service-navigation__link", has_text="Insights").click()
    page.wait_for_url(journey.url("/insights/"))
    expect(page.get_by_role("table", name="Summary")).to_be_visible()
    journey.check("dashboard")

    period = this_financial_year()
    page.get_by_label("Period", exact=True).fill(period)
    page.get_by_label("Objective", exact=True).select_option(label="3. Adult victims")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: "period=" in url)
    assert "Financial year" in page.get_by_role("heading", level=1).inner_text()
    assert "Confidential reports received" not in page.inner_text("main")
    page.get_by_text("Breakdown of nrm referrals").click()
    expect(page.get_by_role("table", name="By gender").first).to_be_visible()
    journey.check("dashboard for the financial year, adult victims")

    page.get_by_label("Period", exact=True).fill("2026-Q9")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: "2026-Q9" in url)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    journey.check("dashboard with a period it cannot read")

    page.get_by_role("link", name="Open data releases").click()
    page.wait_for_url(journey.url("/insights/open-data/"))
    journey.check("open data releases")
    page.get_by_label("Build a release").fill(period)
    page.get_by_role("button", name="Build the release").click()
    page.wait_for_url(lambda url: "/jobs/" in url)
    page.get_by_text("ready for review").wait_for()
    journey.check("release built")

    journey.goto("/insights/open-data/")
    page.get_by_role("link", name=period).click()
    page.get_by_role("button", name="Approve and publish").wait_for()
    journey.check("release for review")
    page.get_by_role("button", name="Approve and publish").click()
    page.get_by_text("is approved and now on the public statistics page").wait_for()
    journey.check("release approved")

    public.goto("/statistics/")
    main = public.page.inner_text("main")
    assert "Financial year" in main
    assert "NRM referrals" in main
    expect(public.page.get_by_role("link", name="Download the tables (CSV)")).to_be_visible()
    public.check("public statistics")


def test_the_board_report_and_the_statement_editor(journey, sign_in):
    page = journey.page
    sign_in(journey, MANAGER)
    journey.goto("/insights/")
    page.get_by_role("link", name="Board reports", exact=True).first.click()
    page.wait_for_url(journey.url("/insights/board-reports/"))
    journey.check("board reports")

    page.get_by_role("link", name=re.compile(r"^Open the report for")).click()
    page.get_by_role("heading", name="National Referral Mechanism statistics").wait_for()
    # Every Home Office breakdown is registered by the cases KPIs: none is left "not yet available".
    expect(page.get_by_text("Referrals by competent authority (SCA or IECA)").first).to_be_visible()
    assert page.get_by_text("Not yet available.").count() == 0
    journey.check("board report")

    page.get_by_role("link", name="Write the commentary").click()
    page.get_by_label("Executive summary").fill("A steady quarter: referrals as expected.")
    journey.check("board report commentary")
    page.get_by_role("button", name="Save the commentary").click()
    page.get_by_text("The commentary is saved as a draft").wait_for()
    assert "A steady quarter: referrals as expected." in page.inner_text("main")
    journey.check("board report with commentary")

    page.get_by_role("button", name="Generate the PDF").click()
    page.wait_for_url(lambda url: "/jobs/" in url)
    page.get_by_text("ready to download").wait_for()
    journey.check("board report generated")
    journey.goto("/insights/board-reports/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^PDF")).first.click()
    assert download.value.suggested_filename.startswith("lantern-board-report-")

    journey.goto("/insights/statements/")
    journey.check("modern slavery statements")
    page.get_by_label("Write the statement for a financial year").fill(this_financial_year())
    page.get_by_role("button", name="Open the statement").click()
    page.get_by_role("heading", name="The six areas").wait_for()
    journey.check("statement draft")

    page.get_by_role("main").get_by_role("link", name="Training", exact=True).click()
    page.get_by_text("Describe the training given").wait_for()
    journey.check("statement area editor")
    page.get_by_label(re.compile("Text of the section on training")).fill("Every first responder is trained yearly.")
    page.get_by_role("button", name="Save this section").click()
    page.get_by_text("Training saved.").wait_for()

    page.get_by_role("link", name="Record the approval").click()
    journey.check("statement approval")
    page.get_by_label("Name of the person who approved the statement").fill("Shokat Lal")
    page.get_by_label("Their role").fill("Chief Executive")
    today = timezone.localdate()
    for part, number in enumerate((today.day, today.month, today.year)):
        page.locator(f"input[name='approved_on_{part}']").fill(str(number))
    page.get_by_role("button", name="Record the approval").click()
    page.get_by_text("This version is locked.").wait_for()
    assert "Shokat Lal" in page.inner_text("main")
    journey.check("statement approved")
