"""Syllable tokens with offsets and matching keys, and a trie that matches lexicon phrases on them.

The organizations and people steps read the text as a stream of tokens: a syllable (letters and
digits, with inner hyphens and apostrophes as in "Jong-un" or "H'Hen") or one punctuation mark.
Each token keeps its offsets into `doc.text`, so every match is a span of the text.

A token's key is its `tone_key` with every dash turned into "-", so "Uỷ" matches "Ủy" and
"Việt Nam – Lào" matches "Việt Nam - Lào". An abbreviation ("UBND", "TP") matches as the keys of
the words it stands for, so a lexicon phrase written in full also finds its abbreviated forms.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from doingoai.analysis.document import Document, Span
from doingoai.analysis.text import tone_key

LEXICON_DIR = Path(__file__).with_name("lexicons")

# A syllable (inner hyphens and apostrophes kept: "Jong-un", "H'Hen") or one punctuation mark.
TOKEN = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]")
_LINE_BREAK = re.compile(r"\n")
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "−": "-", "‒": "-"})
_PADDING = 4
# Function words and common verbs (as token keys) that never sit inside a name: a name does not run
# on over them, be it an organization's ("Bệnh viện Bạch Mai điều trị") or a site's.
NOT_IN_NAMES = frozenset(
    {"cho", "tại", "ở", "của", "là", "đã", "đang", "sẽ", "được", "bị", "có", "và", "với", "về", "từ"}
    | {"đến", "trong", "ngoài", "theo", "khi", "thì", "mà", "này", "đó", "các", "những", "một", "để"}
    | {"vừa", "cũng", "không", "chưa", "nhận", "điều", "tiếp", "đón", "gửi", "trao", "tổ", "thông"}
    | {"cùng", "phối", "hợp", "làm", "việc", "ngày", "sáng", "chiều", "tối", "hôm", "năm", "tháng"}
    | {"vào", "sang", "ra", "lên", "xuống", "tới", "đi", "nhưng", "nên", "vì", "do", "bởi"}
)

T = TypeVar("T")


def lexicon_rows(name: str) -> list[list[str]]:
    """Return the tab-separated rows of a lexicon file, without comments and blank lines."""
    rows: list[list[str]] = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


_KEYS: dict[str, str] = {}


def token_key(form: str) -> str:
    """Return the matching key of one token: its tone key, with every dash written "-"."""
    key = _KEYS.get(form)
    if key is None:
        key = tone_key(form).translate(_DASHES)
        if len(_KEYS) < 200_000:  # the syllables of a language: the cache stays small in practice
            _KEYS[form] = key
    return key


@dataclass(frozen=True)
class Abbreviation:
    """An abbreviation and what it stands for, as written in a full name."""

    form: str
    expansion: str
    keys: tuple[str, ...]


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, Abbreviation]:
    """Return the abbreviations of abbreviations.tsv by their exact (case-sensitive) form."""
    table: dict[str, Abbreviation] = {}
    for row in lexicon_rows("abbreviations.tsv"):
        form, expansion = row[0], row[1]
        keys = tuple(token_key(f) for f in TOKEN.findall(expansion))
        table[form] = Abbreviation(form, expansion, keys)
    return table


@lru_cache(maxsize=8192)
def phrase_keys(phrase: str) -> tuple[str, ...]:
    """Return the keys a phrase is matched by, with its abbreviations expanded."""
    table = abbreviations()
    keys: list[str] = []
    for form in TOKEN.findall(phrase):
        abbreviation = table.get(form)
        keys += abbreviation.keys if abbreviation else (token_key(form),)
    return tuple(keys)


class TokenStream:
    """The tokens of a text: offsets, forms, keys, and which segmented word each belongs to."""

    def __init__(self, text: str, words: Sequence[Span] = ()) -> None:
        self.text = text
        spans = [m.span() for m in TOKEN.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.forms = [text[s:e] for s, e in spans]
        cached = _KEYS.get
        self.keys = [cached(f) or token_key(f) for f in self.forms]
        self.n = len(spans)
        # Tokens that follow a line break: no name or phrase runs across one.
        self.after_break = {bisect_right(self.starts, m.start()) for m in _LINE_BREAK.finditer(text)}
        table = abbreviations()
        self.abbreviated: list[Abbreviation | None] = [table.get(f) for f in self.forms]
        # A few blank tokens after the last (and, by Python's negative indices, before the first)
        # let a rule look one or two tokens beyond either end without a bounds check.
        self.starts += [len(text)] * _PADDING
        self.ends += [len(text)] * _PADDING
        self.forms += [" "] * _PADDING
        self.keys += ["\x00"] * _PADDING
        self.abbreviated += [None] * _PADDING
        self._words = sorted(words)
        self._word_starts = [s for s, _ in self._words]
        self._capitalized: list[int] | None = None
        self._abbreviations = [i for i, a in enumerate(self.abbreviated) if a is not None]

    def capitalized_indices(self) -> list[int]:
        """Return the indices of the tokens that start with a capital letter, in order."""
        if self._capitalized is None:
            self._capitalized = [i for i, form in enumerate(self.forms[: self.n]) if form[0].isupper()]
        return self._capitalized

    def indices_starting(self, trie: PhraseTrie[T]) -> list[int]:
        """Return the indices of the tokens at which some phrase of a trie may start."""
        first = trie.first_keys
        found = [i for i, key in enumerate(self.keys[: self.n]) if key in first]
        if self._abbreviations:
            found = sorted(set(found).union(self._abbreviations))
        return found

    def is_capitalized(self, i: int) -> bool:
        """Return whether token i starts with a capital letter."""
        return 0 <= i < self.n and self.forms[i][0].isupper()

    def is_lower(self, i: int) -> bool:
        """Return whether token i is a word that starts with a lower-case letter."""
        return 0 <= i < self.n and self.forms[i][0].islower()

    def is_all_caps(self, i: int) -> bool:
        """Return whether token i is an upper-case abbreviation of two or more letters ("UBND")."""
        form = self.forms[i]
        return len(form) > 1 and form.isupper()

    def is_word(self, i: int) -> bool:
        """Return whether token i is a syllable or number rather than a punctuation mark."""
        return 0 <= i < self.n and self.forms[i][0].isalnum()

    def adjacent(self, i: int) -> bool:
        """Return whether token i follows token i-1 on the same line, without a line break."""
        return 0 < i < self.n and i not in self.after_break

    def word_of(self, i: int) -> int:
        """Return the index of the segmented word that holds token i, or -1."""
        if not self._words:
            return -1
        w = bisect_right(self._word_starts, self.starts[i]) - 1
        if w >= 0 and self._words[w][1] >= self.ends[i]:
            return w
        return -1

    def same_word(self, i: int, j: int) -> bool:
        """Return whether tokens i and j belong to one segmented word."""
        if not (0 <= i < self.n and 0 <= j < self.n):
            return False
        w = self.word_of(i)
        return w >= 0 and w == self.word_of(j)

    def word_end(self, i: int) -> int:
        """Return the index after the last token of the segmented word holding token i."""
        w = self.word_of(i)
        if w < 0:
            return i + 1
        end = self._words[w][1]
        j = i + 1
        while j < self.n and self.ends[j] <= end:
            j += 1
        return j

    def index_starting_at(self, offset: int) -> int | None:
        """Return the index of the token that starts at a text offset, if any."""
        i = bisect_left(self.starts, offset, 0, self.n)
        return i if i < self.n and self.starts[i] == offset else None

    def index_ending_at(self, offset: int) -> int | None:
        """Return the index of the token that ends at a text offset, if any."""
        i = bisect_left(self.ends, offset, 0, self.n)
        return i if i < self.n and self.ends[i] == offset else None

    def span(self, i: int, j: int) -> Span:
        """Return the text span of tokens i..j-1."""
        return (self.starts[i], self.ends[j - 1])

    def surface(self, i: int, j: int) -> str:
        """Return the text of tokens i..j-1 as written."""
        return self.text[self.starts[i] : self.ends[j - 1]]

    def expanded(self, i: int, j: int) -> str:
        """Return tokens i..j-1 as a name: abbreviations written out, spacing and dashes tidied."""
        out: list[str] = []
        k = i
        while k < j:
            form = self.forms[k]
            abbreviation = self.abbreviated[k]
            if abbreviation is not None:
                out.append(abbreviation.expansion)
                k = self.after_abbreviation_dot(k)
                continue
            if form in ",.;:)" and out:
                out[-1] += form
            elif out and out[-1].endswith("("):
                out[-1] += form
            elif form.translate(_DASHES) == "-":
                out.append("–")
            else:
                out.append(form)
            k += 1
        return " ".join(out)

    def after_abbreviation_dot(self, i: int) -> int:
        """Return the index after abbreviation token i and the full stop written right after it."""
        j = i + 1
        if (
            j + 1 < self.n
            and self.forms[j] == "."
            and self.starts[j] == self.ends[i]
            and self.forms[j + 1][0].isupper()
            and j + 1 not in self.after_break
        ):
            return j + 1
        return j


_streams: list[tuple[str, list[Span], TokenStream]] = []


def token_stream(doc: Document) -> TokenStream:
    """Return the tokens of a document, reusing the stream the previous step built for it."""
    for text, words, stream in _streams:
        if text is doc.text and words is doc.words:
            return stream
    stream = TokenStream(doc.text, doc.words)
    _streams[:] = [(doc.text, doc.words, stream)]  # holding the text keeps its identity unique
    return stream


class _Node(Generic[T]):
    """A trie node: the next token keys, and the values of the phrases that end here."""

    __slots__ = ("children", "values")

    def __init__(self) -> None:
        self.children: dict[str, _Node[T]] = {}
        self.values: list[T] = []


class PhraseTrie(Generic[T]):
    """Lexicon phrases keyed by their token keys; matches start at a token and end at a token."""

    def __init__(self) -> None:
        self._root: _Node[T] = _Node()
        self.first_keys = self._root.children  # the keys a phrase may start with

    def add(self, phrase: str | tuple[str, ...], value: T) -> None:
        """Add a phrase (text, or its keys) with a value; a phrase may carry several values."""
        keys = phrase_keys(phrase) if isinstance(phrase, str) else phrase
        node = self._root
        for key in keys:
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = _Node()
            node = child
        node.values.append(value)

    def starts_with(self, key: str) -> bool:
        """Return whether some phrase starts with this token key."""
        return key in self.first_keys

    def matches(self, stream: TokenStream, i: int) -> list[tuple[int, list[T]]]:
        """Return (end token, values) for every phrase that starts at token i, shortest first."""
        found: list[tuple[int, list[T]]] = []
        node: _Node[T] | None = self._root
        j = i
        while j < stream.n and node is not None:
            if j > i and not stream.adjacent(j):
                break  # a phrase never runs across a line break
            abbreviation = stream.abbreviated[j]
            for key in abbreviation.keys if abbreviation else (stream.keys[j],):
                node = node.children.get(key) if node is not None else None
            if node is None:
                break
            j = stream.after_abbreviation_dot(j) if abbreviation else j + 1
            if node.values:
                found.append((j, node.values))
        return found

    def longest(self, stream: TokenStream, i: int) -> tuple[int, list[T]] | None:
        """Return the longest phrase match at token i, if any."""
        found = self.matches(stream, i)
        return found[-1] if found else None


def spans_by_start(stream: TokenStream, spans: Iterable[tuple[Span, T]]) -> dict[int, tuple[int, T]]:
    """Return, per start token, the end token and value of the longest span starting there."""
    out: dict[int, tuple[int, T]] = {}
    for (start, end), value in spans:
        i = stream.index_starting_at(start)
        j = stream.index_ending_at(end)
        if i is None or j is None or j < i:
            continue
        if i not in out or out[i][0] < j + 1:
            out[i] = (j + 1, value)
    return out
