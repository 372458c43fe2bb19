"""Load benchmark: locust users against `doingoai serve` on loopback, over a library of N documents.

    python -m doingoai.bench_load --documents 2000 --users 50 --duration 60

1. Builds (once per size) a SQLite library in `bench-out/load-N/`: N generated articles
   (`doingoai.bench_corpus`) imported with `doingoai ingest`, the sample directory, users and aid
   registry (`demo_load`), and the sample articles.
2. Starts `doingoai serve --no-worker` on 127.0.0.1, runs locust headless for the duration
   (`doingoai.bench_locustfile`: the users share one signed-in session and wait 0.5–1.5 s
   between requests), and stops the server.
3. Prints the table per page (requests, failures, p50, p95, p99, requests/s) and writes it to
   `bench-out/load-N/result.md`.

Needs the `bench` extra (locust): `make .venv/.installed-bench`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PASSWORD = "bench-mat-khau-2026"
USERNAME = "dieuphoi"
LOCUSTFILE = Path(__file__).with_name("bench_locustfile.py")
SAMPLES = Path(__file__).with_name("samples") / "articles"


def _doingoai(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "doingoai", *args], env=env, check=True)


def library_build(data_dir: Path, documents: int, seed: int, env: dict[str, str]) -> None:
    """Build the benchmark's library in `data_dir`, unless a finished one is there."""
    from doingoai.bench_corpus import corpus_generate

    done = data_dir / "built"
    if done.exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    for stale in data_dir.glob("doingoai.sqlite3*"):
        stale.unlink()
    corpus = data_dir / "corpus"
    corpus.mkdir(exist_ok=True)
    for doc_id, text in corpus_generate(documents, seed=seed):
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    _doingoai(["migrate", "--noinput", "-v", "0"], env)
    _doingoai(["demo_load", "--password", PASSWORD], env)
    _doingoai(["ingest", str(SAMPLES), str(corpus)], env)
    done.write_text(f"{documents} documents, seed {seed}\n", encoding="utf-8")


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
    # One signed-in session shared by the simulated users: 50 sign-ins at once would measure the
    # password hash (deliberately slow), not the pages.
    signed_in = Client()
    signed_in.force_login(user)
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    documents = list(Document.objects.values_list("pk", flat=True))
    events = list(Event.objects.values_list("pk", flat=True))
    people = list(
        DocumentEntity.objects.filter(kind=EntityKind.PERSON).values_list("name", flat=True).distinct()[:500]
    )
    fixtures = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session": session,
        "token": secret,
        "documents": rng.sample(documents, min(len(documents), 500)),
        "events": rng.sample(events, min(len(events), 500)),
        "people": people,
    }
    path.write_text(json.dumps(fixtures, ensure_ascii=False), encoding="utf-8")


def _wait_until_up(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    raise SystemExit(f"the server did not answer at {url} within {timeout:.0f} s")


def summary_table(stats_csv: Path) -> str:
    """Return the Markdown table of locust's per-request statistics (its `_stats.csv`)."""
    lines = [
        "| request | requests | failures | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    with stats_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["Name"] if row["Type"] else "**all**"
            lines.append(
                f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} "
                f"| {row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build the library if needed, serve it, run locust, print the results."""
    parser = argparse.ArgumentParser(prog="python -m doingoai.bench_load", description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000, help="generated articles (2000)")
    parser.add_argument("--users", type=int, default=50, help="simulated users (50)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn processes (3)")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (8000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="bench-out", help="folder of the libraries and results")
    args = parser.parse_args(argv)

    data_dir = Path(args.out).resolve() / f"load-{args.documents}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DOINGOAI_DATA_DIR"] = str(data_dir)
    started = time.monotonic()
    library_build(data_dir, args.documents, args.seed, env)
    sys.stderr.write(f"library ready in {time.monotonic() - started:.0f} s: {data_dir}\n")
    fixtures = data_dir / "fixtures.json"
    fixtures_write(fixtures, env, args.seed)

    host = f"http://127.0.0.1:{args.port}"
    serve = ["serve", "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.web_workers), "--no-worker"]
    server = subprocess.Popen(
        [sys.executable, "-m", "doingoai", *serve],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(f"{host}/dang-nhap/")
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
    finally:
        server.terminate()
        server.wait(timeout=60)
    table = summary_table(data_dir / "locust_stats.csv")
    header = (
        f"{args.documents} generated documents + the samples, SQLite, {args.users} users for "
        f"{args.duration} s, gunicorn {args.web_workers} workers\n\n"
    )
    (data_dir / "result.md").write_text(header + table + "\n", encoding="utf-8")
    sys.stdout.write(header + table + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
