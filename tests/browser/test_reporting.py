"""The confidential reporting channel in a real browser.

The public side (no account: /report/) with JavaScript, one question at a time and
the anti-abuse puzzle solved in the background; the same form without JavaScript,
every question on one page; on a phone-sized screen; and the reporting team's side
(/reports/). Every page reached is checked with axe-core (``Journey.check``).
"""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from lantern.confidential_reports import selectors
from lantern.confidential_reports.demo import DEMO_RECEIPT
from lantern.confidential_reports.models import IdentityMode, Report, ReporterIdentity, ReportStatus

TEAM = "reporting.team@sandwell.example"
# The confidential demo report (Sam Patel, a member of staff): see lantern/confidential_reports/demo.py.
CONFIDENTIAL_DEMO_RECEIPT = "7390 2188 4657 1203"
RECEIPT = re.compile(r"\d{4} \d{4} \d{4} \d{4}")
QUESTIONS = (
    "q-identity",
    "q-who",
    "q-what",
    "q-where",
    "q-when",
    "q-people",
    "q-signs",
    "q-business",
    "q-else",
    "q-send",
)


def png(name: str = "van.png") -> dict[str, object]:
    """A small, real PNG, as set_input_files takes it."""
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (200, 40, 40)).save(buffer, format="PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def shown_questions(page):
    return page.locator("[data-question]:visible")


def assert_on_question(page, question: str) -> None:
    """Exactly one question is on screen, and it is this one."""
    shown = shown_questions(page)
    assert shown.count() == 1, f"{shown.count()} questions shown at once"
    assert shown.get_attribute("aria-labelledby") == question


def press_continue(page, then: str) -> None:
    shown_questions(page).get_by_role("button", name="Continue", exact=True).click()
    assert_on_question(page, then)
    # Any error shown on the way has gone, with every reference to it.
    assert page.locator("[data-step-error], .govuk-form-group--error").count() == 0
    assert page.locator("[aria-describedby*='-step-error']").count() == 0


def continue_expecting_error(page, question: str, message: str) -> None:
    """Continue on an unanswered required question: an inline error, and the person stays put."""
    shown_questions(page).get_by_role("button", name="Continue", exact=True).click()
    error = shown_questions(page).locator(".govuk-error-message")
    assert " ".join(error.text_content().split()) == f"Error: {message}"
    assert shown_questions(page).locator(".govuk-form-group--error").count() == 1
    # Read out with the question (the fieldset of radios, or the field itself).
    error_id = error.get_attribute("id")
    assert shown_questions(page).locator(f"[aria-describedby~='{error_id}']").count() == 1
    assert_on_question(page, question)


def report_for(receipt: str) -> Report:
    report = selectors.report_find_by_receipt(receipt)
    assert report is not None, f"no report opens with {receipt}"
    return report


def assert_no_sideways_scrolling(page, label: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{label}: the page is {widths[0]}px wide on a {widths[1]}px screen"


# --- With JavaScript: one question at a time --------------------------------------------


def test_a_reporter_sends_a_confidential_report_and_follows_it_up(journey):
    page = journey.page
    journey.goto("/report/")
    assert page.get_by_role("heading", level=1).inner_text() == "Report a concern about modern slavery"
    journey.check("start page")

    page.get_by_role("link", name="How we protect your privacy").click()
    page.wait_for_url(journey.url("/report/privacy/"))
    journey.check("privacy")
    page.get_by_role("link", name="Back", exact=True).click()
    page.wait_for_url(journey.url("/report/"))

    page.get_by_role("button", name="Start your report").click()
    page.wait_for_url(journey.url("/report/new/"))
    assert_on_question(page, "q-identity")
    # The identity questions wait until someone chooses to give their name.
    expect(page.get_by_label("Your name")).not_to_be_visible()
    expect(page.get_by_role("button", name="Send report")).not_to_be_visible()
    journey.check("question 1")

    continue_expecting_error(page, "q-identity", "Select how you want to be known")
    assert page.evaluate("document.activeElement.id") == "id_identity_mode_0"
    journey.check("question 1 unanswered")

    page.get_by_role("radio", name="Anonymous").check()
    expect(page.get_by_label("Your name")).not_to_be_visible()
    page.get_by_role("radio", name="Confidential").check()
    expect(page.get_by_label("Your name")).to_be_visible()
    page.get_by_label("Your name").fill("Alex Morgan")
    page.get_by_label("Email address (optional)").fill("alex.morgan@example.org")
    page.get_by_label("Phone number (optional)").fill("07700 900123")
    page.get_by_label("When and how is it safe to contact you? (optional)").fill(
        "Weekday evenings, by email only"
    )
    journey.check("question 1 confidential")
    press_continue(page, "q-who")
    # Focus moves to the new question's heading, so a screen reader announces it.
    assert page.evaluate("document.activeElement.id") == "q-who"

    continue_expecting_error(page, "q-who", "Select which of these describes you")
    page.get_by_role("radio", name="Worker at a supplier").check()
    # Back, and forward again: the answer is still there and the error has gone.
    shown_questions(page).get_by_role("button", name="Back", exact=True).click()
    assert_on_question(page, "q-identity")
    assert page.get_by_label("Your name").input_value() == "Alex Morgan"
    press_continue(page, "q-who")
    assert page.get_by_role("radio", name="Worker at a supplier").is_checked()
    press_continue(page, "q-what")

    continue_expecting_error(page, "q-what", "Enter what you saw or heard")
    # The error comes after the hint, as in GOV.UK Frontend, and the box is marked too.
    expect(page.locator("#id_what_happened-hint + .govuk-error-message")).to_be_visible()
    assert "govuk-textarea--error" in page.get_by_label("What did you see or hear?").get_attribute("class")
    journey.check("question 3 unanswered")
    page.get_by_label("What did you see or hear?").fill(
        "Workers at the laundry arrive in a minibus at 6am and leave after 10pm. One said he owes the boss for his "
        "flight."
    )
    press_continue(page, "q-where")

    page.get_by_label("Address or description of the place (optional)").fill("Unit 4, Brook Street")
    page.get_by_label("Ward (optional)").select_option(label="Oldbury")
    page.get_by_role("radio", name="Factory, warehouse or textiles").check()
    journey.check("question 4")
    press_continue(page, "q-when")

    page.get_by_label("When did you see or hear it? (optional)").fill("Most mornings for the last month")
    shown_questions(page).get_by_role("radio", name="Yes").check()
    press_continue(page, "q-people")

    page.get_by_label("Describe the people involved (optional)").fill("About eight men, aged 20 to 40.")
    shown_questions(page).get_by_role("radio", name="Not sure").check()
    press_continue(page, "q-signs")

    page.get_by_role("checkbox", name="They were dropped off and picked up in groups, early or late").check()
    page.get_by_role("checkbox", name="Someone else kept their passport or ID").check()
    journey.check("question 7")
    press_continue(page, "q-business")

    page.get_by_label("Name of the business or organisation (optional)").fill("Brook Street Laundry")
    shown_questions(page).get_by_role("radio", name="Yes").check()
    press_continue(page, "q-else")

    page.get_by_label("Is there anything else you want to tell us? (optional)").fill("The minibus is white.")
    page.get_by_label("Photos or documents (optional)").set_input_files(png())
    journey.check("question 9")
    press_continue(page, "q-send")
    buttons = shown_questions(page).locator(".govuk-button-group").get_by_role("button")
    assert buttons.all_inner_texts() == ["Send report", "Back"]
    journey.check("send your report")

    # The puzzle was solved in the background while the questions were answered.
    page.wait_for_function("document.querySelector('[data-pow-number]').value !== ''")
    page.get_by_role("button", name="Send report").click()
    page.get_by_role("heading", name="Report sent", level=1).wait_for()
    receipt = page.locator("#receipt-code").inner_text().strip()
    assert RECEIPT.fullmatch(receipt), receipt
    journey.check("confirmation")

    report = report_for(receipt)
    assert report.proof_of_work is True
    assert report.identity_mode == IdentityMode.CONFIDENTIAL
    assert report.reporter_type == "supplier_worker"
    assert report.area.name == "Oldbury"
    assert sorted(report.signs) == ["documents", "transported"]
    assert report.business_name == "Brook Street Laundry"
    assert report.attachments.count() == 1
    assert ReporterIdentity.objects.get(report=report).name == "Alex Morgan"

    # The Copy button (shown only with JavaScript) puts the receipt on the clipboard.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy the receipt code").click()
    page.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == receipt

    # Following the report up with the receipt.
    page.get_by_role("link", name="use your receipt code").click()
    page.wait_for_url(journey.url("/report/follow-up/"))
    journey.check("follow-up")
    page.get_by_label("Your receipt code").fill(receipt)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(journey.url("/report/follow-up/messages/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your report"
    assert "Received" in page.locator(".govuk-summary-list").inner_text()
    expect(page.get_by_text("There are no messages yet.")).to_be_visible()
    # For the reporter's safety the report itself is not shown again.
    assert "laundry" not in page.locator("main").inner_text().lower()
    journey.check("messages")

    page.get_by_label("Your message").fill("I forgot: the minibus registration starts with BX.")
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url(journey.url("/report/follow-up/messages/?sent=1"))
    banner = page.locator(".govuk-notification-banner--success")
    assert "Your message has been sent to the reporting team." in banner.inner_text()
    assert "the minibus registration starts with BX" in page.locator(".lantern-message").inner_text()
    journey.check("message sent")
    assert report.messages.get().body == "I forgot: the minibus registration starts with BX."
    # Every request the reporter's browser made (pages, stylesheet, scripts, modules, images) was under
    # /report/, so the proxy's one rule, no access log for /report/, covers them all.
    assert journey.requests
    outside = [url for url in journey.requests if not url.startswith(journey.url("/report/"))]
    assert outside == [], outside


# --- Without JavaScript: every question on one page ---------------------------------------


def test_a_reporter_without_javascript_sends_a_report(journey_without_js):
    journey = journey_without_js
    page = journey.page
    journey.goto("/report/")
    journey.check("start page")
    page.get_by_role("button", name="Start your report").click()
    page.wait_for_url(journey.url("/report/new/"))
    # Every question, the identity questions and the Send button are on the one page.
    assert shown_questions(page).count() == len(QUESTIONS)
    for question in QUESTIONS:
        assert page.locator(f"#{question}").is_visible(), question
    expect(page.get_by_label("Your name")).to_be_visible()
    assert not page.get_by_role("button", name="Continue").count()
    journey.check("the whole form")

    page.get_by_role("button", name="Send report").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    for message in (
        "Select how you want to be known",
        "Select which of these describes you",
        "Enter what you saw or heard",
    ):
        assert message in summary.inner_text()
    assert page.title().startswith("Error: ")
    journey.check("nothing answered", status=400)

    # Some answers, a file, but not what they saw: the answers and the file are kept.
    page.get_by_role("radio", name="Confidential").check()
    page.get_by_role("radio", name="Member of the public").check()
    page.get_by_label("Address or description of the place (optional)").fill("Behind the High Street Tesco")
    page.get_by_role("checkbox", name="Lots of people lived at one address").check()
    page.get_by_label("Photos or documents (optional)").set_input_files(png("house.png"))
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter your name, or choose to stay anonymous" in summary
    assert "Enter what you saw or heard" in summary
    assert "Select which of these describes you" not in summary
    assert page.get_by_role("radio", name="Confidential").is_checked()
    assert page.get_by_role("radio", name="Member of the public").is_checked()
    assert page.get_by_label("Address or description of the place (optional)").input_value() == (
        "Behind the High Street Tesco"
    )
    assert page.get_by_role("checkbox", name="Lots of people lived at one address").is_checked()
    assert "house.png" in page.locator("#id_uploads-held").inner_text()
    journey.check("answers kept", status=400)

    page.get_by_role("radio", name="Anonymous").check()
    page.get_by_label("What did you see or hear?").fill("Mattresses are carried into the house every week.")
    page.get_by_role("button", name="Send report").click()
    page.get_by_role("heading", name="Report sent", level=1).wait_for()
    receipt = page.locator("#receipt-code").inner_text().strip()
    assert RECEIPT.fullmatch(receipt), receipt
    # Copying needs JavaScript: without it the button stays hidden.
    expect(page.get_by_role("button", name="Copy the receipt code")).not_to_be_visible()
    journey.check("confirmation")

    report = report_for(receipt)
    assert report.proof_of_work is False
    assert report.identity_mode == IdentityMode.ANONYMOUS
    assert report.location == "Behind the High Street Tesco"
    assert report.signs == ["crowded"]
    assert report.attachments.count() == 1
    # An anonymous reporter's identity is never kept, even though they first chose confidential.
    assert not ReporterIdentity.objects.filter(report=report).exists()


# --- On a phone ----------------------------------------------------------------------------


def test_a_reporter_on_a_phone(mobile_journey):
    journey = mobile_journey
    page = journey.page
    journey.goto("/report/")
    expect(page.get_by_role("button", name="Start your report")).to_be_visible()
    assert_no_sideways_scrolling(page, "start page")
    journey.check("start page")

    page.get_by_role("button", name="Start your report").click()
    page.wait_for_url(journey.url("/report/new/"))
    assert_on_question(page, "q-identity")
    assert_no_sideways_scrolling(page, "question 1")
    journey.check("question 1")
    continue_expecting_error(page, "q-identity", "Select how you want to be known")
    page.get_by_role("radio", name="Anonymous").tap()
    press_continue(page, "q-who")
    page.get_by_role("radio", name="Member of the public").tap()
    press_continue(page, "q-what")
    page.get_by_label("What did you see or hear?").fill(
        "A girl of about 15 works in the nail bar in school hours."
    )
    press_continue(page, "q-where")
    assert_no_sideways_scrolling(page, "question 4")
    journey.check("question 4")
    for question in QUESTIONS[4:]:
        press_continue(page, question)
    assert_no_sideways_scrolling(page, "send your report")
    journey.check("send your report")

    page.get_by_role("button", name="Send report").tap()
    page.get_by_role("heading", name="Report sent", level=1).wait_for()
    assert RECEIPT.fullmatch(page.locator("#receipt-code").inner_text().strip())
    journey.check("confirmation")
    assert_no_sideways_scrolling(page, "confirmation")


# --- The reporting team ----------------------------------------------------------------


def test_the_reporting_team_asks_for_more_and_sees_a_confidential_reporters_name(new_journey, sign_in):
    team = new_journey("reporting team")
    page = team.page
    sign_in(team, TEAM)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    page.wait_for_url(team.url("/reports/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Confidential reports"
    team.check("queue")

    demo = report_for(DEMO_RECEIPT)
    page.get_by_role("link", name=demo.reference, exact=True).click()
    page.wait_for_url(team.url(f"/reports/{demo.reference}/"))
    assert "Sparkle Hand Car Wash" in page.locator("main").inner_text()
    team.check("report")

    # The team's actions, each a form of its own.
    for link, heading in (
        ("Open a concern", "Open a concern"),
        ("Pass to police or another agency", "Pass to police or another agency"),
        ("Record as intelligence", "Record as intelligence"),
        ("Close the report", "Close the report"),
    ):
        page.get_by_role("link", name=link, exact=True).click()
        assert page.get_by_role("heading", level=1).inner_text() == heading
        team.check(link)
        page.go_back()

    page.get_by_label("Message to the reporter").fill("Thank you. Which days do you see the van?")
    page.get_by_label("This message asks the reporter for more information").check()
    with page.expect_navigation(url=team.url(f"/reports/{demo.reference}/")):
        page.get_by_role("button", name="Send to the reporter").click()
    assert (
        "Your message is waiting for the reporter." in page.locator(".govuk-notification-banner").inner_text()
    )
    assert "Asked for information" in page.locator(".lantern-message").inner_text()
    team.check("reply sent")
    demo.refresh_from_db()
    assert demo.status == ReportStatus.MORE_INFO

    # The reporter reads the question when they come back with their receipt.
    reporter = new_journey("reporter")
    reporter.goto("/report/follow-up/")
    reporter.page.get_by_label("Your receipt code").fill(DEMO_RECEIPT)
    reporter.page.get_by_role("button", name="Continue").click()
    reporter.page.wait_for_url(reporter.url("/report/follow-up/messages/"))
    assert "We have asked you a question" in reporter.page.locator(".govuk-summary-list").inner_text()
    assert "Which days do you see the van?" in reporter.page.locator(".lantern-message").inner_text()
    reporter.check("the team's question")

    # Who made a confidential report: a reason first, then the name.
    confidential = report_for(CONFIDENTIAL_DEMO_RECEIPT)
    team.goto("/reports/")
    page.get_by_role("link", name=confidential.reference, exact=True).click()
    page.wait_for_url(team.url(f"/reports/{confidential.reference}/"))
    assert "Sam Patel" not in page.locator("main").inner_text()
    page.get_by_role("link", name="See who made the report").click()
    page.wait_for_url(team.url(f"/reports/{confidential.reference}/reporter/"))
    team.check("identity reason")
    page.get_by_role("button", name="Show who made the report").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Enter the reason" in page.locator(".govuk-error-summary").inner_text()
    team.check("identity reason missing", status=400)
    page.get_by_label("Why do you need to know who made this report?").fill(
        "To call the reporter back about the landlord's address, as they asked."
    )
    page.get_by_role("button", name="Show who made the report").click()
    page.get_by_role("heading", name="Who made the report", level=1).wait_for()
    details = page.locator(".govuk-summary-list").inner_text()
    assert "Sam Patel" in details
    assert "reporter@example.org" in details
    team.check("identity")
