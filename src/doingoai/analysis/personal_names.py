"""What a person's name looks like in Vietnamese news: family names, honorifics, name tokens."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from doingoai.analysis.text import fold_key
from doingoai.analysis.tokens import PhraseTrie, TokenStream, lexicon_rows, token_key

# Letters that only Vietnamese spelling uses: a name holding one is no foreign name.
_VIETNAMESE_LETTERS = re.compile("[ăằắẳẵặâầấẩẫậđêềếểễệôồốổỗộơờớởỡợưừứửữựảạẻẹỉịỏọủụỷỵãẽĩõũỹ]", re.IGNORECASE)
# Small words inside foreign names ("Ursula von der Leyen", "Mohamed bin Salman").
NAME_PARTICLES = frozenset({"van", "von", "der", "de", "da", "dos", "du", "la", "le", "bin", "binti", "al"})
# English words that name a body, never a person: "Hà Nội Football Club" is a club, not a name after a place.
BODY_WORDS = frozenset(
    {"club", "fc", "football", "futsal", "united", "team", "academy", "association", "foundation", "society"}
    | {"institute", "university", "college", "school", "hospital", "center", "centre", "group", "company"}
    | {"fund", "league", "federation", "union", "council", "network", "alliance", "committee", "orchestra"}
)


# A Vietnamese syllable without its diacritics: onset, vowel group, coda.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:uye|uya|uyu|ieu|yeu|oai|oay|uoi|uou|uay|oeo"
    r"|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ya|ye|[aeiouy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)


@dataclass(frozen=True)
class Honorific:
    """A word of address before a name; some are also ordinary words unless a Vietnamese name follows."""

    text: str
    needs_family_name: bool


@lru_cache(maxsize=1)
def family_names() -> frozenset[str]:
    """Return the keys of the Vietnamese family names of surnames.txt."""
    return frozenset(token_key(row[0]) for row in lexicon_rows("surnames.txt"))


@lru_cache(maxsize=1)
def honorifics() -> PhraseTrie[Honorific]:
    """Return the honorifics of honorifics.tsv ("ông", "bà", "đồng chí", "GS") as a trie."""
    trie: PhraseTrie[Honorific] = PhraseTrie()
    for row in lexicon_rows("honorifics.tsv"):
        trie.add(row[0], Honorific(row[0], len(row) > 1 and row[1] == "surname"))
    return trie


def has_vietnamese_letters(text: str) -> bool:
    """Return whether a text uses letters of Vietnamese spelling that foreign names lack."""
    return _VIETNAMESE_LETTERS.search(text) is not None


def is_vietnamese_syllable(form: str) -> bool:
    """Return whether a word could be one Vietnamese syllable ("Nam" could; "Putin", "Lee" could not)."""
    return _SYLLABLE.fullmatch(fold_key(form)) is not None


def is_foreign_name(words: Sequence[str]) -> bool:
    """Return whether words read as a foreign person's name: two at least, none of them Vietnamese.

    "Klaus Berger", "Yakabe Yoshinori", "Khamphanh Sysomphone" do; "Đà Nẵng" and "Kim Liên" do not,
    nor does one word alone ("Putin" may be a person, "Savannakhet" a province).
    """
    return len(words) >= 2 and not any(
        has_vietnamese_letters(word) or is_vietnamese_syllable(word) or word.lower() in BODY_WORDS
        for word in words
    )


def is_name_token(stream: TokenStream, i: int) -> bool:
    """Return whether token i may be part of a personal name: a capitalized word, no abbreviation."""
    if not (0 <= i < stream.n):
        return False
    form = stream.forms[i]
    return form[0].isupper() and form[0].isalpha() and (len(form) == 1 or not form.isupper())


def capitalized_run_end(stream: TokenStream, i: int, limit: int = 8) -> int:
    """Return the index after the name tokens that follow one another from token i."""
    j = i
    while j < stream.n and j - i < limit:
        if is_name_token(stream, j) and (j == i or stream.adjacent(j)):
            j += 1
        elif (
            j > i
            and stream.keys[j] in NAME_PARTICLES
            and is_name_token(stream, j + 1)
            and stream.adjacent(j)
            and not has_vietnamese_letters(stream.forms[j - 1])
        ):
            j += 1
        else:
            break
    return j


def capitalized_word_length(stream: TokenStream, i: int) -> int:
    """Return how many name tokens from token i belong to the segmented word that starts at i."""
    run_end = capitalized_run_end(stream, i)
    if stream.word_of(i) < 0:
        return run_end - i
    word_end = min(stream.word_end(i), run_end)
    return max(word_end - i, 1)


def starts_vietnamese_name(stream: TokenStream, i: int, *, min_syllables: int = 3) -> bool:
    """Return whether token i begins a Vietnamese name: a family name, then given names in one word.

    Three syllables by default, because two capitalized syllables that begin with a family name
    are as often a place ("Hà Nội", "Cao Bằng") as a person.
    """
    if not is_name_token(stream, i) or stream.keys[i] not in family_names():
        return False
    return capitalized_word_length(stream, i) >= min_syllables
