"""Opening a sensitive record outside one's caseload asks for a reason, which is audited."""

from urllib.parse import parse_qs, urlparse

import pytest

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency
from lantern.audit.models import AuditEntry
from tests.support import make_user, verified_client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("lantern.audit.tests.purpose_urls")]


@pytest.fixture
def record():
    return Agency.objects.create(name="Sensitive record", agency_type="other")


def test_own_caseload_opens_without_a_question(record):
    worker = make_user(Role.CASE_WORKER, agency=record)
    response = verified_client(worker).get(f"/sensitive/{record.pk}/")
    assert response.status_code == 200
    view = AuditEntry.objects.get(action="agency.view")
    assert view.actor == worker and view.purpose == ""


def test_outside_caseload_asks_why_then_records_the_reason(record):
    manager = make_user(Role.PROGRAMME_MANAGER)
    client = verified_client(manager)

    response = client.get(f"/sensitive/{record.pk}/")
    assert response.status_code == 302
    purpose_url = response["Location"]
    assert purpose_url.startswith("/access/purpose/")
    assert not AuditEntry.objects.filter(action="agency.view").exists()

    page = client.get(purpose_url)
    assert b"Why do you need to open this record?" in page.content

    # A reason is required; 'another reason' needs details.
    empty = client.post(purpose_url, {})
    assert b"Select why you need to open this record" in empty.content
    other = client.post(purpose_url, {"reason": "other"})
    assert b"Enter details of why you need to open this record" in other.content

    done = client.post(purpose_url, {"reason": "oversight"})
    assert done.status_code == 302 and done["Location"] == f"/sensitive/{record.pk}/"
    purpose = AuditEntry.objects.get(action="record.access_purpose")
    assert purpose.purpose == "Management oversight or case supervision"
    assert purpose.target_id == str(record.pk) and purpose.actor == manager

    # Now the record opens, and the view entry points at the reason.
    assert client.get(f"/sensitive/{record.pk}/").status_code == 200
    view = AuditEntry.objects.get(action="agency.view")
    assert view.changes == {"purpose_entry": purpose.sequence}

    # The session keeps only the entry number, never the reason text.
    assert "supervision" not in str(dict(client.session)).lower()


def test_purpose_page_refuses_forged_records_and_offsite_next(record):
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    first = client.get(f"/sensitive/{record.pk}/")
    query = parse_qs(urlparse(first["Location"]).query)
    token = query["record"][0]
    assert client.get("/access/purpose/?record=forged&next=/").status_code == 404
    assert client.get(f"/access/purpose/?record={token}&next=https://evil.example/").status_code == 404


def test_a_purpose_link_is_only_for_the_user_it_was_made_for(record):
    """The link names the user whose selector let them see the record: copied to anyone else, it is
    not found, and nothing is written to the audit trail in their name."""
    manager = make_user(Role.PROGRAMME_MANAGER)
    purpose_url = verified_client(manager).get(f"/sensitive/{record.pk}/")["Location"]
    for role in (Role.PROGRAMME_MANAGER, Role.CASE_WORKER, Role.FIRST_RESPONDER):
        someone_else = verified_client(make_user(role))
        assert someone_else.get(purpose_url).status_code == 404
        assert someone_else.post(purpose_url, {"reason": "oversight"}).status_code == 404
    assert not AuditEntry.objects.filter(action="record.access_purpose").exists()


def test_signed_out_visitors_are_sent_to_sign_in_from_the_purpose_page(record, client):
    manager = make_user(Role.PROGRAMME_MANAGER)
    purpose_url = verified_client(manager).get(f"/sensitive/{record.pk}/")["Location"]
    response = client.post(purpose_url, {"reason": "oversight"})
    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert not AuditEntry.objects.filter(action="record.access_purpose").exists()
