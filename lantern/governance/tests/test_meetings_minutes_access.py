"""SHOP's minutes speak of the cases it discussed: they follow the cases' need-to-know, not board membership."""

import pytest

from lantern.accounts.capabilities import Role
from lantern.cases.tests.factories import worker
from lantern.governance.models import MeetingStatus, MinutesVersion
from lantern.governance.tests.factories import board, meeting
from tests.support import verified_client

pytestmark = pytest.mark.django_db

TEXT = "Agreed a joint visit with the GLAA."



def test_a_member_who_may_see_every_case_reads_approved_minutes_but_not_the_draft(
        coordinator, member, shop_board, adult_case):
    made = meeting(shop_board, days=-3, status=MeetingStatus.MINUTES_DRAFTED)
    made.items.create(position=1, kind="case", case=adult_case, title="")
    MinutesVersion.objects.create(meeting=made, number=1, body=TEXT, created_by=coordinator)
    url = f"/governance/meetings/{made.pk}/"
    assert TEXT in verified_client(coordinator).get(url).content.decode()  # who runs it
    draft = verified_client(member).get(url).content.decode()
    assert TEXT not in draft and 'id="minutes-withheld"' in draft

    made.refresh_from_db()
    _minutes_lock(made)
    assert TEXT in verified_client(member).get(url).content.decode()


def _minutes_lock(made) -> None:
    made.status = MeetingStatus.MINUTES_APPROVED
    made.minutes_approved_at = meeting(made.board, days=1, status=MeetingStatus.HELD)
    made.save()


def test_a_member_who_may_not_see_a_case_on_the_agenda_never_reads_the_minutes(
        coordinator, member, shop_board, restricted_child_case):
    made = meeting(shop_board, days=-3, status=MeetingStatus.MINUTES_DRAFTED)
    made.items.create(position=1, kind="case", case=restricted_child_case, title="")
    MinutesVersion.objects.create(meeting=made, number=1, body=TEXT, created_by=coordinator)
    _minutes_lock(made)
    client = verified_client(member)
    for url in (f"/governance/meetings/{made.pk}/", f"/governance/meetings/{made.pk}/print/",
                f"/api/v1/governance/meetings/{made.pk}/"):
        response = client.get(url)
        assert response.status_code == 200 and TEXT not in response.content.decode(), url
    assert client.get(f"/api/v1/governance/meetings/{made.pk}/").json()["minutes"] is None


def test_a_strategic_boards_minutes_are_for_every_member(coordinator):
    viewer = worker(Role.BOARD_VIEWER)
    sasp = board("SASP", members=[coordinator, viewer])
    made = meeting(sasp, days=-3, status=MeetingStatus.MINUTES_DRAFTED, reviews_cases=False)
    MinutesVersion.objects.create(meeting=made, number=1, body=TEXT, created_by=coordinator)
    assert TEXT in verified_client(viewer).get(f"/governance/meetings/{made.pk}/").content.decode()
