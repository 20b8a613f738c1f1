"""The referral questions, the form's lists and the person's details through the JSON API, with the pages' rules."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditAction, AuditEntry
from lantern.cases import services
from lantern.cases.models import NrmListEntry, ReferralQuestions
from lantern.cases.tests.factories import CaseFactory, days_ago, worker
from lantern.cases.tests.test_exports_and_api import token_client
from tests.support import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    case = CaseFactory()
    services.consent_record(case=case, acting_user=case.lead_worker, given=True, explained_on=days_ago(1),
                            language="Romanian", interpreter_used=True)
    return case


def test_a_worker_answers_and_reads_the_referral_questions(case):
    client = token_client(case.lead_worker)
    url = f"/api/v1/cases/{case.reference}/referral-questions/"
    assert client.get(url).json()["birthplace"] == ""
    response = client.patch(url, {"birthplace": "Constanta", "under_18_during_exploitation": "no",
                                  "police_force": "West Midlands Police", "exploitation_checks": ["forced-to-work"]},
                            format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["birthplace"], data["under_18_during_exploitation"], data["police_force"]) == \
        ("Constanta", "no", "West Midlands Police")
    case.refresh_from_db()
    assert case.child_at_exploitation is False
    assert client.patch(url, {"police_force": "Gotham Police"}, format="json").status_code == 400
    assert AuditEntry.objects.filter(action="referral_questions.update").count() == 1


def test_lists_are_added_read_and_removed_with_the_pages_checks(case):
    client = token_client(case.lead_worker)
    url = f"/api/v1/cases/{case.reference}/nrm-lists/"
    assert client.post(url, {"kind": "overseas_place", "country": "GB"}, format="json").status_code == 400
    created = client.post(url, {"kind": "overseas_place", "country": "RO", "details": "Farm"}, format="json")
    assert created.status_code == 201
    assert [e["country"] for e in client.get(url).json()] == ["RO"]
    assert client.delete(f"{url}{created.json()['id']}/").status_code == 204
    assert not NrmListEntry.objects.exists()


def test_the_form_completeness_is_read_as_the_pack_is_and_audited_as_an_export(case):
    client = token_client(case.lead_worker)
    data = client.get(f"/api/v1/cases/{case.reference}/nrm-form/").json()
    assert data["kind"] == "nrm" and 0 < data["answered"] < data["asked"]
    questions = {q["field"]: q for s in data["sections"] for q in s["questions"]}
    assert questions["reference"]["answer"] == case.reference
    assert questions["birthplace"]["answered"] is False
    assert questions["birthplace"]["step"] == f"/cases/{case.reference}/referral-questions/what-happened/"
    entry = AuditEntry.objects.get(action="case.referral_pack")
    assert entry.kind == AuditAction.EXPORT


def test_the_persons_details_are_patched_through_the_same_service(case):
    client = token_client(case.lead_worker)
    url = f"/api/v1/cases/{case.reference}/person/"
    response = client.patch(url, {"address_postcode": "B70 8QA", "interpreter_needed": None,
                                  "nationality": "Romanian"}, format="json")
    assert response.status_code == 200
    assert response.json()["address_postcode"] == "B70 8QA" and response.json()["interpreter_needed"] is None
    assert client.patch(url, {"nationality": "Martian"}, format="json").status_code == 400
    assert AuditEntry.objects.filter(action="person.update").exists()


def test_others_are_refused_as_on_the_pages(case):
    hidden = f"/api/v1/cases/{case.reference}/"
    outsider = token_client(worker())
    for path in ("referral-questions/", "nrm-lists/", "person/", "nrm-form/"):
        assert outsider.get(hidden + path).status_code == 404
    assert outsider.patch(hidden + "referral-questions/", {"birthplace": "X"}, format="json").status_code == 404
    # Someone who oversees cases but is not on the team may read with a reason, but never answer.
    coordinator = token_client(worker(Role.SHOP_COORDINATOR))
    assert coordinator.patch(hidden + "referral-questions/", {"birthplace": "X"}, format="json").status_code == 403
    assert not ReferralQuestions.objects.exists()


def test_the_schema_documents_the_new_endpoints(case):
    schema = verified_client(worker()).get("/api/schema/").content.decode()
    for path in ("/api/v1/cases/{reference}/referral-questions/", "/api/v1/cases/{reference}/nrm-lists/",
                 "/api/v1/cases/{reference}/nrm-form/", "/api/v1/cases/{reference}/person/"):
        assert path in schema


def test_an_entry_is_removed_only_by_someone_who_may_work_the_case(case):
    entry = services.nrm_entry_add(case=case, acting_user=case.lead_worker, kind="journey", details="By lorry")
    url = f"/api/v1/cases/{case.reference}/nrm-lists/{entry.pk}/"
    assert token_client(worker()).delete(url).status_code == 404
    assert token_client(worker(Role.SHOP_COORDINATOR)).delete(url).status_code == 403  # no reason given yet
    assert NrmListEntry.objects.filter(pk=entry.pk).exists()
    assert not AuditEntry.objects.filter(action="nrm_list.remove").exists()
