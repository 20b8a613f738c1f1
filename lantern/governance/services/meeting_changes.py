"""Changing a meeting after it is scheduled (title, time, place, link) and changing, reordering or removing its
agenda items, until it is held.

The same rules as the other meeting services: MANAGE_GOVERNANCE, the meeting's row locked, the audit entry in
the same transaction (field names, never free text). Each change to the meeting moves its calendar entry's
SEQUENCE on, so calendars replace the entry they hold; once the agenda is published, the invited members are
told in Lantern (and by email after the commit, if they chose it) when the time or place changed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.accounts.services import notification_send
from lantern.audit.models import AuditAction
from lantern.core.access import require_capability
from lantern.governance import meeting_workflow as workflow
from lantern.governance.models import AgendaItem, ItemKind, Meeting, MeetingStatus
from lantern.governance.services.meetings import (
    _audit,
    _ensure_agenda_editable,
    _lock,
    _members_to_tell,
    check_details,
)

WHEN = ("starts_at", "ends_at")
WHERE = ("location", "link")


@transaction.atomic
def meeting_update(*, meeting: Meeting, acting_user: User, title: str | None = None,
                   starts_at: datetime.datetime | None = None, ends_at: datetime.datetime | None = None,
                   location: str | None = None, link: str | None = None) -> Meeting:
    """Change a meeting that has not been held or cancelled (a value left None stays as it is).

    Nothing changed, nothing written. Otherwise the calendar SEQUENCE goes up by one; and if the agenda is
    already published and the time or place changed, the invited members are told."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    _lock(meeting)
    if meeting.status not in workflow.DETAILS_EDITABLE:
        raise ValidationError(f"A meeting that is '{MeetingStatus(meeting.status).label.lower()}' cannot be "
                              "changed.", code="meeting_not_editable")
    new_title = meeting.title if title is None else title.strip()
    new_starts = meeting.starts_at if starts_at is None else starts_at
    new_ends = meeting.ends_at if ends_at is None else ends_at
    new_location = meeting.location if location is None else location.strip()
    new_link = meeting.link if link is None else link.strip()
    check_details(title=new_title, starts_at=new_starts, ends_at=new_ends, location=new_location, link=new_link)
    wanted: dict[str, object] = {"title": new_title, "starts_at": new_starts, "ends_at": new_ends,
                                 "location": new_location, "link": new_link}
    changed = [name for name, value in wanted.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    if "starts_at" in changed and meeting.approved_minutes_of.exists():
        raise ValidationError({"starts_at": "The last meeting's minutes were approved at this meeting: its date "
                                            "cannot change."})
    before = {name: getattr(meeting, name) for name in WHEN}
    for name in changed:
        setattr(meeting, name, wanted[name])
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save(update_fields=[*changed, "sequence", "updated_at"])
    told = _tell_members(meeting, acting_user, changed, before["starts_at"])
    audit: dict[str, object] = {"fields": changed, "sequence": meeting.sequence, "members_told": told}
    for name in WHEN:  # times name no one; the other fields are named, not copied
        if name in changed:
            audit[name] = {"from": before[name].isoformat(), "to": getattr(meeting, name).isoformat()}
    _audit(acting_user, "meeting.update", meeting, audit)
    return meeting


def _tell_members(meeting: Meeting, acting_user: User, changed: list[str], was: datetime.datetime) -> int:
    """Tell the invited members (not the one who made the change) that the time or place of a meeting whose
    agenda they have had has changed. Returns how many were told."""
    moved = any(name in changed for name in WHEN)
    relocated = any(name in changed for name in WHERE)
    if meeting.status != MeetingStatus.AGENDA_PUBLISHED or not (moved or relocated):
        return 0
    old, new = timezone.localtime(was), timezone.localtime(meeting.starts_at)
    if moved:
        message = (f"The {meeting.board} meeting of {old:%-d %B %Y} is now on {new:%A %-d %B %Y}, "
                   f"{new:%H:%M} to {timezone.localtime(meeting.ends_at):%H:%M}")
        message += "; its place or link has changed too" if relocated else ""
    else:
        message = f"The place or link to join the {meeting.board} meeting on {new:%-d %B %Y} has changed"
    users = [user for user in _members_to_tell(meeting) if user.pk != acting_user.pk]
    made = notification_send(users=users, kind="governance.meeting_changed", message=message[:300],
                             reference=f"Meeting {meeting.pk}",
                             link=reverse("governance:meeting-detail", args=[meeting.pk]))
    return len(made)


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, acting_user: User, kind: str, title: str) -> AgendaItem:
    """Change what an item of other business is about, or its title, before the meeting is held. A case item
    is not changed here: its reason is the case's (remove it from the agenda instead)."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    meeting = item.meeting
    _lock(meeting)
    _ensure_agenda_editable(meeting)
    if item.case_id is not None or item.kind == ItemKind.CASE:
        raise ValidationError("A case item cannot be changed: remove it from the agenda instead.")
    if kind not in ItemKind.values or kind == ItemKind.CASE:
        raise ValidationError({"kind": "Choose what the item is about"})
    if not title.strip():
        raise ValidationError({"title": "Enter the item's title"})
    wanted = {"kind": kind, "title": title.strip()}
    changed = [name for name, value in wanted.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, wanted[name])
    item.full_clean()
    item.save(update_fields=[*changed, "updated_at"])
    _audit(acting_user, "meeting.agenda_item_update", meeting, {"item": item.pk, "fields": changed,
                                                                 "kind": item.kind})
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, acting_user: User) -> None:
    """Take an item off the agenda before the meeting is held; the items after it move up one place.

    A case item's case stays flagged for SHOP (it comes back with the flagged cases at the next meeting).
    An item on which a discussion or an action is already recorded stays."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    meeting = item.meeting
    _lock(meeting)
    _ensure_agenda_editable(meeting)
    if not AgendaItem.objects.filter(pk=item.pk, meeting=meeting).exists():
        raise ValidationError("The item is no longer on the agenda.")
    item.refresh_from_db()
    if item.discussed_at is not None or item.actions.exists():
        raise ValidationError("A discussion or an action is recorded on this item: it stays on the agenda.")
    removed = {"item": item.pk, "kind": item.kind, "case": item.case_id, "position": item.position}
    item.delete()
    for later in meeting.items.filter(position__gt=removed["position"]).order_by("position"):
        later.position -= 1  # one at a time, lowest first: each place is free when it is taken
        later.save(update_fields=["position", "updated_at"])
    _audit(acting_user, "meeting.agenda_item_remove", meeting, removed, kind=AuditAction.DELETE)


