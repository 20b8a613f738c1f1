"""Whole tasks as a user does them: an administrator adds a colleague, a DPO checks the trail."""

import re

from playwright.sync_api import expect

from lantern.accounts.models import User


def test_administrator_creates_an_account(journey, sign_in, mailoutbox):
    page = journey.page
    sign_in(journey, "admin@sandwell.example")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Users").click()
    page.wait_for_url(journey.url("/users/"))
    page.get_by_role("link", name="Create an account").click()
    page.wait_for_url(journey.url("/users/new/"))
    journey.check("create account form")

    page.get_by_role("button", name="Save account").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    for message in (
        "Enter the person's full name",
        "Enter an email address",
        "Choose the person's agency",
        "Choose at least one role",
    ):
        assert message in summary.inner_text()
    assert page.title().startswith("Error: ")
    journey.check("create account errors")

    page.get_by_label("Full name").fill("Olu Adeyemi")
    page.get_by_label("Email address").fill("olu.adeyemi@sandwell.example")
    page.get_by_label("Job title (optional)").fill("Tenancy sustainment officer")
    page.get_by_label("Agency").select_option(label="Sandwell Council – Housing")
    page.get_by_role("checkbox", name=re.compile(r"^First responder")).check()
    page.get_by_role("button", name="Save account").click()

    page.wait_for_url(re.compile(r"/users/\d+/$"))
    banner = page.locator(".govuk-notification-banner--success")
    assert "Account created for Olu Adeyemi" in banner.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Olu Adeyemi"
    details = page.locator(".govuk-summary-list").inner_text()
    assert "olu.adeyemi@sandwell.example" in details
    assert "Sandwell Council – Housing" in details
    assert "First responder" in details
    assert "Not set up yet" in details
    journey.check("new account")

    created = User.objects.get(email="olu.adeyemi@sandwell.example")
    assert created.role_set == {"first_responder"}
    # They are emailed a link to choose a password; nobody else learns one.
    assert [m.to for m in mailoutbox] == [["olu.adeyemi@sandwell.example"]]
    assert not created.has_usable_password()


def test_data_protection_officer_searches_and_verifies_the_audit_trail(journey, sign_in):
    page = journey.page
    sign_in(journey, "dpo@sandwell.example")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit trail").click()
    page.wait_for_url(journey.url("/audit/"))
    journey.check("audit trail")

    page.get_by_label("User's email address").fill("dpo@sandwell.example")
    page.get_by_label("Action").fill("user.sign_in")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/audit/\?"))
    rows = page.locator(".govuk-table__body .govuk-table__row")
    actions = [rows.nth(i).locator("td").nth(3).inner_text() for i in range(rows.count())]
    # Password, then the second factor: both steps of this very sign-in are in the trail.
    assert sorted(actions) == ["user.sign_in_password", "user.sign_in_two_factor"], actions
    assert all(
        "dpo@sandwell.example" in rows.nth(i).locator("td").nth(2).inner_text() for i in range(rows.count())
    )
    assert page.locator(".govuk-table__caption").inner_text().strip() == "2 entries"
    journey.check("audit search results")

    rows.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/audit/entries/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    journey.check("audit entry")
    page.go_back()

    page.get_by_role("button", name="Check the trail has not been changed").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Check the audit trail has not been changed"
    assert page.locator("#job-state").inner_text() == "Finished"
    message = page.locator("#job-message").inner_text()
    assert re.fullmatch(r"All \d+ entries verified: the chain is intact\.", message), message
    journey.check("audit verified")


def test_no_page_requests_anything_from_another_origin(journey, sign_in):
    """Everything (styles, scripts, fonts, images) comes from Lantern itself: nothing a
    visitor does is disclosed to a CDN or an analytics service."""
    page = journey.page
    journey.goto("/sign-in/")
    journey.check("sign-in")
    sign_in(journey, "admin@sandwell.example")
    journey.check("home")
    for href in page.locator(".govuk-service-navigation__link").evaluate_all(
        "links => links.map(a => a.href)"
    ):
        page.goto(href)
        journey.check(href.removeprefix(journey.base_url))
    for path in ("/account/", "/users/new/", "/accessibility/", "/privacy/"):
        journey.goto(path)
        journey.check(path)
    # The API documentation is Swagger UI (drf-spectacular), not a Lantern page, so only
    # its origins are checked here: it must come from Lantern's own static files too.
    journey.goto("/api/docs/")
    page.locator(".swagger-ui .info").wait_for()
    page.wait_for_load_state("networkidle")
    journey.screenshot("api docs")
    journey.console_errors.clear()  # drf-spectacular's inline <style> is refused by the CSP (cosmetic)
    journey.goto("/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(journey.url("/sign-in/"))
    journey.check("signed out")

    assert any(url.endswith("/static/build/lantern.css") for url in journey.requests)
    assert any(url.endswith(".mjs") for url in journey.requests)
    others = [url for url in journey.requests if not url.startswith(journey.base_url + "/")]
    assert others == [], f"requests to other origins: {others}"
