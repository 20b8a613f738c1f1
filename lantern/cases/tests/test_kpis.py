"""The KPIs of concerns and cases, each computed on hand-built records with known answers.

The quarter is 2026-Q3 (1 July to 30 September 2026); records on its first and last days count in it,
and those a day either side do not. The same tests run on SQLite and PostgreSQL (the medians are
computed differently on each: the answers must agree).
"""

import datetime
import zoneinfo

import pytest

from lantern.accounts.models import Agency
from lantern.cases.models import (
    CaseExploitation,
    CaseOutcome,
    CaseStatus,
    CompetentAuthority,
    ConcernStatus,
    ConsentRecord,
    Decision,
    DecisionKind,
    Gender,
    Referral,
    ReferralKind,
    Route,
    SupportKind,
    SupportService,
    WhereExploited,
)
from lantern.cases.tests.factories import AgencyFactory, CaseFactory, ConcernFactory, PersonFactory
from lantern.core.kpis import kpi_get, kpis_all
from lantern.core.periods import parse
from lantern.partnership.models import Area

pytestmark = pytest.mark.django_db

D = datetime.date
Q3 = parse("2026-Q3")
LONDON = zoneinfo.ZoneInfo("Europe/London")


def result(slug, period=Q3):
    kpi = kpi_get(slug)
    assert kpi is not None, f"{slug} is not registered"
    return kpi.compute(period)


def table(slug, name, period=Q3):
    breakdown = next(b for b in result(slug, period).breakdowns if b.slug == name)
    if breakdown.two_way:
        return {(r, c): breakdown.grid[i][j] for i, r in enumerate(breakdown.rows) for j, c in enumerate(breakdown.columns)}
    return dict(zip(breakdown.rows, breakdown.counts, strict=True))


@pytest.fixture
def agency() -> Agency:
    return AgencyFactory(name="Sandwell Council Adult Social Care")


def referral(case, kind, made_on, agency):
    return Referral.objects.create(case=case, kind=kind, made_on=made_on, made_by_agency=agency)


def test_every_cases_kpi_is_registered_through_the_app():
    slugs = {kpi.slug for kpi in kpis_all()}
    assert {"concerns-raised", "cases-opened", "nrm-referrals", "duty-to-notify", "adults-consenting",
            "days-concern-to-referral", "days-waiting-rg", "waiting-rg", "days-waiting-cg", "waiting-cg",
            "decision-outcomes", "safeguarding-referrals", "support-in-place", "cases-closed"} <= slugs


def test_an_empty_period_counts_nothing_and_measures_nothing():
    empty = parse("2019-Q1")
    for kpi in kpis_all():
        figure = kpi.compute(empty)
        if kpi.is_count:
            assert figure.value == 0, kpi.slug
        else:
            assert figure.value is None, kpi.slug
        for breakdown in figure.breakdowns:
            assert sum(breakdown.counts) + sum(map(sum, breakdown.grid)) == 0


def test_concerns_raised_count_on_the_local_day_they_were_submitted_by_agency_and_ward():
    police = AgencyFactory(name="West Midlands Police")
    ward = Area.objects.create(name="Tipton Green")
    in_q3 = [
        datetime.datetime(2026, 7, 1, 0, 30, tzinfo=LONDON),  # first day (still 30 June in UTC)
        datetime.datetime(2026, 8, 10, 12, 0, tzinfo=LONDON),
        datetime.datetime(2026, 9, 30, 23, 30, tzinfo=LONDON),  # last day
    ]
    for when in in_q3:
        ConcernFactory(submitted_at=when, area=ward)
    concern = ConcernFactory(submitted_at=datetime.datetime(2026, 8, 1, 9, 0, tzinfo=LONDON))
    concern.raised_by_agency = police
    concern.save()
    ConcernFactory(submitted_at=datetime.datetime(2026, 10, 1, 0, 10, tzinfo=LONDON))  # the next quarter
    ConcernFactory(submitted_at=datetime.datetime(2026, 6, 30, 23, 50, tzinfo=LONDON))  # the one before
    ConcernFactory(status=ConcernStatus.DRAFT, submitted_at=None)  # a draft is not raised

    assert result("concerns-raised").value == 4
    assert table("concerns-raised", "by-ward") == {"Tipton Green": 3, "Not recorded": 1}
    by_agency = table("concerns-raised", "by-agency")
    assert by_agency["West Midlands Police"] == 1
    assert sum(by_agency.values()) == 4
    assert result("concerns-raised", parse("2026-Q4")).value == 1
    assert result("concerns-raised", parse("2026-06")).value == 1


