"""About 60 synthetic cases across both routes, every stage and outcome, over two years.

Names and details are invented (Faker, en_GB and other locales) and seeded,
so every run builds the same partnership. Runs only under local/test settings
(through seed_demo).
"""

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone
from faker import Faker

from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.cases import indicators, rules
from lantern.cases.models import (
    Case,
    CaseEvent,
    CaseExploitation,
    CaseMember,
    CaseNote,
    CaseOutcome,
    CaseStage,
    CaseStatus,
    CompetentAuthority,
    Concern,
    ConcernStatus,
    ConsentRecord,
    Decision,
    DecisionKind,
    ExploitationType,
    Gender,
    MissingEpisode,
    PremisesType,
    Referral,
    ReferralKind,
    Route,
    Screening,
    SupportKind,
    SupportService,
    Task,
)
from lantern.cases.services import person_indexes
from lantern.core.plugins import DemoSeeded
from lantern.core.references import reference_generate
from lantern.partnership.models import Area

LANGUAGES = {"British": "English", "Romanian": "Romanian", "Albanian": "Albanian", "Vietnamese": "Vietnamese",
             "Eritrean": "Tigrinya", "Sudanese": "Arabic", "Polish": "Polish", "Indian": "Punjabi",
             "Nigerian": "English", "Chinese": "Mandarin", "Iranian": "Farsi", "Slovakian": "Slovak"}
NATIONALITIES = list(LANGUAGES)
LOCALES = {"British": "en_GB", "Romanian": "ro_RO", "Polish": "pl_PL", "Slovakian": "sk_SK", "Vietnamese": "vi_VN",
           "Indian": "en_IN", "Chinese": "zh_CN", "Iranian": "fa_IR"}
CASE_COUNT = 60


def _agency(user: User) -> Any:
    assert user.agency is not None  # noqa: S101 - every demo user has an agency
    return user.agency


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _event(case: Case, actor: Any, on: datetime.date, kind: str, summary: str) -> None:
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 0)))
    CaseEvent.objects.create(case=case, occurred_at=at, actor=actor, kind=kind, summary=summary)


@transaction.atomic
def seed() -> int:
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
    for n in range(CASE_COUNT):
        nationality = rng.choice(NATIONALITIES)
        fake = Faker(LOCALES.get(nationality, "en_GB"))
        fake.seed_instance(n)
        route = rng.choices([Route.ADULT, Route.CHILD, Route.AGE_UNCERTAIN], weights=[55, 35, 10])[0]
        opened = _date_between(rng, today - datetime.timedelta(days=730), today - datetime.timedelta(days=3))
        age = rng.randint(19, 52) if route == Route.ADULT else rng.randint(13, 17)
        dob = opened - datetime.timedelta(days=age * 365 + rng.randint(0, 300))
        gender = rng.choice([Gender.MALE, Gender.MALE, Gender.FEMALE, Gender.FEMALE, Gender.UNKNOWN])
        person = _person(fake, gender, dob if route != Route.AGE_UNCERTAIN else None, age, nationality, rng)
        lead = child_worker if route != Route.ADULT else rng.choice(adult_workers)
        case = Case.objects.create(
            reference=reference_generate("MSC"), person=person, route=route, lead_worker=lead,
            lead_agency=_agency(lead), area=rng.choice(areas), opened_on=opened,
            where_exploited=rng.choice(["uk", "uk", "uk", "overseas", "uk_and_overseas"]),
            county_lines=route != Route.ADULT and rng.random() < 0.4,
        )
        CaseMember.objects.create(case=case, user=lead, role_in_case="Lead worker")
        if rng.random() < 0.5:
            other = rng.choice([w for w in workers if w != lead])
            CaseMember.objects.create(case=case, user=other, role_in_case="Partner agency")
        types = _types(rng, route)
        CaseExploitation.objects.bulk_create([CaseExploitation(case=case, type=t) for t in types])
        Concern.objects.create(
            reference=reference_generate("MS"), status=ConcernStatus.CASE_OPENED, raised_by=responder,
            raised_by_agency=responder.agency, what_seen="Demo concern: " + fake.sentence(nb_words=14),
            area=case.area, premises_type=rng.choice(PremisesType.values), seen_on=opened - datetime.timedelta(days=1),
            person_name=person.display_name, approximate_age=age, gender=gender, nationality=nationality,
            indicator_set_version=iset.version, indicators=rng.sample(codes, 3), exploitation_types=types,
            submitted_at=timezone.make_aware(datetime.datetime.combine(opened, datetime.time(9))),
            triaged_by=coordinator, case=case, created_by=responder,
        )
        _event(case, coordinator, opened, "case.open", f"Case opened ({Route(route).label} route)")
        _progress(case, rng, today, lead, fake, codes)
    return CASE_COUNT


