"""The public pledge pages, through HTTP as an organisation would use them: the form (good and bad
input, the abuse limits), the confirmation, and the public list (only approved signatories who
agreed to be listed, and only what they agreed to publish)."""

import json

import pytest
from django.test import Client

from lantern.audit.models import AuditEntry
from lantern.governance.models import PledgeSignatory, PledgeSource, PledgeStatus
from lantern.governance.tests.pledge_support import ANSWERS, approved, pledge_data, requested, send_request

pytestmark = pytest.mark.django_db


def test_the_public_pages_need_no_sign_in():
    client = Client()
    page = client.get("/pledge/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "The seven commitments" in text
    assert "Removing slave-based labour from supply chains" in text
    assert client.get("/pledge/sign/").status_code == 200


def test_an_organisation_asks_to_sign_and_sees_a_confirmation():
    client = Client()
    response = send_request(client)
    assert response.status_code == 302 and response["Location"] == "/pledge/sign/sent/"
    signatory = PledgeSignatory.objects.get()
    assert signatory.status == PledgeStatus.REQUESTED and signatory.source == PledgeSource.PUBLIC_FORM
    assert signatory.organisation == "Tipton Community Larder"
    assert signatory.commitments == ["leadership", "awareness", "victims"]
    assert signatory.listed_publicly and signatory.contact_email == ANSWERS["contact_email"]
    confirmation = client.get("/pledge/sign/sent/").content.decode()
    assert signatory.reference in confirmation and "Tipton Community Larder" in confirmation
    entry = AuditEntry.objects.get(action="pledge.request")
    assert entry.actor is None and entry.actor_label == "public pledge form"
    assert ANSWERS["contact_email"] not in json.dumps(entry.changes) + entry.target_label
    assert ANSWERS["signatory_name"] not in json.dumps(entry.changes) + entry.target_label


def test_the_programme_manager_is_told_of_a_new_request(django_user_model):
    from lantern.accounts.models import Notification
    from lantern.governance.tests.pledge_support import programme_manager

    manager = programme_manager()
    send_request(Client())
    notification = Notification.objects.get(user=manager)
    reference = PledgeSignatory.objects.get().reference
    assert notification.reference == reference and ANSWERS["organisation"] not in notification.message


def test_the_confirmation_page_without_a_request_goes_back_to_the_form():
    response = Client().get("/pledge/sign/sent/")
    assert response.status_code == 302 and response["Location"] == "/pledge/sign/"


def test_bad_input_keeps_every_answer_and_says_what_to_fix():
    client = Client()
    response = send_request(client, contact_email="not an email", commitments=None, authorised=None,
                            organisation="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the name of your organisation" in page
    assert "Enter an email address in the correct format" in page
    assert "Select at least one of the pledge" in page
    assert "Confirm that you are authorised" in page
    assert 'value="Mercy Okonkwo"' in page and 'value="not an email"' in page
    assert 'value="voluntary" checked' in page
    assert not PledgeSignatory.objects.exists()
    # Corrected and sent again with the same puzzle, it arrives.
    data = pledge_data(client)
    assert client.post("/pledge/sign/", data).status_code == 302


def test_an_over_long_answer_is_refused_with_its_limit():
    response = send_request(Client(), organisation="x" * 201)
    assert response.status_code == 400
    assert "200 characters or fewer" in response.content.decode()
    assert not PledgeSignatory.objects.exists()


def test_an_unknown_commitment_or_sector_is_refused():
    response = send_request(Client(), commitments=["leadership", "world_peace"], sector="club")
    assert response.status_code == 400
    assert not PledgeSignatory.objects.exists()


def test_the_honeypot_refuses_and_keeps_the_answers():
    client = Client()
    data = pledge_data(client, website="http://spam.example")
    response = client.post("/pledge/sign/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Leave the field ‘Leave this empty’ empty, then send your request again." in page
    assert 'value="Tipton Community Larder"' in page
    assert not PledgeSignatory.objects.exists()


def test_a_form_with_a_forged_or_missing_puzzle_comes_back_with_a_fresh_one():
    client = Client()
    data = pledge_data(client)
    data["challenge"] = "{}"
    response = client.post("/pledge/sign/", data)
    assert response.status_code == 400
    assert "press ‘Send request’ again" in response.content.decode()
    assert not PledgeSignatory.objects.exists()


def test_a_report_forms_puzzle_cannot_send_a_pledge_request():
    from lantern.confidential_reports.tests.helpers import open_form, solve

    client = Client()
    hidden = open_form(client)
    data = {**pledge_data(client), "challenge": hidden["challenge"],
            "pow_number": str(solve(json.loads(hidden["challenge"])))}
    assert client.post("/pledge/sign/", data).status_code == 400
    assert not PledgeSignatory.objects.exists()


def test_a_form_is_sent_once_however_often_it_is_posted(django_capture_on_commit_callbacks):
    client = Client()
    data = pledge_data(client)
    with django_capture_on_commit_callbacks(execute=True):  # the puzzle is spent once the request commits
        assert client.post("/pledge/sign/", data).status_code == 302
    again = client.post("/pledge/sign/", data)
    assert again.status_code == 409 and "already been sent" in again.content.decode()
    assert PledgeSignatory.objects.count() == 1


def test_sent_too_quickly_is_refused(settings):
    settings.LANTERN_REPORT_MIN_SECONDS = 60
    response = send_request(Client())
    assert response.status_code == 400 and "That was sent very quickly" in response.content.decode()
    assert not PledgeSignatory.objects.exists()


def test_the_global_budget_refuses_a_flood_without_touching_the_report_forms(settings):
    settings.LANTERN_PLEDGE_RATE = "2/m"
    client = Client()
    for _ in range(2):
        assert send_request(client).status_code == 302
    flooded = send_request(client)
    assert flooded.status_code == 429
    page = flooded.content.decode()
    assert "A lot of requests are being sent right now" in page and 'value="Tipton Community Larder"' in page
    assert PledgeSignatory.objects.count() == 2
    # The report form's budget is its own.
    from lantern.confidential_reports.tests.helpers import send_report

    assert send_report(Client()).status_code == 200


def test_requests_sent_without_javascript_have_a_smaller_budget(settings):
    settings.LANTERN_PLEDGE_RATE_UNVERIFIED = "1/m"
    client = Client()
    assert send_request(client, solve_puzzle=False).status_code == 302
    assert send_request(client, solve_puzzle=False).status_code == 429
    assert send_request(client).status_code == 302  # a solved puzzle still gets through


def test_the_public_list_shows_only_approved_signatories_who_agreed_to_be_listed():
    listed = approved(organisation="Oldbury Road Garage Ltd", commitments=["leadership", "supply_chains"])
    approved(organisation="Quiet Holdings Ltd", listed_publicly=False)
    requested(organisation="Pending Bakery Ltd")
    declined = requested(organisation="Refused Recruitment Ltd")
    from lantern.governance import services_pledge
    from lantern.governance.tests.pledge_support import programme_manager

    manager = programme_manager()
    services_pledge.pledge_decline(signatory=declined, acting_user=manager, reason="Not based in Sandwell")
    gone = approved(organisation="Former Signatory CIC")
    services_pledge.pledge_withdraw(signatory=gone, acting_user=manager, reason="Asked to leave")

    page = Client().get("/pledge/").content.decode()
    assert "Oldbury Road Garage Ltd" in page and "Strong local leadership" in page
    for hidden in ("Quiet Holdings", "Pending Bakery", "Refused Recruitment", "Former Signatory"):
        assert hidden not in page
    # Only what the signatory agreed to publish: never a name, role, email or phone number.
    for private in (listed.signatory_name, listed.signatory_role, listed.contact_email, listed.reference):
        assert private not in page
    assert "1 organisation has signed" in page
