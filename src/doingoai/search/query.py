"""Rank documents for a query on SQLite (FTS5, `bm25()`) or PostgreSQL (`tsvector`, `ts_rank`).

`doingoai.search.plan.plan_make` decides the tiers; this module only translates each tier into
the engine's language and returns the ids of the best documents, each with the tier it fell in
and its score within the tier packed in one number (lower is better; split by `rank_split`).
The tiers run best first and stop once the page is full (`ranked_ids`); the count is a plain
match of the broadest tier, capped (`matches_count`). The title weighs `TITLE_WEIGHT` times the
body on SQLite; on PostgreSQL the title is weight A and the body weight B of the same vector.

The scope (what the reader may find) is a queryset of any model whose primary key is the indexed
document's id, joined inside every query: the index knows no model above it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connection, transaction
from django.db.models import F, QuerySet

from doingoai.analysis.text import fold_key
from doingoai.search.plan import NEAR_GAP, Plan, Tier, near_pairs, pair_tokens, plan_make

logger = logging.getLogger(__name__)

TITLE_WEIGHT = 10.0

# SQLite: the FTS5 columns of each field kind; PostgreSQL: the tsvector column. A phrase of
# several words is looked for as the phrase of its pair tokens in the pairs columns of its field
# (migration 0007), the title's and the body's apart, so that it scores as the phrase of its words.
_FTS5_COLUMNS = {
    "exact": "{title_exact body_exact}",
    "folded": "{title_folded body_folded}",
    "pairs_exact": "{title_pairs_exact body_pairs_exact}",
    "pairs_folded": "{title_pairs_folded body_pairs_folded}",
}
WORDS_WEIGHT = 2.0  # a query's run of syllables found as one word of the text
_FTS5_WEIGHTS = ", ".join(
    str(w) for w in (TITLE_WEIGHT, 1.0, TITLE_WEIGHT, 1.0, WORDS_WEIGHT, TITLE_WEIGHT, 1.0, TITLE_WEIGHT, 1.0)
)
_PG_VECTOR = {"exact": "vector_exact", "folded": "vector_folded"}


def _q(word: str) -> str:
    # Words are letters and digits only (plan.words_of); quoting keeps FTS5 from reading
    # AND, OR, NOT or NEAR as operators.
    return '"' + word.replace('"', '""') + '"'


@dataclass(frozen=True)
class _Phrase:
    """One phrase of an FTS5 expression: its columns (a key of _FTS5_COLUMNS, or "words") and words.

    A phrase of "pairs_exact" or "pairs_folded" has pair tokens for words.
    """

    columns: str
    words: tuple[str, ...]

    def match(self) -> str:
        """Return the FTS5 expression of a row holding this phrase."""
        return _fts5_columns(self.columns) + ' : "' + " ".join(self.words) + '"'


# Each part of an FTS5 expression comes with its phrases, in the order FTS5 numbers them.
_Part = tuple[str, list[_Phrase]]


def _fts5_columns(kind: str) -> str:
    return _FTS5_COLUMNS.get(kind, kind)


def _fts5_phrase(phrase: _Phrase) -> _Part:
    """Return the FTS5 expression of the phrase's words one after the other in its columns.

    A phrase of several words of the exact or folded field is the phrase of its pair tokens:
    FTS5 checks a phrase by reading the positions of each of its tokens in every document holding
    them all, and a pair's list is short where a syllable's is most of the library.
    """
    if phrase.columns in ("exact", "folded") and len(phrase.words) > 1:
        phrase = _Phrase(f"pairs_{phrase.columns}", tuple(pair_tokens(phrase.words)))
    return phrase.match(), [phrase]


def _fts5_joined(kind: str, words: tuple[str, ...], operator: str) -> _Part:
    expression = f" {operator} ".join(_q(w) for w in words)
    return f"{_fts5_columns(kind)} : ({expression})", [_Phrase(kind, (w,)) for w in words]


def _fts5_any(kind: str, words: tuple[str, ...]) -> _Part:
    """Return the FTS5 expression of a document holding any of `words` in the columns of `kind`."""
    return _fts5_joined(kind, words, "OR")


def _fts5_all(kind: str, words: tuple[str, ...]) -> _Part:
    """Return the FTS5 expression of a document holding all of `words` in the columns of `kind`."""
    return _fts5_joined(kind, words, "AND")


def fts5_expression(tier: Tier) -> tuple[str, tuple[_Phrase, ...]]:
    """Return a tier's FTS5 MATCH expression and its phrases, in the order FTS5 numbers them."""
    # The phrases come first: FTS5 moves an AND forward by its first operand, and asks the others
    # for their next match from there; a phrase of pairs is the shortest list.
    parts = [_fts5_phrase(_Phrase(tier.field, p)) for p in tier.phrases]
    words = tier.words
    if words:
        if tier.mode in ("phrase", "word_phrase"):
            parts.append(_fts5_phrase(_Phrase(tier.field, words)))
        elif tier.mode == "near":
            pairs = near_pairs(words) or [(words[0], words[0])]
            near = " AND ".join(f"NEAR({_q(a)} {_q(b)}, {NEAR_GAP})" for a, b in pairs)
            parts.append(
                (
                    f"{_fts5_columns(tier.field)} : ({near})",
                    [_Phrase(tier.field, (w,)) for ab in pairs for w in ab],
                )
            )
        elif tier.mode == "any":
            any_word, phrases = _fts5_any(tier.field, words)
            if tier.compounds:  # a text holding them as words scores higher (and holds the syllables)
                compounds, compound_phrases = _fts5_any("words", tier.compounds)
                any_word, phrases = f"{any_word} OR {compounds}", phrases + compound_phrases
            parts.append((any_word, phrases))
        else:
            parts.append(_fts5_all(tier.field, words))
        if tier.mode == "word_phrase":
            parts.append(_fts5_any("words", tier.compounds))
    return " AND ".join(f"({e})" for e, _ in parts), tuple(p for _, phrases in parts for p in phrases)


def fts5_match(tier: Tier) -> str:
    """Return the FTS5 MATCH expression of a tier."""
    return fts5_expression(tier)[0]


