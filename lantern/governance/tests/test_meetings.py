"""A SHOP meeting through the pages: scheduled, agenda built from the flagged cases and published, held,
discussion and actions recorded (on the case's timeline, and as tasks), minutes drafted, approved at the next
meeting, locked and corrected as a new version."""

import datetime

import pytest
from django.utils import timezone

from lantern.accounts.models import Notification
from lantern.audit.models import AuditEntry
from lantern.cases.models import CaseEvent, Task, TaskStatus
from lantern.cases.tests.factories import date_fields
from lantern.governance.models import AgendaItem, Meeting, MeetingAction, MeetingStatus, MinutesVersion
from lantern.governance.tests.factories import meeting
from tests.support import verified_client

pytestmark = pytest.mark.django_db


def _schedule(client, board, day: datetime.date, **extra):
    data = {"title": "SHOP monthly meeting", **date_fields("day", day), "starts": "10:00", "ends": "12:00",
            "location": "Council House, Oldbury", "link": "", "reviews_cases": "on", **extra}
    return client.post(f"/governance/boards/{board.pk}/meetings/new/", data)


def test_scheduling_invites_the_members_and_is_audited(coordinator, member, shop_board):
    client = verified_client(coordinator)
    response = _schedule(client, shop_board, timezone.localdate() + datetime.timedelta(days=10))
    held = Meeting.objects.get()
    assert response["Location"] == f"/governance/meetings/{held.pk}/"
    assert held.status == MeetingStatus.SCHEDULED and held.reviews_cases
    assert sorted(a.user.full_name for a in held.attendees.all()) == ["Daniel Okafor", "Priya Sandhu"]
    assert AuditEntry.objects.filter(action="meeting.schedule", target_id=str(held.pk)).exists()


def test_schedule_form_refuses_an_end_before_the_start(coordinator, shop_board):
    response = _schedule(verified_client(coordinator), shop_board, timezone.localdate(), starts="12:00", ends="11:00")
    assert response.status_code == 200
    assert "The meeting must end after it starts" in response.content.decode()
    assert not Meeting.objects.exists()


def test_agenda_lists_flagged_cases_by_reference_never_names(coordinator, member, shop_board, adult_case,
                                                             restricted_child_case):
    shop = verified_client(coordinator)
    upcoming = meeting(shop_board)
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/cases/")
    items = list(upcoming.items.order_by("position"))
    assert [i.case for i in items] == [adult_case, restricted_child_case] or \
        {i.case_id for i in items} == {adult_case.pk, restricted_child_case.pk}
    assert AgendaItem.objects.get(case=adult_case).reason == "Needs a multi-agency safety plan"
    # Added again: nothing doubles.
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/cases/")
    assert upcoming.items.count() == 2

    person = adult_case.person  # a name no page could hold by chance (a random surname can be "Ward" or "Hall")
    person.given_name, person.family_name = "Oyelaran", "Quixtable-Ndiaye"
    person.save()
    html = shop.get(f"/governance/meetings/{upcoming.pk}/").content.decode()
    assert adult_case.reference in html
    assert "Needs a multi-agency safety plan" in html
    assert adult_case.get_stage_display() in html and adult_case.get_route_display() in html
    assert "Quixtable" not in html and "Oyelaran" not in html
    # The coordinator has no need to know about the child's case: the item exists, its detail does not show.
    assert restricted_child_case.reference not in html
    assert "Missing episodes" not in html
    assert "a case (restricted)" in html and "1 restricted item" in html


def test_members_see_the_agenda_only_once_it_is_published(coordinator, member, shop_board, adult_case):
    upcoming = meeting(shop_board)
    shop = verified_client(coordinator)
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/cases/")
    daniel = verified_client(member)
    assert "The agenda has not been published yet." in daniel.get(f"/governance/meetings/{upcoming.pk}/").content.decode()

    shop.post(f"/governance/meetings/{upcoming.pk}/publish/")
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.AGENDA_PUBLISHED and upcoming.agenda_published_at
    html = daniel.get(f"/governance/meetings/{upcoming.pk}/").content.decode()
    assert adult_case.reference in html  # he works the case: he has a need to know
    told = Notification.objects.get(user=member, kind="governance.agenda_published")
    assert told.link == f"/governance/meetings/{upcoming.pk}/"
    assert adult_case.reference not in told.message


