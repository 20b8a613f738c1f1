"""A meeting's lifecycle and an action's status: the one place each changes.

    scheduled → agenda published → held → minutes drafted → minutes approved (locked)
    scheduled, agenda published → cancelled

    action: open → in progress → done;  open, in progress → cancelled;  done → in progress (reopened)

Every move is a row of a table, made by the service named in it (``lantern.governance.services``).
``advance`` refuses any move not in the table; the models' constraints refuse the combinations of
fields no state allows. Minutes are approved at the board's next meeting, and a correction after that
is a new version (``minutes_correct``), which does not move the meeting. Overdue is not a status: it
comes from the due date. Callers lock the row (``select_for_update``) before they check and move.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError

from lantern.governance.models import ActionStatus, Meeting, MeetingAction, MeetingStatus

S = MeetingStatus
A = ActionStatus


class Move(NamedTuple):
    source: str
    target: str
    by: str


MEETING_MOVES: tuple[Move, ...] = (
    Move(S.SCHEDULED, S.AGENDA_PUBLISHED, "meeting_publish_agenda"),
    Move(S.AGENDA_PUBLISHED, S.HELD, "meeting_mark_held"),
    Move(S.HELD, S.MINUTES_DRAFTED, "minutes_draft"),
    Move(S.MINUTES_DRAFTED, S.MINUTES_DRAFTED, "minutes_draft"),  # the draft edited again
    Move(S.MINUTES_DRAFTED, S.MINUTES_APPROVED, "minutes_approve"),
    Move(S.SCHEDULED, S.CANCELLED, "meeting_cancel"),
    Move(S.AGENDA_PUBLISHED, S.CANCELLED, "meeting_cancel"),
)

ACTION_MOVES: tuple[Move, ...] = (
    Move(A.OPEN, A.IN_PROGRESS, "action_update"),
    Move(A.OPEN, A.DONE, "action_update"),
    Move(A.IN_PROGRESS, A.DONE, "action_update"),
    Move(A.OPEN, A.CANCELLED, "action_update"),
    Move(A.IN_PROGRESS, A.CANCELLED, "action_update"),
    Move(A.DONE, A.IN_PROGRESS, "action_update"),
)
_MEETING = frozenset(MEETING_MOVES)
_ACTION = frozenset(ACTION_MOVES)

# Where the agenda can still change, and where what happened at the meeting can be recorded.
AGENDA_EDITABLE = (S.SCHEDULED, S.AGENDA_PUBLISHED)
# Where the meeting itself (title, time, place, link) can still change (``meeting_update``): not once held.
DETAILS_EDITABLE = (S.SCHEDULED, S.AGENDA_PUBLISHED)
RECORDING_OPEN = (S.AGENDA_PUBLISHED, S.HELD, S.MINUTES_DRAFTED)


class MoveRefused(ValidationError):
    """A move that is not in the table."""


def meeting_moves_from(status: str) -> set[str]:
    """The services that can move a meeting out of ``status`` (what its page offers)."""
    return {move.by for move in MEETING_MOVES if move.source == status and move.target != status}


def advance_meeting(meeting: Meeting, *, to: str, by: str) -> None:
    """Move ``meeting`` to ``to`` for the service ``by`` (unsaved: the service saves)."""
    if Move(S(meeting.status), S(to), by) not in _MEETING:
        raise MoveRefused(f"A meeting that is '{S(meeting.status).label}' cannot become '{S(to).label}' this way.",
                          code="meeting_move_refused")
    meeting.status = S(to)


def action_targets_from(status: str) -> list[ActionStatus]:
    return [A(move.target) for move in ACTION_MOVES if move.source == status]


def advance_action(action: MeetingAction, *, to: str) -> None:
    if Move(A(action.status), A(to), "action_update") not in _ACTION:
        raise MoveRefused({"status": f"An action that is '{A(action.status).label}' cannot become '{A(to).label}'."},
                          code="action_move_refused")
    action.status = A(to)
