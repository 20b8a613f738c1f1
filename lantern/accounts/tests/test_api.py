"""Personal API tokens, the who-am-I endpoint, the agencies endpoint and the API docs."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lantern.accounts import services
from lantern.accounts.capabilities import Role
from lantern.accounts.models import ApiToken
from lantern.accounts.tests.factories import AgencyFactory, ApiTokenFactory
from lantern.accounts.tests.helpers import error_summary, sign_in
from lantern.audit.models import AuditEntry
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db

REFUSED = (401, 403)


@pytest.fixture
def worker():
    return make_user(Role.CASE_WORKER, email="daniel.okafor@lantern.example", full_name="Daniel Okafor")


def bearer(raw: str, path: str = "/api/v1/me/"):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")


def create_token_via_page(client: Client, name: str = "Monthly statistics script", days: int = 30) -> str:
    response = client.post("/account/api-tokens/new/", {"name": name, "days": days})
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('class="lantern-secret">', 1)[1].split("<", 1)[0].strip()


def test_token_page_shows_the_raw_token_once(worker):
    client = verified_client(worker)
    form = client.get("/account/api-tokens/new/")
    assert "Create an API token" in form.content.decode()

    response = client.post("/account/api-tokens/new/", {"name": "Monthly statistics script", "days": 30})
    html = response.content.decode()
    assert "Copy the token now. You will not see it again." in html
    raw = create_token_via_page(client, name="Second script")
    assert raw.startswith("lnt_") and len(raw) > 40

    token = ApiToken.objects.get(name="Second script")
    assert token.digest == ApiToken.digest_for(raw)
    assert raw not in {token.digest, token.prefix}  # only a digest is kept
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)

    account = client.get("/account/").content.decode()
    assert "Second script" in account and token.prefix in account
    assert raw not in account
    assert AuditEntry.objects.filter(action="api_token.create", actor=worker).count() == 2


def test_token_form_requires_a_name(worker):
    response = verified_client(worker).post("/account/api-tokens/new/", {"name": "", "days": 90})
    assert "Enter what the token is for" in error_summary(response)
    assert not ApiToken.objects.exists()


def test_bearer_token_authenticates_the_api(worker):
    raw = create_token_via_page(verified_client(worker))
    response = bearer(raw)
    assert response.status_code == 200
    data = response.json()
    assert data["email"] == "daniel.okafor@lantern.example"
    assert data["full_name"] == "Daniel Okafor"
    assert data["roles"] == [Role.CASE_WORKER]
    assert "case.work" in data["capabilities"] and "accounts.manage_users" not in data["capabilities"]
    assert data["agency"]["name"] == worker.agency.name
    assert ApiToken.objects.get(user=worker).last_used_at is not None


def test_revoked_token_is_refused(worker):
    client = verified_client(worker)
    raw = create_token_via_page(client)
    token = ApiToken.objects.get(user=worker)
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/", follow=True)
    assert "The token &#x27;Monthly statistics script&#x27; has been revoked." in response.content.decode()
    assert "Revoked" in response.content.decode()
    assert bearer(raw).status_code in REFUSED
    assert AuditEntry.objects.filter(action="api_token.revoke", actor=worker).exists()


def test_expired_token_is_refused(worker):
    token = ApiTokenFactory(user=worker, raw="lnt_expired-token-for-testing-0000000000000")
    assert bearer("lnt_expired-token-for-testing-0000000000000").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert bearer("lnt_expired-token-for-testing-0000000000000").status_code in REFUSED
    assert "Expired" in verified_client(worker).get("/account/").content.decode()


@pytest.mark.parametrize(
    "header",
    ["Bearer lnt_made-up-token-value", "Bearer not-a-lantern-token", "Bearer lnt_a lnt_b", "Bearer"],
)
def test_made_up_or_malformed_tokens_are_refused(worker, header):
    ApiTokenFactory(user=worker)
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=header).status_code in REFUSED


def test_anonymous_api_call_is_refused(db):
    response = Client().get("/api/v1/me/")
    assert response.status_code in REFUSED


def test_token_of_a_deactivated_user_is_refused(worker):
    ApiTokenFactory(user=worker, raw="lnt_deactivated-user-token-0000000000000000")
    worker.is_active = False
    worker.save()
    assert bearer("lnt_deactivated-user-token-0000000000000000").status_code in REFUSED


def test_user_cannot_revoke_someone_elses_token(worker):
    other = make_user(Role.PROGRAMME_MANAGER)
    theirs = ApiTokenFactory(user=other, raw="lnt_someone-elses-token-00000000000000000")
    response = verified_client(worker).post(f"/account/api-tokens/{theirs.pk}/revoke/")
    assert response.status_code == 404
    assert bearer("lnt_someone-elses-token-00000000000000000").status_code == 200


def test_revoking_an_unknown_token_is_not_found(worker):
    assert verified_client(worker).post("/account/api-tokens/999999/revoke/").status_code == 404


def test_roles_without_api_use_see_no_token_section(db):
    board = make_user(Role.BOARD_VIEWER)
    html = verified_client(board).get("/account/").content.decode()
    assert "API tokens" not in html
    assert "Create an API token" not in html
    assert "Create an API token" in verified_client(make_user(Role.CASE_WORKER)).get("/account/").content.decode()


def test_token_stops_working_when_the_user_loses_api_access(worker, admin_client):
    raw = create_token_via_page(verified_client(worker))
    admin_client.post(f"/users/{worker.pk}/change/", {
        "full_name": worker.full_name, "email": worker.email, "job_title": "", "agency": worker.agency_id,
        "roles": [Role.BOARD_VIEWER],
    })
    assert bearer(raw).status_code in REFUSED


def test_session_api_for_verified_users(worker):
    response = verified_client(worker).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == worker.email


def test_agencies_endpoint_lists_the_partnership(worker):
    AgencyFactory(name="West Midlands Police", agency_type="police")
    response = verified_client(worker).get("/api/v1/agencies/")
    assert response.status_code == 200
    names = [a["name"] for a in response.json()]
    assert names == sorted(names)
    assert "West Midlands Police" in names
    police = next(a for a in response.json() if a["name"] == "West Midlands Police")
    assert set(police) == {"id", "name", "short_name", "agency_type", "is_first_responder",
                           "is_childrens_services", "is_active"}
    detail = verified_client(worker).get(f"/api/v1/agencies/{police['id']}/")
    assert detail.json()["name"] == "West Midlands Police"


def test_agencies_endpoint_is_read_only(worker):
    agency = AgencyFactory(name="West Midlands Police", agency_type="police")
    _, raw = services.api_token_create(user=worker, name="Script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    client = Client()
    created = client.post("/api/v1/agencies/", {"name": "New", "agency_type": "other"},
                          content_type="application/json", **auth)
    assert created.status_code == 405
    changed = client.patch(f"/api/v1/agencies/{agency.pk}/", {"name": "Renamed"},
                           content_type="application/json", **auth)
    assert changed.status_code == 405
    assert client.delete(f"/api/v1/agencies/{agency.pk}/", **auth).status_code == 405
    agency.refresh_from_db()
    assert agency.name == "West Midlands Police"


def test_api_schema_and_docs_for_verified_users(worker):
    client = verified_client(worker)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "Lantern API" in text
    assert "/api/v1/me/" in text and "/api/v1/agencies/" in text
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "swagger" in docs.content.decode().lower()


def test_api_schema_and_docs_refuse_anonymous_and_unverified_users(worker):
    assert Client().get("/api/schema/").status_code in REFUSED
    assert Client().get("/api/docs/").status_code in REFUSED
    unverified, _ = sign_in(worker.email)
    assert unverified.get("/api/schema/").status_code in REFUSED


def test_api_token_is_accepted_for_the_schema(worker):
    token, raw = services.api_token_create(user=worker, name="CI")
    assert bearer(raw, "/api/schema/").status_code == 200
