"""Benchmark search: quality on a public multi-outlet collection, latency on a generated corpus.

    python -m doingoai.bench_search VLSP_DIR [--database-url URL] [--latency-documents 10000]

`VLSP_DIR` holds the JSON Lines files of the VLSP 2022 AbMuSu clusters (each line: a cluster of
reports of one event by several outlets, `single_documents` with `title`, `anchor_text`,
`raw_text`). The collection is read from that folder and never stored in the repository.

Quality: every report is analysed (words and people) and indexed. For each cluster, the title
of its first report is a query, typed with diacritics and without (`fold_key`); the cluster's
reports are the relevant documents. Name queries are people named in the collection (two
syllables or more, with diacritics), each relevant where its exact name stands. Reported: MRR
and nDCG@10 (binary relevance), and for names the share whose first result names the person.

Latency: `--latency-documents` short generated documents are indexed in bulk and timed as the
search page runs a query (`doingoai.bench_search_scale`, which also grows the index to larger
sizes).

The database is SQLite in a temporary folder, or PostgreSQL at `--database-url` (a database of
its own: its documents are deleted).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

PAGE_SIZE = 20
NAME_QUERIES_MAX = 300


@dataclass
class Report:
    """One report of a cluster."""

    cluster: int
    title: str
    text: str


@dataclass
class Judged:
    """A query and the ids of its relevant documents."""

    query: str
    relevant: set[int]
    kind: str  # "title" or "name"
    name: str = ""  # the exact name, for name queries


@dataclass
class Scores:
    """Reciprocal ranks, nDCG@10 and first-result checks of a set of queries."""

    rr: list[float] = field(default_factory=list)
    ndcg: list[float] = field(default_factory=list)
    first_ok: list[bool] = field(default_factory=list)

    def line(self) -> str:
        """Return the scores as one line of text."""
        out = f"{len(self.rr)} queries, MRR {statistics.fmean(self.rr):.3f}"
        out += f", nDCG@10 {statistics.fmean(self.ndcg):.3f}"
        if self.first_ok:
            out += f", first result names the person {sum(self.first_ok) / len(self.first_ok):.1%}"
        return out


def reports_read(folder: Path) -> list[Report]:
    """Return the reports of every cluster in the folder's .jsonl files (sorted by file name)."""
    from doingoai.events.public import clusters_raw

    reports: list[Report] = []
    for cluster, (_path, _line, singles) in enumerate(clusters_raw(folder)):
        for single in singles:
            title = " ".join(str(single.get("title") or "").split())
            parts = (str(single.get("anchor_text") or ""), str(single.get("raw_text") or ""))
            body = "\n".join(p for p in parts if p)
            reports.append(Report(cluster, title, f"{title}\n\n{body.strip()}\n"))
    return reports


