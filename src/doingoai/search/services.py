"""Write the search index. The library calls `search_entry_write` when it stores a document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from doingoai.analysis.text import fold_key
from doingoai.search.models import SearchEntry
from doingoai.search.plan import compound_token, exact_key, pair_tokens, words_of


def compounds_text(text: str, word_spans: Iterable[Sequence[int]]) -> str:
    """Return the index tokens of the words of several syllables at `word_spans`, exact then folded."""
    tokens: list[str] = []
    for start, end in word_spans:
        syllables = words_of(exact_key(text[start:end]))
        if len(syllables) > 1:
            tokens.append(compound_token(syllables))
    folded = [fold_key(t) for t in tokens]
    return " ".join(tokens + [f for f, t in zip(folded, tokens, strict=True) if f != t])


def pairs_text(*keys: str) -> str:
    """Return the pair tokens of exact or folded keys (each its own run: no pair across two keys).

    Each token once: the pairs only find the documents a phrase may be in (its positions are
    checked on the other columns, which score it), so how often a pair occurs does not matter.
    A folded pair equal to an exact one is that token already: a folded query finds it either way.
    """
    tokens = [t for key in keys for t in pair_tokens(words_of(key))]
    return " ".join(dict.fromkeys(tokens))


def search_entry_values(*, title: str, body: str, word_spans: Iterable[Sequence[int]] = ()) -> dict[str, str]:
    """Return the columns of the index for a title, a body and the body's word spans."""
    keys = {
        "title_exact": exact_key(title),
        "body_exact": exact_key(body),
        "title_folded": fold_key(title),
        "body_folded": fold_key(body),
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
