"""Load benchmark: locust users against `doingoai serve` on loopback, over a library of N documents.

    python -m doingoai.bench_load --documents 100000 --transactions 100000 --users 200 --duration 120
    python -m doingoai.bench_load ... --database-url postgres://postgres@127.0.0.1:5432/h_bench

1. Builds (once per size and database) a library in `bench-out/load-N-<engine>/`: the sample
   directory, users and aid registry (`demo_load`), the sample articles imported with
   `doingoai ingest`, then N generated documents and the transactions written in bulk by
   `doingoai.bench_library` (copies of a pool of analysed articles; see there). SQLite lives in
   that folder; with `--database-url`, the PostgreSQL database named there is created if missing.
2. Starts `doingoai serve --no-worker` on 127.0.0.1, runs locust headless for the duration
   (`doingoai.bench_locustfile`: each user takes one of the signed-in sessions of the sample
   directory's users, searches queries drawn from the library's titles, and waits 0.5–1.5 s
   between requests, and a static file and the sign-in page are asked for as the reference of
   the same run), and stops the server.
3. Prints the table per page (requests, failures, p50, p95, p99, requests/s, p50 and p95 as
   multiples of the reference's) with the load average, and the CPU time the server's processes
   used per request (read from the operating system before and after the load: when the
   machine is saturated, the latencies only say how long the queue was, the CPU says what each
   request cost), and writes it to `result.md` there.

Every run starts from an empty page cache (the kept pages of an earlier run on the same library
would otherwise be served, and two runs could not be compared); `--keep-cache` keeps it.

Needs the `bench` extra (locust): `make .venv/.installed-bench`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "bench-mat-khau-2026"
USERNAME = "dieuphoi"
LOCUSTFILE = Path(__file__).with_name("bench_locustfile.py")
SAMPLES = Path(__file__).with_name("samples") / "articles"


def _doingoai(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "doingoai", *args], env=env, check=True)


def _postgres_recreate(url: str) -> None:
    """Drop and create the PostgreSQL database named by `url` (its server's `postgres` database)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if name in {"", "postgres", "test", "test_test"}:
        raise SystemExit(f"refusing to recreate the database {name!r}: name one of the benchmark's own")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def library_build(data_dir: Path, documents: int, transactions: int, env: dict[str, str]) -> None:
    """Build the benchmark's library (in `data_dir`, or the database of DATABASE_URL), unless built."""
    done = data_dir / "built"
    if done.exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    for stale in data_dir.glob("doingoai.sqlite3*"):
        stale.unlink()
    if env.get("DATABASE_URL"):
        _postgres_recreate(env["DATABASE_URL"])
    _doingoai(["migrate", "--noinput", "-v", "0"], env)
    _doingoai(["demo_load", "--password", PASSWORD], env)
    _doingoai(["ingest", str(SAMPLES)], env)
    started = time.monotonic()
    fill = ["--documents", str(documents), "--transactions", str(transactions)]
    subprocess.run(
        [sys.executable, "-m", "doingoai.bench_library", *fill],
        env=env,
        check=True,
    )
    done.write_text(
        f"{documents} documents and {transactions} transactions written in bulk in "
        f"{time.monotonic() - started:.0f} s\n",
        encoding="utf-8",
    )


def fixtures_write(path: Path, env: dict[str, str], seed: int) -> None:
    """Write what the simulated users ask for: document and event ids, names, an API token."""
    os.environ.update(env)
    from doingoai.cli import django_setup

    django_setup()
    from django.conf import settings
    from django.test import Client

    from doingoai.accounts.models import User
    from doingoai.api.services import token_create
    from doingoai.library.models import Document, DocumentEntity, EntityKind, Event

    rng = random.Random(seed)
    user = User.objects.get(username=USERNAME)
    _token, secret = token_create(actor=user, user=user, name="bench")
    # One signed-in session per active user of the sample directory (the coordinator, province
    # and ministry editors, a viewer): 200 sign-ins at once would measure the password hash
    # (deliberately slow), not the pages; and several readers keep the pages' caches honest, since
    # readers of different scopes or roles do not share a kept page.
    sessions = []
    for reader in User.objects.filter(is_active=True).order_by("username"):
        signed_in = Client()
        signed_in.force_login(reader)
        sessions.append(signed_in.cookies[settings.SESSION_COOKIE_NAME].value)
    # Published records, which every reader may open (an unpublished one is a 404 to other units).
    documents = list(Document.objects.filter(is_published=True).values_list("pk", flat=True))
    events = list(Event.objects.filter(published_count__gt=0).values_list("pk", flat=True))
    people = list(
        DocumentEntity.objects.filter(kind=EntityKind.PERSON).values_list("name", flat=True).distinct()[:500]
    )
    fixtures = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": sessions,
        "token": secret,
        "documents": rng.sample(documents, min(len(documents), 500)),
        "events": rng.sample(events, min(len(events), 500)),
        "people": people,
        "searches": searches_drawn(rng, documents),
    }
    path.write_text(json.dumps(fixtures, ensure_ascii=False), encoding="utf-8")


