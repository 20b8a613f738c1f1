"""Administrators configure the partnership: its name, areas and boards. Everyone may read it."""

import re

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.accounts.tests.factories import AgencyFactory
from lantern.audit.models import AuditEntry
from lantern.partnership.models import Area, AreaKind, Board, Partnership
from lantern.partnership.tests.factories import AreaFactory, BoardFactory, PartnershipFactory
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def header_name(html: str) -> str:
    return re.search(r'<span class="lantern-header__partnership">([^<]*)</span>', html).group(1)


def partnership_data(**overrides):
    data = {"name": "Sandwell Anti-Slavery Partnership", "short_name": "SASP",
            "local_authority": "Sandwell Metropolitan Borough Council",
            "strategy_title": "Striving for a Slavery Free Sandwell 2022-2027",
            "contact_email": "antislavery@sandwell.example", "country": "england"}
    data.update(overrides)
    return data


def area_data(**overrides):
    data = {"name": "Tipton Green", "kind": AreaKind.WARD, "code": "E05001254", "is_active": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def board_data(**overrides):
    data = {"name": "Slavery and Human Trafficking Operational Partnership", "short_name": "SHOP",
            "purpose": "Operational response: day-to-day coordination of cases.", "meeting_frequency": "Monthly",
            "parent": "", "is_active": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- The partnership's details --------------------------------------------------------


def test_fallback_name_until_the_partnership_is_configured(admin_client):
    html = admin_client.get("/").content.decode()
    assert header_name(html) == "Anti-slavery partnership"


def test_admin_names_the_partnership_and_every_page_shows_it(admin_client, admin_user):
    form = admin_client.get("/partnership/change/").content.decode()
    assert "Change the partnership&#x27;s details" in form

    response = admin_client.post("/partnership/change/", partnership_data(), follow=True)
    assert response.redirect_chain == [("/partnership/", 302)]
    html = response.content.decode()
    assert "The partnership&#x27;s details have been saved." in html
    assert header_name(html) == "Sandwell Anti-Slavery Partnership"
    assert '<h1 class="govuk-heading-l">Sandwell Anti-Slavery Partnership</h1>' in html
    assert "Striving for a Slavery Free Sandwell 2022-2027" in html
    assert 'href="mailto:antislavery@sandwell.example"' in html

    # Everyone sees the new name in the header, even before signing in.
    assert header_name(verified_client(make_user(Role.CASE_WORKER)).get("/").content.decode()) == (
        "Sandwell Anti-Slavery Partnership"
    )
    assert header_name(Client().get("/sign-in/").content.decode()) == "Sandwell Anti-Slavery Partnership"

    entry = AuditEntry.objects.get(action="partnership.update")
    assert entry.actor == admin_user
    assert entry.changes["name"] == "Sandwell Anti-Slavery Partnership"


def test_renaming_keeps_one_partnership_and_audits_only_the_change(admin_client):
    PartnershipFactory()
    admin_client.post("/partnership/change/", partnership_data(name="Sandwell Partnership Against Slavery"))
    assert Partnership.objects.count() == 1
    assert Partnership.objects.get().name == "Sandwell Partnership Against Slavery"
    assert AuditEntry.objects.get(action="partnership.update").changes == {
        "name": "Sandwell Partnership Against Slavery",
        "strategy_title": "Striving for a Slavery Free Sandwell 2022-2027",
        "contact_email": "antislavery@sandwell.example",
    }
    page = admin_client.get("/partnership/").content.decode()
    assert header_name(page) == "Sandwell Partnership Against Slavery"


def test_empty_name_is_refused_with_a_govuk_error(admin_client):
    PartnershipFactory()
    response = admin_client.post("/partnership/change/", partnership_data(name=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter the partnership&#x27;s name" in html
    assert "<title>Error: " in html
    assert Partnership.objects.get().name == "Sandwell Anti-Slavery Partnership"
    assert not AuditEntry.objects.filter(action="partnership.update").exists()


def test_bad_contact_email_is_refused(admin_client):
    response = admin_client.post("/partnership/change/", partnership_data(contact_email="not an email"))
    assert "govuk-error-summary" in response.content.decode()
    assert not Partnership.objects.exists()


# --- Areas ----------------------------------------------------------------------------


def test_admin_adds_an_area(admin_client, admin_user):
    form = admin_client.get("/partnership/areas/new/").content.decode()
    assert "Add an area" in form
    response = admin_client.post("/partnership/areas/new/", area_data(), follow=True)
    assert response.redirect_chain == [("/partnership/", 302)]
    html = response.content.decode()
    assert "Tipton Green has been saved." in html
    area = Area.objects.get(name="Tipton Green")
    assert f'href="/partnership/areas/{area.pk}/change/">Tipton Green</a>' in html
    assert "1 area." in html
    entry = AuditEntry.objects.get(action="area.create")
    assert entry.actor == admin_user and entry.target_id == str(area.pk)
    assert entry.changes["name"] == "Tipton Green" and entry.changes["code"] == "E05001254"


def test_area_form_errors(admin_client):
    AreaFactory(name="Tipton Green")
    empty = admin_client.post("/partnership/areas/new/", area_data(name=""))
    assert "Enter the area&#x27;s name" in empty.content.decode()
    duplicate = admin_client.post("/partnership/areas/new/", area_data())
    assert "An area with this name already exists" in duplicate.content.decode()
    assert Area.objects.count() == 1


def test_area_taken_out_of_use_leaves_the_overview(admin_client):
    area = AreaFactory(name="Old Ward")
    response = admin_client.post(f"/partnership/areas/{area.pk}/change/", area_data(name="Old Ward", is_active=None),
                                 follow=True)
    assert response.redirect_chain == [("/partnership/", 302)]
    assert "0 areas." in response.content.decode()
    area.refresh_from_db()
    assert area.is_active is False
    assert "Old Ward" not in admin_client.get("/partnership/").content.decode()
    assert AuditEntry.objects.filter(action="area.update", target_id=str(area.pk)).exists()


def test_a_refused_area_change_keeps_the_areas_own_name_and_saves_nothing(admin_client):
    area = AreaFactory(name="Tipton", code="")
    response = admin_client.post(f"/partnership/areas/{area.pk}/change/", area_data(name="Tipton Green", kind=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert '<h1 class="govuk-heading-l">Change Tipton</h1>' in html
    assert Area.objects.get(pk=area.pk).name == "Tipton"
    assert not AuditEntry.objects.filter(action="area.update").exists()


def test_a_changed_board_is_named_in_full_in_the_message(admin_client):
    board = BoardFactory(name="Sandwell Anti-Slavery Partnership", short_name="SASP")
    response = admin_client.post(f"/partnership/boards/{board.pk}/change/",
                                 board_data(name="Sandwell Anti-Slavery Partnership Board", short_name="SASP"),
                                 follow=True)
    assert response.redirect_chain == [("/partnership/", 302)]
    assert "Sandwell Anti-Slavery Partnership Board has been saved." in response.content.decode()
    assert AuditEntry.objects.get(action="board.update").changes["name"] == "Sandwell Anti-Slavery Partnership Board"


def test_area_change_is_audited_with_what_changed(admin_client):
    area = AreaFactory(name="Tipton", code="")
    admin_client.post(f"/partnership/areas/{area.pk}/change/", area_data(name="Tipton Green"))
    entry = AuditEntry.objects.get(action="area.update")
    assert entry.changes == {"name": "Tipton Green", "code": "E05001254"}


# --- Boards ---------------------------------------------------------------------------


def test_admin_adds_a_board_reporting_to_another(admin_client, admin_user):
    sasp = BoardFactory(name="Sandwell Anti-Slavery Partnership", short_name="SASP")
    form = admin_client.get("/partnership/boards/new/").content.decode()
    assert "Add a board" in form and "Reports to no other body" in form

    response = admin_client.post("/partnership/boards/new/", board_data(parent=sasp.pk), follow=True)
    html = response.content.decode()
    assert "Slavery and Human Trafficking Operational Partnership has been saved." in html
    board = Board.objects.get(short_name="SHOP")
    assert board.parent == sasp
    row = html.split("Slavery and Human Trafficking Operational Partnership</a>", 1)[1].split("</tr>", 1)[0]
    assert "SASP" in row and "Monthly" in row

    entry = AuditEntry.objects.get(action="board.create")
    assert entry.actor == admin_user and entry.target_id == str(board.pk)
    assert entry.changes["name"] == "Slavery and Human Trafficking Operational Partnership"
    assert entry.changes["parent"] == sasp.pk


def test_board_form_errors(admin_client):
    BoardFactory(name="Child Exploitation Board")
    empty = admin_client.post("/partnership/boards/new/", board_data(name=""))
    assert "Enter the board&#x27;s name" in empty.content.decode()
    duplicate = admin_client.post("/partnership/boards/new/", board_data(name="Child Exploitation Board"))
    assert "A board with this name already exists" in duplicate.content.decode()
    assert Board.objects.count() == 1


def test_board_cannot_report_to_itself(admin_client):
    board = BoardFactory(name="Early Help Partnership")
    form = admin_client.get(f"/partnership/boards/{board.pk}/change/").content.decode()
    assert f'<option value="{board.pk}"' not in form
    response = admin_client.post(f"/partnership/boards/{board.pk}/change/",
                                 board_data(name="Early Help Partnership", parent=board.pk))
    assert "govuk-error-summary" in response.content.decode()
    board.refresh_from_db()
    assert board.parent is None


def test_boards_cannot_report_to_each_other_in_a_loop(admin_client):
    sasp = BoardFactory(name="Sandwell Anti-Slavery Partnership", short_name="SASP")
    shop = BoardFactory(name="SHOP", short_name="SHOP", parent=sasp)
    response = admin_client.post(f"/partnership/boards/{sasp.pk}/change/",
                                 board_data(name=sasp.name, short_name="SASP", parent=shop.pk))
    assert "govuk-error-summary" in response.content.decode()
    sasp.refresh_from_db()
    assert sasp.parent is None


def test_inactive_board_is_marked_on_the_overview(admin_client):
    BoardFactory(name="Old Group", is_active=False)
    html = admin_client.get("/partnership/").content.decode()
    row = html.split("Old Group", 1)[1].split("</tr>", 1)[0]
    assert "Inactive" in row


# --- The overview for readers -----------------------------------------------------------


def test_readers_see_the_partnership_without_edit_controls():
    PartnershipFactory()
    AreaFactory(name="Abbey")
    BoardFactory(name="Child Exploitation Board", short_name="CEB")
    AgencyFactory(name="West Midlands Police", agency_type="police", is_first_responder=True)
    html = verified_client(make_user(Role.BOARD_VIEWER)).get("/partnership/").content.decode()
    for text in ["Abbey", "Child Exploitation Board", "West Midlands Police", "First responder"]:
        assert text in html
    for control in ["/partnership/change/", "/partnership/areas/", "/partnership/boards/", "Add a board",
                    "Add an area"]:
        assert control not in html


def test_admin_sees_the_edit_controls(admin_client):
    html = admin_client.get("/partnership/").content.decode()
    for control in ['href="/partnership/change/"', 'href="/partnership/boards/new/"', 'href="/partnership/areas/new/"']:
        assert control in html


def test_overview_lists_only_active_agencies(admin_client):
    AgencyFactory(name="Current Agency")
    AgencyFactory(name="Closed Agency", is_active=False)
    html = admin_client.get("/partnership/").content.decode()
    assert "Current Agency" in html and "Closed Agency" not in html
