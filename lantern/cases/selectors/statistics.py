"""The breakdowns of the Home Office NRM statistics, from Lantern's case data alone (DOMAIN.md section 7).

Every count is made in the database (GROUP BY over non-identifying columns: the
route, the stage, gender, the exploitation rows, the referring agency, decision
dates); Python only labels the few grouped rows. Nothing identifying is read:
nationality is encrypted, so it is grouped by its keyed blind index
(``Person.nationality_index``), and each index is turned back into a label by
hashing the values of the Home Office form's nationality list with the same key
(see docs/decisions/0023-statistics-over-encrypted-nationality.md).

The population is the NRM referrals made in the period (``Referral.made_on``,
both ends included); one case has at most one NRM referral, so this counts
cases. Decisions are those made in the period, as the Home Office counts them.
The insights pages display these and suppress small numbers; the selectors give
the exact counts to those who may see aggregates (Capability.VIEW_AGGREGATES).

The age at exploitation is one definition shared with the KPIs
(``aggregates.age_at_exploitation``); the first responder organisation is read in
``_first_responder_groups``.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from lantern.accounts.capabilities import Capability
from lantern.accounts.models import AgencyType
from lantern.cases.models import (
    CompetentAuthority,
    Decision,
    DecisionKind,
    Gender,
    Referral,
    ReferralKind,
    WhereExploited,
)
from lantern.cases.selectors.aggregates import age_at_exploitation
from lantern.core import crypto
from lantern.core.aggregates import DaysBetween, median
from lantern.core.reference import ExploitationType, nationalities
from lantern.core.reference.choices import FirstResponderType
from lantern.core.reference.first_responders import organisation_type

NOT_KNOWN = "not_known"
NOT_DECIDED = "not_decided"
OTHER_NATIONALITY = "other"


# --- Keys -----------------------------------------------------------------------------------------------


def nationality_index(value: str) -> str:
    """The keyed blind index of a nationality ("" when none is recorded): HMAC under LANTERN_BLIND_INDEX_KEY,
    separated from name keys by its own label, so equal nationalities give equal indexes."""
    return crypto.blind_index("nationality", value) if value and value.strip() else ""


def _nationality_labels() -> dict[str, str]:
    """Index → label for every nationality on the Home Office form's list (recomputed per call: the key may
    change in tests; about 220 HMACs)."""
    return {nationality_index(value): label for value, label in nationalities()}


# --- Results --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


@dataclass
class Breakdown:
    """Counts by one characteristic, most first (ties by label). A referral may count in several rows where
    the characteristic has several values (exploitation types)."""

    rows: list[Row] = field(default_factory=list)

    def count(self, key: str) -> int:
        return next((row.count for row in self.rows if row.key == key), 0)

    def as_dict(self) -> dict[str, int]:
        return {row.key: row.count for row in self.rows}

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


@dataclass(frozen=True)
class Outcomes:
    positive: int
    negative: int

    @property
    def total(self) -> int:
        return self.positive + self.negative


@dataclass(frozen=True)
class Timing:
    """Days between two steps, over the decisions made in the period."""

    decisions: int
    median_days: float | None


@dataclass
class NrmStatistics:
    start: datetime.date
    end: datetime.date
    referrals: int
    by_competent_authority: Breakdown
    by_gender: Breakdown
    by_age_at_exploitation: Breakdown
    by_nationality: Breakdown
    by_exploitation_type: Breakdown
    by_where_exploited: Breakdown
    by_county_lines: Breakdown
    by_first_responder_type: Breakdown
    by_police_force: Breakdown
    by_local_authority: Breakdown
    rg_outcomes: Outcomes
    cg_outcomes: Outcomes
    reconsideration_outcomes: Outcomes
    referral_to_rg: Timing
    rg_to_cg: Timing
    duty_to_notify: int
    duty_to_notify_anonymous: int
    duty_to_notify_by_gender: Breakdown


# --- Helpers --------------------------------------------------------------------------------------------


def _breakdown(counts: Iterable[tuple[Any, int]], labels: dict[str, str]) -> Breakdown:
    totals: Counter[str] = Counter()
    for key, count in counts:
        totals[str(key)] += count
    rows = [Row(key, labels.get(key, key), count) for key, count in totals.items() if count]
    rows.sort(key=lambda row: (-row.count, row.label))
    return Breakdown(rows)


def _grouped(qs: QuerySet[Any], column: str) -> list[tuple[Any, int]]:
    """(value, count) per value of ``column``, counted in the database."""
    return [(row[column], row["n"]) for row in qs.order_by().values(column).annotate(n=Count("pk", distinct=True))]


def nrm_referrals(start: datetime.date, end: datetime.date) -> QuerySet[Referral]:
    """The NRM referrals made between ``start`` and ``end`` (both included)."""
    return Referral.objects.filter(kind=ReferralKind.NRM, made_on__range=(start, end))


# --- Stand-ins, one function each ------------------------------------------------------------------------


_AGENCY_TYPE_TO_FIRST_RESPONDER = {
    AgencyType.COUNCIL_SERVICE: FirstResponderType.LOCAL_AUTHORITY,
    AgencyType.POLICE: FirstResponderType.POLICE,
    AgencyType.HEALTH: FirstResponderType.HEALTH,
    AgencyType.VOLUNTARY: FirstResponderType.NGO,
    AgencyType.GOVERNMENT: FirstResponderType.OTHER_PUBLIC_BODY,
}


def _first_responder_groups(referrals: QuerySet[Referral]) -> list[tuple[str, FirstResponderType, int]]:
    """(organisation, its first responder type, referrals) per first responder organisation, counted in the
    database. The organisation is the one the referral names from the Home Office form's list
    (``Referral.first_responder_organisation``); for a referral recorded before that was asked, the
    referring agency: its value in the form's list when it has one, else its name. Each is classified from
    the reviewed list, by rule, then by the agency's type.
    """
    rows = (referrals.order_by().values("first_responder_organisation", "made_by_agency__first_responder_code",
                                        "made_by_agency__name", "made_by_agency__agency_type").annotate(n=Count("pk")))
    counts: dict[tuple[str, FirstResponderType], int] = {}
    for row in rows:
        organisation = (row["first_responder_organisation"] or row["made_by_agency__first_responder_code"]
                        or row["made_by_agency__name"])
        kind = organisation_type(organisation)
        if kind == FirstResponderType.OTHER:
            kind = _AGENCY_TYPE_TO_FIRST_RESPONDER.get(row["made_by_agency__agency_type"], FirstResponderType.OTHER)
        counts[(organisation, kind)] = counts.get((organisation, kind), 0) + row["n"]
    return [(organisation, kind, n) for (organisation, kind), n in counts.items()]


def _police_forces(referrals: QuerySet[Referral]) -> list[tuple[Any, int]]:
    """Referrals by police force: the case's police force where it is recorded (the referral questions);
    where it is not, the referring organisation when that is a police force; else not known."""
    counts: dict[Any, int] = {}
    for value, n in _grouped(referrals.exclude(case__police_force=""), "case__police_force"):
        counts[value] = counts.get(value, 0) + n
    for name, kind, n in _first_responder_groups(referrals.filter(case__police_force="")):
        key = name if kind == FirstResponderType.POLICE else NOT_KNOWN
        counts[key] = counts.get(key, 0) + n
    return list(counts.items())


# --- Timings ---------------------------------------------------------------------------------------------


def _median_days(decisions: QuerySet[Decision], since: str) -> Timing:
    """The median of (decided_on - ``since``) in days, over the decisions where ``since`` is known
    (lantern.core.aggregates.median: worked out in the database)."""
    median_days, count = median(decisions, DaysBetween(F("decided_on"), F(since)))
    return Timing(count, median_days)


def _outcomes(decisions: QuerySet[Decision]) -> Outcomes:
    counts = decisions.order_by().aggregate(n_positive=Count("pk", filter=Q(positive=True)),
                                            n_negative=Count("pk", filter=Q(positive=False)))
    return Outcomes(counts["n_positive"], counts["n_negative"])


# --- The statistics -------------------------------------------------------------------------------------


def nrm_statistics_for(*, user: Any, start: datetime.date, end: datetime.date) -> NrmStatistics:
    """The statistics for someone who may see aggregates across the partnership; refused to anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_AGGREGATES):
        raise PermissionDenied
    return nrm_statistics(start=start, end=end)


