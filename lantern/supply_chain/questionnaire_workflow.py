"""A questionnaire's lifecycle and the moves between its states: the one place its status changes.

    draft → sent → in progress → submitted → acknowledged
    draft, sent, in progress → withdrawn;  sent, in progress → expired;  expired → sent (a new link)

Every move is a row of ``MOVES``: from a status, to a status, and the service (in
``lantern.supply_chain.services.due_diligence``) that makes it. ``advance`` refuses any move not in
the table, so no page, API call or script can put a questionnaire in a state the process does not
allow; the model's constraints refuse the combinations of fields no state allows. Callers lock the
questionnaire row (``select_for_update``) before they check and move.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError

from lantern.supply_chain.models import Questionnaire, QuestionnaireStatus

S = QuestionnaireStatus


class Move(NamedTuple):
    source: QuestionnaireStatus
    target: QuestionnaireStatus
    by: str


MOVES: tuple[Move, ...] = (
    Move(S.DRAFT, S.SENT, "questionnaire_send"),
    Move(S.EXPIRED, S.SENT, "questionnaire_send"),  # sent again with a new link
    Move(S.SENT, S.IN_PROGRESS, "questionnaire_answers_save"),
    Move(S.SENT, S.SUBMITTED, "questionnaire_submit"),
    Move(S.IN_PROGRESS, S.SUBMITTED, "questionnaire_submit"),
    Move(S.SUBMITTED, S.ACKNOWLEDGED, "questionnaire_acknowledge"),
    Move(S.SENT, S.EXPIRED, "questionnaire_expire"),
    Move(S.IN_PROGRESS, S.EXPIRED, "questionnaire_expire"),
    Move(S.DRAFT, S.WITHDRAWN, "questionnaire_withdraw"),
    Move(S.SENT, S.WITHDRAWN, "questionnaire_withdraw"),
    Move(S.IN_PROGRESS, S.WITHDRAWN, "questionnaire_withdraw"),
    Move(S.EXPIRED, S.WITHDRAWN, "questionnaire_withdraw"),
)
_ALLOWED = frozenset(MOVES)


class MoveRefused(ValidationError):
    """A move that is not in the table."""


def allowed(questionnaire: Questionnaire, *, to: str, by: str) -> bool:
    return Move(S(questionnaire.status), S(to), by) in _ALLOWED


def moves_from(status: str) -> set[str]:
    """The services that can move a questionnaire out of ``status`` (what the pages offer)."""
    return {move.by for move in MOVES if move.source == status}


def advance(questionnaire: Questionnaire, *, to: str, by: str) -> None:
    """Move ``questionnaire`` to ``to`` for the service ``by`` (unsaved: the service saves)."""
    if not allowed(questionnaire, to=to, by=by):
        raise MoveRefused(
            f"A questionnaire that is '{S(questionnaire.status).label}' cannot become '{S(to).label}' this way.",
            code="questionnaire_move_refused",
        )
    questionnaire.status = S(to)
