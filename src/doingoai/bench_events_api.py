"""Compare the cost of the event list and the document list in the API on real articles.

    python -m doingoai.bench_events_api --real /tmp/vlsp-abmusu --documents 2000 --repeat 60

Issue 9's acceptance: with 2,000 real articles ingested, `GET /api/events?limit=20` costs no
more than `GET /api/documents?limit=20` within a factor of 3. The reports of the `.jsonl` files
in `--real` (VLSP AbMuSu clusters) are analysed and grouped into events as imports group them
(`doingoai.bench_library.pool_make`), and written with their facts, search rows and stored
event summaries (`documents_fill`); when they are fewer than `--documents`, copies of them
moved back in time (a copy per SHIFT_DAYS, see there) make up the rest. `--ingest` imports them
with `doingoai ingest` instead (the real path one by one: about 2 documents a second on an idle
core). Then both requests are made `--repeat` times each, alternately, in the same process with
the same token, and the medians and 95th percentiles are printed with their ratio. The library
is kept in `bench-out/events-api-N/` and reused.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def library_build(data_dir: Path, real: Path, documents: int, *, ingest: bool) -> tuple[int, int]:
    """Store the real reports and copies of them up to `documents`; return (real, copies)."""
    from doingoai.bench_load import PASSWORD
    from doingoai.bench_search import reports_read

    done = data_dir / "built"
    if done.exists():
        real_count, copies = (int(x) for x in done.read_text(encoding="utf-8").split())
        return real_count, copies
    env = {**os.environ, "DOINGOAI_DATA_DIR": str(data_dir)}
    data_dir.mkdir(parents=True, exist_ok=True)
    reports = reports_read(real)[:documents]
    for args in (["migrate", "--noinput", "-v", "0"], ["demo_load", "--password", PASSWORD]):
        subprocess.run([sys.executable, "-m", "doingoai", *args], env=env, check=True)
    copies = 0
    if ingest:
        folder = data_dir / "corpus"
        folder.mkdir(exist_ok=True)
        for n, report in enumerate(reports):
            (folder / f"{n:05d}.txt").write_text(report.text, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "doingoai", "ingest", str(folder)], env=env, check=True)
    else:
        os.environ["DOINGOAI_DATA_DIR"] = str(data_dir)
        from doingoai.bench_library import documents_fill, pool_make
        from doingoai.cli import django_setup

        django_setup()
        documents_fill(pool_make(len(reports), texts=[r.text for r in reports]), documents)
        copies = documents - len(reports)
    done.write_text(f"{len(reports)} {copies}\n", encoding="utf-8")
    return len(reports), copies


def measure(repeat: int) -> dict[str, list[float]]:
    """Time each API list `repeat` times, alternately; return the seconds of each request."""
    from django.conf import settings
    from django.test import Client

    from doingoai.accounts.models import User
    from doingoai.api.services import token_create
    from doingoai.bench_load import USERNAME

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = User.objects.get(username=USERNAME)
    _token, secret = token_create(actor=user, user=user, name="bench events api")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    urls = {"documents": "/api/documents?limit=20", "events": "/api/events?limit=20"}
    times: dict[str, list[float]] = {name: [] for name in urls}
    for url in urls.values():  # a first request of each warms the caches
        assert client.get(url).status_code == 200
    for _ in range(repeat):
        for name, url in urls.items():
            started = time.perf_counter()
            response = client.get(url)
            times[name].append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
    return times


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main(argv: list[str] | None = None) -> int:
    """Build the library if needed, time both API lists, print the ratio."""
    parser = argparse.ArgumentParser(
        prog="python -m doingoai.bench_events_api", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--real", type=Path, required=True, help="folder of VLSP AbMuSu .jsonl files")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--ingest", action="store_true", help="import one by one with `doingoai ingest`")
    parser.add_argument("--out", default="bench-out")
    args = parser.parse_args(argv)
    data_dir = Path(args.out).resolve() / f"events-api-{args.documents}"
    real, copies = library_build(data_dir, args.real, args.documents, ingest=args.ingest)
    os.environ["DOINGOAI_DATA_DIR"] = str(data_dir)
    from doingoai.cli import django_setup

    django_setup()
    from doingoai.library.models import Document, Event

    times = measure(args.repeat)
    load = os.getloadavg()
    out = sys.stdout
    out.write(
        f"{Document.objects.count():,} documents ({real} real reports, {copies} copies of them moved "
        f"in time), {Event.objects.count():,} events; {args.repeat} requests each; load average "
        f"{load[0]:.1f}\n\n| request | median ms | p95 ms |\n|---|---:|---:|\n"
    )
    for name, values in times.items():
        out.write(
            f"| /api/{name}?limit=20 | {statistics.median(values) * 1000:.1f} | {_p95(values) * 1000:.1f} |\n"
        )
    ratio = statistics.median(times["events"]) / statistics.median(times["documents"])
    ratio95 = _p95(times["events"]) / _p95(times["documents"])
    out.write(f"\nevents / documents: median {ratio:.2f}×, p95 {ratio95:.2f}×\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
