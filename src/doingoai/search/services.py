"""Write the search index. The library calls `search_entry_write` when it stores a document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from doingoai.analysis.text import fold_key
from doingoai.search.models import SearchEntry
from doingoai.search.plan import PAIR_JOINER, compound_token, exact_key, folded_key, pair_tokens, words_of


def compounds_text(text: str, word_spans: Iterable[Sequence[int]]) -> str:
    """Return the index tokens of the words of several syllables at `word_spans`, exact then folded."""
    tokens: list[str] = []
    for start, end in word_spans:
        syllables = words_of(exact_key(text[start:end]))
        if len(syllables) > 1:
            tokens.append(compound_token(syllables))
    folded = [fold_key(t) for t in tokens]
    return " ".join(tokens + [f for f, t in zip(folded, tokens, strict=True) if f != t])


# Between the pairs of a key and those of its folded twin: a token no query holds. The index reads
# each side as a column of its own (SQLite: the view `search_fts_content`).
PAIRS_BARRIER = f" {PAIR_JOINER} "
# Between the title's pairs and the body's.
PAIRS_PARTS = "\n"


def _pairs_run(exact: str, folded: str) -> str:
    """Return the pair tokens of a key in their order, then, past a barrier, those of its folded twin.

    A key without diacritics is its own folded twin and is written once.
    """
    tokens = " ".join(pair_tokens(words_of(exact)))
    folded_tokens = " ".join(pair_tokens(words_of(folded)))
    return tokens if folded_tokens == tokens else tokens + PAIRS_BARRIER + folded_tokens


def pairs_text(title_exact: str, body_exact: str, title_folded: str, body_folded: str) -> str:
    """Return the pair tokens of a title and a body, in their order: the title's, a line break, the body's.

    Every occurrence, in order, so that a phrase of several syllables is a phrase of pair tokens:
    "hợp tác quốc tế" is "hợpǀtác tácǀquốc quốcǀtế", whose lists are short even where each syllable
    is in most documents, and whose positions FTS5 checks on them alone.
    """
    return _pairs_run(title_exact, title_folded) + PAIRS_PARTS + _pairs_run(body_exact, body_folded)


def search_entry_values(*, title: str, body: str, word_spans: Iterable[Sequence[int]] = ()) -> dict[str, str]:
    """Return the columns of the index for a title, a body and the body's word spans."""
    keys = {
        "title_exact": exact_key(title),
        "body_exact": exact_key(body),
        "title_folded": folded_key(title),
        "body_folded": folded_key(body),
    }
    return {
        **keys,
        "words": compounds_text(body, word_spans),
        "pairs": pairs_text(*keys.values()),
    }


@transaction.atomic
def search_entry_write(
    *, document_id: int, title: str, body: str, word_spans: Iterable[Sequence[int]] = ()
) -> SearchEntry:
    """Index a document (again); the database's triggers or generated columns follow the row."""
    entry, _created = SearchEntry.objects.update_or_create(
        document_id=document_id, defaults=search_entry_values(title=title, body=body, word_spans=word_spans)
    )
    return entry
