"""Who may open each meeting page and endpoint, for every role: allowed, and refused with the one status the
rule names (404 where the meeting is hidden, 403 where it is seen but the action is not theirs)."""

import datetime

import pytest
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.governance.models import MeetingAction, MeetingStatus, MinutesVersion
from lantern.governance.tests.factories import board, meeting
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user

pytestmark = pytest.mark.django_db

READERS = {Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER, Role.BOARD_VIEWER}
MANAGERS = {Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER}
EVERYONE = set(Role.values)


@pytest.fixture
def shop_board(db):
    return board("SHOP")


def _member_of(shop_board):
    return lambda user: shop_board.members.add(user)


@pytest.fixture
def held(shop_board):
    made = meeting(shop_board, days=-2, status=MeetingStatus.HELD)
    made.items.create(position=1, kind="trends", title="Car washes")
    return made


@pytest.fixture
def action(held):
    owner = make_user(Role.CASE_WORKER)
    return MeetingAction.objects.create(meeting=held, description="Visit", owner=owner, agency=owner.agency,
                                        due_on=timezone.localdate() + datetime.timedelta(days=3))


def test_overview_and_my_actions_are_for_governance_roles(shop_board):
    for url in ("/governance/", "/governance/my-actions/"):
        assert_access(url, allowed=READERS, refused=FORBIDDEN)


def test_board_members_without_a_governance_role_reach_their_pages(shop_board, held):
    member = _member_of(shop_board)
    for url in ("/governance/", "/governance/my-actions/", f"/governance/boards/{shop_board.pk}/",
                f"/governance/meetings/{held.pk}/", f"/governance/meetings/{held.pk}/print/",
                f"/governance/meetings/{held.pk}/meeting.ics"):
        assert_access(url, allowed=EVERYONE, setup=member)


def test_a_meeting_is_hidden_from_those_off_its_board(shop_board, held):
    for url in (f"/governance/boards/{shop_board.pk}/", f"/governance/meetings/{held.pk}/",
                f"/governance/meetings/{held.pk}/print/", f"/governance/meetings/{held.pk}/meeting.ics",
                f"/governance/meetings/{held.pk}/pack.pdf", f"/api/v1/governance/meetings/{held.pk}/"):
        assert_access(url, allowed=READERS, refused=NOT_FOUND)


def test_running_a_meeting_is_for_managers(shop_board, held):
    member = _member_of(shop_board)
    item = held.items.get()
    for url in (f"/governance/boards/{shop_board.pk}/meetings/new/", f"/governance/meetings/{held.pk}/attendance/",
                f"/governance/meetings/{held.pk}/guests/new/", f"/governance/meetings/{held.pk}/actions/new/",
                f"/governance/meetings/{held.pk}/minutes/", f"/governance/meetings/{held.pk}/agenda/new/",
                f"/governance/meetings/{held.pk}/agenda/{item.pk}/"):
        assert_access(url, allowed=MANAGERS, refused=FORBIDDEN, setup=member)
        assert_access(url, allowed=MANAGERS | {Role.BOARD_VIEWER}, ok=(200, 302, 403), refused=NOT_FOUND)


def test_lifecycle_moves_are_for_managers(shop_board):
    member = _member_of(shop_board)
    for move in ("publish", "held", "cancel", "agenda/cases"):
        upcoming = meeting(shop_board, days=-1)
        assert_access(f"/governance/meetings/{upcoming.pk}/{move}/", method="post", allowed=MANAGERS,
                      refused=FORBIDDEN, setup=member)
    approved = meeting(shop_board, days=-40, status=MeetingStatus.MINUTES_APPROVED,
                       minutes_approved_at=meeting(shop_board, days=-10, status=MeetingStatus.HELD))
    MinutesVersion.objects.create(meeting=approved, number=1, body="Minutes")
    assert_access(f"/governance/meetings/{approved.pk}/minutes/correct/", allowed=MANAGERS, refused=FORBIDDEN,
                  setup=member)


def test_an_action_is_read_by_those_who_see_its_meeting_and_updated_by_its_owner_or_managers(shop_board, action):
    assert_access(f"/governance/actions/{action.pk}/", allowed=READERS, refused=NOT_FOUND)
    assert_access(f"/api/v1/governance/meeting-actions/{action.pk}/", allowed=READERS, refused=NOT_FOUND)
    assert_access(f"/governance/actions/{action.pk}/", method="post", data={"status": "in_progress", "note": "x"},
                  allowed=MANAGERS, refused=FORBIDDEN, setup=_member_of(shop_board), ok=(200, 302, 400))
    assert_access(f"/api/v1/governance/meeting-actions/{action.pk}/update/", method="post", data={"status": "done"},
                  allowed=MANAGERS, refused=FORBIDDEN, setup=_member_of(shop_board), ok=(200, 400))


def test_the_api_lists_are_open_to_every_verified_user_and_show_only_what_they_may_see(held):
    assert_access("/api/v1/governance/meetings/", allowed=EVERYONE)
    assert_access("/api/v1/governance/meeting-actions/?mine=true", allowed=EVERYONE)
