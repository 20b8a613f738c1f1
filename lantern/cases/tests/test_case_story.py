"""The case holds the whole story: the first responder's account on the case, in screening and in the
referral pack; triage filled in from the concern; the triager not asked why they open the case they opened."""

import re
from html import unescape

import pytest

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.cases import selectors, services
from lantern.cases.models import Case, Concern, ConcernStatus
from lantern.cases.tests.factories import (
    CaseFactory,
    ChildrensAgencyFactory,
    ConcernFactory,
    date_fields,
    days_ago,
    worker,
)
from lantern.cases.views.concerns import split_name
from lantern.partnership.models import Area
from tests.support import verified_client

pytestmark = pytest.mark.django_db

ACCOUNT = "Six men collected by minibus at 5am from the car wash; one had an untreated hand injury."


@pytest.fixture
def concern():
    return ConcernFactory(
        what_seen=ACCOUNT, seen_on=days_ago(3), address="Unit 4, Owen Street", premises_type="car_wash",
        area=Area.objects.create(name="Tipton Green"), person_name="Andrei Popescu",
        indicators=["signs.unusual_travel", "ilo.documents", "signs.grooming"],
    )


def open_case_by_triage(client, concern, lead) -> Case:
    response = client.post(f"/concerns/{concern.reference}/", {
        "outcome": "open_case", "lead_worker": lead.pk, "given_name": "Andrei", "family_name": "Popescu",
        **date_fields("date_of_birth", days_ago(30 * 365))})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get(concerns=concern)


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def checked_indicators(html: str) -> set[str]:
    return {m for tag in re.findall(r"<input[^>]*name=\"indicators\"[^>]*>", html) if " checked" in tag
            for m in re.findall(r'value="([^"]+)"', tag)}


def textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, name
    return unescape(found.group(1)).strip()


# --- The first responder's account on the case ---------------------------------------------------


def test_the_case_team_reads_the_first_responders_account_on_the_case_page(coordinator, lead, concern):
    case = open_case_by_triage(verified_client(coordinator), concern, lead)
    html = verified_client(lead).get(f"/cases/{case.reference}/").content.decode()
    page = text(html)
    assert "What the first responder reported" in page
    assert ACCOUNT in page
    assert days_ago(3).strftime("%-d %B %Y") in page  # when they saw it
    assert "Unit 4, Owen Street" in page and "Hand car wash" in page and "Tipton Green" in page  # where
    assert "Unusual travel times" in page and "Retention of identity documents" in page  # the signs ticked
    assert concern.raised_by.full_name in page
    assert f'href="/concerns/{concern.reference}/"' in html


def test_a_case_with_no_concern_shows_no_account_section(lead):
    case = CaseFactory(lead_worker=lead)
    html = verified_client(lead).get(f"/cases/{case.reference}/").content.decode()
    assert "What the first responder reported" not in html


def test_the_case_team_opens_the_concern_their_case_came_from(coordinator, lead, concern):
    case = open_case_by_triage(verified_client(coordinator), concern, lead)
    partner = worker(Role.CASE_WORKER)
    services.case_add_member(case=case, acting_user=lead, user=partner)
    for member in (lead, partner):
        response = verified_client(member).get(f"/concerns/{concern.reference}/")
        assert response.status_code == 200, member
        page = text(response.content.decode())
        assert ACCOUNT in page and "Retention of identity documents" in page
        assert "Record triage decision" not in page
        assert f'href="/cases/{case.reference}/"' in response.content.decode()  # back to their case
        view = AuditEntry.objects.filter(action="concern.view", actor=member).get()
        assert view.target_label == concern.reference


def test_a_linked_concern_is_seen_by_the_team_of_the_case_it_joined(coordinator, lead):
    case = CaseFactory(lead_worker=lead)
    later = ConcernFactory(what_seen="Seen again at the same house, now with a black eye.")
    services.concern_link_case(concern=later, acting_user=coordinator, case=case)
    response = verified_client(lead).get(f"/concerns/{later.reference}/")
    assert response.status_code == 200 and "now with a black eye" in response.content.decode()
    assert "now with a black eye" in verified_client(lead).get(f"/cases/{case.reference}/").content.decode()


