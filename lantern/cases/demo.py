"""About 60 synthetic cases across both routes, every stage and outcome, over two years.

Names and details are invented (Faker, en_GB and other locales) and seeded,
so every run builds the same partnership. Runs only under local/test settings
(through seed_demo). Every concern and case is made by the services, acting as
the demo users (the first responder raises the concern, the SHOP coordinator
triages it, the lead worker works the case), so the demo holds nothing a user
could not have made; only the timeline is moved back to the story's dates.
"""

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils import timezone
from faker import Faker

from lantern.accounts import services as accounts_services
from lantern.accounts.demo import demo_email
from lantern.accounts.models import Notification, User
from lantern.cases import services
from lantern.cases.models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseOutcome,
    CaseStage,
    CompetentAuthority,
    DecisionKind,
    Gender,
    ReferralKind,
    Route,
    SupportKind,
)
from lantern.core.plugins import DemoSeeded
from lantern.core.reference import ExploitationType, PremisesType, indicators
from lantern.partnership.models import Area

LANGUAGES = {"British": "English", "Romanian": "Romanian", "Albanian": "Albanian", "Vietnamese": "Vietnamese",
             "Eritrean": "Tigrinya", "Sudanese": "Arabic", "Polish": "Polish", "Indian": "Punjabi",
             "Nigerian": "English", "Chinese": "Mandarin", "Iranian": "Farsi", "Slovakian": "Slovak"}
NATIONALITIES = list(LANGUAGES)
LOCALES = {"British": "en_GB", "Romanian": "ro_RO", "Polish": "pl_PL", "Slovakian": "sk_SK", "Vietnamese": "vi_VN",
           "Indian": "en_IN", "Chinese": "zh_CN", "Iranian": "fa_IR"}
RANDOM_CASE_COUNT = 60
CASE_COUNT = RANDOM_CASE_COUNT + 1  # and the fullest adult NRM referral (fullest_adult_nrm)


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _backdate(case: Case, since: datetime.datetime, on: datetime.date) -> None:
    """Put the timeline lines and notes a service just wrote on the day the demo story says it happened.

    At ten in the morning of that day, or now if that is still to come (a story that reaches
    today, seeded before ten), so that nothing is dated in the future.
    """
    at = min(timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 0))), timezone.now())
    CaseEvent.objects.filter(case=case, occurred_at__gte=since).update(occurred_at=at)
    CaseNote.objects.filter(case=case, created_at__gte=since).update(created_at=at)
    # What triage told the lead worker and the first responder is history too: read, so not emailed.
    Notification.objects.filter(created_at__gte=since).update(created_at=at, read_at=at)


@transaction.atomic
def seed() -> int:
    """The demo caseload, built through the services a user's pages call (so every row is one they could make)."""
    if Case.objects.exists():
        return 0
    rng = random.Random(2022)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    areas = list(Area.objects.all())
    workers = [User.objects.get(email=demo_email(x)) for x in ("case.worker", "children.worker", "police")]
    adult_workers, child_worker = [workers[0], workers[2]], workers[1]
    coordinator = User.objects.get(email=demo_email("shop.coordinator"))
    responder = User.objects.get(email=demo_email("first.responder"))
    iset = indicators.current_set()
    codes = sorted(iset.codes())
    for n in range(RANDOM_CASE_COUNT):
        nationality = rng.choice(NATIONALITIES)
        fake = Faker(LOCALES.get(nationality, "en_GB"))
        fake.seed_instance(n)
        route = rng.choices([Route.ADULT, Route.CHILD, Route.AGE_UNCERTAIN], weights=[55, 35, 10])[0]
        opened = _date_between(rng, today - datetime.timedelta(days=730), today - datetime.timedelta(days=3))
        age = rng.randint(19, 52) if route == Route.ADULT else rng.randint(13, 17)
        dob = opened - datetime.timedelta(days=age * 365 + rng.randint(0, 300))
        gender = rng.choice([Gender.MALE, Gender.MALE, Gender.FEMALE, Gender.FEMALE, Gender.UNKNOWN])
        person = _person(fake, gender, nationality, rng)
        lead = child_worker if route != Route.ADULT else rng.choice(adult_workers)
        area = rng.choice(areas)
        where_exploited = rng.choice(["uk", "uk", "uk", "overseas", "uk_and_overseas"])
        county_lines = route != Route.ADULT and rng.random() < 0.4
        other = rng.choice([w for w in workers if w != lead]) if rng.random() < 0.5 else None
        types = _types(rng, route)
        since = timezone.now()
        concern = services.concern_start(raised_by=responder)
        services.concern_update_draft(
            concern=concern, acting_user=responder, immediate_danger=False,
            what_seen="Demo concern: " + fake.sentence(nb_words=14), area=area,
            premises_type=rng.choice(PremisesType.values), seen_on=opened - datetime.timedelta(days=1),
            person_name=f"{person['given_name']} {person['family_name']}", approximate_age=age,
            age_uncertain=route == Route.AGE_UNCERTAIN, gender=gender, nationality=nationality,
            language=person["language"], interpreter_needed=person["interpreter_needed"],
            indicators=rng.sample(codes, 3), exploitation_types=types,
        )
        services.concern_submit(concern=concern, acting_user=responder)
        case = services.concern_open_case(
            concern=concern, acting_user=coordinator, lead_worker=lead, given_name=person["given_name"],
            family_name=person["family_name"], date_of_birth=dob if route != Route.AGE_UNCERTAIN else None,
            opened_on=opened,
        )
        contact = {k: person[k] for k in ("phone", "safe_contact") if person[k]}
        if contact:
            services.person_update(case=case, acting_user=lead, **contact)
        if other is not None:
            services.case_add_member(case=case, acting_user=lead, user=other, role_in_case="Partner agency")
        _backdate(case, since, opened)
        # Not part of the triage form: what the case worker learns about where and how they were exploited.
        Case.objects.filter(pk=case.pk).update(where_exploited=where_exploited, county_lines=county_lines)
        _progress(case, rng, today, lead, fake, codes)
    fullest_adult_nrm(today=today, lead=adult_workers[0], coordinator=coordinator, responder=responder,
                      area=areas[0] if areas else None, codes=codes)
    return CASE_COUNT


