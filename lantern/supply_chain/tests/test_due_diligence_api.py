"""The due-diligence API: questionnaires (read; create and send), corrective actions (list; update
status), contracts (create, read, update, delete), per role; and the contract pages."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.supply_chain.models import Contract, Questionnaire, QuestionnaireStatus
from lantern.supply_chain.tests.factories_diligence import (
    ContractFactory,
    CorrectiveActionFactory,
    SupplierFactory,
    officer,
    questionnaire_submitted,
)
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db
API = "/api/v1"


def client_as(role: str):
    return verified_client(make_user(role))


@pytest.mark.parametrize(("role", "read", "write"), [
    (Role.PROCUREMENT_OFFICER, 200, 201),
    (Role.PROGRAMME_MANAGER, 200, 403),
    (Role.CASE_WORKER, 403, 403),
    (Role.BOARD_VIEWER, 403, 403),
])
def test_each_endpoint_per_role(role, read, write):
    supplier = SupplierFactory()
    client = client_as(role)
    for path in ("/supplier-questionnaires/", "/corrective-actions/", "/contracts/"):
        assert client.get(f"{API}{path}").status_code == read, path
    response = client.post(f"{API}/contracts/", {
        "reference": f"C-{role}", "title": "Cleaning", "supplier": supplier.reference, "value": "1000.00",
        "starts_on": "2026-01-01", "ends_on": "2026-12-31", "modern_slavery_clauses": True,
    }, content_type="application/json")
    assert response.status_code == write
    response = client.post(f"{API}/supplier-questionnaires/", {
        "supplier": supplier.reference, "contact_name": "A", "contact_email": "a@x.example"},
        content_type="application/json")
    assert response.status_code == write


def test_the_api_sends_a_questionnaire_and_reads_its_scores(django_capture_on_commit_callbacks):
    client = verified_client(officer())
    supplier = SupplierFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}/supplier-questionnaires/", {
            "supplier": supplier.reference.lower(), "contact_name": "Priya Shah",
            "contact_email": "priya@x.example"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "sent" and body["link_live"] is True and body["supplier"] == supplier.reference
    assert "contact_email" not in body and "token_hash" not in body
    assert len(mail.outbox) == 1

    draft = client.post(f"{API}/supplier-questionnaires/", {
        "supplier": SupplierFactory().reference, "contact_name": "B", "contact_email": "b@x.example", "send": False},
        content_type="application/json").json()
    assert draft["status"] == "draft"
    sent = client.post(f"{API}/supplier-questionnaires/{draft['reference']}/send/")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    again = client.post(f"{API}/supplier-questionnaires/{draft['reference']}/send/")
    assert again.status_code == 400 and "cannot become" in str(again.json())

    done = questionnaire_submitted()
    reader = client_as(Role.PROGRAMME_MANAGER)
    body = reader.get(f"{API}/supplier-questionnaires/{done.reference}/").json()
    assert body["status"] == "submitted" and len(body["scores"]) == 9
    assert body["scores"][0]["band"] == "weak" and len(body["recommendations"]) == 23
    assert AuditEntry.objects.filter(action="questionnaire.view", target_id=str(done.pk)).exists()
    listed = reader.get(f"{API}/supplier-questionnaires/?supplier={done.supplier.reference}").json()
    assert [q["reference"] for q in listed["results"]] == [done.reference]
    assert reader.get(f"{API}/supplier-questionnaires/DQ-NONE-XX/").status_code == 404


def test_the_api_lists_overdue_actions_and_moves_their_status():
    today = timezone.localdate()
    late = CorrectiveActionFactory(due_on=today - datetime.timedelta(days=4))
    CorrectiveActionFactory(due_on=today + datetime.timedelta(days=4))
    client = verified_client(officer())
    overdue = client.get(f"{API}/corrective-actions/?overdue=true").json()["results"]
    assert [a["id"] for a in overdue] == [late.pk] and overdue[0]["overdue"] is True
    assert len(client.get(f"{API}/corrective-actions/").json()["results"]) == 2
    response = client.post(f"{API}/corrective-actions/{late.pk}/status/", {"status": "done", "note": "Repaid"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert response.json()["overdue"] is False
    refused = client.post(f"{API}/corrective-actions/{late.pk}/status/", {"status": "open"},
                          content_type="application/json")
    assert refused.status_code == 400 and "cannot become" in str(refused.json())
    reader = client_as(Role.PROGRAMME_MANAGER)
    assert reader.post(f"{API}/corrective-actions/{late.pk}/status/", {"status": "verified"},
                       content_type="application/json").status_code == 403
    assert client.get(f"{API}/corrective-actions/999999/").status_code == 404


def test_contracts_crud_through_the_api():
    client = verified_client(officer())
    supplier = SupplierFactory()
    created = client.post(f"{API}/contracts/", {
        "reference": "SMBC-2026-0001", "title": "Agency care staff", "supplier": supplier.reference,
        "category": "Social care staffing", "value": "840000.00", "starts_on": "2026-04-01", "ends_on": "2028-03-31",
        "modern_slavery_clauses": False}, content_type="application/json")
    assert created.status_code == 201
    contract_id = created.json()["id"]
    bad = client.post(f"{API}/contracts/", {
        "reference": "SMBC-2026-0002", "title": "X", "supplier": supplier.reference, "value": "1",
        "starts_on": "2026-04-01", "ends_on": "2026-03-31"}, content_type="application/json")
    assert bad.status_code == 400 and "ends_on" in bad.json()
    unknown = client.post(f"{API}/contracts/", {
        "reference": "SMBC-2026-0003", "title": "X", "supplier": "SU-NONE-XX", "value": "1",
        "starts_on": "2026-04-01", "ends_on": "2026-05-31"}, content_type="application/json")
    assert unknown.status_code == 400 and "supplier" in unknown.json()
    patched = client.patch(f"{API}/contracts/{contract_id}/", {"modern_slavery_clauses": True},
                           content_type="application/json")
    assert patched.status_code == 200 and patched.json()["modern_slavery_clauses"] is True
    assert AuditEntry.objects.filter(action="contract.update", target_id=str(contract_id)).exists()
    assert client_as(Role.PROGRAMME_MANAGER).get(f"{API}/contracts/{contract_id}/").json()["title"] == \
        "Agency care staff"
    assert client.delete(f"{API}/contracts/{contract_id}/").status_code == 204
    assert not Contract.objects.filter(pk=contract_id).exists()
    assert client.get(f"{API}/contracts/{contract_id}/").status_code == 404


def test_the_contract_pages_add_change_and_remove():
    client = verified_client(officer())
    supplier = SupplierFactory(name="Oakfield Catering Ltd")
    form = {"reference": "SMBC-2023-0311", "title": "School meals", "supplier_reference": supplier.reference,
            "category": "Catering", "value": "2100000", "starts_on_0": "1", "starts_on_1": "9", "starts_on_2": "2023",
            "ends_on_0": "31", "ends_on_1": "8", "ends_on_2": "2023", "modern_slavery_clauses": "on"}
    response = client.post("/supply-chain/contracts/new/", form)
    assert "The end date must be the same as or after the start date" in response.content.decode()
    assert not Contract.objects.exists()
    response = client.post("/supply-chain/contracts/new/", {**form, "ends_on_2": "2027"})
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert contract.supplier == supplier and contract.modern_slavery_clauses
    page = client.get("/supply-chain/contracts/").content.decode()
    assert "SMBC-2023-0311" in page and "£2,100,000" in page
    response = client.post(f"/supply-chain/contracts/{contract.pk}/", {**form, "ends_on_2": "2027",
                                                                       "title": "School and nursery meals"})
    assert response.status_code == 302 and Contract.objects.get().title == "School and nursery meals"
    duplicate = client.post("/supply-chain/contracts/new/", {**form, "ends_on_2": "2027"})
    assert "A contract with this reference is already recorded" in duplicate.content.decode()
    assert client.post(f"/supply-chain/contracts/{contract.pk}/delete/").status_code == 302
    assert not Contract.objects.exists()


def test_contracts_show_in_the_due_diligence_section_of_the_suppliers_page():
    contract = ContractFactory(modern_slavery_clauses=False, title="Responsive repairs")
    page = verified_client(officer()).get(
        f"/supply-chain/suppliers/{contract.supplier.reference}/").content.decode()
    assert "Responsive repairs" in page and "£250,000" in page


def test_the_schema_documents_the_endpoints():
    response = verified_client(officer()).get("/api/schema/")
    text = response.content.decode()
    for path in ("/api/v1/supplier-questionnaires/{reference}/send/", "/api/v1/corrective-actions/{id}/status/",
                 "/api/v1/contracts/{id}/"):
        assert path in text
    assert Questionnaire.objects.count() == 0 and QuestionnaireStatus.ACKNOWLEDGED in text
