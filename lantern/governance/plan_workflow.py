"""A plan action's status and the moves between them: the one place it changes.

    not started → in progress → completed;  not started / in progress ⇄ on hold;
    any open status → cancelled or completed;  completed → in progress (reopened)
    any open status → carried forward (only by starting a new strategy period)

A progress update may move the status (``services_plan.progress_update_add``); carrying forward is
``services_plan.period_start`` alone. Overdue is not a status: it is derived from the due date
(``selectors_plan.overdue_q``). Callers lock the action row first.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError

from lantern.governance.models import PlanAction, PlanActionStatus

S = PlanActionStatus


class Move(NamedTuple):
    source: PlanActionStatus
    target: PlanActionStatus


MOVES: tuple[Move, ...] = (
    Move(S.NOT_STARTED, S.IN_PROGRESS),
    Move(S.NOT_STARTED, S.ON_HOLD),
    Move(S.NOT_STARTED, S.COMPLETED),
    Move(S.NOT_STARTED, S.CANCELLED),
    Move(S.IN_PROGRESS, S.ON_HOLD),
    Move(S.IN_PROGRESS, S.COMPLETED),
    Move(S.IN_PROGRESS, S.CANCELLED),
    Move(S.ON_HOLD, S.IN_PROGRESS),
    Move(S.ON_HOLD, S.CANCELLED),
    Move(S.COMPLETED, S.IN_PROGRESS),
)
CARRY_FORWARD_FROM = (S.NOT_STARTED, S.IN_PROGRESS, S.ON_HOLD)
_ALLOWED = frozenset(MOVES)


def targets_from(status: str) -> list[PlanActionStatus]:
    """The statuses an update may move an action to from ``status`` (staying put is always allowed)."""
    return [move.target for move in MOVES if move.source == status]


def advance(action: PlanAction, *, to: str) -> None:
    if to == action.status:
        return
    if Move(S(action.status), S(to)) not in _ALLOWED:
        raise ValidationError(
            {"status": f"An action that is '{S(action.status).label}' cannot become '{S(to).label}'"},
            code="plan_action_move_refused")
    action.status = S(to)


def carry_forward(action: PlanAction) -> None:
    if action.status not in CARRY_FORWARD_FROM:
        raise ValidationError(f"Only an open action can be carried forward, not one that is "
                              f"'{S(action.status).label}'", code="plan_action_move_refused")
    action.status = S.CARRIED_FORWARD
