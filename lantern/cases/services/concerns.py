"""Concerns: a frontline worker raises one; triage closes it, opens a case from it, or links it to a case."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import SENSITIVE_MARK, audit_record, describe_changes
from lantern.cases import notifications, rules, selectors, tasks, workflow
from lantern.cases.models import Case, CaseExploitation, CaseMember, Concern, ConcernStatus, Route
from lantern.cases.services._common import event, lock, not_in_future, today
from lantern.cases.services.people import person_create
from lantern.cases.services.team import case_add_childrens_services
from lantern.core.access import not_found, require_capability
from lantern.core.notify import notify_on_commit
from lantern.core.reference import ExploitationType, indicators
from lantern.core.references import save_with_reference

CONCERN_PREFIX = "MS"
CASE_PREFIX = "MSC"

CONCERN_EDITABLE = {
    "immediate_danger", "what_seen", "seen_on", "area", "premises_type", "address", "person_name",
    "person_description", "approximate_age", "age_uncertain", "gender", "nationality", "language",
    "interpreter_needed", "indicators", "exploitation_types",
}


def _queue_triage_email(concern: Concern) -> None:
    notify_on_commit(tasks.notify_triage, concern.pk)


@transaction.atomic
def concern_start(*, raised_by: User) -> Concern:
    require_capability(raised_by, Capability.RAISE_CONCERN)
    concern = save_with_reference(Concern(
        raised_by=raised_by,
        raised_by_agency=raised_by.agency,
        created_by=raised_by,
        indicator_set_version=indicators.CURRENT_VERSION,
    ), prefix=CONCERN_PREFIX)
    audit_record(actor=raised_by, action="concern.start", kind=AuditAction.CREATE, target=concern)
    return concern


@transaction.atomic
def concern_update_draft(*, concern: Concern, acting_user: User, **fields: Any) -> Concern:
    lock(concern)
    if concern.raised_by_id != acting_user.pk or concern.status != ConcernStatus.DRAFT:
        raise PermissionDenied
    unknown = set(fields) - CONCERN_EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    not_in_future(fields.get("seen_on"), "seen_on")
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
    described = [f for f in fields if f not in ("indicators", "exploitation_types")]
    audit_record(actor=acting_user, action="concern.update_draft", kind=AuditAction.UPDATE, target=concern,
                 changes=describe_changes(instance=concern, fields=described))
    return concern


@transaction.atomic
def concern_submit(*, concern: Concern, acting_user: User) -> Concern:
    lock(concern)
    if concern.raised_by_id != acting_user.pk or concern.status != ConcernStatus.DRAFT:
        raise PermissionDenied
    missing = selectors.concern_missing_answers(concern)
    if missing:
        raise ValidationError("Before you submit, give " + "; ".join(missing) + ".")
    concern.status = ConcernStatus.SUBMITTED
    concern.submitted_at = timezone.now()
    concern.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=acting_user, action="concern.submit", kind=AuditAction.UPDATE, target=concern,
                 changes={"status": concern.status, "immediate_danger": concern.immediate_danger})
    _queue_triage_email(concern)
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
    valid = indicators.current_set().codes()
    concern = save_with_reference(Concern(
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
    ), prefix=CONCERN_PREFIX)
    audit_record(actor=acting_user, action="concern.from_report", kind=AuditAction.CREATE, target=concern,
                 changes={"status": concern.status, "source_report": report_reference,
                          "immediate_danger": immediate_danger})
    _queue_triage_email(concern)
    return concern


def _waiting_for_triage(concern: Concern, acting_user: User, refusal: str) -> None:
    require_capability(acting_user, Capability.TRIAGE_CONCERN)
    lock(concern)
    if concern.status != ConcernStatus.SUBMITTED:
        raise ValidationError(refusal)


@transaction.atomic
def concern_close(*, concern: Concern, acting_user: User, outcome: str, reason: str) -> Concern:
    """Triage outcome without a case: no further action, or signposted elsewhere."""
    _waiting_for_triage(concern, acting_user, "Only a concern waiting for triage can be closed.")
    if outcome not in (ConcernStatus.NO_FURTHER_ACTION, ConcernStatus.SIGNPOSTED):
        raise ValueError(outcome)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason"})
    concern.status = outcome
    concern.triage_reason = reason
    concern.triaged_by = acting_user
    concern.triaged_at = timezone.now()
    concern.save()
    audit_record(actor=acting_user, action="concern.triage", kind=AuditAction.UPDATE, target=concern,
                 changes=describe_changes(instance=concern, fields=["status", "triage_reason"]))
    notifications.tell_concern_raiser(concern=concern, acting_user=acting_user)
    return concern


@transaction.atomic
def concern_open_case(
    *, concern: Concern, acting_user: User, lead_worker: User, given_name: str = "", family_name: str = "",
    date_of_birth: datetime.date | None = None, opened_on: datetime.date | None = None,
    childrens_lead_reason: str = "",
) -> Case:
    """Open a case from a concern: the person's details are copied, the route set by their age.

    ``opened_on`` is today unless a case opened earlier is being recorded; the
    route follows the person's age on that day. A child's or age-uncertain
    case gets children's services on its team, and is led by a children's
    services worker unless ``childrens_lead_reason`` says why not.
    """
    _waiting_for_triage(concern, acting_user, "Only a concern waiting for triage can become a case.")
    if not lead_worker.can(Capability.WORK_CASES) or lead_worker.agency is None:
        raise ValidationError({"lead_worker": "The lead worker must be a case worker with an agency"})
    opened_on = opened_on or today()
    not_in_future(opened_on, "opened_on")
    not_in_future(date_of_birth, "date_of_birth")
    if date_of_birth is not None and rules.age_on(date_of_birth, today()) > 120:
        raise ValidationError({"date_of_birth": "Enter a real date of birth"})
    person = person_create(
        acting_user=acting_user, given_name=given_name, family_name=family_name, date_of_birth=date_of_birth,
        description=concern.person_description, approximate_age=concern.approximate_age, gender=concern.gender,
        nationality=concern.nationality, language=concern.language, interpreter_needed=concern.interpreter_needed,
        known_as=concern.person_name if not (given_name or family_name) else "",
    )
    route = rules.route_for(date_of_birth=date_of_birth, approximate_age=concern.approximate_age,
                            age_uncertain=concern.age_uncertain, on=opened_on)
    childrens_lead_reason = childrens_lead_reason.strip() if rules.is_child_route(route) else ""
    if (rules.is_child_route(route) and not lead_worker.agency.is_childrens_services
            and not childrens_lead_reason):
        raise ValidationError({"childrens_lead_reason": "This is a child's case: choose a lead worker from "
                               "children's services, or give the reason someone else should lead it"})
    case = save_with_reference(Case(
        person=person, route=route,
        stage=workflow.INITIAL_STAGE, lead_worker=lead_worker, lead_agency=lead_worker.agency,
        area=concern.area, opened_on=opened_on, childrens_lead_reason=childrens_lead_reason,
        business_name=concern.business_name, business_supplier_id=concern.business_supplier_id,
        child_at_exploitation=rules.child_at_exploitation(
            date_of_birth=date_of_birth, approximate_age=concern.approximate_age,
            age_uncertain=concern.age_uncertain, seen_on=concern.seen_on, opened_on=opened_on),
    ), prefix=CASE_PREFIX)
    CaseMember.objects.create(case=case, user=lead_worker, role_in_case="Lead worker")
    CaseExploitation.objects.bulk_create(
        [CaseExploitation(case=case, type=t) for t in sorted(set(concern.exploitation_types))]
    )
    concern.status = ConcernStatus.CASE_OPENED
    concern.case = case
    concern.triaged_by = acting_user
    concern.triaged_at = timezone.now()
    concern.save()
    event(case, acting_user, "case.open", f"Case opened from concern {concern.reference} ({Route(route).label} route)")
    audit_record(actor=acting_user, action="case.open", kind=AuditAction.CREATE, target=case,
                 changes={"route": route, "concern": concern.reference, "lead_worker": lead_worker.pk,
                          **({"childrens_lead_reason": SENSITIVE_MARK} if childrens_lead_reason else {})})
    case_add_childrens_services(case=case, acting_user=acting_user)
    audit_record(actor=acting_user, action="concern.triage", kind=AuditAction.UPDATE, target=concern,
                 changes={"status": concern.status, "case": case.reference})
    notifications.tell_case_opened(case=case, concern=concern, acting_user=acting_user)
    return case


@transaction.atomic
def concern_link_case(*, concern: Concern, acting_user: User, case: Case) -> Concern:
    """Link the concern to a case the triager may see (any other case is not found, as if missing)."""
    _waiting_for_triage(concern, acting_user, "Only a concern waiting for triage can be linked.")
    if not selectors.may_see_case(acting_user, case.pk):
        raise not_found()
    concern.status = ConcernStatus.LINKED
    concern.case = case
    concern.triaged_by = acting_user
    concern.triaged_at = timezone.now()
    concern.save()
    event(case, acting_user, "concern.link", f"Concern {concern.reference} linked to this case")
    audit_record(actor=acting_user, action="concern.triage", kind=AuditAction.UPDATE, target=concern,
                 changes={"status": concern.status, "case": case.reference})
    notifications.tell_concern_raiser(concern=concern, acting_user=acting_user)
    return concern
