"""Read the library for a user. Every read of documents goes through `documents_visible`.

A document is readable when it is published, or its owning unit is in the user's scope
(`doingoai.accounts.scope.records_visible`); documents of the shared library (no owning unit)
are read unpublished by coordinators only. An event is readable through its readable documents,
and everything an event page shows (title, facts, differences) is computed from those alone;
lists show the summaries stored on the events, chosen for the reader (`events_summaries`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, overload

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from doingoai.accounts import scope
from doingoai.analysis.document import Document as Analysed
from doingoai.analysis.metadata import metadata_tag_spans
from doingoai.analysis.text import entity_key, fold_key
from doingoai.directory import selectors as directory_selectors
from doingoai.directory.models import PartnerOrganization, Person
from doingoai.events import Difference, Fact
from doingoai.events.compare import (
    facts_merge,
    figure_differences,
    organizer_find,
    place_main,
    quote_differences,
)
from doingoai.library import revision
from doingoai.library.errors import EventMovedError
from doingoai.library.models import (
    Document,
    DocumentEntity,
    EntityKind,
    Event,
    EventMembership,
    EventRedirect,
    IngestItem,
    IngestJob,
    ItemStatus,
    JobStatus,
)
from doingoai.library.stored import document_load
from doingoai.search.models import SearchEntry
from doingoai.search.plan import key_of, plan_make, query_respellings, tier_label, words_of
from doingoai.search.query import matches_count, rank_split, ranked_ids
from doingoai.search.snippets import highlight, matches_find, snippets_make

# The longest search words and names a filter takes, on the pages and in the API alike.
QUERY_MAX_CHARS = 200
NAME_MAX_CHARS = 100


@dataclass
class DocumentFilters:
    """The filters of the document list, the search page, the exports and the API."""

    query: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlet: str = ""
    person: str = ""
    organization: str = ""
    place: str = ""
    # Only the unpublished documents the user may publish: their drafts.
    drafts: bool = False

    def is_empty(self) -> bool:
        """Return whether no filter is set."""
        return not any(
            (
                self.query.strip(),
                self.date_from,
                self.date_to,
                self.outlet,
                self.person,
                self.organization,
                self.place,
                self.drafts,
            )
        )


def query_without_words(query: str) -> bool:
    """Return whether a query was typed but holds no word or number to look for ("*", "- : (")."""
    return bool(query.strip()) and plan_make(query).is_empty()


def documents_visible(user: Any) -> QuerySet[Document]:
    """Return every document the user may read."""
    return scope.records_visible(user, Document.objects.all())


def rows_of_readable_documents(user: Any, rows: QuerySet[Any], document: str = "document") -> QuerySet[Any]:
    """Return the rows of `rows` (memberships, names) whose document the user may read.

    The condition is on the row's own document, joined: `document__in=documents_visible(user)`
    would make SQLite build the list of every readable document first (58 ms for one event's
    members at 100,000 documents, against 0.3 ms joined).
    """
    return scope.records_visible(
        user, rows, unit_field=f"{document}__owner_unit", published_field=f"{document}__is_published"
    )


def documents_mentioning_person(*, user: Any, name_key: str, limit: int = 50) -> QuerySet[Document]:
    """Return the documents the user may read that name a person, newest first.

    `name_key` is the folded name kept in the directory (`Person.name_key`), so an official in the
    directory links to the people the analysis found in documents.
    """
    key = entity_key(name_key)
    mentioning = DocumentEntity.objects.filter(kind=EntityKind.PERSON, key=key).values("document_id")
    return documents_visible(user).filter(pk__in=mentioning).order_by("-published", "-id")[:limit]


SEARCH_COUNT_CAP = 1000  # past this, a search counts "more than 1,000" (`SearchResults.capped`)
SEARCH_RANKED_MAX = 10_000  # the deepest a search ranks (the exports' limit): further slices are empty


class SearchResults:
    """The documents matching a query, best first: sliced and counted as a paginator or the API asks.

    A slice ranks only as far as its end (`doingoai.search.query.ranked_ids`: the tiers run best
    first and stop once it is full); the count is a plain match stopping past `SEARCH_COUNT_CAP`
    (`capped`). The documents are those of `documents` (the reader's scope and the other filters),
    each with `search_rank` (the tier and the score, `rank_split`).
    """

    def __init__(self, documents: QuerySet[Document], query: str) -> None:
        self.documents = documents
        self.query = query
        self.plan = plan_make(query)
        self._count: int | None = None
        self._ranked: list[tuple[int, float]] = []
        self._asked = 0  # how far `_ranked` was asked for (fewer found: no more)

    def ranked(self, stop: int) -> list[tuple[int, float]]:
        """Return the first `stop` (id, rank) of the results."""
        # All found already: fewer than asked, or as many as the (uncapped) count.
        complete = len(self._ranked) < self._asked or (
            self._count is not None and self._count <= SEARCH_COUNT_CAP and len(self._ranked) >= self._count
        )
        if stop > self._asked and not complete:
            self._ranked = ranked_ids(self.documents, self.plan, stop, "published")
            self._asked = stop
        return self._ranked[:stop]

    def count(self) -> int:
        """Return how many documents match, at most `SEARCH_COUNT_CAP` (see `capped`)."""
        if self._count is None:
            self._count = matches_count(self.documents, self.plan, SEARCH_COUNT_CAP)
        return min(self._count, SEARCH_COUNT_CAP)

    @property
    def capped(self) -> bool:
        """Return whether more documents match than `count` says."""
        self.count()
        return (self._count or 0) > SEARCH_COUNT_CAP

    def all(self) -> SearchResults:
        """Return the results themselves (as a queryset's `all`, which paginators call)."""
        return self

    def defer(self, *fields: str) -> SearchResults:
        """Return the same results loading the documents without `fields`."""
        return SearchResults(self.documents.defer(*fields), self.query)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Document]:
        return iter(self[0 : self.count()])

    @overload
    def __getitem__(self, index: int) -> Document: ...

    @overload
    def __getitem__(self, index: slice) -> list[Document]: ...

    def __getitem__(self, index: int | slice) -> Document | list[Document]:
        if isinstance(index, int):
            one = self[index : index + 1]
            if not one:
                raise IndexError(index)
            return one[0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = max(self.count(), start)
        stop = min(stop, SEARCH_RANKED_MAX)
        rows = self.ranked(stop)[start:stop]
        loaded = self.documents.in_bulk([pk for pk, _rank in rows])
        page: list[Document] = []
        for pk, rank in rows:
            document = loaded.get(pk)
            if document is not None:
                document.search_rank = rank
                page.append(document)
        return page


def query_respelled(*, user: Any, filters: DocumentFilters) -> str | None:
    """Return how the query of a search that found nothing may have been meant, if that finds something.

    A word typed without its spaces ("hanoi", "hochiminh") is read as syllables
    (`doingoai.search.plan.query_respellings`); of the readings, the one finding the most documents
    the user may read, with the other filters, is offered.
    """
    best: str | None = None
    best_count = 0
    for respelled in query_respellings(filters.query):
        count = documents_find(user=user, filters=replace(filters, query=respelled)).count()
        if count > best_count:
            best, best_count = respelled, count
    return best


LIST_DEFERRED = ("analysis", "features", "vector", "details")


def documents_find(
    *, user: Any, filters: DocumentFilters | None = None
) -> QuerySet[Document] | SearchResults:
    """Return the documents the user may read that match the filters; best match first for a query.

    Person, organization and place match any name in the document containing the words typed,
    with or without diacritics; the outlet is matched the same way. With a query, the ranked
    `SearchResults` of those documents; without, a queryset, latest first.
    """
    filters = filters or DocumentFilters()
    # What lists never show: the facts, the grouping features and terms, the file's own header
    # (each a JSON document decoded per row). The text stays, for the snippets of a search.
    documents = documents_visible(user).select_related("owner_unit").defer(*LIST_DEFERRED)
    if filters.drafts:
        documents = scope.records_editable(user, documents.filter(is_published=False))
    if filters.date_from:
        documents = documents.filter(published__gte=filters.date_from)
    if filters.date_to:
        documents = documents.filter(published__lte=filters.date_to)
    if filters.outlet.strip():
        documents = documents.filter(source__iexact=filters.outlet.strip())
    for kind, value in (
        (EntityKind.PERSON, filters.person),
        (EntityKind.ORGANIZATION, filters.organization),
        (EntityKind.PLACE, filters.place),
    ):
        if value.strip():
            naming = entities_naming(str(kind), entity_key(value))
            documents = documents.filter(pk__in=naming.values("document_id"))
    if not plan_make(filters.query).is_empty():
        # The tier, then the score; recent documents first on a tie.
        return SearchResults(documents, filters.query)
    return documents.order_by("-published", "-pk")


# The name filters look for a part of a name ("becker" in "anna becker"), which no B-tree index
# serves; the distinct names of a kind are few beside the rows naming them (948 person names in
# 172,908 rows at 100,000 documents), so they are read once per library revision and matched here.
NAME_KEYS_MATCHED_MAX = 500  # past this, the rows are matched by the database (a broad filter anyway)


def _name_keys(kind: str) -> list[str]:
    """Return the distinct keys of the names of `kind` found in documents (kept per library revision)."""
    keys = DocumentEntity.objects.filter(kind=kind).order_by().values_list("key", flat=True).distinct()
    return revision.cached(f"name-keys:{kind}", user=None, parts=[], compute=lambda: list(keys))


def entities_naming(kind: str, key: str) -> QuerySet[DocumentEntity]:
    """Return the names of `kind` found in documents whose key holds `key` (a folded part of a name).

    The keys holding it are found among the distinct keys of the kind, then their rows through the
    (kind, key) index; when very many keys hold it, the database matches the rows itself.
    """
    names = DocumentEntity.objects.filter(kind=kind)
    matched = [k for k in _name_keys(kind) if key in k]
    if len(matched) <= NAME_KEYS_MATCHED_MAX:
        return names.filter(key__in=matched)
    return names.filter(key__contains=key)


def outlets_list(*, user: Any) -> list[str]:
    """Return the outlets of the documents the user may read, for the outlet filter."""
    # No ordering: the model's (-published, -id) would join the DISTINCT and return every row.
    sources = (
        documents_visible(user).exclude(source="").order_by().values_list("source", flat=True).distinct()
    )
    # Every list, search and filtered page shows the filter: the DISTINCT walks an index of every
    # document (10 ms at 100,000), so it is kept per library revision and reader.
    return revision.cached("outlets", user=user, parts=[], compute=lambda: sorted(set(sources), key=fold_key))


def _unpublished_owners(*, officials: bool = True) -> list[str]:
    """Return the paths of the units owning an unpublished document, official or partner ("" for none).

    Without `officials`, the documents' owners only (the partners, whose pages a search offers,
    go with the officials). Kept per library revision (the tables are behind it): a handful of
    paths, read once.
    """
    models = (Document, Person, PartnerOrganization) if officials else (Document,)

    def owners() -> list[str]:
        paths: set[str] = set()
        for model in models:
            rows = (
                model.objects.filter(is_published=False).order_by().values_list("owner_unit__path", flat=True)
            )
            paths.update(path or "" for path in rows.distinct())
        return sorted(paths)

    name = "unpublished-owners" if officials else "unpublished-owners:documents"
    return revision.cached(name, user=None, parts=[], compute=owners)


def readers_alike_key(user: Any) -> str:
    """Return a key equal for two users shown the same names offered beside a search.

    Those are computed from the documents, the officials and the foreign partners the reader may
    read and, for the units offered, from whether the reader has a role at all. Readers whose scope
    holds no unpublished document, official or partner read the published ones only, and share one
    key whatever their unit or role (`scope.visibility_key_alike`).
    """
    role = "role" if scope.user_role(user) is not None else "no-role"
    return f"{scope.visibility_key_alike(user, _unpublished_owners())}|{role}"


def document_readers_alike_key(user: Any) -> str:
    """Return a key equal for two users who may read the same documents.

    For a page computed from the documents alone, with what was found in them and their events,
    that offers no action: a list, a search's results, an event's page. Readers whose scope holds
    no unpublished document read the published ones only and share it, whatever their unit, role,
    or the officials they may read.
    """
    return f"documents:{_documents_alike(user)}"


def _documents_alike(user: Any) -> str:
    return scope.visibility_key_alike(user, _unpublished_owners(officials=False))


def _reads_published_only(user: Any) -> bool:
    """Return whether the user may read no unpublished document (`document_readers_alike_key`)."""
    return _documents_alike(user) == "published"


def document_get(*, user: Any, pk: int, deferred: Sequence[str] = ()) -> Document:
    """Return one document the user may read, or raise Http404 (to them, unreadable ones do not exist).

    `deferred` fields are read only if used (a page whose body is kept needs none of the analysis).
    """
    rows = documents_visible(user).select_related("owner_unit", "created_by").defer(*deferred)
    document = rows.filter(pk=pk).first()
    if document is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return document


def document_analysis(document: Document) -> Analysed:
    """Return the analysed form of a stored document (text and facts with spans)."""
    return document_load(document.analysis)


def document_event(*, user: Any, document: Document) -> Event | None:
    """Return the event of a document, if the user may read it (they may: they read the document)."""
    membership = EventMembership.objects.select_related("event").filter(document=document).first()
    return membership.event if membership is not None else None


def _members_prefetch(user: Any) -> Prefetch[Any]:
    members = (
        rows_of_readable_documents(user, EventMembership.objects.all())
        .select_related("document")
        .defer("document__analysis", "document__features", "document__vector", "document__text")
        .order_by("position")
    )
    return Prefetch("memberships", queryset=members, to_attr="readable_memberships")


def _title_of(documents: Sequence[Document]) -> str | None:
    """Return the title of an event made of these documents: the earliest titled one's."""
    dated = sorted(documents, key=lambda d: (d.published is None, d.published or dt.date.min, d.pk))
    return next((d.title for d in dated if d.title), None)


def _date_of(documents: Sequence[Document]) -> dt.date | None:
    """Return the date most documents give for the event (their own date first, else publication)."""
    for dates in ([d.event_date for d in documents], [d.published for d in documents]):
        known = Counter(day for day in dates if day is not None)
        if known:
            return max(known.items(), key=lambda item: (item[1], -item[0].toordinal()))[0]
    return None


def event_summary(documents: Sequence[Document]) -> dict[str, Any]:
    """Return what lists show of an event made of these documents (in order of arrival).

    The title, the date, the outlets, the documents and how many differences the comparison
    finds. Stored on the event when it changes (`Event.summary` over all its documents,
    `Event.public_summary` over the published ones), and computed here again only for a reader
    who may also read some of its unpublished documents.
    """
    day = _date_of(documents)
    differences = 0
    if len(documents) > 1:
        members = [document_analysis(d) for d in documents]
        differences = len(figure_differences(members)) + len(quote_differences(members))
    return {
        "title": _title_of(documents),
        "date": day.isoformat() if day else None,
        # The outlet as stored ("" unknown): its label is read in the language of each page.
        "outlets": [d.source for d in documents],
        "documents": [d.pk for d in documents],
        "differences": differences,
    }


# Summaries stored before the outlet was kept as stored hold the Vietnamese label of an unknown one.
_UNKNOWN_OUTLET_STORED = "không rõ nguồn"


def _outlet_shown(outlet: str) -> str:
    """Return a stored outlet as the page shows it: an unknown one named in the page's language."""
    return outlet if outlet and outlet != _UNKNOWN_OUTLET_STORED else str(_("không rõ nguồn"))


@dataclass(frozen=True)
class EventSummary:
    """An event as a list shows it to one reader, from the documents they may read."""

    id: int
    title: str
    date: dt.date | None
    outlets: list[str]
    documents: list[int]
    differences: int
    # Found by a search only without the diacritics typed (its best document matched "folded").
    folded_only: bool = False

    @classmethod
    def from_stored(cls, pk: int, data: dict[str, Any]) -> EventSummary:
        """Return the summary stored by `event_summary` for event `pk`."""
        day = data.get("date")
        return cls(
            id=pk,
            title=data.get("title") or _("Sự kiện #%(id)s") % {"id": pk},
            date=dt.date.fromisoformat(day) if day else None,
            outlets=[_outlet_shown(o) for o in data.get("outlets") or []],
            documents=list(data.get("documents") or []),
            differences=int(data.get("differences") or 0),
        )

    @property
    def outlets_named(self) -> list[str]:
        """Return each outlet once, in order of first report (`outlets` has one per document)."""
        return list(dict.fromkeys(self.outlets))


def events_list(
    *,
    user: Any,
    query: str = "",
    ranked_max: int | None = None,
    results: SearchResults | None = None,
    fields: dict[int, str] | None = None,
) -> QuerySet[Event]:
    """Return the events with at least one document the user may read, latest first.

    A queryset to paginate in the database; `events_summaries` then gives each event of a page
    as the user may see it. An event is listed when it has a published document, or an
    unpublished one in the user's scope (every event, for a coordinator). With a query, at most
    `ranked_max` events (default `EVENTS_RANKED_MAX`) are ranked: a caller that shows ten asks ten.
    `results`, the reader's documents already ranked for the same query, are used as they are.
    """
    if not (user is not None and user.is_authenticated and user.is_active):
        return Event.objects.none()
    events = Event.objects.all()
    if _reads_published_only(user):
        # No unpublished document is theirs to read: the events with a published report, from
        # their own index (the condition below reads the whole table to count them).
        events = events.filter(published_count__gt=0)
    elif not scope.user_is_coordinator(user):
        own = rows_of_readable_documents(user, EventMembership.objects.filter(document__is_published=False))
        events = events.filter(Q(published_count__gt=0) | Q(pk__in=own.values("event_id")))
    if query.strip():
        # Ranked by their best matching document (`events_ranked_ids`), then latest first.
        order = events_ranked_ids(
            user=user, query=query, events_max=ranked_max or EVENTS_RANKED_MAX, results=results, fields=fields
        )
        ranked = Case(
            *(When(pk=pk, then=Value(i)) for i, pk in enumerate(order)), output_field=IntegerField()
        )
        return events.filter(pk__in=order).order_by(ranked if order else "pk", "-date", "-pk")
    return events.order_by("-date", "-pk")


EVENTS_RANKED_MAX = 200
EVENTS_RANKED_DOCUMENTS = 2000
# Documents ranked at first per event asked for (a first page of results, for ten events); the
# run grows fourfold while events are missing.
EVENTS_RANKED_PER_EVENT = 2


def events_ranked_ids(
    *,
    user: Any,
    query: str,
    events_max: int = EVENTS_RANKED_MAX,
    results: SearchResults | None = None,
    fields: dict[int, str] | None = None,
) -> list[int]:
    """Return the ids of the events with a readable document matching `query`, by their best document.

    The documents are ranked in growing prefixes (the ranking's first n are the first n of any
    longer run), so ten events cost the ranking of a few hundred documents, not of 2,000.
    """
    # Every stored document belongs to an event (an import joins or starts one); one that does
    # not is passed over below, so no membership test is joined into each tier's query.
    results = results or SearchResults(documents_visible(user), query)
    stop = min(events_max * EVENTS_RANKED_PER_EVENT, EVENTS_RANKED_DOCUMENTS)
    while True:
        pairs = results.ranked(stop)
        ranked = [pk for pk, _rank in pairs]
        event_of = dict(
            EventMembership.objects.filter(document_id__in=ranked).values_list("document_id", "event_id")
        )
        order: list[int] = []
        for pk, rank in pairs:
            event = event_of.get(pk)
            if event is not None and event not in order:
                order.append(event)
                if fields is not None:  # the field its best document matched in ("exact", "folded")
                    fields[event] = results.plan.tiers[rank_split(rank)[0]].field
                if len(order) == events_max:
                    return order
        if len(ranked) < stop or stop >= EVENTS_RANKED_DOCUMENTS:
            return order
        stop = min(stop * 4, EVENTS_RANKED_DOCUMENTS)


def events_summaries(*, user: Any, events: Sequence[Event]) -> list[EventSummary]:
    """Return the summaries of a page of events as the user may see them, in a bounded number of queries.

    A coordinator reads every document: the stored summary over all of them. Anyone else reads
    the published documents, and the unpublished ones of their own units: the stored summary
    over published documents, unless the event has unpublished documents they may read; only
    those events (of this page) are summarized again, from their readable documents.
    """
    if scope.user_is_coordinator(user):
        return [EventSummary.from_stored(e.pk, e.summary) for e in events]
    mixed = [e.pk for e in events if e.published_count < e.document_count]
    computed: dict[int, dict[str, Any]] = {}
    if mixed:
        recount = set(
            rows_of_readable_documents(
                user, EventMembership.objects.filter(event_id__in=mixed, document__is_published=False)
            ).values_list("event_id", flat=True)
        )
        members: dict[int, list[Document]] = {}
        for membership in (
            rows_of_readable_documents(user, EventMembership.objects.filter(event_id__in=recount))
            .select_related("document")
            .defer("document__text", "document__features", "document__vector")
            .order_by("event_id", "position")
        ):
            members.setdefault(membership.event_id, []).append(membership.document)
        computed = {pk: event_summary(documents) for pk, documents in members.items()}
    return [EventSummary.from_stored(e.pk, computed.get(e.pk, e.public_summary)) for e in events]


def event_title(event: Event, documents: list[Document] | None = None) -> str:
    """Return the title of an event from its readable documents (or `documents`): the earliest titled one."""
    if documents is None:
        documents = [m.document for m in getattr(event, "readable_memberships", [])]
    title = _title_of(documents)
    return title or _("Sự kiện #%(id)s") % {"id": event.pk}


@dataclass
class YearEvent:
    """An event of a year as one report sees it: its title and the documents of the year reporting it."""

    event: Event
    title: str
    documents: list[Document]

    @property
    def outlets(self) -> list[str]:
        """Return the distinct outlets of the documents, in order of first report."""
        return list(dict.fromkeys(d.outlet_label for d in self.documents))


def documents_of_year(*, user: Any, year: int, unit: Any | None = None) -> QuerySet[Document]:
    """Return the documents published in `year` the user may read; with `unit`, only that unit's and below.

    A unit's report counts only its own library (documents its unit or a unit below it owns), not
    the published documents of others it may also read.
    """
    documents = documents_visible(user).filter(published__year=year)
    if unit is not None:
        documents = documents.filter(owner_unit__path__startswith=unit.path)
    return documents.defer("text", "analysis", "features").order_by("published", "pk")


def events_of_documents(documents: list[Document]) -> list[YearEvent]:
    """Return the events the documents belong to, each with those of the documents it holds."""
    by_id = {d.pk: d for d in documents}
    members = (
        EventMembership.objects.filter(document_id__in=list(by_id))
        .select_related("event")
        .order_by("event_id", "position")
    )
    grouped: dict[int, tuple[Event, list[Document]]] = {}
    for m in members:
        grouped.setdefault(m.event_id, (m.event, []))[1].append(by_id[m.document_id])
    return [YearEvent(event, event_title(event, docs), docs) for event, docs in grouped.values()]


def event_get(*, user: Any, pk: int) -> Event:
    """Return one event with a document the user may read, with its readable memberships, or raise Http404."""
    event = events_list(user=user).filter(pk=pk).prefetch_related(_members_prefetch(user)).first()
    if event is None:
        moved = event_moved_to(user=user, pk=pk)
        if moved is not None:
            raise EventMovedError(moved)
        raise Http404(_("Không tìm thấy sự kiện."))
    return event


def event_moved_to(*, user: Any, pk: int) -> int | None:
    """Return the event that took in the reports of merged-away event `pk`, if the user may read it."""
    moved = EventRedirect.objects.filter(pk=pk).values_list("event_id", flat=True).first()
    if moved is None or not events_list(user=user).filter(pk=moved).exists():
        return None
    return moved


@dataclass
class EventView:
    """An event as one user may see it: their readable documents side by side, facts and differences."""

    event: Event
    title: str
    date: dt.date | None
    documents: list[Document]
    analysed: dict[str, Analysed]
    facts: list[Fact]
    differences: list[Difference]
    place: str | None
    organizer: str | None
    copies: dict[int, int] = field(default_factory=dict)

    def facts_of(self, document: Document, kinds: tuple[str, ...]) -> list[Fact]:
        """Return the facts of the given kinds that `document` reports."""
        return [f for f in self.facts if f.kind in kinds and str(document.pk) in f.documents]


def event_view(*, user: Any, pk: int) -> EventView:
    """Return the comparison of an event's readable documents (computed from them alone)."""
    event = event_get(user=user, pk=pk)
    ids = [m.document_id for m in event.readable_memberships]
    by_id = Document.objects.select_related("owner_unit").in_bulk(ids)
    documents = [by_id[i] for i in ids if i in by_id]
    analysed = {str(d.pk): document_analysis(d) for d in documents}
    members = list(analysed.values())
    facts = facts_merge(members)
    differences = figure_differences(members) + quote_differences(members) if len(members) > 1 else []
    readable = set(ids)
    return EventView(
        event=event,
        title=event_title(event),
        date=_date_of(documents),
        documents=documents,
        analysed=analysed,
        facts=facts,
        differences=differences,
        place=place_main(facts),
        organizer=organizer_find(members),
        copies={
            m.document_id: m.copy_of_id
            for m in event.readable_memberships
            if m.copy_of_id is not None and m.copy_of_id in readable
        },
    )


def jobs_list(*, user: Any) -> QuerySet[IngestJob]:
    """Return the ingest jobs the user may follow: those of units they edit (all, for a coordinator)."""
    jobs = (
        IngestJob.objects.select_related("owner_unit", "created_by")
        .annotate(failed_count=Count("items", filter=Q(items__status=ItemStatus.FAILED)))
        .order_by("-created_at", "-id")
    )  # an aggregate drops Meta.ordering
    if scope.user_is_coordinator(user):
        return jobs
    return scope.records_editable(user, jobs).filter(~Q(owner_unit=None))


@dataclass(frozen=True)
class JobShown:
    """An import as its page shows it: the job's state and each item's, told the same way."""

    state: str
    items: list[tuple[IngestItem, str]]


def job_shown(job: IngestJob, items: Sequence[IngestItem], *, resumable: bool) -> JobShown:
    """Return the states an import's page shows, the items' consistent with the job's.

    A pending item is not simply "waiting": while the job runs, the first one is being processed
    and the others wait their turn; a job stopped (interrupted, failed, or running with an old
    heartbeat, `resumable`) leaves them not processed; only a job still queued has them waiting.
    """
    stalled = job.status == JobStatus.RUNNING and resumable
    state = JobStatus(JobStatus.INTERRUPTED).label if stalled else job.get_status_display()
    if job.status == JobStatus.RUNNING and not stalled:
        pending = [_("Đang xử lý"), _("Chờ đến lượt")]
    elif job.status == JobStatus.PENDING:
        pending = [ItemStatus(ItemStatus.PENDING).label] * 2
    else:
        pending = [_("Chưa xử lý")] * 2
    shown, first = [], True
    for item in items:
        if item.status != ItemStatus.PENDING:
            shown.append((item, item.get_status_display()))
            continue
        shown.append((item, str(pending[0] if first else pending[1])))
        first = False
    return JobShown(state=str(state), items=shown)


def job_get(*, user: Any, pk: int) -> IngestJob:
    """Return one ingest job the user may follow, or raise Http404."""
    job = jobs_list(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("Không tìm thấy đợt nhập."))
    return job


# --- The search page and /api/search -------------------------------------------------------------


@dataclass
class Hit:
    """One document found: its title and snippets highlighted, how it matched, and its event."""

    document: Document
    title: SafeString
    snippets: list[SafeString]
    event_id: int | None
    tier: str  # "exact:phrase", "folded:all"... (`doingoai.search.plan.tier_label`)
    field: str  # "exact" or "folded": which key of the text matched
    places: list[str]  # "title" and/or "body": where the query's words were found
    score: float | None
    # The date a result shows: the document's published date, else the date of the event it
    # reports (the one its lead gives, else its event's), flagged so the page says which it is.
    date: dt.date | None = None
    date_of_event: bool = False
    # Found only once the diacritics typed were dropped ("Tú" found as "từ"); a query typed
    # without any (a number, "tran cam tu") has no other way to match, and says nothing.
    folded_only: bool = False


def _places(terms: list[str], keys: dict[str, str]) -> list[str]:
    wanted = set(terms)
    return [name for name in ("title", "body") if wanted & set(words_of(keys[name]))]


def _tags_end(text: str) -> int:
    """Return where the article's own words begin, after its leading tag lines."""
    first = 0
    for start, end in sorted(metadata_tag_spans(text)):
        if text[first:start].strip():
            break
        first = end
    return first


def hits_make(documents: list[Document], query: str) -> list[Hit]:
    """Return the hits of a page of ranked documents: snippets cut around the words that matched.

    Words are highlighted in the key that matched: a query typed with diacritics that matched
    exactly marks "tú", not "từ"; one that matched folded marks both.
    """
    plan = plan_make(query)
    memberships = EventMembership.objects.filter(document__in=documents)
    events, event_dates = {}, {}
    for document_id, event_id, event_date in memberships.values_list(
        "document_id", "event_id", "event__date"
    ):
        events[document_id], event_dates[document_id] = event_id, event_date
    # The index holds each text's keys already: no need to fold the page's texts again.
    # Not the multi-syllable words nor the syllable pairs: they only find documents (a third of the read).
    entries = SearchEntry.objects.defer("words", "pairs").in_bulk([d.pk for d in documents])
    hits = []
    for document in documents:
        rank = getattr(document, "search_rank", None)
        tier_index, score = rank_split(rank) if rank is not None else (None, None)
        tier = (
            plan.tiers[tier_index] if tier_index is not None and 0 <= tier_index < len(plan.tiers) else None
        )
        field_kind = tier.field if tier else ("exact" if plan.has_diacritics else "folded")
        terms = plan.terms(field_kind)
        marks = plan.marks(field_kind)
        entry = entries.get(document.pk)
        keys = {
            "title": getattr(entry, f"title_{field_kind}") if entry else key_of(field_kind, document.title),
            "body": getattr(entry, f"body_{field_kind}") if entry else key_of(field_kind, document.text),
        }
        title = str(document)
        reported = document.event_date or event_dates.get(document.pk)
        hits.append(
            Hit(
                document=document,
                title=highlight(title, matches_find(title, marks, field_kind, keys["title"])),
                # The leading tag lines ("date 2026-06-20") are data, as on the document's page.
                snippets=snippets_make(
                    document.text, marks, field_kind, keys["body"], first=_tags_end(document.text)
                ),
                event_id=events.get(document.pk),
                tier=tier_label(tier) if tier else "",
                field=field_kind,
                places=_places(terms, keys) if tier else [],
                score=score,
                date=document.published or reported,
                date_of_event=document.published is None and reported is not None,
                folded_only=field_kind == "folded" and plan.has_diacritics,
            )
        )
    return hits


def events_search(
    *, user: Any, query: str, limit: int = 10, documents: QuerySet[Document] | SearchResults | None = None
) -> list[EventSummary]:
    """Return the events with a readable document matching the query, ranked by their best document.

    Each as the user may see it (`events_summaries`). `documents`, the same search's documents
    (`documents_find`), lends its ranking when no filter but the query narrowed it, so the page
    ranks the query once for both lists.
    """
    plan = plan_make(query)
    if plan.is_empty():
        return []
    results = documents if isinstance(documents, SearchResults) and documents.query == query else None
    fields: dict[int, str] = {}
    events = events_list(user=user, query=query, ranked_max=limit, results=results, fields=fields)
    summaries = events_summaries(user=user, events=list(events[:limit]))
    if not plan.has_diacritics:
        return summaries  # every match is a folded one: nothing to tell apart
    # Like a document, an event found only without the diacritics typed says so.
    return [replace(e, folded_only=fields.get(e.id) == "folded") for e in summaries]


@dataclass
class EntityOffer:
    """A person, organization or place the query names: its directory page, if any, and its filter."""

    kind: str  # EntityKind
    name: str
    documents: int
    page: str | None  # a URL name and pk, resolved by the caller: ("directory:person_detail", pk)
    page_pk: int | None


ENTITY_OFFERS_MAX = 3


def entity_offers(*, user: Any, query: str) -> list[EntityOffer]:
    """Return the named entities of readable documents whose name is the query (with or without diacritics).

    Each offers a filter on it and, when the directory holds it, its page (an official, a unit or
    a foreign partner the user may read).
    """
    key = entity_key(query.replace('"', " ").replace("“", " ").replace("”", " "))
    if len(key) < 3:
        return []
    rows = (
        rows_of_readable_documents(user, DocumentEntity.objects.filter(key=key))
        .values("kind", "name")
        .annotate(documents=Count("document", distinct=True))
        .order_by("-documents", "name")
    )
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        best.setdefault(row["kind"], row)  # the name as most documents write it
    offers = []
    for kind, row in best.items():
        page, page_pk = None, None
        if kind == EntityKind.PERSON:
            person = directory_selectors.person_find_by_name(user=user, name=row["name"]).first()
            page, page_pk = ("directory:person_detail", person.pk) if person else (None, None)
        elif kind == EntityKind.ORGANIZATION:
            unit = directory_selectors.organizations_list(user=user).filter(name_key=key).first()
            partner = (
                None if unit else directory_selectors.partners_list(user=user).filter(name_key=key).first()
            )
            if unit is not None:
                page, page_pk = "directory:organization_detail", unit.pk
            elif partner is not None:
                page, page_pk = "directory:partner_detail", partner.pk
        offers.append(
            EntityOffer(kind=kind, name=row["name"], documents=row["documents"], page=page, page_pk=page_pk)
        )
    return offers[:ENTITY_OFFERS_MAX]


def documents_mentioning_organization(*, user: Any, names: list[str], limit: int = 50) -> QuerySet[Document]:
    """Return the documents the user may read that name an organization by any of `names`, newest first.

    Each name is matched through the folded key the analysis stores for organizations
    (`DocumentEntity.key`), so "Brückenbau Asien" matches "Bruckenbau Asien" and any case.
    """
    keys = sorted({entity_key(name) for name in names if name.strip()})
    if not keys:
        return documents_visible(user).none()
    mentioning = DocumentEntity.objects.filter(kind=EntityKind.ORGANIZATION, key__in=keys).values(
        "document_id"
    )
    return documents_visible(user).filter(pk__in=mentioning).order_by("-published", "-id")[:limit]


# --- the home page's blocks --------------------------------------------------------------------

HOME_ROWS = 6


def documents_drafts(*, user: Any, limit: int = HOME_ROWS) -> list[Document]:
    """Return the unpublished documents of the user's unit and the units below it, newest first.

    One query.
    """
    unit = getattr(user, "unit", None) if scope.user_role(user) else None
    if unit is None or not unit.path:
        return []
    drafts = documents_visible(user).filter(is_published=False, owner_unit__path__startswith=unit.path)
    return list(
        drafts.only("pk", "title", "file_name", "source", "published", "created_at").order_by(
            "-created_at", "-pk"
        )[:limit]
    )


def documents_about_place(*, user: Any, place: str, limit: int = HOME_ROWS) -> list[Document]:
    """Return the latest documents the user may read that name `place`, as the place filter does."""
    if not place.strip():
        return []
    found = documents_find(user=user, filters=DocumentFilters(place=place)).defer("text")
    return list(found[:limit])


def events_differing(*, user: Any, limit: int = HOME_ROWS) -> list[EventSummary]:
    """Return the newest events whose outlets differ (figures or quotes), from stored summaries (one query).

    A coordinator reads the summary over every document; anyone else the one over published
    documents only, so no unpublished document of another unit shows through.
    """
    if not (user is not None and user.is_authenticated and user.is_active):
        return []
    if scope.user_is_coordinator(user):
        events = Event.objects.filter(summary__differences__gt=0)
        return [EventSummary.from_stored(e.pk, e.summary) for e in events.order_by("-pk")[:limit]]
    events = Event.objects.filter(published_count__gt=1, public_summary__differences__gt=0)
    return [EventSummary.from_stored(e.pk, e.public_summary) for e in events.order_by("-pk")[:limit]]
