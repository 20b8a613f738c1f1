"""A pledge signatory's status and the moves between them: the one place it changes.

    requested → approved (signed) | declined;   approved → withdrawn

Each move is a row of ``MOVES``, made by one service in ``lantern.governance.services_pledge``,
which locks the row first. The database backs each end state with its date or reason.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError

from lantern.governance.models import PledgeSignatory, PledgeStatus

S = PledgeStatus


class Move(NamedTuple):
    source: PledgeStatus
    target: PledgeStatus


MOVES: tuple[Move, ...] = (
    Move(S.REQUESTED, S.APPROVED),
    Move(S.REQUESTED, S.DECLINED),
    Move(S.APPROVED, S.WITHDRAWN),
)
_ALLOWED = frozenset(MOVES)


def can_move(signatory: PledgeSignatory, to: str) -> bool:
    return Move(S(signatory.status), S(to)) in _ALLOWED


def advance(signatory: PledgeSignatory, *, to: str) -> None:
    if not can_move(signatory, to):
        raise ValidationError(
            f"A signatory that is '{S(signatory.status).label}' cannot become '{S(to).label}'.",
            code="pledge_move_refused",
        )
    signatory.status = S(to)
