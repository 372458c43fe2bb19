from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from doingoai.analysis import Document, analyze_file
from doingoai.bench_corpus import corpus_generate
from doingoai.events.errors import EventsError
from doingoai.events.features import DocumentFeatures, features_from_document
from doingoai.events.grouping import Assignment, arrival_places, arrival_positions
from doingoai.events.output import event_json
from doingoai.events.record import events_records
from doingoai.events.stream import EventWindow, Spill, arrival_ids, events_stream


def _moved(doc: Document, days: int, suffix: str) -> Document:
    """Return a copy of a report published `days` later, under another id (its dates in the text stay)."""
    assert doc.published is not None
    return dataclasses.replace(doc, id=f"{doc.id}{suffix}", published=doc.published + dt.timedelta(days=days))


def _streamed(docs: list[Document]) -> list[dict[str, object]]:
    spill = Spill()
    try:
        for doc in docs:
            spill.put(doc)
        arrivals = arrival_ids({doc.id: doc.published for doc in docs})
        return [event_json(r) for r in events_stream(spill, arrivals)]
    finally:
        spill.close()


def _by_members(events: list[dict[str, object]]) -> dict[tuple[str, ...], dict[str, object]]:
    return {tuple(e["documents"]): e for e in events}  # type: ignore[arg-type]


def test_streamed_events_are_the_events_of_the_whole_run(eval_docs: dict[str, Document]) -> None:
    docs = list(eval_docs.values())
    # The same reports again a year later: the first year's events close before the second starts.
    later = [_moved(doc, 365, "-later") for doc in docs]
    streamed = _streamed(docs + later)
    whole = [event_json(r) for r in events_records(docs + later)]
    assert _by_members(streamed) == _by_members(whole)
    assert len(streamed) == len(whole)


def test_a_window_closes_and_forgets_events_no_later_report_can_reach(eval_docs: dict[str, Document]) -> None:
    first = eval_docs["a001"]
    window = EventWindow()
    window.assign(features_from_document(first))
    # A report a week later may still join the event; one two months later may not.
    assert window.closing(features_from_document(_moved(first, 7, "-week"))) == []
    late = features_from_document(_moved(first, 60, "-months"))
    closed = window.closing(late)
    assert closed == [0]
    window.forget(closed)
    assert len(window.index) == 0
    assert window.assign(late).created
    assert window.remaining() == [1]


def test_a_repeated_id_is_refused_by_the_spill(eval_docs: dict[str, Document]) -> None:
    spill = Spill()
    spill.put(eval_docs["a001"])
    with pytest.raises(EventsError, match="a001"):
        spill.put(eval_docs["a001"])
    assert spill.document("a001").text == eval_docs["a001"].text
    spill.close()


def _undated(doc: Document, suffix: str = "-undated") -> Document:
    """Return a copy of a report that carries no date at all: no publication date, none in its text."""
    return dataclasses.replace(doc, id=f"{doc.id}{suffix}", published=None, dates=[])


def test_an_undated_report_is_placed_at_the_next_dated_one_else_the_last() -> None:
    first, second = dt.date(2025, 3, 1), dt.date(2025, 4, 1)
    assert arrival_places([None, first, None, None, second, None]) == [
        first,
        first,
        second,
        second,
        second,
        second,
    ]
    assert arrival_places([None, None]) == [None, None]
    # In order of arrival an undated report comes before the dated ones of the day it was placed at,
    # so placing the sorted reports again puts each where it was.
    published = [second, None, first, None]
    order = arrival_positions(published)
    assert order == [1, 3, 2, 0]
    assert arrival_places([published[i] for i in order]) == [first, first, first, second]


def test_an_undated_report_arriving_beside_its_event_joins_it(eval_docs: dict[str, Document]) -> None:
    # Three outlets' reports of one conference; the second arrives without any date.
    docs = [eval_docs["a001"], _undated(eval_docs["a002"]), eval_docs["a003"]]
    events = _by_members(_streamed(docs))
    assert any({"a001", "a002-undated", "a003"} <= {m.split("/")[-1] for m in members} for members in events)


def test_an_event_holding_an_undated_report_closes_after_its_place(eval_docs: dict[str, Document]) -> None:
    first = eval_docs["a001"]
    assert first.published is not None
    window = EventWindow()
    window.assign(features_from_document(first))
    undated = features_from_document(_undated(eval_docs["a002"]))
    undated.placed = first.published
    window.assign(undated)
    position = window.index.event_position(window.index.event_of(undated.id).id)
    # Until the input moves weeks past the place, a report may still join; then the event closes.
    assert window.closing(features_from_document(_moved(first, 7, "-week"))) == []
    closed = window.closing(features_from_document(_moved(first, 60, "-months")))
    assert position in closed
    window.forget(closed)
    assert undated.id not in window.index.documents


def test_streamed_events_with_undated_reports_are_the_events_of_the_whole_run(
    eval_docs: dict[str, Document],
) -> None:
    docs = list(eval_docs.values())
    undated = {"a002", "a006", "a012", "a018"}
    mixed = [_undated(doc, "") if doc.id.split("/")[-1] in undated else doc for doc in docs]
    later = [_moved(doc, 365, "-later") for doc in docs]
    streamed = _streamed(mixed + later)
    whole = [event_json(r) for r in events_records(mixed + later)]
    assert _by_members(streamed) == _by_members(whole)


def test_a_report_moved_out_by_a_split_is_kept_in_the_streamed_events(tmp_path: Path) -> None:
    # Generated reports of a week in November 2026 (bench_corpus, seed 3): grouping them in
    # order moves reports out of events they joined early. The events they were moved to must
    # close and be written like any other (they were lost from `analyze` output).
    texts = dict(corpus_generate(1000, seed=3, words=150))
    week = {f"2026-11-{day}" for day in range(12, 19)}
    chosen = [
        doc_id for doc_id, text in texts.items() if text.split("\n", 1)[0].removeprefix("date ") in week
    ]
    for doc_id in chosen:
        (tmp_path / f"{doc_id}.txt").write_text(texts[doc_id], encoding="utf-8")
    docs = [analyze_file(tmp_path / f"{doc_id}.txt") for doc_id in chosen]
    moves: list[tuple[str, str]] = []
    window_assign = EventWindow.assign

    def assign(window: EventWindow, features: DocumentFeatures) -> Assignment:
        assignment = window_assign(window, features)
        moves.extend(assignment.moved)
        return assignment

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(EventWindow, "assign", assign)
        streamed = _streamed(docs)
    assert moves, "the set no longer makes grouping move a report: choose another"
    assert sorted(d for e in streamed for d in e["documents"]) == sorted(d.id for d in docs)  # type: ignore[attr-defined]
    assert _by_members(streamed) == _by_members([event_json(r) for r in events_records(docs)])