def nrm_referral_breakdowns(*, start: datetime.date, end: datetime.date) -> dict[str, Breakdown]:
    """The breakdowns of the NRM referrals made in a period (both ends included) that only these statistics
    give: ``competent_authority``, ``nationality``, ``first_responder_type``, ``county_lines``,
    ``police_force`` and ``local_authority``. Aggregates only, not access-checked: for the KPI registry
    (``lantern.cases.kpis``), whose outputs suppress small numbers, and for ``nrm_statistics``."""
    if end < start:
        raise ValueError("The period ends before it starts")
    referrals = nrm_referrals(start, end)
    first_rg = (Decision.objects.filter(case=OuterRef("case"), kind=DecisionKind.REASONABLE_GROUNDS)
                .order_by("decided_on", "pk").values("competent_authority")[:1])
    authority = referrals.annotate(authority=Subquery(first_rg))
    authorities = [(value or NOT_DECIDED, n) for value, n in _grouped(authority, "authority")]
    labels = _nationality_labels()
    nationality_rows = [(labels.get(index, OTHER_NATIONALITY) if index else NOT_KNOWN, n)
                        for index, n in _grouped(referrals, "case__person__nationality_index")]
    nationality_labels = {label: label for label in labels.values()} | {
        NOT_KNOWN: "Not known", OTHER_NATIONALITY: "Not on the form's list"}
    organisations = _first_responder_groups(referrals)
    county_lines = [("yes" if value else "no", n) for value, n in _grouped(referrals, "case__county_lines")]
    return {
        "competent_authority": _breakdown(authorities, {**dict(CompetentAuthority.choices),
                                                        NOT_DECIDED: "No decision yet"}),
        "nationality": _breakdown(nationality_rows, nationality_labels),
        "first_responder_type": _breakdown([(kind.value, n) for _name, kind, n in organisations],
                                           dict(FirstResponderType.choices)),
        "county_lines": _breakdown(county_lines, {"yes": "County lines", "no": "Not county lines"}),
        "police_force": _breakdown(_police_forces(referrals), {NOT_KNOWN: "Not known"}),
        "local_authority": _breakdown(
            [(name, n) for name, kind, n in organisations if kind == FirstResponderType.LOCAL_AUTHORITY], {}),
    }