def _person(fake: Faker, gender: str, dob: datetime.date | None, age: int, nationality: str,
            rng: random.Random) -> Any:
    from lantern.cases.models import Person

    given = fake.first_name_female() if gender == Gender.FEMALE else fake.first_name_male()
    person = Person(
        given_name=given, family_name=fake.last_name(), date_of_birth=dob, approximate_age=age, gender=gender,
        nationality=nationality, language=LANGUAGES[nationality],
        interpreter_needed=LANGUAGES[nationality] != "English" and rng.random() < 0.7,
        phone=f"07700 900{rng.randint(100, 999)}" if rng.random() < 0.6 else "",
        safe_contact="Text only, after 6pm; do not leave voicemail." if rng.random() < 0.4 else "",
    )
    person_indexes(person)
    person.save()
    return person


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
    """Walk the case some way along its route, so every stage and outcome appears."""
    day = case.opened_on + datetime.timedelta(days=rng.randint(0, 3))
    if day > today or rng.random() < 0.06:
        return  # still at screening
    Screening.objects.create(case=case, indicator_set_version=indicators.CURRENT_VERSION,
                             indicators=rng.sample(codes, rng.randint(2, 6)), evidence="Demo evidence.",
                             judgement="Demo professional judgement.", conclusion="likely", screened_on=day,
                             created_by=lead)
    _event(case, lead, day, "screening", "Screening recorded")
    case.stage = CaseStage.NRM_DUE if case.is_child else CaseStage.AWAITING_CONSENT
    if case.is_child and rng.random() < 0.3:
        MissingEpisode.objects.create(case=case, went_missing_on=day, returned_on=day + datetime.timedelta(days=2),
                                      return_interview_on=day + datetime.timedelta(days=4) if rng.random() < 0.7 else None,
                                      created_by=lead)
    if case.is_child and rng.random() < 0.08:
        case.save()  # child whose NRM referral is overdue
        return
    if not case.is_child:
        if rng.random() < 0.08:
            case.save()
            return
        given = rng.random() < 0.75
        ConsentRecord.objects.create(case=case, given=given, explained_by=lead, explained_on=day,
                                     language=case.person.language or "English",
                                     interpreter_used=case.person.interpreter_needed,
                                     refusal_reason="" if given else "Afraid of what the exploiters will do.",
                                     created_by=lead)
        _event(case, lead, day, "consent", "Consent " + ("given" if given else "refused"))
        if not given:
            Referral.objects.create(case=case, kind=ReferralKind.DUTY_TO_NOTIFY, made_on=day, made_by_agency=_agency(lead),
                                    anonymous=True, created_by=lead)
            _event(case, lead, day, "referral.dtn", "Duty to Notify referral recorded")
            case.stage = CaseStage.DUTY_TO_NOTIFY
            _close_maybe(case, rng, today, lead, day)
            return
    referred = day + datetime.timedelta(days=rng.randint(0, 2))
    Referral.objects.create(case=case, kind=ReferralKind.NRM, made_on=referred, made_by_agency=_agency(lead),
                            external_reference=f"NRM{rng.randint(100000, 999999)}", created_by=lead)
    if case.is_child:
        Referral.objects.create(case=case, kind=ReferralKind.CHILDRENS_SOCIAL_CARE, made_on=day,
                                made_by_agency=_agency(lead), to_organisation="Sandwell MASH", created_by=lead)
    _event(case, lead, referred, "referral.nrm", "National Referral Mechanism referral recorded")
    case.nrm_referred_on, case.rg_expected_by, case.stage = referred, rules.rg_expected_by(referred), CaseStage.REFERRED
    rg_day = referred + datetime.timedelta(days=rng.randint(3, 14))
    if rg_day > today or rng.random() < 0.08:
        case.save()
        return
    positive = rng.random() < 0.85
    authority = CompetentAuthority.SCA if rng.random() < 0.85 else CompetentAuthority.IECA
    Decision.objects.create(case=case, kind=DecisionKind.REASONABLE_GROUNDS, decided_on=rg_day, positive=positive,
                            competent_authority=authority, created_by=lead)
    _event(case, lead, rg_day, "decision.rg", f"Reasonable grounds decision: {'positive' if positive else 'negative'}")
    case.rg_decided_on, case.rg_expected_by = rg_day, None
    if not positive:
        case.stage = CaseStage.RG_NEGATIVE
        _close_maybe(case, rng, today, lead, rg_day)
        return
    case.recovery_ends_on, case.stage = rules.recovery_period_end(rg_day), CaseStage.RECOVERY
    SupportService.objects.create(case=case, kind=rng.choice(SupportKind.values), provider="The Salvation Army",
                                  started_on=rg_day, created_by=lead)
    Task.objects.create(case=case, title="Review support needs", owner=lead,
                        due_on=today + datetime.timedelta(days=rng.randint(-5, 20)), created_by=lead)
    CaseNote.objects.create(case=case, body="Demo note: " + fake.sentence(nb_words=20), created_by=lead)
    if rng.random() < 0.2:
        case.shop_flagged, case.shop_reason = True, "Demo: multi-agency plan needed."
    cg_day = rg_day + datetime.timedelta(days=rng.randint(120, 480))
    if cg_day > today:
        case.save()
        return
    positive = rng.random() < 0.8
    Decision.objects.create(case=case, kind=DecisionKind.CONCLUSIVE_GROUNDS, decided_on=cg_day, positive=positive,
                            competent_authority=authority, created_by=lead)
    _event(case, lead, cg_day, "decision.cg", f"Conclusive grounds decision: {'positive' if positive else 'negative'}")
    case.cg_decided_on = cg_day
    if positive:
        case.move_on_ends_on, case.stage = rules.move_on_end(cg_day), CaseStage.CG_POSITIVE
    else:
        case.stage = CaseStage.CG_NEGATIVE
    _close_maybe(case, rng, today, lead, cg_day)


def _close_maybe(case: Case, rng: random.Random, today: datetime.date, lead: User, after: datetime.date) -> None:
    closed = after + datetime.timedelta(days=rng.randint(10, 90))
    if closed <= today and rng.random() < 0.7:
        case.status, case.closed_on = CaseStatus.CLOSED, closed
        case.outcome = CaseOutcome.MOVED_ON if case.stage == CaseStage.CG_POSITIVE else rng.choice(CaseOutcome.values)
        _event(case, lead, closed, "case.close", f"Case closed: {CaseOutcome(case.outcome).label}")
    case.save()


def seed_demo() -> DemoSeeded:
    """The cases app's ``seed_demo`` hook (after accounts and partnership: it needs their users and wards)."""
    added = seed()
    return DemoSeeded(summary=[f"Added {added} demo cases."] if added else [])
