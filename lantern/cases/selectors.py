"""Who may see which concerns and cases: the one place these rules live.

- Triage roles (SHOP coordinator, programme manager) see every submitted concern.
- A first responder sees the concerns they raised and their status, never case content.
- A concern that became (or joined) a case is part of the case's story: whoever may see
  the case (its team, oversight) sees the concern and what it reports.
- Case workers see the cases whose team they are on.
- Oversight roles (SHOP coordinator, programme manager) see every case.
- Children's cases: team members (opening a child's case puts children's
  services on its team), and oversight roles allowed children's records
  (lantern.accounts.selectors.can_see_child_records) or sitting on a board
  whose members see children's cases, such as the Child Exploitation Board
  (may_see_childrens_cases).
- Everyone else (board viewers, procurement, DPO, administrators) sees no
  case or concern content.
A record a user may not see is reported as missing (404).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as DbCase
from django.db.models.functions import Replace

from lantern.accounts.capabilities import Capability
from lantern.accounts.selectors import can_see_child_records, users_active, users_with_capability
from lantern.cases import rules, safeguarding, search
from lantern.cases.models import (
    Case,
    CaseAttachment,
    CaseExploitation,
    CaseMember,
    CaseStage,
    CaseStatus,
    Concern,
    ConcernStatus,
    ConsentRecord,
    Person,
    PersonNameKey,
    ReferralKind,
    SafeguardingStep,
    SafeguardingStepNotNeeded,
    StrategyDiscussion,
    Task,
)
from lantern.core import crypto
from lantern.core.access import not_found
from lantern.core.reference import ExploitationType, indicators
from lantern.core.references import reference_normalise
from lantern.partnership import selectors as partnership_selectors


def _is_member(user: Any) -> Exists:
    return Exists(CaseMember.objects.filter(case=OuterRef("pk"), user=user))


def may_see_childrens_cases(user: Any) -> bool:
    """Whether an oversight role sees children's cases beyond its own teams: children's services staff
    (can_see_child_records), and members of a board whose members see them (the Child Exploitation Board)."""
    if can_see_child_records(user):
        return True
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_CHILD_CASES)
                and partnership_selectors.on_board_seeing_childrens_cases(user))


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    member = _is_member(user)
    if user.can(Capability.OVERSEE_CASES):
        if may_see_childrens_cases(user):
            return Case.objects.all()
        return Case.objects.filter(Q(member) | ~Q(route__in=rules.CHILD_ROUTES))
    if user.can(Capability.WORK_CASES):
        return Case.objects.filter(pk__in=CaseMember.objects.filter(user=user).values("case_id"))
    return Case.objects.none()


def may_list_cases(user: Any) -> bool:
    """Whether the user's roles work or oversee cases: the case list (page and API) and its exports."""
    return bool(getattr(user, "is_authenticated", False)
                and (user.can(Capability.WORK_CASES) or user.can(Capability.OVERSEE_CASES)))


def may_see_case(user: Any, case_id: int | None) -> bool:
    return case_id is not None and cases_visible_to(user).filter(pk=case_id).exists()


def is_on_caseload(user: Any, case: Case) -> bool:
    """Whether ``user`` is on the case's team (known without a query when the case came from case_get_for_user
    for this user)."""
    if getattr(case, "member_checked_for", None) == user.pk:
        return bool(case.user_is_member)  # type: ignore[attr-defined]
    return CaseMember.objects.filter(case=case, user=user).exists()


def case_get_for_user(*, user: Any, reference: str, today: datetime.date | None = None,
                      child_safeguarding: bool = False) -> Case:
    """The case with this reference if ``user`` may see it (404 otherwise).

    It carries ``is_overdue`` and ``user_is_member`` (whether ``user`` is on its team: see is_on_caseload),
    and with ``child_safeguarding`` what child_safeguarding_steps reads (see with_child_safeguarding).
    """
    from django.utils import timezone

    qs: QuerySet[Case] = with_overdue(cases_visible_to(user), today or timezone.localdate()).annotate(
        user_is_member=_is_member(user))
    if child_safeguarding:
        qs = with_child_safeguarding(qs)
    case = (
        qs.select_related("person", "lead_worker", "lead_agency", "area")
        .filter(reference=reference.upper())
        .first()
    )
    if case is None:
        raise not_found()
    case.member_checked_for = user.pk  # type: ignore[attr-defined]  # user_is_member holds for this user only
    return case


