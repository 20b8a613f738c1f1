"""A case's stages and the moves between them: the one place the stage changes.

Every move is a row of ``MOVES``: from a stage, to a stage, and the service
that makes it. A service calls ``advance`` after its own checks (consent
given, a first responder organisation, dates in order...); ``advance`` refuses
any move that is not in the table, so no page, API call or script can put a
case in a stage the process does not allow. Nothing else assigns
``Case.stage`` (a test checks the source for it).

The route and the stage go together: children are never asked for consent
and never have a Duty to Notify (the database refuses those pairs too, see
``Case.Meta.constraints``). ``route_change`` moves both at once.

Callers lock the case row (``select_for_update``) before they check and move.
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError

from lantern.cases import rules
from lantern.cases.models import ADULT_ONLY_STAGES, Case, CaseStage, ReferralKind, Route

S = CaseStage


class Move(NamedTuple):
    source: CaseStage
    target: CaseStage
    by: str  # the service (in lantern.cases.services) that makes the move


INITIAL_STAGE = S.SCREENING  # concern_open_case opens every case here

MOVES: tuple[Move, ...] = (
    # Screening: a child is referred without consent; an adult is asked first.
    Move(S.SCREENING, S.NRM_DUE, "screening_record"),
    Move(S.SCREENING, S.AWAITING_CONSENT, "screening_record"),
    # An adult's decision about the referral (asked again, it may change).
    Move(S.SCREENING, S.NRM_DUE, "consent_record"),
    Move(S.SCREENING, S.DTN_DUE, "consent_record"),
    Move(S.AWAITING_CONSENT, S.NRM_DUE, "consent_record"),
    Move(S.AWAITING_CONSENT, S.DTN_DUE, "consent_record"),
    Move(S.NRM_DUE, S.DTN_DUE, "consent_record"),
    Move(S.DTN_DUE, S.NRM_DUE, "consent_record"),
    # The NRM referral: a child's may come before the screening is written up; an adult who
    # refused and was reported under the Duty to Notify may consent later.
    Move(S.SCREENING, S.REFERRED, "referral_record"),
    Move(S.NRM_DUE, S.REFERRED, "referral_record"),
    Move(S.DUTY_TO_NOTIFY, S.REFERRED, "referral_record"),
    Move(S.DTN_DUE, S.DUTY_TO_NOTIFY, "referral_record"),
    # Home Office decisions.
    Move(S.REFERRED, S.RECOVERY, "decision_record"),
    Move(S.REFERRED, S.RG_NEGATIVE, "decision_record"),
    Move(S.RECOVERY, S.CG_POSITIVE, "decision_record"),
    Move(S.RECOVERY, S.CG_NEGATIVE, "decision_record"),
    Move(S.RG_NEGATIVE, S.RECOVERY, "decision_record"),  # positive reconsideration
    Move(S.CG_NEGATIVE, S.CG_POSITIVE, "decision_record"),  # positive reconsideration
    # The route changes: found to be under 18 (every child is referred), or assessed as an adult.
    Move(S.SCREENING, S.NRM_DUE, "person_update"),
    Move(S.AWAITING_CONSENT, S.NRM_DUE, "person_update"),
    Move(S.DTN_DUE, S.NRM_DUE, "person_update"),
    Move(S.DUTY_TO_NOTIFY, S.NRM_DUE, "person_update"),
    Move(S.NRM_DUE, S.AWAITING_CONSENT, "age_assessment_record"),
    # Assessed as an adult after a time on the child route: their decision about a referral, recorded
    # while they were treated as an adult, applies again (a Duty to Notify already made stands).
    Move(S.NRM_DUE, S.DTN_DUE, "age_assessment_record"),
    Move(S.NRM_DUE, S.DUTY_TO_NOTIFY, "age_assessment_record"),
    # Reassessed as a child after an assessment found an adult: every child is referred.
    Move(S.SCREENING, S.NRM_DUE, "age_assessment_record"),
    Move(S.AWAITING_CONSENT, S.NRM_DUE, "age_assessment_record"),
    Move(S.DTN_DUE, S.NRM_DUE, "age_assessment_record"),
    Move(S.DUTY_TO_NOTIFY, S.NRM_DUE, "age_assessment_record"),
    # Turned 18 before the referral was made: an adult now decides about it (or their decision applies again).
    Move(S.NRM_DUE, S.AWAITING_CONSENT, "case_turn_adult"),
    Move(S.NRM_DUE, S.DTN_DUE, "case_turn_adult"),
    Move(S.NRM_DUE, S.DUTY_TO_NOTIFY, "case_turn_adult"),
)
_ALLOWED = frozenset(MOVES)

# Stages that can only be reached through an NRM referral, and through a reasonable grounds decision.
NRM_REFERRED_STAGES = frozenset({S.REFERRED, S.RECOVERY, S.RG_NEGATIVE, S.CG_POSITIVE, S.CG_NEGATIVE})
RG_DECIDED_STAGES = NRM_REFERRED_STAGES - {S.REFERRED}


class MoveRefused(ValidationError):
    """A move that is not in the table."""


def allowed(case: Case, *, to: str, by: str) -> bool:
    return Move(S(case.stage), S(to), by) in _ALLOWED


def advance(case: Case, *, to: str, by: str) -> None:
    """Move ``case`` to stage ``to`` on behalf of the service ``by`` (unsaved: the service saves).

    Staying at the same stage is not a move and changes nothing. A move not in
    ``MOVES`` raises MoveRefused, with a message a user can read.
    """
    if case.stage == to:
        return
    if not allowed(case, to=to, by=by):
        raise MoveRefused(
            f"A case at the stage '{S(case.stage).label}' cannot move to '{S(to).label}' this way.",
            code="stage_move_refused",
        )
    case.stage = S(to)


def route_change(case: Case, *, to: str, by: str) -> None:
    """Set the route and the stage that follows from it (unsaved).

    The history stays (consents, referrals, decisions are never removed); the
    rules of the new route apply from now. Found to be a child, an adult's case
    not yet referred is due a referral (every child is referred to the NRM; the
    Duty to Notify is never used for children). Assessed as an adult before a
    referral, the consent rules apply again: the latest decision they made as
    an adult stands (consent: the referral is due; refusal: the Duty to Notify
    is due, or made if it was), and without one they are asked.
    """
    was_child = rules.is_child_route(case.route)
    case.route = Route(to)
    if has_nrm_referral(case):
        return
    if rules.is_child_route(to) and not was_child and case.stage in (S.SCREENING, *ADULT_ONLY_STAGES):
        advance(case, to=S.NRM_DUE, by=by)
    elif not rules.is_child_route(to) and case.stage == S.NRM_DUE:
        advance(case, to=_adult_stage_before_referral(case), by=by)


def _adult_stage_before_referral(case: Case) -> CaseStage:
    """Where an adult's case not yet referred stands, by their latest decision about a referral."""
    latest = case.consents.order_by("-explained_on", "-id").first()
    if latest is None:
        return S.AWAITING_CONSENT
    if latest.given:
        return S.NRM_DUE
    if case.referrals.filter(kind=ReferralKind.DUTY_TO_NOTIFY).exists():
        return S.DUTY_TO_NOTIFY
    return S.DTN_DUE


