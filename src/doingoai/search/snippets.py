"""Cut highlighted snippets out of a document's text for the words of a query.

The words are found in a key of the text, exact or folded (both keep the length), so their
offsets are offsets in the original text: the snippet shows the original words, each match in `<mark>`.
The HTML is built here from escaped pieces; no user text reaches a template unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from doingoai.search.plan import key_of

SNIPPET_CHARS = 220
SNIPPETS_MAX = 3


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    # A phrase's words may stand apart by anything that is not a letter or a digit, as the index
    # reads them: spaces, a line break, a dash ("Việt Nam - Lào"), a comma.
    alternatives = "|".join(
        r"[\W_]+".join(re.escape(part) for part in w.split()) for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def matches_find(
    text: str, words: Sequence[str], field_kind: str = "folded", key: str | None = None
) -> list[tuple[int, int]]:
    """Return the spans of `text` where a query word (in the field's key) occurs as a whole word.

    `key` is the text's key when the caller has it already (the index stores both).
    """
    pattern = _pattern(words)
    if pattern is None:
        return []
    if key is None or len(key) != len(text):
        key = key_of(field_kind, text)
    return [m.span() for m in pattern.finditer(key)]


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> SafeString:
    """Return `text` escaped, with each of the (sorted, disjoint) `spans` wrapped in `<mark>`."""
    parts: list[str] = []
    cursor = 0
    for start, end in spans:
        parts += [escape(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe("".join(parts))


def _window(text: str, center: int, first: int = 0) -> tuple[int, int]:
    start = max(first, center - SNIPPET_CHARS // 2)
    end = min(len(text), start + SNIPPET_CHARS)
    start = max(first, end - SNIPPET_CHARS)
    # Cut at spaces, so no word is shown in half.
    if start > first:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < center else start
    if end < len(text):
        space = text.rfind(" ", center, end)
        end = space if space > center else end
    return start, end


def snippets_make(
    text: str, words: Sequence[str], field_kind: str = "folded", key: str | None = None, first: int = 0
) -> list[SafeString]:
    """Return up to `SNIPPETS_MAX` highlighted excerpts of `text` around the query's words.

    Without a match, return the beginning of the text (escaped) as the only snippet. Nothing
    before offset `first` is shown (a caller's leading lines that are not the article's words).
    """
    matches = [(s, e) for s, e in matches_find(text, words, field_kind, key) if s >= first]
    if not matches:
        start, end = _window(text, first, first)
        return [highlight(text[start:end] + ("…" if end < len(text) else ""), [])]
    out: list[SafeString] = []
    covered_until = -1
    for match_start, _match_end in matches:
        if match_start < covered_until:
            continue
        start, end = _window(text, match_start, first)
        inside = [(s - start, e - start) for s, e in matches if s >= start and e <= end]
        html = highlight(text[start:end], inside)
        prefix = "…" if start > first else ""
        suffix = "…" if end < len(text) else ""
        out.append(mark_safe(f"{prefix}{html}{suffix}"))
        covered_until = end
        if len(out) == SNIPPETS_MAX:
            break
    return out
