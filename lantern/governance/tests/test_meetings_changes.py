"""Changing a meeting after it is scheduled, and its agenda items, through the pages and the API: who may, until
when, what the members are told, how calendars learn of it (SEQUENCE), and what the audit trail keeps."""

import datetime
import json

import pytest
from django.utils import timezone
from icalendar import Calendar

from lantern.accounts.capabilities import Capability, Role
from lantern.accounts.models import Notification
from lantern.audit.models import AuditEntry
from lantern.cases.tests.factories import date_fields
from lantern.governance.models import MeetingAction, MeetingStatus
from lantern.governance.tests.factories import meeting
from tests.support import FORBIDDEN, NOT_FOUND, assert_access, make_user, migrate_to, verified_client

pytestmark = pytest.mark.django_db

MANAGERS = {Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER}
READERS = MANAGERS | {Role.BOARD_VIEWER}


def _change(client, upcoming, day: datetime.date | None = None, **extra):
    local = timezone.localtime(upcoming.starts_at)
    data = {"title": upcoming.title, **date_fields("day", day or local.date()), "starts": f"{local:%H:%M}",
            "ends": f"{timezone.localtime(upcoming.ends_at):%H:%M}", "location": upcoming.location,
            "link": upcoming.link, **extra}
    return client.post(f"/governance/meetings/{upcoming.pk}/change/", data)


def _sequence(client, upcoming) -> int:
    response = client.get(f"/governance/meetings/{upcoming.pk}/meeting.ics")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    return int(event["SEQUENCE"])


def _audit_text(meeting_pk) -> str:
    entries = AuditEntry.objects.filter(target_id=str(meeting_pk))
    return json.dumps([[e.action, e.target_label, e.changes] for e in entries], default=str)


def test_rescheduling_after_the_agenda_is_published_tells_the_members_and_updates_calendars(
        coordinator, member, shop_board):
    upcoming = meeting(shop_board, days=10, status=MeetingStatus.AGENDA_PUBLISHED, title="SHOP monthly meeting")
    shop = verified_client(coordinator)
    daniel = verified_client(member)
    first = _sequence(daniel, upcoming)

    page = shop.get(f"/governance/meetings/{upcoming.pk}/").content.decode()
    assert f'href="/governance/meetings/{upcoming.pk}/change/"' in page
    form = shop.get(f"/governance/meetings/{upcoming.pk}/change/")
    assert form.status_code == 200 and 'value="SHOP monthly meeting"' in form.content.decode()

    new_day = timezone.localdate() + datetime.timedelta(days=14)
    response = _change(shop, upcoming, new_day, starts="14:00", ends="15:30", location="Oldbury Library")
    assert response.status_code == 302 and response["Location"] == f"/governance/meetings/{upcoming.pk}/"
    upcoming.refresh_from_db()
    local = timezone.localtime(upcoming.starts_at)
    assert (local.date(), f"{local:%H:%M}", upcoming.location) == (new_day, "14:00", "Oldbury Library")
    assert upcoming.status == MeetingStatus.AGENDA_PUBLISHED

    told = Notification.objects.get(user=member, kind="governance.meeting_changed")
    assert f"{new_day:%-d %B %Y}" in told.message and "14:00 to 15:30" in told.message
    assert "place or link has changed too" in told.message
    assert told.link == f"/governance/meetings/{upcoming.pk}/"
    assert not Notification.objects.filter(user=coordinator, kind="governance.meeting_changed").exists()

    event = Calendar.from_ical(daniel.get(f"/governance/meetings/{upcoming.pk}/meeting.ics").content).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == first + 1
    assert event.decoded("DTSTART") == upcoming.starts_at and str(event["LOCATION"]) == "Oldbury Library"
    assert str(event["UID"]).startswith(f"meeting-{upcoming.pk}@")  # the same entry, updated

    _change(shop, upcoming, new_day, starts="14:30", ends="15:30", location="Oldbury Library")
    assert _sequence(daniel, upcoming) == first + 2
    entry = AuditEntry.objects.filter(action="meeting.update").latest("sequence")
    assert entry.changes["fields"] == ["starts_at"] and entry.changes["members_told"] == 1


