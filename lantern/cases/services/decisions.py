"""Home Office decisions: reasonable grounds, conclusive grounds, reconsiderations."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import rules, workflow
from lantern.cases.models import (
    Case,
    CaseStage,
    CompetentAuthority,
    Decision,
    DecisionKind,
    EarlyDecisionReason,
)
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import ensure_open, event, lock, not_in_future


def _reasonable_grounds(case: Case, decided_on: datetime.date, positive: bool) -> None:
    if workflow.has_rg_decision(case):
        raise ValidationError("A reasonable grounds decision is already recorded. Record a reconsideration instead.")
    case.rg_decided_on = decided_on
    case.rg_expected_by = None
    if positive:
        case.recovery_ends_on = rules.recovery_period_end(decided_on)
    workflow.advance(case, to=CaseStage.RECOVERY if positive else CaseStage.RG_NEGATIVE, by="decision_record")


def _conclusive_grounds(case: Case, decided_on: datetime.date, positive: bool, early_reason: str, notes: str) -> str:
    """Record a conclusive grounds decision on the case; returns the early reason that stands ("" if not early)."""
    if case.stage != CaseStage.RECOVERY or case.rg_decided_on is None:
        raise ValidationError("A conclusive grounds decision follows a positive reasonable grounds decision.")
    if decided_on < case.rg_decided_on:
        raise ValidationError({"decided_on": "The conclusive grounds decision cannot be before the reasonable grounds one"})
    early_reason = _check_early(case, decided_on, early_reason, notes)
    case.cg_decided_on = decided_on
    if positive:
        case.move_on_ends_on = rules.move_on_end(decided_on)
    workflow.advance(case, to=CaseStage.CG_POSITIVE if positive else CaseStage.CG_NEGATIVE, by="decision_record")
    return early_reason


def _check_early(case: Case, decided_on: datetime.date, early_reason: str, notes: str) -> str:
    """A conclusive grounds decision before the recovery period has ended stands only with the reason confirmed
    (the competent authority may decide early in some circumstances); after it, no reason is kept."""
    if not rules.is_before_recovery_end(decided_on=decided_on, recovery_ends_on=case.recovery_ends_on):
        return ""
    if early_reason not in EarlyDecisionReason.values:
        assert case.recovery_ends_on is not None  # noqa: S101 (is_before_recovery_end says so)
        raise ValidationError({"early_reason": f"The recovery period runs to {case.recovery_ends_on:%-d %B %Y}: "
                                               "select why the decision came before it ended"})
    if early_reason == EarlyDecisionReason.OTHER and not notes.strip():
        raise ValidationError({"notes": "Give the reason the decision came before the recovery period ended"})
    return early_reason


def _reconsideration(case: Case, decided_on: datetime.date, positive: bool) -> None:
    if case.stage not in (CaseStage.RG_NEGATIVE, CaseStage.CG_NEGATIVE):
        raise ValidationError("A reconsideration follows a negative decision.")
    if not positive:
        return  # the negative decision stands
    if case.stage == CaseStage.RG_NEGATIVE:
        case.rg_decided_on = decided_on
        case.recovery_ends_on = rules.recovery_period_end(decided_on)
        workflow.advance(case, to=CaseStage.RECOVERY, by="decision_record")
    else:
        case.cg_decided_on = decided_on
        case.move_on_ends_on = rules.move_on_end(decided_on)
        workflow.advance(case, to=CaseStage.CG_POSITIVE, by="decision_record")


@transaction.atomic
def decision_record(
    *, case: Case, acting_user: User, kind: str, decided_on: datetime.date, positive: bool,
    competent_authority: str, notes: str = "", early_reason: str = "",
) -> Decision:
    """Record a Home Office decision. A conclusive grounds decision dated before the recovery period ends
    needs ``early_reason`` (an EarlyDecisionReason, with the notes when it is 'other')."""
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    not_in_future(decided_on, "decided_on")
    if competent_authority == CompetentAuthority.DEVOLVED and not case.is_child:
        raise ValidationError({"competent_authority": "Devolved decision-making panels decide children's cases only"})
    if not workflow.has_nrm_referral(case) or case.nrm_referred_on is None:
        raise ValidationError("Record the NRM referral before a Home Office decision.")
    if decided_on < case.nrm_referred_on:
        raise ValidationError({"decided_on": "A decision cannot be dated before the referral"})
    if kind != DecisionKind.CONCLUSIVE_GROUNDS:
        early_reason = ""
    if kind == DecisionKind.REASONABLE_GROUNDS:
        _reasonable_grounds(case, decided_on, positive)
    elif kind == DecisionKind.CONCLUSIVE_GROUNDS:
        early_reason = _conclusive_grounds(case, decided_on, positive, early_reason, notes)
    elif kind == DecisionKind.RECONSIDERATION:
        _reconsideration(case, decided_on, positive)
    else:
        raise ValueError(kind)
    decision = Decision.objects.create(
        case=case, kind=kind, decided_on=decided_on, positive=positive, competent_authority=competent_authority,
        early_reason=early_reason, notes=notes, created_by=acting_user,
    )
    case.save()
    outcome = "positive" if positive else "negative"
    early = " (before the recovery period ended)" if early_reason else ""
    event(case, acting_user, f"decision.{kind}", f"{DecisionKind(kind).label} decision: {outcome}{early}")
    changes: dict[str, object] = {"kind": kind, "positive": positive}
    if early_reason:
        changes["early_reason"] = early_reason
    audit_record(actor=acting_user, action="case.decision", kind=AuditAction.CREATE, target=case, changes=changes)
    return decision