def _ts(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


def _ts_any(words: tuple[str, ...]) -> str:
    """Return the tsquery of a document holding any of `words`."""
    return " | ".join(_ts(w) for w in words)


def _ts_phrase(words: tuple[str, ...]) -> str:
    return "(" + " <-> ".join(_ts(w) for w in words) + ")"


def pg_conditions(tier: Tier) -> list[tuple[str, str]]:
    """Return the (tsvector column, tsquery) pairs a document must all match to be in the tier."""
    vector = _PG_VECTOR[tier.field]
    parts = [_ts_phrase(p) for p in tier.phrases]
    words = tier.words
    if words:
        if tier.mode in ("phrase", "word_phrase"):
            parts.append(_ts_phrase(words))
        elif tier.mode == "near":
            for a, b in near_pairs(words) or [(words[0], words[0])]:
                # FTS5's NEAR(a b, N): at most N words between them, in either order.
                ways = [
                    f"{_ts(x)} <{gap}> {_ts(y)}"
                    for gap in range(1, NEAR_GAP + 2)
                    for x, y in ((a, b), (b, a))
                ]
                parts.append("(" + " | ".join(ways) + ")")
        elif tier.mode == "any":
            parts.append("(" + _ts_any(words) + ")")
        else:
            parts.append("(" + " & ".join(_ts(w) for w in words) + ")")
    conditions = [(vector, " & ".join(parts))]
    if tier.mode == "word_phrase":
        conditions.append(("vector_words", _ts_any(tier.compounds)))
    if pairs := tier.pairs():  # the documents the phrase's positions are checked on
        conditions.append(("vector_pairs", " & ".join(_ts(t) for t in pairs)))
    return conditions


def pairs_suffice(tier: Tier) -> bool:
    """Return whether a tier's pair token alone finds exactly its phrase's documents (PostgreSQL).

    So for a phrase of two words and no quoted phrase, when the pair cannot be confused with another
    spelling: a folded tier, or an exact pair with diacritics (an exact pair without any is also the
    folded pair of other spellings: "ba ba" of "bà ba"). PostgreSQL rechecks every row of a phrase
    match on the table, reading its vectors again; without the phrase condition it reads only the
    vector the score needs.
    """
    if tier.mode not in ("phrase", "word_phrase") or tier.phrases or len(tier.words) != 2:
        return False
    return tier.field == "folded" or all(fold_key(t) != t for t in tier.pairs())


def _pg_match(column: str, alias: str = "s") -> str:
    """Return the SQL of `alias`'s tsvector `column` matching a tsquery given as a parameter."""
    return f"{alias}.{column} @@ to_tsquery('simple', %s)"


def _pg_sql(conditions: list[tuple[str, str]]) -> tuple[str, list[str]]:
    sql = " AND ".join(_pg_match(column) for column, _query in conditions)
    return sql, [query for _column, query in conditions]


def _pg_split(tier: Tier) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
    """Return a tier's condition in two parts: what the GIN indexes answer alone, what is checked on each row.

    GIN answers words joined by & and | exactly. A phrase or a distance (<->, <N>) it answers only
    as "holds these words": each such row is then checked on its vector, read from TOAST, the
    costly part of a search. So a tier's candidates are found first through the indexes alone
    (the phrase's pairs, the segmenter's words, every word of a near tier), together with the
    window's id range, and only those are checked. PostgreSQL's own plan checked every row of the
    whole library holding the pairs and applied the window and the words after: it estimates a
    phrase at a few hundred rows where thousands match.
    """
    conditions = pg_conditions(tier)
    if pairs_suffice(tier):
        return _pg_sql(conditions[1:]), ("", [])
    if not tier.phrases and tier.mode not in ("phrase", "word_phrase", "near"):
        return _pg_sql(conditions), ("", [])
    main, found_by = conditions[0], conditions[1:]
    if tier.mode == "near" or not tier.pairs():
        words = dict.fromkeys([*tier.words, *(w for p in tier.phrases for w in p)])
        found_by.append((main[0], " & ".join(_ts(w) for w in words)))
    return _pg_sql(found_by), _pg_sql([main])


def _pg_where(tier: Tier) -> tuple[str, list[str]]:
    """Return a tier's whole condition on the index row `s` (PostgreSQL), with its parameters."""
    (found_by, found_params), (checked, checked_params) = _pg_split(tier)
    if not checked:
        return found_by, found_params
    return f"{found_by} AND {checked}", [*found_params, *checked_params]


# Tier and score travel in one number, so the engine ranks each document once:
# rank = tier * RANK_TIER_STEP - score, with 0 <= score < RANK_TIER_STEP / 2 (ascending is best first).
RANK_TIER_STEP = 1_000_000.0


def rank_split(rank: float) -> tuple[int, float]:
    """Return the tier and the score packed in a `search_rank`."""
    tier = math.ceil(rank / RANK_TIER_STEP - 1e-9)
    return tier, tier * RANK_TIER_STEP - rank


def _packed(tier: int, score_sql: str) -> str:
    return f"({tier} * {RANK_TIER_STEP} - MIN(MAX({score_sql}, 0.0), {RANK_TIER_STEP / 2 - 1}))"


# PostgreSQL keeps no document frequencies, so they are counted at query time through the GIN
# index, each count stopping at DF_CAP documents: a word in more documents than that is common,
# and how much more common it is hardly changes a ranking.
DF_CAP = 10_000
_PG_ANY_NORMALIZATION = 1 | 32  # ts_rank_cd: divide by 1 + log(length), then r / (r + 1)
# Below this many documents (the planner's estimate) they are counted exactly; above, the estimate
# serves. Counting reads every row of the table: 70 to 110 ms at 100,000 documents, for a figure
# that only weighs words against each other (bm25_idf), where the estimate is close enough.
_EXACT_COUNT_BELOW = 10_000
# The "any of its words" tier scores every document holding one of a long query's words: over
# common words that is most of the library (PostgreSQL: one ts_rank_cd per word, 4 to 5 s at
# 100,000; SQLite: bm25(), 100 to 170 ms at 100,000). Its documents holding the query's rarest
# words (no more than this many, counted) are ranked first, the others only if those cannot fill
# the page: a document holding none of the rare words holds only words whose weight (IDF) is small.
ANY_CANDIDATES = 2_000


@contextmanager
def _planner(**settings: str) -> Iterator[None]:
    """Run the enclosed statements with PostgreSQL's planner `settings` (enable_seqscan="off"...).

    In a transaction (a savepoint inside the caller's): SET LOCAL lasts to the end of the outermost
    transaction, a savepoint's release keeps it, so the values found are put back for whatever the
    caller runs next (an error rolls the savepoint back, which undoes the SET as well).
    """
    names = list(settings)
    with transaction.atomic(), connection.cursor() as cursor:
        # One statement reads the values (the CTE, first) and then sets the new ones.
        found = ", ".join(f"current_setting(%s) AS s{i}" for i in range(len(names)))
        new = ", ".join("set_config(%s, %s, true)" for _name in names)
        cursor.execute(
            f"WITH found AS MATERIALIZED (SELECT {found}) SELECT found.*, {new} FROM found",
            [*names, *(v for name in names for v in (name, settings[name]))],
        )
        values = cursor.fetchone()[: len(names)]
        yield
        cursor.execute(
            "SELECT " + ", ".join("set_config(%s, %s, true)" for _name in names),
            [v for pair in zip(names, values, strict=True) for v in pair],
        )


def _through_indexes() -> AbstractContextManager[None]:
    """Return the context the search's statements run in: on PostgreSQL, no sequential or plain index scans.

    A tier's documents come from the full-text (GIN) indexes as a bitmap, with the window's id
    range ANDed in from the primary key's index. Left free, the planner walks the primary key
    from the newest id, or the whole table, and tests each row's vector, a plan it thinks cheap
    because it does not count reading the vectors (stored out of line, in TOAST). At 100,000
    documents: 440 ms for the window's floor of a word in 14 % of them against 83 ms through the
    bitmap, 480 against 114 ms for ranking its window, and 600 ms for a near tier it read the
    whole table for. (The settings are penalties, not bans: a table no index serves is still read.)
    Nor parallel workers: starting one costs a few milliseconds, more than most of these statements
    take, and under load the web server's processes already hold the cores.
    """
    return (
        _planner(enable_seqscan="off", enable_indexscan="off", max_parallel_workers_per_gather="0")
        if connection.vendor == "postgresql"
        else nullcontext()
    )


def bm25_idf(documents: int, frequency: int) -> float:
    """Return the BM25 inverse document frequency of a word found in `frequency` of `documents`."""
    return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))


def _pg_expected(cursor: Any, where: str, params: list[str]) -> float:
    """Return the planner's estimate of the index rows `s` meeting `where` (PostgreSQL).

    The estimate scales the last statistics by the table's current size, so it follows a library
    that has grown since autovacuum last analysed it.
    """
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_searchentry s WHERE {where}", params)
    return float(cursor.fetchone()[0][0]["Plan"]["Plan Rows"])  # psycopg reads json as Python


