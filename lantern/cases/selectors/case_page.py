"""A case's records: what the case page shows besides the case itself."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from lantern.accounts.selectors import users_active
from lantern.cases import rules, safeguarding
from lantern.cases.models import Case, CaseAttachment, CaseMember, CaseStatus, ConsentRecord, Task
from lantern.cases.selectors.child_safeguarding import child_safeguarding_steps
from lantern.cases.selectors.concerns import FirstResponderAccount, first_responder_accounts
from lantern.cases.selectors.exploitation import exploitation_type_codes, exploitation_type_labels
from lantern.cases.selectors.finding import other_cases_of_person
from lantern.core.access import not_found


def latest_consent(case: Case) -> ConsentRecord | None:
    """The adult's latest decision about an NRM referral: the one that counts."""
    return case.consents.order_by("-explained_on", "-id").first()


def task_get_on_case(*, case: Case, task_id: int) -> Task:
    """A task of ``case``, which must come from case_get_for_user (access checked); 404 for any other task."""
    task = case.tasks.filter(pk=task_id).first()
    if task is None:
        raise not_found()
    task.case = case
    return task


def attachment_get_on_case(*, case: Case, attachment_id: int) -> CaseAttachment:
    """A document of ``case``, which must come from case_get_for_user (access checked); 404 for any other."""
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise not_found()
    attachment.case = case
    return attachment


def case_team(case: Case) -> QuerySet[CaseMember]:
    return CaseMember.objects.filter(case=case).select_related("user", "user__agency").order_by("created_at")


def case_team_users(case: Case) -> QuerySet[Any]:
    """Active members of the case team, by name (who a task may be given to)."""
    return users_active().filter(case_memberships=case)


def case_team_user_by_email(*, case: Case, email: str) -> Any | None:
    """The active member of the case team with this email address, if there is one."""
    return case_team_users(case).filter(email=email.lower()).first()


@dataclass
class CasePage:
    """Everything the case page shows besides the case itself, read in one place."""

    team: Any
    types: list[str]
    type_codes: list[str]
    events: Any
    tasks: Any
    referrals: list[Any]
    decisions: Any
    support: Any
    notes: Any
    attachments: Any
    consent: ConsentRecord | None
    screening: Any
    missing: Any
    other_cases: list[Case]
    safeguarding: list[safeguarding.StepState] | None
    accounts: list["FirstResponderAccount"]


def case_page(*, user: Any, case: Case) -> CasePage:
    """The case page's records; ``case`` must come from case_get_for_user (access checked)."""
    referrals = list(case.referrals.select_related("made_by_agency"))
    type_codes = exploitation_type_codes(case)
    return CasePage(
        team=list(case_team(case)),
        types=exploitation_type_labels(case, type_codes),
        type_codes=type_codes,
        events=case.events.select_related("actor")[:100],
        tasks=case.tasks.open().select_related("owner"),
        referrals=referrals,
        decisions=case.decisions.all(),
        support=list(case.support.all()),
        notes=case.notes.select_related("created_by")[:20],
        attachments=list(case.attachments.select_related("created_by")),
        consent=None if case.is_child else latest_consent(case),
        screening=case.screenings.first(),
        missing=case.missing_episodes.all() if case.is_child else None,
        other_cases=other_cases_of_person(user=user, case=case),
        safeguarding=child_safeguarding_steps(case, referrals),
        accounts=first_responder_accounts(case),
    )


@dataclass
class CaseAge:
    """The case page's age section: assessments, and for a child with a known date of birth, turning 18."""

    assessments: list[Any]
    may_assess: bool
    adult_on: datetime.date | None
    plan_from: datetime.date | None

    @property
    def shown(self) -> bool:
        return bool(self.assessments) or self.may_assess or self.adult_on is not None


def case_age(*, case: Case) -> CaseAge:
    """``case`` must come from case_get_for_user (access already checked)."""
    assessments = list(case.age_assessments.all())
    adult_on = plan_from = None
    if case.route == rules.RouteCode.CHILD and case.person.date_of_birth is not None:
        adult_on = rules.adult_on(case.person.date_of_birth)
        plan_from = rules.transition_notice_from(adult_on, settings.LANTERN_TRANSITION_NOTICE_DAYS)
    # Age can be assessed on any route (an age given can be disputed), and assessed again.
    may_assess = case.status == CaseStatus.OPEN
    return CaseAge(assessments=assessments, may_assess=may_assess, adult_on=adult_on, plan_from=plan_from)
