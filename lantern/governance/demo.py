"""Demo meetings: SASP's last two meetings (the earlier one's minutes approved at the later one, with actions
done, open and overdue), SHOP's last meeting built from the demo's flagged cases (discussion and actions on
the cases it may see, each action a task for the case's lead), and both boards' next meetings.

Every record is made by the services, acting as the demo's administrator (board members), programme manager
and SHOP coordinator, so the demo holds nothing a user could not have made. Runs once: nothing is added when
meetings exist.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.cases import selectors as case_selectors
from lantern.core.plugins import DemoSeeded
from lantern.governance import services
from lantern.governance.demo_plan import seed_plan_demo
from lantern.governance.demo_pledge import seed_pledge_demo
from lantern.governance.models import Meeting
from lantern.partnership import services as partnership_services
from lantern.partnership.models import Board

MEMBERS = {
    "SHOP": ["shop.coordinator", "case.worker", "children.worker", "police", "programme.manager"],
    "SASP": ["programme.manager", "shop.coordinator", "board.viewer"],
}


def _at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone())


def _schedule(board: Board, by: User, title: str, days: int, *, reviews_cases: bool = False) -> Meeting:
    return services.meeting_schedule(board=board, acting_user=by, title=title, starts_at=_at(days),
                                     ends_at=_at(days, 12), location="Sandwell Council House, Oldbury",
                                     link="https://meet.example/sandwell" if reviews_cases else "",
                                     reviews_cases=reviews_cases)


def _hold(meeting: Meeting, by: User) -> Meeting:
    services.meeting_publish_agenda(meeting=meeting, acting_user=by)
    services.meeting_mark_held(meeting=meeting, acting_user=by)
    attendees = list(meeting.attendees.all())
    services.attendance_record(meeting=meeting, acting_user=by, attended=[a.pk for a in attendees[:-1]],
                               apologies=[a.pk for a in attendees[-1:]])
    return meeting


def _sasp(board: Board, manager: User, coordinator: User) -> None:
    today = timezone.localdate()
    earlier = _schedule(board, manager, "SASP quarterly meeting", -91)
    services.agenda_add_item(meeting=earlier, acting_user=manager, kind="actions",
                             title="Strategy action plan: progress by priority")
    services.agenda_add_item(meeting=earlier, acting_user=manager, kind="training",
                             title="First responder training uptake")
    _hold(earlier, manager)
    services.attendee_add(meeting=earlier, acting_user=manager, guest_name="Insp. Ruth Carter",
                          guest_agency="West Midlands Police", status="attended")
    done = services.action_add(meeting=earlier, acting_user=manager, owner=manager,
                               description="Circulate the revised referral pathway to all partners",
                               due_on=today - datetime.timedelta(days=60))
    services.action_update(action=done, acting_user=manager, status="done", note="Sent to all partner leads.")
    services.action_add(meeting=earlier, acting_user=manager, owner=coordinator,
                        description="Report SHOP case numbers by exploitation type to the next meeting",
                        due_on=today - datetime.timedelta(days=10))
    services.action_add(meeting=earlier, acting_user=manager, owner=manager,
                        description="Agree the training offer for licensing officers with Public Health",
                        due_on=today + datetime.timedelta(days=21))
    services.minutes_draft(meeting=earlier, acting_user=manager, body=(
        "Present: see attendance.\n\nThe partnership reviewed progress on the strategy's seven priorities. "
        "Referral numbers rose this quarter; the programme manager will circulate the revised referral pathway.\n\n"
        "Training: first responder training reached 180 staff. A licensing officers' module is to be agreed."))
    later = _schedule(board, manager, "SASP quarterly meeting", -7)
    _hold(later, manager)
    services.minutes_approve(meeting=earlier, acting_user=manager, at_meeting=later)
    _schedule(board, manager, "SASP quarterly meeting", 84)


def _shop(board: Board, coordinator: User) -> None:
    last = _schedule(board, coordinator, "SHOP monthly meeting", -3, reviews_cases=True)
    items = services.agenda_add_flagged_cases(meeting=last, acting_user=coordinator)
    services.agenda_add_item(meeting=last, acting_user=coordinator, kind="premises",
                             title="Hand car washes on the A41: multi-agency visit plan")
    _hold(last, coordinator)
    due = timezone.localdate() + datetime.timedelta(days=14)
    visible = set(case_selectors.cases_visible_to(coordinator).filter(pk__in=[i.case_id for i in items])
                  .values_list("pk", flat=True))
    for item in items:
        if item.case_id not in visible:
            continue  # a restricted child's case: discussed by those who may see it
        case = item.case
        services.item_record(item=item, acting_user=coordinator,
                             discussion="Lead worker gave an update; partners shared what they hold.",
                             decision="Keep on the SHOP list; review at the next meeting.")
        services.action_add(meeting=last, acting_user=coordinator, item=item, owner=case.lead_worker,  # type: ignore[union-attr]
                            description=f"Update the safety plan for {case.reference} and report back",  # type: ignore[union-attr]
                            due_on=due)
    upcoming = _schedule(board, coordinator, "SHOP monthly meeting", 25, reviews_cases=True)
    services.agenda_add_flagged_cases(meeting=upcoming, acting_user=coordinator)


@transaction.atomic
def seed() -> int:
    if Meeting.objects.exists():
        return 0
    users = {local: User.objects.get(email=demo_email(local))
             for local in {*MEMBERS["SHOP"], *MEMBERS["SASP"], "admin"}}
    boards = {b.short_name: b for b in Board.objects.filter(short_name__in=MEMBERS)}
    for short, locals_ in MEMBERS.items():
        partnership_services.partnership_record_save(acting_user=users["admin"], instance=boards[short],
                                                     fields={"members": [users[x] for x in locals_]})
    _sasp(boards["SASP"], users["programme.manager"], users["shop.coordinator"])
    _shop(boards["SHOP"], users["shop.coordinator"])
    return Meeting.objects.count()


def seed_demo() -> DemoSeeded:
    """The governance app's ``seed_demo`` hook (after accounts, partnership and cases: it needs their boards,
    users and flagged cases)."""
    added = seed()
    summary = [f"Added {added} demo board meetings."] if added else []
    pledge = seed_pledge_demo()
    return DemoSeeded(summary=[*summary, *seed_plan_demo(), *pledge.summary], notes=pledge.notes)
