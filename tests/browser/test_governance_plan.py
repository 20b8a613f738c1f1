"""The action plan and the maturity self-assessment in a real browser: the programme manager reads the
plan by priority, by agency and overdue, adds a progress update (first without a RAG, to see the error),
compares the demo's assessments on a chart with its table, and turns a gap into a plan action. Every
page reached is checked with axe-core (``Journey.check``)."""

from playwright.sync_api import expect

MANAGER = "programme.manager@sandwell.example"


def test_the_plan_an_update_and_a_maturity_gap_made_an_action(journey, sign_in):
    page = journey.page
    sign_in(journey, MANAGER)
    journey.goto("/governance/plan/")
    assert "Striving for a Slavery Free Sandwell 2022-2027" in page.get_by_role("heading", level=1).inner_text()
    journey.check("action plan by priority")
    page.get_by_role("link", name="By lead agency").click()
    page.wait_for_url(lambda url: "view=agency" in url)
    journey.check("action plan by lead agency")
    page.get_by_role("link", name="Overdue").click()
    page.wait_for_url(lambda url: "view=overdue" in url)
    journey.check("overdue actions")
    page.get_by_role("link", name="Changed since a date").click()
    page.wait_for_url(lambda url: "view=changed" in url)
    journey.check("changed since")

    journey.goto("/governance/plan/?view=overdue")
    page.locator("main table a.govuk-link").first.click()
    page.wait_for_url(lambda url: "/plan/actions/" in url)
    journey.check("an action and its history")
    page.get_by_role("link", name="Add a progress update").click()
    page.get_by_role("button", name="Add update").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    journey.check("an update without a narrative")
    page.get_by_label("Amber").check()
    page.get_by_label("What has happened since the last update").fill("Partners chased; due at the next SASP.")
    page.get_by_role("button", name="Add update").click()
    page.wait_for_url(lambda url: url.endswith("/") and "/updates/" not in url)
    assert "Partners chased; due at the next SASP." in page.inner_text("main")
    journey.check("the update in the history")

    journey.goto("/governance/maturity/")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    journey.check("maturity over time")
    page.get_by_role("link", name="Self-assessment this year").click()
    page.wait_for_url(lambda url: "/assessments/" in url)
    journey.check("an assessment")
    gap = page.locator("tr", has_text="Audits and corrective action")
    gap.get_by_role("link", name="Make this gap an action").click()
    page.wait_for_url(lambda url: "score=" in url)
    journey.check("an action from a gap")
    page.get_by_label("Lead agency").select_option(label="Sandwell Council – Procurement")
    page.get_by_role("button", name="Save action").click()
    page.wait_for_url(lambda url: "/plan/actions/" in url and "new" not in url)
    assert "Audits and corrective action" in page.inner_text("main")
    journey.check("the action made from the gap")
