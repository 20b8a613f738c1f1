"""Benchmark: public report submissions under load, wrk against gunicorn on loopback. See bench/README.md.

One command (`make bench-reports`) does everything: resets a dedicated PostgreSQL database and Redis
database, starts gunicorn with the production settings, prepares and solves forms the way a browser
does, sends them with wrk for a bounded time, then counts the reports the database holds against the
confirmation pages wrk received.
"""

import argparse
import concurrent.futures
import datetime
import hashlib
import html
import http.client
import json
import math
import multiprocessing
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = ROOT / ".venv" / "bin"
LUA_SCRIPT = ROOT / "bench" / "reports_submit.lua"
RESULTS = ROOT / "bench" / "results"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lantern_reports_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"

# Targets from the issue.
TARGET_PER_SECOND = 100
TARGET_P95_MS = 300

# What a person typically sends: an anonymous report with every question answered, no file.
ANSWERS: list[tuple[str, str]] = [
    ("website", ""),  # the honeypot, empty as people leave it
    ("identity_mode", "anonymous"),
    ("name", ""), ("email", ""), ("phone", ""), ("safe_contact", ""),
    ("reporter_type", "public"),
    ("what_happened", "Six men work at the car wash from 7am to 10pm and sleep in the unit at the back. "
                      "They never seem to have a day off and look tired and underfed."),
    ("location", "Car wash behind the parade on Oldbury Road"),
    ("area", ""),
    ("premises_type", "car_wash"),
    ("when_seen", "Most evenings last week"),
    ("still_happening", "yes"),
    ("people", "Men in their twenties; a man in a black BMW collects the cash every evening."),
    ("children_involved", "no"),
    ("signs", "long_hours"), ("signs", "living_at_work"),
    ("business_name", "Sparkle Hand Car Wash"),
    ("council_supplier", "unknown"),
    ("anything_else", ""),
]


# --- Set-up ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def reset_database(url: str) -> None:
    import psycopg
    from environ import Env

    config = Env.db_url_config(url)
    name = config["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    admin = psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
                            password=config.get("PASSWORD") or None, dbname="postgres", autocommit=True)
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def redis_client(url: str) -> Any:
    import redis

    db = urlsplit(url).path.strip("/")
    if not db.isdigit() or int(db) in (0, 1):
        sys.exit(f"Give the benchmark a Redis database of its own (not 0 or 1, the defaults): {url}")
    return redis.Redis.from_url(url)


