"""Assign documents to events one at a time: join the best-fitting event or start a new one.

Nothing is recomputed when a document arrives. Its terms are weighted with the document
frequencies seen so far (online TF-IDF, as in topic detection and tracking), and blocking keeps
the work per document bounded: an inverted index of each event's rarest terms and entity keys,
bucketed by week, yields a few candidate events; MinHash LSH finds near-verbatim copies. The new
document is compared with recent members of those candidates and joins the event it fits best
on average (average linkage, as the agglomerative clustering it approximates) if that reaches
the threshold. When it also fits other candidates and the events' members, the new document
with them, resemble each other on average, those events are merged into the one it joined:
only candidates of the new document, so a merge spans a bounded window of dates and reads
nothing else. The reverse, too: the recent members of the event it joined are scored among
themselves, and one that fits the others below the threshold (a report that joined early on a
low score) moves to the candidate event it fits best, or to an event of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from doingoai.analysis.dates import EVENT_DATE_BEFORE_PUBLISHED
from doingoai.analysis.document import Document
from doingoai.events.errors import EventsError
from doingoai.events.features import (
    MINHASH_PERMUTATIONS,
    DocumentFeatures,
    features_from_document,
    minhash_jaccard,
)

_UNDATED = -1  # the week bucket of events whose documents carry no date


@dataclass(frozen=True)
class GroupingConfig:
    """The one configuration of event grouping; the defaults are the project's settings.

    `threshold` applies to a document's fit with an event: the average of its pair scores with
    the members compared (average linkage), and to the average linkage of two events that merge.
    A pair's score weighs the cosine over all lexical terms (what the articles say) with the
    cosine over name-like terms only (who and where): a weighted geometric mean where the names
    have the share `name_share`, their cosine never taken below `NAMES_FLOOR`, so that reports
    naming nobody in common still meet on what they say, and two reports alike in words but
    naming others score lower. Shared extracted facts (people, places, figures) are reported in
    the links but add nothing: measured on public news (docs/benchmarks.md), adding them made
    the clusters worse under average linkage.
    """

    threshold: float = 0.12
    # A report without a publication date and an event of published ones (or the reverse) share
    # no evidence of time: words alone must then be as close as a same-story pair's, or a report
    # of one conference joins another conference's event of other days.
    threshold_dates_unknown: float = 0.32
    name_share: float = 0.2
    date_window_text_days: int = 2
    date_window_published_days: int = 7
    copy_jaccard: float = 0.6
    blocking_terms: int = 20
    posting_limit: int = 400
    candidate_events: int = 10
    candidate_min_hits: int = 2
    members_compared: int = 8
    vector_terms: int = 300
    idf_prior_documents: int = 10
    # A document joining an event of at least this many compared members (itself included)
    # checks them: a member whose average score with the others falls below the threshold leaves.
    split_members_min: int = 3
    # Joining an event of one report asks less: a report joined on little in common moves out
    # again once later reports of the event show it apart (see `split_members_min`).
    threshold_singleton: float = 0.10
    # Once no later report can join some events, their reports are clustered again together, all
    # pairs at once (`events_settle`): average linkage at `threshold_settle` over the pair scores
    # plus `title_share` times the cosine of the titles and `reduced_share` times the cosine of
    # the reports' term vectors reduced to as many dimensions as the pass found events (see
    # `_reduced_rows`). Closed events are settled in batches whose latest dates span
    # `settle_days`, of `settle_documents` reports at most.
    threshold_settle: float = 0.28
    title_share: float = 0.3
    reduced_share: float = 0.4
    settle_days: int = 7
    settle_documents: int = 2_000


DEFAULT_CONFIG = GroupingConfig()
# The least a name cosine counts for in a pair's score: without a shared name the score keeps
# NAMES_FLOOR ** name_share (0.46 at the default share) of the lexical cosine.
NAMES_FLOOR = 0.02


@dataclass(frozen=True)
class Link:
    """Why two documents were judged to report the same event (or not): the pair's signals."""

    documents: tuple[str, str]
    score: float
    lexical: float
    names: float | None
    date_gap_days: int | None
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    copy: bool = False
    shingle_jaccard: float = 0.0

    def signals(self) -> dict[str, Any]:
        """Return the signals as a JSON-ready dict."""
        return {
            "date_gap_days": self.date_gap_days,
            "lexical": round(self.lexical, 3),
            "names": round(self.names, 3) if self.names is not None else None,
            "people": list(self.people),
            "organizations": list(self.organizations),
            "places": list(self.places),
            "figures": list(self.figures),
            "copy": self.copy,
            "shingle_jaccard": round(self.shingle_jaccard, 3),
        }


@dataclass(frozen=True)
class Assignment:
    """Where a new document went: its event, whether it started it, and the links that decided."""

    document: str
    event: str
    created: bool
    score: float
    links: tuple[Link, ...]
    copy_of: str | None
    merged: tuple[str, ...] = ()  # events found to be this one by the new document, now absorbed into it
    # Earlier documents the new one showed not to belong with the event: (document, event it
    # moved to), in arrival order; an event in `started` was begun by the move.
    moved: tuple[tuple[str, str], ...] = ()
    started: tuple[str, ...] = ()


@dataclass
class Event:
    """One real-world event: its documents in arrival order and the copies among them."""

    id: str
    members: list[str] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)
    merged_into: str | None = None  # set when a later document showed it to be that event


# What stands in `EventIndex.events` at the place of a forgotten event: a long run closes most of
# its events, and each would otherwise keep its members' ids and its own object to the end.
_FORGOTTEN = Event(id="")


@dataclass(slots=True)
class _Names:
    """The name-like part of a term vector: the ids and weights of its name-like terms, and its norm.

    Names are a few of a document's hundreds of terms, so they are kept apart rather than as a
    second vector as long as the whole, mostly zeros.
    """

    ids: np.ndarray
    weights: np.ndarray
    norm: float


def _names_of(ids: np.ndarray, weights: np.ndarray, name_mask: np.ndarray) -> _Names:
    # The norm over the whole vector, zeros and all, as it was always computed.
    dense = np.where(name_mask, weights, np.float32(0.0))
    at = np.flatnonzero(dense)
    return _Names(ids[at], dense[at], float(np.linalg.norm(dense)))


@dataclass(slots=True)
class _Stored:
    features: DocumentFeatures
    term_ids: np.ndarray
    weights: np.ndarray
    names: _Names
    event: int
    arrival: int  # the order in which the index received the document


