"""The Home Office NRM statistics' breakdowns, on hand-built cases with known answers."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.accounts.capabilities import Role
from lantern.accounts.models import Agency, AgencyType
from lantern.cases import selectors, services
from lantern.cases.models import Case, CaseStage, Decision, Person, Referral, Route
from lantern.cases.selectors.statistics import nrm_statistics, nrm_statistics_for
from lantern.cases.services.people import person_name_keys_rebuild
from lantern.cases.tests.factories import CaseFactory, PersonFactory, worker
from lantern.core.periods import quarter
from lantern.core.reference import first_responders
from lantern.core.reference.choices import FirstResponderType as T
from lantern.core.reference.lists import items

pytestmark = pytest.mark.django_db

D = datetime.date
Q1 = (quarter(2026, 1).start, quarter(2026, 1).end)


def agency(name: str, kind: str, code: str = "") -> Agency:
    return Agency.objects.create(name=name, agency_type=kind, is_first_responder=True, first_responder_code=code)


def referred(*, on: D, by: Agency, kind: str = "nrm", anonymous: bool = False, decisions=(), **case_fields) -> Case:
    """A case with its referral made ``on`` by ``by`` and its decisions: (kind, on, positive, authority)."""
    case_fields.setdefault("stage", CaseStage.REFERRED if kind == "nrm" else CaseStage.DUTY_TO_NOTIFY)
    case = CaseFactory(opened_on=on - datetime.timedelta(days=3), **case_fields)
    Referral.objects.create(case=case, kind=kind, made_on=on, made_by_agency=by, anonymous=anonymous,
                            created_by=case.lead_worker)
    if kind == "nrm":
        case.nrm_referred_on = on
    for decision_kind, decided_on, positive, authority in decisions:
        Decision.objects.create(case=case, kind=decision_kind, decided_on=decided_on, positive=positive,
                                competent_authority=authority, created_by=case.lead_worker)
        if decision_kind == "rg":
            case.rg_decided_on = decided_on
        if decision_kind == "cg":
            case.cg_decided_on = decided_on
    case.save()
    return case


@pytest.fixture
def partnership_cases():
    council = agency("Sandwell Council Modern Slavery Team", AgencyType.COUNCIL_SERVICE,
                     "Sandwell Metropolitan Borough Council")
    police = agency("West Midlands Police Modern Slavery Unit", AgencyType.POLICE, "West Midlands Police")
    charity = agency("Hope Street Project", AgencyType.VOLUNTARY)
    cases = {
        # Adult, Albanian woman, labour and criminal exploitation (county lines) in the UK; RG in 7 days, CG 48 after.
        "a": referred(on=D(2026, 1, 5), by=council, types=["labour", "criminal"], county_lines=True,
                      child_at_exploitation=False, under_18_during_exploitation="no",
                      where_exploited="uk", person=PersonFactory(gender="female", nationality="Albanian"),
                      decisions=[("rg", D(2026, 1, 12), True, "sca"), ("cg", D(2026, 3, 1), True, "sca")]),
        # A Vietnamese boy, criminal exploitation (county lines) in the UK, referred by the police; RG in 10 days.
        "b": referred(on=D(2026, 2, 2), by=police, route=Route.CHILD, types=["criminal"], county_lines=True,
                      where_exploited="uk", person=PersonFactory(gender="male", nationality="Vietnamese",
                                                                 date_of_birth=D(2010, 5, 1)),
                      decisions=[("rg", D(2026, 2, 12), True, "sca")]),
        # Age uncertain, gender and nationality not known, exploited overseas: referred on the quarter's last day.
        "c": referred(on=D(2026, 3, 31), by=charity, route=Route.AGE_UNCERTAIN, where_exploited="overseas",
                      person=PersonFactory(gender="unknown", nationality="", date_of_birth=None)),
        # An adult whose nationality is not on the form's list (never asked whether under 18 when exploited, so
        # that age is not known); negative RG by the IECA in 3 days.
        "e": referred(on=D(2026, 1, 20), by=council, types=["domestic_servitude"],
                      person=PersonFactory(gender="female", nationality="Atlantean"),
                      decisions=[("rg", D(2026, 1, 23), False, "ieca")]),
        # The next quarter's first day: an adult exploited as a child, in the UK and overseas.
        "d": referred(on=D(2026, 4, 1), by=council, types=["sexual"], where_exploited="uk_and_overseas",
                      child_at_exploitation=True, under_18_during_exploitation="yes", person=PersonFactory(gender="male", nationality="albanian")),
        # Duty to Notify reports: one anonymous in the quarter, one on its last day, one after.
        "f": referred(on=D(2026, 2, 15), by=council, kind="dtn", anonymous=True, person=PersonFactory(gender="female")),
        "g": referred(on=D(2026, 3, 31), by=police, kind="dtn", person=PersonFactory(gender="male")),
        "h": referred(on=D(2026, 4, 1), by=police, kind="dtn"),
    }
    return cases


def test_a_quarters_referrals_by_every_breakdown_the_home_office_publishes(partnership_cases):
    stats = nrm_statistics(start=Q1[0], end=Q1[1])
    assert (stats.start, stats.end) == (D(2026, 1, 1), D(2026, 3, 31))
    assert stats.referrals == 4  # a, b, c (the last day) and e; not d (the next quarter's first day)
    assert stats.by_competent_authority.as_dict() == {"sca": 2, "ieca": 1, "not_decided": 1}
    assert stats.by_gender.as_dict() == {"female": 2, "male": 1, "unknown": 1}
    # a answered "no"; b is on the child route; c's age is uncertain; e was never asked (an adult now may have
    # been a child then), so the KPIs and these statistics count the same people as not known.
    assert stats.by_age_at_exploitation.as_dict() == {"adult": 1, "child": 1, "unknown": 2}
    assert stats.by_nationality.as_dict() == {"Albanian": 1, "Vietnamese": 1, "not_known": 1, "other": 1}
    assert stats.by_exploitation_type.as_dict() == {"criminal": 2, "labour": 1, "domestic_servitude": 1, "unknown": 1}
    assert stats.by_where_exploited.as_dict() == {"uk": 2, "overseas": 1, "unknown": 1}
    assert stats.by_county_lines.as_dict() == {"yes": 2, "no": 2}
    assert stats.by_first_responder_type.as_dict() == {"local_authority": 2, "police": 1, "ngo": 1}
    # No case has its police force recorded: the police referral counts under its force, the rest as not known.
    assert stats.by_police_force.as_dict() == {"West Midlands Police": 1, "not_known": 3}
    assert stats.by_local_authority.as_dict() == {"Sandwell Metropolitan Borough Council": 2}
    assert (stats.rg_outcomes.positive, stats.rg_outcomes.negative) == (2, 1)
    assert (stats.cg_outcomes.positive, stats.cg_outcomes.negative) == (1, 0)
    assert stats.referral_to_rg.decisions == 3 and stats.referral_to_rg.median_days == 7  # of 3, 7 and 10 days
    assert stats.rg_to_cg.decisions == 1 and stats.rg_to_cg.median_days == 48
    assert (stats.duty_to_notify, stats.duty_to_notify_anonymous) == (2, 1)
    assert stats.duty_to_notify_by_gender.as_dict() == {"female": 1, "male": 1}
    # Rows are labelled for people, most first.
    assert stats.by_exploitation_type.rows[0].label == "Criminal"
    assert stats.by_nationality.rows[-1].label in {"Not known", "Not on the form's list", "Albanian", "Vietnamese"}


def test_the_next_quarter_starts_on_its_first_day_and_nationality_ignores_case(partnership_cases):
    stats = nrm_statistics(start=D(2026, 4, 1), end=D(2026, 6, 30))
    assert stats.referrals == 1
    assert stats.by_nationality.as_dict() == {"Albanian": 1}  # written "albanian": the same index
    assert stats.by_age_at_exploitation.as_dict() == {"child": 1}  # an adult now, a child when exploited
    assert stats.by_where_exploited.as_dict() == {"uk_and_overseas": 1}
    assert stats.duty_to_notify == 1


def test_a_period_of_one_day_counts_that_day():
    council = agency("Council", AgencyType.COUNCIL_SERVICE, "Sandwell Metropolitan Borough Council")
    referred(on=D(2026, 3, 31), by=council)
    assert nrm_statistics(start=D(2026, 3, 31), end=D(2026, 3, 31)).referrals == 1
    assert nrm_statistics(start=D(2026, 3, 30), end=D(2026, 3, 30)).referrals == 0


def test_an_empty_period_gives_zeros_and_no_medians(partnership_cases):
    stats = nrm_statistics(start=D(2020, 1, 1), end=D(2020, 3, 31))
    assert stats.referrals == 0 and stats.by_gender.rows == [] and stats.by_gender.total == 0
    assert stats.referral_to_rg.median_days is None and stats.rg_to_cg.median_days is None
    assert stats.rg_outcomes.total == 0 and stats.duty_to_notify == 0


def test_the_median_of_an_even_number_of_waits_is_the_mean_of_the_middle_two():
    council = agency("Council", AgencyType.COUNCIL_SERVICE)
    for days in (2, 4, 6, 20):
        referred(on=D(2026, 1, 5), by=council, decisions=[("rg", D(2026, 1, 5) + datetime.timedelta(days=days),
                                                            True, "sca")])
    assert nrm_statistics(start=Q1[0], end=Q1[1]).referral_to_rg.median_days == 5


def test_counting_reads_no_identifying_column(partnership_cases):
    with CaptureQueriesContext(connection) as queries:
        nrm_statistics(start=Q1[0], end=Q1[1])
    sql = " ".join(q["sql"] for q in queries.captured_queries).replace("nationality_index", "")
    for column in ("given_name", "family_name", "date_of_birth", '"nationality"', "external_reference", "notes"):
        assert column not in sql
    assert len(queries.captured_queries) < 30  # grouped in the database, not one query per referral


def test_only_those_who_see_aggregates_get_the_statistics(partnership_cases):
    assert nrm_statistics_for(user=worker(Role.SHOP_COORDINATOR), start=Q1[0], end=Q1[1]).referrals == 4
    for role in (Role.CASE_WORKER, Role.FIRST_RESPONDER):
        with pytest.raises(PermissionDenied):
            nrm_statistics_for(user=worker(role), start=Q1[0], end=Q1[1])


def test_quarters_and_bad_periods():
    assert (quarter(2026, 4).start, quarter(2026, 4).end) == (D(2026, 10, 1), D(2026, 12, 31))
    assert (quarter(2024, 1).start, quarter(2024, 1).end) == (D(2024, 1, 1), D(2024, 3, 31))
    with pytest.raises(ValueError, match="quarter"):
        quarter(2026, 5)
    with pytest.raises(ValueError, match="ends before"):
        nrm_statistics(start=D(2026, 2, 1), end=D(2026, 1, 1))


# --- The nationality index -------------------------------------------------------------------------------


def test_the_nationality_index_follows_the_nationality_the_service_writes():
    case = CaseFactory(person=PersonFactory(nationality="Romanian"))
    assert case.person.nationality_index == selectors.nationality_index("Romanian")
    services.person_update(case=case, acting_user=case.lead_worker, nationality="Eritrean")
    case.person.refresh_from_db()
    assert case.person.nationality_index == selectors.nationality_index("Eritrean") != selectors.nationality_index(
        "Romanian")
    services.person_update(case=case, acting_user=case.lead_worker, nationality="")
    case.person.refresh_from_db()
    assert case.person.nationality_index == ""


def test_the_nationality_index_is_keyed_and_not_the_name_index(settings):
    plain = selectors.nationality_index("Albanian")
    assert plain not in ("Albanian", selectors.person_blind_indexes("Albanian", None)[0])
    settings.LANTERN_BLIND_INDEX_KEY = "another-key-for-this-test-only-0123456789"
    assert selectors.nationality_index("Albanian") != plain


def test_the_migration_indexes_everyone_already_recorded():
    person = PersonFactory(nationality="Nigerian")
    Person.objects.filter(pk=person.pk).update(nationality_index="")
    migration = importlib.import_module("lantern.cases.migrations.0015_process_checks_and_statistics_keys")
    migration.build_nationality_index(apps, connection.schema_editor())
    person.refresh_from_db()
    assert person.nationality_index == selectors.nationality_index("Nigerian")


# --- First responder types --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [
    ("Home Office - UK Border Force UKBF", T.HOME_OFFICE),
    ("Home Office - UK Visas and Immigration UKVI", T.HOME_OFFICE),
    ("West Midlands Police", T.POLICE),
    ("Tarian ROCU", T.POLICE),
    ("Sandwell Metropolitan Borough Council", T.LOCAL_AUTHORITY),
    ("London Borough of Enfield", T.LOCAL_AUTHORITY),
    ("Causeway Coast and Glens Borough Council", T.LOCAL_AUTHORITY),
    ("Refugee Council", T.NGO),  # a charity, though its name says council
    ("The Salvation Army", T.NGO),
    ("Health and Social Care Trusts - HSC Trusts", T.HEALTH),
    ("National Crime Agency NCA", T.OTHER_PUBLIC_BODY),
    ("Gangmasters and Labour Abuse Authority GLAA", T.OTHER_PUBLIC_BODY),
    ("Corner shop", T.OTHER),
])
def test_the_classifier_names_the_home_office_types(name, kind):
    assert first_responders.classify(name) == kind


def test_the_reviewed_file_classifies_every_organisation_of_the_form_as_the_rules_do():
    rows = items(first_responders.TYPES_LIST)
    assert len(rows) == 526
    assert all(row.extra["type"] in T.values and row.extra["type"] != T.OTHER for row in rows)
    assert {row.value: row.extra["type"] for row in rows} == {row.value: first_responders.classify(row.value).value
                                                              for row in rows}


def test_the_rebuild_after_a_key_change_rebuilds_the_nationality_index(settings):
    person = PersonFactory(nationality="Eritrean")
    settings.LANTERN_BLIND_INDEX_KEY = "a-new-blind-index-key-for-this-test-0123456789"
    person_name_keys_rebuild()
    person.refresh_from_db()
    assert person.nationality_index == selectors.nationality_index("Eritrean")
