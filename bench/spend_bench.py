"""Benchmark: importing 1,000,000 spend rows on PostgreSQL, against DuckDB loading the same file.

See bench/README.md. Generates (once) a CSV in the common column layout of published
"spending over £500" files: about 20,000 suppliers under several spellings each, some
payments redacted as personal data, credits, dates in three formats, amounts with £,
commas and brackets. Then it times the full import through the same pipeline the pages
and `manage.py import_spend` use (read, parse, validate, stage with COPY, commit, the
follow-on steps), with the process's peak memory, and DuckDB's `read_csv` into a table
as the floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lantern_bench_spend \
        .venv/bin/python bench/spend_bench.py --rows 1000000
"""

import argparse
import csv
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
RESULTS = ROOT / "bench" / "results"
HEADERS = ["Body Name", "Service Area", "Expenses Type", "ProClass", "Date", "Transaction Number", "Amount",
           "Supplier Name", "Supplier ID", "Company Number"]
SERVICES = ["Adult Social Care", "Children's Services", "Highways", "Waste Management", "Housing", "Education",
            "Public Health", "Regeneration", "Corporate Services", "Leisure and Culture", "Libraries", "Parks"]
EXPENSES = [("Cleaning Services", "171000"), ("Agency Staff", "141100"), ("Catering", "211000"),
            ("Construction Works", "101000"), ("Care Services", "261000"), ("Stationery", "231000"),
            ("Vehicle Hire", "321000"), ("Security Services", "181000"), ("IT Hardware", "111000"),
            ("Professional Fees", "191000"), ("Grounds Maintenance", "131000"), ("Utilities", "301000")]
WORDS = ["Northern", "Midland", "Regal", "Apex", "Crown", "Phoenix", "Summit", "Vale", "Heritage", "Allied",
         "Premier", "United", "Central", "Pioneer", "Castle", "Oak", "Bridge", "Harbour", "Meridian", "Sterling",
         "Albion", "Beacon", "Cedar", "Delta", "Eden", "Falcon", "Granite", "Horizon", "Iris", "Jubilee"]
TRADES = ["Cleaning", "Care", "Construction", "Catering", "Recruitment", "Security", "Logistics", "Facilities",
          "Transport", "Supplies", "Services", "Contractors", "Solutions", "Homes", "Plant Hire", "Print"]
FORMS = [("LTD", "Limited", "Ltd."), ("PLC", "Plc", "P.L.C."), ("LLP", "Llp", "LLP")]


def suppliers(count: int, rng: random.Random) -> list[tuple[list[str], str, str]]:
    """``count`` suppliers: the spellings each is paid under, its supplier id and company number (70% known)."""
    out, seen = [], set()
    while len(out) < count:
        base = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(TRADES)}"
        if base in seen:
            base = f"{base} {len(out)}"
        seen.add(base)
        forms = rng.choice(FORMS)
        spellings = [f"{base.upper()} {forms[0]}", f"{base} {forms[1]}", f"{base} {forms[2]}",
                     f"{base} ({rng.choice(['North', 'South', 'YPO Contract'])})"][: rng.randint(1, 4)]
        number = f"{rng.randint(100000, 13999999):08d}" if rng.random() < 0.7 else ""
        out.append((spellings, str(100000 + len(out)), number))
    return out


def amount_text(value: float, rng: random.Random) -> str:
    if value < 0 and rng.random() < 0.3:
        return f"({-value:,.2f})"
    if rng.random() < 0.2:
        return f"£{value:,.2f}"
    return f"{value:.2f}"


def date_text(day: datetime.date, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.5:
        return day.strftime("%d/%m/%Y")
    if choice < 0.85:
        return day.isoformat()
    return day.strftime("%d-%b-%y")


def generate(path: Path, rows: int, *, supplier_count: int = 20_000, seed: int = 14) -> None:
    rng = random.Random(seed)
    pool = suppliers(supplier_count, rng)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(pool))]  # a few suppliers paid very often
    start = datetime.date(2023, 4, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        chosen = rng.choices(pool, weights=weights, k=rows)
        for number, (spellings, supplier_id, company) in enumerate(chosen, start=1):
            expense, proclass = rng.choice(EXPENSES)
            value = round(rng.lognormvariate(7.5, 1.2) + 500, 2)
            if rng.random() < 0.03:
                value = -value  # a credit note
            day = start + datetime.timedelta(days=rng.randrange(365))
            if rng.random() < 0.02:
                name, ident, company_cell = "REDACTED PERSONAL DATA", "REDACTED PERSONAL DATA", ""
            else:
                name, ident, company_cell = rng.choice(spellings), supplier_id, company
            writer.writerow(["Sandwell Metropolitan Borough Council", rng.choice(SERVICES), expense,
                             proclass if rng.random() < 0.8 else "", date_text(day, rng), f"T{number:09d}",
                             amount_text(value, rng), name, ident, company_cell])


def ensure_database(url: str) -> None:
    import psycopg
    from environ import Env

    config = Env.db_url_config(url)
    admin = psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
                            password=config.get("PASSWORD") or None, dbname="postgres", autocommit=True)
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    admin.close()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports kilobytes


