"""The segmentation step: sentences and words, with underthesea's offline CRF models.

underthesea returns strings; this step finds them again in the text so that every sentence and
word is a span. Only sentence splitting and the CRF word segmentation model are used: they load
models shipped in the wheel, while `classify`, `sentiment` and `ner(deep=True)` would download
models. Words come from `wordseg.WordSegmenter`, which gives underthesea's `word_tokenize` output
about twice as fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from doingoai.analysis.document import Document, Span
from doingoai.analysis.packages import underthesea_module
from doingoai.analysis.wordseg import word_segmenter

_PARAGRAPH = re.compile(r"[^\n]+")


def _sentences(text: str) -> list[str]:
    split: Callable[[str], list[str]] = underthesea_module("pipeline.sent_tokenize").sent_tokenize
    return split(text)


def _locate(text: str, pieces: list[str], start: int, end: int) -> list[Span]:
    """Return the spans of `pieces`, found in order in text[start:end]; skip pieces not found."""
    spans: list[Span] = []
    pos = start
    for piece in pieces:
        syllables = piece.split()
        if not syllables:
            continue
        first = text.find(syllables[0], pos, end)
        if first < 0:
            continue
        last_end = first + len(syllables[0])
        ok = True
        for syl in syllables[1:]:
            nxt = text.find(syl, last_end, end)
            if nxt < 0 or text[last_end:nxt].strip():
                ok = False
                break
            last_end = nxt + len(syl)
        if ok:
            spans.append((first, last_end))
            pos = last_end
    return spans


# A line that ends where a sentence may end: a full stop, a colon, a closing quote or bracket…
_LINE_CLOSED = re.compile(r"[.!?…:;\"”’)\]]\s*$")
# A line that starts a list item or a heading's number: "- ", "• ", "a) ", "1. ", "2) ", "II. ".
_LINE_ITEM = re.compile(r"\s*(?:[-–—•+*]|\w{1,3}[.)])\s")


# Words that a figure follows in the same sentence: a line ending in one goes on with the figure.
_WANTS_FIGURE = (" ngày", " tháng", " là")


def _wrapped(before: str, after: str) -> bool:
    """Return whether a line break between two lines only wraps a sentence (as text pasted from Word or PDF).

    The sentence goes on when the first line is left open (no closing punctuation) and the next
    starts in lower case, or with a figure after a word that wants one ("trước ngày" / "30/6/2026");
    never into a list item. A capitalised next line is a new sentence or heading.
    """
    if not before.strip() or not after.strip() or _LINE_CLOSED.search(before) or _LINE_ITEM.match(after):
        return False
    first, last = after.lstrip()[0], before.rstrip()
    return first.islower() or (first.isdigit() and (last.endswith(",") or last.endswith(_WANTS_FIGURE)))


def _paragraphs(text: str) -> list[Span]:
    """Return the spans of the paragraphs of `text`: its lines, with wrapped lines joined."""
    spans: list[Span] = []
    for line in _PARAGRAPH.finditer(text):
        if not line.group(0).strip():
            continue
        if (
            spans
            and text[spans[-1][1] : line.start()] == "\n"
            and _wrapped(text[spans[-1][0] : spans[-1][1]], line.group(0))
        ):
            spans[-1] = (spans[-1][0], line.end())
        else:
            spans.append(line.span())
    return spans


def sentences_split(text: str) -> list[Span]:
    """Return the sentence spans of `text`; a line break ends a sentence unless it only wraps one.

    A sentence cut by a single line break, as in text pasted from Word or PDF, stays one sentence
    (see `_wrapped`): its deadline, names and clauses are read as written.
    """
    spans: list[Span] = []
    for start, end in _paragraphs(text):
        # Same length: the wrap becomes a space for the splitter, offsets are unchanged.
        spans += _locate(text, _sentences(text[start:end].replace("\n", " ")), start, end)
    return spans


def words_split(text: str, sentence: Span) -> list[Span]:
    """Return the word spans of one sentence; a word may hold several syllables, never a line break."""
    spans: list[Span] = []
    start, end = sentence
    for line in _PARAGRAPH.finditer(text, start, end):
        tokens = word_segmenter()(line.group(0))
        spans += _locate(text, tokens, line.start(), line.end())
    return spans


def segment_step(doc: Document) -> Document:
    """Add the sentences and the words of the document."""
    doc.sentences = sentences_split(doc.text)
    doc.words = [w for s in doc.sentences for w in words_split(doc.text, s)]
    return doc
