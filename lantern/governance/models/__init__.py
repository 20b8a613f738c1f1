"""Governance records, one module per part: meetings, the action plan, the pledge, the maturity assessment."""

from lantern.governance.models.meetings import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    AttendanceStatus,
    Attendee,
    ItemKind,
    Meeting,
    MeetingAction,
    MeetingStatus,
    MinutesVersion,
)

__all__ = [
    "OPEN_ACTION_STATUSES",
    "ActionStatus",
    "ActionUpdate",
    "AgendaItem",
    "AttendanceStatus",
    "Attendee",
    "ItemKind",
    "Meeting",
    "MeetingAction",
    "MeetingStatus",
    "MinutesVersion",
]
