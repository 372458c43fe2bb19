from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from underthesea import word_tokenize

from doingoai.analysis.document import Document
from doingoai.analysis.segment import segment_step, sentences_split
from doingoai.analysis.wordseg import word_segmenter

SENTENCES = [
    "Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam tiếp đoàn đại biểu Hàn Quốc.",
    "Tổ chức phi chính phủ KOVA cam kết tài trợ 1,2 triệu USD xây 3 trường mầm non ở Quảng Trị.",
    "Ông Nguyễn Văn An, Phó Chủ tịch UBND tỉnh Nghệ An, phát biểu tại lễ ký kết ngày 12/3/2026.",
    "Theo kế hoạch, giai đoạn 2026-2030 tỉnh sẽ vận động hơn 50 triệu USD viện trợ.",
    "“Chúng tôi luôn coi nhân dân Việt Nam là người bạn thân thiết”, bà Kim nói.",
    "Dự án hỗ trợ 110.000 đồng/kg cà phê cho 4.500 hộ dân (tăng 8% so với năm 2025).",
    "Website https://example.org/tin-tuc và email lienhe@example.org được công bố!",
    "A",
    "...",
    "Hà-Nội, TP.HCM, Đà Nẵng: -3 + 99999999999999999999 ¼ İstanbul",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_fast_segmenter_gives_the_same_words_as_underthesea(sentence: str) -> None:
    assert word_segmenter()(sentence) == word_tokenize(sentence, use_token_normalize=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Bộ", "Ngoại", "giao", "đối", "ngoại", "nhân", "dân", "Hà", "Nội", "2025", "1.200", "-3", ",",
             ".", "(", ")", "“", "”", "x1", "ABC", "tỷ", "đồng", "USD", "%", "Đ", "ß", "ǅa", "/"]
        ),
        min_size=1,
        max_size=40,
    )
)  # fmt: skip
def test_fast_segmenter_matches_underthesea_on_random_sequences(parts: list[str]) -> None:
    sentence = " ".join(parts)
    assert word_segmenter()(sentence) == word_tokenize(sentence, use_token_normalize=False)


def test_a_line_break_always_ends_a_sentence() -> None:
    text = "Tiêu đề không có dấu chấm\nCâu thứ nhất. Câu thứ hai."
    pieces = [text[s:e] for s, e in sentences_split(text)]
    assert pieces == ["Tiêu đề không có dấu chấm", "Câu thứ nhất.", "Câu thứ hai."]


def test_words_are_spans_and_group_syllables() -> None:
    text = "Bộ trưởng tiếp đoàn\nđại   biểu Lào."
    doc = segment_step(Document(text=text))
    words = [text[s:e] for s, e in doc.words]
    assert words == ["Bộ trưởng", "tiếp", "đoàn", "đại   biểu", "Lào", "."]


@given(st.text(max_size=300))
@settings(deadline=None, max_examples=80)
def test_segmentation_never_raises_and_spans_stay_inside(text: str) -> None:
    doc = segment_step(Document(text=text))
    for s, e in doc.sentences + doc.words:
        assert 0 <= s < e <= len(text)
