"""The KPIs of concerns and cases, registered with insight through the app's config (``KPIS``).

Each is computed by ``lantern.cases.selectors.aggregates`` and ``lantern.cases.selectors.statistics``
(the Home Office NRM statistics' breakdowns: competent authority, nationality, first responder
organisation type, county lines, police force, local authority) from non-identifying columns only.

The KPIs also place their figures in the "National Referral Mechanism statistics" section
(``NRM_STATISTICS``), laid out as the Home Office publishes its NRM statistics (DOMAIN.md section 7):
the board report shows that section from whatever is registered here.
"""

from typing import Any

from lantern.cases.models import (
    CaseOutcome,
    CompetentAuthority,
    DecisionKind,
    Gender,
    ReferralKind,
    Route,
    SupportKind,
    WhereExploited,
)
from lantern.cases.selectors import aggregates as agg
from lantern.cases.selectors import statistics as stats
from lantern.core.kpis import (
    Breakdown,
    Direction,
    Kpi,
    KpiResult,
    Rag,
    StatisticsSection,
    StatisticsTable,
    Unit,
    one_way,
    two_way,
)
from lantern.core.periods import Period
from lantern.core.reference import ExploitationType, Objective
from lantern.core.reference.choices import FirstResponderType

NRM_STATISTICS = StatisticsSection(
    "nrm", "National Referral Mechanism statistics",
    "The quarter's NRM referrals, Duty to Notify reports and Home Office decisions, laid out as the Home Office "
    "publishes its national NRM statistics so that they can be read beside them.",
)
# Nationalities shown on their own row, always (a zero included): those most referred in the Home Office's
# national statistics. Every other nationality is grouped, so that a table never reveals that someone of a
# rare nationality was referred here in a period.
NATIONALITY_GROUPS = ("British", "Albanian", "Vietnamese", "Eritrean", "Sudanese", "Romanian", "Indian", "Chinese",
                      "Afghan", "Iranian", "Iraqi", "Nigerian")
OTHER_NATIONALITIES = "Other nationalities"

# Each referral under one type: its only type, "more than one type", or not specified or unknown (last).
EXPLOITATION_CATEGORIES = [
    *((value, label) for value, label in ExploitationType.choices if value != ExploitationType.UNKNOWN),
    (agg.MORE_THAN_ONE_TYPE, "More than one type"),
    (ExploitationType.UNKNOWN.value, ExploitationType.UNKNOWN.label),
]


def _choices(choices: type) -> list[tuple[str, str]]:
    return list(choices.choices)  # type: ignore[attr-defined]


def concerns_raised(period: Period) -> KpiResult:
    span: dict[str, Any] = {"start": period.start, "end": period.end}
    return KpiResult(agg.concerns_raised_count(**span), breakdowns=(
        one_way("by-agency", "By the agency that raised them", "Agency", agg.concerns_raised_by_agency(**span)),
        one_way("by-ward", "By ward", "Ward", agg.concerns_raised_by_ward(**span)),
    ))


def cases_opened(period: Period) -> KpiResult:
    span: dict[str, Any] = {"start": period.start, "end": period.end}
    return KpiResult(agg.cases_opened_count(**span), breakdowns=(
        one_way("by-route", "By route", "Route", agg.cases_opened_by_route(**span), labels=_choices(Route)),
        one_way("by-exploitation", "By exploitation type (a case may have several)", "Exploitation type",
                agg.cases_opened_by_exploitation(**span), labels=_choices(ExploitationType), partitions=False),
    ))