def test_cases_opened_by_route_and_exploitation_type():
    CaseFactory(opened_on=D(2026, 7, 1), route=Route.ADULT, types=["labour", "criminal"])
    CaseFactory(opened_on=D(2026, 9, 30), route=Route.CHILD, types=["criminal"])
    CaseFactory(opened_on=D(2026, 8, 15), route=Route.AGE_UNCERTAIN)
    CaseFactory(opened_on=D(2026, 6, 30), route=Route.ADULT, types=["labour"])  # not in Q3

    assert result("cases-opened").value == 3
    assert table("cases-opened", "by-route") == {"Adult": 1, "Child": 1, "Age uncertain (treated as a child)": 1}
    by_type = table("cases-opened", "by-exploitation")
    assert by_type["Labour"] == 1
    assert by_type["Criminal"] == 2
    assert by_type["Sexual"] == 0


def test_nrm_referrals_and_duty_to_notify_reports_with_the_home_office_breakdowns(agency):
    woman_child = CaseFactory(route=Route.CHILD, person=PersonFactory(gender=Gender.FEMALE), child_at_exploitation=True,
                              under_18_during_exploitation="yes",
                              where_exploited=WhereExploited.UK, types=["sexual"])
    man = CaseFactory(person=PersonFactory(gender=Gender.MALE), child_at_exploitation=False,
                      under_18_during_exploitation="no",
                      where_exploited=WhereExploited.BOTH, types=["labour", "criminal"])
    unknown = CaseFactory(person=PersonFactory(gender=Gender.MALE), types=["labour"])
    late = CaseFactory(person=PersonFactory(gender=Gender.FEMALE))
    referral(woman_child, ReferralKind.NRM, D(2026, 7, 1), agency)
    referral(man, ReferralKind.NRM, D(2026, 9, 30), agency)  # the last day of the quarter counts in it
    referral(unknown, ReferralKind.NRM, D(2026, 8, 3), agency)
    referral(late, ReferralKind.NRM, D(2026, 10, 1), agency)  # the first day of the next
    dtn = CaseFactory(person=PersonFactory(gender=Gender.FEMALE), where_exploited=WhereExploited.UK, types=["domestic_servitude"])
    referral(dtn, ReferralKind.DUTY_TO_NOTIFY, D(2026, 9, 1), agency)

    assert result("nrm-referrals").value == 3
    assert result("nrm-referrals", parse("2026-Q4")).value == 1
    assert table("nrm-referrals", "by-age-group") == {"Child (under 18 when exploited)": 1, "Adult": 1, "Not known": 1}
    assert table("nrm-referrals", "by-gender") == {"Female": 1, "Male": 2, "Does not identify as male or female": 0,
                                                  "Not known": 0}
    assert table("nrm-referrals", "by-where-exploited") == {"UK": 1, "Overseas": 0, "UK and overseas": 1, "Not known": 1}
    assert table("nrm-referrals", "by-exploitation")["Labour"] == 2
    grid = table("nrm-referrals", "by-age-and-gender")
    assert grid[("Child (under 18 when exploited)", "Female")] == 1
    assert grid[("Not known", "Male")] == 1
    assert sum(grid.values()) == 3
    # Each person once by age and exploitation type: the man's two types count as more than one type.
    by_type = table("nrm-referrals", "by-age-and-exploitation")
    assert by_type[("Child (under 18 when exploited)", "Sexual")] == 1
    assert by_type[("Adult", "More than one type")] == 1
    assert by_type[("Adult", "Labour")] == 0
    assert by_type[("Not known", "Labour")] == 1
    assert sum(by_type.values()) == 3
    # The Home Office statistics' own breakdowns: every person is Romanian (the factory's), none county lines.
    by_nationality = table("nrm-referrals", "by-nationality")
    assert by_nationality["Romanian"] == 3 and by_nationality["Albanian"] == 0  # the main nationalities always listed
    assert sum(by_nationality.values()) == 3
    assert table("nrm-referrals", "by-county-lines") == {"County lines": 0, "Not county lines": 3}
    assert table("nrm-referrals", "by-competent-authority")["No decision yet"] == 3
    assert sum(table("nrm-referrals", "by-first-responder").values()) == 3
    assert sum(table("nrm-referrals", "by-police-force").values()) == 3

    assert result("duty-to-notify").value == 1
    assert table("duty-to-notify", "by-gender")["Female"] == 1
    assert table("duty-to-notify", "by-exploitation")["Domestic servitude"] == 1


def test_the_share_of_adults_consenting_counts_each_adult_once(agency):
    def ask(case, given, on):
        ConsentRecord.objects.create(case=case, given=given, explained_by=case.lead_worker, explained_on=on,
                                     language="English")

    yes, no, changed_mind, earlier = (CaseFactory() for _ in range(4))
    ask(yes, True, D(2026, 7, 2))
    ask(no, False, D(2026, 8, 2))
    ask(changed_mind, False, D(2026, 8, 2))
    ask(changed_mind, True, D(2026, 9, 30))
    ask(earlier, True, D(2026, 6, 30))

    figure = result("adults-consenting")
    assert figure.base == 3
    assert figure.value == pytest.approx(66.7)
    assert table("adults-consenting", "answers") == {"Consented to an NRM referral": 2,
                                                       "Did not consent (Duty to Notify instead)": 1}


