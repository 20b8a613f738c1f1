"""A corrective action's status and the moves between them: the one place it changes.

    open → in progress → done → verified;  open → done;  done → in progress (evidence not accepted)

Every move is a row of ``MOVES``, made by ``services.due_diligence.corrective_action_update``
(verified: the officer checked the evidence). Overdue is not a status: it is derived from the due
date (``selectors.due_diligence.overdue_actions_q``). Callers lock the action row first.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError

from lantern.supply_chain.models import ActionStatus, CorrectiveAction

A = ActionStatus


class Move(NamedTuple):
    source: ActionStatus
    target: ActionStatus


MOVES: tuple[Move, ...] = (
    Move(A.OPEN, A.IN_PROGRESS),
    Move(A.OPEN, A.DONE),
    Move(A.IN_PROGRESS, A.DONE),
    Move(A.DONE, A.VERIFIED),
    Move(A.DONE, A.IN_PROGRESS),
)
_ALLOWED = frozenset(MOVES)


class MoveRefused(ValidationError):
    """A move that is not in the table."""


def targets_from(status: str) -> list[ActionStatus]:
    return [move.target for move in MOVES if move.source == status]


def advance(action: CorrectiveAction, *, to: str) -> None:
    if Move(A(action.status), A(to)) not in _ALLOWED:
        raise MoveRefused(
            {"status": f"An action that is '{A(action.status).label}' cannot become '{A(to).label}'."},
            code="action_move_refused",
        )
    action.status = A(to)
