"""Decide how a query is matched: the one rule for SQLite FTS5 and PostgreSQL alike.

Every document is indexed twice: exactly (`exact_key`: NFC, lower case, one tone-mark placement)
and folded (`fold_key`: no diacritics, đ -> d). A query is read into words and quoted phrases,
then into an ordered list of tiers; a document belongs to the first tier it matches, and tiers
rank before scores:

1. the words as a phrase whose ends fall on word boundaries (the segmenter's words),
2. the words as a phrase,
3. the words near each other (each next word within `NEAR_GAP` words),
4. every word, anywhere.

A long query (`LONG_QUERY_WORDS` words or more: a description rather than a list of required
words) keeps tiers 1 and 2, then finds documents holding any of its words, ranked by BM25.

A query typed with diacritics tries each tier on the exact field, then on the folded field (a
lower-ranked fallback: "Tú" finds "tú" before "từ"); a query without diacritics uses the folded
field only. Quoted phrases are required as phrases in every tier. A phrase is found through its
pairs of neighbouring syllables, each one index token (`pair_tokens`, `Tier.pairs`). The engines
translate each tier in `doingoai.search.query`; nothing here knows which database runs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from doingoai.analysis.text import fold_key, text_normalize, tone_key

QUERY_MAX_WORDS = 20
NEAR_GAP = 3  # at most this many other words between two neighbours of the query
LONG_QUERY_WORDS = 5  # from this many words on, a document holding some of them is still found
COMPOUND_MAX_SYLLABLES = 4  # the longest word looked up on word boundaries

_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”')


# Joins the groups of a number written with thousands dots ("500.000", "1.200.000") into one index
# token, in place of each dot: both engines split tokens at a dot, so "500" found "500.000" and
# "4.500". A letter (U+01C3, "ǃ") that no Vietnamese text holds, as PAIR_JOINER is, so the token
# stays whole in FTS5 and PostgreSQL, and the key keeps the text's length (snippets need it).
NUMBER_JOINER = "\u01c3"
_THOUSANDS_DOT = re.compile(r"(?<=[0-9])\.(?=[0-9]{3}(?![0-9]))")


def numbers_joined(key: str) -> str:
    """Return `key` with each thousands dot of a number made NUMBER_JOINER ("1.200.000" one token).

    A dot before exactly three digits, after a digit: "1,5" and "30.5" (a day and month) stay apart.
    """
    return _THOUSANDS_DOT.sub(NUMBER_JOINER, key) if "." in key else key


def exact_key(text: str) -> str:
    """Return the exact search key of `text`: NFC, lower case, one tone-mark placement, numbers whole."""
    return numbers_joined(tone_key(unicodedata.normalize("NFC", text)))


def folded_key(text: str) -> str:
    """Return the folded search key of `text`: no diacritics, đ -> d (`fold_key`), numbers whole."""
    return numbers_joined(fold_key(text))


def key_of(field_kind: str, text: str) -> str:
    """Return the key of `text` for the field kind, "exact" or "folded"."""
    return exact_key(text) if field_kind == "exact" else folded_key(text)


def words_of(key: str) -> list[str]:
    """Return the words of a key (letters and digits; punctuation and underscores separate)."""
    return _WORD.findall(key)


def compound_token(syllables: list[str]) -> str:
    """Return the index token of a word of several syllables: the syllables run together."""
    return "".join(syllables)


# Joins two neighbouring syllables into one index token ("trầnǀcẩm"). A letter (U+01C0, "ǀ") that
# no Vietnamese text holds: FTS5's unicode61 tokenizer and PostgreSQL's parser both split on "_",
# "-" or "·", but keep a letter inside a token, and a letter cannot be confused with the
# syllables' own letters as plain concatenation could ("a" + "12" and "a1" + "2").
PAIR_JOINER = "\u01c0"


def pair_tokens(words: list[str] | tuple[str, ...]) -> list[str]:
    """Return the index tokens of each two neighbouring words of a key's word sequence, in order."""
    return [a + PAIR_JOINER + b for a, b in pairwise(words)]