def test_median_days_from_concern_to_referral(agency):
    # Days from first concern to referral: 2, 4, 10, 20 (an even count: the mean of the middle two, 7).
    for days in (2, 4, 10, 20):
        case = CaseFactory()
        made_on = D(2026, 8, 25)
        submitted = datetime.datetime.combine(made_on - datetime.timedelta(days=days), datetime.time(23, 30), LONDON)
        ConcernFactory(case=case, status=ConcernStatus.CASE_OPENED, submitted_at=submitted)
        ConcernFactory(case=case, status=ConcernStatus.LINKED, submitted_at=submitted + datetime.timedelta(days=1))
        referral(case, ReferralKind.NRM, made_on, agency)
    assert (result("days-concern-to-referral").value, result("days-concern-to-referral").base) == (7.0, 4)
    no_concern = CaseFactory()  # opened directly: left out
    referral(no_concern, ReferralKind.NRM, D(2026, 8, 25), agency)
    linked_later = CaseFactory()  # its only concern came after the referral: left out
    referral(linked_later, ReferralKind.NRM, D(2026, 8, 1), agency)
    ConcernFactory(case=linked_later, status=ConcernStatus.LINKED,
                   submitted_at=datetime.datetime(2026, 8, 20, 10, 0, tzinfo=LONDON))
    same_day = CaseFactory()  # the same day: 0 days, counted (now 0, 2, 4, 10 and 20: the middle one, 4)
    referral(same_day, ReferralKind.NRM, D(2026, 8, 25), agency)
    ConcernFactory(case=same_day, status=ConcernStatus.CASE_OPENED,
                   submitted_at=datetime.datetime(2026, 8, 25, 8, 0, tzinfo=LONDON))

    figure = result("days-concern-to-referral")
    assert figure.value == 4.0
    assert figure.base == 5


def test_median_days_waiting_for_decisions_and_how_many_are_waiting():
    def referred(on, rg=None, cg=None, positive_rg=True, route=Route.ADULT):
        case = CaseFactory(route=route, nrm_referred_on=on, rg_decided_on=rg, cg_decided_on=cg)
        if rg:
            Decision.objects.create(case=case, kind=DecisionKind.REASONABLE_GROUNDS, decided_on=rg, positive=positive_rg,
                                    competent_authority=CompetentAuthority.SCA)
        return case

    referred(D(2026, 6, 1), rg=D(2026, 7, 1))  # 30 days
    referred(D(2026, 6, 1), rg=D(2026, 7, 16), cg=D(2026, 9, 30))  # 45 days to RG; 121 days to CG
    referred(D(2026, 7, 1), rg=D(2026, 8, 30))  # 60 days
    referred(D(2026, 8, 1), rg=D(2026, 10, 15))  # decided after the quarter: waiting on 30 September
    referred(D(2026, 9, 1), route=Route.CHILD)  # no decision yet: waiting
    referred(D(2026, 5, 1), rg=D(2026, 6, 1), positive_rg=False)  # negative RG: not waiting for a CG

    rg = result("days-waiting-rg")
    assert (rg.value, rg.base) == (45.0, 3)
    cg = result("days-waiting-cg")
    assert (cg.value, cg.base) == (121.0, 1)
    assert result("waiting-rg").value == 2
    assert table("waiting-rg", "by-route") == {"Adult": 1, "Child": 1, "Age uncertain (treated as a child)": 0}
    # Positive RG by 30 September and no CG by then: the first and the third.
    assert result("waiting-cg").value == 2
    # As at the end of June, only the one referred in June and decided in July was waiting for RG.
    assert result("waiting-rg", parse("2026-06")).value == 2


def test_decision_outcomes_by_kind_and_outcome():
    case = CaseFactory()
    for kind, positive, on in [
        (DecisionKind.REASONABLE_GROUNDS, True, D(2026, 7, 1)),
        (DecisionKind.REASONABLE_GROUNDS, False, D(2026, 9, 30)),
        (DecisionKind.CONCLUSIVE_GROUNDS, True, D(2026, 8, 1)),
        (DecisionKind.RECONSIDERATION, True, D(2026, 10, 1)),
    ]:
        Decision.objects.create(case=case, kind=kind, positive=positive, decided_on=on,
                                competent_authority=CompetentAuthority.SCA)
    assert result("decision-outcomes").value == 3
    grid = table("decision-outcomes", "by-kind-and-outcome")
    assert grid[("Reasonable grounds", "Positive")] == 1
    assert grid[("Reasonable grounds", "Negative")] == 1
    assert grid[("Conclusive grounds", "Positive")] == 1
    assert grid[("Reconsideration", "Positive")] == 0