def ndcg_at_10(ranked: Sequence[int], relevant: set[int]) -> float:
    """Return nDCG@10 with binary relevance."""
    dcg = sum(1 / math.log2(i + 2) for i, pk in enumerate(ranked[:10]) if pk in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return dcg / ideal if ideal else 0.0


def reciprocal_rank(ranked: Sequence[int], relevant: set[int]) -> float:
    """Return 1/rank of the first relevant document (0 if none is ranked)."""
    return next((1 / (i + 1) for i, pk in enumerate(ranked) if pk in relevant), 0.0)


def _django_setup(database_url: str | None, data_dir: str) -> None:
    os.environ["DOINGOAI_DATA_DIR"] = data_dir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doingoai.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _library_clear() -> None:
    from doingoai.library.models import Document, Event

    Event.objects.all().delete()
    Document.objects.all().delete()


def _store(rows: list[tuple[str, str, list[Any]]]) -> list[int]:
    """Store (title, text, word spans) rows as published national documents, indexed; return their ids."""
    from django.db import transaction

    from doingoai.library.models import Document
    from doingoai.search.models import SearchEntry
    from doingoai.search.services import search_entry_values

    ids: list[int] = []
    with transaction.atomic():
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            documents = Document.objects.bulk_create(
                Document(
                    title=title[:500],
                    text=text,
                    file_name=f"bench-{start + i}",
                    content_hash=hashlib.sha256(f"{start + i}\n{text}".encode()).hexdigest(),
                    is_published=True,
                )
                for i, (title, text, _spans) in enumerate(chunk)
            )
            SearchEntry.objects.bulk_create(
                SearchEntry(document_id=d.pk, **search_entry_values(title=title, body=text, word_spans=spans))
                for d, (title, text, spans) in zip(documents, chunk, strict=True)
            )
            ids += [d.pk for d in documents]
    return ids


def _ranked(query: str, limit: int = 10) -> list[int]:
    from doingoai.accounts.scope import SYSTEM
    from doingoai.library.selectors import DocumentFilters, documents_find

    return [d.pk for d in documents_find(user=SYSTEM, filters=DocumentFilters(query=query))[:limit]]


def _analysed(reports: list[Report]) -> list[dict[str, Any]]:
    """Return each report's word spans and people, analysed once and kept in the temporary folder.

    Only the steps the people reader needs run (segmentation, places, organizations, people);
    a second run, on the other database, reads the cache.
    """
    from doingoai.analysis import Pipeline, analyze_text, default_pipeline

    digest = hashlib.sha256("\0".join(r.text for r in reports).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"doingoai-bench-search-{digest}.json"
    if cache.is_file():
        cached: list[dict[str, Any]] = json.loads(cache.read_text(encoding="utf-8"))
        return cached
    wanted = {"normalize", "metadata", "segment", "places", "organizations", "people"}
    pipeline = Pipeline([step for step in default_pipeline().steps if step.name in wanted])
    out = []
    for i, report in enumerate(reports):
        doc = analyze_text(report.text, id=str(i), pipeline=pipeline)
        out.append({"words": [list(w) for w in doc.words], "people": [p.name for p in doc.people]})
    cache.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def quality(folder: Path, say: Callable[[str, str], None]) -> None:
    """Index the collection and print MRR and nDCG@10 of the title and name queries."""
    from doingoai.analysis.text import fold_key
    from doingoai.search.plan import exact_key, plan_make, words_of

    reports = reports_read(folder)
    clusters = len({r.cluster for r in reports})
    say("collection", f"{clusters} clusters, {len(reports)} reports, from {folder}")
    started = time.perf_counter()
    analysed = _analysed(reports)
    say("analysis (words, people)", f"{time.perf_counter() - started:.1f} s (not counted)")
    _library_clear()
    ids = _store([(r.title, r.text, a["words"]) for r, a in zip(reports, analysed, strict=True)])

    by_cluster: dict[int, set[int]] = {}
    first_title: dict[int, str] = {}
    for pk, report in zip(ids, reports, strict=True):
        by_cluster.setdefault(report.cluster, set()).add(pk)
        first_title.setdefault(report.cluster, report.title)
    judged = [Judged(first_title[c], by_cluster[c], "title") for c in sorted(by_cluster) if first_title[c]]

    # Words only, so "Tú," and "Tú." count as the name.
    exact_texts = {
        pk: f" {' '.join(words_of(exact_key(r.text)))} " for pk, r in zip(ids, reports, strict=True)
    }
    names: Counter[str] = Counter()
    for a in analysed:
        for person in a["people"]:
            name = " ".join(person.split())
            if len(name.split()) >= 2 and plan_make(name).has_diacritics:
                names[name] += 1
    chosen = sorted(names, key=lambda n: (-names[n], n))[:NAME_QUERIES_MAX]
    for name in chosen:
        key = f" {' '.join(words_of(exact_key(name)))} "
        relevant = {pk for pk, text in exact_texts.items() if key in text}
        if relevant:
            judged.append(Judged(name, relevant, "name", name))
    say(
        "queries",
        f"{sum(j.kind == 'title' for j in judged)} titles, {sum(j.kind == 'name' for j in judged)} names",
    )

    for kind in ("title", "name"):
        for typed in ("with diacritics", "without diacritics"):
            scores = Scores()
            for j in (j for j in judged if j.kind == kind):
                query = j.query if typed == "with diacritics" else fold_key(j.query)
                ranked = _ranked(query)
                scores.rr.append(reciprocal_rank(ranked, j.relevant))
                scores.ndcg.append(ndcg_at_10(ranked, j.relevant))
                if kind == "name":
                    scores.first_ok.append(bool(ranked) and ranked[0] in j.relevant)
            say(f"{kind} queries, {typed}", scores.line())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m doingoai.bench_search", description=__doc__.split("\n")[0]
    )
    parser.add_argument("vlsp", type=Path, help="folder of the VLSP 2022 AbMuSu .jsonl files")
    parser.add_argument(
        "--database-url", help="a PostgreSQL database of its own (default: SQLite, temporary)"
    )
    parser.add_argument("--latency-documents", type=int, default=10_000, help="0 skips the latency run")
    parser.add_argument("--latency-queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-quality", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the quality and latency benchmarks and print the results."""
    args = _parser().parse_args(argv)
    stream = out or sys.stdout

    def say(label: str, value: str) -> None:
        stream.write(f"{label:<38} {value}\n")
        stream.flush()

    if not args.skip_quality and not any(args.vlsp.glob("*.jsonl")):
        stream.write(f"doingoai.bench_search: no .jsonl file in {args.vlsp}\n")
        return 2
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-search-") as data_dir:
        _django_setup(args.database_url, data_dir)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SELECT version()")
            say("database", f"{connection.vendor} {cursor.fetchone()[0].split(' on ')[0]}")
        if not args.skip_quality:
            quality(args.vlsp, say)
        if args.latency_documents > 0:
            from doingoai.bench_search_scale import latency

            _library_clear()
            latency([args.latency_documents], seed=args.seed, queries=args.latency_queries, say=say)
        _library_clear()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
