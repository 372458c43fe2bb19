"""Group reports of the same event across outlets, and show where they disagree. No web here.

    >>> from doingoai.events import EventIndex, event_assign, features_from_document
    >>> index = EventIndex()
    >>> assignment = event_assign(index, features_from_document(doc))  # doc: an analysed Document

`events_json(docs)` and `events_markdown(docs)` give the "events" part of `doingoai analyze`.
"""

from __future__ import annotations

from doingoai.events.bcubed import BCubed, bcubed
from doingoai.events.compare import Difference, Fact, Mention, diff_markup
from doingoai.events.errors import EventsError, ManifestError
from doingoai.events.features import DocumentFeatures, features_from_document
from doingoai.events.grouping import (
    DEFAULT_CONFIG,
    Assignment,
    Event,
    EventIndex,
    GroupingConfig,
    Link,
    event_assign,
    events_group,
)
from doingoai.events.output import events_json, events_markdown
from doingoai.events.record import EventRecord, events_records

__all__ = [
    "DEFAULT_CONFIG",
    "Assignment",
    "BCubed",
    "Difference",
    "DocumentFeatures",
    "Event",
    "EventIndex",
    "EventRecord",
    "EventsError",
    "Fact",
    "GroupingConfig",
    "Link",
    "ManifestError",
    "Mention",
    "bcubed",
    "diff_markup",
    "event_assign",
    "events_group",
    "events_json",
    "events_markdown",
    "events_records",
    "features_from_document",
]
