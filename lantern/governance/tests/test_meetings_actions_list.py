"""The meeting actions list in the API: an action on a case item only for those with a need to know (and its
owner), and a page that costs the same number of queries however many actions it holds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.cases.tests.factories import worker
from lantern.governance.models import AgendaItem, MeetingAction, MeetingStatus
from lantern.governance.tests.factories import meeting
from tests.support import verified_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/governance/meeting-actions/"


@pytest.fixture
def held(shop_board, adult_case, restricted_child_case):
    """A held SHOP meeting with an adult's case, a child's case and other business on its agenda."""
    made = meeting(shop_board, days=-2, status=MeetingStatus.HELD)
    AgendaItem.objects.create(meeting=made, position=1, kind="case", case=adult_case)
    AgendaItem.objects.create(meeting=made, position=2, kind="case", case=restricted_child_case)
    AgendaItem.objects.create(meeting=made, position=3, kind="other", title="Trends")
    return made


def _add_actions(held, owner, each: int) -> dict[str, list[int]]:
    """``each`` actions on each item and ``each`` on none; their ids by what they hang on."""
    made: dict[str, list[int]] = {"adult": [], "child": [], "other": [], "none": []}
    items = {"adult": held.items.get(position=1), "child": held.items.get(position=2),
             "other": held.items.get(position=3), "none": None}
    for n in range(each):
        for key, item in items.items():
            action = MeetingAction.objects.create(
                meeting=held, item=item, description=f"Action {key} {n}", owner=owner, agency=owner.agency,
                due_on=timezone.localdate() + datetime.timedelta(days=n + 1))
            made[key].append(action.pk)
    return made


def _listed(client) -> set[int]:
    response = client.get(URL)
    assert response.status_code == 200
    return {action["id"] for action in response.json()["results"]}


def test_case_actions_are_listed_only_for_those_with_a_need_to_know_and_their_owner(coordinator, member, shop_board,
                                                                                    held):
    made = _add_actions(held, member, 1)
    not_on_team = worker(Role.CASE_WORKER)
    shop_board.members.add(not_on_team)
    held.attendees.create(user=not_on_team)

    # The coordinator oversees adults' cases, not this child's.
    assert _listed(verified_client(coordinator)) == {*made["adult"], *made["other"], *made["none"]}
    # A member who is not on either case's team sees no case action.
    assert _listed(verified_client(not_on_team)) == {*made["other"], *made["none"]}
    # The owner sees all of theirs.
    assert _listed(verified_client(member)) == {pk for ids in made.values() for pk in ids}


def test_a_page_of_actions_costs_the_same_queries_however_many_actions_it_holds(coordinator, member, held):
    client = verified_client(coordinator)
    client.get(URL)  # the session's first request settles the sign-in

    def queries_and_listed() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL)
        assert response.status_code == 200
        return len(captured.captured_queries), len(response.json()["results"])

    _add_actions(held, member, 1)
    few, listed_few = queries_and_listed()
    _add_actions(held, member, 5)
    many, listed_many = queries_and_listed()
    assert (listed_few, listed_many) == (3, 18)  # the child's case actions are not the coordinator's to see
    assert many == few