# datasketch's MinHashLSH parameters (bands, rows) for the default copy threshold, so that the
# index need not import `datasketch.lsh`: its `_optimal_param` integrates with scipy, which costs
# a process about 65 MiB. A test checks the values against datasketch.
_LSH_BANDS_KNOWN = {(0.6, 64): (10, 6)}


@lru_cache(maxsize=8)
def lsh_bands(threshold: float, permutations: int) -> tuple[int, int]:
    """Return the LSH bands and rows datasketch's MinHashLSH chooses for a threshold (equal weights)."""
    known = _LSH_BANDS_KNOWN.get((threshold, permutations))
    if known is not None:
        return known
    from datasketch.lsh import _optimal_param

    bands, rows = _optimal_param(threshold, permutations, 0.5, 0.5)
    return int(bands), int(rows)


class CopyIndex:
    """MinHash LSH over the documents of an index: finds those that may nearly copy a new one.

    The banding of datasketch's MinHashLSH (a document is a candidate when all the rows of one
    band are equal), kept smaller: datasketch keeps each band as a bytes key and a set per
    bucket (3.2 KB a document with 10 bands, by tracemalloc), here a band is its hash and a
    bucket a tuple of ids (1.2 KB). A collision of two bands' hashes only adds a candidate,
    which the caller's Jaccard check then judges.
    """

    def __init__(self, threshold: float, permutations: int) -> None:
        self.bands, self.rows = lsh_bands(threshold, permutations)
        self._tables: list[dict[int, tuple[str, ...]]] = [{} for _ in range(self.bands)]

    def _keys(self, values: np.ndarray) -> list[int]:
        r, values = self.rows, np.asarray(values, dtype=np.uint64)  # one byte layout, whatever was stored
        return [hash(values[b * r : (b + 1) * r].tobytes()) for b in range(self.bands)]

    def insert(self, document_id: str, values: np.ndarray) -> None:
        """Add a document by its MinHash values."""
        for table, key in zip(self._tables, self._keys(values), strict=True):
            table[key] = (*table.get(key, ()), document_id)

    def remove(self, document_id: str, values: np.ndarray) -> None:
        """Take a document out (the values it was added with)."""
        for table, key in zip(self._tables, self._keys(values), strict=True):
            kept = tuple(d for d in table.get(key, ()) if d != document_id)
            if kept:
                table[key] = kept
            else:
                table.pop(key, None)

    def query(self, values: np.ndarray) -> set[str]:
        """Return the documents sharing a band with these MinHash values."""
        found: set[str] = set()
        for table, key in zip(self._tables, self._keys(values), strict=True):
            found.update(table.get(key, ()))
        return found


