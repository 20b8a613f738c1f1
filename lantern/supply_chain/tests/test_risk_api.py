"""The risk API: latest screenings and their history, and the risk model's versions, under the
pages' access rules; documented in the schema."""

import pytest
from django.utils.html import escape
from rest_framework.test import APIClient

from lantern.accounts.capabilities import Role
from lantern.accounts.services import api_token_create
from lantern.supply_chain.services import risk as risk_services
from lantern.supply_chain.tests.factories_risk import pay, supplier
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def token_client(role: str) -> APIClient:
    _token, raw = api_token_create(user=make_user(role), name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def screened():
    officer = make_user(Role.PROCUREMENT_OFFICER)
    cleaner = supplier("Sparkle Cleaning Ltd")
    pay(cleaner, 5_000, expense_type="Cleaning")
    paper = supplier("Paper Co")
    pay(paper, 500, expense_type="Stationery")
    risk_services.suppliers_screen(acting_user=officer)
    return {"cleaner": cleaner, "paper": paper, "officer": officer}


def test_latest_screenings_are_listed_highest_score_first_with_reasons(screened):
    response = token_client(Role.PROGRAMME_MANAGER).get("/api/v1/supply-chain/risk/suppliers/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["supplier_name"] for r in results] == ["Sparkle Cleaning Ltd", "Paper Co"]
    first = results[0]
    assert first["band"] == "high" and first["score"] == 45 and first["model_version"] == 1
    assert first["reasons"] == [{"factor": "category", "points": 45,
                                 "text": "cleaning services: PPN high-risk industry, GLAA sector of concern"}]


def test_the_list_filters_by_band_and_refuses_an_unknown_band(screened):
    client = token_client(Role.PROCUREMENT_OFFICER)
    low = client.get("/api/v1/supply-chain/risk/suppliers/?band=low").json()["results"]
    assert [r["supplier_name"] for r in low] == ["Paper Co"]
    assert client.get("/api/v1/supply-chain/risk/suppliers/?band=purple").status_code == 404


def test_one_supplier_s_screening_and_its_history(screened):
    client = token_client(Role.PROCUREMENT_OFFICER)
    cleaner = screened["cleaner"]
    risk_services.suppliers_screen(acting_user=screened["officer"])
    one = client.get(f"/api/v1/supply-chain/risk/suppliers/{cleaner.pk}/").json()
    assert one["supplier_reference"] == cleaner.reference and one["is_latest"] is True
    history = client.get(f"/api/v1/supply-chain/risk/suppliers/{cleaner.pk}/history/").json()
    assert [h["is_latest"] for h in history] == [True, False]
    assert client.get("/api/v1/supply-chain/risk/suppliers/999999/").status_code == 404
    assert client.get("/api/v1/supply-chain/risk/suppliers/999999/history/").status_code == 404


def test_the_current_model_and_its_versions(screened):
    client = token_client(Role.PROGRAMME_MANAGER)
    current = client.get("/api/v1/supply-chain/risk/models/current/").json()
    assert current["version"] == 1 and current["definition"]["weights"]["ppn_industry"] == 35
    assert current["created_by"] is None and current["source"] == "risk_model_v1.json"
    assert [m["version"] for m in client.get("/api/v1/supply-chain/risk/models/").json()["results"]] == [1]
    assert client.get("/api/v1/supply-chain/risk/models/1/").status_code == 200


@pytest.mark.parametrize("role", [Role.BOARD_VIEWER, Role.CASE_WORKER, Role.SHOP_COORDINATOR])
def test_roles_without_the_supply_chain_are_refused(screened, role):
    client = verified_client(make_user(role))  # signed in (board viewers have no API token)
    for url in ("/api/v1/supply-chain/risk/suppliers/", f"/api/v1/supply-chain/risk/suppliers/{screened['paper'].pk}/",
                "/api/v1/supply-chain/risk/models/current/"):
        assert client.get(url).status_code == 403, url


def test_the_endpoints_are_in_the_schema(db):
    client = verified_client(make_user(Role.PROCUREMENT_OFFICER))
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in ("/api/v1/supply-chain/risk/suppliers/", "/api/v1/supply-chain/risk/suppliers/{supplier_id}/",
                 "/api/v1/supply-chain/risk/suppliers/{supplier_id}/history/",
                 "/api/v1/supply-chain/risk/models/current/", "/api/v1/supply-chain/risk/models/{version}/"):
        assert path in paths, path
    parameters = paths["/api/v1/supply-chain/risk/suppliers/"]["get"]["parameters"]
    assert any(p["name"] == "band" and p["in"] == "query" for p in parameters)


def test_risk_is_read_per_contract_on_the_register_and_through_the_api(screened):
    from lantern.supply_chain.tests.factories_diligence import ContractFactory

    cleaning = ContractFactory(supplier=screened["cleaner"], reference="SMBC-C-1", category="Office cleaning")
    # A supplier screened low whose contract buys agency staff: the contract's category says why it matters.
    staffing = ContractFactory(supplier=screened["paper"], reference="SMBC-C-2", category="Agency staff for care homes")
    unscreened = ContractFactory(reference="SMBC-C-3", category="")
    results = {c["reference"]: c["risk"] for c in
               token_client(Role.PROGRAMME_MANAGER).get("/api/v1/contracts/").json()["results"]}
    assert results["SMBC-C-1"]["band"] == "high" and results["SMBC-C-1"]["score"] == 45
    assert results["SMBC-C-1"]["category_reasons"] == ["cleaning services: PPN high-risk industry, "
                                                       "GLAA sector of concern"]
    assert results["SMBC-C-2"]["band"] == "low" and results["SMBC-C-2"]["category_reasons"] == ["agency labour"]
    assert results["SMBC-C-3"] == {"band": "", "band_label": "", "score": None, "summary": "", "category_reasons": []}
    one = token_client(Role.PROCUREMENT_OFFICER).get(f"/api/v1/contracts/{cleaning.pk}/").json()
    assert one["risk"]["band_label"] == "High"
    page = verified_client(screened["officer"]).get("/supply-chain/contracts/").content.decode()
    assert "cleaning services: PPN high-risk industry" in page and "not screened yet" in page
    # The factory's company names may hold an apostrophe ("O'Brien Group Ltd"), which the page escapes.
    assert escape(unscreened.supplier.name) in page and staffing.reference in page
    schema = verified_client(screened["officer"]).get("/api/schema/").content.decode()
    assert "category_reasons" in schema