def test_a_change_before_the_agenda_is_published_tells_no_one_and_nothing_changed_writes_nothing(
        coordinator, member, shop_board):
    upcoming = meeting(shop_board, days=10)
    shop = verified_client(coordinator)
    assert _change(shop, upcoming, title="SHOP extraordinary meeting").status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.title == "SHOP extraordinary meeting" and upcoming.sequence == 1
    assert not Notification.objects.filter(kind="governance.meeting_changed").exists()

    _change(shop, upcoming)  # the form sent back as it is
    upcoming.refresh_from_db()
    assert upcoming.sequence == 1
    assert AuditEntry.objects.filter(action="meeting.update").count() == 1


def test_a_change_is_checked_like_scheduling(coordinator, shop_board):
    upcoming = meeting(shop_board, days=10)
    response = _change(verified_client(coordinator), upcoming, starts="12:00", ends="11:00")
    assert response.status_code == 400
    assert "The meeting must end after it starts" in response.content.decode()
    response = _change(verified_client(coordinator), upcoming, location="", link="")
    assert response.status_code == 400
    assert "Enter where the meeting is, or a link to join it" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.sequence == 0


@pytest.mark.parametrize("status", [MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.CANCELLED])
def test_a_held_or_cancelled_meeting_refuses_changes(coordinator, shop_board, status):
    done = meeting(shop_board, days=-1, status=status)
    shop = verified_client(coordinator)
    assert "Change the meeting" not in shop.get(f"/governance/meetings/{done.pk}/").content.decode()
    assert shop.get(f"/governance/meetings/{done.pk}/change/").status_code == 400
    response = _change(shop, done, title="Renamed afterwards")
    assert response.status_code == 400
    assert "cannot be changed" in response.content.decode()
    done.refresh_from_db()
    assert done.title != "Renamed afterwards"
    assert not AuditEntry.objects.filter(action="meeting.update").exists()


def test_cancelling_moves_the_calendar_sequence_on(coordinator, shop_board):
    upcoming = meeting(shop_board, days=10)
    shop = verified_client(coordinator)
    before = _sequence(shop, upcoming)
    shop.post(f"/governance/meetings/{upcoming.pk}/cancel/")
    event = Calendar.from_ical(shop.get(f"/governance/meetings/{upcoming.pk}/meeting.ics").content).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == before + 1


@pytest.mark.parametrize("status", [MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED])
def test_cancelling_tells_the_members_and_invited_users_as_publishing_the_agenda_does(
        coordinator, member, shop_board, adult_case, status, django_capture_on_commit_callbacks):
    from django.core import mail

    from lantern.governance.services import attendee_add

    upcoming = meeting(shop_board, days=10, status=status, title="SHOP monthly meeting")
    upcoming.items.create(position=1, kind="case", case=adult_case, reason="Needs a multi-agency safety plan")
    invited = make_user(Role.CASE_WORKER, full_name="Grace Mensah")  # invited, not a member of the board
    attendee_add(meeting=upcoming, acting_user=coordinator, user=invited)
    attendee_add(meeting=upcoming, acting_user=coordinator, guest_name="Sam Hill", guest_agency="Salvation Army")
    outsider = make_user(Role.CASE_WORKER)
    invited.notify_by_email = False  # told in Lantern only
    invited.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = verified_client(coordinator).post(f"/governance/meetings/{upcoming.pk}/cancel/", follow=True)
    assert "Meeting cancelled. Everyone invited who uses Lantern has been told." in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.CANCELLED

    told = Notification.objects.filter(kind="governance.meeting_cancelled")
    assert {n.user for n in told} == {coordinator, member, invited}  # the guest has no account; others none
    assert not told.filter(user=outsider).exists()
    day = f"{timezone.localtime(upcoming.starts_at):%-d %B %Y}"
    for notification in told:
        assert notification.message == f"The {shop_board} meeting on {day} is cancelled"
        assert (notification.reference, notification.link) == (f"Meeting {upcoming.pk}",
                                                               f"/governance/meetings/{upcoming.pk}/")
    text = " ".join(n.message for n in told) + " ".join(m.body + m.subject for m in mail.outbox)
    for private in (adult_case.reference, "Needs a multi-agency", "Sam Hill", "Grace Mensah", "Daniel Okafor"):
        assert private not in text
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, member.email])  # after the commit
    entry = AuditEntry.objects.get(action="meeting.cancel", target_id=str(upcoming.pk))
    assert entry.changes == {"status": "cancelled", "members_told": 3}

    # Cancelled once: a second cancellation is refused and tells no one again.
    verified_client(coordinator).post(f"/governance/meetings/{upcoming.pk}/cancel/")
    assert Notification.objects.filter(kind="governance.meeting_cancelled").count() == 3