def _pg_common(cursor: Any, column: str, words: tuple[str, ...]) -> dict[str, float]:
    """Return the share of the documents holding each of `words` found among the column's commonest elements.

    From the planner's statistics (`ANALYZE`, which autovacuum runs): the other words are rarer
    than any of these.
    """
    cursor.execute(
        "SELECT u.word, u.frequency FROM pg_stats s CROSS JOIN LATERAL "
        "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(word, frequency) "
        "WHERE s.schemaname = current_schema() AND s.tablename = 'search_searchentry' "
        "AND s.attname = %s AND u.word = ANY(%s)",
        [column, list(words)],
    )
    return {word: float(share) for word, share in cursor.fetchall()}


def _pg_frequencies(column: str, words: tuple[str, ...]) -> tuple[int, dict[str, int]]:
    """Return the number of documents and how many hold each word.

    A word among the column's most common elements in the planner's statistics (`ANALYZE`, which
    autovacuum runs) takes the frequency found there: counting it would read up to DF_CAP rows. The
    others are counted, each up to DF_CAP, in one statement: they are rarer than any common element.
    The count goes through the index (a bitmap, which needs no vector), never a scan of the table
    that reads each row's vector until enough match: with LIMIT the planner takes that for cheap, and
    it cost up to 1.2 s for one common word at 100,000 documents.
    """
    with connection.cursor() as cursor:
        documents = round(_pg_expected(cursor, "TRUE", []))
        if documents < _EXACT_COUNT_BELOW:
            cursor.execute("SELECT count(*) FROM search_searchentry")
            documents = int(cursor.fetchone()[0])
        held = {word: round(share * documents) for word, share in _pg_common(cursor, column, words).items()}
        rest = [w for w in words if w not in held]
        if rest:
            counts = ", ".join(
                "(SELECT count(*) FROM (SELECT 1 FROM search_searchentry "
                f"WHERE {_pg_match(column, 'search_searchentry')} LIMIT {DF_CAP}) f)"
                for _word in rest
            )
            with _planner(enable_seqscan="off", enable_indexscan="off"):
                cursor.execute(f"SELECT {counts}", [_ts(w) for w in rest])
                held.update(zip(rest, (int(f) for f in cursor.fetchone()), strict=True))
    return documents, {w: held[w] for w in words}


def _pg_any_score(
    column: str, words: tuple[str, ...], frequencies: tuple[int, dict[str, int]]
) -> tuple[str, list[str]]:
    """Return the score of the "any of its words" tier: each word's rank weighed by its rarity.

    `ts_rank_cd` over "a | b | c" counts a common word ("của", "và") as much as a rare one; BM25
    (FTS5's `bm25()` on SQLite) weighs each by its inverse document frequency. This sums one
    `ts_rank_cd` per word, times the word's IDF. Each word's rank is divided by one plus the log
    of the document's length (flag 1) and then saturates as r / (r + 1) (flag 32), so repeating a
    word adds less and less, as BM25's k1 does.
    """
    documents, held = frequencies
    idf = {w: bm25_idf(max(documents, 1), held[w]) for w in words}
    terms = [
        f"{idf[w]:.6f} * ts_rank_cd(s.{column}, to_tsquery('simple', %s), {_PG_ANY_NORMALIZATION})"
        for w in words
    ]
    return "(" + " + ".join(terms) + ")", [_ts(w) for w in words]


def _any_rarest(tier: Tier, held: dict[str, int]) -> tuple[str, ...] | None:
    """Return the "any" tier's rarest words, whose documents rank first; None: rank the tier whole.

    The words are taken rarest first while the documents holding them stay within ANY_CANDIDATES
    (at least one word); None when that takes every word (the tier is small).
    """
    chosen: list[str] = []
    total = 0
    for word in sorted(tier.words, key=lambda w: (held[w], w)):
        if chosen and total + held[word] > ANY_CANDIDATES:
            break
        chosen.append(word)
        total += held[word]
    return None if len(chosen) == len(tier.words) else tuple(chosen)


# FTS5 keeps no document frequencies, and bm25() counts its phrases' rows over the whole index in
# every statement: at 1,000,000 documents up to 100 ms for one common word, most of a search's
# time (docs/benchmarks.md). Where the connection has `doingoai_rank` (fts5rank.c), the search
# gives it the IDFs. Below COUNTS_KEPT_FROM rows it counts them exactly, as bm25() would (under a
# millisecond). Above, a phrase's count is estimated from the newest COUNTS_SAMPLE rows: a common
# word's count costs as long as its list is, a phrase of several words' as long as its pairs'
# lists are, even where it is in no row at all, while an IDF barely moves with a tenth more or
# less. A single word held by fewer than COUNTS_SAMPLED_ENOUGH of those rows is rare: its short
# list is counted. Either is kept until the index has COUNTS_KEPT_CHANGE more or fewer rows than
# when it was taken.
COUNTS_KEPT_FROM = 10_000
COUNTS_SAMPLE = 20_000
COUNTS_SAMPLED_ENOUGH = 100
COUNTS_KEPT_CHANGE = 0.01
COUNTS_KEPT_AT_MOST = 50_000  # phrases kept, in one process; past that, the counts start again
_counted: dict[_Phrase, tuple[int, int]] = {}  # phrase -> (the index's rows when counted, its rows)


def _varint(data: bytes) -> int:
    """Return the SQLite varint at the start of `data` (big-endian groups of 7 bits, 8 in the ninth byte)."""
    value = 0
    for position, byte in enumerate(data[:9]):
        if position == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            break
    return value


def _fts5_rows(cursor: Any) -> int:
    """Return the rows of the FTS5 index from its totals record: the N of bm25()'s IDF."""
    cursor.execute("SELECT block FROM search_fts_data WHERE id = 1")
    row = cursor.fetchone()
    return _varint(bytes(row[0])) if row else 0


def fts5_idf(rows: int, count: int) -> float:
    """Return bm25()'s IDF of a phrase in `count` of the index's `rows` rows (1e-6 at least, as FTS5's)."""
    idf = math.log((rows - count + 0.5) / (count + 0.5))
    return idf if idf > 0 else 1e-6


def _fts5_count_each(cursor: Any, phrases: list[_Phrase], newest: int | None = None) -> list[int]:
    """Return how many rows of the index hold each phrase, in one statement; from id `newest` up, if given."""
    within = f" AND rowid >= {int(newest)}" if newest is not None else ""
    each = f"(SELECT count(*) FROM search_fts WHERE search_fts MATCH %s{within})"
    cursor.execute("SELECT " + ", ".join([each] * len(phrases)), [p.match() for p in phrases])
    return [int(count) for count in cursor.fetchone()]


def _fts5_counts(cursor: Any, phrases: list[_Phrase], rows: int) -> dict[_Phrase, int]:
    """Return how many rows of the index hold each phrase: exact in a small index, else kept or sampled.

    See COUNTS_KEPT_FROM.
    """
    if rows < COUNTS_KEPT_FROM:
        return dict(zip(phrases, _fts5_count_each(cursor, phrases), strict=True))
    counts: dict[_Phrase, int] = {}
    missing: list[_Phrase] = []
    for phrase in dict.fromkeys(phrases):
        kept = _counted.get(phrase)
        if kept is not None and abs(rows - kept[0]) <= COUNTS_KEPT_CHANGE * kept[0]:
            counts[phrase] = kept[1]
        else:
            missing.append(phrase)
    if missing:
        newest_first = "SELECT document_id FROM search_searchentry ORDER BY document_id DESC"
        cursor.execute(f"{newest_first} LIMIT 1 OFFSET {COUNTS_SAMPLE - 1}")
        newest = cursor.fetchone()
        if newest is None:  # fewer rows than the sample: the sample would be the whole index
            sampled, rare = [0] * len(missing), missing
        else:
            sampled = _fts5_count_each(cursor, missing, int(newest[0]))
            rare = [
                p
                for p, n in zip(missing, sampled, strict=True)
                if n < COUNTS_SAMPLED_ENOUGH and len(p.words) == 1
            ]
        counted = dict(zip(rare, _fts5_count_each(cursor, rare), strict=True)) if rare else {}
        if len(_counted) + len(missing) > COUNTS_KEPT_AT_MOST:
            _counted.clear()
        for phrase, in_sample in zip(missing, sampled, strict=True):
            count = counted[phrase] if phrase in counted else round(in_sample * rows / COUNTS_SAMPLE)
            counts[phrase] = count
            _counted[phrase] = (rows, count)
    return counts


