"""Fill a benchmark library fast: many documents and aid transactions written by bulk SQL.

    python -m doingoai.bench_library --documents 100000 --transactions 100000

Analysing 100,000 articles takes hours on a shared machine, and importing them one at a time
longer still, so the benchmarks' libraries are built from a pool of a few hundred generated
articles (`doingoai.bench_corpus`) analysed once:

- the pool is grouped into events once, in memory, with the grouping imports use;
- copy `c` of pool article `j` is moved `c × SHIFT_DAYS` days back in time, given its own text
  (so its content hash is its own), a title marked with its copy and another outlet; its
  features are computed again from the moved article (dates follow), its term vector and
  grouping keys are the pool's (the weights depend on the share of documents holding a term,
  which copying keeps);
- each copy of a pool event is an event of the copies of its members, with its summary computed
  by the library's own `event_summary` from the rows about to be written, so lists read stored
  summaries as after real imports. Copies `c` and `c + 1` of an article are SHIFT_DAYS apart,
  beyond the grouping window, so a copy never belongs with another copy of itself; with a pool
  spread over two years, about 29 copies overlap on any day (about 24 documents a day at 600
  articles in the pool), a news archive's density;
- rows are written with `bulk_create` in batches, one transaction per batch: documents,
  named entities, the search index (rows from `doingoai.search.services.search_entry_values`,
  so the database's own full-text index is filled by its triggers or generated columns),
  grouping keys, events, memberships; term counts at the end;
- aid transactions are copies of the registry's own (`demo_load`), each copy moved back by 0 to 9
  times 52 weeks and numbered in its day (`sequence`), so the natural key stays unique.

Cross-copy grouping is not replayed: two different pool articles that a replay would put
together only because their copies fell on nearby days stay apart. Audit rows of the filling are
left out. The database is the one Django is configured with (DATABASE_URL or the data folder).
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

SHIFT_DAYS = 25
POOL_SEED = 11


@dataclass
class PoolArticle:
    """An analysed article of the pool, with what grouping the pool gave it."""

    doc: Any
    vector: Any
    keys: list[str]
    event: int
    position: int
    terms: set[str]
    analysis: dict[str, Any]
    features: Any
    features_data: dict[str, Any]
    vector_data: Any
    index: dict[str, str]
    copy_of: int | None = None  # index in the pool of the article it copies


@dataclass
class Pool:
    """The analysed articles copied into the library, grouped into events once."""

    articles: list[PoolArticle]
    events: list[list[int]]  # pool indices of each event's members, in order
    outlets: list[str] = field(default_factory=list)


def pool_make(size: int, *, words: int = 250, seed: int = POOL_SEED, texts: Sequence[str] = ()) -> Pool:
    """Analyse `size` generated articles (or the `texts` given) and group them into events, in memory."""
    from doingoai.analysis import analyze_text
    from doingoai.bench_corpus import corpus_generate
    from doingoai.events import EventIndex, blocking_keys, event_assign, features_from_document, vector_of
    from doingoai.library.stored import document_dump, features_dump, vector_dump
    from doingoai.search.services import search_entry_values

    texts = texts or [text for _id, text in corpus_generate(size, seed=seed, words=words)]
    docs = [analyze_text(text, id=str(n)) for n, text in enumerate(texts)]
    index = EventIndex()
    features = []
    for doc in docs:
        feature = features_from_document(doc)
        features.append(feature)
        event_assign(index, feature)
    membership: dict[int, tuple[int, int, int | None]] = {}
    events: list[list[int]] = []
    for number, grouped in enumerate(index.events_live()):
        copies = {int(c): int(source) for source, c in grouped.copies}
        events.append([int(m) for m in grouped.members])
        for position, member in enumerate(grouped.members):
            membership[int(member)] = (number, position, copies.get(int(member)))
    articles = []
    for n, (doc, feature) in enumerate(zip(docs, features, strict=True)):
        vector = vector_of(index, doc.id)
        event, position, copy_of = membership[n]
        keys = sorted({k[:255] for k in blocking_keys(feature, vector)})
        terms = {t for t in feature.terms if len(t) <= 255}
        articles.append(
            PoolArticle(
                doc=doc,
                vector=vector,
                keys=keys,
                event=event,
                position=position,
                terms=terms,
                analysis=document_dump(doc),
                features=feature,
                features_data=features_dump(feature),
                vector_data=vector_dump(vector),
                index=search_entry_values(title=doc.title or "", body=doc.text, word_spans=doc.words),
                copy_of=copy_of,
            )
        )
    outlets = sorted({doc.source for doc in docs if doc.source})
    return Pool(articles=articles, events=events, outlets=outlets)


def _moved(day: dt.date | None, c: int) -> dt.date | None:
    return day - dt.timedelta(days=SHIFT_DAYS * c) if day else None


@dataclass
class Copy:
    """Copy `c` of a pool article: its own text, title, outlet and dates; its stored forms."""

    text: str
    title: str
    source: str
    published: dt.date | None
    analysis: dict[str, Any]
    features: Any
    features_data: dict[str, Any]
    index: dict[str, str]


def copy_make(pool: Pool, j: int, c: int, pk: int) -> Copy:
    """Return copy `c` of pool article `j`, stored as document `pk`: moved back, its own text and title.

    The forms that cost most to compute are the pool article's, changed where the copy differs:
    the analysis (id, text, title, outlet, date), the features (id, outlet, dates, title) and the
    search row (the index of the appended line added to the article's; both keys keep offsets).
    """
    from doingoai.search.services import pairs_text, search_entry_values

    article = pool.articles[j]
    doc = article.doc
    suffix = f"\n\n(Bản lưu số {c})" if c else ""
    title = f"{doc.title or ''} (kỳ {c})".strip() if c else doc.title or ""
    source = doc.source or ""
    if c and source in pool.outlets:
        source = pool.outlets[(pool.outlets.index(source) + c) % len(pool.outlets)]
    published = _moved(doc.published or dt.date(2025, 1, 1), c)
    analysis = {
        **article.analysis,
        "id": str(pk),
        "text": doc.text + suffix,
        "title": title,
        "source": source,
        "published": published.isoformat() if published else None,
    }
    features = dataclasses.replace(
        article.features,
        id=str(pk),
        source=source,
        title=title,
        published=published,
        event_date=_moved(article.features.event_date, c),
    )
    features_data = {
        **article.features_data,
        "id": str(pk),
        "source": source,
        "title": title,
        "published": analysis["published"],
        "event_date": features.event_date.isoformat() if features.event_date else None,
    }
    index = dict(article.index)
    if c:
        appended = search_entry_values(title=title, body=suffix)
        index.update(title_exact=appended["title_exact"], title_folded=appended["title_folded"])
        index["body_exact"] += appended["body_exact"]
        index["body_folded"] += appended["body_folded"]
        keys = ("title_exact", "body_exact", "title_folded", "body_folded")
        index["pairs"] = pairs_text(*(index[k] for k in keys))
    return Copy(doc.text + suffix, title, source, published, analysis, features, features_data, index)


def _ids_next(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _sequences_reset(*models: Any) -> None:
    """After rows written with their ids, move PostgreSQL's sequences past them."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def documents_fill(
    pool: Pool, count: int, *, batch: int = 2000, progress: Callable[[int], None] | None = None
) -> int:
    """Write `count` copies of the pool's articles with their facts, index rows and events; return it.

    Copies are written whole cycles of the pool at a time (an event's members stay in one
    batch), each batch in one transaction.
    """
    from django.db import transaction

    from doingoai.library import services
    from doingoai.library.models import (
        Document,
        DocumentEntity,
        DocumentKey,
        Event,
        EventMembership,
        TermStatistic,
    )
    from doingoai.library.selectors import event_summary
    from doingoai.search.models import SearchEntry

    size = len(pool.articles)
    first_document, first_event = _ids_next(Document), _ids_next(Event)
    per_batch = max(1, batch // size) * size  # whole cycles
    copies_of: Counter[int] = Counter()
    written = 0
    event_id = first_event
    while written < count:
        todo = min(per_batch, count - written)
        rows: list[Document] = []
        entities: list[DocumentEntity] = []
        entries: list[SearchEntry] = []
        keys: list[DocumentKey] = []
        by_event: dict[tuple[int, int], list[tuple[int, Document]]] = {}
        for n in range(written, written + todo):
            c, j = divmod(n, size)
            article = pool.articles[j]
            pk = first_document + n
            made = copy_make(pool, j, c, pk)
            row = Document(
                id=pk,
                title=made.title[:500],
                source=made.source[:255],
                published=made.published,
                text=made.text,
                file_name=f"bench/{c}/{j}.txt",
                content_hash=services.content_hash(made.text),
                analysis=made.analysis,
                features=made.features_data,
                vector=article.vector_data,
                event_date=made.features.event_date,
                anchor_date=made.features.anchor_date,
                is_published=True,
            )
            rows.append(row)
            entities += services._entities(row, article.doc)
            entries.append(SearchEntry(document_id=pk, **made.index))
            keys += [DocumentKey(document_id=pk, key=k, day=row.anchor_date) for k in article.keys]
            by_event.setdefault((c, article.event), []).append((j, row))
            copies_of[j] += 1
        events: list[Event] = []
        memberships: list[EventMembership] = []
        for members in by_event.values():
            members.sort(key=lambda m: pool.articles[m[0]].position)
            docs = [row for _j, row in members]
            summary = event_summary(docs)
            day = dt.date.fromisoformat(summary["date"]) if summary.get("date") else None
            events.append(
                Event(
                    id=event_id,
                    founder_id=docs[0].pk,
                    date=day,
                    document_count=len(docs),
                    published_count=len(docs),
                    summary=summary,
                    public_summary=summary,
                )
            )
            pk_of = {j: row.pk for j, row in members}
            for position, (j, row) in enumerate(members):
                source = pool.articles[j].copy_of
                memberships.append(
                    EventMembership(
                        event_id=event_id,
                        document_id=row.pk,
                        position=position,
                        copy_of_id=pk_of.get(source) if source is not None else None,
                    )
                )
            event_id += 1
        with transaction.atomic():
            Document.objects.bulk_create(rows, batch_size=500)
            DocumentEntity.objects.bulk_create(entities, batch_size=2000)
            SearchEntry.objects.bulk_create(entries, batch_size=500)
            DocumentKey.objects.bulk_create(keys, batch_size=2000)
            Event.objects.bulk_create(events, batch_size=1000)
            EventMembership.objects.bulk_create(memberships, batch_size=2000)
        written += todo
        if progress:
            progress(written)
    _terms_add(pool, copies_of)
    _sequences_reset(Document, Event, DocumentEntity, DocumentKey, EventMembership, TermStatistic)
    return written


def _terms_add(pool: Pool, copies_of: Counter[int]) -> None:
    """Add the copies' terms to the library's document counts (the weights of new imports)."""
    from django.db import transaction
    from django.db.models import F

    from doingoai.library.models import TermStatistic

    counts: Counter[str] = Counter()
    for j, times in copies_of.items():
        for term in pool.articles[j].terms:
            counts[term] += times
    counts[""] = sum(copies_of.values())
    with transaction.atomic():
        existing = set(TermStatistic.objects.filter(term__in=list(counts)).values_list("term", flat=True))
        for term in existing:
            TermStatistic.objects.filter(term=term).update(documents=F("documents") + counts[term])
        TermStatistic.objects.bulk_create(
            (TermStatistic(term=t, documents=n) for t, n in counts.items() if t not in existing),
            batch_size=2000,
        )


def transactions_fill(count: int, *, batch: int = 5000) -> int:
    """Write `count` copies of the registry's transactions, each copy moved back by 0 to 9 times 52 weeks."""
    from django.db import transaction

    from doingoai.aid.models import Transaction

    base = list(Transaction.objects.order_by("pk"))
    if not base:
        raise SystemExit("no aid transaction to copy: load the demo registry first (doingoai demo_load)")
    # Copy c of a row is numbered (c + 1) × step + its own number: apart from every other row's.
    step = max(t.sequence for t in base) + 1
    written = 0
    while written < count:
        rows = []
        for n in range(written, min(count, written + batch)):
            c, j = divmod(n, len(base))
            row = copy.copy(base[j])
            row.pk = None
            # Back by 52 weeks a year: one shift for the whole copy keeps its rows' days apart.
            row.date -= dt.timedelta(weeks=52 * (c % 10))
            row.sequence = (c + 1) * step + row.sequence
            rows.append(row)
        with transaction.atomic():
            Transaction.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Fill the configured database; print the rates."""
    parser = argparse.ArgumentParser(
        prog="python -m doingoai.bench_library", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--transactions", type=int, default=100_000)
    parser.add_argument("--pool", type=int, default=600, help="articles analysed once and copied (600)")
    parser.add_argument("--words", type=int, default=250)
    args = parser.parse_args(argv)
    from doingoai.cli import django_setup

    django_setup()
    out = sys.stderr
    started = time.perf_counter()
    pool = pool_make(args.pool, words=args.words)
    out.write(
        f"pool: {len(pool.articles)} articles, {len(pool.events)} events, "
        f"{time.perf_counter() - started:.0f} s\n"
    )
    started = time.perf_counter()

    def report(done: int) -> None:
        spent = time.perf_counter() - started
        out.write(f"documents: {done:,} in {spent:.0f} s ({done / spent:.0f}/s)\n")
        out.flush()

    documents_fill(pool, args.documents, progress=report)
    started = time.perf_counter()
    written = transactions_fill(args.transactions)
    out.write(f"transactions: {written:,} in {time.perf_counter() - started:.0f} s\n")
    statistics_gather()
    return 0


def statistics_gather() -> None:
    """Give PostgreSQL's planner the statistics of the tables just filled (`VACUUM ANALYZE`).

    In production autovacuum does it after a large import; a bulk fill measured at once (or on a
    server where autovacuum is off, as on this project's CI machine) would otherwise be planned
    with no statistics at all. SQLite is left as the application leaves it: it never runs ANALYZE.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    raise SystemExit(main())
