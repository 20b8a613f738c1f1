"""Benchmark: the case pages at 100,000 cases on PostgreSQL. See bench/README.md."""

import argparse
import datetime
import itertools
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")  # persistent connections, as in production


def ensure_database(url: str) -> None:
    import psycopg
    from environ import Env

    config = Env.db_url_config(url)
    name = config["NAME"]
    admin = psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
                            password=config.get("PASSWORD") or None, dbname="postgres", autocommit=True)
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def name_pools() -> list[tuple[list[str], list[str]]]:
    """Given and family names by origin, as a partnership records them: some in Cyrillic or Arabic, many repeats."""
    from faker import Faker

    pools = []
    for locale in ("en_GB", "pl_PL", "ro_RO", "uk_UA", "vi_VN", "ar_AA", "sq_AL", "bg_BG"):
        fake = Faker(locale)
        fake.seed_instance(7)
        family = {fake.last_name() for _ in range(1500)}
        if locale == "vi_VN":  # Faker's Vietnamese first_name() gives only "John" and "Jane"; its full names are right
            given = {word for _ in range(3000) for word in fake.name().split()[1:]} - family
        else:
            given = {fake.first_name() for _ in range(800)}
        pools.append((sorted(given), sorted(family)))
    return pools


def variant(given: str, family: str) -> str:
    """The name as someone else might write it: transliterated, family name first, a letter doubled in a long name."""
    from anyascii import anyascii

    given, family = anyascii(given), anyascii(family)
    if len(family) >= 5 and family.isalpha():
        middle = len(family) // 2
        family = f"{family[:middle]}{family[middle]}{family[middle:]}"
    return f"{family} {given}"


def build(count: int) -> None:
    from django.utils import timezone

    from lantern.accounts.capabilities import Role
    from lantern.accounts.models import User
    from lantern.cases import rules
    from lantern.cases.models import (
        ADULT_ONLY_STAGES,
        Case,
        CaseEvent,
        CaseExploitation,
        CaseMember,
        CaseStage,
        Person,
        PersonNameKey,
        Route,
    )
    from lantern.cases.selectors import nationality_index, person_name_digests
    from lantern.core import crypto
    from lantern.core.reference import ExploitationType, nationalities, police_forces
    from lantern.core.references import reference_generate
    from lantern.partnership.models import Area
    from tests.support import make_user

    rng = random.Random(7)  # noqa: S311
    pools = name_pools()
    areas = [Area.objects.get_or_create(name=f"Ward {i}")[0] for i in range(24)]
    nations = [value for value, _label in nationalities()]
    forces = [value for value, _label in police_forces()]

    def user(role: str, email: str) -> User:  # kept from an earlier build, so a build can add to one
        return User.objects.filter(email=email).first() or make_user(role, email=email)

    workers = [user(Role.CASE_WORKER, f"worker{i}@bench.example") for i in range(50)]
    user(Role.SHOP_COORDINATOR, "coordinator@bench.example")
    today = timezone.localdate()
    stages = list(CaseStage.values)
    types = list(ExploitationType.values)
    batch = 5000
    for start in range(0, count, batch):
        n = min(batch, count - start)
        people = []
        for _ in range(n):
            given_names, family_names = rng.choice(pools)
            given, family = rng.choice(given_names), rng.choice(family_names)
            dob = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randint(0, 22000))
            nation = rng.choice(nations)
            people.append(Person(given_name=given, family_name=family, date_of_birth=dob, gender="unknown",
                                 nationality=nation, nationality_index=nationality_index(nation),
                                 address_street=f"{rng.randint(1, 200)} High Street", address_town="West Bromwich",
                                 address_county="West Midlands", address_postcode="B70 7PG",
                                 interpreter_needed=rng.random() < 0.4,
                                 name_index=crypto.blind_index(f"{given} {family}"),
                                 name_dob_index=crypto.blind_index(f"{given} {family}", dob.isoformat())))
        people = Person.objects.bulk_create(people)
        keys = []
        for person in people:
            parts, digests = person_name_digests(person.given_name, person.family_name, person.date_of_birth)
            keys += [PersonNameKey(person=person, kind=kind, digest=digest, tokens=parts) for kind, digest in digests]
        PersonNameKey.objects.bulk_create(keys, batch_size=5000)
        cases = []
        for person in people:
            opened = today - datetime.timedelta(days=rng.randint(1, 3650))
            lead = rng.choice(workers)
            referred = opened + datetime.timedelta(days=2) if rng.random() < 0.8 else None
            route = rng.choice([Route.ADULT, Route.ADULT, Route.CHILD, Route.AGE_UNCERTAIN])
            stage = rng.choice(stages)
            if rules.is_child_route(route) and stage in ADULT_ONLY_STAGES:
                stage = CaseStage.NRM_DUE  # children are never asked for consent (a database constraint)
            reported = rng.random() < 0.5
            cases.append(Case(
                reference=reference_generate("MSC", length=8), person=person, route=route, stage=stage,
                lead_worker=lead, lead_agency=lead.agency, area=rng.choice(areas),
                opened_on=opened, nrm_referred_on=referred,
                rg_expected_by=rules.rg_expected_by(referred) if referred else None,
                reported_to_police=reported, police_force=rng.choice(forces) if reported else "",
                crime_reference=f"CR/{rng.randint(10000, 99999)}/26" if reported else "",
            ))
        cases = Case.objects.bulk_create(cases)
        CaseMember.objects.bulk_create([CaseMember(case=c, user=c.lead_worker) for c in cases])
        CaseExploitation.objects.bulk_create(
            [CaseExploitation(case=c, type=t) for c in cases for t in rng.sample(types, rng.randint(1, 2))])
        now = timezone.now()
        CaseEvent.objects.bulk_create([CaseEvent(case=c, occurred_at=now - datetime.timedelta(days=d), kind="bench",
                                                 summary="Benchmark event") for c in cases for d in range(5)])
        build_form_answers(cases, rng)
        print(f"  {start + n} cases", flush=True)


