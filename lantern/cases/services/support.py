"""Support for the person, and the child route's records: age assessments and missing episodes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record
from lantern.cases import rules, selectors, workflow
from lantern.cases.models import AgeAssessment, Case, MissingEpisode, Route, SupportService
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import (
    ensure_open,
    event,
    lock,
    not_in_future,
    set_child_at_exploitation,
    today,
)
from lantern.cases.services.tasks import task_add
from lantern.cases.services.team import case_add_childrens_services

AGE_OUTCOMES = ("adult", "child")
# How long the lead worker has for the follow-up of an age assessment.
FOLLOW_UP_WORKING_DAYS = 5


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
    """Record an age assessment and move the case to the route it finds (presumption of age: a case
    whose age is uncertain is treated as a child until an assessment says otherwise).

    Age can be assessed on any route (an age given as over or under 18 can be disputed) and reassessed:
    the case moves to the route the latest assessment finds, keeping its history, and the rules of that
    route apply again (workflow.route_change: consent and the Duty to Notify for an adult, the NRM
    referral for a child). When the finding moves the case between the child and adult routes
    after an NRM referral, the lead worker gets a task to tell the Single Competent Authority; found
    to be an adult after a referral made without their consent, a task to ask for it.
    """
    ensure_can_work_case(acting_user, case)
    lock(case)
    ensure_open(case)
    not_in_future(assessed_on, "assessed_on")
    if outcome not in AGE_OUTCOMES:
        raise ValidationError({"outcome": "Select the outcome"})
    reassessment = case.age_assessments.exists()
    was_child = case.is_child
    referred = workflow.has_nrm_referral(case)
    assessment = AgeAssessment.objects.create(case=case, assessed_on=assessed_on, assessed_by=assessed_by,
                                              outcome=outcome, notes=notes, created_by=acting_user)
    found_child = outcome == "child"
    workflow.route_change(case, to=Route.CHILD if found_child else Route.ADULT, by="age_assessment_record")
    if found_child:
        set_child_at_exploitation(case, True)
    elif was_child:
        # Found to be an adult: a child when exploited only if their date of birth says so (an earlier
        # assessment finding a child no longer holds), else not known.
        set_child_at_exploitation(case, rules.child_at_exploitation(
            date_of_birth=case.person.date_of_birth, approximate_age=None, age_uncertain=False,
            seen_on=None, opened_on=case.opened_on))
    case.save(update_fields=["route", "stage", "child_at_exploitation", "under_18_during_exploitation", "updated_at"])
    finding = "a child" if found_child else "an adult"
    route = "the child route" if found_child else "the adult route: consent is needed for any new referral"
    event(case, acting_user, "age_assessment",
          f"{'Age reassessed' if reassessment else 'Age assessment'}: assessed as {finding}. Now on {route}")
    audit_record(actor=acting_user, action="case.age_assessment", kind=AuditAction.CREATE, target=case,
                 changes={"outcome": outcome, "route": case.route, "reassessment": reassessment})
    if found_child and not was_child:
        # Back on the child route (reassessed): children's services join the team, as when a child's case opens.
        case_add_childrens_services(case=case, acting_user=acting_user)
    if referred and was_child != found_child:
        _age_follow_up(case=case, acting_user=acting_user, assessed_on=assessed_on, found_child=found_child)
    return assessment


def _age_follow_up(*, case: Case, acting_user: User, assessed_on: datetime.date, found_child: bool) -> None:
    """The tasks after an assessment moves a case already referred to the NRM to the other route."""
    due = rules.add_working_days(today(), FOLLOW_UP_WORKING_DAYS)
    on = f"{assessed_on:%-d %B %Y}"
    if found_child:
        why = (f"an age assessment on {on} found them to be a child; the NRM referral was made "
               "while they were treated as an adult")
    else:
        why = (f"an age assessment on {on} found them to be an adult; the NRM referral was made "
               "while they were treated as a child")
    task_add(case=case, actor=acting_user, owner=case.lead_worker, due_on=due,
             title=f"Tell the Single Competent Authority that {why}")
    consent = selectors.latest_consent(case)
    if not found_child and not (consent and consent.given):
        task_add(case=case, actor=acting_user, owner=case.lead_worker, due_on=due,
                 title="Ask for their informed consent to the NRM referral already made, which was made "
                       "without it while they were treated as a child, and record their decision")


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
