"""Meetings and boards for the governance tests."""

import datetime
from typing import Any

from django.utils import timezone

from lantern.governance.models import Meeting, MeetingStatus
from lantern.partnership.models import Board


def board(short_name: str = "SHOP", *, members: list[Any] = (), **fields: Any) -> Board:  # type: ignore[assignment]
    item, _ = Board.objects.get_or_create(
        name=fields.pop("name", f"{short_name} board"), defaults={"short_name": short_name, **fields})
    item.members.add(*members)
    return item


def meeting(on: Board, *, days: int = 7, status: str = MeetingStatus.SCHEDULED, reviews_cases: bool = True,
            **fields: Any) -> Meeting:
    """A meeting of ``on`` from 10:00 to 12:00 (local time), ``days`` from today (negative: in the past), written
    straight to the database, with the board's members invited. At a fixed time of day, so that a test run late
    in the evening does not make a meeting that ends after midnight."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    published = timezone.now() if status not in (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED) else None
    made = Meeting.objects.create(board=on, title=fields.pop("title", f"{on} meeting"), starts_at=starts,
                                  ends_at=starts + datetime.timedelta(hours=2), location="Council House, Oldbury",
                                  reviews_cases=reviews_cases, status=status, agenda_published_at=published, **fields)
    for member in on.members.order_by("full_name"):  # invited, as meeting_schedule does
        made.attendees.create(user=member)
    return made
