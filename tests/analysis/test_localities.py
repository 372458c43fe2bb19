"""Hamlets, streets and sites named after a word for their kind, in our own Vietnamese sentences."""

from __future__ import annotations

import pytest

from doingoai.analysis import analyze_text
from doingoai.analysis.localities import localities_find

# (sentence, [(mention, kind)])
LOCALITIES = [
    ("Đoàn khách hạ cánh xuống sân bay Phù Cát lúc trưa.", [("sân bay Phù Cát", "sân bay")]),
    ("Chuyến bay đáp ở Sân bay Liên Khương đêm qua.", [("Sân bay Liên Khương", "sân bay")]),
    (
        "Tàu cập cảng hàng không quốc tế Cam Ranh sớm.",
        [("cảng hàng không quốc tế Cam Ranh", "cảng hàng không")],
    ),
    ("Người dân thôn Phú Hậu góp tiền làm đường.", [("thôn Phú Hậu", "thôn")]),
    ("Ông về xóm Bãi Dài, xã bên cạnh.", [("xóm Bãi Dài", "xóm")]),
    ("Tiểu thương chợ đầu mối Long Biên nghỉ bán.", [("chợ đầu mối Long Biên", "chợ")]),
    ("Nhóm bạn ghé quán bar Saigon Night rồi về.", [("quán bar Saigon Night", "quán bar")]),
    ("Khách lưu trú tại khách sạn Sông Hàn đã được xét nghiệm.", [("khách sạn Sông Hàn", "khách sạn")]),
    ("Nhà cô ở số 5 đường Lê Thánh Tông.", [("đường Lê Thánh Tông", "đường")]),
    ("Cửa hàng nằm trong ngõ 12 phố Hàng Bông.", [("ngõ 12", "ngõ"), ("phố Hàng Bông", "phố")]),
    ("Công nhân Khu công nghiệp Quang Minh được nghỉ.", [("Khu công nghiệp Quang Minh", "khu công nghiệp")]),
    ("Phật tử về chùa Bái Đính dự lễ.", [("chùa Bái Đính", "chùa")]),
    (
        "Đoàn đến thăm thánh đường Hồi giáo Mubarak ở Châu Đốc.",
        [("thánh đường Hồi giáo Mubarak", "thánh đường")],
    ),
    # a shop may say what it sells before its name
    ("Nhóm bạn ăn trưa ở quán bún chả Hương Liên.", [("quán bún chả Hương Liên", "quán")]),
    ("Nhà hàng hải sản Biển Xanh mở cửa lại.", [("Nhà hàng hải sản Biển Xanh", "nhà hàng")]),
    ("Hàng hoá qua cửa khẩu quốc tế Lào Cai tăng mạnh.", [("cửa khẩu quốc tế Lào Cai", "cửa khẩu")]),
    # a name that begins with a common noun capitalizes its first syllable only
    (
        "Đoàn cựu chiến binh thăm Khu di tích Đôi bờ Hiền Lương chiều nay.",
        [("Khu di tích Đôi bờ Hiền Lương", "khu di tích")],
    ),
    (
        "Thanh niên hai nước dâng hương tại khu di tích Ngã ba Đồng Lộc.",
        [("khu di tích Ngã ba Đồng Lộc", "khu di tích")],
    ),
    ("Du khách xếp hàng vào Di tích Địa đạo Vịnh Mốc.", [("Di tích Địa đạo Vịnh Mốc", "di tích")]),
    # ... but not over a verb, a word for another place, or before fewer than two capitalized syllables
    ("Người dân ra chùa Keo đón Tổng Bí thư về thăm.", [("chùa Keo", "chùa")]),
    ("Cửa hàng nằm trong ngõ Huế phố Hàng Bông.", [("ngõ Huế", "ngõ"), ("phố Hàng Bông", "phố")]),
    ("Bà con chợ Cồn sắm Tết nhộn nhịp.", [("chợ Cồn", "chợ")]),
]

# A kind word inside a compound, or before a lower-case word, or a capitalized hospital: no locality.
NOT_LOCALITIES = [
    "Tổng lãnh sự quán Hoa Kỳ cấp thị thực.",
    "Họ yêu cầu Bộ Y tế trả lời sớm.",
    "Văn bản Chính phủ đã được ban hành.",
    "Con đường phía trước còn dài.",
    "Bệnh nhân được chuyển tới Chợ Rẫy điều trị.",
    "Thành phố Vinh đón khách du lịch.",
    "Người nhà chăm sóc Bệnh nhân suốt đêm.",
    "Quán ăn ở Hà Nội đông khách dịp cuối tuần.",
]


@pytest.mark.parametrize(("sentence", "expected"), LOCALITIES)
def test_kind_word_and_capitalized_name_make_a_locality(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert [(sentence[s:e], lo.kind) for lo in localities_find(sentence) for s, e in [lo.span]] == expected


@pytest.mark.parametrize("sentence", NOT_LOCALITIES)
def test_kind_word_in_a_compound_or_before_lower_case_makes_no_locality(sentence: str) -> None:
    assert localities_find(sentence) == []


def test_street_named_after_a_province_names_no_province() -> None:
    doc = analyze_text("Quán cà phê trên phố Huế và đường Tây Ninh mở cửa lại.")
    assert sorted((p.name, p.kind) for p in doc.places) == [("phố Huế", "phố"), ("đường Tây Ninh", "đường")]


def test_site_named_after_a_province_keeps_the_province() -> None:
    doc = analyze_text("Máy bay hạ cánh ở sân bay Cần Thơ.")
    assert sorted((p.name, p.kind) for p in doc.places) == [
        ("Cần Thơ", "thành phố trung ương"),
        ("sân bay Cần Thơ", "sân bay"),
    ]


# Airports that news names without "sân bay" (airports.txt): the mention is the bare name.
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Chuyến bay hạ cánh xuống Cát Bi lúc 9 giờ, khách được đưa đi cách ly.",
            [("Cát Bi", "sân bay Cát Bi")],
        ),
        ("Chị bay từ Tân Sơn Nhất ra Hà Nội sáng nay.", [("Tân Sơn Nhất", "sân bay Tân Sơn Nhất")]),
        ("Đoàn nhập cảnh qua Nội Bài (Hà Nội) rồi về quê.", [("Nội Bài", "sân bay Nội Bài")]),
        # with its kind word, one mention only
        ("Họ chờ ở sân bay Liên Khương suốt buổi chiều.", [("sân bay Liên Khương", "sân bay Liên Khương")]),
    ],
)
def test_airport_written_without_its_kind_word_is_an_airport(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert [(sentence[s:e], lo.name) for lo in localities_find(sentence) for s, e in [lo.span]] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Công ty Nội Bài Xanh khai trương chi nhánh.",  # part of a longer capitalized name
        "Đội bóng Tân Sơn Nhất Phúc Lộc giành chiến thắng.",
    ],
)
def test_airport_name_inside_a_longer_name_is_no_airport(sentence: str) -> None:
    assert [lo for lo in localities_find(sentence) if lo.kind == "sân bay"] == []