def test_a_member_cannot_cancel_and_no_one_is_told(member, shop_board):
    upcoming = meeting(shop_board, days=10)
    assert verified_client(member).post(f"/governance/meetings/{upcoming.pk}/cancel/").status_code == 403
    outsider = verified_client(make_user(Role.CASE_WORKER))
    assert outsider.post(f"/governance/meetings/{upcoming.pk}/cancel/").status_code == 404
    upcoming.refresh_from_db()
    assert upcoming.status == MeetingStatus.SCHEDULED
    assert not Notification.objects.filter(kind="governance.meeting_cancelled").exists()


def test_changing_is_for_managers_members_get_403_and_others_404(shop_board):
    upcoming = meeting(shop_board, days=10)
    item = upcoming.items.create(position=1, kind="trends", title="Car washes")
    on_board = lambda user: shop_board.members.add(user)  # noqa: E731
    for url in (f"/governance/meetings/{upcoming.pk}/change/",
                f"/governance/meetings/{upcoming.pk}/agenda/{item.pk}/change/"):
        assert_access(url, allowed=MANAGERS, refused=FORBIDDEN, setup=on_board)
        assert_access(url, allowed=READERS, ok=(200, 403), refused=NOT_FOUND)
    assert_access(f"/governance/meetings/{upcoming.pk}/agenda/{item.pk}/remove/", method="post",
                  allowed=MANAGERS, ok=(302, 404), refused=FORBIDDEN, setup=on_board)  # 404: already removed
    assert not upcoming.items.exists()
    upcoming.refresh_from_db()
    assert upcoming.title == f"{shop_board} meeting" and upcoming.sequence == 0


def test_a_member_without_manage_rights_is_refused_and_nothing_changes(member, shop_board):
    upcoming = meeting(shop_board, days=10, status=MeetingStatus.AGENDA_PUBLISHED)
    daniel = verified_client(member)
    assert "Change the meeting" not in daniel.get(f"/governance/meetings/{upcoming.pk}/").content.decode()
    assert _change(daniel, upcoming, title="Mine now").status_code == 403
    outsider = verified_client(make_user(Role.CASE_WORKER))
    assert _change(outsider, upcoming, title="Mine now").status_code == 404
    upcoming.refresh_from_db()
    assert upcoming.title != "Mine now" and upcoming.sequence == 0


def test_an_item_of_other_business_is_changed_and_removed_and_the_rest_move_up(coordinator, shop_board, adult_case):
    upcoming = meeting(shop_board, days=10, status=MeetingStatus.AGENDA_PUBLISHED)
    shop = verified_client(coordinator)
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/new/", {"kind": "trends", "title": "Car washes"})
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/new/", {"kind": "premises", "title": "Nail bars"})
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/new/", {"kind": "training", "title": "Spotting signs"})
    first, second, third = upcoming.items.order_by("position")

    page = shop.get(f"/governance/meetings/{upcoming.pk}/").content.decode()
    assert f"/governance/meetings/{upcoming.pk}/agenda/{first.pk}/change/" in page
    assert f"/governance/meetings/{upcoming.pk}/agenda/{first.pk}/remove/" in page
    response = shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{first.pk}/change/",
                         {"kind": "other", "title": "Car washes on the High Street"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.kind, first.title) == ("other", "Car washes on the High Street")
    assert shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{first.pk}/change/",
                     {"kind": "other", "title": " "}).status_code == 400

    response = shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{second.pk}/remove/")
    assert response.status_code == 302
    assert [(i.pk, i.position) for i in upcoming.items.order_by("position")] == [(first.pk, 1), (third.pk, 2)]
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/cases/")
    assert upcoming.items.get(case=adult_case).position == 3  # added after the last, with no gap

    removed = AuditEntry.objects.get(action="meeting.agenda_item_remove")
    assert removed.changes == {"item": second.pk, "kind": "premises", "case": None, "position": 2}
    changed = AuditEntry.objects.get(action="meeting.agenda_item_update")
    assert changed.changes == {"item": first.pk, "fields": ["kind", "title"], "kind": "other"}
    assert "Car washes" not in _audit_text(upcoming.pk)


