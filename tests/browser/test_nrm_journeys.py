"""The Home Office referral form from Lantern, in the browser: the referral questions step and the packs.

A case worker answers what an adult's case does not hold yet, lists two exploitative situations (a farm
in Romania, a car wash in Oldbury) and the exploiter, and prints the pack; a child's pack asks about the
local authority and never about consent; a Duty to Notify for someone who did not agree to share their
details leaves out the pages that would identify them. Every page is checked with axe-core.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from lantern.accounts.models import User
from lantern.cases import services
from lantern.cases.models import Case, NrmListEntry, Route
from lantern.cases.tests.factories import CaseFactory, PersonFactory

ADULT_WORKER_EMAIL = "case.worker@sandwell.example"


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def test_a_worker_answers_the_referral_questions_for_two_situations_and_prints_the_pack(journey, sign_in):
    lead = User.objects.get(email=ADULT_WORKER_EMAIL)
    case = CaseFactory(lead_worker=lead, lead_agency=lead.agency,
                       person=PersonFactory(given_name="Ana", family_name="Lupu", interpreter_needed=None))
    services.consent_record(case=case, acting_user=lead, given=True, explained_on=_yesterday(), language="Romanian",
                            interpreter_used=True)
    page = journey.page
    sign_in(journey, ADULT_WORKER_EMAIL)
    journey.goto(f"/cases/{case.reference}/")
    journey.check("case page with the form's completeness")
    expect(page.get_by_role("heading", name="The Home Office referral form")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Answer the referral questions")).click()
    page.wait_for_url(journey.url(f"/cases/{case.reference}/referral-questions/"))
    journey.check("referral questions")

    questions = journey.url(f"/cases/{case.reference}/referral-questions/")
    sections = page.locator("#referral-question-sections")
    sections.get_by_role("link", name="What happened").click()
    journey.check("referral questions: what happened")
    page.get_by_label("Place of birth").fill("Constanta, Romania")
    situations = page.get_by_role("group", name=re.compile("more than one exploitative situation", re.I))
    situations.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save answers").click()
    page.wait_for_url(questions)
    assert "Answers saved: What happened." in page.locator(".govuk-notification-banner--success").inner_text()
    journey.check("referral questions saved")
    sections.get_by_role("link", name="Exploitation and risk").click()
    page.get_by_role("group", name=re.compile("How were they exploited", re.I)).get_by_label(
        "Forced to work for nothing or almost nothing").check()
    page.get_by_role("button", name="Save answers").click()
    page.wait_for_url(questions)
    sections.get_by_role("link", name="Police and consent").click()
    journey.check("referral questions: police and consent")
    page.get_by_label("Select police force").select_option("West Midlands Police")
    page.get_by_role("button", name="Save answers").click()
    page.wait_for_url(questions)

    page.get_by_role("link", name="Add a country where they were exploited").click()
    journey.check("add an overseas place")
    page.get_by_label("Country", exact=True).select_option(label="Romania")
    page.get_by_role("textbox", name=re.compile("Where in the country")).fill("A vegetable farm near Constanta")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(journey.url(f"/cases/{case.reference}/referral-questions/"))
    page.get_by_role("link", name="Add a place in the UK where they were exploited").click()
    page.get_by_label("Town or city").fill("Oldbury")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(journey.url(f"/cases/{case.reference}/referral-questions/"))
    page.get_by_role("link", name="Add an exploiter").click()
    journey.check("add an exploiter")
    page.get_by_role("textbox", name=re.compile("Who exploited them")).fill("Sorin, who runs the car wash")
    page.get_by_role("group", name="Do you know where they are now?").get_by_label("Yes").check()
    page.get_by_role("group", name="If known: are they in the UK?").get_by_label("Yes").check()
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(journey.url(f"/cases/{case.reference}/referral-questions/"))
    journey.check("referral questions with the lists")
    assert NrmListEntry.objects.filter(case=case).count() == 3

    journey.goto(f"/cases/{case.reference}/referral-pack/nrm/")
    journey.check("the NRM referral pack")
    text = page.locator("main").inner_text()
    for answer in ("Constanta, Romania", "Romania", "Oldbury", "UK and overseas", "West Midlands Police",
                   "Sorin, who runs the car wash"):
        assert answer in text, answer
    assert "Not answered" in text  # the interpreter question was never asked: not "No"
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name=re.compile("^Answer in referral questions")).first).not_to_be_visible()
    page.emulate_media(media="screen")


def test_a_childs_pack_asks_about_the_local_authority_and_not_consent(journey, sign_in):
    case = Case.objects.filter(route=Route.CHILD, referrals__kind="nrm").select_related("lead_worker").first()
    assert case is not None
    page = journey.page
    sign_in(journey, case.lead_worker.email)
    journey.goto(f"/cases/{case.reference}/referral-pack/nrm/")
    journey.check("a child's NRM pack")
    headings = page.locator("h3").all_inner_texts()
    assert "Which local authority have you contacted about the child?" in headings
    assert not any("consent" in h.lower() for h in headings)
    assert "Sandwell MASH" in page.locator("main").inner_text()  # the children's social care referral


def test_a_duty_to_notify_leaves_out_identifying_pages_when_the_person_did_not_agree(journey, sign_in):
    lead = User.objects.get(email=ADULT_WORKER_EMAIL)
    case = CaseFactory(lead_worker=lead, lead_agency=lead.agency,
                       person=PersonFactory(given_name="Mirela", family_name="Dumitru", phone="07700 900111"))
    services.consent_record(case=case, acting_user=lead, given=False, explained_on=_yesterday(), language="Romanian",
                            interpreter_used=True, refusal_reason="Afraid of what the exploiters will do",
                            share_details_for_dtn=False)
    page = journey.page
    sign_in(journey, ADULT_WORKER_EMAIL)
    journey.goto(f"/cases/{case.reference}/referral-pack/dtn/")
    journey.check("an anonymous Duty to Notify pack")
    text = page.locator("main").inner_text()
    assert "Afraid of what the exploiters will do" in text
    assert "Mirela" not in text and "Dumitru" not in text and "07700 900111" not in text
    headings = page.locator("h3").all_inner_texts()
    assert "What is the name of the Potential Victim?" not in headings
    assert "What is their gender?" in headings  # the anonymous facts the Duty to Notify does carry
