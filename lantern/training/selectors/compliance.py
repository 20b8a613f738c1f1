"""Compliance against the matrix, computed set-based: a handful of queries whatever the number of
people (the matrix; the people; Lantern users' roles; each person's completions per course,
aggregated in the database), then the rules of ``lantern.training.compliance`` in memory.

The pages and the API read it through ``compliance_cached``: the result is kept in the cache under a
key naming the day and the state of everything it depends on (a generation the training services raise
on every change, and the size and newest row of the tables involved), so a change shows at once and
an unchanged record is not computed twice.

People on the record are the active trainees, and every active Lantern user whose role the matrix
names (a user with no training recorded yet is *never trained*).
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import timezone

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, RoleAssignment, User
from lantern.training.compliance import (
    STATUS_ORDER,
    Completions,
    Result,
    Rule,
    Status,
    rules_for,
    status_for,
    worst,
)
from lantern.training.models import Attendance, JobType, MatrixRequirement, Outcome, Trainee


@dataclass
class Person:
    trainee_id: int | None
    user_id: int | None
    name: str
    agency_id: int | None
    organisation: str
    roles: tuple[str, ...]
    job_type_id: int | None
    started_on: datetime.date | None
    results: list[Result] = field(default_factory=list)

    @property
    def status(self) -> Status | None:
        return worst(self.results)


def rules() -> list[Rule]:
    return [Rule(*values) for values in MatrixRequirement.objects.filter(is_active=True).values_list(
        "course_id", "role", "job_type_id", "due_within_months", "refresher_months")]


def completions(trainee_ids: Iterable[int] | None = None, *, agency_id: int | None = None
                ) -> dict[tuple[int, int], Completions]:
    """Each person's completions per course, aggregated in the database."""
    attended = Attendance.objects.filter(outcome=Outcome.ATTENDED)
    if trainee_ids is not None:
        attended = attended.filter(trainee_id__in=list(trainee_ids))
    elif agency_id is not None:
        attended = attended.filter(trainee__agency_id=agency_id)
    grouped = (attended.order_by().values("trainee_id", "course_id")
               .annotate(latest=Max("completed_on"), valid=Max("valid_until"),
                         unexpiring=Count("pk", filter=Q(valid_until__isnull=True))))
    return {(row["trainee_id"], row["course_id"]): Completions(row["latest"], row["valid"], row["unexpiring"] > 0)
            for row in grouped}


def people(*, agency_id: int | None = None) -> list[Person]:
    """Everyone compliance is about (in one agency, or all), without their results yet."""
    trainees = Trainee.objects.filter(is_active=True)
    users = User.objects.filter(is_active=True)
    assignments = RoleAssignment.objects.filter(user__is_active=True)
    if agency_id is not None:
        trainees, users = trainees.filter(agency_id=agency_id), users.filter(agency_id=agency_id)
        assignments = assignments.filter(user__agency_id=agency_id)
    roles_of: dict[int, list[str]] = defaultdict(list)
    for user_id, role in assignments.values_list("user_id", "role"):
        roles_of[user_id].append(role)
    agency_names = dict(Agency.objects.values_list("pk", "name"))
    found: list[Person] = []
    linked: set[int] = set()
    for pk, user_id, name, agency, agency_name, role, job_type, started in trainees.values_list(
            "pk", "user_id", "full_name", "agency_id", "agency_name", "role", "job_type_id", "started_on"):
        held = tuple(roles_of.get(user_id, ())) if user_id else ((role,) if role else ())
        if user_id:
            linked.add(user_id)
        found.append(Person(pk, user_id, name, agency, agency_names.get(agency, agency_name or "Other organisation"),
                            held, job_type, started))
    for pk, name, agency, joined in users.exclude(pk__in=linked).filter(pk__in=list(roles_of)).values_list(
            "pk", "full_name", "agency_id", "date_joined"):
        found.append(Person(None, pk, name, agency, agency_names.get(agency, "No agency"), tuple(roles_of[pk]), None,
                            timezone.localdate(joined)))
    return found


def compliance(*, agency_id: int | None = None, today: datetime.date | None = None) -> list[Person]:
    """Everyone the matrix applies to (in one agency, or all) with a result per required course."""
    today = today or timezone.localdate()
    matrix = rules()
    done = completions(agency_id=agency_id)
    result = []
    for person in people(agency_id=agency_id):
        applying = rules_for(matrix, roles=person.roles, job_type_id=person.job_type_id)
        if not applying:
            continue
        person.results = [status_for(rule, done.get((person.trainee_id, course_id)) if person.trainee_id else None,
                                     started_on=person.started_on, today=today)
                          for course_id, rule in applying.items()]
        result.append(person)
    return result


@dataclass
class SummaryRow:
    agency: str
    group: str  # a role's or a job type's name
    counts: Counter[str]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(status, 0) for status in STATUS_ORDER]


def group_label(rule: Rule, job_types: dict[int, str]) -> str:
    return Role(rule.role).label if rule.role else job_types.get(rule.job_type_id or 0, "Job type")


