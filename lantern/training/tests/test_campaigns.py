"""The campaign register through HTTP: create, edit, reach, materials, and who may use it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType
from lantern.audit.models import AuditEntry
from lantern.training.models import Campaign, CampaignMaterial, CampaignReach
from lantern.training.tests.helpers_campaigns import MANAGERS, a_campaign, campaign_post
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client():
    return verified_client(make_user(Role.TRAINING_COORDINATOR))


def test_a_coordinator_adds_a_campaign_with_partner_agencies(coordinator_client):
    police = Agency.objects.create(name="West Midlands Police", agency_type=AgencyType.POLICE)
    response = coordinator_client.post("/training/campaigns/new/", campaign_post(partner_agencies=[police.pk]))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/training/campaigns/{campaign.reference}/"
    assert campaign.channels == ["social_media", "leaflets"]  # in the list's order
    assert list(campaign.partner_agencies.all()) == [police]
    assert (campaign.starts_on, campaign.ends_on) == (datetime.date(2026, 5, 1), datetime.date(2026, 6, 30))
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Nail bars" in page and "West Midlands Police" in page and "Leaflets" in page
    entry = AuditEntry.objects.get(action="campaign.create")
    assert entry.target_id == str(campaign.pk)
    assert "Nail bars" in coordinator_client.get("/training/campaigns/").content.decode()


def test_a_campaign_needs_a_channel_and_an_end_after_its_start(coordinator_client):
    response = coordinator_client.post("/training/campaigns/new/", campaign_post(
        channels=[], ends_on_0="1", ends_on_1="4", ends_on_2="2026"))
    page = response.content.decode()
    assert "Select at least one channel" in page
    response = coordinator_client.post("/training/campaigns/new/", campaign_post(ends_on_0="1", ends_on_1="4"))
    assert "The end date must be the same as or after the start date" in response.content.decode()
    assert not Campaign.objects.exists()


def test_editing_a_campaign_is_audited_with_what_changed(coordinator_client):
    campaign = a_campaign()
    url = f"/training/campaigns/{campaign.reference}/edit/"
    assert 'value="Taxi drivers"' in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url, campaign_post(title="Taxi and private hire drivers", channels=["event"]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Taxi and private hire drivers" and campaign.channels == ["event"]
    entry = AuditEntry.objects.get(action="campaign.update")
    assert entry.changes["title"] == "Taxi and private hire drivers"


def test_reach_figures_add_up_by_channel(coordinator_client):
    campaign = a_campaign()
    url = f"/training/campaigns/{campaign.reference}/reach/"
    for count in ("400", "250"):
        response = coordinator_client.post(url, {"channel": "leaflets", "measure": "leaflets_handed_out", "count": count,
                                                 "recorded_on_0": "10", "recorded_on_1": "3", "recorded_on_2": "2026"})
        assert response.status_code == 302
    coordinator_client.post(url, {"channel": "event", "measure": "attendees", "count": "60",
                                  "recorded_on_0": "20", "recorded_on_1": "3", "recorded_on_2": "2026"})
    assert CampaignReach.objects.count() == 3
    page = coordinator_client.get(f"/training/campaigns/{campaign.reference}/").content.decode()
    assert "650" in page and "710 in all" in page
    assert AuditEntry.objects.filter(action="campaign.reach_add").count() == 3


def test_a_reach_figure_must_be_a_whole_number_of_zero_or_more(coordinator_client):
    campaign = a_campaign()
    response = coordinator_client.post(f"/training/campaigns/{campaign.reference}/reach/", {
        "channel": "leaflets", "measure": "leaflets_handed_out", "count": "-3",
        "recorded_on_0": "10", "recorded_on_1": "3", "recorded_on_2": "2026"})
    assert "The number must be 0 or more" in response.content.decode()
    assert not CampaignReach.objects.exists()


def test_a_material_is_stored_encrypted_with_its_language_and_version(coordinator_client):
    campaign = a_campaign()
    content = b"Spot the signs. Call 999 in an emergency.\n"
    response = coordinator_client.post(f"/training/campaigns/{campaign.reference}/materials/", {
        "file": SimpleUploadedFile("leaflet.txt", content, content_type="text/plain"),
        "title": "Leaflet", "language": "Polish", "version": "2"})
    assert response.status_code == 302
    material = CampaignMaterial.objects.get()
    assert (material.language, material.version, material.campaign) == ("Polish", "2", campaign)
    from django.core.files.storage import default_storage
    with default_storage.open(material.storage_path, "rb") as handle:
        assert content not in handle.read()
    download = coordinator_client.get(f"/training/campaigns/{campaign.reference}/materials/{material.pk}/")
    assert download.status_code == 200 and download.content == content
    assert campaign.reference in download["Content-Disposition"] and "leaflet" not in download["Content-Disposition"]
    assert AuditEntry.objects.filter(action="campaign.material_download").exists()
    # The same version again is refused.
    again = coordinator_client.post(f"/training/campaigns/{campaign.reference}/materials/", {
        "file": SimpleUploadedFile("leaflet.txt", content, content_type="text/plain"),
        "title": "Leaflet", "language": "Polish", "version": "2"})
    assert "already has this version" in again.content.decode()


def test_a_file_of_the_wrong_type_is_refused(coordinator_client):
    campaign = a_campaign()
    response = coordinator_client.post(f"/training/campaigns/{campaign.reference}/materials/", {
        "file": SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        "title": "Leaflet", "language": "English", "version": "1"})
    assert "must be a PDF" in response.content.decode() and not CampaignMaterial.objects.exists()


def test_an_unknown_campaign_or_material_is_not_found(coordinator_client):
    campaign = a_campaign()
    assert coordinator_client.get("/training/campaigns/AC-2222-222/").status_code == 404
    assert coordinator_client.get(f"/training/campaigns/{campaign.reference}/materials/999/").status_code == 404


def test_access_to_every_campaign_page(client):
    campaign = a_campaign()
    material_url = f"/training/campaigns/{campaign.reference}/materials/"
    for url in ("/training/campaigns/", "/training/campaigns/new/", "/training/campaigns/comparison/",
                f"/training/campaigns/{campaign.reference}/", f"/training/campaigns/{campaign.reference}/edit/",
                f"/training/campaigns/{campaign.reference}/reach/", material_url):
        assert_access(url, allowed=MANAGERS, refused=FORBIDDEN)
        assert client.get(url)["Location"].startswith("/sign-in/")
    # Writes too: a refused role changes nothing.
    assert_access("/training/campaigns/new/", method="post", data=campaign_post(title="x"), allowed=MANAGERS,
                  refused=FORBIDDEN)
    assert Campaign.objects.filter(title="x").count() == len(MANAGERS)
    assert_access(f"/training/campaigns/{campaign.reference}/reach/", method="post", allowed=MANAGERS,
                  refused=FORBIDDEN, data={"channel": "event", "measure": "attendees", "count": "1",
                                           "recorded_on_0": "1", "recorded_on_1": "3", "recorded_on_2": "2026"})
    assert CampaignReach.objects.count() == len(MANAGERS)


def test_access_to_a_material_download():
    campaign = a_campaign()
    user = make_user(Role.TRAINING_COORDINATOR)
    verified_client(user).post(f"/training/campaigns/{campaign.reference}/materials/", {
        "file": SimpleUploadedFile("a.txt", b"hello\n"), "title": "A", "language": "English", "version": "1"})
    material = CampaignMaterial.objects.get()
    assert_access(f"/training/campaigns/{campaign.reference}/materials/{material.pk}/", allowed=MANAGERS,
                  refused=FORBIDDEN)