def test_safeguarding_referrals_support_in_place_and_cases_closed(agency):
    case = CaseFactory()
    referral(case, ReferralKind.ADULT_SAFEGUARDING, D(2026, 7, 5), agency)
    referral(case, ReferralKind.CHILDRENS_SOCIAL_CARE, D(2026, 9, 30), agency)
    referral(case, ReferralKind.ICTG, D(2026, 8, 1), agency)  # not a safeguarding referral
    assert result("safeguarding-referrals").value == 2

    def support(kind, start, end=None):
        SupportService.objects.create(case=case, kind=kind, provider="Provider", started_on=start, ended_on=end)

    support(SupportKind.ACCOMMODATION, D(2026, 1, 1))  # still going
    support(SupportKind.HEALTH, D(2026, 5, 1), D(2026, 7, 1))  # ended on the first day: was in place
    support(SupportKind.LEGAL, D(2026, 5, 1), D(2026, 6, 30))  # ended before
    support(SupportKind.LEGAL, D(2026, 10, 1))  # started after
    assert result("support-in-place").value == 2
    assert table("support-in-place", "by-kind")["Accommodation"] == 1

    CaseFactory(status=CaseStatus.CLOSED, closed_on=D(2026, 9, 30), outcome=CaseOutcome.MOVED_ON)
    CaseFactory(status=CaseStatus.CLOSED, closed_on=D(2026, 7, 1), outcome=CaseOutcome.DISENGAGED)
    CaseFactory(status=CaseStatus.CLOSED, closed_on=D(2026, 10, 1), outcome=CaseOutcome.MOVED_ON)
    assert result("cases-closed").value == 2
    assert table("cases-closed", "by-outcome")["Supported and moved on"] == 1


def test_exploitation_rows_overlap_so_that_table_has_no_total():
    case = CaseFactory(opened_on=D(2026, 8, 1))
    CaseExploitation.objects.create(case=case, type="sexual")
    breakdown = next(b for b in result("cases-opened").breakdowns if b.slug == "by-exploitation")
    assert not breakdown.partitions


def test_every_table_that_partitions_a_count_adds_up_to_it(agency):
    """Suppression protects such a table together with the headline as its total, so it must be one."""
    for n, route in enumerate([Route.ADULT, Route.CHILD, Route.ADULT]):
        case = CaseFactory(route=route, opened_on=D(2026, 8, 1), child_at_exploitation=bool(n % 2),
                           under_18_during_exploitation="yes" if n % 2 else "no", types=["labour"])
        referral(case, ReferralKind.NRM, D(2026, 8, 2), agency)
        referral(case, ReferralKind.ADULT_SAFEGUARDING, D(2026, 8, 2), agency)
        ConcernFactory(case=case, status=ConcernStatus.CASE_OPENED, submitted_at=datetime.datetime(2026, 7, 20, 10, 0, tzinfo=LONDON))
        Decision.objects.create(case=case, kind=DecisionKind.REASONABLE_GROUNDS, positive=bool(n % 2),
                                decided_on=D(2026, 9, 1), competent_authority=CompetentAuthority.SCA)
    for kpi in kpis_all():
        figure = kpi.compute(Q3)
        for breakdown in figure.breakdowns:
            if not kpi.is_count or not breakdown.partitions:
                continue
            total = sum(map(sum, breakdown.grid)) if breakdown.two_way else sum(breakdown.counts)
            assert total == figure.value, f"{kpi.slug} {breakdown.slug}"


def test_reasonable_grounds_waits_have_a_target_and_rag_thresholds():
    kpi = kpi_get("days-waiting-rg")
    assert kpi.target == 7
    assert [kpi.status(v) for v in (5, 7, 8, 30, 31)] == ["green", "green", "amber", "amber", "red"]


def test_a_rare_nationality_is_counted_in_a_group_never_on_a_row_of_its_own(agency):
    for nationality in ("Bhutanese", "Albanian", "", "Atlantean"):
        case = CaseFactory(person=PersonFactory(nationality=nationality))
        referral(case, ReferralKind.NRM, D(2026, 8, 3), agency)
    by_nationality = table("nrm-referrals", "by-nationality")
    assert "Bhutanese" not in by_nationality and "Atlantean" not in by_nationality
    assert by_nationality["Other nationalities"] == 2  # Bhutanese, and one not on the form's list
    assert by_nationality["Albanian"] == 1 and by_nationality["Not known"] == 1
