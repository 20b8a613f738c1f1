"""System administrators add and change the partnership's agencies."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType
from lantern.accounts.tests.factories import AgencyFactory
from lantern.accounts.tests.helpers import error_summary
from lantern.audit.models import AuditEntry
from tests.support import make_user

pytestmark = pytest.mark.django_db


def agency_data(**overrides):
    data = {
        "name": "The Salvation Army",
        "short_name": "",
        "agency_type": AgencyType.VOLUNTARY,
        "is_first_responder": "on",
        "first_responder_code": "The Salvation Army",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_agency_list_shows_agencies_with_active_user_counts(admin_client, admin_user):
    police = AgencyFactory(name="West Midlands Police", agency_type=AgencyType.POLICE, is_first_responder=True)
    make_user(Role.CASE_WORKER, agency=police)
    gone = make_user(Role.CASE_WORKER, agency=police)
    gone.is_active = False
    gone.save()
    AgencyFactory(name="Closed Project", is_active=False, is_first_responder=False)

    html = admin_client.get("/agencies/").content.decode()
    row = html.split("West Midlands Police", 1)[1].split("</tr>", 1)[0]
    assert "Police" in row and "Yes" in row
    assert 'govuk-table__cell--numeric">1<' in row  # one active user
    closed = html.split("Closed Project", 1)[1].split("</tr>", 1)[0]
    assert "Inactive" in closed
    assert f'href="/agencies/{police.pk}/change/"' in html


def test_admin_adds_an_agency(admin_client, admin_user):
    response = admin_client.post("/agencies/new/", agency_data(), follow=True)
    assert response.redirect_chain == [("/agencies/", 302)]
    assert "The Salvation Army has been saved." in response.content.decode()
    agency = Agency.objects.get(name="The Salvation Army")
    assert agency.agency_type == AgencyType.VOLUNTARY
    assert agency.is_first_responder and agency.is_active and not agency.is_childrens_services
    entry = AuditEntry.objects.get(action="agency.create")
    assert entry.actor == admin_user
    assert entry.target_id == str(agency.pk)
    assert entry.changes["name"] == "The Salvation Army"


def test_admin_changes_an_agency(admin_client, admin_user):
    agency = AgencyFactory(name="Barnardos", agency_type=AgencyType.VOLUNTARY)
    page = admin_client.get(f"/agencies/{agency.pk}/change/").content.decode()
    assert "Change Barnardos" in page
    assert 'value="Barnardos"' in page

    response = admin_client.post(
        f"/agencies/{agency.pk}/change/",
        agency_data(name="Barnardo's", is_childrens_services="on", first_responder_code="Barnardo's"),
    )
    assert response["Location"] == "/agencies/"
    agency.refresh_from_db()
    assert agency.name == "Barnardo's" and agency.is_childrens_services
    entry = AuditEntry.objects.get(action="agency.update")
    assert entry.actor == admin_user and entry.target_id == str(agency.pk)


def test_an_invalid_change_keeps_the_agencys_own_name_in_the_heading(admin_client):
    agency = AgencyFactory(name="Barnardos", agency_type=AgencyType.VOLUNTARY)
    response = admin_client.post(f"/agencies/{agency.pk}/change/", agency_data(name="Barnardo's", agency_type=""))
    assert response.status_code == 200
    html = error_summary(response)
    assert "Choose the type of organisation" in html
    assert "Change Barnardos" in html and "Change Barnardo&#x27;s" not in html
    assert Agency.objects.get(pk=agency.pk).name == "Barnardos"
    assert not AuditEntry.objects.filter(action="agency.update").exists()


def test_agency_change_is_audited_with_what_changed(admin_client):
    agency = AgencyFactory(name="Barnardos", agency_type=AgencyType.VOLUNTARY)
    admin_client.post(
        f"/agencies/{agency.pk}/change/",
        agency_data(name="Barnardo's", is_childrens_services="on", first_responder_code="Barnardo's"),
    )
    entry = AuditEntry.objects.get(action="agency.update")
    assert entry.changes["name"] == "Barnardo's"
    assert entry.changes["is_childrens_services"] is True
    assert "agency_type" not in entry.changes  # unchanged fields are not listed


def test_admin_deactivates_an_agency(admin_client):
    agency = AgencyFactory(name="Old Service", agency_type=AgencyType.OTHER)
    admin_client.post(f"/agencies/{agency.pk}/change/", agency_data(name="Old Service", is_active=None))
    agency.refresh_from_db()
    assert agency.is_active is False


def test_agency_form_errors(admin_client):
    AgencyFactory(name="West Midlands Police", agency_type=AgencyType.POLICE)
    response = admin_client.post("/agencies/new/", agency_data(name="", agency_type=""))
    html = error_summary(response)
    assert "Enter the agency&#x27;s name" in html
    assert "Choose the type of organisation" in html

    duplicate = admin_client.post("/agencies/new/", agency_data(name="West Midlands Police"))
    assert "An agency with this name already exists" in error_summary(duplicate)
    assert Agency.objects.filter(name="West Midlands Police").count() == 1
    assert not AuditEntry.objects.filter(action="agency.create").exists()