def _fts5_frequencies(tier: Tier) -> dict[str, int]:
    """Return how many documents hold each of the tier's words in its field (`_fts5_counts`: kept or sampled).

    FTS5 keeps no document frequencies (`bm25()` counts them for the words of its own query).
    """
    phrases = _fts5_any(tier.field, tier.words)[1]
    with connection.cursor() as cursor:
        counts = _fts5_counts(cursor, phrases, _fts5_rows(cursor))
    return {p.words[0]: counts[p] for p in phrases}


def _fts5_score(phrases: tuple[_Phrase, ...], silent: int = 0) -> tuple[str, list[float]]:
    """Return the SQL of a row's BM25 score in a statement matching `phrases`, and its parameters.

    `silent`: how many of the last phrases are under a NOT, held by no row ranked. `doingoai_rank`
    with the IDFs bm25() would count, where the connection has it; else `bm25()` itself. Where one
    phrase alone scores (a phrase tier), its IDF multiplies every row's score alike, so it is not
    counted: the order is the same with any.
    """
    if not getattr(connection, "doingoai_rank", False):
        return f"-bm25(search_fts, {_FTS5_WEIGHTS})", []
    scoring = list(dict.fromkeys(phrases[: len(phrases) - silent]))
    if len(scoring) > 1:
        with connection.cursor() as cursor:
            rows = max(_fts5_rows(cursor), 1)
            idf = {p: fts5_idf(rows, n) for p, n in _fts5_counts(cursor, scoring, rows).items()}
    else:
        idf = dict.fromkeys(scoring, 1.0)
    idfs = [idf.get(p, 0.0) for p in phrases]
    marks = ", ".join(["%s"] * len(idfs))
    return f"-doingoai_rank(search_fts, {_FTS5_WEIGHTS}, {marks})", idfs


def _pg_rank(tier: Tier, index: int, frequencies: tuple[int, dict[str, int]] | None) -> tuple[str, list[str]]:
    """Return a tier's packed rank on the index row `s`, with its parameters (PostgreSQL)."""
    column, query = pg_conditions(tier)[0]
    if tier.mode == "any" and not tier.phrases:
        frequencies = frequencies or _pg_frequencies(column, tier.words)
        score, score_params = _pg_any_score(column, tier.words, frequencies)
    else:
        # ts_rank, not ts_rank_cd: the tier's rows all hold its phrase (or words), and both weigh the
        # title (A) above the body (B) and divide by the length; ts_rank_cd costs about six times
        # more per row (22 against 4 ms over 2,000 rows for a six-word phrase), and the ranking of
        # the evaluation moved by 0.001 of nDCG@10 (docs/benchmarks.md).
        score, score_params = f"ts_rank(s.{column}, to_tsquery('simple', %s), 1)", [query]
    if tier.mode == "any" and tier.compounds:
        # ts_rank_cd's cost grows with the words of its query, on every row, holding them or not
        # (about 19 µs a row for the 12 runs of a six-word query): only the rows that hold one
        # pay it, the match itself costing about as much as a one-word rank.
        compounds = _ts_any(tier.compounds)
        score += (
            f" + CASE WHEN {_pg_match('vector_words')} "
            f"THEN {WORDS_WEIGHT} * ts_rank_cd(s.vector_words, to_tsquery('simple', %s), 1) ELSE 0 END"
        )
        score_params += [compounds, compounds]
    return _packed(index, score).replace("MIN(MAX(", "LEAST(GREATEST("), score_params


def _scope_sql(scope: QuerySet[Any], tie: str) -> tuple[str, tuple[Any, ...]] | None:
    """Return the SQL of the scope's rows as (search_id, search_tie): what the caller may find."""
    rows = scope.order_by().annotate(search_id=F("pk"), search_tie=F(tie)).values("search_id", "search_tie")
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that nothing can match (a name no document holds): no rows
        return None
    return sql, tuple(params)


# A query whose words all stand in more documents than this ranks the RANK_WINDOW most recently
# stored of them first (the highest ids: the index finds them without scoring anything); the older ones are
# ranked only when those cannot fill the page. BM25 scores every row it is asked to order, so
# without the window a query of common words scored every match of the library (78,000 rows,
# 100 ms and more, at 100,000 documents); with it, the cost of a page stops growing with the
# library. 2,000 rather than the 10,000 it was: PostgreSQL reads each ranked row's vector from
# TOAST, so ranking the window was most of a page's time there, and SQLite's p50 at 1,000,000
# documents falls by a quarter (docs/benchmarks.md). Within the window a tier is still ranked by
# its score, and its older matches still come before the next tier's.
RANK_WINDOW = 2_000
# FTS5 (and PostgreSQL's recheck) decide NEAR by reading the positions of every document holding
# all the query's words: past the window, a near tier that finds few documents read them all
# (0.5 s at 1,000,000 documents for "Mai viện trợ"). Beyond the window the all-words tier ranks
# those documents among the others that hold every word.
NEAR_WINDOW_ONLY = True


# PostgreSQL sizes the first range of ids it probes for a floor on the planner's estimate of the
# matches, with this much to spare; each next range is sized on the matches found so far, and is
# at least half again the last.
_PROBE_SPARE = 1.25
_PROBE_GROWTH = 1.5
_PROBE_GROWTH_EMPTY = 8  # a range with no match at all grows this many times

# PostgreSQL: documents per bucket of ids (`vector_bucket`, migration search.0006). ANDed with a
# condition in the one GIN index, the buckets of a range of ids make GIN walk their short lists
# and skip through the condition's own, however common its words: the newest matches cost what
# the range holds, not what the library holds.
ID_BUCKET = 4096
# A range is asked through its buckets while it spans at most this many of them (131,072 ids):
# past that, walking the buckets' lists costs more than the condition's.
BUCKETS_AT_MOST = 32
# A window's probe steps down one buckets' reach at a time while the rest is expected within this
# many such steps; past that, the rest of the range is asked at once (`_pg_newest`).
BUCKET_STEPS = 3


def _buckets_reach() -> int:
    """Return the most ids a range may span to be asked through its buckets, wherever it starts."""
    return max(BUCKETS_AT_MOST - 1, 0) * ID_BUCKET + 1


def _pg_buckets(low: int, top: int) -> str | None:
    """Return the tsquery of the buckets holding the ids `low` to `top`, or None when too many would."""
    first, last = max(low, 0) // ID_BUCKET, top // ID_BUCKET
    if last - first + 1 > BUCKETS_AT_MOST:
        return None
    return " | ".join(_ts(str(bucket)) for bucket in range(first, last + 1))


def _pg_in_range(low: int, top: int, high: int | None = None) -> tuple[str, list[Any]]:
    """Return the SQL (on `s`) of an id of at least `low`, through the buckets when they serve.

    With its parameters; `top` is the index's highest id. With `high`, the ids stop there too.
    """
    buckets = _pg_buckets(low, top if high is None else high)
    ids, params = "s.document_id >= %s", [low]
    if high is not None:
        ids, params = f"{ids} AND s.document_id <= %s", [low, high]
    if buckets is None:
        return ids, params
    return f"{_pg_match('vector_bucket')} AND {ids}", [buckets, *params]