def import_once(path: Path) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection


    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # start from empty spend tables each run
        # Suppliers and their screenings too: resolution compares new names with the suppliers already known.
        cursor.execute("TRUNCATE supply_chain_spendline, supply_chain_suppliername, supply_chain_spendfile, "
                       "supply_chain_supplier CASCADE")
    before = peak_mb()
    started = time.perf_counter()
    cpu = time.process_time()
    progress = Phases(started)
    stats, result = import_file(path, progress)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "python_cpu_seconds": round(time.process_time() - cpu, 2),
            "phases": progress.phases(seconds), "rows_read": stats.read, "imported": result.get("imported"),
            "rejected": stats.rejected, "redacted": stats.extra.get("redacted"),
            "supplier_names": _count("supply_chain_suppliername"), "peak_memory_mb": round(peak_mb(), 1),
            "memory_before_import_mb": round(before, 1)}


COLUMNS = {"body": "Body Name", "service": "Service Area", "expense_type": "Expenses Type",
           "proclass_code": "ProClass", "payment_date": "Date", "transaction_number": "Transaction Number",
           "amount": "Amount", "supplier_name": "Supplier Name", "supplier_id": "Supplier ID",
           "company_number": "Company Number"}


def import_file(path: Path, progress: "Phases") -> tuple:
    """The full import of one generated file: parse, validate, store, resolve suppliers, screen their risk."""
    from lantern.core.imports import pipeline
    from lantern.core.imports.registry import ImportSource
    from lantern.supply_chain.pipeline import SPEND_IMPORT

    with path.open("rb") as stream:
        source = ImportSource(name=path.name, sha256=pipeline.file_sha256(stream), source="Bench", user=None)
        return pipeline.run_import(kind=SPEND_IMPORT, stream=stream, source=source, columns=COLUMNS,
                                   progress=progress)


class Phases:
    """Progress that notes when each stage began: reading (and saving), the rest of the saving, each follow-on step."""

    def __init__(self, started: float) -> None:
        self.started = started
        # On PostgreSQL the lines are saved while the file is read (ADR 28): "Saving the lines" is what is
        # left to save once the reading is done.
        self.marks: list[tuple[str, float]] = [("read, parse, stage (COPY) and save", started)]

    def total(self, total: int) -> None:
        return None

    def advance(self, done: int, message: str = "") -> None:
        if message and message != self.marks[-1][0]:
            self.marks.append((message, time.perf_counter()))

    def phases(self, seconds: float) -> dict[str, float]:
        ends = [at for _, at in self.marks[1:]] + [self.started + seconds]
        return {name: round(end - at, 2) for (name, at), end in zip(self.marks, ends, strict=True)}


def _count(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  (a fixed table name)
        return int(cursor.fetchone()[0])


DUCKDB = """
import json, resource, sys, time
import duckdb
path = sys.argv[1]
connection = duckdb.connect()
connection.execute("SET enable_progress_bar = false")
started = time.perf_counter()
connection.execute("CREATE TABLE spend AS SELECT * FROM read_csv(?, header=true, all_varchar=false)", [path])
seconds = time.perf_counter() - started
rows = connection.execute("SELECT count(*) FROM spend").fetchone()[0]
print(json.dumps({"seconds": round(seconds, 2), "rows": rows,
                  "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def duckdb_floor(path: Path) -> dict[str, object]:
    """DuckDB loading the same file into a table, in its own process (its memory is its own)."""
    done = subprocess.run([sys.executable, "-c", DUCKDB, str(path)], capture_output=True, text=True,  # noqa: S603
                          check=False)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "DuckDB failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path, default=None, help="Where the generated CSV is kept (reused).")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--import-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = args.file or RESULTS / f"spend_{args.rows}.csv"
    if args.import_only:  # the child process: a clean measure of the import's own peak memory
        print(json.dumps(import_once(path)))
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created if missing).")
    ensure_database(url)
    if args.regenerate or not path.exists():
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"Generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s: {path} "
              f"({path.stat().st_size / 1e6:.0f} MB)")
    child = subprocess.run([sys.executable, __file__, "--import-only", "--rows", str(args.rows),  # noqa: S603
                            "--file", str(path)], capture_output=True, text=True, check=False)
    if child.returncode:
        sys.exit(child.stderr)
    lantern = json.loads(child.stdout.strip().splitlines()[-1])
    print(json.dumps({"lantern_postgresql": lantern}), flush=True)
    floor = duckdb_floor(path)
    load = os.getloadavg()
    result = {"rows": args.rows, "lantern_postgresql": lantern, "duckdb": floor,
              "ratio": round(float(lantern["seconds"]) / float(floor["seconds"]), 1) if "seconds" in floor else None,
              "load_average": [round(value, 2) for value in load],
              "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "spend_bench.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
