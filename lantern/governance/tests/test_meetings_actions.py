"""'My actions' across boards (overdue first), daily reminders, the meeting pack (print, PDF), the calendar
entry and the JSON API."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Notification
from lantern.audit.models import AuditEntry
from lantern.governance import reminders
from lantern.governance.models import AgendaItem, MeetingAction, MeetingStatus
from lantern.governance.tests.factories import board, meeting
from tests.support import make_user, verified_client

pytestmark = pytest.mark.django_db


def _action(on_meeting, owner, days: int, **fields):
    return MeetingAction.objects.create(meeting=on_meeting, description=fields.pop("description", "Do it"),
                                        owner=owner, agency=owner.agency,
                                        due_on=timezone.localdate() + datetime.timedelta(days=days), **fields)


def test_my_actions_across_boards_overdue_first(coordinator, member, shop_board):
    sasp = board("SASP", members=[member])
    shop_meeting = meeting(shop_board, days=-10, status=MeetingStatus.HELD)
    sasp_meeting = meeting(sasp, days=-20, status=MeetingStatus.HELD)
    later = _action(shop_meeting, member, 10, description="Later one")
    overdue_little = _action(sasp_meeting, member, -1, description="A little overdue")
    overdue_most = _action(shop_meeting, member, -9, description="Most overdue")
    soon = _action(sasp_meeting, member, 2, description="Soon")
    _action(shop_meeting, member, -30, description="Done long ago", status="done", completed_at=timezone.now())
    _action(shop_meeting, coordinator, -5, description="Someone else's")

    html = verified_client(member).get("/governance/my-actions/").content.decode()
    order = [a.description for a in (overdue_most, overdue_little, soon, later)]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Done long ago" not in html and "Someone else" not in html
    assert html.count("Overdue</strong>") == 2


def test_owners_are_reminded_once_a_day(coordinator, member, shop_board, django_capture_on_commit_callbacks):
    held = meeting(shop_board, days=-10, status=MeetingStatus.HELD)
    due = _action(held, member, 0, description="Ring the landlord about Mr Smith")
    overdue = _action(held, member, -3)
    _action(held, member, 5)  # not due yet
    _action(held, coordinator, -3, status="cancelled")  # closed
    member.notify_by_email = True
    member.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_action_reminders() == 2
    told = Notification.objects.filter(user=member, kind="governance.action_due").order_by("reference")
    assert [n.reference for n in told] == sorted([f"Action {due.pk}", f"Action {overdue.pk}"])
    assert all("Smith" not in n.message and "landlord" not in n.message for n in told)
    assert any("is overdue" in n.message for n in told)
    assert len(mail.outbox) == 2 and all("Smith" not in m.body for m in mail.outbox)
    # The same day again: no one is told twice.
    assert reminders.send_action_reminders() == 0
    # The next day, still open: told again.
    assert reminders.send_action_reminders(today=timezone.localdate() + datetime.timedelta(days=1)) == 2


def test_reminders_run_from_the_daily_schedule(settings):
    from lantern.governance.tasks import send_action_reminders_task

    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule[send_action_reminders_task.name] == 60 * 60 * 24


def test_calendar_entry(coordinator, shop_board, adult_case):
    upcoming = meeting(shop_board, link="https://meet.example/shop", title="SHOP monthly meeting")
    AgendaItem.objects.create(meeting=upcoming, position=1, kind="case", case=adult_case, reason="Why")
    response = verified_client(coordinator).get(f"/governance/meetings/{upcoming.pk}/meeting.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    from icalendar import Calendar

    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "SHOP: SHOP monthly meeting"
    assert event.decoded("DTSTART") == upcoming.starts_at
    assert event.decoded("DTEND") == upcoming.ends_at
    assert str(event["LOCATION"]) == "Council House, Oldbury"
    assert "https://meet.example/shop" in str(event["DESCRIPTION"])
    assert f"/governance/meetings/{upcoming.pk}/" in str(event["DESCRIPTION"])
    assert adult_case.reference.encode() not in response.content  # no case in anyone's calendar


def test_meeting_pack_prints_and_downloads_as_pdf_with_what_the_reader_may_see(coordinator, member, shop_board,
                                                                              adult_case, restricted_child_case):
    held = meeting(shop_board, days=-1, status=MeetingStatus.AGENDA_PUBLISHED)
    verified_client(coordinator).post(f"/governance/meetings/{held.pk}/agenda/cases/")
    printed = verified_client(coordinator).get(f"/governance/meetings/{held.pk}/print/")
    html = printed.content.decode()
    assert printed.status_code == 200 and html.startswith("<!DOCTYPE html>")
    assert adult_case.reference in html and restricted_child_case.reference not in html
    assert "Missing episodes" not in html and "a case (restricted)" in html
    pdf = verified_client(coordinator).get(f"/governance/meetings/{held.pk}/pack.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"] == f'attachment; filename="meeting-{held.pk}-pack.pdf"'
    entry = AuditEntry.objects.filter(action="meeting.pdf").latest("sequence")
    assert entry.kind == "export" and entry.changes["cases"] == [adult_case.reference]


def test_api_meeting_detail_hides_case_items_without_need_to_know(coordinator, member, shop_board, adult_case,
                                                                  restricted_child_case):
    held = meeting(shop_board, days=-1, status=MeetingStatus.AGENDA_PUBLISHED)
    verified_client(coordinator).post(f"/governance/meetings/{held.pk}/agenda/cases/")
    body = verified_client(coordinator).get(f"/api/v1/governance/meetings/{held.pk}/").json()
    by_detail = {item["detail"]: item for item in body["agenda"]}
    assert by_detail[True]["case"] == adult_case.reference and by_detail[True]["reason"]
    assert by_detail[False] == {"position": by_detail[False]["position"], "kind": "case", "detail": False,
                                "title": "", "case": None, "stage": None, "route": None, "reason": None,
                                "discussion": None, "decision": None}
    listed = verified_client(make_user(Role.FIRST_RESPONDER)).get("/api/v1/governance/meetings/").json()
    assert listed["results"] == []


def test_api_my_actions_and_update(member, shop_board):
    held = meeting(shop_board, days=-3, status=MeetingStatus.HELD)
    later = _action(held, member, 4)
    overdue = _action(held, member, -2)
    client = verified_client(member)
    mine = client.get("/api/v1/governance/meeting-actions/?mine=true").json()["results"]
    assert [(a["id"], a["overdue"]) for a in mine] == [(overdue.pk, True), (later.pk, False)]
    response = client.post(f"/api/v1/governance/meeting-actions/{overdue.pk}/update/", {"status": "done", "note": "Sent."},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    refused = client.post(f"/api/v1/governance/meeting-actions/{overdue.pk}/update/", {"status": "open"},
                          content_type="application/json")
    assert refused.status_code == 400


def test_schema_documents_meetings_and_actions(client):
    schema = verified_client(make_user(Role.PROGRAMME_MANAGER)).get("/api/schema/?format=json").json()
    for path in ("/api/v1/governance/meetings/", "/api/v1/governance/meetings/{id}/", "/api/v1/governance/meeting-actions/",
                 "/api/v1/governance/meeting-actions/{id}/update/"):
        assert path in schema["paths"]


def test_home_section_for_a_board_member_without_a_governance_role(member, shop_board):
    held = meeting(shop_board, days=-3, status=MeetingStatus.HELD)
    _action(held, member, -1)
    html = verified_client(member).get("/").content.decode()
    assert "You have 1 open action, 1 overdue." in html
    assert 'href="/governance/my-actions/"' in html