FULLEST_KNOWN_AS = "Ela"


def fullest_adult_nrm(*, today: datetime.date, lead: User, coordinator: User, responder: User, area: Any,
                      codes: list[str]) -> Case:
    """An adult referred to the NRM with every question of the Home Office form that applies answered:
    two exploitative situations (a farm in Romania, then a car wash and a house in the UK), recorded at the
    steps where a worker learns each answer. It is the demo's fullest referral pack."""
    opened = today - datetime.timedelta(days=20)
    since = timezone.now()
    accounts_services.user_update_profile(
        user=lead, job_title=lead.job_title or "Modern slavery case worker", phone=lead.phone or "0121 569 2200",
        alternative_contact=lead.alternative_contact or "Modern slavery team duty line, 0121 569 2201, "
                                                         "modernslavery@sandwell.example")
    concern = services.concern_start(raised_by=responder)
    services.concern_update_draft(
        concern=concern, acting_user=responder, immediate_danger=False, area=area, premises_type=PremisesType.CAR_WASH,
        what_seen="A woman at the hand car wash on Oldbury Road said she works 14 hours a day for no pay and "
                  "sleeps in a room above the bays with five others.",
        seen_on=opened - datetime.timedelta(days=1), person_name="Mirela Dumitru", approximate_age=34,
        gender=Gender.FEMALE, nationality="Romanian", language="Romanian", interpreter_needed=True,
        indicators=[c for c in codes if c.startswith("ilo.")][:3], exploitation_types=[ExploitationType.LABOUR])
    services.concern_submit(concern=concern, acting_user=responder)
    born = opened - datetime.timedelta(days=34 * 365 + 40)
    case = services.concern_open_case(concern=concern, acting_user=coordinator, lead_worker=lead,
                                      given_name="Mirela", family_name="Dumitru", date_of_birth=born, opened_on=opened)
    services.person_update(
        case=case, acting_user=lead, known_as=FULLEST_KNOWN_AS, gender=Gender.FEMALE, nationality="Romanian",
        second_nationality="Moldovan", language="Romanian", interpreter_needed=True, communication_aid_needed=False,
        ho_reference_held=True, ho_references="Port reference LHR/23/118842 (arrival at Heathrow)",
        phone="07700 900418", email="ela.d@example.org", address_street="Flat 2, 14 Victoria Road",
        address_town="West Bromwich", address_county="West Midlands", address_postcode="B70 8QA",
        contact_methods=["email", "post"], email_safe=True, post_safe=True,
        safe_contact="Text first; she shares the phone with no one now.")
    day = opened + datetime.timedelta(days=1)
    services.screening_record(case=case, acting_user=lead, indicators_found=[c for c in codes if c.startswith("ilo.")][:4],
                              evidence="Her passport is held by the car wash owner.",
                              judgement="A consistent, detailed account over two interviews; her injuries match it.",
                              conclusion="likely", screened_on=day)
    services.consent_record(case=case, acting_user=lead, given=True, explained_on=day, language="Romanian",
                            interpreter_used=True)
    for kind, fields in (
        ("overseas_place", {"country": "RO", "details": "A vegetable farm near Constanta, 2021 to 2022."}),
        ("uk_place", {"town": "Oldbury", "details": "Hand car wash on Oldbury Road."}),
        ("uk_place", {"town": "West Bromwich", "details": "A house on Lodge Road where the workers slept."}),
        ("journey", {"details": "By minibus from Constanta to Calais with four other women, March 2023."}),
        ("journey", {"details": "In a lorry from Calais to Dover, then driven to Oldbury."}),
        ("exploiter", {"details": "'Sorin', about 40, Romanian, runs the car wash; his brother recruited her.",
                       "location_known": True, "in_uk": True, "location": "Still runs the car wash in Oldbury."}),
        ("other_victim", {"details": "Four other women who slept in the room above the car wash."}),
        ("child", {"details": "A son, aged 9, living with his grandmother in Constanta."}),
    ):
        services.nrm_entry_add(case=case, acting_user=lead, kind=kind, **fields)
    services.referral_questions_save(
        case=case, acting_user=lead, under_18_during_exploitation="no", reported_to_police=True,
        police_force="West Midlands Police", crime_reference="20/118842/23",
        what_happened="Recruited in Constanta with the promise of farm work, then moved to the UK and made to work "
                      "at a car wash for no pay.",
        birthplace="Constanta, Romania", family="Mother and a son in Constanta; no family in the UK.",
        education="Left school at 16.", employment_history="Farm and cleaning work in Romania.",
        multiple_situations="yes",
        situations_details="First on a farm near Constanta (2021 to 2022), then at the car wash in Oldbury (2023).",
        when_exploited="From spring 2021 to October 2023.",
        how_started="A neighbour's brother offered paid farm work with housing.",
        required_to_do="Wash cars 14 hours a day, seven days a week.",
        living_conditions="Six women in one room above the car wash, one toilet.",
        treatment="Shouted at, threatened with violence to her son, passport taken.",
        still_in_situation="no", how_they_left="Ran to a customer who called the council's outreach team.",
        why_they_stayed="Her passport was held and she was told her son would be hurt.",
        last_contact="within-the-last-month", last_contact_details="Sorin sent her a text message two weeks ago.",
        first_chance_to_report="yes", first_chance_details="She was never left alone before.",
        interview_details="At the council offices with a Romanian interpreter, two interviews.",
        dishonesty="no", others_involved="yes",
        others_involved_details="West Midlands Police modern slavery team; The Salvation Army.",
        current_region="West Midlands",
        exploitation_checks=["forced-to-work", "wages-taken", "other"],
        other_exploitation_details="Made to hand over her bank card.",
        future_exploitation="yes", future_exploitation_reasons="Debt she is told she still owes.",
        cooperating="yes", cooperation_details="Has given a statement to West Midlands Police.",
        support_wanted="yes", letter_recipient="potential-victim",
        why_referring="Indicators of forced labour and trafficking; she consents to a referral.")
    referred = opened + datetime.timedelta(days=2)
    services.referral_record(case=case, acting_user=lead, kind=ReferralKind.NRM, made_on=referred,
                             external_reference="NRM482917",
                             first_responder_organisation="Sandwell Metropolitan Borough Council")
    _backdate(case, since, opened)
    return case