def may_work_case(user: Any, case: Case, *, on_caseload: bool | None = None) -> bool:
    """Whether the user may write to the case: a member of its team, or oversight of a case they may see.

    ``on_caseload`` is whether the user is on the team, when the caller already knows.
    """
    if on_caseload is None:
        on_caseload = is_on_caseload(user, case)
    if on_caseload:
        return True
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.OVERSEE_CASES)
                and may_see_case(user, case.pk))


def ensure_can_work_case(user: Any, case: Case) -> None:
    """Refuse (403) a write by anyone who may not work the case (see may_work_case)."""
    if not may_work_case(user, case):
        raise PermissionDenied


def case_team_candidates() -> QuerySet[Any]:
    """Who may join a case team: active users who work or oversee cases (the team form offers exactly these)."""
    return (users_with_capability(Capability.WORK_CASES) | users_with_capability(Capability.OVERSEE_CASES))


def concerns_visible_to(user: Any) -> QuerySet[Concern]:
    if not getattr(user, "is_authenticated", False):
        return Concern.objects.none()
    own = Q(raised_by=user)
    # A concern that became (or joined) a case is part of that case's story: whoever may see
    # the case (its team, oversight) sees the concern, and nobody else sees it through the case.
    of_visible_case = Q(case__in=cases_visible_to(user)) if may_list_cases(user) else Q(pk__in=[])
    if user.can(Capability.TRIAGE_CONCERN):
        # Triage roles see every submitted concern, except those that became (or joined) a case
        # they may not see, such as a restricted child's case.
        submitted = ~Q(status=ConcernStatus.DRAFT) & Q(case__isnull=True)
        return Concern.objects.filter(own | submitted | of_visible_case)
    if user.can(Capability.RAISE_CONCERN) or may_list_cases(user):
        return Concern.objects.filter(own | of_visible_case)
    return Concern.objects.none()


def may_see_concern_details(user: Any, concern: Concern) -> bool:
    """Whether the user sees what a concern reports: triage roles, and whoever may see the case it is part of.

    The person who raised it sees only its status once it is submitted.
    """
    return bool(user.can(Capability.TRIAGE_CONCERN) or may_see_case(user, concern.case_id))


def concerns_of_case(case: Case) -> QuerySet[Concern]:
    """The concerns a case was opened from or linked to, oldest first: the first responders' accounts.

    ``case`` must come from case_get_for_user (access already checked).
    """
    return (Concern.objects.filter(case=case).select_related("raised_by", "raised_by_agency", "area")
            .order_by("submitted_at", "id"))


@dataclass
class FirstResponderAccount:
    """A concern on a case as its team reads it: what was seen, where and when, and the signs ticked."""

    concern: Concern
    signs: list[str]
    exploitation: list[str]


def first_responder_accounts(case: Case) -> list[FirstResponderAccount]:
    """The accounts of the concerns ``case`` came from (access already checked, as for concerns_of_case)."""
    return [FirstResponderAccount(
        concern=concern,
        signs=[indicators.indicator_set(concern.indicator_set_version).label(code) for code in concern.indicators],
        exploitation=[ExploitationType(t).label for t in concern.exploitation_types if t in ExploitationType.values],
    ) for concern in concerns_of_case(case)]


def concern_drafts_of(user: Any) -> QuerySet[Concern]:
    return Concern.objects.filter(raised_by=user, status=ConcernStatus.DRAFT).order_by("-updated_at")


def concerns_raised_by(user: Any) -> QuerySet[Concern]:
    return Concern.objects.filter(raised_by=user).select_related("area").order_by("-created_at")


def child_concern_q() -> Q:
    """Concerns about a child or someone whose age is not known: rules.is_child_concern, as a filter."""
    return Q(age_uncertain=True) | Q(approximate_age__isnull=True) | Q(approximate_age__lt=rules.ADULT_AGE)


