"""A supplier answers its due-diligence questionnaire from the emailed link (with and without
JavaScript), and the procurement officer reviews the answers, scores and acknowledgement."""

import re

from playwright.sync_api import expect

from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.supply_chain.models import Questionnaire, QuestionnaireStatus
from lantern.supply_chain.services import due_diligence as services


def wait_for(journey, path: str) -> None:
    """Wait for the page at ``path``: a link's #fragment stays in the address across the redirects that follow."""
    journey.page.wait_for_url(re.compile(re.escape(journey.url(path)) + r"(#.*)?$"))


def fresh_link() -> tuple[Questionnaire, str]:
    """A new link for the demo questionnaire sent and not yet opened (the demo's own links are emailed, not kept)."""
    officer = User.objects.get(email=demo_email("procurement"))
    questionnaire = Questionnaire.objects.get(status=QuestionnaireStatus.SENT)
    return services.questionnaire_link_renew(questionnaire=questionnaire, acting_user=officer)


def answer_every_theme(journey) -> None:
    """From the first theme, choose the second answer to every question and go on to the check page."""
    page = journey.page
    for number in range(1, 10):
        assert page.locator(".govuk-caption-l").inner_text() == f"Theme {number} of 9"
        for fieldset in page.locator("fieldset.govuk-fieldset").all():
            fieldset.locator("input[type=radio]").nth(1).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()
    assert page.url.split("#")[0] == journey.url("/supplier-questionnaire/check/"), page.url


def test_a_supplier_answers_the_questionnaire_from_its_link(journey):
    answer_from_the_link(journey)


def test_a_supplier_without_javascript_answers_the_questionnaire_from_its_link(journey_without_js):
    answer_from_the_link(journey_without_js)


def answer_from_the_link(journey) -> None:
    page = journey.page
    questionnaire, token = fresh_link()

    journey.goto("/supplier-questionnaire/s/not-the-right-token-at-all-0123456789abcdef/")
    journey.check("a wrong link", status=404)
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()

    journey.goto(f"/supplier-questionnaire/s/{token}/")
    wait_for(journey, "/supplier-questionnaire/")
    journey.check("the questionnaire's themes")
    assert token not in page.url
    page.get_by_role("link", name="Policies and governance").click()
    journey.check("the first theme")

    # An answer or two, then stop for now.
    page.get_by_label("Yes, approved by the board or owners and reviewed in the last 12 months").check()
    page.get_by_role("button", name="Save and come back later").click()
    wait_for(journey, "/supplier-questionnaire/")
    journey.check("saved for later")
    expect(page.get_by_text("Your answers have been saved")).to_be_visible()
    expect(page.get_by_text("1 of 3 answered")).to_be_visible()

    # Back later from the same link: the answer is still there.
    journey.goto(f"/supplier-questionnaire/s/{token}/")
    page.get_by_role("link", name="Check your answers and submit").click()
    journey.check("check page with questions left", status=200)
    expect(page.get_by_text("Some questions have not been answered")).to_be_visible()
    page.get_by_role("link", name="Policies and governance", exact=False).first.click()
    assert page.get_by_label("Yes, approved by the board or owners and reviewed in the last 12 months").is_checked()
    answer_every_theme(journey)
    journey.check("check your answers")

    page.get_by_label("Your full name").fill("Grace Adeyemi")
    page.get_by_label("Your job title").fill("Operations Director")
    page.get_by_role("button", name="Submit answers").click()
    journey.check("the confirmation was missing", status=400)
    expect(page.get_by_text("Confirm the statement to continue").first).to_be_visible()
    page.get_by_label("I confirm these answers are accurate").check()
    page.get_by_role("button", name="Submit answers").click()
    wait_for(journey, "/supplier-questionnaire/results/")
    journey.check("results and recommendations")
    expect(page.get_by_role("table", name="Score for each theme")).to_be_visible()
    expect(page.get_by_text("repay any fees found").first).to_be_visible()

    page.get_by_label("Your full name").fill("Grace Adeyemi")
    page.get_by_label("Your job title").fill("Operations Director")
    page.get_by_label("I have read these recommendations").check()
    page.get_by_role("button", name="Acknowledge recommendations").click()
    wait_for(journey, "/supplier-questionnaire/results/")
    journey.check("recommendations acknowledged")
    expect(page.get_by_text("Grace Adeyemi, Operations Director, acknowledged these recommendations")).to_be_visible()

    page.get_by_role("link", name="Read and acknowledge the code of conduct").click()
    journey.check("the code of conduct")
    page.get_by_label("Your full name").fill("Grace Adeyemi")
    page.get_by_label("Your job title").fill("Operations Director")
    page.get_by_label("I acknowledge the code of conduct").check()
    page.get_by_role("button", name="Acknowledge the code of conduct").click()
    wait_for(journey, "/supplier-questionnaire/results/")
    journey.check("code acknowledged")

    questionnaire.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.ACKNOWLEDGED
    assert questionnaire.acknowledged_by_name == "Grace Adeyemi"
    assert questionnaire.supplier.code_acknowledgements.filter(via="link").exists()


def test_the_procurement_officer_reviews_due_diligence(journey, sign_in):
    page = journey.page
    sign_in(journey, demo_email("procurement"))
    clean = Questionnaire.objects.select_related("supplier").get(status=QuestionnaireStatus.ACKNOWLEDGED)
    journey.goto(f"/supply-chain/suppliers/{clean.supplier.reference}/")
    journey.check("a supplier's due diligence")
    expect(page.get_by_text("Due diligence in the last 12 months")).to_be_visible()
    page.get_by_role("link", name=clean.reference).click()
    journey.check("an acknowledged questionnaire")
    expect(page.get_by_text("Priya Shah, Head of Compliance").first).to_be_visible()
    expect(page.get_by_role("table", name="Score for each theme")).to_be_visible()

    journey.goto("/supply-chain/corrective-actions/overdue/")
    journey.check("overdue corrective actions")
    page.get_by_role("link", name="Confirm in writing").click()
    journey.check("an overdue corrective action")
    page.get_by_label("Note").fill("Chased the supplier by phone; reply promised by Friday.")
    page.get_by_role("button", name="Save update").click()
    journey.check("the action updated")
    expect(page.get_by_text("Chased the supplier by phone")).to_be_visible()
    page.get_by_role("link", name="Audit", exact=False).first.click()
    journey.check("the audit")

    journey.goto("/supply-chain/contracts/")
    journey.check("the contract register")
    page.get_by_role("link", name="Add a contract").click()
    journey.check("add a contract")
    page.get_by_role("button", name="Save contract").click()
    journey.check("a contract with errors", status=200)
    expect(page.get_by_text("Enter the contract reference").first).to_be_visible()

    draft = Questionnaire.objects.get(status=QuestionnaireStatus.DRAFT)
    journey.goto(f"/supply-chain/questionnaires/{draft.reference}/")
    journey.check("a draft questionnaire")
    page.get_by_role("button", name="Send to the supplier").click()
    journey.check("the questionnaire sent")
    expect(page.get_by_text("Questionnaire sent")).to_be_visible()
