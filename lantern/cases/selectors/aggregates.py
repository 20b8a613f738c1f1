"""Aggregate figures about concerns and cases, for the KPIs (``lantern.cases.kpis``).

Every function here counts or measures in the database (GROUP BY, COUNT, the shared median) and
reads only non-identifying columns: dates, route, stage, outcome, types, ward, agency, gender and
the age at exploitation. None returns a record, a reference or anything encrypted, so the figures
carry no personal data; small numbers are suppressed by every output that shows them
(``lantern.core.suppression``).

Dates are days, both ends included (``start`` to ``end``). A concern counts on the day it was
submitted (local time); a case on the day it was opened; a referral or decision on the day it was
made.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Case as Cases
from django.db.models import (
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from lantern.cases.models import (
    Case,
    CaseExploitation,
    Concern,
    ConcernStatus,
    ConsentRecord,
    Decision,
    DecisionKind,
    Referral,
    ReferralKind,
    Route,
    SupportService,
)
from lantern.core.aggregates import DaysBetween, median
from lantern.core.reference import ExploitationType

NOT_RECORDED = "Not recorded"
AGE_GROUPS = (("child", "Child (under 18 when exploited)"), ("adult", "Adult"), ("unknown", "Not known"))


def _counts(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, int]:
    return {row[key]: row["n"] for row in rows}


def _by(queryset: QuerySet[Any], field: str, *, distinct: str = "pk") -> dict[Any, int]:
    return _counts(queryset.order_by().values(field).annotate(n=Count(distinct, distinct=True)), field)


# --- Concerns -----------------------------------------------------------------------------------


def _concerns_raised(start: datetime.date, end: datetime.date) -> QuerySet[Concern]:
    return Concern.objects.exclude(status=ConcernStatus.DRAFT).filter(
        submitted_at__isnull=False, submitted_at__date__gte=start, submitted_at__date__lte=end,
    )


def concerns_raised_count(*, start: datetime.date, end: datetime.date) -> int:
    return _concerns_raised(start, end).count()


def concerns_raised_by_agency(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Concerns submitted, by the name of the raiser's agency."""
    rows = _by(_concerns_raised(start, end).annotate(agency_name=Coalesce("raised_by_agency__name", Value(NOT_RECORDED))),
               "agency_name")
    return dict(sorted(rows.items()))


