"""Every write to concerns and cases. Each checks access, validates, records a
timeline event and an audit entry in the same transaction, and queues side
effects (emails) on commit."""

import datetime
import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import Agency, User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.cases import indicators, rules
from lantern.cases.models import (
    AgeAssessment,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseExploitation,
    CaseMember,
    CaseNote,
    CaseOutcome,
    CaseStage,
    CaseStatus,
    CompetentAuthority,
    Concern,
    ConcernStatus,
    ConsentRecord,
    Decision,
    DecisionKind,
    ExploitationType,
    MissingEpisode,
    Person,
    Referral,
    ReferralKind,
    Route,
    Screening,
    SupportService,
    Task,
    TaskStatus,
)
from lantern.cases.selectors import ensure_can_work_case
from lantern.core import crypto, files
from lantern.core.access import require_capability
from lantern.core.references import reference_generate

CONCERN_PREFIX = "MS"
CASE_PREFIX = "MSC"


def _today() -> datetime.date:
    return timezone.localdate()


def _not_in_future(value: datetime.date | None, label: str) -> None:
    if value is not None and value > _today():
        raise ValidationError({label: "The date must be today or in the past"})


def _unique_reference(model: type[Concern] | type[Case], prefix: str) -> str:
    for _ in range(10):
        reference = reference_generate(prefix)
        if not model._default_manager.filter(reference=reference).exists():
            return reference
    raise IntegrityError("Could not find a free reference after 10 attempts.")


def _event(case: Case, actor: Any, kind: str, summary: str) -> CaseEvent:
    return CaseEvent.objects.create(case=case, occurred_at=timezone.now(), actor=actor, kind=kind, summary=summary)


def _audit(actor: Any, action: str, kind: str, target: Any, changes: dict[str, Any] | None = None) -> None:
    audit_record(actor=actor, action=action, kind=kind, target=target, target_label=str(target), changes=changes)


# --- Concerns -------------------------------------------------------------------


@transaction.atomic
def concern_start(*, raised_by: User) -> Concern:
    require_capability(raised_by, Capability.RAISE_CONCERN)
    concern = Concern.objects.create(
        reference=_unique_reference(Concern, CONCERN_PREFIX),
        raised_by=raised_by,
        raised_by_agency=raised_by.agency,
        created_by=raised_by,
        indicator_set_version=indicators.CURRENT_VERSION,
    )
    _audit(raised_by, "concern.start", AuditAction.CREATE, concern)
    return concern


CONCERN_EDITABLE = {
    "immediate_danger", "what_seen", "seen_on", "area", "premises_type", "address", "person_name",
    "person_description", "approximate_age", "age_uncertain", "gender", "nationality", "language",
    "interpreter_needed", "indicators", "exploitation_types",
}


@transaction.atomic
def concern_update_draft(*, concern: Concern, acting_user: User, **fields: Any) -> Concern:
    if concern.raised_by_id != acting_user.pk or concern.status != ConcernStatus.DRAFT:
        raise PermissionDenied
    unknown = set(fields) - CONCERN_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    _not_in_future(fields.get("seen_on"), "seen_on")
    if "indicators" in fields:
        valid = indicators.indicator_set(concern.indicator_set_version).codes()
        if not set(fields["indicators"]) <= valid:
            raise ValidationError({"indicators": "Choose indicators from the list"})
    if "exploitation_types" in fields and not set(fields["exploitation_types"]) <= set(ExploitationType.values):
        raise ValidationError({"exploitation_types": "Choose types from the list"})
    for name, value in fields.items():
        setattr(concern, name, value)
    concern.full_clean()
    concern.save()
    _audit(acting_user, "concern.update_draft", AuditAction.UPDATE, concern,
           describe_changes(instance=concern, fields=[f for f in fields if f not in ("indicators", "exploitation_types")]))
    return concern


def concern_missing_answers(concern: Concern) -> list[str]:
    missing = []
    if concern.immediate_danger is None:
        missing.append("whether anyone is in immediate danger")
    if not concern.what_seen.strip():
        missing.append("what you saw or were told")
    if not concern.person_name.strip() and not concern.person_description.strip():
        missing.append("a name or a description of the person")
    if concern.approximate_age is None and not concern.age_uncertain:
        missing.append("their approximate age, or that it is not known")
    return missing


