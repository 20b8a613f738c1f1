"""A meeting's pack (agenda, attendance, minutes, actions) as one standalone HTML document, printed from
the browser or turned into a PDF by WeasyPrint; and its calendar entry (ICS, with the icalendar package:
docs/decisions/0027-meeting-calendar-entries.md). The pack shows what its reader may see: case items by
reference, their detail only to those with a need to know. The calendar entry carries no case at all."""

import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lantern.governance import selectors
from lantern.governance.models import Meeting, MeetingStatus


def pack_context(user: Any, meeting: Meeting) -> dict[str, Any]:
    show_agenda = selectors.agenda_visible(user, meeting)
    agenda = selectors.agenda_for(user, meeting) if show_agenda else []
    minutes, _, minutes_withheld = selectors.minutes_for(user, meeting, agenda if show_agenda else None)
    return {
        "meeting": meeting, "agenda": agenda, "show_agenda": show_agenda,
        "attendees": list(selectors.members_for_attendance(meeting)),
        "minutes": minutes, "minutes_withheld": minutes_withheld,
        "actions": selectors.meeting_actions_for(user, meeting),
        "generated_at": timezone.localtime(), "generated_by": user.full_name,
    }


def render_pack_html(user: Any, meeting: Meeting) -> str:
    return render_to_string("governance/meeting_pack_document.html", pack_context(user, meeting))


def calendar_entry(meeting: Meeting, *, now: datetime.datetime | None = None) -> bytes:
    """The meeting as an iCalendar (RFC 5545) file with one event: title, board, times, place, link, and
    the address of its page in Lantern. A cancelled meeting's entry says so (STATUS:CANCELLED)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Lantern//Board meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{settings.LANTERN_SITE_URL.split('//')[-1].split('/')[0] or 'lantern'}")
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.board}: {meeting.title}")
    if meeting.location:
        event.add("location", meeting.location)
    page = f"{settings.LANTERN_SITE_URL}{reverse('governance:meeting-detail', args=[meeting.pk])}"
    event.add("url", meeting.link or page)
    event.add("description", "\n".join(filter(None, [
        f"Join online: {meeting.link}" if meeting.link else "",
        f"Agenda and papers in Lantern: {page}",
        "Case items are listed in Lantern only.",
    ])))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("sequence", meeting.sequence)  # one more on each change, so calendars replace the entry they hold
    calendar.add_component(event)
    return bytes(calendar.to_ical())
