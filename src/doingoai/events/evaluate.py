"""Evaluate event grouping on a labelled folder: a manifest of files and their true events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from doingoai.analysis.document import Document
from doingoai.events.bcubed import BCubed, bcubed, clusters_of, item_scores
from doingoai.events.grouping import DEFAULT_CONFIG, GroupingConfig, arrival_order, events_group
from doingoai.events.manifest import manifest_read


@dataclass(frozen=True)
class Misgrouped:
    """A document whose predicted event differs from its true one."""

    document: str
    gold_event: str
    predicted_event: str
    wrongly_with: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    """The B-cubed scores of one run and the documents it put in the wrong place."""

    scores: BCubed
    documents: int
    gold_events: int
    predicted_events: int
    misgrouped: tuple[Misgrouped, ...]


def events_evaluate(
    directory: Path,
    *,
    analyze: Callable[[Path], Document],
    config: GroupingConfig = DEFAULT_CONFIG,
) -> Evaluation:
    """Analyse the manifest's files, group them in publication order, and score against the labels."""
    rows = manifest_read(directory)
    docs: list[Document] = []
    gold: dict[str, str] = {}
    for row in rows:
        doc = analyze(row.path)
        doc.id = row.path.relative_to(directory).as_posix()
        docs.append(doc)
        gold[doc.id] = row.event
    index = events_group(arrival_order(docs), config)
    predicted = {doc: index.event_of(doc).id for doc in gold}
    scores = bcubed(predicted, gold)
    per_item = item_scores(predicted, gold)
    predicted_clusters = clusters_of(predicted)
    gold_clusters = clusters_of(gold)
    misgrouped = tuple(
        Misgrouped(
            document=doc,
            gold_event=gold[doc],
            predicted_event=predicted[doc],
            wrongly_with=tuple(sorted(predicted_clusters[predicted[doc]] - gold_clusters[gold[doc]])),
            missing=tuple(sorted(gold_clusters[gold[doc]] - predicted_clusters[predicted[doc]])),
        )
        for doc in gold
        if per_item[doc] != (1.0, 1.0)
    )
    return Evaluation(
        scores=scores,
        documents=len(docs),
        gold_events=len(gold_clusters),
        predicted_events=len(predicted_clusters),
        misgrouped=misgrouped,
    )