def test_a_case_item_is_removed_not_changed_and_the_case_stays_flagged(coordinator, member, shop_board, adult_case):
    upcoming = meeting(shop_board, days=10)
    shop = verified_client(coordinator)
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/cases/")
    item = upcoming.items.get(case=adult_case)
    page = shop.get(f"/governance/meetings/{upcoming.pk}/").content.decode()
    assert f"/agenda/{item.pk}/change/" not in page and f"/agenda/{item.pk}/remove/" in page
    response = shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{item.pk}/change/",
                         {"kind": "other", "title": "Something else"})
    assert response.status_code == 400 and "remove it from the agenda instead" in response.content.decode()

    response = shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{item.pk}/remove/", follow=True)
    assert "The case stays flagged for SHOP." in response.content.decode()
    assert not upcoming.items.exists()
    adult_case.refresh_from_db()
    assert adult_case.shop_flagged
    entry = AuditEntry.objects.get(action="meeting.agenda_item_remove")
    assert entry.changes["case"] == adult_case.pk
    assert "Needs a multi-agency safety plan" not in _audit_text(upcoming.pk)  # the encrypted reason stays out


def test_items_stay_once_held_or_once_something_is_recorded_on_them(coordinator, shop_board):
    held = meeting(shop_board, days=-1, status=MeetingStatus.HELD)
    item = held.items.create(position=1, kind="trends", title="Car washes")
    shop = verified_client(coordinator)
    assert f"/agenda/{item.pk}/remove/" not in shop.get(f"/governance/meetings/{held.pk}/").content.decode()
    assert shop.get(f"/governance/meetings/{held.pk}/agenda/{item.pk}/change/").status_code == 400
    assert shop.post(f"/governance/meetings/{held.pk}/agenda/{item.pk}/change/",
                     {"kind": "other", "title": "Renamed"}).status_code == 400
    shop.post(f"/governance/meetings/{held.pk}/agenda/{item.pk}/remove/")
    assert held.items.filter(pk=item.pk).exists()

    published = meeting(shop_board, days=5, status=MeetingStatus.AGENDA_PUBLISHED)
    discussed = published.items.create(position=1, kind="trends", title="Nail bars")
    shop.post(f"/governance/meetings/{published.pk}/agenda/{discussed.pk}/",
              {"discussion": "Two premises visited with the police", "decision": ""})
    owner = make_user(Role.CASE_WORKER)
    with_action = published.items.create(position=2, kind="training", title="Training")
    MeetingAction.objects.create(meeting=published, item=with_action, description="Book it", owner=owner,
                                 agency=owner.agency, due_on=timezone.localdate())
    for kept in (discussed, with_action):
        response = shop.post(f"/governance/meetings/{published.pk}/agenda/{kept.pk}/remove/", follow=True)
        assert "it stays on the agenda" in response.content.decode()
    assert published.items.count() == 2
    assert not AuditEntry.objects.filter(action="meeting.agenda_item_remove").exists()
    assert "Two premises visited" not in _audit_text(published.pk)


