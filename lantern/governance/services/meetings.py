"""Every write to a meeting: scheduling, the agenda, attendance, what was discussed, and the minutes.

Each service checks the user may run meetings (MANAGE_GOVERNANCE), locks the meeting row, moves its
status only through ``lantern.governance.meeting_workflow``, and writes its audit entry in the same
transaction. Free text (discussion, decisions, minutes) never goes to the audit trail or a case timeline.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.accounts.services import notification_send
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import selectors as case_selectors
from lantern.cases import services as case_services
from lantern.core.access import not_found, require_capability
from lantern.governance import meeting_workflow as workflow
from lantern.governance import selectors
from lantern.governance.models import (
    AgendaItem,
    AttendanceStatus,
    Attendee,
    ItemKind,
    Meeting,
    MeetingStatus,
    MinutesVersion,
)
from lantern.partnership.models import Board


def _lock(meeting: Meeting) -> None:
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())


def _label(meeting: Meeting) -> str:
    return f"Meeting {meeting.pk}: {meeting}"


def _audit(user: User, action: str, meeting: Meeting, changes: dict[str, Any] | None = None,
           kind: str = AuditAction.UPDATE) -> None:
    audit_record(actor=user, action=action, kind=kind, target=meeting, target_label=_label(meeting),
                 changes=changes or {})


def check_details(*, title: str, starts_at: datetime.datetime, ends_at: datetime.datetime, location: str,
                  link: str) -> None:
    """What every meeting needs, when scheduled or changed: a title, an end after its start, and a place or link."""
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the meeting"})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The meeting must end after it starts"})
    if not location.strip() and not link.strip():
        raise ValidationError({"location": "Enter where the meeting is, or a link to join it"})


@transaction.atomic
def meeting_schedule(*, board: Board, acting_user: User, title: str, starts_at: datetime.datetime,
                     ends_at: datetime.datetime, location: str = "", link: str = "",
                     reviews_cases: bool = False) -> Meeting:
    """Schedule a meeting of ``board``; its members are invited."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    check_details(title=title, starts_at=starts_at, ends_at=ends_at, location=location, link=link)
    meeting = Meeting(board=board, title=title.strip(), starts_at=starts_at, ends_at=ends_at, location=location.strip(),
                      link=link.strip(), reviews_cases=reviews_cases, created_by=acting_user)
    meeting.full_clean()
    meeting.save()
    Attendee.objects.bulk_create([Attendee(meeting=meeting, user=member)
                                  for member in board.members.filter(is_active=True).order_by("full_name")])
    _audit(acting_user, "meeting.schedule", meeting, {"board": board.pk, "starts_at": starts_at.isoformat(),
                                                      "reviews_cases": reviews_cases}, kind=AuditAction.CREATE)
    return meeting


def _members_to_tell(meeting: Meeting) -> list[User]:
    return [a.user for a in meeting.attendees.select_related("user").filter(user__isnull=False)]  # type: ignore[misc]


def _meeting_day(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"


def _tell_invited(meeting: Meeting, *, kind: str, message: str) -> int:
    """Tell everyone invited who is a Lantern user (the board's members, and others invited) about the meeting:
    in Lantern, and by email after the commit if they chose it. ``message`` names the board and the day, no one.
    Returns how many were told."""
    made = notification_send(users=_members_to_tell(meeting), kind=kind, message=message,
                             reference=f"Meeting {meeting.pk}",
                             link=reverse("governance:meeting-detail", args=[meeting.pk]))
    return len(made)


@transaction.atomic
def meeting_publish_agenda(*, meeting: Meeting, acting_user: User) -> Meeting:
    """Publish the agenda to the members (each is told in Lantern, and by email if they chose it)."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    workflow.advance_meeting(meeting, to=MeetingStatus.AGENDA_PUBLISHED, by="meeting_publish_agenda")
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["status", "agenda_published_at", "updated_at"])
    _audit(acting_user, "meeting.publish_agenda", meeting, {"status": meeting.status, "items": meeting.items.count()})
    _tell_invited(meeting, kind="governance.agenda_published",
                  message=f"The agenda for the {meeting.board} meeting on {_meeting_day(meeting)} is published")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, acting_user: User) -> Meeting:
    """Cancel a meeting not yet held; those invited are told as they are of its agenda."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    workflow.advance_meeting(meeting, to=MeetingStatus.CANCELLED, by="meeting_cancel")
    meeting.sequence += 1  # calendars that hold the entry mark it cancelled
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    told = _tell_invited(meeting, kind="governance.meeting_cancelled",
                         message=f"The {meeting.board} meeting on {_meeting_day(meeting)} is cancelled")
    _audit(acting_user, "meeting.cancel", meeting, {"status": meeting.status, "members_told": told})
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, acting_user: User) -> Meeting:
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError("The meeting has not started yet.")
    workflow.advance_meeting(meeting, to=MeetingStatus.HELD, by="meeting_mark_held")
    meeting.save(update_fields=["status", "updated_at"])
    _audit(acting_user, "meeting.held", meeting, {"status": meeting.status})
    return meeting


