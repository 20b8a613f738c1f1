"""The suppliers API: for the procurement team and the programme manager, with names and spend totals."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from lantern.accounts.capabilities import Role
from lantern.accounts.services import api_token_create
from lantern.audit.models import AuditEntry
from lantern.supply_chain.models import MatchStatus
from lantern.supply_chain.tests.factories_suppliers import SpendLineFactory, SupplierFactory, placed_name
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def token_client(role: str) -> APIClient:
    _token, raw = api_token_create(user=make_user(role), name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def biffa():
    supplier = SupplierFactory(name="Biffa Waste Services Ltd", company_number="00946107")
    name = placed_name(supplier, "BIFFA WASTE SERVICES LTD")
    placed_name(supplier, "Biffa Waste Services Limi", status=MatchStatus.REVIEW, match_confidence=0.93,
                match_reason="“Biffa Waste Services Limi” looks cut short at 25 characters")
    SpendLineFactory(payee=name, amount=Decimal("2500.00"))
    SpendLineFactory(payee=name, amount=Decimal("-500.00"))
    return supplier


@pytest.mark.parametrize("role", [Role.PROCUREMENT_OFFICER, Role.PROGRAMME_MANAGER])
def test_the_list_and_detail_give_names_and_spend(role, biffa) -> None:
    client = token_client(role)
    listed = client.get("/api/v1/suppliers/").json()["results"]
    assert listed == [{"reference": biffa.reference, "name": "Biffa Waste Services Ltd", "company_number": "00946107",
                       "charity_number": "", "vat_number": "", "total_spend": "2000.00", "name_count": 2,
                       "has_review": True}]
    detail = client.get(f"/api/v1/suppliers/{biffa.reference}/").json()
    assert detail["total_spend"] == "2000.00" and detail["payments"] == 2
    assert {n["name"]: n["match_status"] for n in detail["names"]} == {
        "BIFFA WASTE SERVICES LTD": "automatic", "Biffa Waste Services Limi": "review"}
    assert detail["spend_by_year"] == [{"year": 2020, "total": "2000.00", "count": 2}]
    assert AuditEntry.objects.filter(action="supplier.view", target_id=str(biffa.pk)).exists()


def test_the_list_searches_by_name_and_company_number(biffa) -> None:
    other = SupplierFactory(name="Veolia ES Leeds Limited")
    client = token_client(Role.PROCUREMENT_OFFICER)
    assert [s["reference"] for s in client.get("/api/v1/suppliers/?q=veolia").json()["results"]] == [other.reference]
    assert [s["reference"] for s in client.get("/api/v1/suppliers/?q=946107").json()["results"]] == [biffa.reference]
    assert [s["reference"] for s in client.get("/api/v1/suppliers/?state=review").json()["results"]] == [biffa.reference]


@pytest.mark.parametrize("role", [r for r in Role.values if r not in (Role.PROCUREMENT_OFFICER, Role.PROGRAMME_MANAGER)])
def test_other_roles_are_refused(role, biffa) -> None:
    client = verified_client(make_user(role))
    assert client.get("/api/v1/suppliers/").status_code == 403
    assert client.get(f"/api/v1/suppliers/{biffa.reference}/").status_code == 403


def test_an_unknown_supplier_is_not_found() -> None:
    assert token_client(Role.PROCUREMENT_OFFICER).get("/api/v1/suppliers/SU-2222-222/").status_code == 404


def test_the_schema_documents_the_suppliers_api() -> None:
    schema = verified_client(make_user(Role.PROCUREMENT_OFFICER)).get("/api/schema/").content.decode()
    assert "/api/v1/suppliers/" in schema and "/api/v1/suppliers/{reference}/" in schema
    assert "spend_by_year" in schema and "match_confidence" in schema
