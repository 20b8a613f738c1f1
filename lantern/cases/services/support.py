"""Support for the person, and the child route's records: age assessments and missing episodes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import workflow
from lantern.cases.models import AgeAssessment, Case, MissingEpisode, Route, SupportService
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import event, lock, not_in_future


@transaction.atomic
def support_add(*, case: Case, acting_user: User, kind: str, provider: str, started_on: datetime.date,
                ended_on: datetime.date | None = None, notes: str = "") -> SupportService:
    ensure_can_work_case(acting_user, case)
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": "The end date must be on or after the start date"})
    service = SupportService.objects.create(case=case, kind=kind, provider=provider, started_on=started_on,
                                            ended_on=ended_on, notes=notes, created_by=acting_user)
    # The timeline is not encrypted: the kind only, never the provider (free text).
    event(case, acting_user, "support.add", f"Support added: {service.get_kind_display()}")
    audit_record(actor=acting_user, action="case.support_add", kind=AuditAction.CREATE, target=case,
                 changes={"kind": kind})
    return service


@transaction.atomic
def age_assessment_record(*, case: Case, acting_user: User, assessed_on: datetime.date, assessed_by: str,
                          outcome: str, notes: str = "") -> AgeAssessment:
    ensure_can_work_case(acting_user, case)
    lock(case)
    not_in_future(assessed_on, "assessed_on")
    if case.route != Route.AGE_UNCERTAIN:
        raise ValidationError("An age assessment is recorded for a case whose age is uncertain.")
    assessment = AgeAssessment.objects.create(case=case, assessed_on=assessed_on, assessed_by=assessed_by,
                                              outcome=outcome, notes=notes, created_by=acting_user)
    # Assessed as an adult before any referral: they now decide about it.
    workflow.route_change(case, to=Route.ADULT if outcome == "adult" else Route.CHILD, by="age_assessment_record")
    case.save(update_fields=["route", "stage", "updated_at"])
    event(case, acting_user, "age_assessment", f"Age assessment: assessed as {'an adult' if outcome == 'adult' else 'a child'}")
    audit_record(actor=acting_user, action="case.age_assessment", kind=AuditAction.CREATE, target=case,
                 changes={"outcome": outcome})
    return assessment


@transaction.atomic
def missing_episode_record(*, case: Case, acting_user: User, went_missing_on: datetime.date,
                           returned_on: datetime.date | None = None, return_interview_on: datetime.date | None = None,
                           notes: str = "") -> MissingEpisode:
    ensure_can_work_case(acting_user, case)
    for label, value in (("went_missing_on", went_missing_on), ("returned_on", returned_on),
                         ("return_interview_on", return_interview_on)):
        not_in_future(value, label)
    if returned_on is not None and returned_on < went_missing_on:
        raise ValidationError({"returned_on": "The return date must be on or after the date they went missing"})
    episode = MissingEpisode.objects.create(case=case, went_missing_on=went_missing_on, returned_on=returned_on,
                                            return_interview_on=return_interview_on, notes=notes, created_by=acting_user)
    event(case, acting_user, "missing", "Missing episode recorded")
    audit_record(actor=acting_user, action="case.missing_episode", kind=AuditAction.CREATE, target=case)
    return episode