def concerns_waiting_for_triage(user: Any) -> QuerySet[Concern]:
    """Submitted concerns the user may triage: those in immediate danger first, then children's, then the
    longest waiting. Each carries ``is_child_concern``: a child's concern is never shown as routine."""
    return (concerns_visible_to(user).filter(status=ConcernStatus.SUBMITTED)
            .select_related("raised_by_agency", "area")
            .annotate(is_child_concern=ExpressionWrapper(child_concern_q(), output_field=BooleanField()))
            .order_by(F("immediate_danger").desc(nulls_last=True), F("is_child_concern").desc(), "submitted_at"))


def concern_get_own_draft(*, user: Any, reference: str) -> Concern:
    """A draft concern, for the person who is writing it (404 for anyone else, or once submitted)."""
    concern = concern_get_for_user(user=user, reference=reference)
    if concern.raised_by_id != user.pk or concern.status != ConcernStatus.DRAFT:
        raise not_found()
    return concern


def concern_missing_answers(concern: Concern) -> list[str]:
    """What the raiser still has to answer before the concern can be submitted."""
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


def concern_get_for_user(*, user: Any, reference: str) -> Concern:
    concern = concerns_visible_to(user).select_related("raised_by", "raised_by_agency", "area", "case").filter(
        reference=reference.upper()
    ).first()
    if concern is None:
        raise not_found()
    return concern


@dataclass
class CaseFilters:
    status: str = ""
    route: str = ""
    stage: str = ""
    exploitation: str = ""
    area_id: int | None = None
    lead_worker_id: int | None = None
    agency_id: int | None = None
    overdue: bool = False
    reference: str = ""
    name: str = ""
    date_of_birth: datetime.date | None = None


def cases_search(*, user: Any, filters: CaseFilters, today: datetime.date) -> QuerySet[Case]:
    """The case list: filtered, searched by reference (whole or part) or by name (variants too, and date of birth)."""
    qs = with_overdue(cases_visible_to(user), today).select_related("lead_worker", "lead_agency", "area")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.route:
        qs = qs.filter(route=filters.route)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.exploitation:
        qs = qs.filter(Exists(CaseExploitation.objects.filter(case=OuterRef("pk"), type=filters.exploitation)))
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.lead_worker_id:
        qs = qs.filter(lead_worker_id=filters.lead_worker_id)
    if filters.agency_id:
        qs = qs.filter(lead_agency_id=filters.agency_id)
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    if filters.reference:
        qs = cases_with_reference(qs, filters.reference)
    if filters.name:
        ranked = person_search(among=qs, name=filters.name, date_of_birth=filters.date_of_birth)
        rank = DbCase(*(When(person_id=pk, then=Value(i)) for i, pk in enumerate(ranked)),
                      default=Value(len(ranked)), output_field=IntegerField())
        return qs.filter(person_id__in=ranked).order_by(rank, "-opened_on", "-id")
    return qs.order_by("-opened_on", "-id")


REFERENCE_PART_LENGTH = 3
REFERENCE_MATCHES = 500  # cases listed at most for part of a reference (three characters can match many)


def cases_with_reference(qs: QuerySet[Case], typed: str) -> QuerySet[Case]:
    """The cases of ``qs`` whose reference, or that of a concern they came from, is or contains what was typed.

    Case and letter-alike mistakes are forgiven and dashes and spaces ignored, so "7k3q9"
    finds MSC-7K3Q-9XC; fewer than three characters must be the whole reference.
    """
    plain = reference_normalise(typed).replace("-", "")
    if not plain:
        return qs.none()
    if len(plain) < REFERENCE_PART_LENGTH:
        return qs.filter(reference__iexact=typed.strip())
    unhyphenated = Replace("reference", Value("-"), Value(""))
    # Matched on the reference columns among the cases the user may see (unordered, so no walk
    # of the list in date order), then the list is narrowed to those cases. The cap applies
    # after the visibility rule, so other people's cases never crowd out one's own.
    visible = qs.order_by().values("pk")
    matching = [
        *Case.objects.filter(pk__in=visible).alias(plain=unhyphenated).filter(plain__contains=plain)
        .values_list("pk", flat=True)[:REFERENCE_MATCHES],
        *Concern.objects.filter(case__in=visible).alias(plain=unhyphenated).filter(plain__contains=plain)
        .values_list("case_id", flat=True)[:REFERENCE_MATCHES],
    ]
    return qs.filter(pk__in=matching)