def _ensure_agenda_editable(meeting: Meeting) -> None:
    if meeting.status not in workflow.AGENDA_EDITABLE:
        raise ValidationError("The agenda cannot change once the meeting has been held.")


def _next_position(meeting: Meeting) -> int:
    return (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def agenda_add_flagged_cases(*, meeting: Meeting, acting_user: User) -> list[AgendaItem]:
    """Add every open case flagged for SHOP that is not on the agenda yet, by reference, with why it was flagged.

    Every flagged case is added, including those the acting user may not see (a restricted child's case):
    the item exists for everyone, and its detail is shown only to those with a need to know."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    _ensure_agenda_editable(meeting)
    if not meeting.reviews_cases:
        raise ValidationError("This meeting does not review cases.")
    already = set(meeting.items.filter(case__isnull=False).values_list("case_id", flat=True))
    position = _next_position(meeting)
    added = []
    for case in case_selectors.shop_flagged_cases():
        if case.pk in already:
            continue
        added.append(AgendaItem.objects.create(meeting=meeting, position=position, kind=ItemKind.CASE, case=case,
                                               reason=case.shop_reason))
        position += 1
    _audit(acting_user, "meeting.agenda_add_cases", meeting, {"cases": [item.case_id for item in added]})
    return added


@transaction.atomic
def agenda_add_item(*, meeting: Meeting, acting_user: User, kind: str, title: str) -> AgendaItem:
    """Add other business (premises, trends, training, ...) to the agenda."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    _ensure_agenda_editable(meeting)
    if kind not in ItemKind.values or kind == ItemKind.CASE:
        raise ValidationError({"kind": "Choose what the item is about"})
    if not title.strip():
        raise ValidationError({"title": "Enter the item's title"})
    item = AgendaItem.objects.create(meeting=meeting, position=_next_position(meeting), kind=kind, title=title.strip())
    _audit(acting_user, "meeting.agenda_add_item", meeting, {"item": item.pk, "kind": kind})
    return item


def item_get_for_manager(*, user: User, meeting: Meeting, item_id: int) -> AgendaItem:
    """An item of ``meeting`` whose detail the user may see (404 otherwise: a case they have no need to know)."""
    item = meeting.items.select_related("case").filter(pk=item_id).first()
    if item is None or (item.case_id and not selectors.case_ids_known_to(user, [item.case_id])):
        raise not_found()
    return item


@transaction.atomic
def item_record(*, item: AgendaItem, acting_user: User, discussion: str, decision: str) -> AgendaItem:
    """Record what was discussed and decided on an item. For a case item, the case's timeline says it was
    discussed (and whether a decision was recorded); only someone who may work the case records it."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    meeting = item.meeting
    _lock(meeting)
    if meeting.status not in workflow.RECORDING_OPEN:
        raise ValidationError("What happened can be recorded once the agenda is published, until the minutes "
                              "are approved.")
    if item.case_id is not None and not selectors.case_ids_known_to(acting_user, [item.case_id]):
        raise PermissionDenied
    if not discussion.strip():
        raise ValidationError({"discussion": "Enter what was discussed"})
    item.discussion = discussion
    item.decision = decision
    first = item.discussed_at is None
    item.discussed_at = item.discussed_at or timezone.now()
    item.save(update_fields=["discussion", "decision", "discussed_at", "updated_at"])
    if item.case_id is not None and (first or decision.strip()):
        case_services.case_record_meeting(case=item.case, acting_user=acting_user, board=str(meeting.board),  # type: ignore[arg-type]
                                              held_on=timezone.localdate(meeting.starts_at),
                                              what="decision" if decision.strip() else "discussed")
    _audit(acting_user, "meeting.item_record", meeting, {"item": item.pk, "decision": bool(decision.strip())})
    return item


@transaction.atomic
def attendance_record(*, meeting: Meeting, acting_user: User, attended: Iterable[int],
                      apologies: Iterable[int]) -> Meeting:
    """Record which invited members attended and which sent apologies (the others stay 'invited')."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    if meeting.status in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED):
        raise ValidationError("Attendance cannot change once the minutes are approved.")
    attended, apologies = set(attended), set(apologies)
    if attended & apologies:
        raise ValidationError({"apologies": "Someone cannot both attend and send apologies"})
    for attendee in meeting.attendees.all():
        status = (AttendanceStatus.ATTENDED if attendee.pk in attended
                  else AttendanceStatus.APOLOGIES if attendee.pk in apologies else
                  AttendanceStatus.INVITED if attendee.user_id else attendee.status)
        if status != attendee.status:
            attendee.status = status
            attendee.save(update_fields=["status", "updated_at"])
    _audit(acting_user, "meeting.attendance", meeting, {"attended": sorted(attended), "apologies": sorted(apologies)})
    return meeting


@transaction.atomic
def attendee_add(*, meeting: Meeting, acting_user: User, user: User | None = None, guest_name: str = "",
                 guest_agency: str = "", status: str = AttendanceStatus.INVITED) -> Attendee:
    """Invite another Lantern user, or record a named guest from a partner agency."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    if meeting.status in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED):
        raise ValidationError("Attendance cannot change once the minutes are approved.")
    if (user is None) == (not guest_name.strip()):
        raise ValidationError({"guest_name": "Choose a Lantern user or enter a guest's name, not both"})
    if user is not None and meeting.attendees.filter(user=user).exists():
        raise ValidationError({"user": "They are already invited"})
    if user is None and not guest_agency.strip():
        raise ValidationError({"guest_agency": "Enter the guest's agency or organisation"})
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": "Choose whether they attended"})
    attendee = Attendee.objects.create(meeting=meeting, user=user, guest_name=guest_name.strip(),
                                       guest_agency=guest_agency.strip(), status=status)
    # The guest's name is not copied to the audit trail; the attendee row is named by its id.
    _audit(acting_user, "meeting.attendee_add", meeting, {"attendee": attendee.pk, "user": user.pk if user else None})
    return attendee


@transaction.atomic
def minutes_draft(*, meeting: Meeting, acting_user: User, body: str) -> MinutesVersion:
    """Draft the minutes, or edit the draft, of a meeting that has been held."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    if not body.strip():
        raise ValidationError({"body": "Enter the minutes"})
    workflow.advance_meeting(meeting, to=MeetingStatus.MINUTES_DRAFTED, by="minutes_draft")
    version = meeting.minutes_versions.order_by("-number").first()
    if version is None:
        version = MinutesVersion.objects.create(meeting=meeting, number=1, body=body, created_by=acting_user)
    else:
        version.body = body
        version.save(update_fields=["body", "updated_at"])
    meeting.save(update_fields=["status", "updated_at"])
    _audit(acting_user, "meeting.minutes_draft", meeting, {"version": version.number})
    return version


@transaction.atomic
def minutes_approve(*, meeting: Meeting, acting_user: User, at_meeting: Meeting) -> Meeting:
    """Approve the drafted minutes at the board's next meeting (once it has started); they are then locked."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    following = selectors.next_meeting_of(meeting)
    if following is None or following.pk != at_meeting.pk:
        raise ValidationError({"at_meeting": "Minutes are approved at the board's next meeting"})
    if at_meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED) or at_meeting.starts_at > timezone.now():
        raise ValidationError({"at_meeting": "The next meeting has not started yet"})
    workflow.advance_meeting(meeting, to=MeetingStatus.MINUTES_APPROVED, by="minutes_approve")
    meeting.minutes_approved_at = at_meeting
    meeting.save(update_fields=["status", "minutes_approved_at", "updated_at"])
    _audit(acting_user, "meeting.minutes_approve", meeting, {"status": meeting.status, "approved_at": at_meeting.pk})
    return meeting


@transaction.atomic
def minutes_correct(*, meeting: Meeting, acting_user: User, body: str, reason: str) -> MinutesVersion:
    """Correct approved minutes: a new version with its reason. Earlier versions are kept as they were."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        raise ValidationError("Only approved minutes are corrected: edit the draft instead.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the minutes are being corrected"})
    if not body.strip():
        raise ValidationError({"body": "Enter the minutes"})
    latest = meeting.minutes_versions.order_by("-number").first()
    number = (latest.number if latest else 0) + 1
    version = MinutesVersion.objects.create(meeting=meeting, number=number, body=body, reason=reason,
                                            created_by=acting_user)
    _audit(acting_user, "meeting.minutes_correct", meeting, {"version": number})
    return version
