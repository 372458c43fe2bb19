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
from collections.abc import Iterable, Iterator
from typing import IO, Any

from doingoai.analysis.document import Document
from doingoai.events.errors import EventsError
from doingoai.events.features import (
    EVENT_DATE_BEFORE_PUBLISHED,
    DocumentFeatures,
    features_from_document,
)
from doingoai.events.grouping import DEFAULT_CONFIG, EventIndex, GroupingConfig, event_assign, events_forget
from doingoai.events.record import EventRecord, event_record

# Weeks a candidate window reaches back from a document's date, rounded out to whole weeks.
_WINDOW_SLACK = dt.timedelta(days=13)


class Spill:
    """Analysed documents and their features kept in a temporary file, read back by id."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="doingoai-")
        self._documents: dict[str, tuple[int, int]] = {}
        self._features: dict[str, tuple[int, int]] = {}

    def _write(self, value: Any) -> tuple[int, int]:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(0, 2)
        offset = self._file.tell()
        self._file.write(data)
        return offset, len(data)

    def _read(self, place: tuple[int, int]) -> Any:
        self._file.seek(place[0])
        return pickle.loads(self._file.read(place[1]))

    def put(self, doc: Document) -> None:
        """Keep a document and its grouping features; raise EventsError for an id seen before."""
        if doc.id in self._documents:
            raise EventsError(f"document ids must be unique: {doc.id}")
        self._documents[doc.id] = self._write(doc)
        self._features[doc.id] = self._write(features_from_document(doc))

    def document(self, doc_id: str) -> Document:
        """Return a kept document."""
        document: Document = self._read(self._documents[doc_id])
        return document

    def features(self, doc_id: str) -> DocumentFeatures:
        """Return a kept document's features."""
        features: DocumentFeatures = self._read(self._features[doc_id])
        return features

    def __len__(self) -> int:
        return len(self._documents)

    def close(self) -> None:
        """Delete the file."""
        self._file.close()


def _event_latest(index: EventIndex, position: int) -> dt.date | None:
    """Return the latest date of an event's documents; None if one of them has no date."""
    days = [index.features_of(m).anchor_date for m in index.events[position].members]
    return None if any(d is None for d in days) else max(d for d in days if d is not None)


def events_stream(
    spill: Spill, arrivals: Iterable[str], config: GroupingConfig = DEFAULT_CONFIG
) -> Iterator[EventRecord]:
    """Group the spilled documents in the order given and yield each event's record once it is closed.

    `arrivals` are document ids in order of publication (undated first). An event is closed
    when every document of it is older than the earliest date a later arrival can be compared
    with; the rest are closed at the end. Records come in the order events close.
    """
    index = EventIndex(config)
    open_events: set[int] = set()
    reach = EVENT_DATE_BEFORE_PUBLISHED + dt.timedelta(days=config.date_window_published_days) + _WINDOW_SLACK
    for doc_id in arrivals:
        features = spill.features(doc_id)
        if features.published is not None:
            closed = []
            horizon = features.published - reach
            for position in sorted(open_events):
                latest = _event_latest(index, position)
                if latest is not None and latest < horizon:
                    closed.append(position)
            yield from _records_close(index, spill, closed)
            open_events.difference_update(closed)
        assignment = event_assign(index, features)
        open_events.add(index.event_position(assignment.event) or 0)
    yield from _records_close(index, spill, sorted(open_events))


def _records_close(index: EventIndex, spill: Spill, positions: list[int]) -> Iterator[EventRecord]:
    for position in positions:
        event = index.events[position]
        docs = {m: spill.document(m) for m in event.members}
        yield event_record(index, event, docs)
    events_forget(index, positions)


def arrival_ids(dates: dict[str, dt.date | None]) -> list[str]:
    """Return document ids in order of arrival: by publication date, undated first, else as given."""
    return sorted(dates, key=lambda d: dates[d] or dt.date.min)


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
