from __future__ import annotations

import datetime as dt

import pytest

from doingoai.analysis.document import Document
from doingoai.analysis.metadata import metadata_step


def _meta(text: str, **hints: str) -> Document:
    return metadata_step(Document(text=text, hints=dict(hints)))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("(TBTCO) - Ngày 5/1, đoàn công tác của tỉnh đã lên đường.", "TBTCO"),
        ("(TTXVN) – Sáng nay, hội nghị khai mạc tại Hà Nội.", "TTXVN"),
        ("(Báo Quốc tế) — Chiều 12/3, Liên hiệp tiếp đoàn.", "Báo Quốc tế"),
        ("Tiêu đề bài viết\n\n(VOV) - Hôm qua, lễ ký kết diễn ra.", "VOV"),
        ("(Chinhphu.vn) - Thủ tướng chủ trì phiên họp.", "Chinhphu.vn"),
    ],
)
def test_leading_outlet_tag_gives_the_source(text: str, source: str) -> None:
    assert _meta(text).source == source


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị có sự tham dự của đại diện (UBND) tỉnh - và các sở.",
        "Ngày 5/1, đoàn công tác (gồm 12 người) - đã lên đường.",
        "",
    ],
)
def test_parentheses_later_in_the_text_are_not_a_source(text: str) -> None:
    assert _meta(text).source is None


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("date 2025-12-30 Tại hội nghị, các đại biểu thảo luận.", dt.date(2025, 12, 30)),
        (" date 2026-03-01\nTiêu đề\n\nNội dung bài.", dt.date(2026, 3, 1)),
        ("Tiêu đề\ndate 2026-11-02\n(TTXVN) - Nội dung.", dt.date(2026, 11, 2)),
    ],
)
def test_leading_date_tag_gives_the_published_date(text: str, published: dt.date) -> None:
    assert _meta(text).published == published


def test_invalid_date_tag_gives_no_date() -> None:
    assert _meta("date 2025-13-45 Nội dung.").published is None


def test_html_hints_fill_what_the_text_lacks() -> None:
    doc = _meta("Nội dung không có thẻ.", title="Tiêu đề trang", published="2026-04-09", source="Báo Mới")
    assert (doc.title, doc.published, doc.source) == ("Tiêu đề trang", dt.date(2026, 4, 9), "Báo Mới")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Đoàn thanh niên thăm Lào\n\nNội dung bài viết dài.", "Đoàn thanh niên thăm Lào"),
        (
            "date 2026-01-05 Lời dẫn dài của bài báo kết thúc bằng dấu chấm.\n\n"
            "Quảng Trị tiếp nhận viện trợ xây trường\n\nĐoạn tiếp theo.",
            "Quảng Trị tiếp nhận viện trợ xây trường",
        ),
        ("Hội Hữu nghị Việt – Lào gặp mặt đầu xuân\n(TTXVN) - Sáng 2/2, hội gặp mặt.", None),
    ],
)
def test_title_is_the_first_heading_like_line(text: str, title: str | None) -> None:
    expected = title or "Hội Hữu nghị Việt – Lào gặp mặt đầu xuân"
    assert _meta(text).title == expected


def test_text_of_only_long_sentences_has_no_title() -> None:
    assert _meta("Câu thứ nhất kết thúc bằng dấu chấm.\nCâu thứ hai cũng vậy.").title is None
