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

from doingoai.analysis.dates import EVENT_DATE_BEFORE_PUBLISHED
from doingoai.analysis.document import Document
from doingoai.events.errors import EventsError
from doingoai.events.features import DocumentFeatures, features_from_document
from doingoai.events.grouping import (
    DEFAULT_CONFIG,
    Assignment,
    EventIndex,
    GroupingConfig,
    arrival_places,
    arrival_positions,
    event_assign,
    events_forget,
    events_settle,
)
from doingoai.events.record import EventRecord, event_record

# Weeks a candidate window reaches back from a document's date, rounded out to whole weeks.
_WINDOW_SLACK = dt.timedelta(days=13)


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


class EventWindow:
    """Grouping over documents in order of publication that closes the events no later one can reach.

    A document published on day P may be compared only with documents dated from a few weeks
    before P (its own date in the text may be up to EVENT_DATE_BEFORE_PUBLISHED earlier, and the
    candidate window reaches a week and its rounding further). An event whose documents are all
    older than that is closed. Closed events are held until they span `settle_days` (or hold
    `settle_documents` reports), then settled together (`events_settle`): their records can then
    be written and their documents forgotten. An undated document counts at the day it was
    placed at by its arrival (`arrival_places`); one not placed (no dated document in the run)
    keeps its event open to the end.
    """

    def __init__(self, config: GroupingConfig = DEFAULT_CONFIG) -> None:
        self.index = EventIndex(config)
        self._latest: dict[int, dt.date | None] = {}  # the open events' latest dates
        self._reach = EVENT_DATE_BEFORE_PUBLISHED + dt.timedelta(days=config.date_window_published_days)
        self._reach += _WINDOW_SLACK
        self._day: dt.date | None = None
        # Closed events waiting to be settled: their positions, the span of their latest dates and
        # how many documents they hold.
        self._held: list[int] = []
        self._held_days: tuple[dt.date, dt.date] | None = None
        self._held_documents = 0
        self._emptied: list[int] = []  # events settling left without documents

    def closing(self, features: DocumentFeatures) -> list[int]:
        """Return the events this document's arrival closes (positions in `index.events`)."""
        day = features.published or features.placed
        if day is None or day == self._day:
            return []
        self._day = day
        horizon = day - self._reach
        closed = sorted(p for p, latest in self._latest.items() if latest is not None and latest < horizon)
        for position in closed:
            self._hold(position, self._latest.pop(position))
        return closed

    def _hold(self, position: int, latest: dt.date | None) -> None:
        self._held.append(position)
        self._held_documents += len(self.index.events[position].members)
        if latest is not None:
            first, last = self._held_days or (latest, latest)
            self._held_days = (min(first, latest), max(last, latest))

    def assign(self, features: DocumentFeatures) -> Assignment:
        """Assign the document to its event, and note the event's latest date."""
        assignment = event_assign(self.index, features)
        position = self.index.event_position(assignment.event)
        assert position is not None  # every event of the index has a position
        days = [features.day]
        if not assignment.created:
            days.append(self._latest.get(position, features.day))
        for merged in assignment.merged:
            # A merged event was a candidate, so it is open: its latest date passes to the survivor.
            other = self.index.event_position(merged)
            assert other is not None  # the index names only its own events
            days.append(self._latest.pop(other, None))
        known = [day for day in days if day is not None]
        self._latest[position] = max(known) if len(known) == len(days) else None
        # A member moved out by a split goes to another open event or starts one: that event
        # must close in its turn (with its record written) and not before its new member's day.
        for document, event_id in assignment.moved:
            target = self.index.event_position(event_id)
            assert target is not None  # the index names only its own events
            day = self.index.features_of(document).day
            if target not in self._latest:
                self._latest[target] = day
            else:
                latest = self._latest[target]
                self._latest[target] = None if latest is None or day is None else max(latest, day)
        return assignment

    def remaining(self) -> list[int]:
        """Return the events still open, and close them."""
        positions = sorted(self._latest)
        for position in positions:
            self._hold(position, self._latest[position])
        self._latest.clear()
        return positions

    def settled(self, *, final: bool = False) -> list[int]:
        """Settle the closed events held, once they are enough (or at the end); return the events ready.

        Ready events (positions in `index.events`, in order) take no more documents and are not
        settled again: their records can be written.
        """
        config = self.index.config
        days = self._held_days
        spanned = days is not None and (days[1] - days[0]).days >= config.settle_days
        if not self._held or not (final or spanned or self._held_documents >= config.settle_documents):
            return []
        positions = sorted(self._held)
        self._held, self._held_days, self._held_documents = [], None, 0
        ready = events_settle(self.index, positions)
        kept = set(ready)
        self._emptied += [p for p in positions if p not in kept]
        return ready

    def forget(self, positions: list[int]) -> None:
        """Drop closed events' documents from the index, with the events settling emptied."""
        events_forget(self.index, [*positions, *self._emptied])
        self._emptied.clear()


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
        window.closing(features)
        yield from _records_close(window, spill, window.settled())
        window.assign(features)
    window.remaining()
    yield from _records_close(window, spill, window.settled(final=True))


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