def _pg_id_range(cursor: Any) -> tuple[Any, Any]:
    """Return the lowest and the highest id of the index (None, None when it is empty)."""
    with _planner(enable_indexscan="on"):  # the ends of the primary key's index, not a bitmap of it
        cursor.execute("SELECT min(document_id), max(document_id) FROM search_searchentry")
        lowest, top = cursor.fetchone()
    return lowest, top


def _pg_newest(
    where: str, params: list[str], size: int, id_range: tuple[Any, Any] | None = None
) -> list[int] | None:
    """Return the ids of the `size` newest rows meeting `where` (None when fewer), probing ranges of ids.

    `id_range`: the index's lowest and highest ids when the caller has read them (`_pg_id_range`).

    GIN returns a condition's rows in no order. The `size` newest are found by ANDing the condition
    with a range of ids, from the highest down, the range sized on how densely the condition
    matches; a range of at most BUCKETS_AT_MOST buckets is asked through them (`_pg_in_range`), so
    GIN itself skips the condition's older rows instead of building its whole list. Where the
    planner expects fewer than twice `size` matches, they are all read and sorted in a library no
    larger than the buckets' reach; in a larger one the newest buckets are probed first, and the
    range grows from what they held.
    Reading every match, or every row from the newest with its vector read from TOAST, is what
    PostgreSQL would do alone: 440 ms for a floor at 100,000 documents that the probes found in
    25 and 45 ms before the buckets, and in 2 to 5 ms through them. It runs within
    `_through_indexes` (`ranked_ids`): past a few thousand rows the planner would otherwise rather
    read the whole table, every vector with it.
    """
    newest = f"SELECT s.document_id FROM search_searchentry s WHERE {where}"
    order = f"ORDER BY s.document_id DESC LIMIT {int(size)}"
    with connection.cursor() as cursor:
        expected = _pg_expected(cursor, where, params)
        lowest, top = id_range or _pg_id_range(cursor)
        if top is None:  # no document at all (the statistics are older than the table's emptying)
            return None
        whole = top - lowest + 1
        if expected < 2 * size and whole <= _buckets_reach():
            cursor.execute(f"{newest} {order}", params)
            ids = [int(i) for (i,) in cursor.fetchall()]
            return ids if len(ids) >= size else None
        # Where few matches are expected, one probe of the newest buckets comes first: the planner
        # multiplies the shares of an AND's words as if independent (an AND of five syllable pairs
        # estimated at 1 row where 46,121 match), and through the buckets the probe costs little
        # either way.
        # Each probe asks only for the ids below the ranges already probed, so the matches found
        # are kept and none is read twice. A part the buckets serve is asked through them, one
        # buckets' reach at a time while a few such steps are expected to finish the search (4 ms
        # each at 1,000,000 documents, where asking the id range alone built every word's whole
        # list: 16 to 20 ms).
        few = expected < 2 * size
        span = _buckets_reach() if few else max(size, int(size * _PROBE_SPARE * whole / expected))
        found: list[int] = []
        covered = top + 1  # the ids from here up are probed
        while True:
            low = max(top - span + 1, lowest)
            if (
                covered - low > _buckets_reach()
                and covered - _buckets_reach() - low <= BUCKET_STEPS * _buckets_reach()
            ):
                low = covered - _buckets_reach()
            part, part_params = _pg_in_range(low, top, covered - 1)
            rest = f"ORDER BY s.document_id DESC LIMIT {int(size - len(found))}"
            cursor.execute(f"{newest} AND {part} {rest}", [*params, *part_params])
            found += [int(i) for (i,) in cursor.fetchall()]
            if len(found) >= size:
                return found
            if low <= lowest:
                return None
            covered, probed = low, top - low + 1
            spare = size * _PROBE_SPARE / len(found) if found else 0.0
            grown = math.ceil(probed * (_PROBE_GROWTH_EMPTY if not found else max(_PROBE_GROWTH, spare)))
            span = max(span, grown)


@dataclass(frozen=True)
class _Window:
    """The query's window: the lowest id of its RANK_WINDOW newest matches; on PostgreSQL the highest id too.

    `top`: the index's highest id when the window was found (PostgreSQL), so the tiers can ask for
    their matches from the floor up through the id buckets.
    """

    floor: int
    top: int | None = None
    ids: tuple[int, ...] = ()  # PostgreSQL: the window's documents themselves, newest first

    def in_range(self) -> tuple[str, list[Any]] | None:
        """Return the SQL of a row of the window's range (`_pg_in_range`) on PostgreSQL, or None."""
        return _pg_in_range(self.floor, self.top) if self.top is not None else None


def _newest_window(condition: tuple[str, list[str]], size: int) -> _Window | None:
    """Return the window of the `size` newest index rows meeting `condition`, or None when fewer do.

    `condition`: the engine's SQL on its index (`s` on PostgreSQL, `search_fts` on SQLite) and its
    parameters. FTS5 walks its ids from the newest and scores nothing; PostgreSQL probes id ranges
    from the newest (`_pg_newest`), with the index's id range read once for the probes and for the
    window's buckets.
    """
    where, params = condition
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            lowest, top = _pg_id_range(cursor)
        ids = _pg_newest(where, params, size, (lowest, top))
        return _Window(min(ids), top, tuple(ids)) if ids is not None else None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM search_fts WHERE {where} ORDER BY rowid DESC LIMIT 1 OFFSET {int(size) - 1}",
            params,
        )
        row = cursor.fetchone()
    return _Window(int(row[0])) if row else None


def _window(tier: Tier) -> _Window | None:
    """Return the window of the tier's RANK_WINDOW newest matches, or None when it has fewer.

    On PostgreSQL, of its candidates (`_pg_split`): the documents the indexes find without reading
    a vector, a phrase's pairs rather than the phrase. The window bounds the rows a search reads,
    and checking the phrase on every candidate of the library to place it cost 400 to 500 ms at
    1,000,000 documents. The tiers then ask for their matches from the floor up through the
    buckets of that range of ids (`_Window.in_range`), which GIN answers without reading older rows.
    """
    if connection.vendor == "postgresql":
        return _newest_window(_pg_split(tier)[0], RANK_WINDOW)
    return _newest_window(("search_fts MATCH %s", [fts5_match(tier)]), RANK_WINDOW)


def _plan_window(plan: Plan, tier: Tier) -> _Window | None:
    """Return the window of `tier` (`_window`), found once per plan: the ranking and the count share it."""
    key = ("window", tier)
    if key not in plan.found:
        plan.found[key] = _window(tier)
    window = plan.found[key]
    assert window is None or isinstance(window, _Window)
    return window


# PostgreSQL: by field, the table holding each document's ranked vector and its segmenter words in
# its row (migration search.0009), under the index's own column names (`document_id`,
# `vector_exact` or `vector_folded`, `vector_words`). The index's rows keep them in TOAST, where
# each costs a lookup of its own.
RANKED = {"exact": "search_ranked_exact", "folded": "search_ranked_folded"}


def _pg_ranked_ids(where: str) -> str:
    """Return the SQL (on `s`, a row of a RANKED table) of a document among the index rows meeting `where`.

    The candidates are found on the index (`search_searchentry`, through its GIN index) and their
    ids gathered first, so the ranked table is read by those ids in the order of its pages (a
    bitmap of its primary key) rather than looked up once per candidate: 2,000 vectors in 5 ms
    against 15 ms from TOAST at 100,000 documents.
    """
    return f"s.document_id = ANY(ARRAY(SELECT s.document_id FROM search_searchentry s WHERE {where}))"