def test_api_patch_changes_a_meeting_for_managers_only(coordinator, member, shop_board):
    upcoming = meeting(shop_board, days=10, status=MeetingStatus.AGENDA_PUBLISHED)
    url = f"/api/v1/governance/meetings/{upcoming.pk}/"
    starts = upcoming.starts_at + datetime.timedelta(days=1)
    body = {"starts_at": starts.isoformat(), "ends_at": (starts + datetime.timedelta(hours=1)).isoformat()}
    response = verified_client(coordinator).patch(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["starts_at"] and response.json()["location"] == upcoming.location
    upcoming.refresh_from_db()
    assert upcoming.starts_at == starts and upcoming.sequence == 1
    assert Notification.objects.filter(user=member, kind="governance.meeting_changed").exists()

    assert verified_client(member).patch(url, {"title": "x"}, content_type="application/json").status_code == 403
    outsider = verified_client(make_user(Role.CASE_WORKER))
    assert outsider.patch(url, {"title": "x"}, content_type="application/json").status_code == 404
    bad = verified_client(coordinator).patch(url, {"ends_at": upcoming.starts_at.isoformat()},
                                             content_type="application/json")
    assert bad.status_code == 400 and "ends_at" in bad.json()
    held = meeting(shop_board, days=-1, status=MeetingStatus.HELD)
    refused = verified_client(coordinator).patch(f"/api/v1/governance/meetings/{held.pk}/", {"title": "x"},
                                                 content_type="application/json")
    assert refused.status_code == 400


def test_schema_documents_the_patch(client):
    schema = verified_client(make_user(Role.PROGRAMME_MANAGER)).get("/api/schema/?format=json").json()
    assert "patch" in schema["paths"]["/api/v1/governance/meetings/{id}/"]
    assert "put" not in schema["paths"]["/api/v1/governance/meetings/{id}/"]


@pytest.mark.django_db(transaction=True)
def test_existing_meetings_keep_the_calendar_sequence_they_were_issued():
    """Before 0005 an entry's SEQUENCE came from the meeting's last change (seconds since 1970); a calendar
    ignores a lower one, so the field starts from there rather than from 0."""
    old = migrate_to([("governance", "0004_progress_update_meeting")])
    try:
        board = old.get_model("partnership", "Board").objects.create(name="SHOP board", short_name="SHOP")
        starts = timezone.now() + datetime.timedelta(days=3)
        made = old.get_model("governance", "Meeting").objects.create(
            board=board, title="SHOP", starts_at=starts, ends_at=starts + datetime.timedelta(hours=1),
            location="Oldbury")
        issued = int(made.updated_at.timestamp())
        new = migrate_to([("governance", "0005_meeting_sequence")])
        assert new.get_model("governance", "Meeting").objects.get(pk=made.pk).sequence == issued
    finally:
        migrate_to()


def _order(upcoming) -> list[int]:
    return list(upcoming.items.order_by("position").values_list("pk", flat=True))


def test_agenda_items_are_reordered_with_move_up_and_move_down_buttons(coordinator, shop_board,
                                                                      restricted_child_case):
    upcoming = meeting(shop_board, days=10, status=MeetingStatus.AGENDA_PUBLISHED)
    first = upcoming.items.create(position=1, kind="trends", title="Car washes")
    second = upcoming.items.create(position=2, kind="premises", title="Nail bars")
    hidden = upcoming.items.create(position=3, kind="case", case=restricted_child_case, reason="Missing episodes")
    shop = verified_client(coordinator)

    page = shop.get(f"/governance/meetings/{upcoming.pk}/").content.decode()
    move = f'action="/governance/meetings/{upcoming.pk}/agenda/{{}}/move/"'
    assert page.count(move.format(first.pk)) == 1  # the first item only goes down
    assert page.count(move.format(second.pk)) == 2
    assert move.format(hidden.pk) not in page  # a restricted item is not theirs to move
    assert 'Move up<span class="govuk-visually-hidden"> item 2</span>' in page
    assert 'Move down<span class="govuk-visually-hidden"> item 1</span>' in page
    assert 'Move up<span class="govuk-visually-hidden"> item 1</span>' not in page

    response = shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{first.pk}/move/", {"direction": "down"},
                         follow=True)
    assert "Item moved down to number 2 on the agenda." in response.content.decode()
    assert _order(upcoming) == [second.pk, first.pk, hidden.pk]
    shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{first.pk}/move/", {"direction": "down"})
    assert _order(upcoming) == [second.pk, hidden.pk, first.pk]  # past the restricted item: only places change
    hidden.refresh_from_db()
    assert hidden.case == restricted_child_case and hidden.reason == "Missing episodes"

    response = shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{first.pk}/move/", {"direction": "down"},
                         follow=True)
    assert "Item 3 is already last." in response.content.decode()
    response = shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{second.pk}/move/", {"direction": "sideways"},
                         follow=True)
    assert "Choose whether to move the item up or down." in response.content.decode()
    assert shop.post(f"/governance/meetings/{upcoming.pk}/agenda/{hidden.pk}/move/",
                     {"direction": "up"}).status_code == 404
    assert _order(upcoming) == [second.pk, hidden.pk, first.pk]
    assert shop.get(f"/governance/meetings/{upcoming.pk}/agenda/{first.pk}/move/").status_code == 405

    moves = AuditEntry.objects.filter(action="meeting.agenda_item_move").order_by("sequence")
    assert [e.changes for e in moves] == [
        {"item": first.pk, "from": 1, "to": 2, "swapped_with": second.pk},
        {"item": first.pk, "from": 2, "to": 3, "swapped_with": hidden.pk},
    ]
    assert all(e.actor == coordinator for e in moves)
    assert "Car washes" not in _audit_text(upcoming.pk) and "Missing episodes" not in _audit_text(upcoming.pk)


