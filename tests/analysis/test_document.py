"""Tests of the Document itself: which sentence holds an offset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doingoai.analysis.document import Document
from doingoai.analysis.segment import sentences_split

# Two sentences, two spaces between them, a line break and a third: "Đoàn đến Huế." (0, 13),
# "Chiều nay về." (15, 28), "Mai đi tiếp." (29, 41).
TEXT = "Đoàn đến Huế.  Chiều nay về.\nMai đi tiếp."
SENTENCES = [(0, 13), (15, 28), (29, 41)]


def _doc() -> Document:
    return Document(text=TEXT, sentences=list(SENTENCES))


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, 0),  # the first character of the text
        (5, 0),  # inside the first sentence
        (12, 0),  # its closing full stop
        (13, None),  # its end: the space after it belongs to no sentence
        (14, None),  # the second space between the sentences
        (15, 1),  # the start of the second sentence
        (27, 1),  # its last character
        (28, None),  # the line break between the second and the third
        (29, 2),  # a sentence that starts right after a line break
        (40, 2),  # the last character of the text
        (41, None),  # the end of the text
        (500, None),  # far past the end
        (-1, None),  # before the text
    ],
)
def test_sentence_at_follows_the_span_rule(offset: int, expected: int | None) -> None:
    assert _doc().sentence_at(offset) == expected


def test_sentence_at_the_end_of_one_sentence_is_the_next_when_they_touch() -> None:
    doc = Document(text="Một.Hai.", sentences=[(0, 4), (4, 8)])
    assert [doc.sentence_at(i) for i in (3, 4, 7, 8)] == [0, 1, 1, None]


def test_sentence_at_is_none_when_the_document_is_not_segmented() -> None:
    assert Document(text=TEXT).sentence_at(3) is None


@given(st.text(alphabet="Đoàn đếHuêChiyvM.!?\n ", max_size=120), st.integers(min_value=-5, max_value=130))
def test_sentence_at_agrees_with_the_spans(text: str, offset: int) -> None:
    doc = Document(text=text, sentences=sentences_split(text))
    holding = [k for k, (start, end) in enumerate(doc.sentences) if start <= offset < end]
    assert doc.sentence_at(offset) == (holding[0] if holding else None)
