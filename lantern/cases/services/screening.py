"""Screening against the indicators, and an adult's decision about an NRM referral."""

import datetime
import json
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import selectors, workflow
from lantern.cases.models import Case, CaseStage, ConsentRecord, Screening
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import ensure_open, event, lock, not_in_future
from lantern.core.reference import indicators


@transaction.atomic
def screening_record(
    *, case: Case, acting_user: User, indicators_found: Iterable[str], evidence: str, judgement: str,
    conclusion: str, screened_on: datetime.date, indicator_evidence: dict[str, str] | None = None,
) -> Screening:
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    not_in_future(screened_on, "screened_on")
    found = sorted(set(indicators_found))
    if not set(found) <= indicators.current_set().codes():
        raise ValidationError({"indicators": "Choose indicators from the list"})
    per_indicator = {code: text for code, text in (indicator_evidence or {}).items() if text.strip()}
    if not set(per_indicator) <= set(found):
        raise ValidationError({"indicators": "Evidence can only be given for indicators that apply"})
    screening = Screening.objects.create(
        case=case, indicator_set_version=indicators.CURRENT_VERSION, indicators=found, evidence=evidence,
        indicator_evidence=json.dumps(per_indicator, ensure_ascii=False) if per_indicator else "",
        judgement=judgement, conclusion=conclusion, screened_on=screened_on, created_by=acting_user,
    )
    if case.stage == CaseStage.SCREENING:  # a later screening (a review) moves nothing
        workflow.advance(case, to=CaseStage.NRM_DUE if case.is_child else CaseStage.AWAITING_CONSENT,
                         by="screening_record")
        case.save(update_fields=["stage", "updated_at"])
    event(case, acting_user, "screening", f"Screening recorded: {len(found)} indicator(s), "
          f"{Screening.Conclusion(conclusion).label.lower()}")
    audit_record(actor=acting_user, action="case.screening", kind=AuditAction.CREATE, target=case,
                 changes={"indicators": len(found), "conclusion": conclusion})
    return screening


@transaction.atomic
def consent_record(
    *, case: Case, acting_user: User, given: bool, explained_on: datetime.date, language: str,
    interpreter_used: bool, refusal_reason: str = "", share_details_for_dtn: bool = False,
) -> ConsentRecord:
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    if case.is_child:
        raise ValidationError("Children do not give consent: every child is referred to the NRM.")
    not_in_future(explained_on, "explained_on")
    if not given and not refusal_reason.strip():
        raise ValidationError({"refusal_reason": "Enter the reason they gave for not consenting"})
    consent = ConsentRecord.objects.create(
        case=case, given=given, explained_by=acting_user, explained_on=explained_on, language=language,
        interpreter_used=interpreter_used, refusal_reason=refusal_reason if not given else "",
        share_details_for_dtn=share_details_for_dtn if not given else False, created_by=acting_user,
    )
    # The case follows the person's latest decision (a refusal recorded today may be dated before
    # an earlier-recorded consent). Once a referral or a Duty to Notify is made, a new decision is
    # recorded without moving the case.
    latest = selectors.latest_consent(case)
    target = CaseStage.NRM_DUE if latest is not None and latest.given else CaseStage.DTN_DUE
    if workflow.allowed(case, to=target, by="consent_record"):
        workflow.advance(case, to=target, by="consent_record")
        case.save(update_fields=["stage", "updated_at"])
    event(case, acting_user, "consent", "Consent to an NRM referral given" if given else "Consent to an NRM referral refused")
    audit_record(actor=acting_user, action="case.consent", kind=AuditAction.CREATE, target=case,
                 changes={"given": given})
    return consent
