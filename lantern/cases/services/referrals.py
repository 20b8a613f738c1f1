"""Referrals: the NRM referral, the Duty to Notify, and referrals to local services."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import Agency, User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import rules, selectors, workflow
from lantern.cases.models import Case, CaseStage, Referral, ReferralKind
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import ensure_open, event, lock, not_in_future
from lantern.core.reference import first_responder_organisations


def _check_nrm(case: Case) -> None:
    if not case.is_child:
        consent = selectors.latest_consent(case)
        if consent is None or not consent.given:
            raise ValidationError("An adult can only be referred to the NRM with their informed consent. Record consent first.")
    if workflow.has_nrm_referral(case) or case.referrals.filter(kind=ReferralKind.NRM).exists():
        raise ValidationError("This case already has an NRM referral.")


def _check_duty_to_notify(case: Case) -> bool:
    """The checks before a Duty to Notify; whether it is made without the person's details."""
    if case.is_child:
        raise ValidationError("The Duty to Notify is never used for children: refer every child to the NRM.")
    if workflow.has_nrm_referral(case):
        raise ValidationError("This case already has an NRM referral, so no Duty to Notify is needed.")
    if case.referrals.filter(kind=ReferralKind.DUTY_TO_NOTIFY).exists():
        raise ValidationError("This case already has a Duty to Notify report.")
    consent = selectors.latest_consent(case)
    if consent is None or consent.given:
        raise ValidationError("A Duty to Notify is made when an adult refuses consent. Record their decision first.")
    return not consent.share_details_for_dtn


@transaction.atomic
def referral_record(
    *, case: Case, acting_user: User, kind: str, made_on: datetime.date, to_organisation: str = "",
    external_reference: str = "", notes: str = "", made_by_agency: Agency | None = None,
    first_responder_organisation: str = "",
) -> Referral:
    """Record a referral. The case row is locked first, so two people recording the same NRM
    referral at once get one referral and one clear refusal (the database backs this up)."""
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    not_in_future(made_on, "made_on")
    if made_on < case.opened_on - datetime.timedelta(days=365):
        raise ValidationError({"made_on": "The referral date is long before the case was opened: check it"})
    anonymous = False
    if kind == ReferralKind.NRM:
        _check_nrm(case)
    elif kind == ReferralKind.DUTY_TO_NOTIFY:
        anonymous = _check_duty_to_notify(case)
    elif kind == ReferralKind.ADULT_SAFEGUARDING and case.is_child:
        raise ValidationError("Use a children's social care referral for a child.")
    elif kind in (ReferralKind.CHILDRENS_SOCIAL_CARE, ReferralKind.ICTG) and not case.is_child:
        raise ValidationError("This referral is for children only.")
    agency = made_by_agency or acting_user.agency or case.lead_agency
    if kind in (ReferralKind.NRM, ReferralKind.DUTY_TO_NOTIFY) and not agency.is_first_responder:
        raise ValidationError(f"{agency} is not a first responder organisation, so it cannot make this referral.")
    organisations = dict(first_responder_organisations())
    if kind in (ReferralKind.NRM, ReferralKind.DUTY_TO_NOTIFY):
        # The referring organisation as the Home Office form lists it: chosen, else the agency's own entry.
        first_responder_organisation = first_responder_organisation or (
            agency.first_responder_code if agency.first_responder_code in organisations else "")
        if first_responder_organisation and first_responder_organisation not in organisations:
            raise ValidationError({"first_responder_organisation": "Choose the organisation from the form's list"})
    else:
        first_responder_organisation = ""
    referral = Referral.objects.create(
        case=case, kind=kind, made_on=made_on, made_by_agency=agency, to_organisation=to_organisation,
        external_reference=external_reference, anonymous=anonymous, notes=notes, created_by=acting_user,
        first_responder_organisation=first_responder_organisation,
    )
    if kind == ReferralKind.NRM:
        workflow.advance(case, to=CaseStage.REFERRED, by="referral_record")
        case.nrm_referred_on = made_on
        case.rg_expected_by = rules.rg_expected_by(made_on)
        case.save(update_fields=["nrm_referred_on", "rg_expected_by", "stage", "updated_at"])
    elif kind == ReferralKind.DUTY_TO_NOTIFY:
        workflow.advance(case, to=CaseStage.DUTY_TO_NOTIFY, by="referral_record")
        case.save(update_fields=["stage", "updated_at"])
    # The timeline is not encrypted: the kind only, never the Home Office reference or other free text.
    event(case, acting_user, f"referral.{kind}", f"{ReferralKind(kind).label} referral recorded")
    audit_record(actor=acting_user, action="case.referral", kind=AuditAction.CREATE, target=case,
                 changes={"kind": kind, "made_on": made_on.isoformat(),
                          "first_responder_organisation": first_responder_organisation})
    return referral