# At most this many people are compared by name for one search (those sharing the most keys
# with it first); at most RESULT_PEOPLE of them are listed.
CANDIDATE_PEOPLE = 100
RESULT_PEOPLE = 50


def person_search(*, among: QuerySet[Case], name: str, date_of_birth: datetime.date | None) -> list[int]:
    """The people of the cases ``among`` whose name matches ``name`` (variants included), best match first.

    The database finds the candidates by their name keys (cases/search.py), without
    any name leaving it; their names (and dates of birth) are then decrypted and
    compared. With a date of birth, only people born on that day are candidates (their keys
    bound to it match), so a common name with a date of birth still finds the one person.
    """
    query = search.query_tokens(name)
    if not query:
        return []
    positions = [[_name_digest(kind, value, date_of_birth) for kind, value in search.token_keys(token)]
                 for token in query]
    position = DbCase(*(When(digest__in=digests, then=Value(i)) for i, digests in enumerate(positions)),
                      output_field=IntegerField())
    grouped = (
        PersonNameKey.objects.filter(digest__in=set().union(*positions))
        .values("person_id")
        .annotate(positions=Count(position, distinct=True), hits=Count("digest"), parts=Max("tokens"))
        .filter(Q(positions__gte=len(query)) | Q(positions__gte=F("parts")))
        .order_by()
    )
    candidates = _visible_candidates(grouped, among)
    scored = []
    loaded = ("given_name", "family_name", "known_as", *(("date_of_birth",) if date_of_birth else ()))
    for person in Person.objects.filter(pk__in=candidates).only(*loaded):
        if date_of_birth and person.date_of_birth != date_of_birth:
            continue
        name = searchable_name(person.given_name, person.family_name, person.known_as)
        match = search.match_name(query, search.name_tokens(name))
        if match is not None:
            scored.append((-match.score, person.pk))
    return [pk for _, pk in sorted(scored)[:RESULT_PEOPLE]]


def exploitation_labels(case_ids: list[int]) -> dict[int, list[str]]:
    """Each case's exploitation types, as labels in order (for a page of the case list)."""
    labels: dict[int, list[str]] = {}
    for row in CaseExploitation.objects.filter(case_id__in=case_ids).order_by("type"):
        labels.setdefault(row.case_id, []).append(row.get_type_display())
    return labels


def my_open_cases(user: Any) -> QuerySet[Case]:
    return (cases_visible_to(user).filter(memberships__user=user, status=CaseStatus.OPEN)
            .select_related("lead_worker").order_by("-opened_on"))


def my_overdue_cases(user: Any, today: datetime.date) -> QuerySet[Case]:
    return cases_visible_to(user).filter(memberships__user=user).filter(overdue_q(today)).order_by("rg_expected_by")


def shop_agenda_cases(user: Any) -> QuerySet[Case]:
    """Open cases flagged for the next SHOP meeting that the user may see, oldest first."""
    return (cases_visible_to(user).filter(shop_flagged=True, status=CaseStatus.OPEN)
            .select_related("lead_worker", "lead_agency", "area").order_by("opened_on"))


@dataclass
class ShopAgenda:
    cases: list[Case]
    restricted: int  # flagged children's cases the user may not see: counted, never described


def shop_agenda(user: Any) -> ShopAgenda:
    """The SHOP agenda: the flagged cases the user may see, and how many restricted ones are left out."""
    cases = list(shop_agenda_cases(user))
    flagged = Case.objects.filter(shop_flagged=True, status=CaseStatus.OPEN)
    return ShopAgenda(cases=cases, restricted=flagged.count() - len(cases))


def overdue_q(today: datetime.date) -> Q:
    """Open cases waiting past a deadline: an RG decision past its expected date, or a child's NRM referral not made."""
    return Q(status=CaseStatus.OPEN) & (
        Q(stage=CaseStage.REFERRED, rg_expected_by__lt=today)
        | Q(route__in=rules.CHILD_ROUTES, stage__in=[CaseStage.SCREENING, CaseStage.NRM_DUE])
    )


def with_overdue(qs: QuerySet[Case], today: datetime.date) -> QuerySet[Case]:
    """Annotate ``is_overdue`` from overdue_q, the one definition of 'overdue'."""
    return qs.annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))


