from __future__ import annotations

import pytest

from doingoai.events.bcubed import bcubed, item_scores
from doingoai.events.errors import EventsError

GOLD = {"a": "x", "b": "x", "c": "y"}

CASES = [
    # (predicted, precision, recall), computed by hand per item then averaged
    ({"a": 1, "b": 1, "c": 2}, 1.0, 1.0),
    ({"a": 1, "b": 1, "c": 1}, (2 / 3 + 2 / 3 + 1 / 3) / 3, 1.0),
    ({"a": 1, "b": 2, "c": 3}, 1.0, (1 / 2 + 1 / 2 + 1) / 3),
    ({"a": 1, "b": 2, "c": 2}, (1 + 1 / 2 + 1 / 2) / 3, (1 / 2 + 1 / 2 + 1) / 3),
]


@pytest.mark.parametrize(("predicted", "precision", "recall"), CASES)
def test_bcubed_matches_hand_computed_scores(
    predicted: dict[str, int], precision: float, recall: float
) -> None:
    scores = bcubed(predicted, GOLD)
    assert scores.precision == pytest.approx(precision)
    assert scores.recall == pytest.approx(recall)
    assert scores.f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_merging_everything_gives_f1_of_ten_fourteenths() -> None:
    assert bcubed({"a": 0, "b": 0, "c": 0}, GOLD).f1 == pytest.approx(10 / 14)


def test_item_scores_name_each_item() -> None:
    assert item_scores({"a": 1, "b": 2, "c": 2}, GOLD) == {"a": (1.0, 0.5), "b": (0.5, 0.5), "c": (0.5, 1.0)}


def test_labels_are_compared_by_grouping_not_by_name() -> None:
    assert bcubed({"a": "y", "b": "y", "c": "x"}, GOLD).f1 == 1.0


@pytest.mark.parametrize(
    "predicted",
    [{"a": 1, "b": 1}, {"a": 1, "b": 1, "c": 1, "d": 2}],
)
def test_different_items_are_refused(predicted: dict[str, int]) -> None:
    with pytest.raises(EventsError):
        bcubed(predicted, GOLD)


def test_no_items_is_refused() -> None:
    with pytest.raises(EventsError):
        bcubed({}, {})
