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
from pathlib import Path
from typing import Any

from doingoai.bench import _cores, _cpu_model, peak_rss_mb


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


def _pool(size: int, words: int) -> list[Any]:
    from doingoai.analysis import analyze_text
    from doingoai.bench_corpus import corpus_generate

    return [analyze_text(text, id=doc_id) for doc_id, text in corpus_generate(size, seed=11, words=words)]


def _fill(pool: Sequence[Any], count: int) -> None:
    """Store `count` documents into an empty library in bulk, as one-by-one imports would leave them.

    Copies of the pool, each cycle 400 days later and with its own text. Grouping runs in memory
    in order of arrival (the order of the ids), with the same weighing as imports (a test holds
    the two equal), and the rows an import writes for events are written in bulk: documents with
    their features and vectors, keys, term counts, events with their summaries. Search entries,
    named entities and audit rows of the filling are left out: they do not touch events.
    """
    from collections import Counter

    from doingoai.events import EventIndex, blocking_keys, event_assign, features_from_document, vector_of
    from doingoai.library import services
    from doingoai.library.models import Document, DocumentKey, Event, EventMembership, TermStatistic
    from doingoai.library.stored import document_dump, features_dump, vector_dump

    index = EventIndex()
    frequencies: Counter[str] = Counter()
    rows: list[Document] = []
    keys: list[DocumentKey] = []
    for i in range(count):
        doc = copy.copy(pool[i % len(pool)])
        doc.id = str(i + 1)
        doc.published = (doc.published or dt.date(2025, 1, 1)) + dt.timedelta(days=400 * (i // len(pool)))
        doc.text = pool[i % len(pool)].text + f"\n\n(Bản lưu {i})"
        features = features_from_document(doc)
        event_assign(index, features)
        vector = vector_of(index, doc.id)
        frequencies.update(t for t in features.terms if len(t) <= 255)
        row = Document(
            id=i + 1,
            title=(doc.title or "")[:500],
            source=(doc.source or "")[:255],
            published=doc.published,
            text=doc.text,
            file_name=f"fill-{i}.txt",
            content_hash=services.content_hash(doc.text),
            analysis=document_dump(doc),
            features=features_dump(features),
            vector=vector_dump(vector),
            event_date=features.event_date,
            anchor_date=features.anchor_date,
            is_published=True,
        )
        rows.append(row)
        keys += [
            DocumentKey(document_id=i + 1, key=k[:255], day=row.anchor_date)
            for k in set(blocking_keys(features, vector))
        ]
    Document.objects.bulk_create(rows, batch_size=200)
    DocumentKey.objects.bulk_create(keys, batch_size=2000)
    frequencies[""] = count
    TermStatistic.objects.bulk_create(
        (TermStatistic(term=t, documents=n) for t, n in frequencies.items()), batch_size=2000
    )
    live = index.events_live()
    events = Event.objects.bulk_create(Event(founder_id=int(e.members[0])) for e in live)
    memberships = []
    for event, grouped in zip(events, live, strict=True):
        copies = {copy: source for source, copy in grouped.copies}
        memberships += [
            EventMembership(
                event=event,
                document_id=int(m),
                position=p,
                copy_of_id=int(copies[m]) if m in copies else None,
            )
            for p, m in enumerate(grouped.members)
        ]
    EventMembership.objects.bulk_create(memberships, batch_size=2000)
    pks = [e.pk for e in events]
    for i in range(0, len(pks), 500):
        services._event_summaries_refresh(pks[i : i + 500])


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
    out = sys.stdout
    out.write(f"CPU: {_cpu_model()}, cores: {_cores()}\n")
    started = time.perf_counter()
    pool = _pool(args.pool, args.words)
    out.write(f"pool of {len(pool)} analysed articles: {time.perf_counter() - started:.1f} s\n")
    out.write("| documents stored | s per new document | of which events | filling time |\n")
    out.write("|---:|---:|---:|---:|\n")
    for n, size in enumerate(sorted(args.stored)):
        # A fresh library for each size: filled in bulk, then measured with real imports.
        with tempfile.TemporaryDirectory(prefix="doingoai-bench-") as data_dir:
            _setup(data_dir)
            started = time.perf_counter()
            _fill(pool, size)
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