@dataclass(frozen=True)
class Tier:
    """One way of matching, on one field: what the engines translate to a MATCH or a tsquery.

    A phrase (the tier's words in "word_phrase" and "phrase" mode, and every quoted phrase) is
    looked up through its syllable pairs (`pairs`), each one index token: the documents holding
    all of them are few even when each syllable is in most of the library. SQLite finds it as the
    phrase of its pairs (they are indexed in order); PostgreSQL checks the phrase's positions on
    the documents holding them.
    """

    field: str  # "exact" or "folded"
    mode: str  # "word_phrase", "phrase", "near", "all" or "any"
    words: tuple[str, ...]  # the unquoted words, in the field's key
    phrases: tuple[tuple[str, ...], ...]  # quoted phrases, required in every tier
    # word_phrase: index tokens, one of which must be a word of the text; any: tokens that add to
    # the score when the text holds them as words ("bảo hiểm" as one word, not two syllables apart).
    compounds: tuple[str, ...] = ()

    def pairs(self) -> tuple[str, ...]:
        """Return the pair tokens a document must hold to match the tier's phrases (none: no phrase)."""
        phrases = [*self.phrases, self.words] if self.mode in ("word_phrase", "phrase") else self.phrases
        return tuple(dict.fromkeys(t for p in phrases for t in pair_tokens(p)))


@dataclass
class Plan:
    """How one query is matched: its tiers, best first, and whether it had diacritics."""

    query: str
    has_diacritics: bool
    words: list[str] = field(default_factory=list)  # every word of the query, as typed (NFC)
    tiers: list[Tier] = field(default_factory=list)
    # What the engine found out about the index for this query, kept for the rest of the request:
    # the ranking and the count of a search page ask for the same window (`query._plan_window`).
    found: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    def is_empty(self) -> bool:
        """Return whether the query holds no word to look for."""
        return not self.tiers

    def terms(self, field_kind: str) -> list[str]:
        """Return the query's words in the key of a field, for highlighting."""
        return [w for w in dict.fromkeys(words_of(key_of(field_kind, " ".join(self.words))))]

    def marks(self, field_kind: str) -> list[str]:
        """Return what a result marks in the key of a field: each quoted phrase whole, and the other words.

        A quoted phrase is required as a phrase, so its words are marked only where they stand
        together ("đối ngoại nhân dân", not "nhân" alone in a name).
        """
        tier = next((t for t in self.tiers if t.field == field_kind), None)
        if tier is None:
            return self.terms(field_kind)
        return list(dict.fromkeys([*(" ".join(p) for p in tier.phrases), *tier.words]))


def _split(query: str) -> tuple[list[str], str]:
    """Return the quoted phrases and the rest of the query."""
    phrases: list[str] = []

    def take(match: re.Match[str]) -> str:
        phrases.append(match.group(1) if match.group(1) is not None else match.group(2))
        return " "

    rest = _QUOTED.sub(take, query)
    return [p for p in phrases if words_of(p)], rest


def _compounds(words: list[str]) -> tuple[str, ...]:
    """Return the tokens of every run of 2..COMPOUND_MAX_SYLLABLES consecutive words of the query."""
    out: list[str] = []
    for size in range(min(len(words), COMPOUND_MAX_SYLLABLES), 1, -1):
        for start in range(len(words) - size + 1):
            out.append(compound_token(words[start : start + size]))
    return tuple(dict.fromkeys(out))


def _modes(words: list[str]) -> list[str]:
    if len(words) < 2:
        return ["all"]
    if len(words) >= LONG_QUERY_WORDS:
        # A description (a headline typed in): past the phrase, BM25 over its words decides;
        # "every word, scattered" in a long article says less than most words, close together.
        return ["word_phrase", "phrase", "any"]
    return ["word_phrase", "phrase", "near", "all"]


def _field_tiers(field_kind: str, loose: str, quoted: list[str], modes: list[str]) -> dict[str, Tier]:
    words = words_of(key_of(field_kind, loose))
    phrases = tuple(tuple(words_of(key_of(field_kind, p))) for p in quoted)
    unique = tuple(dict.fromkeys(words))
    tiers: dict[str, Tier] = {}
    for mode in modes:
        if mode in ("word_phrase", "phrase", "near"):
            tiers[mode] = Tier(
                field_kind, mode, tuple(words), phrases, _compounds(words) if mode == "word_phrase" else ()
            )
        else:
            tiers[mode] = Tier(field_kind, mode, unique, phrases, _compounds(words) if mode == "any" else ())
    return tiers


