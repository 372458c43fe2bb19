"""Evaluate event grouping on public news clusters, beside a baseline computed in the same run.

A folder holds JSON Lines files; each line is one cluster of articles about one event (the
shape of the VLSP 2022 AbMuSu data: `{"single_documents": [{"title", "anchor_text",
"raw_text", ...}, ...]}`). The cluster is the gold event. Unrelated articles can be mixed in
from another file: one article of each of its clusters, each its own gold event.

The baseline is what a careful reader of the literature would try first: TF-IDF over words and
word bigrams, cosine, average-linkage agglomerative clustering, with the distance threshold
chosen on the very set it is scored on (an oracle, so the strongest form of the baseline).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from doingoai.analysis.document import Document
from doingoai.events.bcubed import BCubed, bcubed
from doingoai.events.errors import EventsError
from doingoai.events.grouping import DEFAULT_CONFIG, GroupingConfig, arrival_order, events_group
from doingoai.events.tfidf import tfidf_matrix

# The baseline's thresholds tried: cosine distances from 0.05 to 0.95.
BASELINE_THRESHOLDS = tuple(round(0.05 + 0.01 * i, 2) for i in range(91))
# Undated articles arrive in a shuffled order (fixed, so that runs repeat): files list a
# cluster's articles together, which would hand incremental grouping its answer.
ARRIVAL_SEED = 11


@dataclass(frozen=True)
class PublicArticle:
    """One article of a public collection and the gold event (its cluster) it belongs to."""

    id: str
    event: str
    text: str
    title: str | None
    published: dt.date | None


@dataclass(frozen=True)
class Baseline:
    """The baseline's scores at its best threshold on the set."""

    scores: BCubed
    threshold: float
    predicted_events: int


@dataclass(frozen=True)
class PublicEvaluation:
    """Our grouping and the baseline on one collection."""

    scores: BCubed
    baseline: Baseline
    documents: int
    gold_events: int
    predicted_events: int
    distractors: int
    dated: int

    @property
    def ratio(self) -> float:
        """Return our F1 over the baseline's."""
        return self.scores.f1 / self.baseline.scores.f1 if self.baseline.scores.f1 else 0.0


