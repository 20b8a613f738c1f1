"""Compliance against the training matrix: in date, due soon, overdue or never trained.

Plain Python, no Django: the selectors load the people, the matrix and each person's latest
completion per course in a few set-based queries, and these functions decide the status.

The rules (docs/decisions, training compliance):

- A requirement applies to a person holding its role, or doing its job type. Where several apply
  to the same course, the strictest counts (the shortest time to train and between refreshers).
- Completions of any version of the course count. Each completion is valid until the matrix's
  refresher interval after it when the matrix sets one, else until its version's validity ran out
  (``valid_until``), else for ever; the completion valid longest decides.
- A refresher due today is *due soon* (the person is still in date today); from the next day
  it is *overdue*. *Due soon* covers the ``DUE_SOON_DAYS`` days up to and including the due date.
- A person with no completion is *never trained*; their due date is ``due_within_months`` after
  they started, when that is known.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

DUE_SOON_DAYS = 60  # days before a refresher falls due that it counts as due soon
REMINDER_DAYS = 30  # days before it falls due that the person (and their manager) are reminded


class Status(StrEnum):
    IN_DATE = "in_date"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NEVER_TRAINED = "never_trained"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {Status.IN_DATE: "In date", Status.DUE_SOON: "Due soon", Status.OVERDUE: "Overdue",
                 Status.NEVER_TRAINED: "Never trained"}
STATUS_ORDER = (Status.OVERDUE, Status.NEVER_TRAINED, Status.DUE_SOON, Status.IN_DATE)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day where it is shorter: 31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Rule:
    """A matrix line as compliance reads it."""

    course_id: int
    role: str
    job_type_id: int | None
    due_within_months: int
    refresher_months: int | None


@dataclass(frozen=True)
class Completions:
    """A person's completions of one course: the latest date, and how long the best one lasts."""

    latest: datetime.date
    valid_until: datetime.date | None  # the latest expiry by version validity
    unexpiring: bool  # some completion was of a version that does not expire


@dataclass(frozen=True)
class Result:
    course_id: int
    status: Status
    due_on: datetime.date | None  # when the course (or its refresher) is due; None: never
    completed_on: datetime.date | None


def rules_for(rules: Iterable[Rule], *, roles: Iterable[str], job_type_id: int | None) -> dict[int, Rule]:
    """The requirements that apply, one per course (the strictest where several do)."""
    held = set(roles)
    chosen: dict[int, Rule] = {}
    for rule in rules:
        if not ((rule.role and rule.role in held) or (rule.job_type_id and rule.job_type_id == job_type_id)):
            continue
        current = chosen.get(rule.course_id)
        if current is None:
            chosen[rule.course_id] = rule
            continue
        refreshers = [m for m in (current.refresher_months, rule.refresher_months) if m is not None]
        chosen[rule.course_id] = Rule(rule.course_id, current.role or rule.role, current.job_type_id or rule.job_type_id,
                                      min(current.due_within_months, rule.due_within_months),
                                      min(refreshers) if refreshers else None)
    return chosen


def status_for(rule: Rule, done: Completions | None, *, started_on: datetime.date | None,
               today: datetime.date) -> Result:
    if done is None:
        due = add_months(started_on, rule.due_within_months) if started_on else None
        return Result(rule.course_id, Status.NEVER_TRAINED, due, None)
    if rule.refresher_months is not None:
        due_on: datetime.date | None = add_months(done.latest, rule.refresher_months)
    elif done.unexpiring:
        due_on = None
    else:
        due_on = done.valid_until
    if due_on is None:
        status = Status.IN_DATE
    elif today > due_on:
        status = Status.OVERDUE
    elif (due_on - today).days <= DUE_SOON_DAYS:
        status = Status.DUE_SOON
    else:
        status = Status.IN_DATE
    return Result(rule.course_id, status, due_on, done.latest)


def worst(results: Iterable[Result]) -> Status | None:
    """A person's overall status: their worst course's."""
    statuses = {result.status for result in results}
    return next((status for status in STATUS_ORDER if status in statuses), None)
