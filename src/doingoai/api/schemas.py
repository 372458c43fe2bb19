"""The shapes of the API's answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class OrganizationOut(Schema):
    """A unit of the system."""

    id: int
    name: str
    abbreviation: str
    kind: str
    province_code: str
    parent_id: int | None


class DocumentOut(Schema):
    """A document of the library, without its text."""

    id: int
    title: str
    source: str
    published: dt.date | None
    file_name: str
    owner_unit_id: int | None
    is_published: bool
    version: int


class DocumentDetailOut(DocumentOut):
    """A document with its text and its facts, each with `[start, end]` spans into the text."""

    text: str
    event_id: int | None
    facts: dict[str, Any]


class SearchHitOut(Schema):
    """A document found, with snippets (HTML: the words found in `<mark>`, the rest escaped)."""

    document: DocumentOut
    snippets: list[str]
    event_id: int | None
    score: float | None = Field(
        description="Rank score within the tier (BM25 on SQLite, ts_rank on PostgreSQL)."
    )
    tier: str = Field(
        description='How it matched, best first: "exact:word_phrase", "exact:phrase", …, "folded:any".'
    )
    field: str = Field(
        description='"exact" (the words as typed, diacritics included) or "folded" (without diacritics).'
    )
    places: list[str] = Field(description='Where the words were found: "title", "body" or both.')


class EntityOfferOut(Schema):
    """A person, organization or place the query names, from the documents' extracted names."""

    kind: str
    name: str
    documents: int
    filter: dict[str, str] = Field(description="Query parameters that filter the search on it.")


class EventSummaryOut(Schema):
    """An event with the documents of it the caller may read."""

    id: int
    title: str
    date: dt.date | None
    outlets: list[str]
    documents: list[int]
    differences_count: int


class SearchOut(Schema):
    """Search results: documents (best first) and the events they report."""

    count: int
    count_capped: bool = Field(False, description="Có nhiều văn bản khớp hơn số đếm (việc đếm dừng ở 1.000).")
    documents: list[SearchHitOut]
    events: list[EventSummaryOut]
    entities: list[EntityOfferOut]


class MentionOut(Schema):
    """One outlet's own words for a fact or a difference, with their span in its document."""

    document: int
    text: str
    span: list[int]


class FactOut(Schema):
    """A fact of an event and the documents that report it."""

    kind: str
    text: str
    documents: list[int]
    mentions: list[MentionOut]


class DifferenceOut(Schema):
    """Where outlets disagree: each one's words, and a word diff (`[-removed-]`, `{+added+}`)."""

    kind: str
    subject: str | None
    items: list[MentionOut]
    diff: str


class EventOut(EventSummaryOut):
    """An event compared across the caller's readable documents."""

    place: str | None
    organizer: str | None
    facts: list[FactOut]
    differences: list[DifferenceOut]


class MessageOut(Schema):
    """A short answer or error message."""

    detail: str


class EventMovedOut(Schema):
    """An event merged into another: its new id and address (the `Location` header too)."""

    detail: str
    event_id: int
    url: str


class ValidationProblemOut(Schema):
    """One bad parameter: where it is (`["query", "limit"]`) and what is wrong, in Vietnamese."""

    loc: list[str]
    type: str | None
    msg: str


class ValidationErrorOut(Schema):
    """Answer 422: every bad parameter, each named."""

    detail: list[ValidationProblemOut]


class ConflictOut(Schema):
    """A write based on an old version: what changed since, and the version to base a retry on."""

    detail: str
    changes: list[str]
    current_version: int


def errors(*codes: int) -> dict[int, Any]:
    """Return the answers other than success an endpoint may give, for its `response=` (the schema)."""
    known: dict[int, Any] = {
        400: MessageOut,
        401: MessageOut,
        403: MessageOut,
        404: MessageOut,
        409: ConflictOut,
        422: ValidationErrorOut,
    }
    return {code: known[code] for code in codes}