def _published(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise EventsError(f"{where}: ngày đăng '{value}' không đọc được (cần dạng yyyy-mm-dd)") from exc


def _cluster_articles(path: Path, line_number: int, line: str) -> list[dict[str, object]]:
    where = f"{path.name}, dòng {line_number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EventsError(f"{where}: không phải JSON ({exc.msg})") from exc
    articles = row.get("single_documents") if isinstance(row, dict) else None
    if not isinstance(articles, list) or not all(isinstance(a, dict) for a in articles):
        raise EventsError(f"{where}: thiếu danh sách bài 'single_documents'")
    return articles


def _article(path: Path, line_number: int, index: int, event: str, raw: dict[str, object]) -> PublicArticle:
    where = f"{path.name}, dòng {line_number}, bài {index + 1}"
    title = str(raw.get("title") or "").strip()
    parts = [title, str(raw.get("anchor_text") or "").strip(), str(raw.get("raw_text") or "").strip()]
    text = "\n\n".join(p for p in parts if p)
    if not text:
        raise EventsError(f"{where}: bài không có chữ nào")
    return PublicArticle(
        id=f"{event}/{index + 1}",
        event=event,
        text=text,
        title=title or None,
        published=_published(raw.get("date") or raw.get("published"), where),
    )


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EventsError(f"{path}: không đọc được tệp ({exc})") from exc
    return [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def clusters_raw(directory: Path) -> list[tuple[Path, int, list[dict[str, object]]]]:
    """Return each cluster of a folder's .jsonl files (sorted by name): file, line, its articles as read."""
    files = sorted(directory.glob("*.jsonl")) if directory.is_dir() else []
    if not files:
        raise EventsError(f"{directory}: không có tệp .jsonl nào (mỗi dòng một cụm bài về một sự kiện)")
    return [
        (path, line_number, _cluster_articles(path, line_number, line))
        for path in files
        for line_number, line in _lines(path)
    ]


def clusters_read(directory: Path, *, distractors: Path | None = None) -> list[PublicArticle]:
    """Return the articles of every cluster in a folder's .jsonl files, and the distractors.

    A distractor file gives the first article of each of its clusters, each its own gold event.
    """
    articles: list[PublicArticle] = []
    for path, line_number, raws in clusters_raw(directory):
        event = f"{path.stem}:{line_number}"
        articles += [_article(path, line_number, i, event, raw) for i, raw in enumerate(raws)]
    if distractors is not None:
        for line_number, line in _lines(distractors):
            first = _cluster_articles(distractors, line_number, line)[:1]
            event = f"distractor:{distractors.stem}:{line_number}"
            articles += [_article(distractors, line_number, 0, event, raw) for raw in first]
    return articles


def baseline_group(texts: Sequence[str], gold: Sequence[str]) -> Baseline:
    """Return TF-IDF + average-linkage clustering at the threshold that scores best against `gold`."""
    if len(texts) < 2:
        raise EventsError("cần ít nhất hai bài để so sánh cách gộp")
    matrix = tfidf_matrix(texts)
    similarity = np.asarray((matrix @ matrix.T).todense())
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    condensed = distance[np.triu_indices(len(texts), k=1)]
    tree = linkage(condensed, method="average")
    labels = {str(i): g for i, g in enumerate(gold)}
    best: Baseline | None = None
    for threshold in BASELINE_THRESHOLDS:
        clusters = fcluster(tree, t=threshold, criterion="distance")
        scores = bcubed({str(i): int(c) for i, c in enumerate(clusters)}, labels)
        if best is None or scores.f1 > best.scores.f1:
            best = Baseline(scores=scores, threshold=threshold, predicted_events=len(set(clusters.tolist())))
    assert best is not None  # BASELINE_THRESHOLDS is not empty
    return best


def ours_group(
    articles: Sequence[PublicArticle],
    *,
    analyze: Callable[[PublicArticle], Document],
    config: GroupingConfig = DEFAULT_CONFIG,
) -> dict[str, str]:
    """Return the event our grouping puts each article in, articles arriving by date, else shuffled."""
    docs = []
    for article in articles:
        doc = analyze(article)
        doc.id = article.id
        docs.append(doc)
    random.Random(ARRIVAL_SEED).shuffle(docs)
    index = events_group(arrival_order(docs), config)
    return {article.id: index.event_of(article.id).id for article in articles}


def public_evaluate(
    articles: Sequence[PublicArticle],
    *,
    analyze: Callable[[PublicArticle], Document],
    config: GroupingConfig = DEFAULT_CONFIG,
) -> PublicEvaluation:
    """Score our grouping and the baseline on the same articles against their clusters."""
    gold = {a.id: a.event for a in articles}
    if len(gold) != len(articles):
        raise EventsError("hai bài trùng mã trong tập đánh giá")
    predicted = ours_group(articles, analyze=analyze, config=config)
    return PublicEvaluation(
        scores=bcubed(predicted, gold),
        baseline=baseline_group([a.text for a in articles], [a.event for a in articles]),
        documents=len(articles),
        gold_events=len(set(gold.values())),
        predicted_events=len(set(predicted.values())),
        distractors=sum(a.event.startswith("distractor:") for a in articles),
        dated=sum(a.published is not None for a in articles),
    )


def article_analyze(article: PublicArticle) -> Document:
    """Return the analysed Document of a public article, its title and date given as hints."""
    from doingoai.analysis import analyze_text

    hints = {"title": article.title} if article.title else {}
    if article.published is not None:
        hints["published"] = article.published.isoformat()
    return analyze_text(article.text, id=article.id, hints=hints)
