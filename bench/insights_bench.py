"""Benchmark: the insight dashboard and the quarterly board report's PDF at 100,000 cases on PostgreSQL.
See bench/README.md."""

import argparse
import datetime
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

from bench.cases_bench import build, ensure_database  # noqa: E402  (the same 100,000 cases)


def add_spend(rows: int) -> None:
    """A year of the council's spend, ``rows`` lines from 20,000 suppliers, imported in full (suppliers resolved
    and screened) once, so the supply chain's KPIs read a spend table of that size."""
    from django.db import connection

    from bench.spend_bench import Phases, generate, import_file
    from lantern.supply_chain.models import SpendLine

    if rows <= 0 or SpendLine.objects.count() >= rows:
        return
    path = ROOT / "bench" / "results" / f"spend-{rows}.csv"
    if not path.exists():
        print(f"Generating {rows} spend lines…", flush=True)
        generate(path, rows)
    print("Importing them…", flush=True)
    started = time.perf_counter()
    import_file(path, Phases(started))
    print(f"Imported in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")


def add_referrals_and_decisions() -> int:
    """Referrals and Home Office decisions for the cases the case benchmark built (it records only the date
    of the NRM referral on the case): an NRM referral for each case referred, a Duty to Notify for some
    adults who were not, and reasonable and conclusive grounds decisions for most referrals."""
    from django.db import transaction
    from django.utils import timezone

    from lantern.cases.models import (
        Case,
        CompetentAuthority,
        Decision,
        DecisionKind,
        Referral,
        ReferralKind,
        Route,
    )

    rng = random.Random(11)  # noqa: S311
    today = timezone.localdate()
    made = 0
    cases = Case.objects.filter(referrals__isnull=True).select_related("lead_worker").order_by("pk")
    ids = list(cases.values_list("pk", "route", "nrm_referred_on", "lead_agency_id", "lead_worker_id"))
    for start in range(0, len(ids), 5000):
        referrals, decisions, rg_days, cg_days = [], [], {}, {}
        for pk, route, referred, agency, worker in ids[start:start + 5000]:
            if referred is None:
                if route == Route.ADULT and rng.random() < 0.5:
                    referrals.append(Referral(case_id=pk, kind=ReferralKind.DUTY_TO_NOTIFY, made_on=today
                                              - datetime.timedelta(days=rng.randint(1, 3650)), made_by_agency_id=agency,
                                              anonymous=True, created_by_id=worker))
                continue
            referrals.append(Referral(case_id=pk, kind=ReferralKind.NRM, made_on=referred, made_by_agency_id=agency,
                                      created_by_id=worker))
            if rng.random() < 0.8:
                rg = referred + datetime.timedelta(days=rng.randint(3, 90))
                rg_days[pk] = rg
                positive = rng.random() < 0.85
                decisions.append(Decision(case_id=pk, kind=DecisionKind.REASONABLE_GROUNDS, decided_on=rg, positive=positive,
                                          competent_authority=CompetentAuthority.SCA, created_by_id=worker))
                if positive and rng.random() < 0.6:
                    cg = rg + datetime.timedelta(days=rng.randint(60, 700))
                    cg_days[pk] = cg
                    decisions.append(Decision(case_id=pk, kind=DecisionKind.CONCLUSIVE_GROUNDS, decided_on=cg,
                                              positive=rng.random() < 0.9, competent_authority=CompetentAuthority.SCA,
                                              created_by_id=worker))
        with transaction.atomic():
            Referral.objects.bulk_create(referrals, batch_size=5000)
            Decision.objects.bulk_create(decisions, batch_size=5000)
            Case.objects.bulk_update([Case(pk=pk, rg_decided_on=day, cg_decided_on=cg_days.get(pk))
                                      for pk, day in rg_days.items()], ["rg_decided_on", "cg_decided_on"], batch_size=1000)
        made += len(referrals)
        print(f"  {start + 5000} cases given their referrals", flush=True)
    return made


def timed(runs: int, call) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - started) * 1000)
        if hasattr(response, "status_code"):
            assert response.status_code == 200, response.status_code
        queries.add(len(ctx.captured_queries))
    times.sort()
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(times[max(0, int(0.95 * len(times)) - 1)], 1),
            "max_ms": round(times[-1], 1), "queries": sorted(queries), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="Dashboard requests measured (after a warm-up).")
    parser.add_argument("--pdf-runs", type=int, default=3, help="Board report PDFs rendered.")
    parser.add_argument("--spend-rows", type=int, default=1_000_000,
                        help="Spend lines in the database (generated and imported once, as bench/spend_bench.py does).")
    parser.add_argument("--period", default="", help="The quarter (default: the last complete quarter).")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/lantern_bench")
    ensure_database(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    from lantern.accounts.capabilities import Role
    from lantern.accounts.models import User
    from lantern.cases.models import Case, Decision, Referral
    from lantern.core.periods import latest_complete_quarter, parse
    from lantern.insights.board import board_content, render_html, render_pdf
    from lantern.supply_chain.models import SpendLine
    from tests.support import make_user, verified_client

    have = Case.objects.count()
    if have < args.cases:
        print(f"Building {args.cases - have} cases…", flush=True)
        started = time.perf_counter()
        build(args.cases - have)
        print(f"Built in {time.perf_counter() - started:.0f} s")
    if Case.objects.filter(nrm_referred_on__isnull=False, referrals__isnull=True).exists():
        print("Adding referrals and decisions…", flush=True)
        add_referrals_and_decisions()
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")

    add_spend(args.spend_rows)
    period = parse(args.period) if args.period else latest_complete_quarter(timezone.localdate())
    manager = (User.objects.filter(email="manager@bench.example").first()
               or make_user(Role.PROGRAMME_MANAGER, email="manager@bench.example"))
    client = verified_client(manager)
    cases, referrals, decisions = Case.objects.count(), Referral.objects.count(), Decision.objects.count()
    spend_lines = SpendLine.objects.count()
    print(f"\n{cases} cases, {referrals} referrals, {decisions} decisions, {spend_lines} spend lines on PostgreSQL; "
          f"period {period.code}; "
          f"cache backend {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}\n")

    url_ = f"/insights/?period={period.code}"
    results = {}
    cache.clear()
    results["dashboard, first request after the cache is cleared"] = timed(1, lambda: client.get(url_))
    for _ in range(3):
        client.get(url_)  # warm-up
    results["dashboard"] = timed(args.runs, lambda: client.get(url_))

    def no_cache_get():
        cache.clear()
        return client.get(url_)

    results["dashboard, cache cleared before each request"] = timed(args.runs, no_cache_get)

    def pdf():
        cache.clear()
        content = board_content(period)
        return render_pdf(render_html(content, {"executive_summary": "Benchmark.", "objectives": {}}))

    started = time.perf_counter()
    size = len(pdf())
    first = (time.perf_counter() - started) * 1000
    results["board report PDF (figures computed, HTML rendered, PDF made)"] = {**timed(args.pdf_runs, pdf),
                                                                             "first_ms": round(first, 1), "bytes": size}
    for label, result in results.items():
        print(f"{label:<64} median {result['median_ms']:>9} ms   p95 {result['p95_ms']:>9} ms   "
              f"queries {result['queries']}")
    load = os.getloadavg()
    print(f"\nLoad average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"insights-{stamp}.json").write_text(json.dumps({
        "cases": cases, "referrals": referrals, "decisions": decisions, "spend_lines": spend_lines,
        "period": period.code, "results": results,
        "load_average": load}, indent=2))
    print(f"Saved bench/results/insights-{stamp}.json")


if __name__ == "__main__":
    main()
