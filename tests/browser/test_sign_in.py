"""Signing in, setting up two-factor authentication, and using Lantern without JavaScript."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from lantern.accounts.capabilities import Role
from lantern.accounts.demo import DEMO_PASSWORD
from tests.support import TEST_PASSWORD, make_user


def test_sign_in_page_and_its_errors_are_accessible(journey):
    page = journey.page
    journey.goto("/sign-in/")
    journey.check("sign-in")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in to Lantern"
    # Anonymous visitors see no service menu.
    assert page.locator(".govuk-service-navigation__link").count() == 0

    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert page.title().startswith("Error: ")
    assert "Enter your email address" in summary.inner_text()
    assert "Enter your password" in summary.inner_text()
    # Each message in the summary links to its field.
    summary.get_by_role("link", name="Enter your email address").click()
    assert page.evaluate("document.activeElement.id") == page.get_by_label("Email address").get_attribute(
        "id"
    )
    journey.check("sign-in empty form")

    page.get_by_label("Email address").fill("admin@sandwell.example")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Enter a correct email address and password" in page.locator(".govuk-error-summary").inner_text()
    assert page.url == journey.url("/sign-in/")
    journey.check("sign-in wrong password")


def test_a_wrong_security_code_is_refused_accessibly(journey):
    page = journey.page
    journey.goto("/sign-in/")
    page.get_by_label("Email address").fill("case.worker@sandwell.example")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(journey.url("/two-factor/"))
    page.get_by_label("Security code").fill("12345")
    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    assert (
        "Enter the 6-digit code from your app or a 10-digit backup code"
        in page.locator(".govuk-error-summary").inner_text()
    )
    journey.check("two-factor wrong code")
    # Still not signed in: the home page sends them back to the second step.
    journey.goto("/")
    assert page.url == journey.url("/two-factor/")


def test_a_new_user_sets_up_two_factor_authentication(journey):
    user = make_user(Role.CASE_WORKER, email="new.starter@lantern.example", full_name="Nia Starter")
    page = journey.page
    journey.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(journey.url("/two-factor/set-up/"))
    expect(page.locator("img[alt^='QR code']")).to_be_visible()
    journey.check("set-up")

    page.get_by_role("button", name="Confirm and continue").click()
    page.locator(".govuk-error-summary").wait_for()
    journey.check("set-up empty code")

    # Type the key into an "authenticator app" and enter the code it shows.
    key = "".join(page.locator("#setup-key").inner_text().split())
    assert re.fullmatch(r"[A-Z2-7]+", key), key
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)), step=30, t0=0, digits=6)
    totp.time = time.time()
    page.get_by_label("Security code").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Confirm and continue").click()

    page.get_by_role("heading", name="Two-factor authentication is set up").wait_for()
    codes = page.get_by_role("list", name="Backup codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"\d{10}", code.replace(" ", "")) for code in codes), codes
    journey.check("backup codes")

    page.get_by_role("link", name="I have saved my codes – continue").click()
    page.wait_for_url(journey.url("/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Nia"
    journey.check("home after set-up")


def test_lantern_works_without_javascript(journey_without_js, sign_in):
    journey = journey_without_js
    page = journey.page
    sign_in(journey, "first.responder@sandwell.example")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Amira"
    journey.check("home without javascript")

    # Without JavaScript the service menu is a plain list of links, all visible.
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Partnership")).to_be_visible()
    menu.get_by_role("link", name="Partnership").click()
    page.wait_for_url(journey.url("/partnership/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_be_visible()
    journey.check("partnership without javascript")
    assert not page.evaluate("document.body.classList.contains('js-enabled')")


def test_the_accessibility_check_itself_catches_a_violation(journey):
    """Guards the guard: a page that passes only because axe never ran would prove nothing."""
    page = journey.page
    journey.goto("/sign-in/")
    page.evaluate("document.querySelector(\"label[for='id_username']\").remove()")
    with pytest.raises(pytest.fail.Exception, match=r"label"):
        journey.check("sign-in with a field label removed")
