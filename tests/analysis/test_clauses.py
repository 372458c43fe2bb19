"""Tests of the clause toolkit: tokens, the subject before a verb, and whether it names an actor."""

from __future__ import annotations

import pytest

from doingoai.analysis.clauses import actor_like, subject_range, tokens_between


def test_clause_tokens_keep_hyphenated_and_apostrophe_syllables_whole() -> None:
    text = "Ông Kim Jong-un và bà H'Xuân - đại biểu"
    assert [t.text for t in tokens_between(text, 0, len(text))] == [
        "Ông", "Kim", "Jong-un", "và", "bà", "H'Xuân", "-", "đại", "biểu",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "verb", "subject", "names_an_actor"),
    [
        ("Bộ trưởng cũng nhấn mạnh việc giữ vững hòa bình.", "nhấn", "Bộ trưởng", True),
        ("Bà Lò Thị Mai, Chủ tịch Hội, cho biết kế hoạch đã xong.", "cho", "Bà Lò Thị Mai", True),
        ("Đồng thời, yêu cầu các xã rà soát danh sách.", "yêu", "", False),
        ("Trong buổi gặp, các đại biểu đề nghị mở thêm lớp học.", "đề", "các đại biểu", True),
        ("Có thể nói, đây là bước tiến lớn.", "nói", "Có thể", False),
    ],
)
def test_subject_before_a_verb_is_its_own_clause_without_adverbs(
    sentence: str, verb: str, subject: str, names_an_actor: bool
) -> None:
    tokens = tokens_between(sentence, 0, len(sentence))
    at = next(i for i, t in enumerate(tokens) if t.text == verb)
    start, end = subject_range(tokens, at)
    assert " ".join(t.text for t in tokens[start:end]) == subject
    assert actor_like(tokens, start, end) is names_an_actor
