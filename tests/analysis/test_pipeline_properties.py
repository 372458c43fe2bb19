"""Properties of the whole analysis: it never raises, and every span covers the words it claims."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.analysis import analyze_text
from doingoai.analysis.document import Document

# Pieces of Vietnamese news text that trigger every step: titles and names, bodies and their
# abbreviations, places, numbers with scale words and currencies, dates, references, directive
# verbs, quotation marks, and the punctuation between them.
FRAGMENTS = [
    "Bộ trưởng", "Bộ Ngoại giao", "Lê", "Văn", "Hùng", "Trần Thị Mai", "Ủy viên Bộ Chính trị", "đồng chí",
    "UBND", "tỉnh", "Quảng Trị", "Quảng Bình", "xã", "Lao Bảo", "TP.HCM", "Hàn Quốc", "(Nhật Bản)",
    "Liên hiệp các tổ chức hữu nghị", "tổ chức phi chính phủ", "MTTQ", "Việt Nam",
    "hơn", "khoảng", "gần", "dự kiến", "từ", "đến", "50", "1,2", "15.000", "2025", "30/12", "12/2025",
    "tỷ", "triệu", "nghìn", "đồng", "USD", "euro", "/kg", "%", "xã biên giới", "điểm cầu",
    "ngày", "tháng", "năm", "quý I/2026", "giai đoạn", "2026-2030", "Chỉ thị số 12", "66/NQ-CP",
    "giao", "chủ trì", "phối hợp với", "yêu cầu", "đề nghị", "trước ngày", "nói", "nhấn mạnh:",
    "“", "”", '"', ",", ".", ";", ":", "-", "(", ")", "\n", "\n\n", " ", "date 2026-03-01", "(TTXVN) -",
]  # fmt: skip


def _check(doc: Document) -> None:
    n = len(doc.text)
    for _layer, (start, end), claimed in doc.all_spans():
        assert 0 <= start <= end <= n
        if claimed is not None:
            assert doc.text[start:end] == claimed
    for d in doc.directives:
        assert d.task


@settings(max_examples=120, deadline=None)
@given(st.text(max_size=400))
def test_analysis_never_raises_on_arbitrary_text(text: str) -> None:
    _check(analyze_text(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(" ".join))
def test_analysis_never_raises_on_news_like_fragments(text: str) -> None:
    _check(analyze_text(text))