@transaction.atomic
def concern_submit(*, concern: Concern, acting_user: User) -> Concern:
    if concern.raised_by_id != acting_user.pk or concern.status != ConcernStatus.DRAFT:
        raise PermissionDenied
    missing = concern_missing_answers(concern)
    if missing:
        raise ValidationError("Before you submit, give " + "; ".join(missing) + ".")
    concern.status = ConcernStatus.SUBMITTED
    concern.submitted_at = timezone.now()
    concern.save(update_fields=["status", "submitted_at", "updated_at"])
    _audit(acting_user, "concern.submit", AuditAction.UPDATE, concern,
           {"status": concern.status, "immediate_danger": concern.immediate_danger})
    transaction.on_commit(lambda: _notify_triage(concern.pk))
    return concern


@transaction.atomic
def concern_from_report(
    *, acting_user: User, report_reference: str, immediate_danger: bool, what_seen: str, address: str,
    area: Any, premises_type: str, person_description: str, age_uncertain: bool, indicator_codes: list[str],
) -> Concern:
    """A concern opened from a confidential report, straight into triage.

    The reporting team chooses what to copy; the concern keeps the report's
    reference as its link back and nothing about the reporter.
    """
    require_capability(acting_user, Capability.RAISE_CONCERN)
    valid = indicators.indicator_set(indicators.CURRENT_VERSION).codes()
    concern = Concern.objects.create(
        reference=_unique_reference(Concern, CONCERN_PREFIX),
        status=ConcernStatus.SUBMITTED,
        submitted_at=timezone.now(),
        raised_by=acting_user,
        raised_by_agency=acting_user.agency,
        created_by=acting_user,
        indicator_set_version=indicators.CURRENT_VERSION,
        immediate_danger=immediate_danger,
        what_seen=what_seen,
        address=address,
        area=area,
        premises_type=premises_type,
        person_description=person_description,
        age_uncertain=age_uncertain,
        indicators=[code for code in indicator_codes if code in valid],
        source_report_reference=report_reference,
    )
    _audit(acting_user, "concern.from_report", AuditAction.CREATE, concern,
           {"status": concern.status, "source_report": report_reference, "immediate_danger": immediate_danger})
    transaction.on_commit(lambda: _notify_triage(concern.pk))
    return concern


