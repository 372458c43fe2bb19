"""Measure the cost of ingesting one more document as the library grows.

    python -m doingoai.library.bench --stored 1000 10000 --measure 40 [--keep DIR]

A fresh library (SQLite in a temporary data folder, unless DATABASE_URL names another database)
is filled to each size in turn, then `--measure` new generated articles (the same ones at every
size) are imported through the real path (`ingest_job_create` + `ingest_job_run`: analysis,
storage, search entry, event) and timed. To reach 100,000 documents in minutes, the filling is
`doingoai.bench_library`'s: a pool of analysed articles grouped once, copied by bulk SQL with
their facts, search rows, keys, term counts and events, each copy moved SHIFT_DAYS further back
(so the library grows denser around the new articles' dates as it grows).

With `--keep DIR` (SQLite only) each filled library is kept as DIR/stored-N.sqlite3 and reused by
later runs; the imports are made into a copy of it, so the kept library stays as filled and a
change of code can be measured before and after on the same libraries. The results belong in
docs/benchmarks.md; no test asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from doingoai.bench import _cores, _cpu_model, peak_rss_mb
from doingoai.bench_library import Pool, documents_fill, pool_make

# The new articles imported at every size: one seed, so every size meets the same articles.
MEASURE_SEED = 1000


def _database_use(path: Path, data_dir: str) -> None:
    """Point Django at the SQLite database `path` (set Django up first) and create its tables."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "doingoai.web.settings"
    import django
    from django.conf import settings

    if not settings.configured or not django.apps.apps.ready:
        os.environ["DOINGOAI_DATA_DIR"] = data_dir
        django.setup()
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"]["NAME"] = str(path)
    connections["default"].settings_dict["NAME"] = str(path)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _database_copy(source: Path, target: Path) -> None:
    """Copy a SQLite database whole (its write-ahead log included) through SQLite's backup."""
    from django.apps import apps

    if apps.ready:  # no connection may hold the file being copied
        from django.db import connections

        connections.close_all()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _measure(count: int, words: int, seed: int) -> dict[str, float]:
    """Import `count` new articles; return the seconds per document, in all and in event grouping.

    Both in wall time and in this process's CPU time (SQLite runs in it): on a shared machine
    the wall time measures the other processes as much as the import, the CPU time much less.
    """
    from doingoai.accounts.scope import SYSTEM
    from doingoai.bench_corpus import corpus_generate
    from doingoai.library import services
    from doingoai.library.sources import Source

    sources = [Source(name=f"{i}.txt", text=t) for i, t in corpus_generate(count, seed=seed, words=words)]
    job = services.ingest_job_create(actor=SYSTEM, sources=sources, label="bench", owner_unit=None)
    grouping = grouping_cpu = 0.0
    original = services.event_document_add

    def timed(**kwargs: Any) -> Any:
        nonlocal grouping, grouping_cpu
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            return original(**kwargs)
        finally:
            grouping += time.perf_counter() - started
            grouping_cpu += time.process_time() - started_cpu

    services.event_document_add = timed
    reads = services.GROUPING_READS.documents
    try:
        started, started_cpu = time.perf_counter(), time.process_time()
        services.ingest_job_run(job=job)
        total, total_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    finally:
        services.event_document_add = original
    return {
        "total": total / count,
        "events": grouping / count,
        "cpu": total_cpu / count,
        "events_cpu": grouping_cpu / count,
        "reads": (services.GROUPING_READS.documents - reads) / count,
    }


def main(argv: list[str] | None = None) -> int:
    """Fill the library to each size and time the import of new articles; print a table."""
    parser = argparse.ArgumentParser(prog="python -m doingoai.library.bench", description=__doc__)
    parser.add_argument("--stored", type=int, nargs="+", default=[1000, 10000], help="library sizes")
    parser.add_argument("--measure", type=int, default=40, help="articles imported at each size")
    parser.add_argument("--pool", type=int, default=600, help="analysed articles the filling reuses")
    parser.add_argument("--words", type=int, default=250, help="words per generated article")
    parser.add_argument("--keep", type=Path, help="folder keeping the filled libraries (SQLite)")
    parser.add_argument("--rounds", type=int, default=1, help="imports at each size (best of each kept)")
    args = parser.parse_args(argv)
    if args.keep and os.environ.get("DATABASE_URL"):
        parser.error("--keep keeps SQLite libraries: unset DATABASE_URL")
    out = sys.stdout
    out.write(f"CPU: {_cpu_model()}, cores: {_cores()}\n")
    pool: Pool | None = None
    out.write(
        "| documents stored | per new document | of which events | CPU per new document "
        "| of which events | documents read | filling time |\n"
    )
    out.write("|---:|---:|---:|---:|---:|---:|---:|\n")
    for size in sorted(args.stored):
        # A fresh library for each size: filled in bulk (or kept from a run before), then
        # measured with real imports into a copy.
        with tempfile.TemporaryDirectory(prefix="doingoai-bench-") as data_dir:
            kept = args.keep / f"stored-{size}.sqlite3" if args.keep else None
            filled_in = "kept"
            if kept is None or not kept.exists():
                building = Path(data_dir) / "bench.sqlite3"
                _database_use(building, data_dir)
                if pool is None:  # the search rows of the pool need Django set up
                    started = time.perf_counter()
                    pool = pool_make(args.pool, words=args.words)
                    spent = time.perf_counter() - started
                    out.write(f"pool of {len(pool.articles)} analysed articles: {spent:.1f} s\n")
                started = time.perf_counter()
                documents_fill(pool, size)
                filled_in = f"{time.perf_counter() - started:.0f} s"
                if kept is not None:
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    _database_copy(building, kept)
            rounds = []
            for _round in range(args.rounds):
                if kept is not None:
                    measured = Path(data_dir) / "measured.sqlite3"
                    measured.unlink(missing_ok=True)
                    _database_copy(kept, measured)
                    _database_use(measured, data_dir)
                rounds.append(_measure(args.measure, args.words, seed=MEASURE_SEED))
                if kept is None:
                    break
            best = {key: min(r[key] for r in rounds) for key in rounds[0]}
            out.write(
                f"| {size:,} | {best['total'] * 1000:.1f} ms | {best['events'] * 1000:.1f} ms "
                f"| {best['cpu'] * 1000:.1f} ms | {best['events_cpu'] * 1000:.1f} ms "
                f"| {best['reads']:.1f} | {filled_in} |\n"
            )
            out.flush()
            shutil.rmtree(Path(data_dir) / "originals", ignore_errors=True)
    out.write(f"peak RSS: {peak_rss_mb():.0f} MB\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