def concerns_raised_by_ward(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Concerns submitted, by the ward (area) where the person was seen."""
    rows = _by(_concerns_raised(start, end).annotate(ward=Coalesce("area__name", Value(NOT_RECORDED))), "ward")
    return dict(sorted(rows.items(), key=lambda item: (item[0] == NOT_RECORDED, item[0])))


# --- Cases --------------------------------------------------------------------------------------


def _cases_opened(start: datetime.date, end: datetime.date) -> QuerySet[Case]:
    return Case.objects.filter(opened_on__gte=start, opened_on__lte=end)


def cases_opened_count(*, start: datetime.date, end: datetime.date) -> int:
    return _cases_opened(start, end).count()


def cases_opened_by_route(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    return _by(_cases_opened(start, end), "route")


def exploitation_types_of(cases: QuerySet[Case]) -> dict[str, int]:
    """How many of ``cases`` have each exploitation type (a case may have several)."""
    return _by(CaseExploitation.objects.filter(case__in=cases.values("pk")), "type", distinct="case")


def cases_opened_by_exploitation(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    return exploitation_types_of(_cases_opened(start, end))


def _cases_closed(start: datetime.date, end: datetime.date) -> QuerySet[Case]:
    return Case.objects.filter(closed_on__gte=start, closed_on__lte=end)


def cases_closed_by_outcome(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    return _by(_cases_closed(start, end), "outcome")


# --- NRM referrals and Duty to Notify reports ---------------------------------------------------


def _referrals(kinds: Iterable[str], start: datetime.date, end: datetime.date) -> QuerySet[Referral]:
    return Referral.objects.filter(kind__in=list(kinds), made_on__gte=start, made_on__lte=end)


def referrals_count(*, kinds: Iterable[str], start: datetime.date, end: datetime.date) -> int:
    return _referrals(kinds, start, end).count()


def referrals_by_kind(*, kinds: Iterable[str], start: datetime.date, end: datetime.date) -> dict[str, int]:
    return _by(_referrals(kinds, start, end), "kind")


def age_at_exploitation(prefix: str = "case__") -> Any:
    """Child, adult or unknown at the time of the exploitation (the Home Office's age groups), as a database
    expression on a model that reaches the case through ``prefix``.

    From the form's "under 18 at any time during the exploitation" answer (``child_at_exploitation`` always
    agrees with it: a database constraint holds them together). Where it was never asked, a case on the child
    route is a child's; anyone else's age then is not known (an adult now may have been a child then).
    """
    return Cases(
        When(**{f"{prefix}child_at_exploitation": True}, then=Value("child")),
        When(**{f"{prefix}child_at_exploitation": False}, then=Value("adult")),
        When(**{f"{prefix}route": Route.CHILD}, then=Value("child")),
        default=Value("unknown"), output_field=CharField(),
    )


def referrals_by_age_group(*, kind: str, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Referrals by the person's age when exploited (the Home Office's adult / child / not known)."""
    return _by(_referrals([kind], start, end).annotate(age_group=age_at_exploitation()), "age_group")


def referrals_by_gender(*, kind: str, start: datetime.date, end: datetime.date) -> dict[str, int]:
    return _by(_referrals([kind], start, end), "case__person__gender")


def referrals_by_age_group_and_gender(*, kind: str, start: datetime.date, end: datetime.date) -> dict[tuple[str, str], int]:
    rows = (_referrals([kind], start, end).annotate(age_group=age_at_exploitation()).order_by()
            .values("age_group", "case__person__gender").annotate(n=Count("pk")))
    return {(row["age_group"], row["case__person__gender"]): row["n"] for row in rows}


MORE_THAN_ONE_TYPE = "more_than_one"


def referrals_by_age_group_and_exploitation(*, kind: str, start: datetime.date,
                                            end: datetime.date) -> dict[tuple[str, str], int]:
    """Referrals by age when exploited and exploitation type, each referral in one cell, counted in the
    database: the case's type when it has exactly one, ``MORE_THAN_ONE_TYPE`` when it has several, not
    specified or unknown when none is recorded (so the table adds up to the referrals)."""
    types = CaseExploitation.objects.filter(case=OuterRef("case")).order_by().values("case")
    rows = (
        _referrals([kind], start, end)
        .annotate(age_group=age_at_exploitation(),
                  n_types=Subquery(types.annotate(n=Count("type", distinct=True)).values("n")[:1],
                                   output_field=IntegerField()),
                  lowest_type=Subquery(types.annotate(first=Min("type")).values("first")[:1], output_field=CharField()))
        .annotate(category=Cases(When(n_types__gt=1, then=Value(MORE_THAN_ONE_TYPE)),
                                 When(n_types=1, then=F("lowest_type")),
                                 default=Value(ExploitationType.UNKNOWN.value), output_field=CharField()))
        .order_by().values("age_group", "category").annotate(n=Count("pk"))
    )
    return {(row["age_group"], row["category"]): row["n"] for row in rows}


def referrals_by_where_exploited(*, kind: str, start: datetime.date, end: datetime.date) -> dict[str, int]:
    return _by(_referrals([kind], start, end), "case__where_exploited")


def referrals_by_exploitation(*, kind: str, start: datetime.date, end: datetime.date) -> dict[str, int]:
    return exploitation_types_of(Case.objects.filter(pk__in=_referrals([kind], start, end).values("case")))


# --- Consent, timings, decisions ----------------------------------------------------------------


def adults_asked_for_consent(*, start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """(adults asked for consent to an NRM referral in the period, how many of them gave it): each
    case once, consenting if any answer in the period was yes."""
    asked = ConsentRecord.objects.filter(case__route=Route.ADULT, explained_on__gte=start, explained_on__lte=end)
    result = asked.aggregate(
        asked=Count("case", distinct=True), consenting=Count("case", distinct=True, filter=Q(given=True)),
    )
    return result["asked"], result["consenting"]


def days_from_concern_to_nrm_referral(*, start: datetime.date, end: datetime.date) -> tuple[float | None, int]:
    """Median whole days from the case's first submitted concern to its NRM referral, over the NRM
    referrals made in the period. Left out: referrals of cases opened without a concern, and those
    whose first concern came after the referral (linked to the case later)."""
    first_concern = (
        Concern.objects.filter(case=OuterRef("case"), submitted_at__isnull=False)
        .order_by("submitted_at").annotate(day=TruncDate("submitted_at")).values("day")[:1]
    )
    referrals = (_referrals([ReferralKind.NRM], start, end)
                 .annotate(first_concern_on=Subquery(first_concern, output_field=DateField()))
                 .filter(first_concern_on__lte=F("made_on")))
    return median(referrals, DaysBetween(F("made_on"), F("first_concern_on")))


def days_waiting_for_rg(*, start: datetime.date, end: datetime.date) -> tuple[float | None, int]:
    """Median days from NRM referral to the reasonable grounds decision, over RG decisions made in the period."""
    cases = Case.objects.filter(rg_decided_on__gte=start, rg_decided_on__lte=end, nrm_referred_on__isnull=False)
    return median(cases, DaysBetween(F("rg_decided_on"), F("nrm_referred_on")))


def days_waiting_for_cg(*, start: datetime.date, end: datetime.date) -> tuple[float | None, int]:
    """Median days from NRM referral to the conclusive grounds decision, over CG decisions made in the period."""
    cases = Case.objects.filter(cg_decided_on__gte=start, cg_decided_on__lte=end, nrm_referred_on__isnull=False)
    return median(cases, DaysBetween(F("cg_decided_on"), F("nrm_referred_on")))


def waiting_for_rg_on(*, day: datetime.date) -> dict[str, int]:
    """Cases referred to the NRM by ``day`` with no reasonable grounds decision by then, by route."""
    waiting = Case.objects.filter(nrm_referred_on__lte=day).filter(Q(rg_decided_on__isnull=True) | Q(rg_decided_on__gt=day))
    return _by(waiting, "route")


def waiting_for_cg_on(*, day: datetime.date) -> dict[str, int]:
    """Cases with a positive reasonable grounds decision by ``day`` and no conclusive grounds decision by then, by route."""
    positive_rg = Decision.objects.filter(
        case=OuterRef("pk"), kind=DecisionKind.REASONABLE_GROUNDS, positive=True, decided_on__lte=day,
    )
    waiting = (Case.objects.filter(rg_decided_on__lte=day).filter(Q(cg_decided_on__isnull=True) | Q(cg_decided_on__gt=day))
               .filter(Exists(positive_rg)))
    return _by(waiting, "route")


def decisions_by_kind_and_outcome(*, start: datetime.date, end: datetime.date) -> dict[tuple[str, bool], int]:
    rows = (Decision.objects.filter(decided_on__gte=start, decided_on__lte=end).order_by()
            .values("kind", "positive").annotate(n=Count("pk")))
    return {(row["kind"], row["positive"]): row["n"] for row in rows}


# --- Support ------------------------------------------------------------------------------------


def support_in_place_by_kind(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Support services in place at any time in the period (started by its end, not ended before its start), by kind."""
    services = SupportService.objects.filter(started_on__lte=end).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    return _by(services, "kind")