def _notify_triage(concern_id: int) -> None:
    """Tell the triage team a concern is waiting: the reference only, never personal details."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    from lantern.accounts.selectors import users_with_capability

    concern = Concern.objects.get(pk=concern_id)
    recipients = list(
        users_with_capability(Capability.TRIAGE_CONCERN).values_list("email", flat=True)
    )
    if not recipients:
        return
    urgent = "URGENT: " if concern.immediate_danger else ""
    send_mail(
        f"{urgent}New concern {concern.reference} waiting for triage",
        f"A concern has been raised and is waiting for triage: {concern.reference}.\n\n"
        f"Open it in Lantern: {settings.LANTERN_SITE_URL}{reverse('cases:concern-detail', args=[concern.reference])}\n",
        None,
        recipients,
    )


@transaction.atomic
def concern_close(*, concern: Concern, acting_user: User, outcome: str, reason: str) -> Concern:
    """Triage outcome without a case: no further action, or signposted elsewhere."""
    require_capability(acting_user, Capability.TRIAGE_CONCERN)
    if concern.status != ConcernStatus.SUBMITTED:
        raise ValidationError("Only a concern waiting for triage can be closed.")
    if outcome not in (ConcernStatus.NO_FURTHER_ACTION, ConcernStatus.SIGNPOSTED):
        raise ValueError(outcome)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason"})
    concern.status = outcome
    concern.triage_reason = reason
    concern.triaged_by = acting_user
    concern.triaged_at = timezone.now()
    concern.save()
    _audit(acting_user, "concern.triage", AuditAction.UPDATE, concern, {"status": outcome, "triage_reason": "(changed)"})
    return concern


@transaction.atomic
def concern_open_case(
    *, concern: Concern, acting_user: User, lead_worker: User, given_name: str = "", family_name: str = "",
    date_of_birth: datetime.date | None = None,
) -> Case:
    """Open a case from a concern: the person's details are copied, the route set by age."""
    require_capability(acting_user, Capability.TRIAGE_CONCERN)
    if concern.status != ConcernStatus.SUBMITTED:
        raise ValidationError("Only a concern waiting for triage can become a case.")
    if not lead_worker.can(Capability.WORK_CASES) or lead_worker.agency is None:
        raise ValidationError({"lead_worker": "The lead worker must be a case worker with an agency"})
    _not_in_future(date_of_birth, "date_of_birth")
    if date_of_birth is not None and rules.age_on(date_of_birth, _today()) > 120:
        raise ValidationError({"date_of_birth": "Enter a real date of birth"})
    person = person_create(
        acting_user=acting_user, given_name=given_name, family_name=family_name, date_of_birth=date_of_birth,
        description=concern.person_description, approximate_age=concern.approximate_age, gender=concern.gender,
        nationality=concern.nationality, language=concern.language, interpreter_needed=concern.interpreter_needed,
        known_as=concern.person_name if not (given_name or family_name) else "",
    )
    route = rules.route_for(date_of_birth=date_of_birth, approximate_age=concern.approximate_age,
                            age_uncertain=concern.age_uncertain, on=_today())
    case = Case.objects.create(
        reference=_unique_reference(Case, CASE_PREFIX), person=person, route=route,
        stage=CaseStage.SCREENING, lead_worker=lead_worker, lead_agency=lead_worker.agency,
        area=concern.area, opened_on=_today(),
    )
    CaseMember.objects.create(case=case, user=lead_worker, role_in_case="Lead worker")
    CaseExploitation.objects.bulk_create(
        [CaseExploitation(case=case, type=t) for t in sorted(set(concern.exploitation_types))]
    )
    concern.status = ConcernStatus.CASE_OPENED
    concern.case = case
    concern.triaged_by = acting_user
    concern.triaged_at = timezone.now()
    concern.save()
    _event(case, acting_user, "case.open", f"Case opened from concern {concern.reference} ({Route(route).label} route)")
    _audit(acting_user, "case.open", AuditAction.CREATE, case, {"route": route, "concern": concern.reference,
                                                                  "lead_worker": lead_worker.pk})
    _audit(acting_user, "concern.triage", AuditAction.UPDATE, concern, {"status": concern.status, "case": case.reference})
    return case


@transaction.atomic
def concern_link_case(*, concern: Concern, acting_user: User, case: Case) -> Concern:
    require_capability(acting_user, Capability.TRIAGE_CONCERN)
    if concern.status != ConcernStatus.SUBMITTED:
        raise ValidationError("Only a concern waiting for triage can be linked.")
    concern.status = ConcernStatus.LINKED
    concern.case = case
    concern.triaged_by = acting_user
    concern.triaged_at = timezone.now()
    concern.save()
    _event(case, acting_user, "concern.link", f"Concern {concern.reference} linked to this case")
    _audit(acting_user, "concern.triage", AuditAction.UPDATE, concern, {"status": concern.status, "case": case.reference})
    return concern


# --- People ---------------------------------------------------------------------


def person_indexes(person: Person) -> None:
    full_name = " ".join(p for p in (person.given_name, person.family_name) if p)
    person.name_index = crypto.blind_index(full_name) if full_name else ""
    person.name_dob_index = (
        crypto.blind_index(full_name, person.date_of_birth.isoformat()) if full_name and person.date_of_birth else ""
    )


def person_create(*, acting_user: User, **fields: Any) -> Person:
    person = Person(**fields)
    person_indexes(person)
    person.full_clean()
    person.save()
    _audit(acting_user, "person.create", AuditAction.CREATE, person,
           describe_changes(instance=person, fields=[f for f in fields if fields[f] not in ("", None)]))
    return person