@pytest.mark.parametrize("status", [MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED,
                                    MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED])
def test_the_order_is_fixed_once_the_meeting_is_held_or_cancelled(coordinator, shop_board, status):
    extra = {"minutes_approved_at": meeting(shop_board, days=-1, status=MeetingStatus.HELD)} \
        if status == MeetingStatus.MINUTES_APPROVED else {}
    done = meeting(shop_board, days=-30, status=status, **extra)
    first = done.items.create(position=1, kind="trends", title="Car washes")
    second = done.items.create(position=2, kind="premises", title="Nail bars")
    shop = verified_client(coordinator)
    assert "/move/" not in shop.get(f"/governance/meetings/{done.pk}/").content.decode()
    response = shop.post(f"/governance/meetings/{done.pk}/agenda/{second.pk}/move/", {"direction": "up"}, follow=True)
    assert "The agenda cannot change once the meeting has been held." in response.content.decode()
    assert _order(done) == [first.pk, second.pk]
    assert not AuditEntry.objects.filter(action="meeting.agenda_item_move").exists()


def test_reordering_is_for_managers_members_get_403_and_others_404(shop_board):
    upcoming = meeting(shop_board, days=10)
    first = upcoming.items.create(position=1, kind="trends", title="Car washes")
    second = upcoming.items.create(position=2, kind="premises", title="Nail bars")
    url = f"/governance/meetings/{upcoming.pk}/agenda/{first.pk}/move/"
    on_board = lambda user: shop_board.members.add(user)  # noqa: E731
    assert_access(url, method="post", data={"direction": "down"}, allowed=MANAGERS, ok=(302,), refused=FORBIDDEN,
                  setup=on_board)
    moved = AuditEntry.objects.filter(action="meeting.agenda_item_move").count()
    assert moved >= 1
    # Off the board: a board viewer sees the meeting but may not run it (403); anyone else does not see it (404).
    assert_access(url, method="post", data={"direction": "up"}, allowed=READERS, ok=(302, 403), refused=NOT_FOUND)
    for role, status in ((Role.BOARD_VIEWER, 403), (Role.CASE_WORKER, 404), (Role.FIRST_RESPONDER, 404)):
        before = _order(upcoming)
        client = verified_client(make_user(role))
        assert client.post(url, {"direction": "down"}).status_code == status
        assert _order(upcoming) == before
    assert set(_order(upcoming)) == {first.pk, second.pk}
    assert all(e.actor.can(Capability.MANAGE_GOVERNANCE)
               for e in AuditEntry.objects.filter(action="meeting.agenda_item_move"))