def server_env(args: argparse.Namespace, static_root: Path, media_root: Path) -> dict[str, str]:
    """Production settings with fresh secrets, static files collected into a temporary folder."""
    from cryptography.fernet import Fernet

    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "STATIC_ROOT": str(static_root),
        "LANTERN_MEDIA_ROOT": str(media_root),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": args.database_url,
        "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
        "REDIS_URL": args.redis_url,
        # Notifications to the reporting team are queued here; no worker runs, so they stay
        # queued and are counted afterwards (one per report).
        "CELERY_BROKER_URL": args.redis_url,
        "LANTERN_FIELD_KEYS": Fernet.generate_key().decode(),
        "LANTERN_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        "LANTERN_AUDIT_KEY": secrets.token_urlsafe(32),
        # The global budgets are raised far above the offered load: this measures capacity, and
        # the limits themselves are proven by the test suite (test_abuse_and_input.py).
        "LANTERN_REPORT_RATE": "1000000/m",
        "LANTERN_REPORT_RATE_UNVERIFIED": "1000000/m",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([str(VENV_BIN / "python"), "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


def start_gunicorn(args: argparse.Namespace, env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        str(VENV_BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(args.workers), "--worker-class", args.worker_class, "--threads", str(args.threads),
        "--log-level", "warning",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # graceful: workers finish the requests they hold
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(port: int, path: str) -> tuple[int, list[tuple[str, str]], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        conn.close()


def wait_until_ready(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{log.read_text()}")
        try:
            if get(port, "/report/new/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within 60 s:\n{log.read_text()}")


# --- Forms, as a browser fills them in ------------------------------------------------


def open_form(port: int) -> dict[str, Any]:
    """GET the form as a browser does: its hidden fields, and any cookie it sets (none, today)."""
    status, headers, page = get(port, "/report/new/")
    if status != 200:
        raise RuntimeError(f"GET /report/new/ answered {status}")
    hidden = {}
    for name in ("challenge", "pow_number", "held", "csrfmiddlewaretoken"):
        match = re.search(rf'name="{name}" value="([^"]*)"', page)
        if match:
            hidden[name] = html.unescape(match.group(1))
    cookies = [value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie"]
    return {"hidden": hidden, "cookie": "; ".join(cookies), "opened": time.time()}


def solve(challenge_json: str) -> int:
    """The proof of work the browser does: the number with sha256(salt + number) == challenge."""
    data = json.loads(challenge_json)
    base = hashlib.sha256(data["salt"].encode())
    target = bytes.fromhex(data["challenge"])
    for number in range(int(data.get("maxNumber") or data.get("maxnumber") or 10**7) + 1):
        attempt = base.copy()
        attempt.update(b"%d" % number)
        if attempt.digest() == target:
            return number
    raise RuntimeError("puzzle has no solution")


def multipart(fields: list[tuple[str, str]], index: int) -> tuple[str, bytes]:
    """The body a browser sends for this form (enctype multipart/form-data), with its empty file input."""
    boundary = f"----LanternBench{index:08d}{secrets.token_hex(8)}"
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    # A file input left empty, as every browser sends it.
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="uploads"; filename=""\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n\r\n".encode())
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def prepare(port: int, count: int, path: Path, label: str) -> float:
    """Open and solve `count` forms; write them to `path`. Returns when the last form was opened."""
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        opened = list(pool.map(lambda _: open_form(port), range(count)))
    fetched = time.monotonic()
    with multiprocessing.Pool() as pool:
        numbers = pool.map(solve, [form["hidden"]["challenge"] for form in opened], chunksize=16)
    with path.open("wb") as out:
        for index, (form, number) in enumerate(zip(opened, numbers, strict=True)):
            hidden = form["hidden"]
            fields = [(name, hidden[name]) for name in ("csrfmiddlewaretoken",) if name in hidden]
            fields += [("challenge", hidden["challenge"]), ("pow_number", str(number)),
                       ("held", hidden.get("held", ""))]
            fields += [(name, f"{value} (form {label}-{index})" if name == "what_happened" else value)
                       for name, value in ANSWERS]
            content_type, body = multipart(fields, index)
            out.write(f"{form['cookie']}\t{content_type}\t{len(body)}\n".encode() + body)
    print(f"  {count} {label} forms: opened in {fetched - started:.1f} s, solved in {time.monotonic() - fetched:.1f} s",
          flush=True)
    return max(form["opened"] for form in opened)


# --- Measuring --------------------------------------------------------------------------


def process_cpu(server_pid: int) -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system) used so far by every process, with the group it belongs to."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        fields = rest.split()
        command = name.split("(", 1)[1]
        pid, parent = int(entry.name), int(fields[1])
        if server_pid in (pid, parent):
            group = "gunicorn"
        elif command in ("postgres", "redis-server", "wrk"):
            group = command
        else:
            group = "other"
        found[pid] = (group, (int(fields[11]) + int(fields[12])) / tick)
    return found


def machine_cpu() -> tuple[float, float]:
    """Busy and total CPU seconds of the whole machine (all cores) so far."""
    tick = os.sysconf("SC_CLK_TCK")
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / tick, sum(values) / tick


def cpu_breakdown(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]],
                  machine_before: tuple[float, float], machine_after: tuple[float, float]) -> dict[str, Any]:
    """Where the machine's CPU went during a run, by group of processes (CPU seconds)."""
    groups: dict[str, float] = {"gunicorn": 0.0, "postgres": 0.0, "redis-server": 0.0, "wrk": 0.0}
    for pid, (group, seconds) in after.items():
        if group != "other":
            groups[group] += seconds - before.get(pid, (group, 0.0))[1]
    busy = machine_after[0] - machine_before[0]
    total = machine_after[1] - machine_before[1]
    # Everything not accounted for above: other programs on the machine, the kernel, and processes
    # that ended during the run (PostgreSQL backends replaced after CONN_MAX_AGE). Clock ticks are
    # 10 ms, so a small negative remainder is rounding.
    groups["other"] = max(busy - sum(groups.values()), 0.0)
    return {"busy_pct": round(100 * busy / total, 1) if total else None,
            "seconds": {name: round(value, 2) for name, value in groups.items()}}


def run_wrk(args: argparse.Namespace, port: int, forms: Path, out: Path, seconds: int,
            server_pid: int) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    processes_before, machine_before = process_cpu(server_pid), machine_cpu()
    command = [shutil.which("wrk") or "wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{seconds}s",
               "--timeout", "10s", "--latency", "-s", str(LUA_SCRIPT), f"http://127.0.0.1:{port}/report/new/",
               "--", str(forms), str(out), str(args.wrk_threads)]
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "LANTERN_BENCH_RATE": str(args.rate)} if args.rate else None
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    processes_after, machine_after = process_cpu(server_pid), machine_cpu()
    # wrk has exited by now: its CPU time is what this process's finished children gained.
    wrk_cpu = (children_after.ru_utime + children_after.ru_stime) - (children_before.ru_utime + children_before.ru_stime)
    processes_after[-1] = ("wrk", wrk_cpu)
    stdout, stderr = result.stdout, result.stderr
    if result.returncode != 0:
        sys.exit(f"wrk failed ({result.returncode}):\n{stdout}\n{stderr}")
    line = next((line for line in stdout.splitlines() if line.startswith("BENCH_JSON ")), None)
    if line is None:
        sys.exit(f"wrk printed no summary:\n{stdout}\n{stderr}")
    summary: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    summary["wrk_output"] = [line for line in stdout.splitlines() if not line.startswith("BENCH_JSON ")]
    summary["cpu"] = cpu_breakdown(processes_before, processes_after, machine_before, machine_after)
    return summary


def receipt_list(folder: Path) -> list[str]:
    digits = []
    for path in sorted(folder.glob("receipts-*.txt")):
        digits += [line.replace(" ", "") for line in path.read_text().splitlines() if line.strip()]
    return digits


def _hash(receipt: str) -> str:
    from lantern.confidential_reports.receipts import receipt_hash

    return receipt_hash(receipt)


def count_and_match(confirmed: list[str], broker: Any) -> dict[str, Any]:
    """What the database holds, against the receipts the confirmation pages gave out."""
    from lantern.audit.models import AuditEntry
    from lantern.audit.services import audit_verify
    from lantern.confidential_reports.models import Report

    stored = set(Report.objects.values_list("receipt_hash", flat=True))
    with multiprocessing.Pool() as pool:  # scrypt, about 3 ms each
        hashes = pool.map(_hash, confirmed, chunksize=64)
    found = sum(1 for h in hashes if h in stored)
    checked, broken = audit_verify()
    return {
        "reports_in_database": Report.objects.count(),
        "receipts_given": len(confirmed),
        "receipts_distinct": len(set(confirmed)),
        "receipts_opening_a_report": found,
        "lost_reports": len(confirmed) - found,
        "audit_entries_report_submit": AuditEntry.objects.filter(action="report.submit").count(),
        "audit_chain_checked": checked,
        "audit_chain_intact": broken is None,
        "notifications_queued": int(broker.llen("celery")),
    }


# --- Main -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of measured load (default 30)")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load before measuring (default 5)")
    parser.add_argument("--connections", type=int, default=8,
                        help="wrk connections, each with one request at a time (default 8: two per worker)")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class: sync or gthread")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE (production: 60)")
    parser.add_argument("--rate", type=int, default=0,
                        help="send this many submissions/s on a fixed schedule (default: as fast as the "
                             "connections allow)")
    parser.add_argument("--max-rate", type=int, default=200,
                        help="submissions/s to prepare forms for (a run that uses them all is flagged)")
    parser.add_argument("--database-url", default=os.environ.get("LANTERN_BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--redis-url", default=os.environ.get("LANTERN_BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: `make bench-reports` installs it (apt-get install wrk).")

    tmp = Path(tempfile.mkdtemp(prefix="lantern-reports-bench-"))
    env = {**os.environ, **server_env(args, tmp / "static", tmp / "media")}
    os.environ.update(env)  # this process reads the same database afterwards
    print(f"Resetting {args.database_url} and {args.redis_url}…", flush=True)
    reset_database(args.database_url)
    broker = redis_client(args.redis_url)
    broker.flushdb()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")

    import django

    django.setup()
    from django.conf import settings

    port = free_port()
    log = tmp / "gunicorn.log"
    server = start_gunicorn(args, env, port, log)
    try:
        wait_until_ready(port, server, log)
        print(f"gunicorn on 127.0.0.1:{port}: {args.workers} {args.worker_class} workers"
              f"{f' x {args.threads} threads' if args.threads > 1 else ''}, CONN_MAX_AGE={args.conn_max_age}",
              flush=True)
        print("Preparing forms (GET /report/new/, then the proof of work, as a browser does)…", flush=True)
        per_second = min(args.max_rate, math.ceil(args.rate * 1.1)) if args.rate else args.max_rate
        warmup_forms = math.ceil(args.warmup * per_second) + args.connections
        run_forms = math.ceil(args.duration * per_second) + args.connections
        last_opened = 0.0
        if args.warmup:
            last_opened = prepare(port, warmup_forms, tmp / "forms-warmup.bin", "warm-up")
        last_opened = max(last_opened, prepare(port, run_forms, tmp / "forms-run.bin", "measured"))
        # A form cannot be sent sooner than LANTERN_REPORT_MIN_SECONDS after it was served.
        wait = last_opened + settings.LANTERN_REPORT_MIN_SECONDS + 1 - time.time()
        if wait > 0:
            time.sleep(wait)
        warmup = None
        if args.warmup:
            print(f"Warm-up: {args.warmup} s…", flush=True)
            warmup = run_wrk(args, port, tmp / "forms-warmup.bin", tmp / "warmup", args.warmup, server.pid)
        print(f"Measuring: {args.duration} s, {args.connections} connections"
              f"{f', {args.rate} submissions/s offered' if args.rate else ''}…", flush=True)
        run = run_wrk(args, port, tmp / "forms-run.bin", tmp / "run", args.duration, server.pid)
        time.sleep(2)  # requests wrk gave up on when its time ran out finish on the server
    finally:
        stop(server)
    server_log = log.read_text()

    confirmed = receipt_list(tmp / "run") + (receipt_list(tmp / "warmup") if warmup else [])
    print(f"Counting reports and matching {len(confirmed)} receipts…", flush=True)
    counts = count_and_match(confirmed, broker)
    broker.flushdb()
    shutil.rmtree(tmp, ignore_errors=True)

    report(args, run, warmup, counts, server_log)


def report(args: argparse.Namespace, run: dict[str, Any], warmup: dict[str, Any] | None,
           counts: dict[str, Any], server_log: str) -> None:
    seconds = run["duration_s"]
    per_second = run["confirmed"] / seconds
    latency = run["latency_ms"]["percentiles"]
    sockets = sum(run["socket_errors"].values())
    rejected = run["responses"] - run["confirmed"]
    in_flight = sum(r["sent"] - r["responses"] for r in (run, warmup) if r)
    confirmed_total = run["confirmed"] + (warmup["confirmed"] if warmup else 0)
    unconfirmed = counts["reports_in_database"] - counts["receipts_opening_a_report"]
    errors = sockets + rejected + run["out_of_forms"] + (
        sum(warmup["socket_errors"].values()) + warmup["responses"] - warmup["confirmed"] if warmup else 0)
    correct = (errors == 0 and counts["lost_reports"] == 0
               and counts["receipts_distinct"] == counts["receipts_given"] == confirmed_total
               and 0 <= unconfirmed <= in_flight
               and counts["audit_entries_report_submit"] == counts["reports_in_database"]
               and counts["audit_chain_intact"])
    cpu_per_report = ", ".join(f"{name} {1000 * value / max(run['confirmed'], 1):.1f} ms"
                               for name, value in run["cpu"]["seconds"].items())
    # On a fixed schedule, keeping up with the offered rate to within 1% counts as sustaining it
    # (the schedule starts with wrk's clock, a moment before its first request goes out).
    sustained = args.rate if args.rate and per_second >= 0.99 * args.rate else per_second
    meets = correct and sustained >= TARGET_PER_SECOND and latency["95"] < TARGET_P95_MS

    offered = f"{args.rate} per second offered" if args.rate else "each sending as soon as its last answer came"
    lines = [
        "",
        f"Submissions of the public report form, {seconds:.1f} s with {args.connections} connections "
        f"(wrk, {args.wrk_threads} threads, {offered}) against gunicorn ({args.workers} {args.worker_class} "
        f"workers{f' x {args.threads} threads' if args.threads > 1 else ''}) on {os.cpu_count()} cores",
        "",
        f"  confirmed submissions      {run['confirmed']:>8}   ({per_second:.1f} per second)",
        f"  latency p50 / p95 / p99    {latency['50']:>8.1f} / {latency['95']:.1f} / {latency['99']:.1f} ms"
        f"   (max {run['latency_ms']['max']:.1f} ms)",
        f"  non-200 responses          {rejected:>8}   {run['other_statuses'] or ''}",
        f"  socket errors              {sockets:>8}   {run['socket_errors']}",
        f"  ran out of prepared forms  {run['out_of_forms']:>8}",
        f"  CPU per confirmed report   {cpu_per_report}",
        f"  machine busy               {run['cpu']['busy_pct']:>7}%   (2 cores shared by gunicorn, PostgreSQL, "
        f"Redis and wrk)",
        "",
        f"  receipts given (warm-up + measured)   {counts['receipts_given']:>6}"
        f"   distinct {counts['receipts_distinct']}",
        f"  reports in the database               {counts['reports_in_database']:>6}",
        f"  receipts that open a report           {counts['receipts_opening_a_report']:>6}"
        f"   lost: {counts['lost_reports']}",
        f"  reports whose response wrk dropped    {unconfirmed:>6}"
        f"   (in flight when wrk stopped: {in_flight})",
        f"  audit entries / chain intact          {counts['audit_entries_report_submit']:>6}"
        f"   {counts['audit_chain_intact']}",
        f"  notifications queued                  {counts['notifications_queued']:>6}",
        "",
        f"  correct (no errors, no lost report):  {'yes' if correct else 'NO'}",
        f"  target ({TARGET_PER_SECOND}/s, p95 < {TARGET_P95_MS} ms):       {'met' if meets else 'NOT met'}",
    ]
    print("\n".join(lines))
    if run["out_of_forms"]:
        print(f"\nwrk used every prepared form: run again with --max-rate above {per_second:.0f}.")
    if not correct and server_log.strip():
        print("\ngunicorn's log:\n" + server_log[-5000:])

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    saved = RESULTS / f"reports-load-{stamp}.json"
    saved.write_text(json.dumps({
        "date": stamp, "cores": os.cpu_count(),
        "settings": {"duration_s": args.duration, "warmup_s": args.warmup, "connections": args.connections,
                     "offered_rate": args.rate or None,
                     "wrk_threads": args.wrk_threads, "workers": args.workers, "worker_class": args.worker_class,
                     "threads": args.threads, "conn_max_age": args.conn_max_age,
                     "settings_module": "config.settings.production"},
        "submissions_per_second": round(per_second, 1), "latency_ms": run["latency_ms"],
        "correct": correct, "target_met": meets, "run": run, "warmup": warmup, "counts": counts,
    }, indent=2))
    print(f"\nSaved bench/results/{saved.name}")
    if not correct:
        sys.exit(1)


if __name__ == "__main__":
    main()
