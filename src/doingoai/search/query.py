"""Rank documents for a query on SQLite (FTS5, `bm25()`) or PostgreSQL (`tsvector`, `ts_rank_cd`).

`doingoai.search.plan.plan_make` decides the tiers; this module only translates each tier into
the engine's language and annotates a queryset with the tier a document fell in
and its score within the tier, packed in one number (`search_rank`, lower is better; split by
`rank_split`). The title weighs `TITLE_WEIGHT` times the body on SQLite; on PostgreSQL the title is
weight A and the body weight B of the same vector.

The queryset may be of any model whose primary key is the indexed document's id: the index knows
no model above it.
"""

from __future__ import annotations

import math
from typing import Any

from django.db import connection
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from doingoai.search.plan import NEAR_GAP, Plan, Tier, near_pairs, plan_make

TITLE_WEIGHT = 10.0

# SQLite: the FTS5 columns of each field kind; PostgreSQL: the tsvector column.
_FTS5_COLUMNS = {"exact": "{title_exact body_exact}", "folded": "{title_folded body_folded}"}
WORDS_WEIGHT = 2.0  # a query's run of syllables found as one word of the text
_FTS5_WEIGHTS = f"{TITLE_WEIGHT}, 1.0, {TITLE_WEIGHT}, 1.0, {WORDS_WEIGHT}"
_PG_VECTOR = {"exact": "vector_exact", "folded": "vector_folded"}


def _q(word: str) -> str:
    # Words are letters and digits only (plan.words_of); quoting keeps FTS5 from reading
    # AND, OR, NOT or NEAR as operators.
    return '"' + word.replace('"', '""') + '"'


def fts5_match(tier: Tier) -> str:
    """Return the FTS5 MATCH expression of a tier."""
    columns = _FTS5_COLUMNS[tier.field]
    parts = [f'{columns} : "{" ".join(p)}"' for p in tier.phrases]
    words = tier.words
    if words:
        if tier.mode in ("phrase", "word_phrase"):
            parts.append(f'{columns} : "{" ".join(words)}"')
        elif tier.mode == "near":
            pairs = near_pairs(words) or [(words[0], words[0])]
            parts.append(
                f"{columns} : (" + " AND ".join(f"NEAR({_q(a)} {_q(b)}, {NEAR_GAP})" for a, b in pairs) + ")"
            )
        elif tier.mode == "any":
            any_word = f"{columns} : (" + " OR ".join(_q(w) for w in words) + ")"
            if tier.compounds:  # a text holding them as words scores higher (and holds the syllables)
                any_word += " OR words : (" + " OR ".join(_q(c) for c in tier.compounds) + ")"
            parts.append(any_word)
        else:
            parts.append(f"{columns} : (" + " AND ".join(_q(w) for w in words) + ")")
        if tier.mode == "word_phrase":
            parts.append("words : (" + " OR ".join(_q(c) for c in tier.compounds) + ")")
    return " AND ".join(f"({p})" for p in parts)


def _ts(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


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
            parts.append("(" + " | ".join(_ts(w) for w in words) + ")")
        else:
            parts.append("(" + " & ".join(_ts(w) for w in words) + ")")
    conditions = [(vector, " & ".join(parts))]
    if tier.mode == "word_phrase":
        conditions.append(("vector_words", " | ".join(_ts(c) for c in tier.compounds)))
    return conditions


def _pg_where(tier: Tier) -> tuple[str, list[str]]:
    conditions = pg_conditions(tier)
    sql = " AND ".join(f"s.{column} @@ to_tsquery('simple', %s)" for column, _query in conditions)
    return sql, [query for _column, query in conditions]


# Tier and score travel in one number, so the engine ranks each document once:
# rank = tier * RANK_TIER_STEP - score, with 0 <= score < RANK_TIER_STEP / 2 (ascending is best first).
RANK_TIER_STEP = 1_000_000.0


def rank_split(rank: float) -> tuple[int, float]:
    """Return the tier and the score packed in a `search_rank`."""
    tier = math.ceil(rank / RANK_TIER_STEP - 1e-9)
    return tier, tier * RANK_TIER_STEP - rank


def _packed(tier: int, score_sql: str) -> str:
    return f"({tier} * {RANK_TIER_STEP} - MIN(MAX({score_sql}, 0.0), {RANK_TIER_STEP / 2 - 1}))"


def _sqlite_hits(plan: Plan) -> tuple[str, list[Any]]:
    selects = [
        f"SELECT rowid AS id, {_packed(i, f'-bm25(search_fts, {_FTS5_WEIGHTS})')} AS rank "
        "FROM search_fts WHERE search_fts MATCH %s"
        for i in range(len(plan.tiers))
    ]
    # GROUP BY keeps SQLite from pushing the outer "id = ..." into the FTS5 query (which would
    # run it, and bm25's statistics, once per row): the table is built once per statement.
    # OFFSET 0 keeps a single select from being flattened into the GROUP BY (bm25 needs its row).
    inner = " UNION ALL ".join(selects) if len(selects) > 1 else f"{selects[0]} LIMIT -1 OFFSET 0"
    sql = f"SELECT id, MIN(rank) AS rank FROM ({inner}) GROUP BY id"
    return sql, [fts5_match(t) for t in plan.tiers]


def _annotate_sqlite(queryset: QuerySet[Any], plan: Plan, table: str) -> QuerySet[Any]:
    hits, params = _sqlite_hits(plan)
    # Every tier's documents are among the last (broadest) tier's.
    broadest = RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [params[-1]])
    return queryset.filter(pk__in=broadest).annotate(
        search_rank=RawSQL(
            f'(SELECT h.rank FROM ({hits}) h WHERE h.id = "{table}"."id")', params, output_field=FloatField()
        )
    )