SEARCHES_DRAWN = 100


def searches_drawn(rng: random.Random, documents: list[int]) -> list[list[str]]:
    """Return queries typed by the simulated users: two words of a stored title, with and without marks.

    A few fixed queries would be answered from the search page's cache after the first request;
    100 drawn from the library's own titles (pairs of neighbouring words, as people type a name or
    a topic) make most searches of a run new ones, as real users' are.
    """
    from doingoai.analysis.text import fold_key
    from doingoai.library.models import Document

    titles = Document.objects.filter(pk__in=rng.sample(documents, min(len(documents), 4 * SEARCHES_DRAWN)))
    drawn: dict[str, str] = {}
    for title in titles.values_list("title", flat=True):
        words = [w for w in title.split() if w.isalpha()]
        if len(words) >= 2 and len(drawn) < SEARCHES_DRAWN:
            start = rng.randrange(len(words) - 1)
            query = " ".join(words[start : start + 2])
            drawn.setdefault(query, fold_key(query))
    return [[query, folded] for query, folded in drawn.items()]


def _wait_until_up(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    raise SystemExit(f"the server did not answer at {url} within {timeout:.0f} s")


REFERENCE = "reference: static file"


def _ratio(value: str, reference: str) -> str:
    return f"{float(value) / float(reference):.1f}×" if reference not in {"", "0", "N/A"} else "—"


def summary_table(stats_csv: Path) -> str:
    """Return the Markdown table of locust's per-request statistics (its `_stats.csv`).

    Each page's p50 and p95 are also given as multiples of the reference request's (a static
    file asked for by the same users in the same run), which a shared machine's load moves less.
    """
    with stats_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    reference = next((r for r in rows if r["Name"] == REFERENCE), {"50%": "", "95%": ""})
    lines = [
        "| request | requests | failures | p50 ms | p95 ms | p99 ms | req/s | p50 / ref | p95 / ref |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        name = row["Name"] if row["Type"] else "**all**"
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} "
            f"| {row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} "
            f"| {_ratio(row['50%'], reference['50%'])} | {_ratio(row['95%'], reference['95%'])} |"
        )
    return "\n".join(lines)


