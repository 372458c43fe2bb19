"""Measure the cost of ingesting one more document as the library grows.

    python -m doingoai.library.bench --stored 1000 10000 --measure 40

A fresh library (SQLite in a temporary data folder, unless DATABASE_URL names another database)
is filled to each size in turn, then `--measure` new generated articles are imported through
the real path (`ingest_job_create` + `ingest_job_run`: analysis, storage, search entry, event)
and timed. To reach 100,000 documents in minutes, the filling is `doingoai.bench_library`'s: a
pool of analysed articles grouped once, copied by bulk SQL with their facts, search rows, keys,
term counts and events, each copy moved SHIFT_DAYS further back (so the library grows denser
around the new articles' dates as it grows). The results belong in docs/benchmarks.md; no test
asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from doingoai.bench import _cores, _cpu_model, peak_rss_mb
from doingoai.bench_library import Pool, documents_fill, pool_make


def _setup(data_dir: str) -> None:
    """Point Django at a new SQLite database in `data_dir` and create its tables."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "doingoai.web.settings"
    import django
    from django.conf import settings

    if not settings.configured or not django.apps.apps.ready:
        os.environ["DOINGOAI_DATA_DIR"] = data_dir
        django.setup()
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"]["NAME"] = str(Path(data_dir) / "bench.sqlite3")
    connections["default"].settings_dict["NAME"] = settings.DATABASES["default"]["NAME"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _measure(count: int, words: int, seed: int) -> tuple[float, float]:
    """Import `count` new articles; return seconds per document, in all and in event grouping."""
    from doingoai.accounts.scope import SYSTEM
    from doingoai.bench_corpus import corpus_generate
    from doingoai.library import services
    from doingoai.library.sources import Source

    sources = [Source(name=f"{i}.txt", text=t) for i, t in corpus_generate(count, seed=seed, words=words)]
    job = services.ingest_job_create(actor=SYSTEM, sources=sources, label="bench", owner_unit=None)
    grouping = 0.0
    original = services.event_document_add

    def timed(**kwargs: Any) -> Any:
        nonlocal grouping
        started = time.perf_counter()
        try:
            return original(**kwargs)
        finally:
            grouping += time.perf_counter() - started

    services.event_document_add = timed
    try:
        started = time.perf_counter()
        services.ingest_job_run(job=job)
        total = time.perf_counter() - started
    finally:
        services.event_document_add = original
    return total / count, grouping / count


def main(argv: list[str] | None = None) -> int:
    """Fill the library to each size and time the import of new articles; print a table."""
    parser = argparse.ArgumentParser(prog="python -m doingoai.library.bench", description=__doc__)
    parser.add_argument("--stored", type=int, nargs="+", default=[1000, 10000], help="library sizes")
    parser.add_argument("--measure", type=int, default=40, help="articles imported at each size")
    parser.add_argument("--pool", type=int, default=600, help="analysed articles the filling reuses")
    parser.add_argument("--words", type=int, default=250, help="words per generated article")
    args = parser.parse_args(argv)
    out = sys.stdout
    out.write(f"CPU: {_cpu_model()}, cores: {_cores()}\n")
    pool: Pool | None = None
    out.write("| documents stored | s per new document | of which events | filling time |\n")
    out.write("|---:|---:|---:|---:|\n")
    for n, size in enumerate(sorted(args.stored)):
        # A fresh library for each size: filled in bulk, then measured with real imports.
        with tempfile.TemporaryDirectory(prefix="doingoai-bench-") as data_dir:
            _setup(data_dir)
            if pool is None:  # the search rows of the pool need Django set up
                started = time.perf_counter()
                pool = pool_make(args.pool, words=args.words)
                out.write(
                    f"pool of {len(pool.articles)} analysed articles: {time.perf_counter() - started:.1f} s\n"
                )
            started = time.perf_counter()
            documents_fill(pool, size)
            filled = time.perf_counter() - started
            per_document, grouping = _measure(args.measure, args.words, seed=1000 + n)
            out.write(
                f"| {size:,} | {per_document * 1000:.1f} ms | {grouping * 1000:.1f} ms | {filled:.0f} s |\n"
            )
            out.flush()
    out.write(f"peak RSS: {peak_rss_mb():.0f} MB\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