@transaction.atomic
def person_update(*, case: Case, acting_user: User, **fields: Any) -> Person:
    ensure_can_work_case(acting_user, case)
    person = case.person
    _not_in_future(fields.get("date_of_birth"), "date_of_birth")
    for name, value in fields.items():
        setattr(person, name, value)
    person_indexes(person)
    person.full_clean()
    person.save()
    _event(case, acting_user, "person.update", "Person's details updated")
    if person.date_of_birth and case.route == Route.ADULT and rules.age_on(person.date_of_birth, _today()) < rules.ADULT_AGE:
        # Under 18 after all: the child route, where every child is referred to the NRM.
        case.route = Route.CHILD
        if case.nrm_referred_on is None:
            case.stage = CaseStage.NRM_DUE
        case.save(update_fields=["route", "stage", "updated_at"])
        _event(case, acting_user, "route.child", "Moved to the child route: the date of birth shows they are under 18")
        _audit(acting_user, "case.route_change", AuditAction.UPDATE, case, {"route": Route.CHILD})
    _audit(acting_user, "person.update", AuditAction.UPDATE, person, describe_changes(instance=person, fields=fields))
    return person


# --- Case team ------------------------------------------------------------------


@transaction.atomic
def case_add_member(*, case: Case, acting_user: User, user: User, role_in_case: str = "") -> CaseMember:
    ensure_can_work_case(acting_user, case)
    if not user.is_active or not (user.can(Capability.WORK_CASES) or user.can(Capability.OVERSEE_CASES)):
        raise ValidationError({"user": "Only active case workers can join a case team"})
    member, created = CaseMember.objects.get_or_create(case=case, user=user, defaults={"role_in_case": role_in_case})
    if created:
        _event(case, acting_user, "team.add", f"{user.full_name} ({user.agency}) joined the case team")
        _audit(acting_user, "case.add_member", AuditAction.UPDATE, case, {"member": user.pk})
    return member


@transaction.atomic
def case_remove_member(*, case: Case, acting_user: User, user: User) -> None:
    ensure_can_work_case(acting_user, case)
    if user.pk == case.lead_worker_id:
        raise ValidationError("The lead worker cannot leave the team: choose a new lead worker first.")
    CaseMember.objects.filter(case=case, user=user).delete()
    _event(case, acting_user, "team.remove", f"{user.full_name} left the case team")
    _audit(acting_user, "case.remove_member", AuditAction.UPDATE, case, {"member": user.pk})


# --- Screening, consent, referrals, decisions ------------------------------------------


