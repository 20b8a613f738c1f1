"""Training in a real browser with axe-core: a trainer records a session and its attendance; a
programme manager reads compliance for housing."""

import re

from playwright.sync_api import expect


def test_a_trainer_records_a_session_and_its_attendance(journey, sign_in):
    page = journey.page
    sign_in(journey, "training@sandwell.example")
    page.locator(".govuk-service-navigation__link", has_text="Training").click()
    page.wait_for_url(journey.url("/training/"))
    journey.check("training overview")

    page.get_by_role("link", name="Add a session").click()
    journey.check("add a session")
    page.get_by_label("Course").select_option(label="First responder training")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Trainer").fill("Megan Doyle")
    page.get_by_label("Venue (optional)").fill("Sandwell Council House, Oldbury")
    page.get_by_label("Places (optional)").fill("12")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(re.compile(r".*/training/sessions/\d+/$"))
    assert "First responder training, 14 May 2026" in page.get_by_role("heading", level=1).inner_text()
    journey.check("the new session")

    for name, email, organisation in [("Amira Khan", "first.responder@sandwell.example", None),
                                      ("Tariq Mahmood", "", "Ladywood Community Larder")]:
        page.get_by_role("link", name="Add a person").click()
        journey.check(f"add {name}")
        page.get_by_label("Name", exact=True).fill(name)
        if email:
            page.get_by_label("Email address (optional)").fill(email)
        if organisation:
            page.get_by_label("Other organisation (optional)").fill(organisation)
        page.get_by_role("button", name="Add to the session").click()
        page.wait_for_url(re.compile(r".*/training/sessions/\d+/$"))
    expect(page.get_by_role("link", name="Amira Khan")).to_be_visible()
    page.get_by_label("Tariq Mahmood attended").uncheck()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_url(re.compile(r".*/training/sessions/\d+/$"))
    expect(page.get_by_text("Attendance saved (1 changed).")).to_be_visible()
    assert not page.get_by_label("Tariq Mahmood attended").is_checked()
    assert page.get_by_label("Amira Khan attended").is_checked()
    journey.check("attendance marked")


def test_a_programme_manager_reads_compliance_for_housing(journey, sign_in):
    page = journey.page
    sign_in(journey, "programme.manager@sandwell.example")
    page.locator(".govuk-service-navigation__link", has_text="Training").click()
    page.get_by_role("link", name="Compliance").first.click()
    page.wait_for_url(journey.url("/training/compliance/"))
    journey.check("compliance for every agency")
    page.get_by_label("Agency").select_option(label="Sandwell Council – Housing")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r".*/training/compliance/\?agency=\d+.*"))
    assert page.get_by_role("heading", level=1).inner_text() == "Training compliance: Sandwell Council – Housing"
    summary = page.get_by_role("table").first
    assert summary.get_by_role("cell", name="Housing officer", exact=True).count() == 1
    journey.check("compliance for housing")
    page.locator("table").nth(1).get_by_role("link").first.click()
    expect(page.get_by_text("Training record").first).to_be_visible()
    journey.check("a housing officer's record")