def test_others_still_do_not_find_the_concern(coordinator, lead, concern):
    case = open_case_by_triage(verified_client(coordinator), concern, lead)
    for outsider in (worker(Role.CASE_WORKER), worker(Role.BOARD_VIEWER), worker(Role.FIRST_RESPONDER),
                     worker(Role.PROCUREMENT_OFFICER), worker(Role.REPORTING_TEAM)):
        assert verified_client(outsider).get(f"/concerns/{concern.reference}/").status_code == 404, outsider
    # The first responder who raised it sees its status, not the account, the triage or the case.
    html = verified_client(concern.raised_by).get(f"/concerns/{concern.reference}/").content.decode()
    assert "Case opened" in html and ACCOUNT not in html and case.reference not in html
    # A case worker removed from the team loses the concern with the case.
    partner = worker(Role.CASE_WORKER)
    services.case_add_member(case=case, acting_user=lead, user=partner)
    services.case_remove_member(case=case, acting_user=lead, user=partner)
    assert verified_client(partner).get(f"/concerns/{concern.reference}/").status_code == 404


def test_a_restricted_childs_concern_stays_hidden_from_triage_outside_childrens_services(coordinator, settings):
    settings.LANTERN_RESTRICT_CHILD_RECORDS = True
    childs_worker = worker(Role.CASE_WORKER, agency=ChildrensAgencyFactory())
    concern = ConcernFactory(approximate_age=15)
    services.concern_open_case(concern=concern, acting_user=worker(Role.SHOP_COORDINATOR), lead_worker=childs_worker)
    assert verified_client(coordinator).get(f"/concerns/{concern.reference}/").status_code == 404
    assert verified_client(childs_worker).get(f"/concerns/{concern.reference}/").status_code == 200
    assert list(selectors.concerns_visible_to(coordinator)) == []


# --- Screening starts from the account -------------------------------------------------------------


def test_the_first_screening_arrives_with_the_first_responders_signs_and_account(coordinator, lead, concern):
    case = open_case_by_triage(verified_client(coordinator), concern, lead)
    client = verified_client(lead)
    html = client.get(f"/cases/{case.reference}/screening/").content.decode()
    # The signs ticked on the concern, as offered for an adult (grooming is a child's sign).
    assert checked_indicators(html) == {"signs.unusual_travel", "ilo.documents"}
    evidence = textarea(html, "evidence__ilo__documents")
    assert "Reported by the first responder on " + days_ago(3).strftime("%-d %B %Y") in evidence
    assert concern.reference in evidence
    assert textarea(html, "evidence__ilo__debt") == ""
    observations = textarea(html, "evidence")
    assert ACCOUNT in observations and "Hand car wash" in observations
    assert 'id="conditional-ilo-documents"' in html
    assert 'class="govuk-checkboxes__conditional" id="conditional-ilo-documents"' in html  # its evidence is shown

    # Saved as the case worker leaves it, the screening holds the first responder's signs and evidence.
    response = client.post(f"/cases/{case.reference}/screening/", {
        "indicators": ["signs.unusual_travel", "ilo.documents"], "evidence__ilo__documents": evidence,
        "evidence": observations, "judgement": "Consistent account.", "conclusion": "likely",
        **date_fields("screened_on", days_ago(0))})
    assert response.status_code == 302
    screening = case.screenings.get()
    assert screening.indicators == ["ilo.documents", "signs.unusual_travel"]
    assert concern.reference in screening.evidence_for()["ilo.documents"] and ACCOUNT in screening.evidence

    # A later screening (a review) is not filled in again from the concern.
    again = client.get(f"/cases/{case.reference}/screening/").content.decode()
    assert checked_indicators(again) == set() and ACCOUNT not in again


def test_a_childs_screening_keeps_the_childs_signs(lead, coordinator):
    concern = ConcernFactory(approximate_age=15, indicators=["signs.grooming"])
    case = services.concern_open_case(concern=concern, acting_user=coordinator, lead_worker=lead,
                                      childrens_lead_reason="Already works with the family")
    html = verified_client(lead).get(f"/cases/{case.reference}/screening/").content.decode()
    assert checked_indicators(html) == {"signs.grooming"}


# --- The referral pack -------------------------------------------------------------------------------


def pack_answer(html: str, label: str) -> str:
    found = re.search(rf'<dt class="govuk-summary-list__key">{re.escape(label)}</dt>\s*'
                      r'<dd class="govuk-summary-list__value">(.*?)</dd>', html, re.S)
    assert found, label
    return text(found.group(1)).strip()


