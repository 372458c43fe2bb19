"""Group reports of the same event across outlets, and show where they disagree. No web here.

    >>> from doingoai.events import EventIndex, event_assign, features_from_document
    >>> index = EventIndex()
    >>> assignment = event_assign(index, features_from_document(doc))  # doc: an analysed Document

`events_json(docs)` and `events_markdown(docs)` give the "events" part of `doingoai analyze`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        TermVector,
        blocking_keys,
        event_assign,
        event_seed,
        events_group,
        events_regroup,
        vector_of,
        vector_weigh,
    )
    from doingoai.events.output import events_json, events_markdown
    from doingoai.events.record import EventRecord, events_records

# Loaded on first use: the grouping brings numpy and datasketch, which commands that never group
# (`doingoai --version`, the web platform's management commands) should not pay for.
_EXPORTS = {
    "Assignment": "doingoai.events.grouping",
    "BCubed": "doingoai.events.bcubed",
    "DEFAULT_CONFIG": "doingoai.events.grouping",
    "Difference": "doingoai.events.compare",
    "DocumentFeatures": "doingoai.events.features",
    "Event": "doingoai.events.grouping",
    "EventIndex": "doingoai.events.grouping",
    "EventRecord": "doingoai.events.record",
    "EventsError": "doingoai.events.errors",
    "Fact": "doingoai.events.compare",
    "GroupingConfig": "doingoai.events.grouping",
    "Link": "doingoai.events.grouping",
    "TermVector": "doingoai.events.grouping",
    "blocking_keys": "doingoai.events.grouping",
    "event_seed": "doingoai.events.grouping",
    "events_regroup": "doingoai.events.grouping",
    "vector_of": "doingoai.events.grouping",
    "vector_weigh": "doingoai.events.grouping",
    "ManifestError": "doingoai.events.errors",
    "Mention": "doingoai.events.compare",
    "bcubed": "doingoai.events.bcubed",
    "diff_markup": "doingoai.events.compare",
    "event_assign": "doingoai.events.grouping",
    "events_group": "doingoai.events.grouping",
    "events_json": "doingoai.events.output",
    "events_markdown": "doingoai.events.output",
    "events_records": "doingoai.events.record",
    "features_from_document": "doingoai.events.features",
}


def __getattr__(name: str) -> Any:
    """Return an exported name, importing its module the first time it is asked for."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)


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
    "TermVector",
    "bcubed",
    "blocking_keys",
    "diff_markup",
    "event_assign",
    "event_seed",
    "events_group",
    "events_json",
    "events_markdown",
    "events_records",
    "events_regroup",
    "features_from_document",
    "vector_of",
    "vector_weigh",
]