def plan_make(query: str) -> Plan:
    """Return how `query` is matched: tiers best first, exact before folded when it has diacritics."""
    query = text_normalize(query or "")
    quoted, rest = _split(query)
    # A number typed with its thousands dots is one word, as the index holds it.
    quoted, rest = [numbers_joined(q) for q in quoted], numbers_joined(rest)
    loose_words = words_of(rest)[:QUERY_MAX_WORDS]
    quoted = quoted[:QUERY_MAX_WORDS]
    typed = words_of(" ".join([*quoted, *loose_words]))
    has_diacritics = exact_key(" ".join(typed)) != folded_key(" ".join(typed))
    plan = Plan(query=query, has_diacritics=has_diacritics, words=typed)
    if not typed:
        return plan
    loose = " ".join(loose_words)
    modes = _modes(words_of(folded_key(loose))) if loose_words else ["all"]
    fields = ["exact", "folded"] if has_diacritics else ["folded"]
    by_field = {f: _field_tiers(f, loose, quoted, modes) for f in fields}
    for mode in modes:
        for field_kind in fields:
            plan.tiers.append(by_field[field_kind][mode])
    return plan


def tier_label(tier: Tier) -> str:
    """Return a short name of a tier for the API: "exact:phrase", "folded:all"..."""
    return f"{tier.field}:{tier.mode}"


def near_pairs(words: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return the neighbouring pairs of words a "near" tier requires close to each other."""
    return [(a, b) for a, b in pairwise(words) if a != b]


RESPELL_MAX_CANDIDATES = 6  # the respellings of one query that a search with no result tries
_JOINED_MIN_LETTERS = 4
_JOINED_MAX_LETTERS = 24
_JOINED_MAX_SYLLABLES = 4
# underthesea's word list (about 74,000 Vietnamese words and names, "Hà Nội" among them).
_DICTIONARY = ("underthesea", "corpus/data/Viet74K.txt")


@cache
def _dictionary() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """Return the word list's folded syllables, and the pairs of syllables next to each other in a word."""
    from doingoai.analysis.packages import package_file
    from doingoai.analysis.personal_names import is_vietnamese_syllable

    syllables: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    with open(package_file(*_DICTIONARY), encoding="utf-8") as handle:
        for line in handle:
            parts = fold_key(unicodedata.normalize("NFC", line).strip().lower()).split()
            syllables.update(parts)
            pairs.update(pairwise(parts))
    # The list holds abbreviations and letters too ("d", "tp"): a syllable has a vowel and a shape.
    return frozenset(filter(is_vietnamese_syllable, syllables)), frozenset(pairs)


def syllables_split(word: str) -> list[str]:
    """Return the ways to read `word` as Vietnamese syllables typed without spaces, likeliest first.

    "hanoi" gives "ha noi" first ("Hà Nội" is a word; "han oi" is not), "hochiminh" "ho chi minh".
    Only a word of plain letters that is no syllable itself, split into two to four syllables of
    underthesea's word list, is read so: "covid" and "nam" give nothing. Fewer syllables come
    first, then more neighbours that make a word together.
    """
    syllables, pairs = _dictionary()
    folded = fold_key(word.lower())
    if (
        not folded.isascii()
        or not folded.isalpha()
        or not _JOINED_MIN_LETTERS <= len(folded) <= _JOINED_MAX_LETTERS
        or folded in syllables
    ):
        return []
    found: list[list[str]] = []

    def walk(rest: str, taken: list[str]) -> None:
        if not rest:
            if len(taken) >= 2:
                found.append(taken)
            return
        if len(taken) < _JOINED_MAX_SYLLABLES:
            for end in range(len(rest), 0, -1):
                if rest[:end] in syllables:
                    walk(rest[end:], [*taken, rest[:end]])

    walk(folded, [])
    found.sort(key=lambda parts: (len(parts), -sum(pair in pairs for pair in pairwise(parts))))
    return [" ".join(parts) for parts in found]


def query_respellings(query: str) -> list[str]:
    """Return the query with one of its words read as syllables typed without spaces, at most a few.

    For a search that found nothing: "hanoi" may be "ha noi", "tp hochiminh" "tp ho chi minh".
    """
    respelled: list[str] = []
    for match in _WORD.finditer(query):
        for split in syllables_split(match.group()):
            respelled.append(query[: match.start()] + split + query[match.end() :])
            if len(respelled) == RESPELL_MAX_CANDIDATES:
                return respelled
    return respelled
