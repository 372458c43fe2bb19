"""The event record: one per real-world event, every fact traced to the outlets that report it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from doingoai.analysis.document import Document
from doingoai.events.compare import (
    Difference,
    Fact,
    facts_merge,
    figure_differences,
    organizer_find,
    place_main,
    quote_differences,
)
from doingoai.events.errors import EventsError
from doingoai.events.grouping import (
    DEFAULT_CONFIG,
    Event,
    EventIndex,
    GroupingConfig,
    Link,
    arrival_order,
    events_group,
    index_link,
)

# Pairwise explanations grow with the square of an event's size; past this many documents only
# the links grouping itself computed are shown.
LINKS_ALL_PAIRS_MAX_DOCUMENTS = 40


@dataclass
class EventRecord:
    """An event as analysts read it: what, when, where, who, and what each outlet said."""

    id: str
    title: str | None
    date: dt.date | None
    place: str | None
    organizer: str | None
    documents: list[str]
    sources: dict[str, str | None]
    copies: list[tuple[str, str]]
    facts: list[Fact]
    differences: list[Difference]
    links: list[Link] = field(default_factory=list)

    @property
    def participants(self) -> list[Fact]:
        """Return the people of the event, those reported by the most documents first."""
        people = [f for f in self.facts if f.kind == "person"]
        return sorted(people, key=lambda f: -len(f.documents))

    def independent_sources(self, documents: Sequence[str]) -> int:
        """Return how many of `documents` are independent reports: a copy counts with its original."""
        original = {doc: doc for doc in self.documents}

        def root(doc: str) -> str:
            while original[doc] != doc:
                doc = original[doc]
            return doc

        for source, copy in self.copies:
            original[root(copy)] = root(source)
        return len({root(doc) for doc in documents if doc in original})


def _event_date(index: EventIndex, event: Event) -> dt.date | None:
    features = [index.features_of(doc) for doc in event.members]
    for dates in ([f.event_date for f in features], [f.published for f in features]):
        known = Counter(d for d in dates if d is not None)
        if known:
            return max(known.items(), key=lambda item: (item[1], -item[0].toordinal()))[0]
    return None


def _title(docs: Sequence[Document]) -> str | None:
    dated = sorted(docs, key=lambda d: (d.published is None, d.published or dt.date.min))
    for doc in dated:
        if doc.title:
            return doc.title
    for doc in dated:
        if doc.sentences:
            words = doc.span_text(doc.sentences[0]).split()
            return " ".join(words[:20]) + ("…" if len(words) > 20 else "")
    return None


def _links(index: EventIndex, event: Event) -> list[Link]:
    members = event.members
    if len(members) > LINKS_ALL_PAIRS_MAX_DOCUMENTS:
        return []
    links = []
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            link = index_link(index, first, second)
            if link is not None:
                links.append(link)
    return links


def event_record(index: EventIndex, event: Event, docs: dict[str, Document]) -> EventRecord:
    """Return the record of one event of the index, built from its analysed documents."""
    missing = [doc for doc in event.members if doc not in docs]
    if missing:
        raise EventsError(f"event {event.id}: documents not given: {', '.join(missing)}")
    members = [docs[doc] for doc in event.members]
    facts = facts_merge(members)
    return EventRecord(
        id=event.id,
        title=_title(members),
        date=_event_date(index, event),
        place=place_main(facts),
        organizer=organizer_find(members),
        documents=list(event.members),
        sources={doc.id: doc.source for doc in members},
        copies=list(event.copies),
        facts=facts,
        differences=figure_differences(members) + quote_differences(members),
        links=_links(index, event),
    )


def events_records(docs: Sequence[Document], config: GroupingConfig = DEFAULT_CONFIG) -> list[EventRecord]:
    """Group documents into events, in publication order, and return each event's record."""
    by_id = {doc.id: doc for doc in docs}
    if len(by_id) != len(docs):
        counts = Counter(doc.id for doc in docs)
        raise EventsError(f"document ids must be unique: {', '.join(k for k, n in counts.items() if n > 1)}")
    index = events_group(arrival_order(docs), config)
    return [event_record(index, event, by_id) for event in index.events_live()]
