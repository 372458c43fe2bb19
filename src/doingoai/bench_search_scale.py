"""Benchmark search latency at scale: short generated documents indexed in bulk, then timed.

    python -m doingoai.bench_search_scale [--sizes 10000,1000000] [--database-url URL]

Building: a pool of sentences and titles is cut from `--pool-articles` generated articles
(`doingoai.bench_corpus`) and keyed once (exact and folded); document i is a title and
`--sentences` sentences drawn from the pool with a random generator seeded by i, so a larger
index starts with the smaller one and each size only adds documents. Documents and index rows are
written in bulk (the keys joined from the pool's keys, their syllable pairs, and the segmenter's
words of several syllables, found once per sentence of the pool as the library finds them in a body).
On PostgreSQL the GIN indexes are dropped while a large batch is written and built again after it.

Timing, at each size: `--queries` queries cut from the pool (two-word phrases, three words,
single words, a surname with two words, six-word runs), each typed with its diacritics and
without, run as the search page runs them: the first page of 20 documents, the count and the
snippets. The reference, measured in the same run: a plain match of one rare word (in the fewest
sentences of the pool) with LIMIT 20, the cheapest lookup the engine offers; results are given
as ratios to its median, with the load average, since the machine may be shared.

The database is SQLite in a temporary folder (or `--data-dir`), or PostgreSQL at
`--database-url` (a database of its own: its documents are deleted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

PAGE_SIZE = 20
BATCH = 5000
REBUILD_INDEXES_FROM = 50_000  # PostgreSQL: a batch this large is written without its GIN indexes
_FIRST_DAY = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class Piece:
    """A sentence or a title of the pool, with its keys."""

    text: str
    exact: str
    folded: str
    words: str = ""  # the index's tokens of its words of several syllables (`compounds_text`)


@dataclass
class Pool:
    """The sentences and titles documents are made of."""

    titles: list[Piece]
    sentences: list[Piece]


def pool_make(articles: int, seed: int) -> Pool:
    """Return the titles and sentences of `articles` generated articles, keyed once."""
    from doingoai.analysis.segment import words_split
    from doingoai.analysis.text import fold_key
    from doingoai.bench_corpus import corpus_generate, sentences_rough
    from doingoai.search.plan import exact_key
    from doingoai.search.services import compounds_text

    def piece(text: str, words: bool = False) -> Piece:
        compounds = compounds_text(text, words_split(text, (0, len(text)))) if words else ""
        return Piece(text, exact_key(text), fold_key(text), compounds)

    titles: list[Piece] = []
    sentences: dict[str, Piece] = {}
    for _id, text in corpus_generate(articles, seed=seed, words=400):
        lines = text.split("\n")
        titles.append(piece(lines[1]))
        for sentence in sentences_rough("\n".join(lines[3:])):
            if sentence not in sentences and "\n" not in sentence:
                sentences[sentence] = piece(sentence, words=True)
    return Pool(titles, list(sentences.values()))


def document_make(pool: Pool, i: int, seed: int, sentences: int) -> tuple[Piece, Piece, dt.date]:
    """Return document i: its title, its body (with their keys) and its date."""
    rng = random.Random(seed * 1_000_003 + i)
    title = pool.titles[rng.randrange(len(pool.titles))]
    chosen = [pool.sentences[rng.randrange(len(pool.sentences))] for _ in range(sentences)]
    parts = ("text", "exact", "folded", "words")
    body = Piece(*(" ".join(w for p in chosen if (w := getattr(p, part))) for part in parts))
    return title, body, _FIRST_DAY + dt.timedelta(days=rng.randrange(2500))


def _postgres_index_statements() -> tuple[list[str], list[str]]:
    """Return what a bulk write stops before it and what it runs after it (PostgreSQL).

    The migrations' own statements, so the bench drops and builds exactly the index they made: the
    GIN index, and the triggers that copy each row's ranked vectors to their tables (0009), which
    are filled once afterwards for the rows added.
    """
    vectors = importlib.import_module("doingoai.search.migrations.0006_id_buckets_in_one_gin_index")
    ranked = importlib.import_module("doingoai.search.migrations.0009_ranked_vectors_in_their_rows")
    drop = [s for s in vectors.POSTGRES_DROP if s.startswith("DROP INDEX")]
    create = [s for s in vectors.POSTGRES_CREATE if s.startswith("CREATE INDEX")]
    for table, columns in ranked.TABLES.items():
        drop.append(f"ALTER TABLE search_searchentry DISABLE TRIGGER {table}_write")
        create += [
            f"INSERT INTO {table} (document_id, {', '.join(columns)}) "
            f"SELECT s.document_id, {', '.join(f's.{c}' for c in columns)} FROM search_searchentry s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} r WHERE r.document_id = s.document_id)",
            f"ALTER TABLE search_searchentry ENABLE TRIGGER {table}_write",
        ]
    return drop, create


def index_grow(pool: Pool, start: int, stop: int, seed: int, sentences: int) -> None:
    """Store and index documents `start` to `stop` - 1, in bulk."""
    from django.db import connection, transaction

    from doingoai.library.models import Document
    from doingoai.search.models import SearchEntry
    from doingoai.search.services import pairs_text

    rebuild = connection.vendor == "postgresql" and stop - start >= REBUILD_INDEXES_FROM
    drop, create = _postgres_index_statements()
    if rebuild:
        with connection.cursor() as cursor:
            for statement in drop:
                cursor.execute(statement)
    for first in range(start, stop, BATCH):
        rows = [(i, *document_make(pool, i, seed, sentences)) for i in range(first, min(first + BATCH, stop))]
        with transaction.atomic():
            documents = Document.objects.bulk_create(
                Document(
                    title=title.text,
                    text=body.text,
                    published=day,
                    file_name=f"scale-{i}",
                    content_hash=hashlib.sha256(f"scale {seed} {i}".encode()).hexdigest(),
                    is_published=True,
                )
                for i, title, body, day in rows
            )
            SearchEntry.objects.bulk_create(
                SearchEntry(
                    document_id=d.pk,
                    title_exact=title.exact,
                    body_exact=body.exact,
                    title_folded=title.folded,
                    body_folded=body.folded,
                    words=body.words,
                    pairs=pairs_text(title.exact, body.exact, title.folded, body.folded),
                )
                for d, (_i, title, body, _day) in zip(documents, rows, strict=True)
            )
    with connection.cursor() as cursor:
        if rebuild:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for statement in create:
                cursor.execute(statement)
        if connection.vendor == "postgresql":
            # Rows added with the GIN indexes in place wait in their pending lists, which every
            # search reads through until a VACUUM merges them.
            cursor.execute("VACUUM search_searchentry")
        cursor.execute("ANALYZE")


def queries_make(pool: Pool, n: int, seed: int) -> list[str]:
    """Return `n` queries cut from the pool's sentences, as a reader would type them (with diacritics)."""
    from doingoai.bench_corpus import SURNAMES
    from doingoai.search.plan import words_of

    rng = random.Random(seed)
    queries: list[str] = []
    while len(queries) < n:
        words = words_of(pool.sentences[rng.randrange(len(pool.sentences))].text)
        if len(words) < 6:
            continue
        start = rng.randrange(len(words) - 5)
        kind = len(queries) % 5
        size = (2, 3, 1, 2, 6)[kind]
        run = " ".join(words[start : start + size])
        queries.append(f"{rng.choice(SURNAMES)} {run}" if kind == 3 else run)
    return queries