# --- Finding a person by name (and date of birth) ------------------------------------
# Names and dates of birth are encrypted, so a person is found by keyed blind
# indexes of them (lantern.core.crypto.blind_index): one of the name, one of the
# name with the date of birth. These functions are the only place they are made.


def full_name(given_name: str, family_name: str) -> str:
    return " ".join(p for p in (given_name, family_name) if p)


def person_blind_indexes(full_name: str, date_of_birth: datetime.date | None) -> tuple[str, str]:
    """The person's ``(name_index, name_dob_index)``; empty where the name (or date of birth) is not known."""
    if not full_name.strip():
        return "", ""
    name_dob = crypto.blind_index(full_name, date_of_birth.isoformat()) if date_of_birth else ""
    return crypto.blind_index(full_name), name_dob


def _visible_candidates(grouped: QuerySet[Any], among: QuerySet[Case]) -> list[int]:
    """The people of ``grouped`` (name keys counted per person) who have a case ``among``, most keys first.

    The keys are counted first and only the people with enough of them are checked
    against the cases, so a common name costs a few hundred look-ups, not one per key.
    """
    grouped_sql, grouped_params = grouped.query.sql_with_params()
    among_sql, among_params = among.order_by().values("person_id").query.sql_with_params()
    with connections[among.db].cursor() as cursor:
        # Both parts are compiled by Django with bound parameters; nothing typed is put in the text.
        cursor.execute(
            f"SELECT g.person_id FROM ({grouped_sql}) g WHERE g.person_id IN ({among_sql}) "  # noqa: S608  # nosec B608
            "ORDER BY g.positions DESC, g.hits DESC, g.person_id LIMIT %s",
            [*grouped_params, *among_params, CANDIDATE_PEOPLE],
        )
        return [row[0] for row in cursor.fetchall()]


def searchable_name(given_name: str, family_name: str, known_as: str) -> str:
    return " ".join(p for p in (given_name, family_name, known_as) if p)


def person_name_digests(given_name: str, family_name: str, date_of_birth: datetime.date | None,
                        known_as: str = "") -> tuple[int, list[tuple[str, str]]]:
    """The ``(kind, digest)`` name keys a person is found by (cases/search.py), and how many parts the name has.

    The name searched is the given and family names and the name they are known by.

    Each key is stored twice when the date of birth is known: alone, and bound to the date
    of birth, so that a search with a date of birth narrows in the database (equal dates of
    birth are linkable only together with an equal name key, as with ``name_dob_index``).
    """
    tokens = search.name_tokens(searchable_name(given_name, family_name, known_as))
    keys = set().union(*(search.token_keys(token) for token in tokens)) if tokens else set()
    digests = {(kind, _name_digest(kind, value, None)) for kind, value in keys}
    if date_of_birth:
        digests |= {(kind, _name_digest(kind, value, date_of_birth)) for kind, value in keys}
    return len(tokens), sorted(digests)


def _name_digest(kind: str, value: str, date_of_birth: datetime.date | None) -> str:
    if date_of_birth:
        return crypto.blind_index("person-name-key", kind, value, date_of_birth.isoformat())
    return crypto.blind_index("person-name-key", kind, value)


def _indexes_q(name_index: str, name_dob_index: str) -> Q:
    """Cases of a person with these indexes: by name and date of birth when known, else by name."""
    if name_dob_index:
        return Q(person__name_dob_index=name_dob_index)
    if name_index:
        return Q(person__name_index=name_index)
    return Q(pk__in=[])  # no name: matches nobody (not everyone whose name is not known)


def person_match_q(full_name: str, date_of_birth: datetime.date | None) -> Q:
    """Cases whose person has this name (and this date of birth, if given)."""
    return _indexes_q(*person_blind_indexes(full_name, date_of_birth))


def earlier_records_for(*, user: Any, given_name: str, family_name: str,
                        date_of_birth: datetime.date | None) -> list[Case]:
    """Earlier cases of a person matching by name (and date of birth), among those the user may see."""
    name = full_name(given_name, family_name)
    if not name:
        return []
    return list(cases_visible_to(user).filter(person_match_q(name, date_of_birth)).order_by("-opened_on")[:10])