def test_before_screening_the_pack_answers_the_indicators_from_the_first_responder(coordinator, lead, concern):
    case = open_case_by_triage(verified_client(coordinator), concern, lead)
    client = verified_client(lead)
    html = client.get(f"/cases/{case.reference}/referral-pack/nrm/").content.decode()
    assert pack_answer(html, "Modern slavery indicators") == "Yes"
    details = pack_answer(html, "Modern slavery indicators details")
    assert "Unusual travel times" in details and "Retention of identity documents" in details
    assert ACCOUNT in details

    # Once screened, the screening is the answer (the case worker's own, checked version).
    services.screening_record(case=case, acting_user=lead, indicators_found=["ilo.debt"], evidence="Owes for travel.",
                              judgement="Credible.", conclusion="likely", screened_on=days_ago(0))
    html = client.get(f"/cases/{case.reference}/referral-pack/nrm/").content.decode()
    details = pack_answer(html, "Modern slavery indicators details")
    assert details == "Debt bondage. Owes for travel." and ACCOUNT not in details


def test_a_pack_without_concern_or_screening_still_asks(lead):
    case = CaseFactory(lead_worker=lead)
    html = verified_client(lead).get(f"/cases/{case.reference}/referral-pack/nrm/").content.decode()
    assert pack_answer(html, "Modern slavery indicators") == "Not answered"


# --- Triage filled in from the concern --------------------------------------------------------------


def test_triage_starts_with_the_name_the_concern_gives(coordinator, concern):
    html = verified_client(coordinator).get(f"/concerns/{concern.reference}/").content.decode()
    assert re.search(r'<input[^>]*name="given_name"[^>]*value="Andrei"', html)
    assert re.search(r'<input[^>]*name="family_name"[^>]*value="Popescu"', html)
    assert "Check which part is the given name" in html


def test_a_description_only_concern_leaves_the_names_empty(coordinator):
    concern = ConcernFactory(person_name="", person_description="Tall, red jacket")
    html = verified_client(coordinator).get(f"/concerns/{concern.reference}/").content.decode()
    assert not re.search(r'<input[^>]*name="given_name"[^>]*value="[^"]', html)


@pytest.mark.parametrize(("name", "expected"), [
    ("Andrei Popescu", ("Andrei", "Popescu")),
    ("  Maria  del Carmen   Lopez ", ("Maria del Carmen", "Lopez")),
    ("Andrei", ("Andrei", "")),
    ("", ("", "")),
])
def test_split_name(name, expected):
    assert split_name(name) == expected


# --- The triager who opened the case is not asked why -----------------------------------------------


def test_the_triager_goes_straight_to_the_case_they_opened(coordinator, lead, concern):
    client = verified_client(coordinator)
    response = client.post(f"/concerns/{concern.reference}/", {
        "outcome": "open_case", "lead_worker": lead.pk, "given_name": "Andrei", "family_name": "Popescu"})
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.reference}/"
    page = client.get(response["Location"])
    assert page.status_code == 200  # not sent to the purpose page
    # The triage decision is recorded as the reason, and the view is linked to it.
    reason = AuditEntry.objects.get(action="record.access_purpose", actor=coordinator)
    assert reason.purpose == f"Opened this case at triage of concern {concern.reference}"
    view = AuditEntry.objects.get(action="case.view", actor=coordinator)
    assert view.changes == {"purpose_entry": reason.sequence}
    assert client.get(f"/cases/{case.reference}/referral-pack/nrm/").status_code == 200

    # Another overseer, and the triager on a case they did not open, are still asked.
    other = verified_client(worker(Role.SHOP_COORDINATOR)).get(f"/cases/{case.reference}/")
    assert other.status_code == 302 and other["Location"].startswith("/access/purpose/")
    unrelated = CaseFactory()
    assert client.get(f"/cases/{unrelated.reference}/")["Location"].startswith("/access/purpose/")


def test_the_triager_goes_straight_to_the_case_they_linked_a_concern_to(coordinator):
    existing = CaseFactory()
    concern = ConcernFactory()
    client = verified_client(coordinator)
    response = client.post(f"/concerns/{concern.reference}/",
                           {"outcome": "link_case", "case_reference": existing.reference})
    assert response["Location"] == f"/cases/{existing.reference}/"
    assert client.get(response["Location"]).status_code == 200
    assert AuditEntry.objects.get(action="record.access_purpose").purpose == (
        f"Linked concern {concern.reference} to this case at triage")


def test_a_triager_who_leads_the_case_records_no_purpose(coordinator, concern):
    client = verified_client(coordinator)
    client.post(f"/concerns/{concern.reference}/", {"outcome": "open_case", "lead_worker": coordinator.pk})
    case = Case.objects.get()
    assert client.get(f"/cases/{case.reference}/").status_code == 200
    assert not AuditEntry.objects.filter(action="record.access_purpose").exists()
    assert Concern.objects.get().status == ConcernStatus.CASE_OPENED
