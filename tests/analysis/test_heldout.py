"""Quality floors on held-out articles that nobody tuned the extractors against.

The articles in `heldout/` were written for this test, each with a gold file of what a careful
analyst expects (see `doingoai.analysis.evaluate` for the format and the matching rules). The
floors come from the README's ambition, not from what the extractors happened to reach.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

from doingoai.analysis.evaluate import (
    LAYERS,
    EvaluationReport,
    analysis_evaluate,
    gold_articles,
    gold_load,
    keywords_match,
    person_key,
    quote_matches,
    words_key,
)

HELDOUT = Path(__file__).parent / "heldout"
F1_FLOORS = {
    "people": 0.8,
    "organizations": 0.8,
    "places": 0.8,
    "amounts": 0.8,
    "quantities": 0.8,
    "dates": 0.8,
    "directives": 0.6,
    "quotes": 0.6,
}
ARTICLES = sorted(p for p in HELDOUT.iterdir() if p.suffix == ".txt")


@lru_cache(maxsize=1)
def _report() -> EvaluationReport:
    return analysis_evaluate(HELDOUT)


def _layer_problems(report: EvaluationReport, layer: str) -> str:
    lines = []
    for doc in report.documents:
        missed, wrong = doc.misses.get(layer, []), doc.false_positives.get(layer, [])
        if missed or wrong:
            lines.append(f"  {doc.id}: missed {missed}; false positives {wrong}")
    return "\n".join(lines)


def test_floors_cover_every_layer() -> None:
    assert set(F1_FLOORS) == set(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_heldout_f1_reaches_the_floor(layer: str) -> None:
    report = _report()
    score = report.layers[layer]
    assert score.f1 >= F1_FLOORS[layer], (
        f"{layer}: F1 {score.f1:.2f} < {F1_FLOORS[layer]} "
        f"(P {score.precision:.2f}, R {score.recall:.2f}, gold {score.gold}, found {score.found})\n"
        + _layer_problems(report, layer)
    )


# The gold itself: these catch a typo in an annotation before it is blamed on an extractor.


def test_every_heldout_article_has_a_valid_gold_file() -> None:
    assert len(ARTICLES) == 12
    assert [a for a, _ in gold_articles(HELDOUT)] == ARTICLES
    for _, gold in gold_articles(HELDOUT):
        gold_load(gold)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_heldout_article_is_nfc_and_of_news_length(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert 150 <= len(text.split()) <= 400


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_heldout_gold_names_quotes_and_tasks_occur_in_the_article(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    folded = f" {words_key(text)} "
    gold = json.loads(article.with_name(article.stem + ".gold.json").read_text(encoding="utf-8"))
    for person in gold["people"]:
        names = person["name"] if isinstance(person["name"], list) else [person["name"]]
        assert any(f" {person_key(n)} " in folded for n in names), person["name"]
    quoted = [part.split("”")[0] for part in text.split("“")[1:]]
    for quote in gold["quotes"]:
        assert any(quote_matches(q, quote["starts_with"]) for q in quoted), quote["starts_with"]
    for directive in gold["directives"]:
        assert keywords_match(text, directive["task_keywords"]), directive["task_keywords"]