def has_nrm_referral(case: Case) -> bool:
    return case.stage in NRM_REFERRED_STAGES


def has_rg_decision(case: Case) -> bool:
    return case.stage in RG_DECIDED_STAGES


def is_waiting_for_rg(case: Case) -> bool:
    return case.stage == S.REFERRED


def is_waiting_for_cg(case: Case) -> bool:
    return case.stage == S.RECOVERY


def days_waiting_for_rg(case: Case, today: datetime.date) -> int | None:
    """Days since the NRM referral while the reasonable grounds decision is awaited (else None)."""
    if not is_waiting_for_rg(case) or case.nrm_referred_on is None:
        return None
    return (today - case.nrm_referred_on).days


def days_waiting_for_cg(case: Case, today: datetime.date) -> int | None:
    """Days since the positive reasonable grounds decision while the conclusive one is awaited (else None)."""
    if not is_waiting_for_cg(case) or case.rg_decided_on is None:
        return None
    return (today - case.rg_decided_on).days


class DueItem(NamedTuple):
    """A date the case is waiting for: the RG decision, the end of the recovery period, the end of move-on support."""

    kind: str  # "rg_decision", "recovery_end" or "move_on_end"
    label: str
    on: datetime.date
    overdue: bool


def due_items(case: Case, today: datetime.date) -> list[DueItem]:
    """What an open case is waiting for, with its date; overdue once the date has passed without a decision
    (the RG decision, or the CG decision at the end of the recovery period) or, at the end of move-on support,
    without a move-on plan. The same rules as selectors.overdue_q, for one case in memory."""
    if case.status != "open":
        return []
    items = []
    if case.stage == S.REFERRED and case.rg_expected_by is not None:
        items.append(DueItem("rg_decision", "Reasonable grounds decision expected", case.rg_expected_by,
                             case.rg_expected_by < today))
    if case.stage == S.RECOVERY and case.recovery_ends_on is not None:
        items.append(DueItem("recovery_end", "Recovery period ends: the conclusive grounds decision is due",
                             case.recovery_ends_on, case.recovery_ends_on < today))
    if case.stage == S.CG_POSITIVE and case.move_on_ends_on is not None:
        planned = case.move_on_planned_on is not None
        items.append(DueItem("move_on_end", "Move-on support ends" + (
            f" (move-on plan agreed on {case.move_on_planned_on:%-d %B %Y})" if planned else ": agree the move-on plan"),
            case.move_on_ends_on, case.move_on_ends_on < today and not planned))
    return items


def overdue_reason(case: Case, today: datetime.date) -> str:
    """Why an overdue case (selectors.overdue_q) is overdue, in words for 'My work'."""
    for item in due_items(case, today):
        if item.overdue:
            return f"{item.label} – {item.on:%-d %B %Y}"
    return "a child's NRM referral has not been made"
