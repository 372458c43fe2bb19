from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from doingoai.analysis import Document
from doingoai.events.errors import EventsError
from doingoai.events.features import features_from_document
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
