"""Benchmark: import 100,000 attendance rows (a learning platform's export) and compute compliance for
20,000 people, on PostgreSQL, reporting the time and peak memory. See bench/README.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lantern_training_bench python bench/training_bench.py

Targets (issue 17): the import under 20 s; the compliance page's p95 under 200 ms.
"""

import argparse
import csv
import datetime
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")

from bench.cases_bench import ensure_database  # noqa: E402

JOBS = ["Housing officer", "Licensing officer", "Social worker", "Procurement officer"]
COURSES = ["Modern slavery awareness", "First responder training", "child-exploitation", "procurement", "licensing"]


def generate(path: Path, *, rows: int, people: int, agencies: list[str]) -> None:
    """A learning platform's export: ``rows`` completions by ``people`` people, with real-world quirks
    (names in capitals, one in ten without an email, repeated rows)."""
    from faker import Faker

    fake = Faker("en_GB")
    Faker.seed(17)
    rng = random.Random(17)  # noqa: S311
    persons = []
    for number in range(people):
        name = f"{fake.first_name()} {fake.last_name()}"
        email = "" if rng.random() < 0.1 else f"person{number}@bench.example"
        persons.append((name, email, rng.choice(agencies), rng.choice(JOBS)))
    today = datetime.datetime.now(tz=datetime.UTC).date()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Learner name", "Email", "Organisation", "Job title", "Course", "Completion date", "Status"])
        for _ in range(rows):
            name, email, agency, job = rng.choice(persons)
            day = today - datetime.timedelta(days=rng.randint(0, 4 * 365))
            writer.writerow([name.upper() if rng.random() < 0.05 else name, email, agency, job, rng.choice(COURSES),
                             day.strftime("%d/%m/%Y"), "Completed" if rng.random() < 0.95 else "Not completed"])


def timed(runs: int, call) -> dict:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return {"median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(0.95 * len(times)) - 1)], 1), "max_ms": round(times[-1], 1), "runs": runs}


def main() -> None:  # noqa: PLR0915
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20, help="Compliance page requests measured (after a warm-up).")
    parser.add_argument("--fresh", action="store_true", help="Empty the training tables first.")
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
    from lantern.accounts.capabilities import Role
    from lantern.accounts.models import Agency, AgencyType, User
    from lantern.core.imports import pipeline
    from lantern.core.imports.registry import ImportSource
    from lantern.training.defaults import matrix_default_seed
    from lantern.training.models import Attendance, AttendanceImport, MatchReview, Trainee
    from lantern.training.pipeline import COMPLETIONS_IMPORT
    from lantern.training.selectors.compliance import compliance
    from tests.support import make_user, verified_client

    if args.fresh:
        with connection.cursor() as cur:
            cur.execute("TRUNCATE training_attendance, training_matchreview, training_trainingreminder, "
                        "training_certificate, training_attendanceimport, training_trainee CASCADE")
    matrix_default_seed()
    agencies = [Agency.objects.get_or_create(name=f"Bench agency {n}", defaults={
        "agency_type": AgencyType.COUNCIL_SERVICE})[0].name for n in range(12)]
    path = ROOT / "bench" / "results" / f"training-{args.rows}-{args.people}.csv"
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        print(f"Generating {args.rows:,} rows for {args.people:,} people…", flush=True)
        generate(path, rows=args.rows, people=args.people, agencies=agencies)

    results: dict = {}
    columns = {"full_name": "Learner name", "email": "Email", "agency": "Organisation", "role": "Job title",
               "course": "Course", "completed_on": "Completion date", "outcome": "Status"}
    with path.open("rb") as stream:
        source = ImportSource(name=path.name, sha256=pipeline.file_sha256(stream), source="Bench platform",
                              user=None)
        AttendanceImport.objects.filter(sha256=source.sha256).delete()  # measure the import on every run
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        stats, result = pipeline.run_import(kind=COMPLETIONS_IMPORT, stream=stream, source=source, columns=columns,
                                            progress=pipeline.Silent())
        seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results["import"] = {"rows": stats.read, "accepted": stats.accepted, "rejected": stats.rejected,
                         "seconds": round(seconds, 2), "process_peak_rss_mb": round(rss_after / 1024, 1),
                         "peak_rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
                         "message": result.get("message")}
    print(f"Import: {stats.read:,} rows in {seconds:.1f} s (target < 20 s); process peak RSS "
          f"{rss_after / 1024:.0f} MB (+{(rss_after - rss_before) / 1024:.0f} MB during the import); "
          f"{result.get('message')}", flush=True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")

    started = time.perf_counter()
    everyone = compliance()
    results["compliance_computation"] = {"people": len(everyone), "ms": round((time.perf_counter() - started) * 1000)}
    print(f"Compliance for {len(everyone):,} people computed in {results['compliance_computation']['ms']} ms",
          flush=True)
    manager = (User.objects.filter(email="manager@bench.example").first()
               or make_user(Role.PROGRAMME_MANAGER, email="manager@bench.example"))
    client = verified_client(manager)
    agency = Agency.objects.get(name=agencies[0])
    for _ in range(2):
        client.get("/training/compliance/")
    results["compliance page, all agencies"] = timed(args.runs, lambda: client.get("/training/compliance/"))
    results["compliance page, one agency"] = timed(args.runs, lambda: client.get(
        f"/training/compliance/?agency={agency.pk}"))
    results["counts"] = {"trainees": Trainee.objects.count(), "attendance": Attendance.objects.count(),
                         "reviews": MatchReview.objects.count()}
    for label in ("compliance page, all agencies", "compliance page, one agency"):
        r = results[label]
        print(f"{label:<34} median {r['median_ms']:>8} ms   p95 {r['p95_ms']:>8} ms (target p95 < 200 ms)")
    print(json.dumps(results["counts"]))
    (ROOT / "bench" / "results" / "training.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
