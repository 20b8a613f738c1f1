"""What the meeting pages share: finding the meeting (404 when hidden) and its crumbs."""

from django.http import HttpRequest
from django.urls import reverse

from lantern.accounts.capabilities import Capability
from lantern.core.access import require_capability, signed_in_user
from lantern.core.breadcrumbs import crumbs
from lantern.governance import selectors
from lantern.governance.models import Meeting


def meeting_for_view(request: HttpRequest, meeting_id: int, *, manage: bool = False) -> Meeting:
    """The meeting if the user may see it (404 otherwise); with ``manage``, 403 unless they run meetings."""
    user = signed_in_user(request)
    meeting = selectors.meeting_get_for_user(user=user, meeting_id=meeting_id)
    if manage:
        require_capability(user, Capability.MANAGE_GOVERNANCE)
    return meeting


def meeting_url(meeting: Meeting) -> str:
    return reverse("governance:meeting-detail", args=[meeting.pk])


def meeting_crumbs(meeting: Meeting, heading: str | None = None) -> list[dict[str, str | None]]:
    trail: list[tuple[str, str | None]] = [
        ("Governance", reverse("governance:overview")),
        (str(meeting.board), reverse("governance:board-detail", args=[meeting.board_id])),
        (meeting.title, meeting_url(meeting) if heading else None),
    ]
    if heading:
        trail.append((heading, None))
    return crumbs(*trail)
