"""Measure the cost of ingesting one more document as the library grows.

    python -m doingoai.library.bench --stored 1000 10000 --measure 40

A fresh library (SQLite in a temporary data folder, unless DATABASE_URL names another database)
is filled to each size in turn, then `--measure` new generated articles are imported through
the real path (`ingest_job_create` + `ingest_job_run`: analysis, storage, search entry, event)
and timed. To reach 10,000 documents in minutes, the filling reuses a pool of analysed articles,
each copy moved to another stretch of dates and given its own text, and stores them through the
same storage and event code, without analysing them again. The results belong in
docs/benchmarks.md; no test asserts a speed.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from typing import Any

from doingoai.bench import _cores, _cpu_model, peak_rss_mb


def _setup(data_dir: str) -> None:
    os.environ.setdefault("DOINGOAI_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doingoai.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _pool(size: int, words: int) -> list[Any]:
    from doingoai.analysis import analyze_text
    from doingoai.bench_corpus import corpus_generate

    return [analyze_text(text, id=doc_id) for doc_id, text in corpus_generate(size, seed=11, words=words)]


def _fill(pool: Sequence[Any], start: int, stop: int, job: Any) -> None:
    """Store documents `start`..`stop-1`: copies of the pool, each cycle a year later."""
    from doingoai.library.models import IngestItem
    from doingoai.library.services import _document_store, content_hash

    for i in range(start, stop):
        doc = copy.deepcopy(pool[i % len(pool)])
        shift = dt.timedelta(days=400 * (i // len(pool)))
        doc.published = (doc.published or dt.date(2025, 1, 1)) + shift
        doc.text += f"\n\n(Bản lưu {i})"
        item = IngestItem(job=job, position=i, name=f"fill-{i}.txt")
        _document_store(job=job, item=item, doc=doc, digest=content_hash(doc.text))


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
    parser.add_argument("--pool", type=int, default=300, help="analysed articles the filling reuses")
    parser.add_argument("--words", type=int, default=250, help="words per generated article")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-") as data_dir:
        _setup(data_dir)
        from django.db import connection

        from doingoai.library.models import Document, IngestJob

        out = sys.stdout
        out.write(f"CPU: {_cpu_model()}, cores: {_cores()}; database: {connection.vendor}\n")
        started = time.perf_counter()
        pool = _pool(args.pool, args.words)
        out.write(f"pool of {len(pool)} analysed articles: {time.perf_counter() - started:.1f} s\n")
        job = IngestJob.objects.create(label="bench fill", created_by=None)
        out.write("| documents stored | s per new document | of which events | filling time |\n")
        out.write("|---:|---:|---:|---:|\n")
        stored = 0
        for n, size in enumerate(sorted(args.stored)):
            started = time.perf_counter()
            _fill(pool, stored, size, job)
            filled = time.perf_counter() - started
            stored = Document.objects.count()
            per_document, grouping = _measure(args.measure, args.words, seed=1000 + n)
            out.write(
                f"| {stored:,} | {per_document * 1000:.1f} ms | {grouping * 1000:.1f} ms | {filled:.0f} s |\n"
            )
            out.flush()
            stored = Document.objects.count()
        out.write(f"peak RSS: {peak_rss_mb():.0f} MB\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