def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user and system) used so far by process `pid` and its descendants.

    Living descendants are read one by one; those that ended (a gunicorn worker replaced) count in
    their parent's `children_*` times once it has waited for them.
    """
    import psutil  # locust's own dependency (the `bench` extra)

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def requests_total(stats_csv: Path) -> int:
    """Return the number of requests locust made in the run (its aggregated row)."""
    with stats_csv.open(encoding="utf-8") as handle:
        return sum(int(row["Request Count"]) for row in csv.DictReader(handle) if not row["Type"])


def main(argv: list[str] | None = None) -> int:
    """Build the library if needed, serve it, run locust, print the results."""
    parser = argparse.ArgumentParser(prog="python -m doingoai.bench_load", description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="generated documents (2000)")
    parser.add_argument(
        "--transactions", type=int, default=None, help="aid transactions (as many as documents)"
    )
    parser.add_argument("--database-url", default="", help="a PostgreSQL database of the benchmark's own")
    parser.add_argument("--users", type=int, default=50, help="simulated users (50)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn processes (3)")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (8000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rebuild", action="store_true", help="build the library again")
    parser.add_argument("--build-only", action="store_true", help="build the library, run no load")
    parser.add_argument("--out", default="bench-out", help="folder of the libraries and results")
    parser.add_argument("--keep-cache", action="store_true", help="serve the pages kept by an earlier run")
    args = parser.parse_args(argv)

    transactions = args.documents if args.transactions is None else args.transactions
    engine = "postgresql" if args.database_url else "sqlite"
    data_dir = Path(args.out).resolve() / f"load-{args.documents}-{engine}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DOINGOAI_DATA_DIR"] = str(data_dir)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    if args.rebuild:
        (data_dir / "built").unlink(missing_ok=True)
    started = time.monotonic()
    library_build(data_dir, args.documents, transactions, env)
    sys.stderr.write(f"library ready in {time.monotonic() - started:.0f} s: {data_dir}\n")
    if args.build_only:
        return 0
    # A library kept from an earlier run gets this code's migrations (and the triggers laid after).
    _doingoai(["migrate", "--noinput", "-v", "0"], env)
    fixtures = data_dir / "fixtures.json"
    fixtures_write(fixtures, env, args.seed)
    # PostgreSQL plans with the tables' statistics, as autovacuum keeps them in production (a
    # library built by an older bench, or on a server with autovacuum off, may have none).
    from doingoai.bench_library import statistics_gather

    statistics_gather()
    if not args.keep_cache:
        shutil.rmtree(data_dir / "cache", ignore_errors=True)

    host = f"http://127.0.0.1:{args.port}"
    serve = ["serve", "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.web_workers), "--no-worker"]
    server = subprocess.Popen(
        [sys.executable, "-m", "doingoai", *serve],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    loads = [os.getloadavg()]
    try:
        _wait_until_up(f"{host}/dang-nhap/")
        # Counted from here: the processes' start (imports, the first request) is left out.
        cpu_before = cpu_seconds(server.pid)
        prefix = data_dir / "locust"
        load = [
            *("-f", str(LOCUSTFILE), "--headless", "--only-summary", "--host", host, "--csv", str(prefix)),
            *("--users", str(args.users), "--spawn-rate", str(max(args.users // 10, 1))),
            *("--run-time", f"{args.duration}s", "--stop-timeout", "30"),
        ]
        subprocess.run(
            [sys.executable, "-m", "locust", *load],
            env={**env, "BENCH_FIXTURES": str(fixtures)},
            check=False,
        )
        cpu_used = cpu_seconds(server.pid) - cpu_before
        loads.append(os.getloadavg())
    finally:
        server.terminate()
        server.wait(timeout=60)
    table = summary_table(data_dir / "locust_stats.csv")
    requests = requests_total(data_dir / "locust_stats.csv")
    per_request = f"{cpu_used / requests * 1000:.1f} ms" if requests else "—"
    header = (
        f"{args.documents} generated documents + the samples, {transactions} transactions + the "
        f"registry's, {engine}, {args.users} users for {args.duration} s, gunicorn "
        f"{args.web_workers} workers; load average (1, 5, 15 min) before "
        f"{', '.join(f'{x:.1f}' for x in loads[0])}, after {', '.join(f'{x:.1f}' for x in loads[-1])}; "
        f"server CPU {cpu_used:.1f} s for {requests} requests, {per_request} a request\n\n"
    )
    (data_dir / "result.md").write_text(header + table + "\n", encoding="utf-8")
    sys.stdout.write(header + table + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