def _referral_statistics(kind: str, period: Period, *, by_age: bool) -> KpiResult:
    span: dict[str, Any] = {"kind": kind, "start": period.start, "end": period.end}
    breakdowns = []
    if by_age:
        breakdowns.append(one_way("by-age-group", "By age when exploited", "Age group", agg.referrals_by_age_group(**span),
                                  labels=agg.AGE_GROUPS))
    breakdowns += [
        one_way("by-gender", "By gender", "Gender", agg.referrals_by_gender(**span), labels=_choices(Gender)),
        one_way("by-exploitation", "By exploitation type (a person may have several)", "Exploitation type",
                agg.referrals_by_exploitation(**span), labels=_choices(ExploitationType), partitions=False),
        one_way("by-where-exploited", "By where exploited", "Where exploited", agg.referrals_by_where_exploited(**span),
                labels=_choices(WhereExploited)),
    ]
    if by_age:
        breakdowns.append(two_way("by-age-and-gender", "By age when exploited and gender", "Age group",
                                  agg.referrals_by_age_group_and_gender(**span), rows=agg.AGE_GROUPS,
                                  columns=_choices(Gender)))
        breakdowns.append(two_way("by-age-and-exploitation", "By age when exploited and exploitation type (each "
                                  "person once: several types count as more than one type)", "Age group",
                                  agg.referrals_by_age_group_and_exploitation(**span), rows=agg.AGE_GROUPS,
                                  columns=EXPLOITATION_CATEGORIES))
    return KpiResult(agg.referrals_count(kinds=[kind], start=period.start, end=period.end), breakdowns=tuple(breakdowns))


def _home_office_breakdowns(period: Period) -> tuple[Breakdown, ...]:
    """The NRM referrals' breakdowns that the Home Office statistics selectors give (each referral in one row,
    except local authorities: only the referrals a local authority made)."""
    found = stats.nrm_referral_breakdowns(start=period.start, end=period.end)

    def by_key(name: str) -> dict[str, int]:
        return {row.key: row.count for row in found[name].rows}

    def by_label(name: str) -> dict[str, int]:  # most first, one row per value found in the period
        return {row.label: row.count for row in found[name].rows}

    nationality: dict[str, int] = {}
    for row in found["nationality"].rows:
        group = row.key if row.key in NATIONALITY_GROUPS or row.key == stats.NOT_KNOWN else OTHER_NATIONALITIES
        nationality[group] = nationality.get(group, 0) + row.count

    return (
        one_way("by-competent-authority", "By the competent authority of the first reasonable grounds decision",
                "Competent authority", by_key("competent_authority"),
                labels=[*_choices(CompetentAuthority), (stats.NOT_DECIDED, "No decision yet")]),
        one_way("by-nationality", "By nationality (those most referred nationally; the others grouped)",
                "Nationality", nationality, labels=[*((n, n) for n in NATIONALITY_GROUPS),
                                                    (OTHER_NATIONALITIES, OTHER_NATIONALITIES),
                                                    (stats.NOT_KNOWN, "Not known")]),
        one_way("by-first-responder", "By first responder organisation type", "First responder organisation",
                by_key("first_responder_type"), labels=_choices(FirstResponderType)),
        one_way("by-county-lines", "By county lines flag", "County lines", by_key("county_lines"),
                labels=[("yes", "County lines"), ("no", "Not county lines")]),
        one_way("by-police-force", "By police force", "Police force", by_label("police_force")),
        one_way("by-local-authority", "Made by a local authority, by authority", "Local authority",
                by_label("local_authority"), partitions=False),
    )


def nrm_referrals(period: Period) -> KpiResult:
    result = _referral_statistics(ReferralKind.NRM, period, by_age=True)
    return KpiResult(result.value, breakdowns=result.breakdowns + _home_office_breakdowns(period))


def duty_to_notify_reports(period: Period) -> KpiResult:
    return _referral_statistics(ReferralKind.DUTY_TO_NOTIFY, period, by_age=False)


def adults_consenting(period: Period) -> KpiResult:
    asked, consenting = agg.adults_asked_for_consent(start=period.start, end=period.end)
    value = round(100 * consenting / asked, 1) if asked else None
    return KpiResult(value, base=asked, breakdowns=(
        one_way("answers", "Adults asked, by their answer", "Answer",
                {"yes": consenting, "no": asked - consenting},
                labels=[("yes", "Consented to an NRM referral"), ("no", "Did not consent (Duty to Notify instead)")]),
    ))


def _median(measured: tuple[float | None, int]) -> KpiResult:
    value, base = measured
    return KpiResult(None if value is None else round(value, 1), base=base)