def test_a_board_viewer_sees_that_case_items_exist_but_no_detail(coordinator, shop_board, adult_case):
    from lantern.accounts.capabilities import Role
    from tests.support import make_user

    upcoming = meeting(shop_board, status=MeetingStatus.AGENDA_PUBLISHED)
    verified_client(coordinator).post(f"/governance/meetings/{upcoming.pk}/agenda/cases/")
    upcoming.refresh_from_db()
    # The agenda can still be added to once published (until the meeting is held).
    assert upcoming.items.count() == 1
    html = verified_client(make_user(Role.BOARD_VIEWER)).get(f"/governance/meetings/{upcoming.pk}/").content.decode()
    assert adult_case.reference not in html and "Needs a multi-agency" not in html
    assert "a case (restricted)" in html


def test_discussion_and_actions_reach_the_case_timeline_and_tasks(coordinator, member, shop_board, adult_case):
    shop = verified_client(coordinator)
    held = meeting(shop_board, days=-1, status=MeetingStatus.AGENDA_PUBLISHED)
    shop.post(f"/governance/meetings/{held.pk}/agenda/cases/")
    item = held.items.get()
    response = shop.post(f"/governance/meetings/{held.pk}/agenda/{item.pk}/",
                         {"discussion": "Police update on the address.", "decision": "Joint visit next week."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision == "Joint visit next week." and item.discussed_at
    line = CaseEvent.objects.filter(case=adult_case, kind="meeting.decision").get()
    assert line.summary == f"Discussed at the SHOP meeting of {timezone.localdate(held.starts_at):%-d %B %Y}: decision recorded"
    assert "Joint visit" not in line.summary  # free text stays, encrypted, with the meeting

    due = timezone.localdate() + datetime.timedelta(days=7)
    response = shop.post(f"/governance/meetings/{held.pk}/actions/new/", {
        "description": "Arrange the joint visit", "owner": member.pk, "agency": "", "item": item.pk,
        **date_fields("due_on", due)})
    assert response.status_code == 302, response.content.decode()
    action = MeetingAction.objects.get()
    assert action.agency == member.agency and action.task is not None
    task = Task.objects.get(pk=action.task_id)
    assert task.case == adult_case and task.owner == member and task.due_on == due
    assert CaseEvent.objects.filter(case=adult_case, kind="task.create").exists()
    # The case page shows the timeline lines to its team.
    page = verified_client(member).get(f"/cases/{adult_case.reference}/").content.decode()
    assert "Discussed at the SHOP meeting" in page

    # The owner marks it done: the case task is done too.
    verified_client(member).post(f"/governance/actions/{action.pk}/", {"status": "done", "note": "Visit made."})
    action.refresh_from_db()
    task.refresh_from_db()
    assert action.status == "done" and task.status == TaskStatus.DONE
    assert action.updates.get().note == "Visit made."
    assert AuditEntry.objects.filter(action="meeting_action.update", target_id=str(action.pk)).exists()


def test_a_case_action_owner_must_be_on_the_case_team(coordinator, shop_board, adult_case):
    shop = verified_client(coordinator)
    held = meeting(shop_board, days=-1, status=MeetingStatus.AGENDA_PUBLISHED)
    shop.post(f"/governance/meetings/{held.pk}/agenda/cases/")
    item = held.items.get()
    response = shop.post(f"/governance/meetings/{held.pk}/actions/new/", {
        "description": "Arrange the joint visit", "owner": coordinator.pk, "item": item.pk,
        **date_fields("due_on", timezone.localdate())})
    assert response.status_code == 200
    assert "The owner must be on the case team" in response.content.decode()
    assert not MeetingAction.objects.exists() and not Task.objects.filter(case=adult_case, owner=coordinator).exists()


def test_other_business_and_a_plain_action(coordinator, member, shop_board):
    shop = verified_client(coordinator)
    upcoming = meeting(shop_board, days=-1)
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/new/", {"kind": "premises", "title": "Car wash on the A41"})
    shop.post(f"/governance/meetings/{upcoming.pk}/publish/")
    item = upcoming.items.get()
    assert item.kind == "premises" and item.case is None
    response = shop.post(f"/governance/meetings/{upcoming.pk}/actions/new/", {
        "description": "Licensing visit", "owner": member.pk, "item": item.pk,
        **date_fields("due_on", timezone.localdate())})
    assert response.status_code == 302
    assert MeetingAction.objects.get().task is None


def test_attendance_apologies_and_a_guest(coordinator, member, shop_board):
    shop = verified_client(coordinator)
    upcoming = meeting(shop_board, days=-1, status=MeetingStatus.AGENDA_PUBLISHED)
    them = {a.user_id: a for a in upcoming.attendees.all()}
    shop.post(f"/governance/meetings/{upcoming.pk}/attendance/", {
        f"attendee_{them[coordinator.pk].pk}": "attended", f"attendee_{them[member.pk].pk}": "apologies"})
    shop.post(f"/governance/meetings/{upcoming.pk}/guests/new/", {
        "guest_name": "Sgt Ali Shah", "guest_agency": "British Transport Police", "status": "attended"})
    statuses = {a.name: a.status for a in upcoming.attendees.all()}
    assert statuses == {"Priya Sandhu": "attended", "Daniel Okafor": "apologies", "Sgt Ali Shah": "attended"}
    html = shop.get(f"/governance/meetings/{upcoming.pk}/").content.decode()
    assert "Sgt Ali Shah (guest)" in html and "Sent apologies" in html
    entry = AuditEntry.objects.get(action="meeting.attendee_add")
    assert "Ali Shah" not in str(entry.changes) and "Ali Shah" not in entry.target_label


def test_minutes_drafted_approved_at_the_next_meeting_locked_and_corrected(coordinator, member, shop_board):
    shop = verified_client(coordinator)
    first = meeting(shop_board, days=-30, status=MeetingStatus.AGENDA_PUBLISHED, title="March meeting")
    second = meeting(shop_board, days=30, title="May meeting")
    # The minutes wait for the meeting to be held.
    assert shop.post(f"/governance/meetings/{first.pk}/minutes/", {"body": "Draft"}).status_code == 200
    shop.post(f"/governance/meetings/{first.pk}/held/")
    shop.post(f"/governance/meetings/{first.pk}/minutes/", {"body": "Seven cases reviewed."})
    shop.post(f"/governance/meetings/{first.pk}/minutes/", {"body": "Eight cases reviewed."})
    first.refresh_from_db()
    assert first.status == MeetingStatus.MINUTES_DRAFTED
    assert [(v.number, v.body) for v in first.minutes_versions.all()] == [(1, "Eight cases reviewed.")]

    # Not yet: the next meeting has not started (the approval page is not there yet).
    assert shop.get(f"/governance/meetings/{second.pk}/minutes/approve/").status_code == 200
    response = shop.post(f"/governance/meetings/{second.pk}/minutes/approve/", {"meeting": first.pk})
    assert "The next meeting has not started yet" in response.content.decode()

    Meeting.objects.filter(pk=second.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5),
                                                ends_at=timezone.now() + datetime.timedelta(hours=1))
    shop.post(f"/governance/meetings/{second.pk}/publish/")
    response = shop.post(f"/governance/meetings/{second.pk}/minutes/approve/", {"meeting": first.pk})
    assert response["Location"] == f"/governance/meetings/{first.pk}/"
    first.refresh_from_db()
    assert first.status == MeetingStatus.MINUTES_APPROVED and first.minutes_approved_at_id == second.pk

    # Locked: the draft cannot be edited...
    assert shop.post(f"/governance/meetings/{first.pk}/minutes/", {"body": "Changed"}).status_code == 200
    assert MinutesVersion.objects.get(meeting=first, number=1).body == "Eight cases reviewed."
    # ...a correction is a new, audited version with its reason.
    shop.post(f"/governance/meetings/{first.pk}/minutes/correct/",
              {"body": "Nine cases reviewed.", "reason": "One case was missed from the count."})
    versions = list(first.minutes_versions.order_by("number"))
    assert [(v.number, v.body) for v in versions] == [(1, "Eight cases reviewed."), (2, "Nine cases reviewed.")]
    assert versions[1].reason == "One case was missed from the count."
    assert AuditEntry.objects.filter(action="meeting.minutes_correct", changes__version=2).exists()
    html = shop.get(f"/governance/meetings/{first.pk}/").content.decode()
    assert "Nine cases reviewed." in html and "Approved and locked." in html and "Version 2" in html


def test_minutes_are_approved_only_at_the_next_meeting(coordinator, shop_board):
    from lantern.governance import services

    first = meeting(shop_board, days=-60, status=MeetingStatus.HELD)
    meeting(shop_board, days=-30, status=MeetingStatus.HELD)
    third = meeting(shop_board, days=-1, status=MeetingStatus.HELD)
    services.minutes_draft(meeting=first, acting_user=coordinator, body="Minutes")
    with pytest.raises(Exception, match="next meeting"):
        services.minutes_approve(meeting=first, acting_user=coordinator, at_meeting=third)
    # The approval page of a meeting with no minutes to approve does not exist.
    assert verified_client(coordinator).get(f"/governance/meetings/{third.pk}/minutes/approve/").status_code == 404


def test_lifecycle_refuses_moves_out_of_order(coordinator, shop_board):
    shop = verified_client(coordinator)
    upcoming = meeting(shop_board, days=3)
    shop.post(f"/governance/meetings/{upcoming.pk}/held/")  # not published, not started
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.SCHEDULED
    shop.post(f"/governance/meetings/{upcoming.pk}/cancel/")
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.CANCELLED
    shop.post(f"/governance/meetings/{upcoming.pk}/publish/")
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.CANCELLED
