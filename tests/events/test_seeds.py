"""Acceptance on the two seed articles: two outlets' reports of one conference (../shared/seeds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from doingoai.analysis import Document, analyze_file, analyze_text
from doingoai.events import events_group, events_json, events_markdown

# Written for this test: another subject, published the same day as the conference.
SAME_DAY_OTHER_SUBJECT = """Đà Nẵng ra mắt câu lạc bộ giao lưu tiếng Nhật cho học sinh

date 2025-12-30

(BĐN) - Chiều 30/12, Hội Hữu nghị Việt Nam – Nhật Bản thành phố Đà Nẵng ra mắt câu lạc bộ giao lưu
tiếng Nhật dành cho học sinh trung học, với 60 thành viên đầu tiên. Câu lạc bộ sinh hoạt mỗi tuần một buổi
tại Nhà Thiếu nhi thành phố, do các tình nguyện viên người Nhật hướng dẫn hội thoại và văn hóa trà đạo.
"""


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> list[Document]:
    return [analyze_file(path) for path in sorted(seeds_dir.glob("*.txt"))]


@pytest.fixture(scope="module")
def seed_event(seeds: list[Document]) -> dict[str, Any]:
    [event] = events_json(seeds)
    return event


def test_the_two_seeds_form_one_event(seeds: list[Document], seed_event: dict[str, Any]) -> None:
    assert sorted(seed_event["documents"]) == sorted(d.id for d in seeds)
    assert seed_event["copies"] == []  # two outlets' own reports, not a republished release
    [link] = seed_event["links"]
    assert link["score"] > 0 and link["signals"]["lexical"] > 0


def test_the_differing_key_phrase_is_a_quote_difference(
    seeds: list[Document], seed_event: dict[str, Any]
) -> None:
    texts = {d.id: d.text for d in seeds}
    quotes = [d for d in seed_event["differences"] if d["kind"] == "quote"]
    phrase = [d for d in quotes if "[-phát triển-]{+xây dựng+}" in d["diff"]]
    assert phrase, [d["diff"] for d in quotes]
    items = {item["document"]: item for item in phrase[0]["items"]}
    assert len(items) == 2
    for doc_id, item in items.items():
        start, end = item["span"]
        assert texts[doc_id][start:end] == item["text"]  # each outlet's own words
    words = {("phát triển" in item["text"], "xây dựng" in item["text"]) for item in items.values()}
    assert words == {(True, False), (False, True)}


def test_figures_only_one_outlet_reports_are_attributed_to_it(
    seeds: list[Document], seed_event: dict[str, Any]
) -> None:
    by_id = {d.id: d for d in seeds}
    if not any(d.amounts for d in seeds):
        pytest.skip("the amounts extractor found no amount in the seeds")
    amounts = [f for f in seed_event["facts"] if f["kind"] == "amount"]
    assert amounts
    for fact in amounts:
        for mention in fact["mentions"]:
            doc = by_id[mention["document"]]
            assert any(a.span == tuple(mention["span"]) for a in doc.amounts)
        reporting = {d.id for d in seeds if any(a.text == fact["mentions"][0]["text"] for a in d.amounts)}
        assert set(fact["documents"]) == reporting
    single = [f for f in amounts if len(f["documents"]) == 1]
    assert single, "the seeds' sums (50 tỷ đồng, 200 triệu USD) are in one outlet only"


def test_an_unrelated_article_of_the_same_day_stays_in_its_own_event(seeds: list[Document]) -> None:
    other = analyze_text(SAME_DAY_OTHER_SUBJECT, id="other")
    assert other.published is not None and other.published.isoformat() == "2025-12-30"
    index = events_group([*seeds, other])
    assert len(index.events) == 2
    assert index.event_of("other").members == ["other"]


def test_the_seeds_keep_together_among_the_evaluation_articles(
    seeds: list[Document], eval_docs: dict[str, Document]
) -> None:
    docs = [*eval_docs.values(), *seeds]
    index = events_group(docs)
    event = index.event_of(seeds[0].id)
    assert sorted(event.members) == sorted(d.id for d in seeds)


def test_the_brief_compares_the_outlets_side_by_side(seeds: list[Document]) -> None:
    brief = events_markdown(seeds)
    assert "### So sánh các nguồn" in brief
    assert "| | TBTCO" in brief
    assert "[-phát triển-]{+xây dựng+}" in brief