def days_concern_to_referral(period: Period) -> KpiResult:
    return _median(agg.days_from_concern_to_nrm_referral(start=period.start, end=period.end))


def days_waiting_rg(period: Period) -> KpiResult:
    return _median(agg.days_waiting_for_rg(start=period.start, end=period.end))


def days_waiting_cg(period: Period) -> KpiResult:
    return _median(agg.days_waiting_for_cg(start=period.start, end=period.end))


def waiting_rg(period: Period) -> KpiResult:
    by_route = agg.waiting_for_rg_on(day=period.end)
    return KpiResult(sum(by_route.values()), breakdowns=(
        one_way("by-route", "By route", "Route", by_route, labels=_choices(Route)),
    ))


def waiting_cg(period: Period) -> KpiResult:
    by_route = agg.waiting_for_cg_on(day=period.end)
    return KpiResult(sum(by_route.values()), breakdowns=(
        one_way("by-route", "By route", "Route", by_route, labels=_choices(Route)),
    ))


def decision_outcomes(period: Period) -> KpiResult:
    counts = agg.decisions_by_kind_and_outcome(start=period.start, end=period.end)
    return KpiResult(sum(counts.values()), breakdowns=(
        two_way("by-kind-and-outcome", "By decision and outcome", "Decision", counts,
                rows=_choices(DecisionKind), columns=[(True, "Positive"), (False, "Negative")]),
    ))


SAFEGUARDING_KINDS = (ReferralKind.ADULT_SAFEGUARDING, ReferralKind.CHILDRENS_SOCIAL_CARE)


def safeguarding_referrals(period: Period) -> KpiResult:
    span: dict[str, Any] = {"kinds": SAFEGUARDING_KINDS, "start": period.start, "end": period.end}
    return KpiResult(agg.referrals_count(**span), breakdowns=(
        one_way("by-kind", "By where the referral went", "Referral", agg.referrals_by_kind(**span),
                labels=[(k.value, k.label) for k in SAFEGUARDING_KINDS]),
    ))


def support_in_place(period: Period) -> KpiResult:
    by_kind = agg.support_in_place_by_kind(start=period.start, end=period.end)
    return KpiResult(sum(by_kind.values()), breakdowns=(
        one_way("by-kind", "By kind of support", "Support", by_kind, labels=_choices(SupportKind)),
    ))


def cases_closed(period: Period) -> KpiResult:
    by_outcome = agg.cases_closed_by_outcome(start=period.start, end=period.end)
    return KpiResult(sum(by_outcome.values()), breakdowns=(
        one_way("by-outcome", "By outcome", "Outcome", by_outcome, labels=_choices(CaseOutcome)),
    ))


def _nrm(title: str, order: int, breakdown: str = "") -> StatisticsTable:
    return StatisticsTable(NRM_STATISTICS, title, order, breakdown)


NRM_REFERRAL_TABLES = (
    _nrm("NRM referrals", 1),
    _nrm("Referrals by age at exploitation", 10, "by-age-group"),
    _nrm("Referrals by age at exploitation and gender", 11, "by-age-and-gender"),
    _nrm("Referrals by age at exploitation and exploitation type", 12, "by-age-and-exploitation"),
    _nrm("Referrals by exploitation type (a person may have several)", 13, "by-exploitation"),
    _nrm("Referrals by nationality", 14, "by-nationality"),
    _nrm("Referrals by where exploited (UK, overseas or both)", 15, "by-where-exploited"),
    _nrm("Referrals flagged as county lines", 16, "by-county-lines"),
    _nrm("Referrals by first responder organisation type", 17, "by-first-responder"),
    _nrm("Referrals by competent authority (SCA or IECA)", 18, "by-competent-authority"),
    _nrm("Referrals by police force", 19, "by-police-force"),
    _nrm("Referrals made by local authorities", 20, "by-local-authority"),
)
DUTY_TO_NOTIFY_TABLES = (
    _nrm("Duty to Notify reports", 2),
    _nrm("Duty to Notify reports by gender", 40, "by-gender"),
    _nrm("Duty to Notify reports by exploitation type", 41, "by-exploitation"),
)