def _pg_window_rows(
    tiers: list[tuple[int, Tier]],
    window: _Window,
    scope: tuple[str, tuple[Any, ...]],
    limit: int,
    found: list[int],
    held: list[int] | None = None,
    widest: bool = False,
) -> dict[int, list[tuple[int, float]]]:
    """Return the best `limit` documents of the window's range, each in the first of `tiers` it matches.

    PostgreSQL. By the index of its tier in the plan, best first, leaving out the ids `found`.
    `tiers`: the "near" and "all" tiers of one field, with their indexes. Their candidates are the
    same (the documents holding every word, found through the GIN index from the window's floor up,
    `_Window.in_range`), so one statement finds them once, reads each one's vector once (copied in
    memory, `|| ''`, when the near tier reads it too), places it and ranks it. Asked one by one, the
    two tiers found the same candidates twice and read their vectors twice: 30 to 50 ms each at
    1,000,000 documents for a surname and two common words.

    The near tier's distances are checked on the vector; so is an "all" tier's quoted phrase. The
    score is the one each tier's own statement gives (`_pg_rank`). `held`: documents an earlier
    "all" tier holds, left out of this "all" tier (`_pg_window_field`).

    `widest`: the "all" tier is the window's own, so its matches in the range are the window's
    documents (`_Window.ids`), looked up by id. So are another field's candidates when the range
    spans more ids than its buckets serve: GIN would otherwise build the whole list of each common
    word before the range cut it down (16 ms and more at 1,000,000 documents), where reading the
    window's vectors and checking the words on them costs less.
    """
    scope_sql, scope_params = scope
    broadest = next(tier for _index, tier in tiers if tier.mode == "all")
    (found_by, found_params), (checked, _checked_params) = _pg_split(broadest)
    column = _PG_VECTOR[broadest.field]
    cases: list[str] = []
    case_params: list[Any] = []
    ranks: list[str] = []
    rank_params: list[str] = []
    # Past the buckets' reach, by id: the window's vectors come from the ranked table in one bitmap
    # of its primary key (about 15 ms for 2,000 at 1,000,000 documents, whatever the words), where
    # GIN ANDs the words with the range of ids, a bitmap of every id in it (28 ms for "Mai ít nhất",
    # the range spanning 260,000 ids), and grows with the library.
    by_ids = widest or _pg_buckets(window.floor, window.top or window.floor) is None
    for index, tier in tiers:
        conditions = [(c, query) for c, query in pg_conditions(tier) if c != "vector_pairs"]
        if tier.mode == "all" and (widest or not (checked or by_ids)):
            conditions = []  # the candidates are this tier's matches
        parts = [_pg_match(c) for c, _query in conditions]
        case_params += [query for _c, query in conditions]
        if tier.mode == "all" and held:
            parts.append("s.document_id <> ALL(%s)")
            case_params.append(held)
        cases.append(f"WHEN {' AND '.join(parts) or 'TRUE'} THEN {int(index)}")
        rank, params = _pg_rank(tier, index, None)
        ranks.append(f"WHEN {int(index)} THEN {rank}")
        rank_params += params
    # Read twice (the near tier's distances, then the score), the vector is copied once instead.
    twice = any(tier.mode == "near" for _index, tier in tiers) or "@@" in cases[-1]
    selected = f"s.{column} || ''::tsvector AS {column}" if twice else f"s.{column}"
    others = f" AND s.document_id NOT IN ({', '.join(str(int(i)) for i in found)})" if found else ""
    candidate_ids = list(window.ids)
    if not by_ids:
        # Found first, so the statement below is planned on their number: left to a subquery, the
        # planner expects ten rows of an array it cannot see, and checks the reader's rows against
        # the window's ids once per candidate (3 s for a common word at 100,000 documents).
        in_range, range_params = window.in_range() or (f"s.document_id >= {int(window.floor)}", [])
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.document_id FROM search_searchentry s WHERE {found_by} AND {in_range}{others}",
                [*found_params, *range_params],
            )
            candidate_ids = [int(i) for (i,) in cursor.fetchall()]
        if not candidate_ids:
            return {}
    by_id = f"s.document_id = ANY(%s){others}"
    candidates = f"SELECT s.document_id, {selected} FROM {RANKED[broadest.field]} s WHERE {by_id} OFFSET 0"
    placed = f"SELECT s.*, CASE {' '.join(cases)} END AS tier FROM ({candidates}) s OFFSET 0"
    # Ranked before the reader's scope is joined, so the join carries an id and a rank, not a
    # vector; and the scope's rows are asked for by the window's ids at once (every candidate is
    # among them: they are the newest matches of the broadest tier), one bitmap of its primary key
    # rather than one lookup per candidate (27 of a statement's 62 ms for 1,980 candidates).
    ranked = (
        f"SELECT s.document_id, CASE s.tier {' '.join(ranks)} END AS rank FROM ({placed}) s "
        "WHERE s.tier IS NOT NULL OFFSET 0"
    )
    sql = (
        f"SELECT s.document_id, s.rank FROM ({ranked}) s "
        f"JOIN ({scope_sql}) b ON b.search_id = s.document_id AND b.search_id = ANY(%s) "
        f"ORDER BY s.rank, b.search_tie DESC, b.search_id DESC LIMIT {int(limit)}"
    )
    by_tier: dict[int, list[tuple[int, float]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*rank_params, *case_params, candidate_ids, *scope_params, list(window.ids)])
        for pk, rank in cursor.fetchall():
            by_tier.setdefault(rank_split(float(rank))[0], []).append((int(pk), float(rank)))
    return by_tier


def _pg_window_field(
    plan: Plan,
    field: str,
    window: _Window,
    scope: tuple[str, tuple[Any, ...]],
    stop: int,
    found: list[tuple[int, float]],
    placed: dict[int, list[tuple[int, float]]],
) -> dict[int, list[tuple[int, float]]]:
    """Return the window's rows of the plan's "near" and "all" tiers on one field (`_pg_window_rows`).

    The exact field's are placed first, reading only the exact vectors: often its near tier fills
    the page and the folded vectors are never read. A document the exact "all" tier holds
    (`placed`) may still be near on the folded field, which comes before it, but is never of the
    folded "all" tier, which comes after it: it is left out of that one. Should the exact rows have
    stopped at the page's size, the documents of that tier not returned are not left out, but the
    page is then full before the folded "all" tier is reached.
    """
    tiers = [(i, t) for i, t in enumerate(plan.tiers) if t.mode in ("near", "all") and t.field == field]
    exact_all = [i for i, t in enumerate(plan.tiers) if t.mode == "all" and t.field == "exact"]
    held = [pk for i in exact_all for pk, _rank in placed.get(i, [])] if field == "folded" else []
    widest = tiers[-1][1] == [t for t in plan.tiers if t.mode != "any"][-1]  # the window's own tier
    return _pg_window_rows(tiers, window, scope, stop - len(found), [pk for pk, _rank in found], held, widest)


def _tier_rows(
    tier: Tier,
    index: int,
    scope: tuple[str, tuple[Any, ...]],
    limit: int,
    found: list[int],
    window: _Window | None,
) -> list[tuple[int, float]]:
    """Return the best `limit` (id, rank) of one tier within the scope, leaving out ids `found`.

    With a `window` (the query's, see RANK_WINDOW), the tier's matches from its floor up are
    ranked first, and its older matches, ranked among themselves, follow only if the page needs
    them (a narrow tier, or a reader who may see few of the newest). The order is the same
    whatever the page's size, so the pages of a search neither repeat nor skip a document.

    The "near" tier is the window's only (`NEAR_WINDOW_ONLY`): its older matches are left to the
    all-words tier that follows, which holds them too.
    """
    if tier.mode == "any" and not tier.phrases:
        return _any_rows(tier, index, scope, limit, found)
    if window is None:
        return _tier_rows_from(tier, index, scope, limit, found, "")
    newest = f">= {int(window.floor)}"
    rows = _tier_rows_from(tier, index, scope, limit, found, newest, in_range=window.in_range())
    if len(rows) < limit and not (tier.mode == "near" and NEAR_WINDOW_ONLY):
        rows += _tier_rows_from(tier, index, scope, limit - len(rows), found, f"< {int(window.floor)}")
    return rows


