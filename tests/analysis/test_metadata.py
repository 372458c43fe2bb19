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


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Tiêu đề\n\nNgày 5/1, đoàn công tác lên đường.\n\nNguồn: Báo Quốc tế", "Báo Quốc tế"),
        ("Tiêu đề\n\nHội nghị diễn ra sáng nay.\n(Theo TTXVN)", "TTXVN"),
        ("Tiêu đề\n\nHội nghị diễn ra sáng nay.\nTheo Thông tấn xã Việt Nam.", "Thông tấn xã Việt Nam"),
        ("Tiêu đề\n\nBài đăng tại https://www.vietnamplus.vn/hoi-nghi-123.vnp hôm qua.", "TTXVN"),
        ("Tiêu đề\n\nXem thêm trên baoquangtri.vn mục đối ngoại.", "baoquangtri.vn"),
        ("Tiêu đề\n\nHội nghị diễn ra sáng nay.\n\nVOV", "VOV"),
        ("Báo Nhân Dân\nTiêu đề bài\n\nHội nghị diễn ra sáng nay.", "Báo Nhân Dân"),
    ],
)
def test_outlet_is_inferred_from_the_text_when_the_lead_has_no_tag(text: str, source: str) -> None:
    assert _meta(text).source == source


@pytest.mark.parametrize(
    "text",
    [
        "Tiêu đề\n\nHội nghị diễn ra sáng nay tại Hà Nội.",
        # An e-mail address is not the outlet; nor is a long sentence that starts with "Theo".
        "Tiêu đề\n\nMọi góp ý gửi về lienhe@gmail.com trước ngày 5/1.",
        "Tiêu đề\n\nTheo kế hoạch, hội nghị sẽ tiếp tục thảo luận các nội dung hợp tác trong những năm tới.",
        # Another outlet mentioned in the middle of the body is not this article's outlet.
        "Tiêu đề\n\nHội nghị diễn ra sáng nay.\n\nVOV\n\nĐoàn công tác trở về Hà Nội.\n\n"
        "Các đại biểu chụp ảnh.",
    ],
)
def test_text_without_an_outlet_leaves_the_source_unknown(text: str) -> None:
    assert _meta(text).source is None


def test_leading_tag_wins_over_a_source_line() -> None:
    assert _meta("(VOV) - Hội nghị diễn ra.\n\nNguồn: Báo Quốc tế").source == "VOV"


# Official documents saved as plain text: the title is the kind and summary, the source the issuer, the
# date the one the document bears. (text, title, source, published)
OFFICIAL_TEXTS = [
    (
        "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH ĐIỆN BIÊN\nSố: 37/TB-LHH\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Điện Biên, ngày 16 tháng 4 năm 2026\n\nTHÔNG BÁO\n"
        "Kết luận của Chủ tịch Liên hiệp tại Hội nghị giao ban\n"
        "công tác đối ngoại nhân dân quý I năm 2026\n\n"
        "Ngày 14/4/2026, Chủ tịch Liên hiệp chủ trì Hội nghị giao ban.",
        "Thông báo kết luận của Chủ tịch Liên hiệp tại Hội nghị giao ban công tác đối ngoại nhân dân "
        "quý I năm 2026",
        "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH ĐIỆN BIÊN",
        dt.date(2026, 4, 16),
    ),
    (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHuế, ngày 8 tháng 9 năm 2026\n"
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HUẾ\nSố: 212/KH-UBND\nKẾ HOẠCH\n"
        "Tổ chức Tuần lễ văn hóa Huế tại tỉnh Champasak\nI. MỤC ĐÍCH, YÊU CẦU",
        "Kế hoạch tổ chức Tuần lễ văn hóa Huế tại tỉnh Champasak",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ",
        dt.date(2026, 9, 8),
    ),
]


@pytest.mark.parametrize(("text", "title", "source", "published"), OFFICIAL_TEXTS)
def test_official_text_takes_its_kind_and_summary_as_title_not_its_letterhead(
    text: str, title: str, source: str, published: dt.date
) -> None:
    doc = _meta(text)
    assert (doc.title, doc.source, doc.published) == (title, source, published)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Thanh niên Quảng Trị và Savannakhet giao lưu\n\n(TTXVN) - Số 12/15 đoàn viên đã đăng ký "
            "tham gia.\nBÁO CÁO\nKết quả giao lưu sẽ được gửi tỉnh.",
            "Thanh niên Quảng Trị và Savannakhet giao lưu",
        ),
        (
            "LÀO CAI ĐÓN ĐOÀN PHỤ NỮ VÂN NAM\n\nSáng 8/3, hai đoàn gặp mặt tại cửa khẩu.",
            "LÀO CAI ĐÓN ĐOÀN PHỤ NỮ VÂN NAM",
        ),
    ],
)
def test_news_article_keeps_its_headline(text: str, title: str) -> None:
    assert _meta(text).title == title


def test_a_title_given_with_the_file_wins_over_the_header() -> None:
    doc = _meta(OFFICIAL_TEXTS[0][0], title="Thông báo số 37")
    assert doc.title == "Thông báo số 37"