MOVES = ("up", "down")


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, acting_user: User, direction: str) -> AgendaItem:
    """Move an item one place up or down the agenda before the meeting is held: it swaps places with the item
    next to it (a restricted case item included: only the places change). The first item cannot go up, nor
    the last down."""
    require_capability(acting_user, Capability.MANAGE_GOVERNANCE)
    meeting = item.meeting
    _lock(meeting)
    _ensure_agenda_editable(meeting)
    if direction not in MOVES:
        raise ValidationError("Choose whether to move the item up or down.")
    current = meeting.items.filter(pk=item.pk).first()  # its place now, under the meeting's lock
    if current is None:
        raise ValidationError("The item is no longer on the agenda.")
    item = current
    neighbours = meeting.items.exclude(pk=item.pk)
    other = (neighbours.filter(position__lt=item.position).order_by("-position").first() if direction == "up"
             else neighbours.filter(position__gt=item.position).order_by("position").first())
    if other is None:
        raise ValidationError(f"Item {item.position} is already {'first' if direction == 'up' else 'last'}.")
    was, to = item.position, other.position
    item.position = 0  # a free place while the other item takes this one (each place is held once)
    item.save(update_fields=["position", "updated_at"])
    other.position = was
    other.save(update_fields=["position", "updated_at"])
    item.position = to
    item.save(update_fields=["position", "updated_at"])
    _audit(acting_user, "meeting.agenda_item_move", meeting, {"item": item.pk, "from": was, "to": to,
                                                               "swapped_with": other.pk})
    return item