def _holding_any(tier: Tier, words: tuple[str, ...]) -> str:
    """Return the engine's expression of a document holding any of `words` in the tier's field.

    PostgreSQL: a tsquery (on the tier's vector); SQLite: an FTS5 expression.
    """
    if connection.vendor == "postgresql":
        return _ts_any(words)
    return _fts5_any(tier.field, words)[0]


def _any_window(tier: Tier, words: tuple[str, ...]) -> _Window | None:
    """Return the window of the ANY_CANDIDATES newest documents holding one of `words` in the tier's field.

    None when fewer hold them.
    """
    if connection.vendor == "postgresql":
        where = _pg_match(_PG_VECTOR[tier.field])
    else:
        where = "search_fts MATCH %s"
    return _newest_window((where, [_holding_any(tier, words)]), ANY_CANDIDATES)


def _any_rows(
    tier: Tier, index: int, scope: tuple[str, tuple[Any, ...]], limit: int, found: list[int]
) -> list[tuple[int, float]]:
    """Return the best `limit` rows of an "any" tier: the documents holding its rarest words first.

    The others, which hold only words common enough to weigh little, are ranked only if those
    cannot fill the page. Each of the two parts ranks no more than ANY_CANDIDATES documents before
    it knows whether it needs more: where more hold its words (every word of the query is common,
    or the rare ones are in too few documents to fill the page), the newest ANY_CANDIDATES of them
    rank first and the older ones follow only if the page is still not full, as the other tiers'
    window does (RANK_WINDOW).
    """
    frequencies: tuple[int, dict[str, int]] | None = None
    if connection.vendor == "postgresql":
        frequencies = _pg_frequencies(_PG_VECTOR[tier.field], tier.words)
        held = frequencies[1]
    else:
        held = _fts5_frequencies(tier)
    rarest = _any_rarest(tier, held)
    parts: list[tuple[tuple[tuple[str, ...], bool] | None, tuple[str, ...]]]
    if rarest is None:
        parts = [(None, tier.words)]
    else:
        parts = [((rarest, True), rarest), ((rarest, False), tier.words)]
    rows: list[tuple[int, float]] = []
    for holding, window_words in parts:
        many = sum(held[w] for w in window_words) > ANY_CANDIDATES
        window = _any_window(tier, window_words) if many else None
        ranges = (
            [(f">= {window.floor}", window.in_range()), (f"< {window.floor}", None)]
            if window
            else [("", None)]
        )
        for ids, in_range in ranges:
            rows += _tier_rows_from(
                tier, index, scope, limit - len(rows), found, ids, holding, frequencies, in_range=in_range
            )
            if len(rows) >= limit:
                return rows
    return rows


def _pg_found_and_checked(
    tier: Tier, holding: tuple[tuple[str, ...], bool] | None
) -> tuple[str, list[Any], str, list[str]]:
    """Return how a tier's candidates are found on `s` and what is checked on each, with their parameters.

    `holding` as `_tier_rows_from` takes it.
    """
    (found_by, found_strings), (checked, checked_params) = _pg_split(tier)
    found_params: list[Any] = list(found_strings)
    if holding:
        words, held = holding
        vector = _PG_VECTOR[tier.field]
        if held:  # a rare word is one of the tier's: holding it is enough (GIN reads its list alone)
            found_by, found_params = _pg_match(vector), []
        else:  # the rows holding a rare word are few, and GIN finds them without reading a vector
            rare_ids = f"SELECT r.document_id FROM search_searchentry r WHERE {_pg_match(vector, 'r')}"
            found_by += f" AND s.document_id NOT IN ({rare_ids})"
        found_params.append(_holding_any(tier, words))
    return found_by, found_params, checked, checked_params


def _tier_rows_from(
    tier: Tier,
    index: int,
    scope: tuple[str, tuple[Any, ...]],
    limit: int,
    found: list[int],
    ids: str,
    holding: tuple[tuple[str, ...], bool] | None = None,
    frequencies: tuple[int, dict[str, int]] | None = None,
    in_range: tuple[str, list[Any]] | None = None,
) -> list[tuple[int, float]]:
    """Return the best `limit` rows of one tier whose ids satisfy `ids` (">= 123", "< 123", "": any).

    `holding`: words of the tier, and whether the rows must hold one of them (True) or none
    (False). PostgreSQL only: the words' `frequencies` when the caller has counted them, and
    `in_range`, the SQL of the ids `ids` asks for through their buckets (`_pg_in_range`), ANDed
    into the candidates' search.
    """
    scope_sql, scope_params = scope
    others = f" AND {{id}} NOT IN ({', '.join(str(int(i)) for i in found)})" if found else ""
    if ids:
        others += f" AND {{id}} {ids}"
    order = f"ORDER BY rank, b.search_tie DESC, b.search_id DESC LIMIT {int(limit)}"
    fallback: tuple[str, list[Any]] | None = None
    if connection.vendor == "postgresql":
        rank, rank_params = _pg_rank(tier, index, frequencies)
        found_by, found_params, checked, checked_params = _pg_found_and_checked(tier, holding)
        vector = _PG_VECTOR[tier.field]
        # The candidates come from the indexes alone; only they are checked and ranked. OFFSET 0
        # keeps the check out of their scan (the planner would fold it into the bitmap, see
        # _pg_split), and the rows found are checked and ranked as they are, not looked up again
        # by id (10 ms for 2,000 candidates at 100,000 documents).
        selected = f"s.{vector}"
        if tier.mode == "any" and not tier.phrases:
            # The score reads the vector once per word, and each read fetches it from TOAST again:
            # a copy made once per row (`|| ''`, the empty vector) is read in memory (48 against
            # 32 ms for 2,000 candidates of a six-word query at 100,000 documents).
            selected = f"s.{vector} || ''::tsvector AS {vector}"
        if in_range is not None:
            found_by = f"{found_by} AND {in_range[0]}"
            found_params = [*found_params, *in_range[1]]
        candidates = (
            f"SELECT s.document_id, {selected}, s.vector_words FROM {RANKED[tier.field]} s "
            f"WHERE {_pg_ranked_ids(found_by + others.format(id='s.document_id'))} OFFSET 0"
        )
        sql = (
            f"SELECT s.document_id, {rank} AS rank FROM ({candidates}) s "
            f"JOIN ({scope_sql}) b ON b.search_id = s.document_id"
            f"{f' WHERE {checked}' if checked else ''} {order}"
        )
        params: list[Any] = [*rank_params, *found_params, *scope_params, *checked_params]
    else:
        match, phrases = fts5_expression(tier)
        silent = 0
        if holding:
            words, held = holding
            rare, rare_list = _fts5_any(tier.field, words)
            rare_phrases = tuple(rare_list)
            # First, so FTS5 walks the rare words' few documents; their phrases count twice in bm25().
            if held:
                match, phrases = f"({rare}) AND ({match})", rare_phrases + phrases
            else:
                match, phrases, silent = f"({match}) NOT ({rare})", phrases + rare_phrases, len(rare_phrases)
        score, score_params = _fts5_score(phrases, silent)
        # CROSS JOIN keeps the full-text match outside: SQLite would otherwise run it once per
        # readable document, looking each up by rowid.
        sql = (
            f"SELECT search_fts.rowid, {_packed(index, score)} AS rank "
            f"FROM search_fts CROSS JOIN ({scope_sql}) b ON b.search_id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{others.format(id='search_fts.rowid')} {order}"
        )
        params = [*score_params, *scope_params, match]
        if score_params:
            # Should FTS5 ever number the phrases otherwise than `fts5_expression` lists them, the
            # function refuses its arguments: bm25() ranks that statement instead, the same way.
            bm25 = f"-bm25(search_fts, {_FTS5_WEIGHTS})"
            fallback = (sql.replace(score, bm25, 1), params[len(score_params) :])
    with connection.cursor() as cursor:
        try:
            cursor.execute(sql, params)
        except DatabaseError as error:
            if fallback is None or "doingoai_rank" not in str(error):
                raise
            logger.warning("search: %s; bm25() ranks %r instead", error, match)
            cursor.execute(*fallback)
        return [(int(pk), float(rank)) for pk, rank in cursor.fetchall()]