class EventIndex:
    """The state of incremental grouping: documents, events, term statistics and blocking keys."""

    def __init__(self, config: GroupingConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        self.events: list[Event] = []
        self.documents: dict[str, _Stored] = {}
        self.document_frequency = np.zeros(1 << 16, dtype=np.int32)  # by term id
        self.vocabulary: dict[str, int] = {}
        self.postings: dict[str, dict[int, list[int]]] = {}
        self.lsh = CopyIndex(config.copy_jaccard, MINHASH_PERMUTATIONS)
        self._scratch = np.zeros(1 << 16, dtype=np.float32)
        self._scratch_names = np.zeros(1 << 16, dtype=np.float32)
        self._positions: dict[str, int] = {}
        self.documents_seen = 0  # weighed by this index, forgotten ones included
        self.arrivals = 0  # documents received, weighed here or seeded
        self.forgotten = 0  # events dropped by `events_forget`: their places in `events` hold _FORGOTTEN

    def __len__(self) -> int:
        return len(self.documents)

    def terms_by_id(self) -> list[str]:
        """Return the vocabulary as a list: the term of each id."""
        terms = [""] * len(self.vocabulary)
        for term, term_id in self.vocabulary.items():
            terms[term_id] = term
        return terms

    def events_live(self) -> list[Event]:
        """Return the events that hold documents: not those merged into another, nor forgotten."""
        return [event for event in self.events if event.merged_into is None and event is not _FORGOTTEN]

    def event_position(self, event_id: str) -> int | None:
        """Return the position in `events` of the event with this id, or None."""
        return self._positions.get(event_id)

    def event_of(self, document_id: str) -> Event:
        """Return the event a document was assigned to; raise EventsError for an unknown id."""
        stored = self.documents.get(document_id)
        if stored is None:
            raise EventsError(f"document '{document_id}' is not in the index")
        return self.events[stored.event]

    def features_of(self, document_id: str) -> DocumentFeatures:
        """Return the features a document was assigned with."""
        stored = self.documents.get(document_id)
        if stored is None:
            raise EventsError(f"document '{document_id}' is not in the index")
        return stored.features


def _dates_gap(a: DocumentFeatures, b: DocumentFeatures, config: GroupingConfig) -> tuple[int | None, bool]:
    """Return the gap in days between two documents' dates and whether it allows one event."""
    if a.event_date and b.event_date:
        gap = abs((a.event_date - b.event_date).days)
        return gap, gap <= config.date_window_text_days
    first, second = a.anchor_date, b.anchor_date
    if first and second:
        gap = abs((first - second).days)
        return gap, gap <= config.date_window_published_days
    return None, True


def _shared(a: dict[str, str], b: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted(a[key] for key in a.keys() & b.keys()))


def base_score(lexical: float, names: float | None, config: GroupingConfig = DEFAULT_CONFIG) -> float:
    """Return the pair's similarity: the lexical cosine, weighed down when the names differ.

    A weighted geometric mean of the lexical and the name cosine (`name_share` is the names'
    weight): a report alike in words but naming other people and places scores lower. The name
    cosine counts for at least `NAMES_FLOOR`, so the score never vanishes for reports of one event
    that name nobody in common. Without names on one side, the words alone decide.
    """
    if names is None:
        return lexical
    share = config.name_share
    return float(lexical ** (1.0 - share) * max(names, NAMES_FLOOR) ** share)


def pair_score(
    a: DocumentFeatures,
    b: DocumentFeatures,
    lexical: float,
    names: float | None,
    config: GroupingConfig = DEFAULT_CONFIG,
) -> float:
    """Return the score `pair_link` gives two documents (0 where their dates forbid one event).

    The score alone, without the shared facts a link lists: for scoring many pairs at once.
    """
    if not _dates_gap(a, b, config)[1]:
        return 0.0
    score = base_score(lexical, names, config)
    if minhash_jaccard(a.minhash, b.minhash) >= config.copy_jaccard:
        score = max(score, 1.0)
    return round(score, 4)


def pair_link(
    a: DocumentFeatures,
    b: DocumentFeatures,
    lexical: float,
    names: float | None,
    config: GroupingConfig = DEFAULT_CONFIG,
) -> Link | None:
    """Return the link between two documents given their cosines; None if their dates forbid it.

    `names` is None when either document has no name-like term; the lexical cosine then decides.
    """
    gap, compatible = _dates_gap(a, b, config)
    if not compatible:
        return None
    jaccard = minhash_jaccard(a.minhash, b.minhash)
    people = _shared(a.people, b.people)
    organizations = _shared(a.organizations, b.organizations)
    places = _shared(a.places, b.places)
    figures = _shared(a.figures, b.figures)
    copy = jaccard >= config.copy_jaccard
    score = max(base_score(lexical, names, config), 1.0) if copy else base_score(lexical, names, config)
    return Link(
        documents=(a.id, b.id),
        score=round(score, 4),
        lexical=lexical,
        names=names,
        date_gap_days=gap,
        people=people,
        organizations=organizations,
        places=places,
        figures=figures,
        copy=copy,
        shingle_jaccard=jaccard,
    )


@dataclass(frozen=True)
class TermVector:
    """A document's weighted terms as grouping compares them: unit length, `vector_terms` at most.

    Weights are fixed when the document arrives (with the document frequencies seen until then)
    and never recomputed, so a stored vector lets a later run compare with the document exactly
    as the first run did. `names` are the name-like terms among them.
    """

    weights: dict[str, float]
    names: frozenset[str]


def _weigh(
    counts: np.ndarray, frequency: np.ndarray, documents: int, name_mask: np.ndarray, config: GroupingConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the kept positions, unit TF-IDF weights and name mask of a document's terms."""
    # The prior counts documents that lack every term, so the first documents of a run
    # already weigh shared terms above zero and rare terms above common ones.
    weights = (1.0 + np.log(counts)) * np.log((documents + config.idf_prior_documents) / (frequency + 0.5))
    keep = np.arange(len(weights))
    limit = config.vector_terms
    if len(weights) > limit:
        keep = np.argpartition(-weights, limit)[:limit]
        weights, name_mask = weights[keep], name_mask[keep]
    norm = float(np.linalg.norm(weights))
    return keep, (weights / norm if norm > 0 else weights).astype(np.float32), name_mask


def vector_weigh(
    features: DocumentFeatures,
    frequencies: Mapping[str, int],
    documents: int,
    config: GroupingConfig = DEFAULT_CONFIG,
) -> TermVector:
    """Return a document's term vector given outside statistics (a library's stored counts).

    `frequencies` holds, for each of the document's terms, how many documents contain it, and
    `documents` how many documents there are: both counting this document, as `event_assign`
    counts it when it weighs a document itself.
    """
    terms = list(features.terms)
    counts = np.fromiter(features.terms.values(), dtype=np.float64, count=len(terms))
    frequency = np.fromiter(
        (max(frequencies.get(t, 1), 1) for t in terms), dtype=np.float64, count=len(terms)
    )
    name_mask = np.asarray([t in features.name_terms for t in terms], dtype=bool)
    keep, weights, mask = _weigh(counts, frequency, documents, name_mask, config)
    kept = [terms[i] for i in keep.tolist()]
    return TermVector(
        weights=dict(zip(kept, weights.tolist(), strict=True)),
        names=frozenset(t for t, named in zip(kept, mask.tolist(), strict=True) if named),
    )


def _vector_given(index: EventIndex, vector: TermVector) -> tuple[np.ndarray, np.ndarray, _Names]:
    """Return the arrays of a vector weighed elsewhere, its terms given ids in this index."""
    vocabulary = index.vocabulary
    ids = np.asarray([vocabulary.setdefault(t, len(vocabulary)) for t in vector.weights], dtype=np.int32)
    weights = np.fromiter(vector.weights.values(), dtype=np.float32, count=len(ids))
    mask = np.asarray([t in vector.names for t in vector.weights], dtype=bool)
    return ids, weights, _names_of(ids, weights, mask)


def vector_of(index: EventIndex, document_id: str) -> TermVector:
    """Return the term vector an indexed document was compared with."""
    stored = index.documents.get(document_id)
    if stored is None:
        raise EventsError(f"document '{document_id}' is not in the index")
    terms = index.terms_by_id()
    return TermVector(
        weights={terms[i]: w for i, w in zip(stored.term_ids.tolist(), stored.weights.tolist(), strict=True)},
        names=frozenset(terms[i] for i in stored.names.ids.tolist()),
    )


def _vector(index: EventIndex, features: DocumentFeatures) -> tuple[np.ndarray, np.ndarray, _Names]:
    """Count the document's terms in; return its unit TF-IDF vector and its name-like part."""
    vocabulary = index.vocabulary
    # setdefault reads len() before inserting, so a new term gets the next id.
    ids = [vocabulary.setdefault(term, len(vocabulary)) for term in features.terms]
    id_array = np.asarray(ids, dtype=np.int64)
    if len(vocabulary) > len(index.document_frequency):
        grown = np.zeros(max(len(vocabulary), 2 * len(index.document_frequency)), dtype=np.int32)
        grown[: len(index.document_frequency)] = index.document_frequency
        index.document_frequency = grown
    index.document_frequency[id_array] += 1
    # Documents forgotten by `events_forget` still count: they were seen.
    index.documents_seen += 1
    n = index.documents_seen
    counts = np.fromiter(features.terms.values(), dtype=np.float64, count=len(ids))
    frequency = index.document_frequency[id_array].astype(np.float64)
    names = features.name_terms
    name_mask = np.asarray([term in names for term in features.terms], dtype=bool)
    keep, weight_array, name_mask = _weigh(counts, frequency, n, name_mask, index.config)
    id_array = id_array[keep].astype(np.int32)
    return id_array, weight_array, _names_of(id_array, weight_array, name_mask)


def _blocking_keys(
    index: EventIndex, features: DocumentFeatures, ids: np.ndarray, weights: np.ndarray
) -> list[str]:
    top = ids[np.argsort(-weights, kind="stable")[: index.config.blocking_terms]]
    # Term ids are the same for every document, so the key of a term is its id.
    keys = [f"t{term_id}" for term_id in top.tolist()]
    keys += [f"p{key}" for key in features.people]
    keys += [f"o{key}" for key in features.organizations]
    keys += [f"l{key}" for key in features.places]
    keys += [f"f{key}" for key in features.figures]
    # An event keeps its members' keys: one string per key, not one per member that holds it.
    return [sys.intern(key) for key in keys]


def _week(day: dt.date | None) -> int:
    return day.toordinal() // 7 if day else _UNDATED


def _weeks_reached(day: dt.date | None, config: GroupingConfig) -> list[int] | None:
    """Return the week buckets a document of this day is compared within; None for all (no day)."""
    if day is None:
        return None
    window = dt.timedelta(days=config.date_window_published_days)
    return [*range(_week(day - window), _week(day + window) + 1), _UNDATED]


def _candidate_events(index: EventIndex, keys: Sequence[str], day: dt.date | None) -> list[int]:
    """Return the events that share the most blocking keys with a document, in date range."""
    config = index.config
    weeks = _weeks_reached(day, config)
    hits: Counter[int] = Counter()
    for key in keys:
        buckets = index.postings.get(key)
        if not buckets:
            continue
        lists = buckets.values() if weeks is None else [buckets[w] for w in weeks if w in buckets]
        found = [event for events in lists for event in events]
        # A key shared by hundreds of events in the window is a topic word, not an event's mark.
        if len(found) > config.posting_limit:
            continue
        hits.update(set(found))
    if not hits:
        return []
    ranked = sorted(hits.items(), key=lambda item: (-item[1], item[0]))
    # An event sharing one stray key while another shares many is not worth a comparison.
    floor = min(config.candidate_min_hits, ranked[0][1])
    return [event for event, count in ranked[: config.candidate_events] if count >= floor]


def _segment_sums(products: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    ends = np.cumsum(sizes)
    totals = np.concatenate([[0.0], np.cumsum(products, dtype=np.float64)])
    return totals[ends] - totals[ends - sizes]


def _cosines(
    index: EventIndex, ids: np.ndarray, weights: np.ndarray, name_part: _Names, members: Sequence[_Stored]
) -> list[tuple[float, float | None]]:
    """Return the lexical and the name cosine of one document with each member.

    The document's vector is scattered into a dense array the size of the vocabulary, so each
    member's cosine is one gather over its own terms: no sparse intersection per pair.
    """
    if not members:
        return []
    needed = len(index.vocabulary)
    if needed > len(index._scratch):
        index._scratch = np.zeros(max(needed, 2 * len(index._scratch)), dtype=np.float32)
        index._scratch_names = np.zeros(len(index._scratch), dtype=np.float32)
    scratch, scratch_names = index._scratch, index._scratch_names
    scratch[ids] = weights
    scratch_names[name_part.ids] = name_part.weights
    all_ids = np.concatenate([m.term_ids for m in members])
    sizes = np.fromiter((len(m.term_ids) for m in members), dtype=np.int64, count=len(members))
    lexical = _segment_sums(scratch[all_ids] * np.concatenate([m.weights for m in members]), sizes)
    # Only the members' name-like terms: the others would add products of 0 to the same sums.
    name_sizes = np.fromiter((len(m.names.ids) for m in members), dtype=np.int64, count=len(members))
    shared_names = _segment_sums(
        scratch_names[np.concatenate([m.names.ids for m in members])]
        * np.concatenate([m.names.weights for m in members]),
        name_sizes,
    )
    scratch[ids] = 0.0
    scratch_names[name_part.ids] = 0.0
    norm = name_part.norm
    out: list[tuple[float, float | None]] = []
    for member, cosine, named in zip(members, lexical.tolist(), shared_names.tolist(), strict=True):
        names = (
            None
            if norm == 0 or member.names.norm == 0
            else min(1.0, max(0.0, named / (norm * member.names.norm)))
        )
        out.append((min(1.0, max(0.0, cosine)), names))
    return out


def _copy_source(index: EventIndex, features: DocumentFeatures) -> tuple[str, float] | None:
    """Return the earlier document this one nearly copies, with the estimated shingle Jaccard."""
    best: tuple[str, float] | None = None
    # Within the weeks candidates come from: an undated copy is looked for where it was placed.
    weeks = _weeks_reached(features.day, index.config)
    for other_id in index.lsh.query(features.minhash):
        other = index.documents[other_id].features
        if weeks is not None and _week(other.day) not in weeks:
            continue
        jaccard = minhash_jaccard(features.minhash, other.minhash)
        if jaccard < index.config.copy_jaccard or not _dates_gap(features, other, index.config)[1]:
            continue
        if best is None or (jaccard, other_id) > (best[1], best[0]):
            best = (other_id, jaccard)
    return best


def _event_score(scores: Sequence[float]) -> float:
    """Return how well a document fits an event: the average of its scores with the members compared.

    The average, not the best: the document must resemble the event on the whole, so one member
    sharing a country and a chance figure cannot pull in another story (average linkage measured
    best on public news, ahead of a mix with the best member).
    """
    return sum(scores) / len(scores)


def event_assign(
    index: EventIndex, features: DocumentFeatures, vector: TermVector | None = None
) -> Assignment:
    """Add one document to the index and return the event it joined or started.

    `vector` is the document's term vector when it was weighed outside this index (a library
    keeps its term statistics in its database); without it the index weighs the document with
    the statistics of the documents it holds.
    """
    if features.id in index.documents:
        raise EventsError(f"document '{features.id}' was already assigned to an event")
    config = index.config
    ids, weights, name_part = _vector(index, features) if vector is None else _vector_given(index, vector)
    keys = _blocking_keys(index, features, ids, weights)
    copy = _copy_source(index, features)
    candidates = _candidate_events(index, keys, features.day)
    if copy is not None:
        copy_event = index.documents[copy[0]].event
        candidates = [copy_event, *(c for c in candidates if c != copy_event)]

    members = [
        index.documents[member]
        for event in candidates
        for member in index.events[event].members[-config.members_compared :]
    ]
    if copy is not None and all(m.features.id != copy[0] for m in members):
        members.append(index.documents[copy[0]])
    similarities = _cosines(index, ids, weights, name_part, members)
    compared: dict[int, list[tuple[_Stored, float, float | None]]] = {}
    for member, (lexical, names) in zip(members, similarities, strict=True):
        compared.setdefault(member.event, []).append((member, lexical, names))
    scores: dict[int, float] = {}
    pair_scores: dict[int, list[float]] = {}
    needed: dict[int, float] = {}
    published = features.published is not None
    for candidate, pairs in compared.items():
        members_published = any(m.features.published is not None for m, _, _ in pairs)
        needed[candidate] = (
            config.threshold_dates_unknown
            if published != members_published
            else config.threshold
            if len(index.events[candidate].members) > 1
            else config.threshold_singleton
        )
        has_copy = copy is not None and any(m.features.id == copy[0] for m, _, _ in pairs)
        # Dates can only lower a pair's score to 0, so a weaker event cannot reach the threshold.
        bound = _event_score([base_score(lexical, names, config) for _, lexical, names in pairs])
        if bound < min(config.threshold, config.threshold_singleton) and not has_copy:
            continue
        pair_scores[candidate] = [
            pair_score(features, m.features, lexical, names, config) for m, lexical, names in pairs
        ]
        score = _event_score(pair_scores[candidate])
        scores[candidate] = max(score, 1.0) if has_copy else score

    best_event, best_score = -1, 0.0
    for candidate, score in scores.items():
        if score >= needed[candidate] and (
            score > best_score or (score == best_score and candidate < best_event)
        ):
            best_event, best_score = candidate, score

    created = best_event < 0
    if created:
        best_event = _event_new(index, f"e{len(index.events) + 1}")
    copy_of = copy[0] if copy is not None and index.documents[copy[0]].event == best_event else None
    _member_add(index, features, best_event, ids, weights, name_part, keys, copy_of)
    others = [c for c, score in scores.items() if score >= needed[c] and c != best_event]
    survivor, merged = _events_merge(index, best_event, others) if others else (best_event, ())
    # Members that fitted each other when the last document joined still do if the new one fits
    # each of them: only a merge or a member the new document does not resemble calls for a check.
    check = not created and (bool(merged) or min(pair_scores[best_event]) < config.threshold)
    moved, started = _event_split(index, survivor, features.id, candidates) if check else ((), ())
    # The links (shared facts and all) only of the event joined: they explain the decision.
    found = [
        pair_link(features, m.features, lexical, names, config)
        for m, lexical, names in compared.get(best_event, [])
    ]
    links = tuple(link for link in found if link is not None) if not created else ()
    return Assignment(
        document=features.id,
        event=index.events[survivor].id,
        created=created,
        score=best_score if not created else 0.0,
        links=links,
        copy_of=copy_of,
        merged=merged,
        moved=moved,
        started=started,
    )


def _scores_among(index: EventIndex, members: Sequence[_Stored]) -> np.ndarray:
    """Return the matrix of pair scores among some documents (0 where dates forbid a pair)."""
    config = index.config
    scores = np.zeros((len(members), len(members)))
    for i, member in enumerate(members[:-1]):
        rest = list(members[i + 1 :])
        similarities = _cosines(index, member.term_ids, member.weights, member.names, rest)
        for j, (other, (lexical, names)) in enumerate(zip(rest, similarities, strict=True), start=i + 1):
            scores[i, j] = scores[j, i] = pair_score(member.features, other.features, lexical, names, config)
    return scores


def _event_split(
    index: EventIndex, position: int, document: str, candidates: Sequence[int]
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Move out of an event the recent members the new document showed not to belong there.

    A report that joined an event early, on a low score, is not taken back by a single pass:
    once more reports of the event have arrived, the members compared are scored among
    themselves, and one whose average score with the others is below the threshold leaves for
    the candidate event it fits best, or an event of its own. Only the members compared (read
    anyway) and the new document's candidates take part, so the work and the window of dates a
    move spans stay bounded. Return the moves (document, event) and the events they started.
    """
    config = index.config
    event = index.events[position]
    recent = event.members[-config.members_compared :]
    if len(recent) < config.split_members_min:
        return (), ()
    members = [index.documents[m] for m in recent]
    scores = _scores_among(index, members)
    fits = scores.sum(axis=1) / (len(members) - 1)
    leaving = [
        member
        for member, fit in zip(members, fits.tolist(), strict=True)
        if fit < config.threshold and member.features.id != document
    ]
    if not leaving:
        return (), ()
    moved: list[tuple[str, str]] = []
    started: list[str] = []
    targets = [c for c in dict.fromkeys(candidates) if c != position and index.events[c].members]
    for member in leaving:
        _member_detach(index, member, position)
    for member in leaving:
        target = _event_best(index, member, targets)
        if target is None:
            target = _event_new(index, f"e{len(index.events) + 1}")
            started.append(index.events[target].id)
            targets.append(target)
        _member_attach(index, member, target)
        moved.append((member.features.id, index.events[target].id))
    return tuple(moved), tuple(started)


def _event_best(index: EventIndex, member: _Stored, targets: Sequence[int]) -> int | None:
    """Return the event among `targets` a document fits best on average at the threshold, or None."""
    config = index.config
    best, best_score = None, 0.0
    for target in targets:
        others = [index.documents[m] for m in index.events[target].members[-config.members_compared :]]
        if not others:
            continue
        similarities = _cosines(index, member.term_ids, member.weights, member.names, others)
        score = _event_score(
            [
                pair_score(member.features, other.features, lexical, names, config)
                for other, (lexical, names) in zip(others, similarities, strict=True)
            ]
        )
        if score >= config.threshold and score > best_score:
            best, best_score = target, score
    return best


def _keys_add(index: EventIndex, position: int, keys: Iterable[str], day: dt.date | None) -> None:
    """Post an event under a member's blocking keys, in the member's week."""
    week = _week(day)
    for key in set(keys):
        bucket = index.postings.setdefault(key, {}).setdefault(week, [])
        if position not in bucket:
            bucket.append(position)


def _member_keys(index: EventIndex, member: _Stored) -> set[tuple[str, int]]:
    """Return a member's blocking keys with its week: computed again from what the index keeps."""
    week = _week(member.features.day)
    return {(key, week) for key in _blocking_keys(index, member.features, member.term_ids, member.weights)}


def _event_keys(index: EventIndex, event: Event) -> set[tuple[str, int]]:
    """Return the blocking keys, with their weeks, that an event's members hold.

    They are computed when an event loses members (rare: a split, a merge, the end of its
    window) rather than counted per event, which cost more memory than the documents' vectors.
    """
    keys: set[tuple[str, int]] = set()
    for member in event.members:
        keys |= _member_keys(index, index.documents[member])
    return keys


def _postings_drop(index: EventIndex, position: int, keys: Iterable[tuple[str, int]]) -> None:
    """Take an event out of the postings of some keys."""
    for key, week in keys:
        buckets = index.postings.get(key)
        if buckets is None or week not in buckets:
            continue
        kept = [e for e in buckets[week] if e != position]
        if kept:
            buckets[week] = kept
        else:
            del buckets[week]
            if not buckets:
                del index.postings[key]


def _member_detach(index: EventIndex, member: _Stored, position: int) -> None:
    """Take a document out of an event, with the blocking keys no other member holds."""
    event = index.events[position]
    document = member.features.id
    event.members.remove(document)
    event.copies = [pair for pair in event.copies if document not in pair]
    _postings_drop(index, position, _member_keys(index, member) - _event_keys(index, event))


def _member_attach(index: EventIndex, member: _Stored, position: int) -> None:
    """Put a detached document into an event, in its order of arrival, with its blocking keys."""
    event = index.events[position]
    member.event = position
    event.members = sorted([*event.members, member.features.id], key=lambda m: index.documents[m].arrival)
    keys = _blocking_keys(index, member.features, member.term_ids, member.weights)
    _keys_add(index, position, keys, member.features.day)


def _event_linkage(index: EventIndex, first: Event, second: Event) -> float:
    """Return the average score of two events' recent members with each other (0 where dates forbid)."""
    config = index.config
    ours = [index.documents[m] for m in first.members[-config.members_compared :]]
    theirs = [index.documents[m] for m in second.members[-config.members_compared :]]
    scores: list[float] = []
    for member in theirs:
        similarities = _cosines(index, member.term_ids, member.weights, member.names, ours)
        for other, (lexical, names) in zip(ours, similarities, strict=True):
            scores.append(pair_score(member.features, other.features, lexical, names, config))
    return sum(scores) / len(scores)


def _events_merge(index: EventIndex, position: int, linked: Sequence[int]) -> tuple[int, tuple[str, ...]]:
    """Merge the event a document joined with the other events it fits, when they are one story.

    A document that fits two events is evidence that they report one event, found apart because
    their first reports said too little in common. They merge when their members, the new
    document with them, also resemble each other on average (so the new document alone cannot
    chain two stories). Only the new document's candidate events are
    considered: the work stays bounded, and so does the window of dates a merge spans. The
    earliest event absorbs the others; return it and the ids of the events it absorbed.
    """
    config = index.config
    joined = index.events[position]
    group = [position]
    for other in sorted(linked):
        candidate = index.events[other]
        if candidate.members and _event_linkage(index, joined, candidate) >= config.threshold:
            group.append(other)
    survivor = min(group)
    merged: list[str] = []
    for other in sorted(group):
        if other != survivor:
            merged.append(index.events[other].id)
            _event_absorb(index, survivor, other)
    return survivor, tuple(merged)


def _event_absorb(index: EventIndex, position: int, other_position: int) -> None:
    """Move every document, copy and blocking key of one event into another; leave the first empty."""
    event, other = index.events[position], index.events[other_position]
    for member in other.members:
        index.documents[member].event = position
    event.members = sorted(event.members + other.members, key=lambda m: index.documents[m].arrival)
    event.copies += other.copies
    for key, week in _event_keys(index, other):
        bucket = index.postings[key][week]
        bucket.remove(other_position)
        if position not in bucket:
            bucket.append(position)
    other.members, other.copies = [], []
    other.merged_into = event.id


def _event_new(index: EventIndex, event_id: str) -> int:
    while event_id in index._positions:
        event_id += "'"
    index._positions[event_id] = len(index.events)
    index.events.append(Event(id=event_id))
    return len(index.events) - 1


def _member_add(
    index: EventIndex,
    features: DocumentFeatures,
    position: int,
    ids: np.ndarray,
    weights: np.ndarray,
    names: _Names,
    keys: Sequence[str],
    copy_of: str | None,
) -> None:
    event = index.events[position]
    event.members.append(features.id)
    if copy_of is not None:
        event.copies.append((copy_of, features.id))
    # The term counts live on in the vector; keeping them would multiply the index's memory.
    slim = dataclasses.replace(features, terms={}, name_terms=frozenset())
    index.documents[features.id] = _Stored(slim, ids, weights, names, position, index.arrivals)
    index.arrivals += 1
    _keys_add(index, position, keys, features.day)
    index.lsh.insert(features.id, features.minhash)


def event_seed(
    index: EventIndex,
    features: DocumentFeatures,
    vector: TermVector,
    event_id: str,
    copy_of: str | None = None,
) -> None:
    """Put a document already assigned to an event into the index, without scoring it again.

    A library seeds an index with the recent members of the events a new document may join
    (found in its database), then calls `event_assign` for the new document: the decision is the
    one a replay of the whole library would take on those candidates.
    """
    if features.id in index.documents:
        raise EventsError(f"document '{features.id}' was already assigned to an event")
    position = index.event_position(event_id)
    if position is None:
        position = _event_new(index, event_id)
    ids, weights, name_part = _vector_given(index, vector)
    keys = _blocking_keys(index, features, ids, weights)
    _member_add(index, features, position, ids, weights, name_part, keys, copy_of)


def blocking_keys(
    features: DocumentFeatures, vector: TermVector, config: GroupingConfig = DEFAULT_CONFIG
) -> list[str]:
    """Return the keys under which a document is found as a candidate: its top terms and its names.

    Terms are keyed by their text (an index keys them by id), so a database can store them.
    """
    top = sorted(vector.weights.items(), key=lambda item: -item[1])[: config.blocking_terms]
    keys = [f"t{term}" for term, _weight in top]
    keys += [f"p{key}" for key in features.people]
    keys += [f"o{key}" for key in features.organizations]
    keys += [f"l{key}" for key in features.places]
    keys += [f"f{key}" for key in features.figures]
    return keys


def events_regroup(
    members: Sequence[tuple[DocumentFeatures, TermVector]], config: GroupingConfig = DEFAULT_CONFIG
) -> EventIndex:
    """Return the grouping of some documents alone, in the order given, with their stored vectors.

    What is left of an event after one of its documents goes may be two events, or none: the
    remaining members are assigned again among themselves, then settled (`events_settle`), and
    the rest of a library is untouched.
    """
    index = EventIndex(config)
    for features, vector in members:
        event_assign(index, features, vector)
    events_settle(index, range(len(index.events)))  # it passes over the emptied ones
    return index


# Rows of the score matrix computed at once when settling: each block's products and masks are
# small beside the matrix itself.
_SETTLE_BLOCK = 256


def _reduced_rows(vectors: Any, rank: int) -> np.ndarray:
    """Return the documents' term vectors reduced to `rank` dimensions, each of length 1 (or 0).

    Latent semantic analysis through the documents' Gram matrix: its `rank` largest eigenpairs
    give the rows of the best rank-`rank` approximation of the vectors, up to a rotation that
    cosines do not see. Words that keep appearing together in the window become one direction,
    so two reports of one story that share few words but many of their companions come close.
    The rank is the number of events the pass found among these documents: with about one
    direction per event the reduction keeps what tells events apart and drops the rest; with
    nearly one event per report it changes almost nothing.
    """
    from scipy.linalg import eigh

    gram = (vectors @ vectors.T).toarray()
    n = len(gram)
    rank = max(1, min(rank, n))
    # Only the largest eigenpairs, the matrix overwritten: a window of 2,000 reports holds its
    # Gram matrix and the kept directions (16 MB each at most), nothing of the size n² beside.
    values, directions = eigh(gram, subset_by_index=[n - rank, n - 1], overwrite_a=True, driver="evr")
    del gram
    directions *= np.sqrt(np.clip(values, 0.0, None))
    lengths = np.linalg.norm(directions, axis=1)
    lengths[lengths == 0] = 1.0
    directions /= lengths[:, None]
    return directions.astype(np.float32, copy=False)


def _window_scores(index: EventIndex, members: Sequence[_Stored], rank: int) -> np.ndarray:
    """Return the scores settling weighs, for every pair of some documents at once (float32).

    Each pair's `pair_score` (sparse products of the term vectors and of their name parts instead
    of a cosine per pair), plus `title_share` times the cosine of the two titles' TF-IDF rows
    (words and word bigrams, weighed within these documents), plus `reduced_share` times the
    cosine of their term vectors reduced to `rank` dimensions (`_reduced_rows`). Pairs whose
    dates forbid one event stay at 0. A pair of a dated and an undated report is scaled so that
    it reaches the threshold only where the assignment would have let it
    (`threshold_dates_unknown`). Computed a block of rows at a time, so that what is held beside
    the matrix stays small.
    """
    from scipy.sparse import csr_matrix

    from doingoai.events.tfidf import tfidf_matrix

    config = index.config
    n, width = len(members), max(len(index.vocabulary), 1)

    def rows(parts: list[tuple[np.ndarray, np.ndarray]]) -> Any:
        row = np.repeat(np.arange(n), [len(ids) for ids, _ in parts])
        ids = np.concatenate([ids for ids, _ in parts])
        weights = np.concatenate([weights for _, weights in parts]).astype(np.float32)
        return csr_matrix((weights, (row, ids)), shape=(n, width))

    def ordinals(days: Iterable[dt.date | None]) -> np.ndarray:
        return np.asarray([day.toordinal() if day else np.nan for day in days], dtype=np.float32)

    vectors = rows([(m.term_ids, m.weights) for m in members])
    reduced = _reduced_rows(vectors, rank) if config.reduced_share else None
    name_rows = rows([(m.names.ids, m.names.weights) for m in members])
    titles = tfidf_matrix([m.features.title or "" for m in members]).astype(np.float32)
    norms = np.asarray([m.names.norm for m in members], dtype=np.float32)
    text_days = ordinals(m.features.event_date for m in members)
    anchors = ordinals(m.features.anchor_date for m in members)
    published = np.asarray([m.features.published is not None for m in members])
    share = config.name_share
    mixed_scale = config.threshold_settle / config.threshold_dates_unknown
    scores = np.empty((n, n), dtype=np.float32)
    for start in range(0, n, _SETTLE_BLOCK):
        block = slice(start, min(n, start + _SETTLE_BLOCK))
        lexical = np.clip((vectors[block] @ vectors.T).toarray(), 0.0, 1.0)
        named = np.outer(norms[block], norms)
        with np.errstate(divide="ignore", invalid="ignore"):
            names = np.clip((name_rows[block] @ name_rows.T).toarray() / named, NAMES_FLOOR, 1.0)
        # Without names on either side the words alone decide (`base_score`).
        part = np.where(named > 0, lexical ** (1.0 - share) * names**share, lexical)
        with np.errstate(invalid="ignore"):
            text_gap = np.abs(text_days[block, None] - text_days[None, :])
            anchor_gap = np.abs(anchors[block, None] - anchors[None, :])
            allowed = np.where(
                np.isnan(text_gap),
                np.isnan(anchor_gap) | (anchor_gap <= config.date_window_published_days),
                text_gap <= config.date_window_text_days,
            )
        # Near-verbatim copies share most of their words: only the pairs already close are checked.
        for i, j in np.argwhere((lexical >= 0.3) & allowed).tolist():
            first, second = members[start + i].features.minhash, members[j].features.minhash
            if start + i != j and minhash_jaccard(first, second) >= config.copy_jaccard:
                part[i, j] = max(part[i, j], 1.0)
        part += config.title_share * np.clip((titles[block] @ titles.T).toarray(), 0.0, 1.0)
        if reduced is not None:
            part += config.reduced_share * np.clip(reduced[block] @ reduced.T, 0.0, 1.0)
        part[~allowed] = 0.0
        part[published[block, None] != published[None, :]] *= mixed_scale
        scores[block] = part
    np.fill_diagonal(scores, 1.0)
    return scores


def _clusters_average(scores: np.ndarray, threshold: float) -> list[list[int]]:
    """Return the groups average linkage forms over a matrix of pair scores, cut at a threshold.

    The matrix is turned into distances in place (it is not used afterwards).
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = len(scores)
    if n < 2:
        return [list(range(n))]
    np.subtract(1.0, scores, out=scores)
    np.clip(scores, 0.0, 1.0, out=scores)
    np.fill_diagonal(scores, 0.0)
    distances = squareform(scores, checks=False)
    labels = fcluster(linkage(distances, method="average"), t=1.0 - threshold + 1e-9, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    return sorted(groups.values())


def _settle_batches(index: EventIndex, events: Sequence[int]) -> list[list[int]]:
    """Return events in consecutive batches of at most `settle_documents` reports (an event whole)."""
    batches: list[list[int]] = [[]]
    held = 0
    for position in events:
        size = len(index.events[position].members)
        if batches[-1] and held + size > index.config.settle_documents:
            batches.append([])
            held = 0
        batches[-1].append(position)
        held += size
    return batches


def events_settle(index: EventIndex, positions: Sequence[int]) -> list[int]:
    """Cluster the reports of some events again, all pairs at once; return the events now holding them.

    The one pass decided for each report on the events of its moment. Once no later report can
    join these events, average linkage over every pair of their reports decides again, with all
    the evidence and the titles beside it (`_window_scores`). The window is the events given
    (in batches of `settle_documents` reports). Each new group keeps the event that held most of
    its reports (ties: the earlier event), so an event keeps its id where it keeps its reports;
    an event left empty is marked merged into the one that took most of its reports.
    """
    result: list[int] = []
    live = [p for p in dict.fromkeys(positions) if index.events[p].members]
    for batch in _settle_batches(index, live):
        result += _events_settle_batch(index, batch)
    return sorted(result)


def _events_settle_batch(index: EventIndex, events: list[int]) -> list[int]:
    members = [index.documents[m] for p in events for m in index.events[p].members]
    if len(members) < 2:
        return events
    scores = _window_scores(index, members, rank=len(events))
    groups = _clusters_average(scores, index.config.threshold_settle)
    overlap = Counter((g, members[i].event) for g, group in enumerate(groups) for i in group)
    owner: dict[int, int] = {}
    taken: set[int] = set()
    for (g, position), _count in sorted(overlap.items(), key=lambda item: (-item[1], item[0][1], item[0][0])):
        if g not in owner and position not in taken:
            owner[g] = position
            taken.add(position)
    copies = [pair for p in events for pair in index.events[p].copies]
    former = {m.features.id: m.event for m in members}
    for position in events:
        _postings_drop(index, position, _event_keys(index, index.events[position]))
        index.events[position].members, index.events[position].copies = [], []
    result: list[int] = []
    for g, group in enumerate(groups):
        position = owner[g] if g in owner else _event_new(index, f"e{len(index.events) + 1}")
        event = index.events[position]
        ids = {members[i].features.id for i in group}
        event.members = sorted(ids, key=lambda m: index.documents[m].arrival)
        event.copies = [pair for pair in copies if pair[0] in ids and pair[1] in ids]
        for i in group:
            member = members[i]
            member.event = position
            keys = _blocking_keys(index, member.features, member.term_ids, member.weights)
            _keys_add(index, position, keys, member.features.day)
        result.append(position)
    went: dict[int, Counter[int]] = {}
    for document, position in former.items():
        went.setdefault(position, Counter())[index.documents[document].event] += 1
    for position in events:
        if position not in taken:
            index.events[position].merged_into = index.events[went[position].most_common(1)[0][0]].id
    return result


def events_forget(index: EventIndex, events: Iterable[int]) -> None:
    """Drop some events' documents from the index: their postings, copies and vectors.

    For a run over dates in order: an event no later document can reach (all its documents are
    older than any window ahead) needs no place in the index. Their places in `events` stay, so
    positions do not move, but they hold a placeholder: the events' members and ids are
    dropped too (their records were written before).
    """
    for position in events:
        event = index.events[position]
        if event is _FORGOTTEN:
            continue
        _postings_drop(index, position, _event_keys(index, event))
        for member in event.members:
            stored = index.documents.pop(member, None)
            if stored is not None:
                index.lsh.remove(member, stored.features.minhash)
        del index._positions[event.id]
        index.events[position] = _FORGOTTEN
        index.forgotten += 1


def index_link(index: EventIndex, first: str, second: str) -> Link | None:
    """Return the link between two indexed documents, computed as grouping computed it."""
    a, b = index.documents[first], index.documents[second]
    lexical, names = _cosines(index, a.term_ids, a.weights, a.names, [b])[0]
    return pair_link(a.features, b.features, lexical, names, index.config)


def arrival_places(published: Sequence[dt.date | None]) -> list[dt.date | None]:
    """Return where each report of an input is placed in time: dated ones at their publication date.

    An undated report may be of any day, but it arrived beside the reports around it: it is
    placed at the publication date of the next dated report in the input (of the last one, if
    none comes after it), and looked for among the reports of those weeks. So an event holding
    it closes like any other, once the input has moved weeks past it. Without any dated report
    nothing is placed (None), and undated reports meet reports of any date, as before. Placing
    gives no date: the undated report still needs `threshold_dates_unknown` to join published
    reports, and its date gaps stay unknown.
    """
    places: list[dt.date | None] = [None] * len(published)
    following: dt.date | None = None
    for i in range(len(published) - 1, -1, -1):
        following = published[i] or following
        places[i] = following
    last: dt.date | None = None
    for i, day in enumerate(published):
        last = day or last
        places[i] = places[i] or last
    return places


def arrival_positions(published: Sequence[dt.date | None]) -> list[int]:
    """Return the positions of an input's reports in order of arrival, given their publication dates.

    By the day `arrival_places` gives them, undated reports before the dated ones of their day
    (as they came before the report that placed them), else as given: `arrival_places` gives the
    sorted reports the same places. Without any dated report, the order given.
    """
    places = arrival_places(published)
    return sorted(range(len(published)), key=lambda i: (places[i] or dt.date.min, published[i] is not None))


def arrival_order(docs: Iterable[Document]) -> list[Document]:
    """Return documents in the order news arrives: by publication date, undated ones where they arrived."""
    docs = list(docs)
    return [docs[i] for i in arrival_positions([d.published for d in docs])]


# Weeks a candidate window reaches back from a document's date, rounded out to whole weeks.
_WINDOW_SLACK = dt.timedelta(days=13)


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

    def arrive(self, features: DocumentFeatures) -> list[int]:
        """Close what a document's arrival closes (before it is assigned); return the events now settled."""
        self.closing(features)
        return self.settled()

    def finish(self) -> list[int]:
        """Close the events still open and settle every held event; return them."""
        self.remaining()
        return self.settled(final=True)

    def forget(self, positions: list[int]) -> None:
        """Drop closed events' documents from the index, with the events settling emptied."""
        events_forget(self.index, [*positions, *self._emptied])
        self._emptied.clear()


def events_group(docs: Iterable[Document], config: GroupingConfig = DEFAULT_CONFIG) -> EventIndex:
    """Return the index built by assigning the documents one by one, in the order given.

    Undated documents are placed by the dated ones beside them (`arrival_places`). Events are
    settled as they close, as `doingoai analyze` settles them (`EventWindow`),
    and the rest at the end.
    """
    docs = list(docs)
    window = EventWindow(config)
    for doc, place in zip(docs, arrival_places([d.published for d in docs]), strict=True):
        features = features_from_document(doc)
        features.placed = place if doc.published is None else None
        window.arrive(features)
        window.assign(features)
    window.finish()
    return window.index
