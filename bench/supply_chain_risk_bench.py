"""Benchmark: screening every supplier, and the supply-chain overview, at 20,000 suppliers on PostgreSQL.
See bench/README.md."""

import argparse
import datetime
import hashlib
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

sys.path.insert(0, str(ROOT / "bench"))
from cases_bench import ensure_database  # noqa: E402

# What councils' spend files say was bought (from the Leeds and Bradford files), a little of it risky.
EXPENSE_TYPES = [
    "Operational Materials", "Other Hired And Contracted Services", "Home Care", "Agency Staff",
    "Bought In Professional Services", "Cleaning Maintenance & Toiletries", "Food & Drink", "Residential",
    "Vehicle Spares", "Plant Hire - By Directorate", "Computer Software & Equipment", "CONSTRUCTION",
    "Clothing & Uniforms", "Office Consumables", "Legal Disbursements", "Stationery", "Electricity",
    "Removal Of Workplace Waste", "Grants To Businesses", "Training & Development", "Major Building Works",
    "Rest Home Payment", "Supported Living", "Security guards", "Temporary staff", "Catering",
]


def build(suppliers: int, lines_per_supplier: int) -> None:
    from lantern.supply_chain.models import SpendFile, SpendLine, Supplier, SupplierName

    rng = random.Random(7)
    spend_file = SpendFile.objects.create(publisher="Bench Council", name="bench.csv",
                                          sha256=hashlib.sha256(b"bench").hexdigest())
    made = Supplier.objects.bulk_create(
        [Supplier(reference=f"SU-B{i:07d}", name=f"Supplier {i} Ltd", normalised_name=f"SUPPLIER {i}")
         for i in range(suppliers)], batch_size=5000)
    names = SupplierName.objects.bulk_create(
        [SupplierName(key=f"SUPPLIER {i}|", name=s.name, normalised_name=s.normalised_name, supplier=s,
                      match_status="automatic") for i, s in enumerate(made)], batch_size=5000)
    row = 0
    lines = []
    start = datetime.date(2024, 1, 1)
    for name in names:
        kinds = rng.sample(EXPENSE_TYPES, k=2)
        for _ in range(lines_per_supplier):
            row += 1
            lines.append(SpendLine(
                file=spend_file, row_number=row, line_key=hashlib.sha256(f"bench-{row}".encode()).hexdigest(),
                body="Bench Council", service="Adults and Health", expense_type=rng.choice(kinds),
                payment_date=start + datetime.timedelta(days=rng.randrange(365)),
                amount=Decimal(rng.randrange(500, 60_000)), payee=name))
            if len(lines) >= 10_000:
                SpendLine.objects.bulk_create(lines)
                lines = []
    SpendLine.objects.bulk_create(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=5, help="spend lines per supplier")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/lantern_bench_risk")
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
    from lantern.supply_chain.models import SpendLine, Supplier, SupplierScreening
    from lantern.supply_chain.services import risk as risk_services
    from tests.support import make_user, verified_client

    if Supplier.objects.count() < args.suppliers:
        with connection.cursor() as cur:
            cur.execute("TRUNCATE supply_chain_supplierscreening, supply_chain_spendline, supply_chain_suppliername, "
                        "supply_chain_supplier, supply_chain_spendfile RESTART IDENTITY CASCADE")
        print(f"Building {args.suppliers} suppliers with {args.lines} spend lines each…", flush=True)
        started = time.perf_counter()
        build(args.suppliers, args.lines)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        print(f"Built in {time.perf_counter() - started:.0f} s")

    officer = make_user(Role.PROCUREMENT_OFFICER)
    screen_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        result = risk_services.suppliers_screen(acting_user=officer)
        screen_times.append(time.perf_counter() - started)
    client = verified_client(make_user(Role.PROGRAMME_MANAGER))
    client.get("/supply-chain/")  # warm-up
    page_times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        response = client.get("/supply-chain/")
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200
    figures = {
        "suppliers": Supplier.objects.count(), "spend_lines": SpendLine.objects.count(),
        "screenings_kept": SupplierScreening.objects.count(), "by_band": result.by_band,
        "screen_all_seconds_median": round(statistics.median(screen_times), 2),
        "overview_page_seconds_median": round(statistics.median(page_times), 2),
    }
    print(json.dumps(figures, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"supply-chain-risk-{stamp}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
