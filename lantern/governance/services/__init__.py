"""Every write to meetings (scheduling and running them; changing them) and their actions; re-exported here:
``from lantern.governance import services; services.minutes_approve(...)``."""

from lantern.governance.services.actions import action_add, action_update, may_update
from lantern.governance.services.meeting_changes import (
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    meeting_update,
)
from lantern.governance.services.meetings import (
    agenda_add_flagged_cases,
    agenda_add_item,
    attendance_record,
    attendee_add,
    item_get_for_manager,
    item_record,
    meeting_cancel,
    meeting_mark_held,
    meeting_publish_agenda,
    meeting_schedule,
    minutes_approve,
    minutes_correct,
    minutes_draft,
)

__all__ = [
    "action_add",
    "action_update",
    "agenda_add_flagged_cases",
    "agenda_add_item",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_update",
    "attendance_record",
    "attendee_add",
    "item_get_for_manager",
    "item_record",
    "may_update",
    "meeting_cancel",
    "meeting_mark_held",
    "meeting_publish_agenda",
    "meeting_schedule",
    "meeting_update",
    "minutes_approve",
    "minutes_correct",
    "minutes_draft",
]