def _person(fake: Faker, gender: str, nationality: str, rng: random.Random) -> dict[str, Any]:
    given = fake.first_name_female() if gender == Gender.FEMALE else fake.first_name_male()
    return {
        "given_name": given, "family_name": fake.last_name(), "language": LANGUAGES[nationality],
        "interpreter_needed": LANGUAGES[nationality] != "English" and rng.random() < 0.7,
        "phone": f"07700 900{rng.randint(100, 999)}" if rng.random() < 0.6 else "",
        "safe_contact": "Text only, after 6pm; do not leave voicemail." if rng.random() < 0.4 else "",
    }


def _types(rng: random.Random, route: str) -> list[str]:
    if route == Route.ADULT:
        pool = [ExploitationType.LABOUR] * 5 + [ExploitationType.SEXUAL] * 3 + [ExploitationType.DOMESTIC_SERVITUDE] * 2 + [
            ExploitationType.CRIMINAL] * 2 + [ExploitationType.UNKNOWN]
    else:
        pool = [ExploitationType.CRIMINAL] * 6 + [ExploitationType.SEXUAL] * 3 + [ExploitationType.LABOUR]
    pool.append(ExploitationType.ORGAN_HARVESTING) if rng.random() < 0.02 else None
    chosen = {rng.choice(pool)}
    if rng.random() < 0.25:
        chosen.add(rng.choice(pool))
    return sorted(chosen)


