"""A SHOP meeting from its agenda to approved minutes, as the SHOP coordinator runs it (DOMAIN.md section 11).

The coordinator schedules a meeting, builds its agenda from the cases flagged for SHOP (by reference,
never names) and other business, publishes it, drafts the minutes of the last meeting, approves them at
this one (they lock), marks it held, records the discussion of a case and an action for the case's lead,
and drafts this meeting's minutes. A member who works cases finds the action in "My actions". Every page
is checked with axe-core.
"""

import re

import pytest
from django.utils import timezone

from lantern.governance.models import Meeting, MeetingAction, MeetingStatus
from lantern.partnership.models import Board


def fill_date(page, field: str, value) -> None:
    for part, number in enumerate((value.day, value.month, value.year)):
        page.locator(f"input[name='{field}_{part}']").fill(str(number))


def submit(journey, label: str, name: str) -> None:
    page = journey.page
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()
    journey.check(label)


@pytest.mark.django_db(transaction=True)
def test_shop_meeting_from_agenda_to_approved_minutes(journey, new_journey, sign_in):
    page = journey.page
    sign_in(journey, "shop.coordinator@sandwell.example")
    shop = Board.objects.get(short_name="SHOP")
    last = shop.meetings.get(status=MeetingStatus.HELD)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Governance").click()
    page.wait_for_url(journey.url("/governance/"))
    journey.check("governance overview")
    page.get_by_role("link", name=shop.name).click()
    journey.check("SHOP board")

    # The last meeting's minutes are drafted first (they are approved at the next meeting).
    journey.goto(f"/governance/meetings/{last.pk}/")
    journey.check("last SHOP meeting")
    page.get_by_role("link", name="Draft the minutes").click()
    journey.check("draft minutes of the last meeting")
    page.get_by_label("Minutes").fill("Cases reviewed by reference. Hand car wash visit plan agreed.")
    submit(journey, "last meeting with draft minutes", "Save draft minutes")

    # A new meeting today, built from the flagged cases.
    journey.goto(f"/governance/boards/{shop.pk}/")
    page.get_by_role("link", name="Schedule a meeting").click()
    journey.check("schedule a meeting")
    page.get_by_label("Title").fill("SHOP extraordinary meeting")
    fill_date(page, "day", timezone.localdate())
    page.get_by_label("Start time").fill("00:00")
    page.get_by_label("End time").fill("23:59")
    page.get_by_label("Location").fill("Sandwell Council House, Oldbury")
    assert page.get_by_label("Build the agenda from the cases flagged for SHOP").is_checked()
    submit(journey, "meeting scheduled", "Schedule meeting")
    meeting = Meeting.objects.get(title="SHOP extraordinary meeting")
    assert page.url == journey.url(f"/governance/meetings/{meeting.pk}/")

    submit(journey, "flagged cases on the agenda", "Add the cases flagged for SHOP")
    case_items = list(meeting.items.filter(kind="case").select_related("case", "case__person"))
    assert case_items
    agenda = page.locator("#agenda-items").inner_text()
    for item in case_items:
        assert item.case.person.family_name not in agenda
    page.get_by_role("link", name="Add other business").click()
    journey.check("add other business")
    page.get_by_label("Premises").check()
    page.get_by_label("Title").fill("Nail bar on the High Street: licensing visit")
    submit(journey, "other business added", "Add item")
    submit(journey, "agenda published", "Publish the agenda to members")
    assert page.locator("#meeting-status").inner_text() == "Agenda published"

    # At this meeting, the last one's minutes are approved and locked.
    page.get_by_role("link", name="Approve the last meeting's minutes").click()
    journey.check("approve the last minutes")
    page.get_by_role("radio").first.check()
    submit(journey, "last minutes approved", "Approve minutes")
    assert page.url == journey.url(f"/governance/meetings/{last.pk}/")
    assert "Approved and locked." in page.locator("main").inner_text()

    # The meeting is held: a case's discussion, and an action for its lead.
    journey.goto(f"/governance/meetings/{meeting.pk}/")
    submit(journey, "meeting held", "Mark as held")
    first = page.get_by_role("link", name=re.compile(r"^Record the discussion")).first
    first.click()
    journey.check("record the discussion")
    page.get_by_label("What was discussed").fill("Police shared an update on the address.")
    page.get_by_label("Decision (optional)").fill("Joint visit within two weeks.")
    submit(journey, "discussion recorded", "Save")
    recorded = meeting.items.exclude(discussed_at=None).select_related("case", "case__lead_worker").get()
    page.get_by_role("link", name="Record an action").click()
    journey.check("record an action")
    page.get_by_label("Action", exact=True).fill(f"Arrange the joint visit for {recorded.case.reference}")
    page.get_by_label("Owner").select_option(str(recorded.case.lead_worker.pk))
    fill_date(page, "due_on", timezone.localdate())
    page.get_by_label("Agenda item (optional)").select_option(str(recorded.pk))
    submit(journey, "action recorded", "Add action")
    action = MeetingAction.objects.get(meeting=meeting)
    assert action.task is not None and action.task.case == recorded.case

    page.get_by_role("link", name="Draft the minutes").click()
    page.get_by_label("Minutes").fill("One case discussed; joint visit agreed.")
    submit(journey, "this meeting's draft minutes", "Save draft minutes")
    page.get_by_role("link", name="Meeting pack to print").click()
    page.wait_for_load_state("load")
    assert recorded.case.reference in page.content()

    # The case's lead finds the action in "My actions".
    lead = new_journey("lead")
    sign_in(lead, recorded.case.lead_worker.email)
    lead.goto("/governance/my-actions/")
    lead.check("my actions")
    assert f"Action {action.pk}" in lead.page.locator("#my-actions").inner_text()