def other_cases_of_person(*, user: Any, case: Case) -> list[Case]:
    """The user's visible cases of the same person (by the indexes stored on them), besides ``case``."""
    person = case.person
    if not (person.name_index or person.name_dob_index):
        return []
    return list(cases_visible_to(user).filter(_indexes_q(person.name_index, person.name_dob_index))
                .exclude(pk=case.pk).order_by("-opened_on")[:10])


# --- A case's records ------------------------------------------------------------


def latest_consent(case: Case) -> ConsentRecord | None:
    """The adult's latest decision about an NRM referral: the one that counts."""
    return case.consents.order_by("-explained_on", "-id").first()


def tasks_open_for(user: Any) -> QuerySet[Task]:
    """The user's open tasks on cases they may still see, soonest first ('My work' and the API)."""
    return (Task.objects.open().filter(owner=user, case__in=cases_visible_to(user))
            .select_related("case", "owner").order_by("due_on", "id"))


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


NOT_NEEDED_PREFIX = "safeguarding_not_needed_"


def with_child_safeguarding(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate each case with its first strategy discussion's date (``first_strategy_discussion_on``) and,
    for each step that can be recorded as not needed, the reason given (``safeguarding_not_needed_<step>``),
    so that the case page reads a child's safeguarding steps with the case itself."""
    not_needed = {
        f"{NOT_NEEDED_PREFIX}{step}": Subquery(
            SafeguardingStepNotNeeded.objects.filter(case=OuterRef("pk"), step=step).values("reason")[:1])
        for step in SafeguardingStep.values
    }
    first_discussion = (StrategyDiscussion.objects.filter(case=OuterRef("pk")).order_by("held_on")
                        .values("held_on")[:1])
    return qs.annotate(first_strategy_discussion_on=Subquery(first_discussion), **not_needed)


def child_safeguarding_steps(case: Case, referrals: list[Any] | None = None) -> list[safeguarding.StepState] | None:
    """A child's safeguarding steps before and including the NRM referral (None for an adult's case).

    ``case`` must come from case_get_for_user(child_safeguarding=True) (see with_child_safeguarding);
    ``referrals`` are the case's referrals when the caller has them already.
    """
    if not case.is_child:
        return None
    kinds = {ReferralKind.CHILDRENS_SOCIAL_CARE: safeguarding.Step.CHILDRENS_SOCIAL_CARE,
             ReferralKind.ICTG: safeguarding.Step.ICTG, ReferralKind.NRM: safeguarding.Step.NRM}
    done_on: dict[safeguarding.Step, datetime.date] = {}
    for referral in sorted(referrals if referrals is not None else case.referrals.all(), key=lambda r: r.made_on):
        if referral.kind in kinds:
            done_on.setdefault(kinds[referral.kind], referral.made_on)
    if case.first_strategy_discussion_on is not None:  # type: ignore[attr-defined]
        done_on[safeguarding.Step.STRATEGY_DISCUSSION] = case.first_strategy_discussion_on  # type: ignore[attr-defined]
    not_needed = {safeguarding.Step(step): reason for step in SafeguardingStep.values
                  if (reason := getattr(case, f"{NOT_NEEDED_PREFIX}{step}")) is not None}
    return safeguarding.child_steps(done_on=done_on, not_needed=not_needed,
                                    ictg_available=partnership_selectors.ictg_available())


def case_page(*, user: Any, case: Case) -> CasePage:
    """The case page's records; ``case`` must come from case_get_for_user (access already checked)."""
    referrals = list(case.referrals.select_related("made_by_agency"))
    return CasePage(
        team=list(case_team(case)),
        types=[row.get_type_display() for row in case.exploitation.all()],
        events=case.events.select_related("actor")[:100],
        tasks=case.tasks.open().select_related("owner"),
        referrals=referrals,
        decisions=case.decisions.all(),
        support=case.support.all(),
        notes=case.notes.select_related("created_by")[:20],
        attachments=case.attachments.select_related("created_by"),
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
    # An uncertain age is assessed; an age assessed before may be assessed again.
    may_assess = case.status == CaseStatus.OPEN and (case.route == rules.RouteCode.AGE_UNCERTAIN or bool(assessments))
    return CaseAge(assessments=assessments, may_assess=may_assess, adult_on=adult_on, plan_from=plan_from)