def _progress(case: Case, rng: random.Random, today: datetime.date, lead: User, fake: Faker, codes: list[str]) -> None:
    """Walk the case some way along its route through the services, so every stage and outcome appears."""
    day = case.opened_on + datetime.timedelta(days=rng.randint(0, 3))
    if day > today or rng.random() < 0.06:
        return  # still at screening
    with _on(case, day):
        services.screening_record(case=case, acting_user=lead, indicators_found=rng.sample(codes, rng.randint(2, 6)),
                                  evidence="Demo evidence.", judgement="Demo professional judgement.",
                                  conclusion="likely", screened_on=day)
        if case.is_child and rng.random() < 0.3:
            returned, interview = day + datetime.timedelta(days=2), day + datetime.timedelta(days=4)
            services.missing_episode_record(
                case=case, acting_user=lead, went_missing_on=day, returned_on=returned if returned <= today else None,
                return_interview_on=interview if rng.random() < 0.7 and interview <= today else None)
    if case.is_child and rng.random() < 0.08:
        return  # child whose NRM referral is overdue
    if not case.is_child:
        if rng.random() < 0.08:
            return  # consent still to be asked
        given = rng.random() < 0.75
        with _on(case, day):
            services.consent_record(case=case, acting_user=lead, given=given, explained_on=day,
                                    language=case.person.language or "English",
                                    interpreter_used=bool(case.person.interpreter_needed),
                                    refusal_reason="" if given else "Afraid of what the exploiters will do.")
            if not given:
                services.referral_record(case=case, acting_user=lead, kind=ReferralKind.DUTY_TO_NOTIFY, made_on=day)
        if not given:
            _close_maybe(case, rng, today, lead, day)
            return
    referred = min(day + datetime.timedelta(days=rng.randint(0, 2)), today)
    with _on(case, referred):
        services.referral_record(case=case, acting_user=lead, kind=ReferralKind.NRM, made_on=referred,
                                 external_reference=f"NRM{rng.randint(100000, 999999)}")
        if case.is_child:
            services.referral_record(case=case, acting_user=lead, kind=ReferralKind.CHILDRENS_SOCIAL_CARE, made_on=day,
                                     to_organisation="Sandwell MASH")
    rg_day = referred + datetime.timedelta(days=rng.randint(3, 14))
    if rg_day > today or rng.random() < 0.08:
        return
    positive = rng.random() < 0.85
    authority = CompetentAuthority.SCA if rng.random() < 0.85 else CompetentAuthority.IECA
    with _on(case, rg_day):
        services.decision_record(case=case, acting_user=lead, kind=DecisionKind.REASONABLE_GROUNDS, decided_on=rg_day,
                                 positive=positive, competent_authority=authority)
    if not positive:
        _close_maybe(case, rng, today, lead, rg_day)
        return
    with _on(case, rg_day):
        services.support_add(case=case, acting_user=lead, kind=rng.choice(SupportKind.values),
                             provider="The Salvation Army", started_on=rg_day)
        services.task_create(case=case, acting_user=lead, title="Review support needs", owner=lead,
                             due_on=today + datetime.timedelta(days=rng.randint(-5, 20)))
        services.note_add(case=case, acting_user=lead, body="Demo note: " + fake.sentence(nb_words=20))
        if rng.random() < 0.2:
            services.case_flag_for_shop(case=case, acting_user=lead, reason="Demo: multi-agency plan needed.")
    cg_day = rg_day + datetime.timedelta(days=rng.randint(120, 480))
    if cg_day > today:
        return
    positive = rng.random() < 0.8
    with _on(case, cg_day):
        services.decision_record(case=case, acting_user=lead, kind=DecisionKind.CONCLUSIVE_GROUNDS, decided_on=cg_day,
                                 positive=positive, competent_authority=authority)
    _close_maybe(case, rng, today, lead, cg_day)


def _close_maybe(case: Case, rng: random.Random, today: datetime.date, lead: User, after: datetime.date) -> None:
    closed = after + datetime.timedelta(days=rng.randint(10, 90))
    if closed <= today and rng.random() < 0.7:
        outcome = CaseOutcome.MOVED_ON if case.stage == CaseStage.CG_POSITIVE else rng.choice(CaseOutcome.values)
        with _on(case, closed):
            services.case_close(case=case, acting_user=lead, outcome=outcome, closed_on=closed)


@contextmanager
def _on(case: Case, day: datetime.date) -> Iterator[None]:
    """The services inside write the case's timeline as of ``day``."""
    since = timezone.now()
    yield
    _backdate(case, since, day)


def seed_demo() -> DemoSeeded:
    """The cases app's ``seed_demo`` hook (after accounts and partnership: it needs their users and wards)."""
    added = seed()
    return DemoSeeded(summary=[f"Added {added} demo cases."] if added else [])