def rare_words(pool: Pool, n: int) -> list[str]:
    """Return the `n` folded words found in the fewest sentences of the pool and in no title."""
    from doingoai.search.plan import words_of

    in_titles = {w for t in pool.titles for w in words_of(t.folded)}
    counts = Counter(w for s in pool.sentences for w in set(words_of(s.folded)))
    return sorted(
        (w for w in counts if w not in in_titles and not w.isdigit()), key=lambda w: (counts[w], w)
    )[:n]


def reference_ms(words: list[str]) -> list[float]:
    """Time a plain match of each rare word, with LIMIT 20 (no ranking, no scope)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        sql = (
            "SELECT document_id FROM search_searchentry "
            "WHERE vector_folded @@ to_tsquery('simple', %s) LIMIT 20"
        )
        params = [[f"'{w}'"] for w in words]
    else:
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT 20"
        params = [[f'{{title_folded body_folded}} : "{w}"'] for w in words]
    times: list[float] = []
    with connection.cursor() as cursor:
        for p in params:
            started = time.perf_counter()
            cursor.execute(sql, p)
            cursor.fetchall()
            times.append(1000 * (time.perf_counter() - started))
    return times


def page_ms(query: str) -> tuple[float, float]:
    """Time the search page's work for a query: (the ranked ids of the first page and the count, all).

    All: the ranked ids, the count, the page's documents loaded and their snippets made.
    """
    from doingoai.accounts.scope import SYSTEM
    from doingoai.library.selectors import DocumentFilters, SearchResults, documents_find, hits_make

    started = time.perf_counter()
    found = documents_find(user=SYSTEM, filters=DocumentFilters(query=query))
    assert isinstance(found, SearchResults)
    found.ranked(PAGE_SIZE)
    found.count()
    ranked = time.perf_counter()
    page = list(found[0:PAGE_SIZE])
    hits_make(page, query)
    return 1000 * (ranked - started), 1000 * (time.perf_counter() - started)


def _quantiles(times: Sequence[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def latency(
    sizes: Sequence[int],
    *,
    seed: int,
    queries: int,
    say: Callable[[str, str], None],
    pool_articles: int = 2000,
    sentences: int = 4,
    built: int = 0,
) -> None:
    """Grow the index through `sizes` and print the page's p50/p95 at each, as ratios to the reference."""
    from doingoai.analysis.text import fold_key

    started = time.perf_counter()
    pool = pool_make(pool_articles, seed)
    say(
        "pool",
        f"{len(pool.titles)} titles, {len(pool.sentences)} sentences from {pool_articles} articles "
        f"in {time.perf_counter() - started:.1f} s; documents of a title and {sentences} sentences",
    )
    typed = queries_make(pool, queries, seed)
    asked = {"with diacritics": typed, "without diacritics": [fold_key(q) for q in typed]}
    rare = rare_words(pool, 50)
    for size in sorted(sizes):
        started = time.perf_counter()
        if size > built:
            index_grow(pool, built, size, seed, sentences)
        say(f"indexed {size:,}", f"{size - built:,} documents added in {time.perf_counter() - started:.1f} s")
        built = size
        for query in typed[:5]:  # warm the caches
            page_ms(query)
        reference_ms(rare)
        reference = statistics.median(reference_ms(rare))
        say(f"  reference at {size:,}", f"rare word, LIMIT 20: median {reference:.2f} ms")
        for label, batch in asked.items():
            times = [page_ms(q) for q in batch]
            load = os.getloadavg()[0]
            for part, index in (("ranking and count", 0), ("whole page", 1)):
                p50, p95 = _quantiles([t[index] for t in times])
                say(
                    f"  {label}, {part}",
                    f"{len(batch)} queries, p50 {p50:.1f} ms ({p50 / reference:.0f}x ref), "
                    f"p95 {p95:.1f} ms ({p95 / reference:.0f}x ref), load {load:.1f}",
                )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m doingoai.bench_search_scale", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", help="a PostgreSQL database of its own (default: SQLite)")
    parser.add_argument("--data-dir", help="folder of the SQLite database (default: a temporary one)")
    parser.add_argument("--sizes", default="10000", help="comma-separated numbers of documents")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--pool-articles", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="leave the documents in the database")
    parser.add_argument(
        "--built",
        type=int,
        default=0,
        help="documents kept by an earlier run (same pool and seed): not added again",
    )
    return parser


def _clear() -> None:
    from django.db import connection

    from doingoai.bench_search import _library_clear

    if connection.vendor == "postgresql":  # a million rows: no deletion one by one
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE library_document, library_event CASCADE")
    else:
        _library_clear()


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Build the index at each size and print the latencies."""
    from doingoai.bench_search import _django_setup

    args = _parser().parse_args(argv)
    stream = out or sys.stdout

    def say(label: str, value: str) -> None:
        stream.write(f"{label:<38} {value}\n")
        stream.flush()

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-scale-") as temporary:
        _django_setup(args.database_url, args.data_dir or temporary)
        from django.db import connection

        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous = OFF")
        if not args.built:
            _clear()
        latency(
            sizes,
            seed=args.seed,
            queries=args.queries,
            pool_articles=args.pool_articles,
            sentences=args.sentences,
            built=args.built,
            say=say,
        )
        if not args.keep:
            _clear()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