def build_form_answers(cases: list, rng: random.Random) -> None:
    """The Home Office form's own answers, as a worker records them: the referral questions for each referred
    case, and the form's lists (places in the UK and overseas, the journey, exploiters) for every case."""
    from lantern.cases.models import ListKind, NrmListEntry, ReferralQuestions
    from lantern.core.reference import countries

    codes = [code for code, _label in countries() if code != "GB"]
    ReferralQuestions.objects.bulk_create([ReferralQuestions(
        case=c, what_happened="Recruited with a promise of work; passport kept; paid nothing for months.",
        how_started="Met a recruiter through a friend.", required_to_do="Worked twelve-hour shifts at a car wash.",
        living_conditions="Shared a room above the business with five others.", still_in_situation="no",
        how_they_left="Left when the police visited the premises.", multiple_situations="no",
        taken_somewhere="yes", support_wanted="yes", others_involved="no", dishonesty="no",
        why_referring="Indicators of forced labour and debt bondage.",
    ) for c in cases if c.nrm_referred_on], batch_size=2000)
    entries = []
    for c in cases:
        entries.append(NrmListEntry(case=c, kind=ListKind.UK_PLACE, town="West Bromwich", details="A car wash."))
        if rng.random() < 0.4:
            entries.append(NrmListEntry(case=c, kind=ListKind.OVERSEAS_PLACE, country=rng.choice(codes),
                                        details="Recruited here."))
            entries.append(NrmListEntry(case=c, kind=ListKind.JOURNEY, details="By coach through France."))
        if rng.random() < 0.6:
            entries.append(NrmListEntry(case=c, kind=ListKind.EXPLOITER, details="Two men who ran the business.",
                                        location_known=True, in_uk=True, location="Birmingham"))
    NrmListEntry.objects.bulk_create(entries, batch_size=5000)


