from __future__ import annotations

import json

from doingoai.analysis import Document
from doingoai.events import events_json, events_markdown

EVENT_KEYS = {"id", "title", "date", "place", "organizer", "participants", "documents", "sources", "copies"}


def test_events_json_follows_the_contract(eval_docs: dict[str, Document]) -> None:
    docs = [eval_docs[n] for n in ("a017", "a018", "a019", "a020", "a021", "a014")]
    events = events_json(docs)
    json.dumps(events, ensure_ascii=False)  # serializable as is
    assert len(events) == 3
    for event in events:
        assert EVENT_KEYS | {"facts", "differences", "links"} <= set(event)
        for fact in event["facts"]:
            assert fact["documents"] and set(fact["documents"]) <= set(event["documents"])
        for difference in event["differences"]:
            assert difference["kind"] in {"figure", "quote"} and difference["diff"]
            for item in difference["items"]:
                text = eval_docs[item["document"]].text
                assert text[item["span"][0] : item["span"][1]] == item["text"]
    # Grouped in publication order: the blood drive (8/3) before the water project (25/3).
    blood, water, release = events
    assert water["documents"] == ["a017", "a018", "a019"] and water["date"] == "2025-03-25"
    assert [pair for pair in release["copies"]] == [["a020", "a021"]]
    assert blood["documents"] == ["a014"] and blood["links"] == []
    pairs = {tuple(link["documents"]) for link in water["links"]}
    assert pairs == {("a017", "a018"), ("a017", "a019"), ("a018", "a019")}


def test_a_copy_does_not_count_as_an_independent_source(eval_docs: dict[str, Document]) -> None:
    [event] = events_json([eval_docs["a020"], eval_docs["a021"]])
    assert event["facts"]
    assert all(f["independent_sources"] == 1 for f in event["facts"])


def test_the_brief_shows_outlets_facts_and_differences_in_vietnamese(eval_docs: dict[str, Document]) -> None:
    docs = [eval_docs[n] for n in ("a017", "a018", "a019", "a014")]
    brief = events_markdown(docs)
    assert brief.startswith("# Sự kiện: 2 sự kiện từ 4 văn bản")
    header = next(line for line in brief.splitlines() if line.startswith("| | "))
    assert header.count("|") == 5  # one column per outlet, plus the row labels
    assert "TTXVN (`a017`)" in header and "VOV (`a018`)" in header
    assert "### Khác biệt giữa các nguồn" in brief
    assert "[-1,2 triệu USD-]{+1,5 triệu USD+}" in brief
    assert "### Vì sao các bài được gộp" in brief
    # The multi-outlet event comes first; the single report closes the brief.
    assert brief.index("Khởi công dự án cấp nước") < brief.index("Chỉ một bài")