def summary(everyone: list[Person]) -> list[SummaryRow]:
    """For each agency and role (or job type): people by their worst status for that role's courses."""
    matrix = rules()
    job_types = dict(JobType.objects.values_list("pk", "name"))
    rows: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for person in everyone:
        by_course = {result.course_id: result for result in person.results}
        groups: dict[str, list[Result]] = defaultdict(list)
        for rule in matrix:
            if (rule.role and rule.role in person.roles) or (rule.job_type_id and rule.job_type_id == person.job_type_id):
                if rule.course_id in by_course:
                    groups[group_label(rule, job_types)].append(by_course[rule.course_id])
        for label, results in groups.items():
            status = worst(results)
            if status is not None:
                rows[(person.organisation, label)][status] += 1
    return [SummaryRow(agency, group, counts) for (agency, group), counts in sorted(rows.items())]


def person_results(*, trainee: Trainee | None, user: Any = None, today: datetime.date | None = None) -> list[Result]:
    """One person's results (their own record, or a coordinator reading it)."""
    today = today or timezone.localdate()
    if trainee is not None and trainee.user_id:
        user = trainee.user
    roles = tuple(user.role_set) if user is not None else ((trainee.role,) if trainee and trainee.role else ())
    started = (trainee.started_on if trainee and trainee.started_on
               else timezone.localdate(user.date_joined) if user is not None else None)
    applying = rules_for(rules(), roles=roles, job_type_id=trainee.job_type_id if trainee else None)
    done = completions([trainee.pk]) if trainee is not None else {}
    return [status_for(rule, done.get((trainee.pk, course_id)) if trainee else None, started_on=started, today=today)
            for course_id, rule in applying.items()]


def statuses_of(statuses: Iterable[Status]) -> list[Status]:
    return [status for status in STATUS_ORDER if status in set(statuses)]


GENERATION_KEY = "training:compliance:generation"
CACHE_SECONDS = 15 * 60


def compliance_changed() -> None:
    """Called by the training services after a change is committed: cached compliance is recomputed."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


SIGNATURE_SQL = " UNION ALL ".join([
    *(f"SELECT COALESCE(MAX(id), 0), COUNT(*) FROM {table}" for table in (  # noqa: S608  # nosec B608 (constant table names)
        "training_attendance", "training_trainee", "training_matrixrequirement", "accounts_roleassignment",
        "accounts_user")),
    "SELECT 0, COUNT(*) FROM accounts_user WHERE is_active",
    "SELECT 0, COUNT(*) FROM training_matrixrequirement WHERE is_active",
])


def _signature() -> str:
    """The state compliance depends on, in one query: what the services did not raise a generation for
    (accounts and roles change in their own app; a row written by hand) still changes the key."""
    with connection.cursor() as cursor:
        cursor.execute(SIGNATURE_SQL)
        rows = cursor.fetchall()
    return "-".join(f"{high}.{count}" for high, count in rows) + f"-{cache.get(GENERATION_KEY, 0)}"


# One person on the compliance page: (trainee id or None, name, organisation, worst status). Plain tuples
# of plain values, so the cached page unpickles quickly at 20,000 people.
PageRow = tuple[int | None, str, str, str]


@dataclass
class CompliancePage:
    rows: list[PageRow]  # worst first (overdue, never trained, due soon, in date), then by agency and name
    summary: list[tuple[str, str, list[int]]]  # (agency, role or job type, counts in STATUS_ORDER)
    totals: list[int]  # people by worst status, in STATUS_ORDER


def _cache_key(what: str, agency_id: int | None, today: datetime.date) -> str:
    """A cached result's key: what it is, for which agency, today, and the state it was computed from."""
    return f"training:compliance:{what}:{agency_id or 'all'}:{today.isoformat()}:{_signature()}"


def compliance_people_cached(*, agency_id: int | None = None) -> list[Person]:
    """``compliance``, from the cache when nothing it depends on has changed: the API pages through it, and
    each page would otherwise compute everyone's results again."""
    today = timezone.localdate()
    key = _cache_key("people", agency_id, today)
    found: list[Person] | None = cache.get(key)
    if found is None:
        found = compliance(agency_id=agency_id, today=today)
        cache.set(key, found, CACHE_SECONDS)
    return found


def compliance_cached(*, agency_id: int | None = None) -> CompliancePage:
    """What the compliance page shows (computed, or from the cache when nothing has changed)."""
    today = timezone.localdate()
    key = _cache_key("page", agency_id, today)
    found = cache.get(key)
    if found is not None:
        return CompliancePage(*found)
    everyone = compliance(agency_id=agency_id, today=today)
    order = {status: index for index, status in enumerate(STATUS_ORDER)}
    rows: list[PageRow] = []
    totals = [0] * len(STATUS_ORDER)
    for person in everyone:
        status = person.status
        if status is None:
            continue
        totals[order[status]] += 1
        rows.append((person.trainee_id, person.name, person.organisation, str(status)))
    rows.sort(key=lambda row: (order[Status(row[3])], row[2], row[1]))
    page = CompliancePage(rows, [(r.agency, r.group, r.cells()) for r in summary(everyone)], totals)
    cache.set(key, (page.rows, page.summary, page.totals), CACHE_SECONDS)
    return page
