"""The places step: provinces, communes and countries, with their spans, in our own Vietnamese sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.analysis import Document, Pipeline, normalize_step
from doingoai.analysis.admin_units import PROVINCE_KINDS, communes_find, province_lookup
from doingoai.analysis.document import Place
from doingoai.analysis.gazetteer import (
    KIND_FOREIGN_CITY,
    KIND_FOREIGN_PREFECTURE,
    KIND_FOREIGN_PROVINCE,
    foreign_cities,
    foreign_provinces,
)
from doingoai.analysis.places import (
    KIND_COUNTRY,
    KIND_REGION,
    KIND_TERRITORY,
    countries_all,
    country_lookup,
    places_step,
)
from doingoai.analysis.segment import segment_step
from doingoai.analysis.text import text_normalize, tone_key

PIPELINE = Pipeline(
    [
        ("normalize", normalize_step),
        ("segment", segment_step),
        ("places", places_step),
    ]
)


def analyse(text: str) -> Document:
    return PIPELINE(Document(text=text))


def mentions(doc: Document) -> list[tuple[str, str, str, str | None, str | None, str | None]]:
    """Return every mention as (span text, name, kind, province code, code, original), in text order."""
    out = [
        (doc.text[s:e], p.name, p.kind, p.province_code, p.code, p.original)
        for p in doc.places
        for s, e in p.spans
    ]
    return sorted(out, key=lambda m: doc.text.index(m[0]))


def named(doc: Document) -> set[str]:
    return {doc.text[s:e] for p in doc.places for s, e in p.spans}


HANOI = ("Hà Nội", "thành phố trung ương", "01", "01")
HCMC = ("Thành phố Hồ Chí Minh", "thành phố trung ương", "79", "79")
QUANG_TRI = ("Quảng Trị", "tỉnh", "44", "44")

# (sentence, [(words of a mention, name, kind, province code, code)]) for the provinces in force.
PROVINCES = [
    (
        "Đoàn công tác của tỉnh Quảng Trị đã sang thăm tỉnh Savannakhet.",
        [("tỉnh Quảng Trị", *QUANG_TRI), ("tỉnh Savannakhet", "Savannakhet", "tỉnh nước ngoài", None, "LA")],
    ),
    ("Hội nghị diễn ra tại Hà Nội trong hai ngày.", [("Hà Nội", *HANOI)]),
    ("Thủ đô Hà Nội đón ba đoàn khách quốc tế trong tuần.", [("Thủ đô Hà Nội", *HANOI)]),
    ("Lãnh đạo thành phố Hà Nội tiếp đoàn đại biểu kiều bào.", [("thành phố Hà Nội", *HANOI)]),
    ("Sở Ngoại vụ TP.HCM phối hợp tổ chức diễn đàn.", [("TP.HCM", *HCMC)]),
    ("TP. Hồ Chí Minh sẽ đăng cai sự kiện vào tháng tới.", [("TP. Hồ Chí Minh", *HCMC)]),
    ("Hàng nghìn bạn trẻ TPHCM tham gia ngày hội.", [("TPHCM", *HCMC)]),
    ("UBND TP Hồ Chí Minh ban hành kế hoạch năm 2026.", [("TP Hồ Chí Minh", *HCMC)]),
    ("Thành phố Hồ Chí Minh tiếp nhận 12 dự án viện trợ.", [("Thành phố Hồ Chí Minh", *HCMC)]),
    ("Ngày hội văn hóa được tổ chức ở Huế.", [("Huế", "Huế", "thành phố trung ương", "46", "46")]),
    (
        "Đoàn đã đến thăm Khánh Hoà và Đắk Lắk.",
        [("Khánh Hoà", "Khánh Hòa", "tỉnh", "56", "56"), ("Đắk Lắk", "Đắk Lắk", "tỉnh", "66", "66")],
    ),
    ("UBND tỉnh Thanh Hoá giao Sở Ngoại vụ chủ trì.", [("tỉnh Thanh Hoá", "Thanh Hóa", "tỉnh", "38", "38")]),
    (
        "Tại Cần Thơ, hội thảo thu hút 200 đại biểu.",
        [("Cần Thơ", "Cần Thơ", "thành phố trung ương", "92", "92")],
    ),
    (
        "Các tỉnh Quảng Trị, Quảng Ngãi và Gia Lai cùng tham gia.",
        [
            ("tỉnh Quảng Trị", *QUANG_TRI),
            ("Quảng Ngãi", "Quảng Ngãi", "tỉnh", "51", "51"),
            ("Gia Lai", "Gia Lai", "tỉnh", "52", "52"),
        ],
    ),
    ("Bí thư Tỉnh ủy Lạng Sơn dự buổi tiếp.", [("Lạng Sơn", "Lạng Sơn", "tỉnh", "20", "20")]),
    (
        "Chủ tịch UBND tỉnh Quảng Ninh Trần Văn Bình phát biểu chào mừng.",
        [("tỉnh Quảng Ninh", "Quảng Ninh", "tỉnh", "22", "22")],
    ),
    (
        "Giám đốc Sở Ngoại vụ Đà Nẵng Lê Thị Hồng cho biết kế hoạch đã sẵn sàng.",
        [("Đà Nẵng", "Đà Nẵng", "thành phố trung ương", "48", "48")],
    ),
    ("UBND Hải Phòng đã phê duyệt đề án.", [("Hải Phòng", "Hải Phòng", "thành phố trung ương", "31", "31")]),
    ("Tỉnh Lào Cai giáp Trung Quốc.", [("Tỉnh Lào Cai", "Lào Cai", "tỉnh", "15", "15")]),
    ("NGÀY HỘI VĂN HÓA TẠI TỈNH QUẢNG TRỊ", [("TỈNH QUẢNG TRỊ", *QUANG_TRI)]),
    (
        "Chiều 5/3, tại TP Huế, đoàn khách thăm Đại Nội.",
        [("TP Huế", "Huế", "thành phố trung ương", "46", "46")],
    ),
    (
        "Trẻ em Cao Bằng và trẻ em Lai Châu được tặng quà.",
        [("Cao Bằng", "Cao Bằng", "tỉnh", "04", "04"), ("Lai Châu", "Lai Châu", "tỉnh", "12", "12")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), PROVINCES)
def test_province_in_force_is_found_with_or_without_kind_word(sentence: str, expected: list[tuple]) -> None:
    found = [(m[0], m[1], m[2], m[3], m[4]) for m in mentions(analyse(sentence)) if m[2] != KIND_COUNTRY]
    assert found == expected


# (sentence, words of the mention, province in force, its code, original as written)
FORMER_PROVINCES = [
    ("Trước khi hợp nhất, tỉnh Quảng Bình có 14 dự án.", "tỉnh Quảng Bình", "Quảng Trị", "44", "Quảng Bình"),
    (
        "Các doanh nghiệp Bình Dương tham gia hội chợ.",
        "Bình Dương",
        "Thành phố Hồ Chí Minh",
        "79",
        "Bình Dương",
    ),
    ("Vùng cao Hà Giang đón đoàn tình nguyện viên.", "Hà Giang", "Tuyên Quang", "08", "Hà Giang"),
    (
        "Lễ hội của tỉnh Thừa Thiên Huế cũ vẫn giữ nguyên.",
        "tỉnh Thừa Thiên Huế",
        "Huế",
        "46",
        "Thừa Thiên Huế",
    ),
    ("Huyện vùng cao của tỉnh Hoà Bình (cũ) nhận hỗ trợ.", "tỉnh Hoà Bình", "Phú Thọ", "25", "Hoà Bình"),
    (
        "Du khách đến Bà Rịa – Vũng Tàu dịp lễ.",
        "Bà Rịa – Vũng Tàu",
        "Thành phố Hồ Chí Minh",
        "79",
        "Bà Rịa – Vũng Tàu",
    ),
    ("Tỉnh Kon Tum trước đây có đường biên giới dài.", "Tỉnh Kon Tum", "Quảng Ngãi", "51", "Kon Tum"),
    ("Nông sản Nam Định được giới thiệu tại hội chợ.", "Nam Định", "Ninh Bình", "37", "Nam Định"),
    ("Đoàn công tác tỉnh Bạc Liêu trước sáp nhập.", "tỉnh Bạc Liêu", "Cà Mau", "96", "Bạc Liêu"),
]


@pytest.mark.parametrize(("sentence", "words", "name", "code", "original"), FORMER_PROVINCES)
def test_former_province_maps_to_province_in_force_and_keeps_its_name(
    sentence: str, words: str, name: str, code: str, original: str
) -> None:
    doc = analyse(sentence)
    place = next(p for p in doc.places if p.original is not None)
    assert (place.name, place.code, place.province_code, place.original) == (name, code, code, original)
    assert [doc.text[s:e] for s, e in place.spans] == [words]


def test_former_and_current_names_of_one_province_are_two_places_with_one_code() -> None:
    doc = analyse("Sau khi tỉnh Quảng Bình hợp nhất vào tỉnh Quảng Trị, Quảng Trị có thêm 48 xã.")
    assert [(p.name, p.code, p.original, len(p.spans)) for p in doc.places] == [
        ("Quảng Trị", "44", "Quảng Bình", 1),
        ("Quảng Trị", "44", None, 2),
    ]


# (sentence, [(words of the mention, name, kind, province code, code)]) for communes, wards and special zones.
COMMUNES = [
    (
        "Người dân xã Mèo Vạc, tỉnh Tuyên Quang đón đoàn.",
        [
            ("xã Mèo Vạc", "Mèo Vạc", "xã", "08", "00769"),
            ("tỉnh Tuyên Quang", "Tuyên Quang", "tỉnh", "08", "08"),
        ],
    ),
    ("Trụ sở đặt tại phường Ba Đình.", [("phường Ba Đình", "Ba Đình", "phường", "01", "00004")]),
    ("Hội nghị diễn ra ở xã Ba Đình.", [("xã Ba Đình", "Ba Đình", "xã", "38", "16171")]),
    ("Du lịch đặc khu Phú Quốc phục hồi mạnh.", [("đặc khu Phú Quốc", "Phú Quốc", "đặc khu", "91", "31078")]),
    ("Đặc khu Côn Đảo đón đoàn cựu chiến binh.", [("Đặc khu Côn Đảo", "Côn Đảo", "đặc khu", "79", "26732")]),
    (
        "Trường mới ở phường Hà Giang 1 đã khánh thành.",
        [("phường Hà Giang 1", "Hà Giang 1", "phường", "08", "00694")],
    ),
    (
        "Lễ hội hoa tại phường Cam Ly – Đà Lạt thu hút du khách.",
        [("phường Cam Ly – Đà Lạt", "Cam Ly - Đà Lạt", "phường", "68", "24787")],
    ),
    (
        "Dự án triển khai tại các xã Mèo Vạc, Khâu Vai và Sơn Vĩ.",
        [
            ("xã Mèo Vạc", "Mèo Vạc", "xã", "08", "00769"),
            ("Khâu Vai", "Khâu Vai", "xã", "08", "00802"),
            ("Sơn Vĩ", "Sơn Vĩ", "xã", "08", "00778"),
        ],
    ),
    ("Cà phê xã Ea H'leo được xuất khẩu.", [("xã Ea H'leo", "Ea H’leo", "xã", "66", "24184")]),
    ("Người dân xã Độc Lập tham gia ngày hội.", [("xã Độc Lập", "Độc Lập", "xã", "04", "01594")]),
    (
        "Phường Hoàn Kiếm tổ chức đón khách quốc tế.",
        [("Phường Hoàn Kiếm", "Hoàn Kiếm", "phường", "01", "00070")],
    ),
    (
        "Ở xã Hòa Bình (Vĩnh Long), nông dân chuyển đổi cây trồng.",
        [("xã Hòa Bình", "Hòa Bình", "xã", "86", "29830"), ("Vĩnh Long", "Vĩnh Long", "tỉnh", "86", "86")],
    ),
    (
        "Trường học ở phường Phú Xuân, thành phố Huế được sửa chữa.",
        [
            ("phường Phú Xuân", "Phú Xuân", "phường", "46", "19768"),
            ("thành phố Huế", "Huế", "thành phố trung ương", "46", "46"),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), COMMUNES)
def test_commune_is_found_after_its_kind_word(sentence: str, expected: list[tuple]) -> None:
    assert [(m[0], m[1], m[2], m[3], m[4]) for m in mentions(analyse(sentence))] == expected


def test_commune_list_does_not_swallow_the_province_after_it() -> None:
    doc = analyse("Các xã Mèo Vạc, Khâu Vai, Tuyên Quang đã hoàn thành.")
    assert [(m[0], m[2]) for m in mentions(doc)] == [
        ("xã Mèo Vạc", "xã"),
        ("Khâu Vai", "xã"),
        ("Tuyên Quang", "tỉnh"),
    ]


def test_commune_list_stops_at_a_lower_case_word() -> None:
    doc = analyse("Xã Mèo Vạc và Liên hiệp các tổ chức hữu nghị ký kết thỏa thuận.")
    assert named(doc) == {"Xã Mèo Vạc"}


SHARED_NAME = "Tân Lập"


def test_shared_commune_name_really_is_shared() -> None:
    # the cases below are only meaningful while several provinces have a xã Tân Lập
    assert len({c.province_code for c in communes_find(SHARED_NAME, kind="xã")}) >= 3


# (sentence, province code the xã Tân Lập resolves to, or None when the text does not say)
SHARED_COMMUNES = [
    ("Mô hình sinh kế ở xã Tân Lập, tỉnh Lâm Đồng được nhân rộng.", "68"),
    ("Mô hình sinh kế ở xã Tân Lập (Tây Ninh) được nhân rộng.", "80"),
    ("Mô hình sinh kế ở xã Tân Lập thuộc tỉnh Quảng Trị được nhân rộng.", "44"),
    ("Đoàn công tác tỉnh Tây Ninh làm việc với xã Tân Lập về mô hình sinh kế.", "80"),
    ("Xã Tân Lập tổ chức lễ ra mắt mô hình sinh kế.", None),
    ("Tỉnh Quảng Trị và tỉnh Lâm Đồng trao đổi kinh nghiệm với xã Tân Lập.", None),
    ("Mô hình ở xã Tân Lập, Quảng Trị thành công. Năm sau, xã Tân Lập mở rộng mô hình.", "44"),
]


@pytest.mark.parametrize(("sentence", "province_code"), SHARED_COMMUNES)
def test_shared_commune_name_goes_to_the_province_the_text_names_or_to_none(
    sentence: str, province_code: str | None
) -> None:
    doc = analyse(sentence)
    communes = [p for p in doc.places if p.kind == "xã"]
    assert len(communes) == 1
    commune = communes[0]
    assert (commune.name, commune.province_code) == (SHARED_NAME, province_code)
    if province_code is None:
        assert commune.code is None
    else:
        assert commune.code in {c.code for c in communes_find(SHARED_NAME, "xã", province_code)}
    assert all(doc.text[s:e].endswith(SHARED_NAME) for s, e in commune.spans)


# (sentence, words of the mention, the former address vietnamadminunits converts, province code, original)
FORMER_COMMUNES = [
    (
        "Thị trấn Hồ Xá, huyện Vĩnh Linh, tỉnh Quảng Trị có nhiều di tích.",
        "Thị trấn Hồ Xá, huyện Vĩnh Linh",
        "Thị trấn Hồ Xá, Huyện Vĩnh Linh, Tỉnh Quảng Trị",
        "44",
        "Hồ Xá, huyện Vĩnh Linh",
    ),
    (
        "Bà con thị trấn Hồ Xá (Quảng Trị) đón đoàn.",
        "thị trấn Hồ Xá",
        "Thị trấn Hồ Xá, Huyện Vĩnh Linh, Tỉnh Quảng Trị",
        "44",
        "Hồ Xá",
    ),
    (
        "Trụ sở cũ ở Phường 1, Quận 3, TP.HCM đã chuyển đi.",
        "Phường 1, Quận 3",
        "Phường 1, Quận 3, Thành phố Hồ Chí Minh",
        "79",
        "1, Quận 3",
    ),
    # a former ward whose name begins with the name of a ward in force is read whole
    (
        "Gia đình anh sống ở phường Hòa Khánh Bắc, quận Liên Chiểu từ lâu.",
        "phường Hòa Khánh Bắc, quận Liên Chiểu",
        "Phường Hòa Khánh Bắc, Quận Liên Chiểu, Thành phố Đà Nẵng",
        "48",
        "Hòa Khánh Bắc, quận Liên Chiểu",
    ),
    (
        "Năm 2020, đoàn đến xã Tân Lập, huyện Đan Phượng, Hà Nội.",
        "xã Tân Lập, huyện Đan Phượng",
        "Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội",
        "01",
        "Tân Lập, huyện Đan Phượng",
    ),
]


@pytest.mark.parametrize(("sentence", "words", "address", "province_code", "original"), FORMER_COMMUNES)
def test_former_commune_maps_to_the_2025_commune_vietnamadminunits_gives(
    sentence: str, words: str, address: str, province_code: str, original: str
) -> None:
    from vietnamadminunits import convert_address

    doc = analyse(sentence)
    commune = next(p for p in doc.places if p.kind in {"xã", "phường"})
    converted = convert_address(address)
    assert (commune.name, commune.province_code, commune.original) == (
        converted.short_ward,
        province_code,
        original,
    )
    assert commune.code in {c.code for c in communes_find(converted.short_ward, province_code=province_code)}
    assert [doc.text[s:e] for s, e in commune.spans] == [words]


def test_former_commune_that_cannot_be_told_apart_is_left_out() -> None:
    # many former provinces had a xã Tân Lập: without its former district the text does not say which
    doc = analyse("Thị trấn Không Tồn Tại và thị trấn Phong Điền của tỉnh Huế được nhắc tới.")
    assert {p.kind for p in doc.places} == {"thành phố trung ương"}


# Sentences with words that look like places and are not.
NOT_PLACES = [
    "Nhân dân hai nước mong muốn hòa bình, độc lập và thống nhất.",
    "Vì Hòa bình và Hữu nghị, các đại biểu đã ký cam kết.",
    "Anh ấy cho biết sẽ tiếp tục đóng góp cho quỹ.",
    "Anh cho biết dự án sẽ hoàn thành vào cuối năm.",
    "Ông Nguyễn Văn Nam và bà Trần Thị Thái Bình dự lễ.",
    "Đại biểu Nguyễn Vĩnh Long phát biểu tại phiên thảo luận.",
    "Học tập và làm theo tư tưởng Hồ Chí Minh là nhiệm vụ thường xuyên.",
    "Chủ tịch Hồ Chí Minh đã đến thăm nhiều nước.",
    "Chiến thắng Điện Biên Phủ có ý nghĩa lịch sử to lớn.",
    "Ý kiến của các đại biểu được tiếp thu đầy đủ.",
    "Mỹ thuật đương đại được giới thiệu tại triển lãm.",
    "Pháp luật quy định rõ trách nhiệm của các bên.",
    "Chị Nga và anh Đức là hai tình nguyện viên tích cực.",
    "Đã có 248 xã biên giới được hỗ trợ xây nhà văn hóa.",
    "Các em học sinh được học tiếng Anh và tiếng Nhật miễn phí.",
    "Xã hội ngày càng quan tâm tới người yếu thế.",
    "Bộ Y tế ban hành hướng dẫn mới.",
    "Đồng chí Huế được phân công phụ trách địa bàn.",
    "Vùng biển Ấn Độ Dương có nhiều tuyến hàng hải quan trọng.",
    "Ông Phạm Hà Nam nhận bằng khen của Chủ tịch nước.",
]


@pytest.mark.parametrize("sentence", NOT_PLACES)
def test_words_that_look_like_places_are_not_places(sentence: str) -> None:
    assert analyse(sentence).places == []


def test_commune_names_are_ordinary_words_without_their_kind_word() -> None:
    assert named(analyse("Cả nước thống nhất, độc lập; Tân Lập và Quyết Thắng là khẩu hiệu.")) == set()
    assert named(analyse("Đoàn về xã Thống Nhất và xã Quyết Thắng.")) == {"xã Thống Nhất", "xã Quyết Thắng"}


# (sentence, {words of a mention: ISO code})
COUNTRIES = [
    ("Tổ chức Good Neighbors (Hàn Quốc) tài trợ xây trường.", {"Hàn Quốc": "KR"}),
    ("Đại sứ Nhật Bản tại Việt Nam dự lễ khánh thành.", {"Nhật Bản": "JP", "Việt Nam": "VN"}),
    (
        "Quan hệ Việt Nam - Hoa Kỳ và hợp tác với Mỹ được thúc đẩy.",
        {"Việt Nam": "VN", "Hoa Kỳ": "US", "Mỹ": "US"},
    ),
    (
        "Đoàn đại biểu Liên bang Nga thăm Hà Nội; Nga là đối tác lâu năm.",
        {"Liên bang Nga": "RU", "Hà Nội": "01", "Nga": "RU"},
    ),
    ("Hội hữu nghị với Cu-ba và Cuba được nhắc tới hai lần.", {"Cu-ba": "CU", "Cuba": "CU"}),
    (
        "Du học sinh ở Ốt-xtrây-lia, Australia và Úc ngày càng đông.",
        {"Ốt-xtrây-lia": "AU", "Australia": "AU", "Úc": "AU"},
    ),
    (
        "Doanh nghiệp Xin-ga-po và Singapore đầu tư vào khu công nghiệp.",
        {"Xin-ga-po": "SG", "Singapore": "SG"},
    ),
    ("Đoàn Thụy Điển và Thuỵ Điển là một.", {"Thụy Điển": "SE", "Thuỵ Điển": "SE"}),
    ("Tình nguyện viên đến từ Niu Di-lân và Ca-na-đa.", {"Niu Di-lân": "NZ", "Ca-na-đa": "CA"}),
    ("Quỹ của Cộng hòa Liên bang Đức hỗ trợ trồng rừng.", {"Cộng hòa Liên bang Đức": "DE"}),
    ("Trẻ em Việt Nam giao lưu với người anh em Lào.", {"Việt Nam": "VN", "Lào": "LA"}),
    (
        "Thương mại với Campuchia, Thái Lan và Ấn Độ tăng.",
        {"Campuchia": "KH", "Thái Lan": "TH", "Ấn Độ": "IN"},
    ),
    ("Hà Lan và Thụy Sĩ tài trợ chương trình nước sạch.", {"Hà Lan": "NL", "Thụy Sĩ": "CH"}),
    ("Ý và Pháp ký thỏa thuận hợp tác văn hóa.", {"Ý": "IT", "Pháp": "FR"}),
    ("Sinh viên sang Anh du học theo học bổng.", {"Anh": "GB"}),
    ("Đại sứ quán Anh tổ chức tiệc chiêu đãi.", {"Anh": "GB"}),
    ("Tổ chức Oxfam (Anh) hoạt động tại Việt Nam.", {"Anh": "GB", "Việt Nam": "VN"}),
    ("Kiều bào ở Pháp, Đức và Anh về nước dự Tết.", {"Pháp": "FR", "Đức": "DE", "Anh": "GB"}),
    ("Vương quốc Anh công bố khoản tài trợ mới.", {"Vương quốc Anh": "GB"}),
    ("Hội hữu nghị Việt - Nhật và người Nhật tại Đà Nẵng giao lưu.", {"Nhật": "JP", "Đà Nẵng": "48"}),
    ("Doanh nghiệp Đài Loan (Trung Quốc) mở rộng đầu tư.", {"Đài Loan": "TW", "Trung Quốc": "CN"}),
    ("Quan hệ Việt Nam Hàn Quốc phát triển mạnh.", {"Việt Nam": "VN", "Hàn Quốc": "KR"}),
    ("Tổng thống Mỹ và Thủ tướng Anh gặp nhau tại Nhật Bản.", {"Mỹ": "US", "Anh": "GB", "Nhật Bản": "JP"}),
    ("Ông Đức cho biết dự án đúng hạn. Đức là đối tác lớn.", {"Đức": "DE"}),
    ("Đoàn Lào do Phó Chủ tịch Quốc hội dẫn đầu.", {"Lào": "LA"}),
    ("Doanh nghiệp Trung Quốc và Hàn Quốc tham gia hội chợ.", {"Trung Quốc": "CN", "Hàn Quốc": "KR"}),
]


@pytest.mark.parametrize(("sentence", "expected"), COUNTRIES)
def test_country_is_found_by_its_vietnamese_names(sentence: str, expected: dict[str, str]) -> None:
    doc = analyse(sentence)
    found: dict[str, str] = {}
    for place in doc.places:
        for s, e in place.spans:
            found[doc.text[s:e]] = place.code or ""
    assert found == expected


def test_country_place_has_kind_name_and_no_province() -> None:
    doc = analyse("Tổ chức KOICA (Hàn Quốc) và đối tác từ Đài Loan cùng tham gia.")
    assert [(p.name, p.kind, p.province_code, p.code) for p in doc.places] == [
        ("Hàn Quốc", KIND_COUNTRY, None, "KR"),
        ("Đài Loan", KIND_TERRITORY, None, "TW"),
    ]


def test_one_place_per_unit_holds_every_mention_in_text_order() -> None:
    doc = analyse("Quảng Trị đón đoàn Lào. Sau đó, tỉnh Quảng Trị và nước bạn Lào ký kết; Quảng Trị cam kết.")
    assert [(p.name, [doc.text[s:e] for s, e in p.spans]) for p in doc.places] == [
        ("Quảng Trị", ["Quảng Trị", "tỉnh Quảng Trị", "Quảng Trị"]),
        ("Lào", ["Lào", "Lào"]),
    ]


# A province of a neighbouring country after "tỉnh" (or after its own body) is a foreign place keyed by its
# country's code, never a Vietnamese province: (sentence, [(words of a mention, name, kind, code)]).
FOREIGN_PROVINCES = [
    (
        "Tháng 9, tỉnh Hủa Phăn cử 40 học viên sang học tiếng Việt tại Thanh Hóa.",
        [
            ("tỉnh Hủa Phăn", "Hủa Phăn", KIND_FOREIGN_PROVINCE, "LA"),
            ("Thanh Hóa", "Thanh Hóa", "tỉnh", "38"),
        ],
    ),
    (
        "Hàng nông sản của tỉnh Vân Nam qua Lào Cai tăng mạnh.",
        [("tỉnh Vân Nam", "Vân Nam", KIND_FOREIGN_PROVINCE, "CN"), ("Lào Cai", "Lào Cai", "tỉnh", "15")],
    ),
    (
        "Hợp tác giáo dục giữa Quảng Trị và tỉnh Savannakhet được mở rộng.",
        [
            ("Quảng Trị", "Quảng Trị", "tỉnh", "44"),
            ("tỉnh Savannakhet", "Savannakhet", KIND_FOREIGN_PROVINCE, "LA"),
        ],
    ),
    (
        "Thương nhân tỉnh Hà Nam (Trung Quốc) dự hội chợ ở Lạng Sơn.",
        [
            ("tỉnh Hà Nam", "Hà Nam", KIND_FOREIGN_PROVINCE, "CN"),
            ("Trung Quốc", "Trung Quốc", KIND_COUNTRY, "CN"),
            ("Lạng Sơn", "Lạng Sơn", "tỉnh", "20"),
        ],
    ),
    (
        "Bệnh viện tỉnh Xvây Riêng nhận 3 xe cứu thương từ Tây Ninh.",
        [
            ("tỉnh Xvây Riêng", "Svay Rieng", KIND_FOREIGN_PROVINCE, "KH"),
            ("Tây Ninh", "Tây Ninh", "tỉnh", "80"),
        ],
    ),
    (
        "Đường sang tỉnh Chăm-pa-xắc đã được sửa xong.",
        [("tỉnh Chăm-pa-xắc", "Champasak", KIND_FOREIGN_PROVINCE, "LA")],
    ),
    (
        "Thanh niên các tỉnh Khăm Muộn và Bô-ly-khăm-xay dự trại hè.",
        [
            ("tỉnh Khăm Muộn", "Khăm Muộn", KIND_FOREIGN_PROVINCE, "LA"),
            ("Bô-ly-khăm-xay", "Bolikhamxay", KIND_FOREIGN_PROVINCE, "LA"),
        ],
    ),
    (
        "Phó Bí thư Tỉnh ủy Bò Kẹo Sengphet Inthalangsy thăm Điện Biên.",
        [("Bò Kẹo", "Bokeo", KIND_FOREIGN_PROVINCE, "LA"), ("Điện Biên", "Điện Biên", "tỉnh", "11")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), FOREIGN_PROVINCES)
def test_province_of_a_neighbouring_country_is_a_foreign_place(
    sentence: str, expected: list[tuple[str, str, str, str]]
) -> None:
    doc = analyse(sentence)
    assert [(words, name, kind, code) for words, name, kind, _, code, _ in mentions(doc)] == expected
    assert all(p.province_code is None for p in doc.places if p.kind == KIND_FOREIGN_PROVINCE)


def test_vietnamese_province_sharing_a_foreign_name_stays_vietnamese_without_the_country() -> None:
    doc = analyse("Đoàn cán bộ tỉnh Hà Nam cũ đến thăm nhà lưu niệm.")
    assert [(p.name, p.kind, p.original) for p in doc.places] == [("Ninh Bình", "tỉnh", "Hà Nam")]


ALL_SENTENCES = (
    [s for s, _ in PROVINCES]
    + [s for s, _ in FOREIGN_PROVINCES]
    + [s for s, *_ in FORMER_PROVINCES]
    + [s for s, _ in COMMUNES]
    + [s for s, _ in SHARED_COMMUNES]
    + [s for s, _ in COUNTRIES]
)


def _span_names_the_unit(words: str, place: Place) -> bool:
    if place.kind in {KIND_COUNTRY, KIND_TERRITORY}:
        country = country_lookup(words)
        return country is not None and country.code == place.code
    if place.kind == KIND_FOREIGN_PROVINCE:
        written = words.removeprefix("tỉnh ").removeprefix("Tỉnh ")
        return any(
            written in province.names and (province.name, province.country) == (place.name, place.code)
            for province in foreign_provinces()
        )
    if place.kind == KIND_FOREIGN_CITY:
        city = foreign_cities().get(words)
        return city is not None and (city.name, city.country) == (place.name, place.code)
    if place.kind in PROVINCE_KINDS:
        province = province_lookup(words)
        if province is not None:
            return province.code == place.code
        # a former district converts to its province: the span names the district
        return place.original is not None and tone_key(place.original) in tone_key(words)
    if place.original is not None:
        return tone_key(place.original) in tone_key(words)
    return any(
        c.name == place.name and (place.code is None or c.code == place.code) for c in communes_find(words)
    )


@pytest.mark.parametrize("sentence", ALL_SENTENCES)
def test_every_span_names_the_unit_of_its_place(sentence: str) -> None:
    doc = analyse(sentence)
    for place in doc.places:
        for s, e in place.spans:
            assert _span_names_the_unit(doc.text[s:e], place), (doc.text[s:e], place)


def test_step_reads_unsegmented_text_too() -> None:
    doc = places_step(Document(text="Đoàn tỉnh Quảng Trị sang thăm Lào và Campuchia."))
    assert [p.name for p in doc.places] == ["Quảng Trị", "Lào", "Campuchia"]


def test_country_list_covers_the_states_of_the_world() -> None:
    countries = countries_all()
    codes = [c.code for c in countries]
    assert len(codes) == len(set(codes))
    assert sum(c.kind == KIND_COUNTRY for c in countries) >= 195
    assert all(len(c.code) == 2 and c.code.isupper() and c.names for c in countries)


COUNTRY_LOOKUPS = [
    ("Hàn Quốc", "KR"),
    ("Han Quoc", "KR"),
    ("South Korea", "KR"),
    ("KR", "KR"),
    ("Cu-ba", "CU"),
    ("Thuỵ Điển", "SE"),
    ("Hoa Kỳ", "US"),
    ("Vương quốc Anh", "GB"),
    ("Triều Tiên", "KP"),
    ("Nam", None),
    ("", None),
    ("Tân Lập", None),
]


@pytest.mark.parametrize(("name", "code"), COUNTRY_LOOKUPS)
def test_country_lookup_reads_vietnamese_english_and_iso_names(name: str, code: str | None) -> None:
    country = country_lookup(name)
    assert (country.code if country else None) == code


FRAGMENTS = [
    "tỉnh Quảng Trị",
    "TP.HCM",
    "TP.",
    "xã ",
    "xã Tân Lập",
    "thị trấn Hồ Xá, huyện ",
    "Hà Nội",
    "Hàn Quốc",
    "(Anh)",
    "Việt -",
    "Nguyễn",
    "Anh",
    " và ",
    ", ",
    "\n",
    "–",
    "’",
    "Đ",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=25))
def test_step_never_raises_and_spans_stay_inside_the_text(pieces: list[str]) -> None:
    text = text_normalize("".join(pieces))
    doc = places_step(Document(text=text))
    for place in doc.places:
        assert place.spans == sorted(set(place.spans))
        for s, e in place.spans:
            assert 0 <= s < e <= len(text)
            assert text[s:e].strip() == text[s:e]


def test_syllables_ending_in_k_are_read_with_or_without_their_acute() -> None:
    doc = analyse("Đoàn công tác đến Đăk Lăk rồi về Đắk Lắk lần nữa.")
    assert [(doc.text[s:e], p.name) for p in doc.places for s, e in p.spans] == [
        ("Đăk Lăk", "Đắk Lắk"),
        ("Đắk Lắk", "Đắk Lắk"),
    ]


# Former districts, abolished on 1 July 2025: each converts to the province in force holding it, the
# district's name kept as written. (sentence, [(words, province name, original)])
FORMER_DISTRICTS = [
    ("Đoàn khảo sát làm việc tại quận Ngũ Hành Sơn.", [("quận Ngũ Hành Sơn", "Đà Nẵng", "Ngũ Hành Sơn")]),
    ("Gia đình chị sống ở huyện Yên Thành nhiều năm.", [("huyện Yên Thành", "Nghệ An", "Yên Thành")]),
    ("Lễ hội được tổ chức ở thị xã Điện Bàn vào mùa xuân.", [("thị xã Điện Bàn", "Đà Nẵng", "Điện Bàn")]),
    ("Trụ sở cũ nằm trên địa bàn Quận 5 của thành phố.", [("Quận 5", "Thành phố Hồ Chí Minh", "Quận 5")]),
    ("Nhà máy ở huyện Hoà Vang hoạt động trở lại.", [("huyện Hoà Vang", "Đà Nẵng", "Hoà Vang")]),
    # a city under a province, with its kind word written out or shortened
    ("Xe khách đi TP Tam Kỳ mỗi sáng.", [("TP Tam Kỳ", "Đà Nẵng", "Tam Kỳ")]),
    ("Hội nghị họp ở thành phố Bảo Lộc hôm qua.", [("thành phố Bảo Lộc", "Lâm Đồng", "Bảo Lộc")]),
    # a former city under a province, bare as a province is; with its kind word the mention holds it
    ("Chị từ Quy Nhơn ra thăm bố mẹ.", [("Quy Nhơn", "Gia Lai", "Quy Nhơn")]),
    ("Đoàn tới TP Quy Nhơn vào chiều hôm qua.", [("TP Quy Nhơn", "Gia Lai", "Quy Nhơn")]),
    # names listed after the first take its kind
    (
        "Mưa lớn gây ngập các quận Cẩm Lệ, Sơn Trà và Liên Chiểu.",
        [
            ("quận Cẩm Lệ", "Đà Nẵng", "Cẩm Lệ"),
            ("Sơn Trà", "Đà Nẵng", "Sơn Trà"),
            ("Liên Chiểu", "Đà Nẵng", "Liên Chiểu"),
        ],
    ),
    # bare, before the province (or district) that held it, in an address
    ("Người phụ nữ sống ở Long Biên, Hà Nội, làm nghề may.", [("Long Biên", "Hà Nội", "Long Biên")]),
    ("Cậu học sinh trú tại Thanh Khê (Đà Nẵng) đã khỏi bệnh.", [("Thanh Khê", "Đà Nẵng", "Thanh Khê")]),
    (
        "Ông bán rau ở Thượng Thanh, Long Biên, Hà Nội.",
        [("Thượng Thanh", "Hà Nội", "Thượng Thanh"), ("Long Biên", "Hà Nội", "Long Biên")],
    ),
    # a commune with no unit of that name in force does not hide its district
    (
        "Gia đình ở xã Tân Túc, huyện Bình Chánh.",
        [
            ("Tân Túc", "Thành phố Hồ Chí Minh", "Tân Túc"),
            ("huyện Bình Chánh", "Thành phố Hồ Chí Minh", "Bình Chánh"),
        ],
    ),
]


# A bare name is a district only in an address, right before the unit holding it, not inside a longer name.
NOT_DISTRICTS = [
    "Đội bóng Long Biên thắng đậm trên sân nhà.",
    "Nhà thơ Lê Long Biên, Hà Nội đọc thơ mới.",
    "Long Biên là cây cầu cổ, Hà Nội giữ gìn nó.",
    "Khu phố ở Long Biên, Đà Nẵng được nhắc trong truyện.",
]


@pytest.mark.parametrize("sentence", NOT_DISTRICTS)
def test_bare_district_name_outside_an_address_of_its_province_is_no_place(sentence: str) -> None:
    doc = analyse(sentence)
    assert [p.original for p in doc.places if p.original is not None] == []


@pytest.mark.parametrize(("sentence", "expected"), FORMER_DISTRICTS)
def test_former_district_converts_to_its_province_and_keeps_its_name(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    doc = analyse(sentence)
    found = [
        (doc.text[s:e], p.name, p.original) for p in doc.places for s, e in p.spans if p.original is not None
    ]
    assert found == expected


def test_district_name_several_provinces_had_goes_to_the_province_written_after_it() -> None:
    doc = analyse("Mô hình được nhân rộng ở huyện Châu Thành, tỉnh Tiền Giang năm ngoái.")
    districts = [p for p in doc.places if p.original == "Châu Thành"]
    assert [(p.name, p.province_code) for p in districts] == [("Đồng Tháp", "82")]


def test_district_name_several_provinces_had_is_left_out_when_the_text_does_not_say_which() -> None:
    doc = analyse("Mô hình được nhân rộng ở huyện Châu Thành trong năm.")
    assert [p for p in doc.places if p.original == "Châu Thành"] == []


# Foreign cities from the GeoNames gazetteer, in their own or their Vietnamese names.
FOREIGN_CITIES = [
    ("Phái đoàn đã tới Bangkok để dự hội thảo.", [("Bangkok", "Bangkok", "TH")]),
    ("Kiều bào ở Luân Đôn tổ chức đón Tết.", [("Luân Đôn", "London", "GB")]),
    ("Chuyến bay thẳng từ Bắc Kinh hạ cánh lúc 9 giờ.", [("Bắc Kinh", "Beijing", "CN")]),
    ("Hội chợ ở Cairo và Damascus mở cửa.", [("Cairo", "Cairo", "EG"), ("Damascus", "Damascus", "SY")]),
    # GeoNames' "New York City", as news writes it
    ("Kiều bào ở New York quyên góp cho miền Trung.", [("New York", "New York City", "US")]),
]


def test_country_named_like_a_city_without_its_city_suffix_stays_the_country() -> None:
    places = analyse("Đoàn công tác sang Mexico tuần tới.").places
    assert [(p.name, p.kind) for p in places] == [("Mexico", KIND_COUNTRY)]


@pytest.mark.parametrize(("sentence", "expected"), FOREIGN_CITIES)
def test_foreign_city_is_found_with_its_country(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    doc = analyse(sentence)
    found = [
        (doc.text[s:e], p.name, p.code) for p in doc.places if p.kind == KIND_FOREIGN_CITY for s, e in p.spans
    ]
    assert found == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Ông Athens phát biểu tại buổi lễ.",  # a person's name after "ông"
        "Sàn giao dịch London Stock Exchange mở cửa.",  # part of a longer proper name
        "Tại Đà Nẵng, lễ hội pháo hoa kéo dài một tuần.",  # Vietnam's own places are units, not cities
    ],
)
def test_foreign_city_names_inside_other_names_are_not_cities(sentence: str) -> None:
    assert [p for p in analyse(sentence).places if p.kind == KIND_FOREIGN_CITY] == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Du học sinh trở về từ châu Âu và Đông Nam Á được cách ly 14 ngày.",
            [("châu Âu", "châu Âu"), ("Đông Nam Á", "Đông Nam Á")],
        ),
        ("Các nước Châu Phi nhận thêm vắc xin.", [("Châu Phi", "châu Phi")]),
        ("Giá dầu tăng vì căng thẳng ở Trung Đông.", [("Trung Đông", "Trung Đông")]),
    ],
)
def test_continent_or_world_region_is_a_place(sentence: str, expected: list[tuple[str, str]]) -> None:
    doc = analyse(sentence)
    found = [(doc.text[s:e], p.name) for p in doc.places if p.kind == KIND_REGION for s, e in p.spans]
    assert found == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Ông sống ở phường Hải Châu nhiều năm.",  # "Châu" ends a unit's name
        "Trường THPT Phan Châu Trinh khai giảng.",  # and a person's name
    ],
)
def test_region_words_inside_other_names_are_no_region(sentence: str) -> None:
    assert [p for p in analyse(sentence).places if p.kind == KIND_REGION] == []


@pytest.mark.parametrize(
    ("sentence", "regions"),
    [
        ("Các nước châu Mỹ và Bắc Mỹ tham dự diễn đàn.", ["châu Mỹ", "Bắc Mỹ"]),
        ("Kinh tế khu vực châu Á - Thái Bình Dương tăng trưởng khá.", ["châu Á"]),
    ],
)
def test_country_name_inside_a_region_is_no_country(sentence: str, regions: list[str]) -> None:
    places = analyse(sentence).places
    assert [p.name for p in places if p.kind == KIND_REGION] == regions
    assert [p for p in places if p.kind != KIND_REGION] == []


# A former district of one province, written bare: after a word for where, or in an address or list.
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Anh ấy trú tại Đông Anh, hằng ngày đi làm bằng xe buýt.", [("Đông Anh", "Hà Nội", "Đông Anh")]),
        ("Gia đình ông về quê ở Nam Sách từ đầu tháng.", [("Nam Sách", "Hải Phòng", "Nam Sách")]),
        (
            "Ông đến Hoài Đức và Đan Phượng để kiểm tra.",
            [("Hoài Đức", "Hà Nội", "Hoài Đức"), ("Đan Phượng", "Hà Nội", "Đan Phượng")],
        ),
        (
            "Bà sống ở Tiên Dược, Sóc Sơn cùng con gái.",
            [("Tiên Dược", "Hà Nội", "Tiên Dược"), ("Sóc Sơn", "Hà Nội", "Sóc Sơn")],
        ),
    ],
)
def test_bare_former_district_after_a_word_for_where_is_its_province(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    doc = analyse(sentence)
    assert [(doc.text[s:e], p.name, p.original) for p in doc.places for s, e in p.spans] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Mê Linh là vùng trồng hoa lớn của thủ đô.",  # no word for where: too often a name of something else
        "Ông Thanh Trì phát biểu tại hội nghị.",  # a person
        "Cô Thanh Hà đến lớp sớm.",
    ],
)
def test_bare_former_district_without_a_word_for_where_is_not_read(sentence: str) -> None:
    assert analyse(sentence).places == []


def test_foreign_words_after_a_city_make_a_longer_name_unless_the_city_is_a_title_s_seat() -> None:
    # After "tại", the city is where a consul sits and a foreign name follows; elsewhere a city's name
    # before foreign words is part of a longer name (a club, a race).
    seat = analyse("Tổng lãnh sự Hàn Quốc tại Đà Nẵng Lee Jung Hwa dự buổi giao lưu.")
    assert "Đà Nẵng" in named(seat)
    club = analyse("Câu lạc bộ Hà Nội Football Club giành chức vô địch.")
    assert "Hà Nội" not in named(club)


# (sentence, [(words of the mention, name)]) for the prefectures of China named after "châu".
PREFECTURES = [
    ("Xe hàng từ châu Văn Sơn qua cửa khẩu Thanh Thủy tăng gấp đôi.", [("châu Văn Sơn", "Văn Sơn")]),
    (
        "Lãnh đạo châu tự trị Hồng Hà thăm hội chợ thương mại ở Lào Cai.",
        [("châu tự trị Hồng Hà", "Hồng Hà")],
    ),
    (
        "Châu tự trị dân tộc Choang - Miêu Văn Sơn giáp hai tỉnh của Việt Nam.",
        [("Châu tự trị dân tộc Choang - Miêu Văn Sơn", "Văn Sơn")],
    ),
    (
        "Nông sản Lai Châu được bán sang châu tự trị dân tộc Hà Nhì và Di Hồng Hà.",
        [("châu tự trị dân tộc Hà Nhì và Di Hồng Hà", "Hồng Hà")],
    ),
    (
        "Đoàn nghệ thuật biểu diễn ở châu Đại Lý và châu Tây Song Bản Nạp trong tháng 5.",
        [("châu Đại Lý", "Đại Lý"), ("châu Tây Song Bản Nạp", "Tây Song Bản Nạp")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), PREFECTURES)
def test_prefecture_of_china_after_chau_is_a_place_of_china(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    doc = analyse(sentence)
    found = [
        (doc.text[s:e], p.name, p.code, p.province_code)
        for p in doc.places
        if p.kind == KIND_FOREIGN_PREFECTURE
        for s, e in p.spans
    ]
    assert found == [(words, name, "CN", None) for words, name in expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ông Châu Văn Sơn, chủ hợp tác xã, nhận bằng khen.",  # "Châu", a family name
        "Châu Hồng Hà đạt giải nhất cuộc thi hát.",  # a person, not "châu" in lower case
        "Du khách châu Á chiếm phần lớn lượng khách quốc tế.",  # a continent
        "Phù sa sông Hồng Hà bồi đắp đồng bằng.",  # the name alone is no prefecture
    ],
)
def test_prefecture_names_without_lower_case_chau_are_no_prefecture(sentence: str) -> None:
    assert [p for p in analyse(sentence).places if p.kind == KIND_FOREIGN_PREFECTURE] == []