def measure(label: str, call, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        call()  # warm-up
    times, queries = [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (label, response.status_code)
        queries.add(len(ctx.captured_queries))
    times.sort()
    result = {"page": label, "median_ms": round(statistics.median(times), 1),
              "p95_ms": round(times[int(0.95 * len(times)) - 1], 1), "queries": sorted(queries)}
    print(f"{label:<44} median {result['median_ms']:>7} ms   p95 {result['p95_ms']:>7} ms   queries {result['queries']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--seed", type=int, default=2026, help="Which people and references are searched for.")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/lantern_bench")
    ensure_database(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    from lantern.accounts.models import User
    from lantern.cases.models import Case

    if args.rebuild:
        with connection.cursor() as cur:
            cur.execute("TRUNCATE cases_caseevent, cases_caseexploitation, cases_casemember, cases_concern, "
                        "cases_referralquestions, cases_nrmlistentry, "
                        "cases_case, cases_personnamekey, cases_person RESTART IDENTITY CASCADE")
    have = Case.objects.count()
    if have < args.cases:
        print(f"Building {args.cases - have} cases…", flush=True)
        started = time.perf_counter()
        build(args.cases - have)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")  # as autovacuum leaves a live database: index-only scans possible
        print(f"Built in {time.perf_counter() - started:.0f} s")

    from anyascii import anyascii

    from tests.support import verified_client

    coordinator = verified_client(User.objects.get(email="coordinator@bench.example"))
    worker = User.objects.get(email="worker0@bench.example")
    worker_client = verified_client(worker)
    own_case = Case.objects.filter(lead_worker=worker, route="adult", nrm_referred_on__isnull=False).order_by("-opened_on").first()
    own_child_case = Case.objects.filter(lead_worker=worker, route="child").order_by("-opened_on").first()
    # People on adult cases, which the coordinator sees (children's cases may be restricted), drawn
    # with a fixed seed (--seed), so that two runs on the same database search for the same people.
    draw = random.Random(args.seed)  # noqa: S311
    adult_ids = sorted(Case.objects.filter(route="adult").values_list("pk", flat=True))
    adults = Case.objects.filter(route="adult").select_related("person")
    person = adults.get(pk=draw.choice(adult_ids)).person
    # The name-variant searches look for a different person each time, as a team would.
    sample = [case.person for case in adults.filter(pk__in=draw.sample(adult_ids, 50)).order_by("pk")]
    variants = itertools.cycle([variant(p.given_name, p.family_name) for p in sample])
    parts = itertools.cycle([anyascii(p.family_name)[:4] for p in sample])
    all_ids = sorted(Case.objects.values_list("pk", flat=True))
    reference_parts = itertools.cycle([ref.split("-", 1)[1][:4] for ref in Case.objects.filter(
        pk__in=draw.sample(all_ids, 50)).order_by("pk").values_list("reference", flat=True)])
    total = Case.objects.count()
    print(f"\n{total} cases on PostgreSQL; {args.runs} runs each\n")
    results = [
        measure("case list (oversight, all cases)", lambda: coordinator.get("/cases/"), args.runs),
        measure("case list, page 3", lambda: coordinator.get("/cases/?page=3"), args.runs),
        measure("filtered list (child, recovery, criminal)",
                lambda: coordinator.get("/cases/?route=child&stage=recovery&exploitation=criminal"), args.runs),
        measure("overdue decisions", lambda: coordinator.get("/cases/?overdue=1&status=open"), args.runs),
        measure("search by name and date of birth",
                lambda: coordinator.post("/cases/", {"name": f"{person.given_name} {person.family_name}",
                                                     "dob": person.date_of_birth.isoformat()}), args.runs),
        measure("search by name", lambda: coordinator.post("/cases/", {"name": f"{person.given_name} "
                                                                                f"{person.family_name}"}), args.runs),
        measure("search by a variant of the name",
                lambda: coordinator.post("/cases/", {"name": next(variants)}), args.runs),
        measure("search by a variant of the name and date of birth",
                lambda: coordinator.post("/cases/", {"name": variant(person.given_name, person.family_name),
                                                     "dob": person.date_of_birth.isoformat()}), args.runs),
        measure("search by part of a name", lambda: coordinator.post("/cases/", {"name": next(parts)}), args.runs),
        measure("search by part of a reference",
                lambda: coordinator.get("/cases/", {"reference": next(reference_parts)}), args.runs),
        measure("case page (team member, an adult's case)",
                lambda: worker_client.get(f"/cases/{own_case.reference}/"), args.runs),
        measure("case page (team member, a child's case)",
                lambda: worker_client.get(f"/cases/{own_child_case.reference}/"), args.runs),
        measure("case list (case worker, own team)", lambda: worker_client.get("/cases/"), args.runs),
        measure("referral questions (team member, an adult's case)",
                lambda: worker_client.get(f"/cases/{own_case.reference}/referral-questions/"), args.runs),
        measure("referral questions, its longest section (What happened)",
                lambda: worker_client.get(f"/cases/{own_case.reference}/referral-questions/what-happened/"), args.runs),
        measure("referral pack, NRM (team member, an adult's case)",
                lambda: worker_client.get(f"/cases/{own_case.reference}/referral-pack/nrm/"), args.runs),
    ]
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"cases-{stamp}.json").write_text(json.dumps({"cases": total, "runs": args.runs, "results": results}, indent=2))
    print(f"\nSaved bench/results/cases-{stamp}.json")


if __name__ == "__main__":
    main()
