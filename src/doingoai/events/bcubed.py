"""B-cubed precision, recall and F1 of a clustering against gold labels (Bagga & Baldwin 1998)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from doingoai.events.errors import EventsError


@dataclass(frozen=True)
class BCubed:
    """Per-item averaged B-cubed scores."""

    precision: float
    recall: float
    f1: float


def clusters_of(labels: Mapping[str, Hashable]) -> dict[Hashable, set[str]]:
    """Return the items of each label."""
    clusters: dict[Hashable, set[str]] = {}
    for item, label in labels.items():
        clusters.setdefault(label, set()).add(item)
    return clusters


def item_scores(
    predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]
) -> dict[str, tuple[float, float]]:
    """Return each item's B-cubed precision and recall.

    An item's precision is the share of its predicted cluster that truly belongs with it; its
    recall is the share of its true cluster that the prediction put with it.
    """
    if predicted.keys() != gold.keys():
        only_predicted = sorted(predicted.keys() - gold.keys())
        only_gold = sorted(gold.keys() - predicted.keys())
        raise EventsError(f"items differ: only predicted {only_predicted[:5]}, only gold {only_gold[:5]}")
    predicted_clusters = clusters_of(predicted)
    gold_clusters = clusters_of(gold)
    out: dict[str, tuple[float, float]] = {}
    for item in predicted:
        mine = predicted_clusters[predicted[item]]
        truth = gold_clusters[gold[item]]
        both = len(mine & truth)
        out[item] = (both / len(mine), both / len(truth))
    return out


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> BCubed:
    """Return the B-cubed scores of `predicted` (item -> cluster) against `gold` (item -> label)."""
    scores = item_scores(predicted, gold)
    if not scores:
        raise EventsError("B-cubed needs at least one item")
    precision = sum(p for p, _ in scores.values()) / len(scores)
    recall = sum(r for _, r in scores.values()) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BCubed(precision, recall, f1)
