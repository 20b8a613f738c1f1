"""The referral pack: the Home Office form's questions in page order, with the answers Lantern holds."""

import re
from html import unescape

import pytest

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditAction, AuditEntry
from lantern.cases import selectors, services
from lantern.cases.models import Route
from lantern.cases.tests.factories import CaseFactory, PersonFactory, child_case, days_ago, worker
from tests.support import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def adult():
    person = PersonFactory(given_name="Mirela", family_name="Dumitru", nationality="Romanian", interpreter_needed=True,
                           language="Romanian")
    case = CaseFactory(person=person, types=["labour", "sexual"], lead_worker=worker(full_name="Daniel Okafor",
                                                                                   job_title="Senior social worker"))
    services.screening_record(case=case, acting_user=case.lead_worker, indicators_found=["ilo.debt"],
                              evidence="Owes £2,000 for travel.", judgement="Consistent and detailed account.",
                              conclusion="likely", screened_on=days_ago(3))
    services.consent_record(case=case, acting_user=case.lead_worker, given=True, explained_on=days_ago(2),
                            language="Romanian", interpreter_used=True)
    return case


def headings(html: str) -> list[str]:
    """The form's pages in the pack, in order."""
    return [unescape(h) for h in re.findall(r'<h3 class="govuk-heading-s">(.*?)</h3>', html)]


def pack_answers(case, kind="nrm"):
    sections = selectors.nrm_completeness(case=case, user=case.lead_worker, kind=kind)
    return {(page.heading, a.question): a.answer for s in sections for page in s.pages for a in page.answers}


def test_nrm_pack_shows_the_form_pages_in_order_with_held_answers(adult):
    client = verified_client(adult.lead_worker)
    response = client.get(f"/cases/{adult.reference}/referral-pack/nrm/")
    assert response.status_code == 200
    html = response.content.decode()
    pages = headings(html)
    order = ["What’s your reference for this report?", "What organisation do you work for?",
             "Is the potential victim under 18?", "Were they under 18 at any time during the exploitation?",
             "Did you identify any modern slavery indicators?", "How were they exploited?",
             "Does the potential victim consent to having their case referred to the NRM?",
             "What is the name of the Potential Victim?", "What are your contact details?"]
    positions = [pages.index(h) for h in order]
    assert positions == sorted(positions)
    assert pages[0] == order[0]
    # Only the referral's pages, not the Duty to Notify's; and not the children's pages.
    assert "Which local authority have you contacted about the child?" not in pages
    assert not any(h == "What is their gender?" for h in pages[:pages.index(order[6])])

    for answer in (adult.reference, "Mirela", "Dumitru", "Romanian",
                   "Debt bondage. Owes £2,000 for travel.", "Consistent and detailed account.", "Daniel", "Okafor",
                   "Senior social worker"):
        assert answer in html, answer
    assert "Not answered" in html and "Answer in referral questions" in html


def test_the_pack_answers_the_yes_no_questions_from_the_case(adult):
    answers = pack_answers(adult)
    assert answers[("Is the potential victim under 18?", "Under 18")] == "No"
    assert answers[("Does the potential victim consent to having their case referred to the NRM?",
                    "Case referred to NRM")] == "Yes"
    assert answers[("Do they need an interpreter?", "Interpreter needed")] == "Yes"
    assert answers[("Do they need an interpreter?", "Language")] == "Romanian"
    assert answers[("What is their date of birth? (Optional)", "Date of birth")] == \
        adult.person.date_of_birth.strftime("%-d %B %Y")
    # Sexual exploitation of an adult is not guessed as prostitution: the worker says what happened.
    exploited = {q: a for (page, q), a in answers.items() if page == "How were they exploited?"}
    assert set(exploited.values()) == {""}
    services.referral_questions_save(case=adult, acting_user=adult.lead_worker,
                                     exploitation_checks=["forced-to-work", "taken-somewhere"])
    exploited = {q: a for (page, q), a in pack_answers(adult).items() if page == "How were they exploited?"}
    assert exploited["Forced to work for nothing or almost nothing"] == "Yes"
    assert exploited["Forced into prostitution"] == "No"
    assert exploited["Forced to commit a crime, such as growing cannabis, drug dealing or begging"] == "No"