def _open_case(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError("The case is closed. Reopen it first.")


@transaction.atomic
def screening_record(
    *, case: Case, acting_user: User, indicators_found: Iterable[str], evidence: str, judgement: str,
    conclusion: str, screened_on: datetime.date, indicator_evidence: dict[str, str] | None = None,
) -> Screening:
    ensure_can_work_case(acting_user, case)
    _open_case(case)
    _not_in_future(screened_on, "screened_on")
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
    if case.stage == CaseStage.SCREENING:
        case.stage = CaseStage.NRM_DUE if case.is_child else CaseStage.AWAITING_CONSENT
        case.save(update_fields=["stage", "updated_at"])
    _event(case, acting_user, "screening", f"Screening recorded: {len(found)} indicator(s), "
           f"{Screening.Conclusion(conclusion).label.lower()}")
    _audit(acting_user, "case.screening", AuditAction.CREATE, case, {"indicators": len(found), "conclusion": conclusion})
    return screening


@transaction.atomic
def consent_record(
    *, case: Case, acting_user: User, given: bool, explained_on: datetime.date, language: str,
    interpreter_used: bool, refusal_reason: str = "", share_details_for_dtn: bool = False,
) -> ConsentRecord:
    ensure_can_work_case(acting_user, case)
    _open_case(case)
    if case.is_child:
        raise ValidationError("Children do not give consent: every child is referred to the NRM.")
    _not_in_future(explained_on, "explained_on")
    if not given and not refusal_reason.strip():
        raise ValidationError({"refusal_reason": "Enter the reason they gave for not consenting"})
    consent = ConsentRecord.objects.create(
        case=case, given=given, explained_by=acting_user, explained_on=explained_on, language=language,
        interpreter_used=interpreter_used, refusal_reason=refusal_reason if not given else "",
        share_details_for_dtn=share_details_for_dtn if not given else False, created_by=acting_user,
    )
    if case.stage in (CaseStage.SCREENING, CaseStage.AWAITING_CONSENT, CaseStage.NRM_DUE, CaseStage.DTN_DUE):
        case.stage = CaseStage.NRM_DUE if given else CaseStage.DTN_DUE
        case.save(update_fields=["stage", "updated_at"])
    _event(case, acting_user, "consent", "Consent to an NRM referral given" if given else "Consent to an NRM referral refused")
    _audit(acting_user, "case.consent", AuditAction.CREATE, case, {"given": given})
    return consent


def latest_consent(case: Case) -> ConsentRecord | None:
    return case.consents.order_by("-explained_on", "-id").first()


@transaction.atomic
def referral_record(
    *, case: Case, acting_user: User, kind: str, made_on: datetime.date, to_organisation: str = "",
    external_reference: str = "", notes: str = "", made_by_agency: Agency | None = None,
) -> Referral:
    ensure_can_work_case(acting_user, case)
    _open_case(case)
    _not_in_future(made_on, "made_on")
    if made_on < case.opened_on - datetime.timedelta(days=365):
        raise ValidationError({"made_on": "The referral date is long before the case was opened: check it"})
    anonymous = False
    if kind == ReferralKind.NRM:
        if not case.is_child:
            consent = latest_consent(case)
            if consent is None or not consent.given:
                raise ValidationError("An adult can only be referred to the NRM with their informed consent. Record consent first.")
        if case.referrals.filter(kind=ReferralKind.NRM).exists():
            raise ValidationError("This case already has an NRM referral.")
    elif kind == ReferralKind.DUTY_TO_NOTIFY:
        if case.is_child:
            raise ValidationError("The Duty to Notify is never used for children: refer every child to the NRM.")
        if case.nrm_referred_on is not None:
            raise ValidationError("This case already has an NRM referral, so no Duty to Notify is needed.")
        if case.referrals.filter(kind=ReferralKind.DUTY_TO_NOTIFY).exists():
            raise ValidationError("This case already has a Duty to Notify report.")
        consent = latest_consent(case)
        if consent is None or consent.given:
            raise ValidationError("A Duty to Notify is made when an adult refuses consent. Record their decision first.")
        anonymous = not consent.share_details_for_dtn
    elif kind == ReferralKind.ADULT_SAFEGUARDING and case.is_child:
        raise ValidationError("Use a children's social care referral for a child.")
    elif kind in (ReferralKind.CHILDRENS_SOCIAL_CARE, ReferralKind.ICTG) and not case.is_child:
        raise ValidationError("This referral is for children only.")
    agency = made_by_agency or acting_user.agency or case.lead_agency
    if kind in (ReferralKind.NRM, ReferralKind.DUTY_TO_NOTIFY) and not agency.is_first_responder:
        raise ValidationError(f"{agency} is not a first responder organisation, so it cannot make this referral.")
    referral = Referral.objects.create(
        case=case, kind=kind, made_on=made_on, made_by_agency=agency, to_organisation=to_organisation,
        external_reference=external_reference, anonymous=anonymous, notes=notes, created_by=acting_user,
    )
    if kind == ReferralKind.NRM:
        case.nrm_referred_on = made_on
        case.rg_expected_by = rules.rg_expected_by(made_on)
        case.stage = CaseStage.REFERRED
        case.save(update_fields=["nrm_referred_on", "rg_expected_by", "stage", "updated_at"])
    elif kind == ReferralKind.DUTY_TO_NOTIFY:
        case.stage = CaseStage.DUTY_TO_NOTIFY
        case.save(update_fields=["stage", "updated_at"])
    _event(case, acting_user, f"referral.{kind}", f"{ReferralKind(kind).label} referral recorded"
           + (f" (reference {external_reference})" if external_reference else ""))
    _audit(acting_user, "case.referral", AuditAction.CREATE, case, {"kind": kind, "made_on": made_on.isoformat()})
    return referral


@transaction.atomic
def decision_record(
    *, case: Case, acting_user: User, kind: str, decided_on: datetime.date, positive: bool,
    competent_authority: str, notes: str = "",
) -> Decision:
    ensure_can_work_case(acting_user, case)
    _open_case(case)
    _not_in_future(decided_on, "decided_on")
    if competent_authority == CompetentAuthority.DEVOLVED and not case.is_child:
        raise ValidationError({"competent_authority": "Devolved decision-making panels decide children's cases only"})
    if case.nrm_referred_on is None:
        raise ValidationError("Record the NRM referral before a Home Office decision.")
    if decided_on < case.nrm_referred_on:
        raise ValidationError({"decided_on": "A decision cannot be dated before the referral"})
    if kind == DecisionKind.REASONABLE_GROUNDS:
        if case.rg_decided_on is not None:
            raise ValidationError("A reasonable grounds decision is already recorded. Record a reconsideration instead.")
        case.rg_decided_on = decided_on
        case.rg_expected_by = None
        if positive:
            case.recovery_ends_on = rules.recovery_period_end(decided_on)
            case.stage = CaseStage.RECOVERY
        else:
            case.stage = CaseStage.RG_NEGATIVE
    elif kind == DecisionKind.CONCLUSIVE_GROUNDS:
        if case.stage != CaseStage.RECOVERY or case.rg_decided_on is None:
            raise ValidationError("A conclusive grounds decision follows a positive reasonable grounds decision.")
        if decided_on < case.rg_decided_on:
            raise ValidationError({"decided_on": "The conclusive grounds decision cannot be before the reasonable grounds one"})
        case.cg_decided_on = decided_on
        if positive:
            case.move_on_ends_on = rules.move_on_end(decided_on)
            case.stage = CaseStage.CG_POSITIVE
        else:
            case.stage = CaseStage.CG_NEGATIVE
    elif kind == DecisionKind.RECONSIDERATION:
        if case.stage not in (CaseStage.RG_NEGATIVE, CaseStage.CG_NEGATIVE):
            raise ValidationError("A reconsideration follows a negative decision.")
        if positive and case.stage == CaseStage.RG_NEGATIVE:
            case.rg_decided_on = decided_on
            case.recovery_ends_on = rules.recovery_period_end(decided_on)
            case.stage = CaseStage.RECOVERY
        elif positive:
            case.cg_decided_on = decided_on
            case.move_on_ends_on = rules.move_on_end(decided_on)
            case.stage = CaseStage.CG_POSITIVE
    else:
        raise ValueError(kind)
    decision = Decision.objects.create(
        case=case, kind=kind, decided_on=decided_on, positive=positive, competent_authority=competent_authority,
        notes=notes, created_by=acting_user,
    )
    case.save()
    outcome = "positive" if positive else "negative"
    _event(case, acting_user, f"decision.{kind}", f"{DecisionKind(kind).label} decision: {outcome}")
    _audit(acting_user, "case.decision", AuditAction.CREATE, case, {"kind": kind, "positive": positive})
    return decision


# --- Support, child route, tasks, notes ---------------------------------------------


@transaction.atomic
def support_add(*, case: Case, acting_user: User, kind: str, provider: str, started_on: datetime.date,
                ended_on: datetime.date | None = None, notes: str = "") -> SupportService:
    ensure_can_work_case(acting_user, case)
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": "The end date must be on or after the start date"})
    service = SupportService.objects.create(case=case, kind=kind, provider=provider, started_on=started_on,
                                            ended_on=ended_on, notes=notes, created_by=acting_user)
    _event(case, acting_user, "support.add", f"Support added: {service.get_kind_display()} from {provider}")
    _audit(acting_user, "case.support_add", AuditAction.CREATE, case, {"kind": kind})
    return service


@transaction.atomic
def age_assessment_record(*, case: Case, acting_user: User, assessed_on: datetime.date, assessed_by: str,
                          outcome: str, notes: str = "") -> AgeAssessment:
    ensure_can_work_case(acting_user, case)
    _not_in_future(assessed_on, "assessed_on")
    if case.route != Route.AGE_UNCERTAIN:
        raise ValidationError("An age assessment is recorded for a case whose age is uncertain.")
    assessment = AgeAssessment.objects.create(case=case, assessed_on=assessed_on, assessed_by=assessed_by,
                                              outcome=outcome, notes=notes, created_by=acting_user)
    case.route = Route.ADULT if outcome == "adult" else Route.CHILD
    if case.route == Route.ADULT and case.stage == CaseStage.NRM_DUE and case.nrm_referred_on is None:
        case.stage = CaseStage.AWAITING_CONSENT  # an adult now decides about the referral
    case.save(update_fields=["route", "stage", "updated_at"])
    _event(case, acting_user, "age_assessment", f"Age assessment: assessed as {'an adult' if outcome == 'adult' else 'a child'}")
    _audit(acting_user, "case.age_assessment", AuditAction.CREATE, case, {"outcome": outcome})
    return assessment


@transaction.atomic
def missing_episode_record(*, case: Case, acting_user: User, went_missing_on: datetime.date,
                           returned_on: datetime.date | None = None, return_interview_on: datetime.date | None = None,
                           notes: str = "") -> MissingEpisode:
    ensure_can_work_case(acting_user, case)
    for label, value in (("went_missing_on", went_missing_on), ("returned_on", returned_on),
                         ("return_interview_on", return_interview_on)):
        _not_in_future(value, label)
    if returned_on is not None and returned_on < went_missing_on:
        raise ValidationError({"returned_on": "The return date must be on or after the date they went missing"})
    episode = MissingEpisode.objects.create(case=case, went_missing_on=went_missing_on, returned_on=returned_on,
                                            return_interview_on=return_interview_on, notes=notes, created_by=acting_user)
    _event(case, acting_user, "missing", "Missing episode recorded")
    _audit(acting_user, "case.missing_episode", AuditAction.CREATE, case)
    return episode


@transaction.atomic
def task_create(*, case: Case, acting_user: User, title: str, owner: User, due_on: datetime.date) -> Task:
    ensure_can_work_case(acting_user, case)
    _open_case(case)
    if not CaseMember.objects.filter(case=case, user=owner).exists():
        raise ValidationError({"owner": "The owner must be on the case team"})
    task = Task.objects.create(case=case, title=title, owner=owner, due_on=due_on, created_by=acting_user)
    # The title is free text and may name someone: the timeline and the audit trail do not repeat it.
    _event(case, acting_user, "task.create", f"Task added for {owner.full_name}, due {due_on:%-d %B %Y}")
    audit_record(actor=acting_user, action="task.create", kind=AuditAction.CREATE, target=task,
                 target_label=f"Task {task.pk} on {case.reference}", changes={"owner": owner.pk})
    return task


@transaction.atomic
def task_complete(*, task: Task, acting_user: User) -> Task:
    ensure_can_work_case(acting_user, task.case)
    task.status = TaskStatus.DONE
    task.completed_at = timezone.now()
    task.save(update_fields=["status", "completed_at", "updated_at"])
    _event(task.case, acting_user, "task.done", f"Task done (due {task.due_on:%-d %B %Y})")
    audit_record(actor=acting_user, action="task.complete", kind=AuditAction.UPDATE, target=task,
                 target_label=f"Task {task.pk} on {task.case.reference}", changes={"status": task.status})
    return task


@transaction.atomic
def note_add(*, case: Case, acting_user: User, body: str) -> CaseNote:
    ensure_can_work_case(acting_user, case)
    if not body.strip():
        raise ValidationError({"body": "Enter the note"})
    note = CaseNote.objects.create(case=case, body=body, created_by=acting_user)
    _event(case, acting_user, "note", "Case note added")
    _audit(acting_user, "case.note_add", AuditAction.CREATE, case)
    return note


# --- SHOP, closure ---------------------------------------------------------------


@transaction.atomic
def case_flag_for_shop(*, case: Case, acting_user: User, reason: str) -> Case:
    ensure_can_work_case(acting_user, case)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case should go to the SHOP meeting"})
    case.shop_flagged = True
    case.shop_reason = reason
    case.save(update_fields=["shop_flagged", "shop_reason", "updated_at"])
    _event(case, acting_user, "shop.flag", "Flagged for the next SHOP meeting")
    _audit(acting_user, "case.shop_flag", AuditAction.UPDATE, case, {"shop_flagged": True})
    return case


@transaction.atomic
def case_unflag_for_shop(*, case: Case, acting_user: User) -> Case:
    ensure_can_work_case(acting_user, case)
    case.shop_flagged = False
    case.shop_reason = ""
    case.save(update_fields=["shop_flagged", "shop_reason", "updated_at"])
    _event(case, acting_user, "shop.unflag", "Removed from the SHOP meeting list")
    _audit(acting_user, "case.shop_unflag", AuditAction.UPDATE, case, {"shop_flagged": False})
    return case


@transaction.atomic
def case_close(*, case: Case, acting_user: User, outcome: str, closed_on: datetime.date) -> Case:
    ensure_can_work_case(acting_user, case)
    _open_case(case)
    _not_in_future(closed_on, "closed_on")
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": "The case cannot close before it opened"})
    if outcome not in CaseOutcome.values:
        raise ValidationError({"outcome": "Choose the outcome"})
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_on = closed_on
    case.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    Task.objects.filter(case=case, status=TaskStatus.OPEN).update(status=TaskStatus.CANCELLED)
    _event(case, acting_user, "case.close", f"Case closed: {CaseOutcome(outcome).label}")
    _audit(acting_user, "case.close", AuditAction.UPDATE, case, {"status": "closed", "outcome": outcome})
    return case


@transaction.atomic
def case_reopen(*, case: Case, acting_user: User, reason: str) -> Case:
    ensure_can_work_case(acting_user, case)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError("The case is already open.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is being reopened"})
    case.status = CaseStatus.OPEN
    case.outcome = ""
    case.closed_on = None
    case.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    _event(case, acting_user, "case.reopen", "Case reopened")
    _audit(acting_user, "case.reopen", AuditAction.UPDATE, case, {"status": "open"})
    return case