# PostgreSQL keeps no document frequencies, so they are counted at query time through the GIN
# index, each count stopping at DF_CAP documents: a word in more documents than that is common,
# and how much more common it is hardly changes a ranking.
DF_CAP = 10_000
_PG_ANY_NORMALIZATION = 1 | 32  # ts_rank_cd: divide by 1 + log(length), then r / (r + 1)
_EXACT_COUNT_BELOW = 200_000  # below this (estimated) size the number of documents is counted exactly


def bm25_idf(documents: int, frequency: int) -> float:
    """Return the BM25 inverse document frequency of a word found in `frequency` of `documents`."""
    return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))


def _pg_idf(column: str, words: tuple[str, ...]) -> dict[str, float]:
    """Return each word's inverse document frequency in the tsvector `column`, in one round trip."""
    counts = ", ".join(
        f"(SELECT count(*) FROM (SELECT 1 FROM search_searchentry WHERE {column} @@ to_tsquery('simple', %s) "
        f"LIMIT {DF_CAP}) f)"
        for _word in words
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = 'search_searchentry'::regclass"
        )
        row = cursor.fetchone()
        documents = int(row[0]) if row else 0
        if documents < _EXACT_COUNT_BELOW:  # small, or never analysed (reltuples -1 reads as 0)
            cursor.execute("SELECT count(*) FROM search_searchentry")
            documents = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT {counts}", [_ts(w) for w in words])
        frequencies = cursor.fetchone()
    return {w: bm25_idf(max(documents, 1), int(f)) for w, f in zip(words, frequencies, strict=True)}


def _pg_any_score(column: str, words: tuple[str, ...]) -> tuple[str, list[str]]:
    """Return the score of the "any of its words" tier: each word's rank weighed by its rarity.

    `ts_rank_cd` over "a | b | c" counts a common word ("của", "và") as much as a rare one; BM25
    (FTS5's `bm25()` on SQLite) weighs each by its inverse document frequency. This sums one
    `ts_rank_cd` per word, times the word's IDF. Each word's rank is divided by one plus the log
    of the document's length (flag 1) and then saturates as r / (r + 1) (flag 32), so repeating a
    word adds less and less, as BM25's k1 does.
    """
    idf = _pg_idf(column, words)
    terms = [
        f"{idf[w]:.6f} * ts_rank_cd(s.{column}, to_tsquery('simple', %s), {_PG_ANY_NORMALIZATION})"
        for w in words
    ]
    return "(" + " + ".join(terms) + ")", [_ts(w) for w in words]


def _annotate_postgresql(queryset: QuerySet[Any], plan: Plan, table: str) -> QuerySet[Any]:
    wheres = [_pg_where(t) for t in plan.tiers]
    cases: list[str] = []
    params: list[str] = []
    for i, (tier, (sql, tier_params)) in enumerate(zip(plan.tiers, wheres, strict=True)):
        column, query = pg_conditions(tier)[0]
        if tier.mode == "any" and not tier.phrases:
            score, score_params = _pg_any_score(column, tier.words)
        else:
            score = f"ts_rank_cd(s.{column}, to_tsquery('simple', %s), 1)"
            score_params = [query]
        if tier.mode == "any" and tier.compounds:
            score += f" + {WORDS_WEIGHT} * ts_rank_cd(s.vector_words, to_tsquery('simple', %s), 1)"
            score_params.append(" | ".join(_ts(c) for c in tier.compounds))
        cases.append(f"WHEN {sql} THEN {_packed(i, score).replace('MIN(MAX(', 'LEAST(GREATEST(')}")
        params += [*tier_params, *score_params]
    return queryset.filter(
        # Every tier's documents are among the last (broadest) tier's.
        pk__in=RawSQL(f"SELECT s.document_id FROM search_searchentry s WHERE {wheres[-1][0]}", wheres[-1][1])
    ).annotate(
        search_rank=RawSQL(
            f"(SELECT CASE {' '.join(cases)} END FROM search_searchentry s "
            f'WHERE s.document_id = "{table}"."id")',
            params,
            output_field=FloatField(),
        )
    )


def documents_rank(queryset: QuerySet[Any], query: str | Plan) -> QuerySet[Any]:
    """Return the rows of `queryset` matching the query, annotated with `search_rank`.

    Order them with `order_by("search_rank", ...)`: the tier first, then the score (both in
    `rank_split(search_rank)`), then whatever the caller breaks ties with. An empty query returns
    `queryset` unchanged.
    """
    plan = query if isinstance(query, Plan) else plan_make(query)
    if plan.is_empty():
        return queryset
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        return _annotate_postgresql(queryset, plan, table)
    return _annotate_sqlite(queryset, plan, table)
