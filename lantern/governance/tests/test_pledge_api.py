"""The pledge register's JSON API: reading (without personal data), filtering, and the programme
manager's decisions, follow-up and withdrawal through the same services as the pages."""

import json

import pytest
from django.core import mail

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.governance.models import PledgeStatus
from lantern.governance.tests.pledge_support import approved, programme_manager, requested
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db
API = "/api/v1/governance/pledge-signatories/"


def test_the_register_reads_without_names_or_contact_details():
    signatory = requested(organisation="Rowley Regis Riders CIC", sector="voluntary",
                          signatory_name="Dawn Pritchard", contact_email="dawn@riders.example",
                          contact_phone="0121 555 0101")
    body = verified_client(make_user(Role.BOARD_VIEWER)).get(API).json()
    item = body["results"][0]
    assert item["reference"] == signatory.reference and item["organisation"] == "Rowley Regis Riders CIC"
    assert item["status"] == "requested" and item["sector"] == "voluntary"
    text = json.dumps(body)
    for private in ("Dawn Pritchard", "dawn@riders.example", "0121 555 0101"):
        assert private not in text


def test_the_register_filters_by_status_and_sector():
    manager = programme_manager()
    signed = approved(manager, sector="faith")
    requested(sector="business")
    client = verified_client(manager)
    assert [i["reference"] for i in client.get(API, {"status": "approved"}).json()["results"]] == [signed.reference]
    assert [i["reference"] for i in client.get(API, {"sector": "faith"}).json()["results"]] == [signed.reference]
    assert len(client.get(API, {"sector": "nonsense"}).json()["results"]) == 2


def test_approving_through_the_api_emails_the_requester(django_capture_on_commit_callbacks):
    manager = programme_manager()
    signatory = requested()
    client = verified_client(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}{signatory.reference}/approve/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["signed_on"]
    assert mail.outbox[0].to == [signatory.contact_email]
    again = client.post(f"{API}{signatory.reference}/approve/", {}, content_type="application/json")
    assert again.status_code == 400


def test_declining_follow_up_and_withdrawing_through_the_api():
    manager = programme_manager()
    client = verified_client(manager)
    pending = requested()
    assert client.post(f"{API}{pending.reference}/decline/", {}, content_type="application/json").status_code == 400
    declined = client.post(f"{API}{pending.reference}/decline/", {"reason": "Outside Sandwell"},
                           content_type="application/json")
    assert declined.status_code == 200 and declined.json()["status"] == PledgeStatus.DECLINED

    signed = approved(manager)
    follow_up = client.post(f"{API}{signed.reference}/follow-ups/",
                            {"kind": "statement", "happened_on": str(signed.signed_on),
                             "link": "https://org.example/statement"}, content_type="application/json")
    assert follow_up.status_code == 201
    assert follow_up.json()["statement_url"] == "https://org.example/statement"
    assert follow_up.json()["follow_ups"][0]["kind"] == "statement"
    withdrawn = client.post(f"{API}{signed.reference}/withdraw/", {"reason": "Asked to leave"},
                            content_type="application/json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == PledgeStatus.WITHDRAWN
    assert set(AuditEntry.objects.filter(action__startswith="pledge.").values_list("action", flat=True)) >= {
        "pledge.decline", "pledge.follow_up", "pledge.withdraw"}


def test_a_missing_signatory_is_404():
    client = verified_client(programme_manager())
    assert client.get(f"{API}PL-ZZZZ-ZZZ/").status_code == 404
    assert client.post(f"{API}PL-ZZZZ-ZZZ/approve/", {}, content_type="application/json").status_code == 404


def test_the_schema_documents_the_endpoints():
    schema = verified_client(programme_manager()).get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/governance/pledge-signatories/", "/api/v1/governance/pledge-signatories/{reference}/",
                 "/api/v1/governance/pledge-signatories/{reference}/approve/", "/api/v1/governance/pledge-signatories/{reference}/decline/",
                 "/api/v1/governance/pledge-signatories/{reference}/withdraw/",
                 "/api/v1/governance/pledge-signatories/{reference}/follow-ups/"):
        assert path in schema["paths"], path
    signatory = schema["components"]["schemas"]["PledgeSignatory"]["properties"]
    assert "contact_email" not in signatory and "signatory_name" not in signatory