# --- Attachments and the person's details ---------------------------------------------


def attachment_add(*, case: Case, acting_user: User, upload: Any, description: str = "") -> CaseAttachment:
    ensure_can_work_case(acting_user, case)
    checked = files.check_upload(upload)
    try:
        result = files.scan_or_refuse(checked.content)
    except files.InfectedFile as exc:
        # Recorded before the attachment's transaction begins (this function opens none around it, and
        # requests are not atomic), so the refusal stays in the trail although nothing is saved.
        _audit(acting_user, "case.attachment_refused", AuditAction.SECURITY, case, {"reason": "virus scanner"})
        raise ValidationError({"file": exc.messages}) from exc
    path = files.store_encrypted(checked.content, folder=f"cases/{case.pk}")
    with transaction.atomic():
        attachment = CaseAttachment.objects.create(
            case=case, storage_path=path, original_name=checked.original_name, description=description,
            content_type=checked.content_type, size=len(checked.content), sha256=checked.sha256, scan_result=result,
            created_by=acting_user,
        )
        _event(case, acting_user, "attachment.add", "Document added")
        _audit(acting_user, "case.attachment_add", AuditAction.CREATE, case, {"attachment": attachment.pk,
                                                                              "size": attachment.size})
    return attachment


@transaction.atomic
def case_update_safety(*, case: Case, acting_user: User, safety_plan: str) -> Case:
    ensure_can_work_case(acting_user, case)
    case.safety_plan = safety_plan
    case.save(update_fields=["safety_plan", "updated_at"])
    _event(case, acting_user, "safety_plan", "Safety plan updated")
    _audit(acting_user, "case.safety_plan", AuditAction.UPDATE, case, {"safety_plan": "(changed)"})
    return case
