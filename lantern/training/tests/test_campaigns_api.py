"""The campaign register's JSON API and its OpenAPI schema."""

import pytest
from rest_framework.test import APIClient

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.training.models import Campaign
from lantern.training.tests.helpers_campaigns import MANAGERS, a_campaign
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

BODY = {"title": "Car washes", "aim": "Customers know the signs.", "audience": "public",
        "channels": ["posters", "social_media"], "starts_on": "2026-06-01", "ends_on": "2026-06-30"}


def api_client(role: str = Role.TRAINING_COORDINATOR) -> APIClient:
    return verified_client(make_user(role), APIClient())  # type: ignore[arg-type]


def test_create_read_update_and_add_reach():
    client = api_client()
    created = client.post("/api/v1/training/campaigns/", BODY, format="json")
    assert created.status_code == 201, created.content
    reference = created.json()["reference"]
    assert created.json()["channels"] == ["social_media", "posters"]
    listed = client.get("/api/v1/training/campaigns/").json()["results"]
    assert [c["reference"] for c in listed] == [reference]
    changed = client.patch(f"/api/v1/training/campaigns/{reference}/", {"title": "Hand car washes"}, format="json")
    assert changed.status_code == 200 and changed.json()["title"] == "Hand car washes"
    reach = client.post(f"/api/v1/training/campaigns/{reference}/reach/",
                        {"channel": "posters", "measure": "people_reached", "count": 300, "recorded_on": "2026-06-30"},
                        format="json")
    assert reach.status_code == 201
    detail = client.get(f"/api/v1/training/campaigns/{reference}/").json()
    assert detail["reach_total"] == 300 and detail["reach"][0]["channel"] == "posters"
    assert AuditEntry.objects.filter(action__in=["campaign.create", "campaign.update", "campaign.reach_add"]).count() == 3


def test_bad_input_is_a_400_with_the_field():
    client = api_client()
    response = client.post("/api/v1/training/campaigns/", {**BODY, "ends_on": "2026-05-01"}, format="json")
    assert response.status_code == 400 and "ends_on" in response.json()
    response = client.post("/api/v1/training/campaigns/", {**BODY, "channels": ["carrier_pigeon"]}, format="json")
    assert response.status_code == 400 and "channels" in response.json()
    assert not Campaign.objects.exists()


def test_an_unknown_campaign_is_404():
    assert api_client().get("/api/v1/training/campaigns/AC-2222-222/").status_code == 404


def test_access_for_every_role_and_anonymous():
    campaign = a_campaign()
    for url in ("/api/v1/training/campaigns/", f"/api/v1/training/campaigns/{campaign.reference}/"):
        assert_access(url, allowed=MANAGERS, refused=FORBIDDEN)
        assert APIClient().get(url).status_code in (401, 403)
    assert_access(f"/api/v1/training/campaigns/{campaign.reference}/reach/", method="post", allowed=MANAGERS,
                  refused=FORBIDDEN, ok=(201,),
                  data={"channel": "event", "measure": "attendees", "count": 3, "recorded_on": "2026-03-02"})
    assert campaign.reach.count() == len(MANAGERS)


def test_the_schema_documents_the_campaign_endpoints():
    schema = verified_client(make_user(Role.TRAINING_COORDINATOR)).get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/training/campaigns/" in schema["paths"]
    assert "/api/v1/training/campaigns/{reference}/reach/" in schema["paths"]
    assert "Campaign" in schema["components"]["schemas"]
