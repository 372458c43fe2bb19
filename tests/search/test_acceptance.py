"""Acceptance on demo-like data: the 51 sample articles plus the two seed reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from doingoai.accounts.scope import SYSTEM
from doingoai.analysis.text import fold_key
from doingoai.library.models import IngestJob
from doingoai.library.selectors import DocumentFilters, documents_find
from doingoai.search.plan import exact_key

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "doingoai" / "samples" / "articles"


def _names_exactly(text: str) -> bool:
    return "trần cẩm tú" in " ".join(exact_key(text).split())


def _names_folded(text: str) -> bool:
    return "tran cam tu" in " ".join(fold_key(text).split())


def test_a_name_finds_the_seed_articles_first_and_nothing_without_it_above_them(
    ingest: Callable[..., IngestJob], seeds_dir: Path
) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}
    seeds = {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    ingest({**texts, **seeds}, published=True)

    for query, has_name in (("Trần Cẩm Tú", _names_exactly), ("tran cam tu", _names_folded)):
        ranked = list(documents_find(user=SYSTEM, filters=DocumentFilters(query=query)))
        assert {d.file_name for d in ranked[: len(seeds)]} == set(seeds), query
        flags = [has_name(d.text) for d in ranked]
        # Every article naming the person comes before every article that does not.
        assert flags == sorted(flags, reverse=True), [
            (d.file_name, f) for d, f in zip(ranked, flags, strict=True)
        ]
        assert len(ranked) > len(seeds), "the query's words also occur apart in other articles"
