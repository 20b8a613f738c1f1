"""Who may use each pledge page and endpoint: every role, allowed and refused, and the public pages
for anyone (signed in or not)."""

import pytest
from django.test import Client

from lantern.accounts.capabilities import Capability, Role, roles_with
from lantern.governance.tests.pledge_support import approved, requested
from tests.support import FORBIDDEN, assert_access, make_user, verified_client

pytestmark = pytest.mark.django_db

READERS = roles_with(Capability.VIEW_GOVERNANCE) | roles_with(Capability.MANAGE_PLEDGE)
MANAGERS = {Role.PROGRAMME_MANAGER}


def test_the_pledge_is_the_programme_managers_alone():
    # SHOP coordinators manage meetings (MANAGE_GOVERNANCE) but not who signs in the partnership's name.
    assert roles_with(Capability.MANAGE_PLEDGE) == MANAGERS
    assert READERS == {Role.PROGRAMME_MANAGER, Role.SHOP_COORDINATOR, Role.BOARD_VIEWER}


@pytest.mark.parametrize("path", ["/pledge/", "/pledge/sign/"])
def test_the_public_pages_open_for_anyone(path):
    assert Client().get(path).status_code == 200
    assert_access(path, allowed=set(Role.values))


def test_the_register_and_a_signatorys_page():
    signatory = requested()
    assert_access("/governance/pledge/", allowed=READERS, refused=FORBIDDEN)
    assert_access(f"/governance/pledge/{signatory.reference}/", allowed=READERS, refused=FORBIDDEN)
    assert verified_client(make_user(Role.PROGRAMME_MANAGER)).get("/governance/pledge/PL-ZZZZ-ZZZ/").status_code == 404


def test_signed_out_people_are_sent_to_sign_in():
    signatory = requested()
    for path in ("/governance/pledge/", f"/governance/pledge/{signatory.reference}/",
                 f"/governance/pledge/{signatory.reference}/approve/"):
        response = Client().get(path)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert Client().get("/api/v1/governance/pledge-signatories/").status_code in (401, 403)


@pytest.mark.parametrize("action", ["approve", "decline"])
def test_deciding_a_request(action):
    signatory = requested()
    assert_access(f"/governance/pledge/{signatory.reference}/{action}/", allowed=MANAGERS, refused=FORBIDDEN)
    data = {"reason": "Not in the borough"} if action == "decline" else {}
    # Posted by every other role, nothing changes; the programme manager's decision goes through.
    assert_access(f"/governance/pledge/{signatory.reference}/{action}/", method="post", data=data,
                  allowed=MANAGERS, refused=FORBIDDEN, ok=(302, 400))


@pytest.mark.parametrize("action", ["withdraw", "follow-up"])
def test_acting_on_a_signatory(action):
    signatory = approved()
    assert_access(f"/governance/pledge/{signatory.reference}/{action}/", allowed=MANAGERS, refused=FORBIDDEN)
    assert_access(f"/governance/pledge/{signatory.reference}/{action}/", method="post", data={},
                  allowed=MANAGERS, refused=FORBIDDEN, ok=(400,))


def test_the_api():
    signatory = requested()
    assert_access("/api/v1/governance/pledge-signatories/", allowed=READERS, refused=FORBIDDEN)
    assert_access(f"/api/v1/governance/pledge-signatories/{signatory.reference}/", allowed=READERS, refused=FORBIDDEN)
    for action in ("approve", "decline", "withdraw", "follow-ups"):
        assert_access(f"/api/v1/governance/pledge-signatories/{signatory.reference}/{action}/", method="post", data={},
                      allowed=MANAGERS, refused=FORBIDDEN, ok=(200, 201, 400))