def ranked_ids(scope: QuerySet[Any], query: str | Plan, stop: int, tie: str) -> list[tuple[int, float]]:
    """Return the first `stop` documents of `scope` matching the query, best first, with their rank.

    The tiers run best first, each asked only for the rows the page still lacks, and the search
    stops once `stop` rows are found: a query whose phrase fills the page never ranks the
    documents that merely hold its words. A query whose words all stand in more than RANK_WINDOW
    documents ranks its newest RANK_WINDOW first, then the older ones (`_tier_rows`). Within a
    tier the score decides, then `tie` (a field of the scope's model, latest first), then the id.
    The rank packs the tier and the score (`rank_split`). The scope (what the reader may see, and
    the filters) is part of every query, so a page is filled with documents its reader may read.
    """
    plan = query if isinstance(query, Plan) else plan_make(query)
    found: list[tuple[int, float]] = []
    if plan.is_empty() or stop <= 0:
        return found
    scope_sql = _scope_sql(scope, tie)
    if scope_sql is None:
        return found
    # The window bounds the tiers that hold all the query's words (phrase, near, all): each one's
    # matches are among the broadest of them. "Any of its words" is never windowed: there BM25's
    # weighing of rare words against common ones is what finds the other reports of an event.
    holding = [t for t in plan.tiers if t.mode != "any"]
    with _through_indexes():
        window = _plan_window(plan, holding[-1]) if holding else None
        # PostgreSQL: the window's documents holding the words are placed in the "near" and "all"
        # tiers of a field and ranked at once (`_pg_window_rows`), when the first of those tiers is
        # reached, the exact field's before the folded one's; each tier then takes its own, and its
        # older matches follow them as `_tier_rows` does.
        in_window: dict[int, list[tuple[int, float]]] = {}
        fields_placed: set[str] = set()
        for index, tier in enumerate(plan.tiers):
            if window is not None and window.ids and tier.mode in ("near", "all"):
                if tier.field not in fields_placed:
                    fields_placed.add(tier.field)
                    in_window.update(
                        _pg_window_field(plan, tier.field, window, scope_sql, stop, found, in_window)
                    )
                taken = {pk for pk, _rank in found}
                found += [row for row in in_window.get(index, []) if row[0] not in taken][: stop - len(found)]
                if len(found) < stop and not (tier.mode == "near" and NEAR_WINDOW_ONLY):
                    older = f"< {int(window.floor)}"
                    found += _tier_rows_from(
                        tier, index, scope_sql, stop - len(found), [pk for pk, _rank in found], older
                    )
            else:
                found += _tier_rows(
                    tier,
                    index,
                    scope_sql,
                    stop - len(found),
                    [pk for pk, _rank in found],
                    window if tier.mode != "any" else None,
                )
            if len(found) >= stop:
                break
    return found


def _pg_any_commonest(cursor: Any, tier: Tier, cap: int) -> str | None:
    """Return the commonest word of a several-word "any" tier, if likely held by over 2 × `cap` documents."""
    if tier.mode != "any" or tier.phrases or len(tier.words) < 2:
        return None
    shares = _pg_common(cursor, _PG_VECTOR[tier.field], tier.words)
    if not shares:
        return None
    word = max(shares, key=lambda w: (shares[w], w))
    return word if shares[word] * _pg_expected(cursor, "TRUE", []) > 2 * cap else None


def matches_count(scope: QuerySet[Any], query: str | Plan, cap: int) -> int:
    """Return how many documents of `scope` match the query, counting no further than `cap` + 1.

    A plain match of the broadest tier (every other tier's documents are among its own), with no
    ranking: a result above `cap` means "more than `cap`".
    """
    plan = query if isinstance(query, Plan) else plan_make(query)
    if plan.is_empty():
        return 0
    scoped = _scope_sql(scope, "pk")
    if scoped is None:
        return 0
    scope_sql, scope_params = scoped
    broadest = plan.tiers[-1]
    with _through_indexes(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            joined = f"search_searchentry s JOIN ({scope_sql}) b ON b.search_id = s.document_id"
            rows = f"SELECT 1 FROM {joined} WHERE "
            where, where_params = _pg_where(broadest)
            lowest, top = _pg_id_range(cursor)
            whole = top - lowest + 1 if top is not None else 0
            expected = _pg_expected(cursor, where, where_params) if whole > ID_BUCKET else 0.0
            # A common query is counted in the newest ids first, through their buckets, in a range
            # expected to hold twice `cap` of its matches: GIN then reads no word's whole list.
            span = int(2 * (cap + 1) * whole / expected) if expected > cap else 0
            if 0 < span < whole and _pg_buckets(top - span + 1, top) is not None:
                in_range, range_params = _pg_in_range(top - span + 1, top)
                cursor.execute(
                    f"SELECT count(*) FROM ({rows}{where} AND {in_range} LIMIT {int(cap) + 1}) c",
                    [*scope_params, *where_params, *range_params],
                )
                if (found := int(cursor.fetchone()[0])) > cap:
                    return found
            window = _plan_window(plan, broadest) if broadest.mode != "any" else None
            if window is not None and window.ids:
                # The window holds the newest matches of this very tier: those the reader may see,
                # when more than `cap`, are the count, and the match over the library is not run
                # (6 to 13 against 20 to 45 ms for three common words at 1,000,000 documents).
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM ({scope_sql}) b WHERE b.search_id = ANY(%s) "
                    f"LIMIT {int(cap) + 1}) c",
                    [*scope_params, list(window.ids)],
                )
                if (found := int(cursor.fetchone()[0])) > cap:
                    return found
            if (word := _pg_any_commonest(cursor, broadest, cap)) is not None:
                # A document holding this word holds one of the query's: when more than `cap` of
                # the scope hold it, so many match. GIN reads one list instead of the union of all
                # of them (10 against 35 ms at 100,000 documents for six common words).
                column = _PG_VECTOR[broadest.field]
                cursor.execute(
                    f"SELECT count(*) FROM ({rows}{_pg_match(column)} LIMIT {int(cap) + 1}) c",
                    [*scope_params, _ts(word)],
                )
                if (found := int(cursor.fetchone()[0])) > cap:
                    return found
            rows += where
            params: list[Any] = [*scope_params, *where_params]
        else:
            rows = (
                f"SELECT 1 FROM search_fts CROSS JOIN ({scope_sql}) b ON b.search_id = search_fts.rowid "
                "WHERE search_fts MATCH %s"
            )
            params = [*scope_params, fts5_match(broadest)]
        cursor.execute(f"SELECT count(*) FROM ({rows} LIMIT {int(cap) + 1}) c", params)
        return int(cursor.fetchone()[0])
