"""The segmentation step: sentences and words, with underthesea's offline CRF models.

underthesea returns strings; this step finds them again in the text so that every sentence and
word is a span. Only sentence splitting and the CRF word segmentation model are used: they load
models shipped in the wheel, while `classify`, `sentiment` and `ner(deep=True)` would download
models. Words come from `wordseg.WordSegmenter`, which gives underthesea's `word_tokenize` output
about twice as fast.
"""

from __future__ import annotations

import re

from underthesea import sent_tokenize

from doingoai.analysis.document import Document, Span
from doingoai.analysis.wordseg import word_segmenter

_PARAGRAPH = re.compile(r"[^\n]+")


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


def sentences_split(text: str) -> list[Span]:
    """Return the sentence spans of `text`; a line break always ends a sentence."""
    spans: list[Span] = []
    for para in _PARAGRAPH.finditer(text):
        if not para.group(0).strip():
            continue
        spans += _locate(text, sent_tokenize(para.group(0)), para.start(), para.end())
    return spans


def words_split(text: str, sentence: Span) -> list[Span]:
    """Return the word spans of one sentence; a word may hold several syllables."""
    start, end = sentence
    tokens = word_segmenter()(text[start:end])
    return _locate(text, tokens, start, end)


def segment_step(doc: Document) -> Document:
    """Add the sentences and the words of the document."""
    doc.sentences = sentences_split(doc.text)
    doc.words = [w for s in doc.sentences for w in words_split(doc.text, s)]
    return doc
