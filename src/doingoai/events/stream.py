"""Run analysis output and event grouping over many files in bounded memory.

`doingoai analyze` used to hold every analysed document until the end. Here each document is
written out as soon as it is analysed, and kept only on disk (a spill file) for the event
records that need it again. Grouping reads the compact features back in order of arrival, and
an event's record is built and written as soon as no later document can join it: its documents
are then dropped from the grouping index. What stays in memory grows with the number of events
open at once (a few weeks of news) and with the vocabulary, not with the whole input.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import tempfile
import textwrap
from array import array
from collections.abc import Iterable, Iterator
from typing import IO, Any

from doingoai.analysis.document import Document
from doingoai.events.errors import EventsError
from doingoai.events.features import DocumentFeatures, features_from_document
from doingoai.events.grouping import (
    DEFAULT_CONFIG,
    EventWindow,
    GroupingConfig,
    arrival_places,
    arrival_positions,
)
from doingoai.events.record import EventRecord, event_record


class Spill:
    """Analysed documents and their features kept in a temporary file, read back by id.

    What stays in memory per document is its id and, in flat arrays, where its two records lie
    in the file and its publication day (for the order of arrival): about 100 bytes.
    """

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="doingoai-")
        self._ids: list[str] = []
        self._numbers: dict[str, int] = {}  # a document's number: its place in the input
        self._places = array("q")  # per document: offset and length of the document, of the features
        self._days = array("l")  # per document: the ordinal of its publication date, 0 if none

    def _write(self, value: Any) -> tuple[int, int]:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(0, 2)
        offset = self._file.tell()
        self._file.write(data)
        return offset, len(data)

    def _read(self, number: int, record: int) -> Any:
        start = 4 * number + 2 * record
        self._file.seek(self._places[start])
        return pickle.loads(self._file.read(self._places[start + 1]))

    def put(self, doc: Document) -> None:
        """Keep a document and its grouping features; raise EventsError for an id seen before."""
        if doc.id in self._numbers:
            raise EventsError(f"document ids must be unique: {doc.id}")
        self._places.extend(self._write(doc) + self._write(features_from_document(doc)))
        self._numbers[doc.id] = len(self._ids)
        self._ids.append(doc.id)
        self._days.append(doc.published.toordinal() if doc.published else 0)

    def document(self, doc_id: str) -> Document:
        """Return a kept document."""
        document: Document = self._read(self._numbers[doc_id], 0)
        return document

    def features(self, doc_id: str) -> DocumentFeatures:
        """Return a kept document's features."""
        features: DocumentFeatures = self._read(self._numbers[doc_id], 1)
        return features

    def arrivals(self) -> list[tuple[str, dt.date | None]]:
        """Return the kept documents' ids in order of arrival, each with its place (`arrival_ids`)."""
        days = (dt.date.fromordinal(day) if day else None for day in self._days)
        return arrival_ids(dict(zip(self._ids, days, strict=True)))

    def __len__(self) -> int:
        return len(self._ids)

    def close(self) -> None:
        """Delete the file."""
        self._file.close()


def events_stream(
    spill: Spill, arrivals: Iterable[tuple[str, dt.date | None]], config: GroupingConfig = DEFAULT_CONFIG
) -> Iterator[EventRecord]:
    """Group the spilled documents in the order given and yield each event's record once it is closed.

    `arrivals` are document ids in order of arrival, each with its place (`arrival_ids`);
    records come in the order events close, the events still open at the end in the order
    they were started.
    """
    window = EventWindow(config)
    for doc_id, place in arrivals:
        features = spill.features(doc_id)
        features.placed = place if features.published is None else None
        yield from _records_close(window, spill, window.arrive(features))
        window.assign(features)
    yield from _records_close(window, spill, window.finish())


def _records_close(window: EventWindow, spill: Spill, positions: list[int]) -> Iterator[EventRecord]:
    for position in positions:
        event = window.index.events[position]
        yield event_record(window.index, event, {m: spill.document(m) for m in event.members})
    window.forget(positions)


def arrival_ids(dates: dict[str, dt.date | None]) -> list[tuple[str, dt.date | None]]:
    """Return document ids in order of arrival, as `arrival_order` does, each with its place in time.

    `dates` are the documents' publication dates in the order of the input.
    """
    ids, published = list(dates), list(dates.values())
    places = arrival_places(published)
    return [(ids[i], places[i]) for i in arrival_positions(published)]


def json_item(value: Any, depth: int) -> str:
    """Return one item of a list as `json.dumps(..., indent=2)` writes it at that depth."""
    return textwrap.indent(json.dumps(value, ensure_ascii=False, indent=2), "  " * depth)


class JsonListWriter:
    """Write `"name": [ ... ]` of a two-space indented object, one item at a time."""

    def __init__(self, out: IO[str], name: str, *, first: bool) -> None:
        self.out = out
        self.count = 0
        out.write(("{\n" if first else ",\n") + f'  "{name}": [')

    def add(self, value: Any) -> None:
        """Write one item."""
        self.out.write(("\n" if self.count == 0 else ",\n") + json_item(value, 2))
        self.count += 1

    def close(self) -> None:
        """End the list."""
        self.out.write("\n  ]" if self.count else "]")
