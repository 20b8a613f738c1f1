"""Who may open each partnership page: everyone reads, only system administrators configure."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Role
from lantern.audit.models import AuditEntry
from lantern.partnership.models import Area, Board, Partnership
from lantern.partnership.tests.factories import AreaFactory, BoardFactory, PartnershipFactory
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

ADMIN = {Role.SYSTEM_ADMINISTRATOR}
EVERYONE = set(Role.values)


@pytest.fixture
def area():
    return AreaFactory(name="Abbey")


@pytest.fixture
def board():
    return BoardFactory(name="Child Exploitation Board", short_name="CEB")


def test_overview_is_for_every_role():
    assert_access("/partnership/", allowed=EVERYONE, ok=(200,))


@pytest.mark.parametrize(
    "template",
    ["/partnership/change/", "/partnership/areas/new/", "/partnership/areas/{area}/change/",
     "/partnership/boards/new/", "/partnership/boards/{board}/change/"],
)
def test_configuration_pages_are_for_system_administrators_only(template, area, board):
    assert_access(template.format(area=area.pk, board=board.pk), allowed=ADMIN, ok=(200,), refused=FORBIDDEN)


def test_only_administrators_can_rename_the_partnership():
    PartnershipFactory()
    data = {"name": "Renamed Partnership", "country": "england"}
    for role in EVERYONE - ADMIN:
        assert verified_client(make_user(role)).post("/partnership/change/", data).status_code == 403
    assert Partnership.objects.get().name == "Sandwell Anti-Slavery Partnership"
    assert_access("/partnership/change/", method="post", data=data, allowed=ADMIN, ok=(302,), refused=FORBIDDEN)
    assert Partnership.objects.get().name == "Renamed Partnership"


def test_only_administrators_can_add_areas_and_boards():
    for role in EVERYONE - ADMIN:
        client = verified_client(make_user(role))
        assert client.post("/partnership/areas/new/", {"name": "Sneaky Ward", "kind": "ward"}).status_code == 403
        assert client.post("/partnership/boards/new/", {"name": "Sneaky Board"}).status_code == 403
    assert not Area.objects.exists() and not Board.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["area.create", "board.create"]).exists()


def test_only_administrators_can_change_areas_and_boards(area, board):
    for role in EVERYONE - ADMIN:
        client = verified_client(make_user(role))
        assert client.post(f"/partnership/areas/{area.pk}/change/", {"name": "X", "kind": "ward"}).status_code == 403
        assert client.post(f"/partnership/boards/{board.pk}/change/", {"name": "X"}).status_code == 403
    area.refresh_from_db()
    board.refresh_from_db()
    assert (area.name, board.name) == ("Abbey", "Child Exploitation Board")


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/partnership/areas/999999/change/"), ("post", "/partnership/areas/999999/change/"),
     ("get", "/partnership/boards/999999/change/"), ("post", "/partnership/boards/999999/change/")],
)
def test_unknown_areas_and_boards_are_not_found(admin_client, method, url):
    assert getattr(admin_client, method)(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/partnership/", "/partnership/change/", "/partnership/areas/new/", "/partnership/boards/new/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")