def test_a_child_pack_has_no_consent_pages_and_asks_about_the_local_authority():
    case = child_case(person=PersonFactory(given_name="Kai"))
    html = verified_client(case.lead_worker).get(f"/cases/{case.reference}/referral-pack/nrm/").content.decode()
    pages = headings(html)
    assert "Which local authority have you contacted about the child?" in pages
    assert "Does the potential victim consent to having their case referred to the NRM?" not in pages
    assert "Why doesn't the potential victim want their case referred to the NRM?" not in pages
    assert "Were they under 18 at any time during the exploitation?" not in pages
    assert "Who should we send our decision to?" not in pages  # adults only
    assert "Kai" in html
    assert pack_answers(case)[("Is the potential victim under 18?", "Under 18")] == "Yes"
    uncertain = CaseFactory(route=Route.AGE_UNCERTAIN)
    assert pack_answers(uncertain)[("Is the potential victim under 18?", "Under 18")] == "Not sure"


def test_the_duty_to_notify_pack_shows_its_own_pages():
    case = CaseFactory()
    services.consent_record(case=case, acting_user=case.lead_worker, given=False, explained_on=days_ago(1),
                            language="English", interpreter_used=False, refusal_reason="Fears for family at home",
                            share_details_for_dtn=True)
    html = verified_client(case.lead_worker).get(f"/cases/{case.reference}/referral-pack/dtn/").content.decode()
    pages = headings(html)
    assert "Duty to Notify pack" in html
    assert "Why doesn't the potential victim want their case referred to the NRM?" in pages
    assert "Fears for family at home" in html
    assert "Does the potential victim want support?" not in pages  # referral-only pages are left out
    assert "What is their date of birth? (Optional)" not in pages


def test_an_anonymous_duty_to_notify_pack_leaves_out_the_persons_name():
    case = CaseFactory(person=PersonFactory(given_name="Mirela", family_name="Dumitru"))
    services.consent_record(case=case, acting_user=case.lead_worker, given=False, explained_on=days_ago(1),
                            language="English", interpreter_used=False, refusal_reason="Does not trust the police",
                            share_details_for_dtn=False)
    html = verified_client(case.lead_worker).get(f"/cases/{case.reference}/referral-pack/dtn/").content.decode()
    assert "Does not trust the police" in html
    assert "Mirela" not in html and "Dumitru" not in html


def test_there_is_no_duty_to_notify_pack_for_a_child():
    case = child_case()
    assert verified_client(case.lead_worker).get(f"/cases/{case.reference}/referral-pack/dtn/").status_code == 404


def test_opening_the_pack_is_audited_as_an_export(adult):
    client = verified_client(adult.lead_worker)
    client.get(f"/cases/{adult.reference}/referral-pack/nrm/")
    entry = AuditEntry.objects.get(action="case.referral_pack")
    assert entry.kind == AuditAction.EXPORT and entry.actor == adult.lead_worker
    assert entry.target_label == adult.reference and entry.changes == {"form": "nrm"}
    assert "Opening it has been recorded" in client.get(f"/cases/{adult.reference}/referral-pack/nrm/").content.decode()


def test_unknown_pack_and_outsiders_get_not_found(adult):
    client = verified_client(adult.lead_worker)
    assert client.get(f"/cases/{adult.reference}/referral-pack/ms1/").status_code == 404
    assert verified_client(worker()).get(f"/cases/{adult.reference}/referral-pack/nrm/").status_code == 404
    assert not AuditEntry.objects.filter(action="case.referral_pack").exists()


def test_oversight_gives_a_reason_before_the_pack(adult):
    coordinator = verified_client(worker(Role.SHOP_COORDINATOR))
    response = coordinator.get(f"/cases/{adult.reference}/referral-pack/nrm/")
    assert response.status_code == 302 and response["Location"].startswith("/access/purpose/")
    assert not AuditEntry.objects.filter(action="case.referral_pack").exists()


def test_the_pack_reads_the_latest_consent_once(adult):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = verified_client(adult.lead_worker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/cases/{adult.reference}/referral-pack/nrm/").status_code == 200
    assert sum("cases_consentrecord" in q["sql"] for q in queries.captured_queries) == 1


def test_the_consent_page_reads_the_case_once(adult):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = verified_client(adult.lead_worker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/cases/{adult.reference}/consent/").status_code == 200
    assert sum(q["sql"].lstrip().startswith("SELECT") and 'FROM "cases_case"' in q["sql"]
               for q in queries.captured_queries) == 1