OBJ = Objective
KPIS = (
    Kpi("concerns-raised", "Concerns raised", "Concerns submitted by frontline workers in the period (drafts left out).",
        OBJ.ADULT_VICTIMS, Unit.COUNT, concerns_raised),
    Kpi("cases-opened", "Cases opened", "Cases opened in the period, by route and exploitation type.",
        OBJ.ADULT_VICTIMS, Unit.COUNT, cases_opened),
    Kpi("nrm-referrals", "NRM referrals", "National Referral Mechanism referrals made in the period.",
        OBJ.ADULT_VICTIMS, Unit.COUNT, nrm_referrals, statistics=NRM_REFERRAL_TABLES),
    Kpi("duty-to-notify", "Duty to Notify reports", "Duty to Notify reports made in the period (adults who did not "
        "consent to an NRM referral).", OBJ.ADULT_VICTIMS, Unit.COUNT, duty_to_notify_reports,
        statistics=DUTY_TO_NOTIFY_TABLES),
    Kpi("adults-consenting", "Adults consenting to an NRM referral", "Of the adults asked for consent in the period, "
        "the share who gave it.", OBJ.ADULT_VICTIMS, Unit.PERCENTAGE, adults_consenting),
    Kpi("days-concern-to-referral", "Days from concern to NRM referral", "Median days from a case's first concern to "
        "its NRM referral, over the referrals made in the period.", OBJ.ADULT_VICTIMS, Unit.DAYS, days_concern_to_referral,
        direction=Direction.LOWER_IS_BETTER),
    Kpi("days-waiting-rg", "Days waiting for a reasonable grounds decision", "Median days from NRM referral to the "
        "reasonable grounds decision, over the decisions made in the period.", OBJ.ADULT_VICTIMS, Unit.DAYS,
        days_waiting_rg, direction=Direction.LOWER_IS_BETTER, target=7, rag=Rag(green=7, amber=30),
        statistics=(_nrm("Median days from referral to reasonable grounds decision", 31),),
        note="The Home Office aims to decide reasonable grounds about 5 working days after referral (7 days here); "
             "beyond 30 days is red."),
    Kpi("waiting-rg", "Waiting for a reasonable grounds decision", "Cases referred to the NRM with no reasonable grounds "
        "decision at the end of the period.", OBJ.ADULT_VICTIMS, Unit.COUNT, waiting_rg, direction=Direction.LOWER_IS_BETTER),
    Kpi("days-waiting-cg", "Days waiting for a conclusive grounds decision", "Median days from NRM referral to the "
        "conclusive grounds decision, over the decisions made in the period.", OBJ.ADULT_VICTIMS, Unit.DAYS,
        days_waiting_cg, direction=Direction.LOWER_IS_BETTER,
        statistics=(_nrm("Median days from referral to conclusive grounds decision", 32),)),
    Kpi("waiting-cg", "Waiting for a conclusive grounds decision", "Cases with a positive reasonable grounds decision "
        "and no conclusive grounds decision at the end of the period.", OBJ.ADULT_VICTIMS, Unit.COUNT, waiting_cg,
        direction=Direction.LOWER_IS_BETTER),
    Kpi("decision-outcomes", "Home Office decisions", "Reasonable grounds, conclusive grounds and reconsideration "
        "decisions received in the period, positive and negative.", OBJ.ADULT_VICTIMS, Unit.COUNT, decision_outcomes,
        statistics=(_nrm("Reasonable and conclusive grounds decisions", 30, "by-kind-and-outcome"),)),
    Kpi("safeguarding-referrals", "Safeguarding referrals", "Adult safeguarding and children's social care referrals "
        "made in the period.", OBJ.CHILD_VICTIMS, Unit.COUNT, safeguarding_referrals),
    Kpi("support-in-place", "Support services in place", "Support services in place at any time in the period.",
        OBJ.ADULT_VICTIMS, Unit.COUNT, support_in_place),
    Kpi("cases-closed", "Cases closed", "Cases closed in the period, by outcome.", OBJ.ADULT_VICTIMS, Unit.COUNT,
        cases_closed),
)
