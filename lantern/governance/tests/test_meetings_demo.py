"""`seed_demo` adds the boards' meetings once: SASP's with approved minutes and actions, SHOP's built from the
flagged cases, and the next ones."""

from io import StringIO

import pytest
from django.core.management import call_command

from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.cases.models import Case, CaseEvent, CaseStatus, Task
from lantern.governance.models import MeetingAction, MeetingStatus
from lantern.partnership.models import Board
from tests.support import verified_client

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_meetings_once():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Added 5 demo board meetings." in out.getvalue()
    sasp = Board.objects.get(short_name="SASP")
    shop = Board.objects.get(short_name="SHOP")
    past_sasp = sasp.meetings.order_by("starts_at").first()
    assert past_sasp.status == MeetingStatus.MINUTES_APPROVED
    assert past_sasp.minutes_approved_at.board == sasp and past_sasp.minutes_versions.count() == 1
    statuses = set(MeetingAction.objects.filter(meeting=past_sasp).values_list("status", flat=True))
    assert statuses == {"done", "open"}
    last_shop = shop.meetings.filter(status=MeetingStatus.HELD).get()
    flagged = Case.objects.filter(shop_flagged=True, status=CaseStatus.OPEN)
    assert flagged.exists()
    assert set(last_shop.items.filter(kind="case").values_list("case_id", flat=True)) == set(flagged.values_list("pk", flat=True))
    case_actions = MeetingAction.objects.filter(meeting=last_shop, task__isnull=False)
    assert case_actions.exists()
    for action in case_actions:
        assert Task.objects.filter(pk=action.task_id, owner=action.owner).exists()
        assert CaseEvent.objects.filter(case=action.item.case, kind="meeting.decision").exists()
    assert shop.meetings.filter(status=MeetingStatus.SCHEDULED).count() == 1
    assert sasp.meetings.filter(status=MeetingStatus.SCHEDULED).count() == 1

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "demo board meetings" not in again.getvalue()

    coordinator = User.objects.get(email=demo_email("shop.coordinator"))
    client = verified_client(coordinator)
    assert client.get("/governance/").status_code == 200
    assert client.get(f"/governance/meetings/{last_shop.pk}/").status_code == 200
