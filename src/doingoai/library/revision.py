"""The library's records revision: the pages listing documents and events are cached under it.

The document list (with its filters), the search page, the event list and an event's page are
rendered from the rows of the tables below and from the reader's scope only; each is kept per
revision, reader, language, day and address (`doingoai.revisions.cached`), so a repeated request
costs a cache read until the next write to any of these tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from doingoai import revisions
from doingoai.library.models import Revision

T = TypeVar("T")

# What those pages show: documents and what was found in them (names for the filters, the search
# index), events with their members and old addresses, the units that own the documents.
TABLES = (
    "library_document",
    "library_documententity",
    "library_event",
    "library_eventmembership",
    "library_eventredirect",
    "search_searchentry",
    "directory_organization",
    "directory_person",  # the search page offers a person's directory page
    "directory_partnerorganization",  # and a foreign partner's page
)
LIBRARY = revisions.Counter(
    table=Revision._meta.db_table,
    tables=TABLES,
    prefix="library_revision",
    function="doingoai_library_revision_bump",
)


def cached(
    name: str, *, user: Any, parts: Iterable[str], compute: Callable[[], T], reader: str | None = None
) -> T:
    """Return `compute()`, kept per library revision, reader, language, day and `parts`.

    `reader` replaces the reader's own key where the caller knows a broader one under which the
    value is the same (`revisions.cached`).
    """
    return revisions.cached(
        f"library:{name}", counters=[LIBRARY], user=user, parts=parts, compute=compute, reader=reader
    )
