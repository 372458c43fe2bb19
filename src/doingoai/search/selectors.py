"""Search the library for a user: documents with highlighted snippets, and the events they report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from doingoai.library.models import Document, EventMembership
from doingoai.library.selectors import (
    DocumentFilters,
    EventSummary,
    documents_find,
    events_list,
    events_summaries,
)
from doingoai.search.query import query_words
from doingoai.search.snippets import highlight, matches_find, snippets_make


@dataclass
class Hit:
    """One document found: its title and snippets highlighted, and its event."""

    document: Document
    title: SafeString
    snippets: list[SafeString]
    event_id: int | None


def documents_search(*, user: Any, filters: DocumentFilters) -> QuerySet[Document]:
    """Return the documents the user may read that match the query and filters, best first."""
    return documents_find(user=user, filters=filters)


def hits_make(documents: list[Document], query: str) -> list[Hit]:
    """Return the hits of a page of documents: snippets cut around the query's words."""
    words = query_words(query)
    events = dict(
        EventMembership.objects.filter(document__in=documents).values_list("document_id", "event_id")
    )
    hits = []
    for document in documents:
        title = str(document)
        hits.append(
            Hit(
                document=document,
                title=highlight(title, matches_find(title, words)),
                snippets=snippets_make(document.text, words),
                event_id=events.get(document.pk),
            )
        )
    return hits


def events_search(*, user: Any, query: str, limit: int = 10) -> list[EventSummary]:
    """Return the events with a readable document matching the query, as the user may see them."""
    if not query_words(query):
        return []
    return events_summaries(user=user, events=list(events_list(user=user, query=query)[:limit]))