def nrm_statistics(*, start: datetime.date, end: datetime.date) -> NrmStatistics:
    """Every breakdown for the NRM referrals, decisions and Duty to Notify reports of a period (both ends
    included). Not access-checked: callers go through nrm_statistics_for."""
    if end < start:
        raise ValueError("The period ends before it starts")
    referrals = nrm_referrals(start, end)
    total = referrals.count()
    found = nrm_referral_breakdowns(start=start, end=end)
    ages = _grouped(referrals.annotate(age=age_at_exploitation()), "age")
    types = [(value or ExploitationType.UNKNOWN, n) for value, n in _grouped(referrals, "case__exploitation__type")]

    decisions = Decision.objects.filter(decided_on__range=(start, end))
    rg = decisions.filter(kind=DecisionKind.REASONABLE_GROUNDS)
    cg = decisions.filter(kind=DecisionKind.CONCLUSIVE_GROUNDS)
    dtn = Referral.objects.filter(kind=ReferralKind.DUTY_TO_NOTIFY, made_on__range=(start, end))

    return NrmStatistics(
        start=start, end=end, referrals=total,
        by_competent_authority=found["competent_authority"],
        by_gender=_breakdown(_grouped(referrals, "case__person__gender"), dict(Gender.choices)),
        by_age_at_exploitation=_breakdown(ages, {"adult": "Adult", "child": "Child", "unknown": "Not known"}),
        by_nationality=found["nationality"],
        by_exploitation_type=_breakdown(types, dict(ExploitationType.choices)),
        by_where_exploited=_breakdown(_grouped(referrals, "case__where_exploited"), dict(WhereExploited.choices)),
        by_county_lines=found["county_lines"],
        by_first_responder_type=found["first_responder_type"],
        by_police_force=found["police_force"],
        by_local_authority=found["local_authority"],
        rg_outcomes=_outcomes(rg),
        cg_outcomes=_outcomes(cg),
        reconsideration_outcomes=_outcomes(decisions.filter(kind=DecisionKind.RECONSIDERATION)),
        referral_to_rg=_median_days(rg, "case__nrm_referred_on"),
        rg_to_cg=_median_days(cg, "case__rg_decided_on"),
        duty_to_notify=dtn.count(),
        duty_to_notify_anonymous=dtn.filter(anonymous=True).count(),
        duty_to_notify_by_gender=_breakdown(_grouped(dtn, "case__person__gender"), dict(Gender.choices)),
    )


__all__ = ["Breakdown", "NrmStatistics", "Outcomes", "Row", "Timing", "nationality_index", "nrm_referral_breakdowns",
           "nrm_referrals", "nrm_statistics", "nrm_statistics_for"]
