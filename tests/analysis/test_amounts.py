from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.analysis import analyze_text
from doingoai.analysis.amounts import amounts_step
from doingoai.analysis.document import DateMention, Document, Reference
from doingoai.analysis.numbers import numbers_find
from doingoai.analysis.quantities import quantities_step

# (text, value, currency, qualifier, per_unit, value_max) of each amount, in text order
Row = tuple[str, str, str, str | None, str | None, str | None]


def _amounts(text: str) -> list[Row]:
    doc = amounts_step(Document(text=text))
    for a in doc.amounts:
        assert doc.text[a.span[0] : a.span[1]] == a.text
    return [
        (
            a.text,
            str(a.value),
            a.currency,
            a.qualifier,
            a.per_unit,
            None if a.value_max is None else str(a.value_max),
        )
        for a in doc.amounts
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Các nhà hảo tâm đã đóng góp hơn 50 tỷ đồng cho quỹ vì người nghèo của tỉnh.",
            [("hơn 50 tỷ đồng", "50000000000", "VND", "over", None, None)],
        ),
        (
            "Nguồn vốn ODA cho tỉnh năm sau dự kiến đạt trên 200 triệu USD, theo Sở Tài chính.",
            [("dự kiến đạt trên 200 triệu USD", "200000000", "USD", "over", None, None)],
        ),
        (
            "Tổ chức KOICA tài trợ 1,2 triệu USD để xây 3 trạm y tế xã.",
            [("1,2 triệu USD", "1200000", "USD", None, None, None)],
        ),
        (  # "mỗi" and a unit earlier in the clause: one unit's sum; not across a comma, nor any noun
            "Mỗi hộ được hỗ trợ 40 triệu đồng; cả xã nhận 2 tỷ đồng. Mỗi doanh nghiệp góp 5 triệu đồng.",
            [
                ("40 triệu đồng", "40000000", "VND", None, "hộ", None),
                ("2 tỷ đồng", "2000000000", "VND", None, None, None),
                ("5 triệu đồng", "5000000", "VND", None, None, None),
            ],
        ),
        (  # a plan's verb between the hedge and the sum
            "Năm tới, quỹ dự kiến tài trợ 750.000 USD cho các lớp học vùng lũ.",
            [("dự kiến tài trợ 750.000 USD", "750000", "USD", "expected", None, None)],
        ),
        (
            "Hội dự kiến dành khoảng 3 tỷ đồng để sửa nhà cho hộ nghèo.",
            [("dự kiến dành khoảng 3 tỷ đồng", "3000000000", "VND", "about", None, None)],
        ),
        (
            "Kim ngạch thương mại hai chiều đạt xấp xỉ 18,6 tỷ USD trong năm qua.",
            [("xấp xỉ 18,6 tỷ USD", "18600000000", "USD", "about", None, None)],
        ),
        (
            "Dự án có tổng vốn 2.450.000 USD, trong đó vốn đối ứng của tỉnh là 350.000 USD.",
            [
                ("2.450.000 USD", "2450000", "USD", None, None, None),
                ("350.000 USD", "350000", "USD", None, None, None),
            ],
        ),
        (
            "Mỗi phần quà trị giá 500.000đ, kèm 200.000 đồng tiền mặt.",
            [
                ("500.000đ", "500000", "VND", None, None, None),
                ("200.000 đồng", "200000", "VND", None, None, None),
            ],
        ),
        (
            "Giải thưởng gồm 10.000.000 VNĐ, 20 triệu vnđ hoặc 5 triệu VND tùy hạng.",
            [
                ("10.000.000 VNĐ", "10000000", "VND", None, None, None),
                ("20 triệu vnđ", "20000000", "VND", None, None, None),
                ("5 triệu VND", "5000000", "VND", None, None, None),
            ],
        ),
        (
            "Ngân sách dành cho chương trình khoảng 1 tỷ 200 triệu đồng.",
            [("khoảng 1 tỷ 200 triệu đồng", "1200000000", "VND", "about", None, None)],
        ),
        (
            "Hợp đồng trị giá 1,5 nghìn tỷ đồng được ký tại Hà Nội.",
            [("1,5 nghìn tỷ đồng", "1500000000000", "VND", None, None, None)],
        ),
        (
            "Tổng mức đầu tư lên đến 3 ngàn tỷ đồng, lớn nhất từ trước đến nay.",
            [("lên đến 3 ngàn tỷ đồng", "3000000000000", "VND", None, None, None)],
        ),
        (
            "Mỗi hộ tái định cư nhận 2 triệu rưỡi đồng tiền thuê nhà.",
            [("2 triệu rưỡi đồng", "2500000", "VND", None, "hộ", None)],
        ),
        (
            "Tổng kinh phí là hai mươi lăm tỷ đồng, trong đó ba tỷ do doanh nghiệp đóng góp.",
            [("hai mươi lăm tỷ đồng", "25000000000", "VND", None, None, None)],
        ),
        (
            "Năm nay, Đại sứ quán trao hai triệu USD cho các trường vùng cao.",
            [("hai triệu USD", "2000000", "USD", None, None, None)],
        ),
        (
            "Quỹ sẽ giải ngân nửa triệu USD trong quý tới.",
            [("nửa triệu USD", "500000", "USD", None, None, None)],
        ),
        (
            "Ông cho biết công ty đã rót gần 20 triệu đô la Mỹ vào hai nhà máy.",
            [("gần 20 triệu đô la Mỹ", "20000000", "USD", "nearly", None, None)],
        ),
        (
            "Khoản vay gồm 300 triệu đô la Úc và 500 triệu đô la Singapore.",
            [
                ("300 triệu đô la Úc", "300000000", "AUD", None, None, None),
                ("500 triệu đô la Singapore", "500000000", "SGD", None, None, None),
            ],
        ),
        (
            "Doanh nghiệp kiều bào chuyển về 3 triệu đô để xây trường.",
            [("3 triệu đô", "3000000", "USD", None, None, None)],
        ),
        (
            "Quỹ châu Âu cam kết 2 triệu euro, Anh góp thêm 1 triệu bảng Anh.",
            [
                ("2 triệu euro", "2000000", "EUR", None, None, None),
                ("1 triệu bảng Anh", "1000000", "GBP", None, None, None),
            ],
        ),
        (
            "Đại sứ quán Nhật Bản trao 90.000 USD và 15 triệu yên cho 2 dự án y tế.",
            [
                ("90.000 USD", "90000", "USD", None, None, None),
                ("15 triệu yên", "15000000", "JPY", None, None, None),
            ],
        ),
        (
            "Phía bạn hỗ trợ 5 tỷ won Hàn Quốc và 10 triệu nhân dân tệ cho vùng lũ.",
            [
                ("5 tỷ won Hàn Quốc", "5000000000", "KRW", None, None, None),
                ("10 triệu nhân dân tệ", "10000000", "CNY", None, None, None),
            ],
        ),
        (
            "Hai tỉnh kết nghĩa trao nhau 3 tỷ kíp Lào, 500 triệu riel và 2 triệu baht.",
            [
                ("3 tỷ kíp Lào", "3000000000", "LAK", None, None, None),
                ("500 triệu riel", "500000000", "KHR", None, None, None),
                ("2 triệu baht", "2000000", "THB", None, None, None),
            ],
        ),
        (
            "Quỹ Thụy Sĩ cấp 4 triệu franc Thụy Sĩ, tương đương 120 tỷ đồng.",
            [
                ("4 triệu franc Thụy Sĩ", "4000000", "CHF", None, None, None),
                ("120 tỷ đồng", "120000000000", "VND", None, None, None),
            ],
        ),
        (
            "Khoản tài trợ 1 tỷ đồng euro của EU dành cho năng lượng sạch.",
            [("1 tỷ đồng euro", "1000000000", "EUR", None, None, None)],
        ),
        (
            "Nhà tài trợ đã chuyển US$ 250.000, €1,2 triệu và thêm $3 triệu vào năm sau.",
            [
                ("US$ 250.000", "250000", "USD", None, None, None),
                ("€1,2 triệu", "1200000", "EUR", None, None, None),
                ("$3 triệu", "3000000", "USD", None, None, None),
            ],
        ),
        (
            "Giá cà phê nhân xô ở mức 110.000 đồng/kg, tăng mạnh so với đầu vụ.",
            [("110.000 đồng/kg", "110000", "VND", None, "kg", None)],
        ),
        # "/1kg" is the same unit price as "/kg"
        (
            "Nấm linh chi rừng được rao bán 15 triệu đồng/1kg trên mạng.",
            [("15 triệu đồng/1kg", "15000000", "VND", None, "kg", None)],
        ),
        (
            "Tôm hùm loại một có giá 1,2 triệu đồng/1 kg tại cảng cá.",
            [("1,2 triệu đồng/1 kg", "1200000", "VND", None, "kg", None)],
        ),
        (
            "Giá xuất khẩu gạo bình quân 520 USD/tấn và dầu thô 80 USD/thùng.",
            [
                ("520 USD/tấn", "520", "USD", None, "tấn", None),
                ("80 USD/thùng", "80", "USD", None, "thùng", None),
            ],
        ),
        (
            "Người lao động được hỗ trợ 1,5 triệu đồng/người/tháng trong thời gian nghỉ việc.",
            [("1,5 triệu đồng/người/tháng", "1500000", "VND", None, "người/tháng", None)],
        ),
        (
            "Doanh thu bình quân đạt 120 triệu đồng/ha mỗi vụ.",
            [("120 triệu đồng/ha", "120000000", "VND", None, "ha", None)],
        ),
        (
            "Quỹ tài trợ tối thiểu 500 nghìn USD mỗi năm cho các xã khó khăn.",
            [("tối thiểu 500 nghìn USD mỗi năm", "500000", "USD", None, "năm", None)],
        ),
        (
            "Mỗi gia đình có công được tặng khoảng 2 triệu đồng một tháng.",
            [("khoảng 2 triệu đồng một tháng", "2000000", "VND", "about", "tháng", None)],
        ),
        (
            "Chi phí cho mỗi dự án dao động từ 5 đến 10 tỷ đồng tùy quy mô.",
            [("từ 5 đến 10 tỷ đồng", "5000000000", "VND", None, None, "10000000000")],
        ),
        (
            "Học phí năm học mới khoảng 5-10 tỷ đồng cho toàn trường.",
            [("khoảng 5-10 tỷ đồng", "5000000000", "VND", "about", None, "10000000000")],
        ),
        (
            "Mỗi suất học bổng trị giá từ 200.000 đến 500.000 đồng.",
            [("từ 200.000 đến 500.000 đồng", "200000", "VND", None, "suất", "500000")],
        ),
        (
            "Giá vé máy bay khoảng 8 – 10 triệu đồng/người, chưa gồm thuế.",
            [("khoảng 8 – 10 triệu đồng/người", "8000000", "VND", "about", "người", "10000000")],
        ),
        (
            "Mức hỗ trợ từ 3 triệu đồng đến 5 triệu đồng/hộ tùy theo thiệt hại.",
            [("từ 3 triệu đồng đến 5 triệu đồng/hộ", "3000000", "VND", None, "hộ", "5000000")],
        ),
        (
            "Vốn vay ưu đãi từ 800 triệu tới 1,2 tỷ đồng mỗi doanh nghiệp.",
            [("từ 800 triệu tới 1,2 tỷ đồng", "800000000", "VND", None, None, "1200000000")],
        ),
        (
            "Các khoản viện trợ dưới 5 tỷ đồng do tỉnh phê duyệt.",
            [("dưới 5 tỷ đồng", "5000000000", "VND", None, None, None)],
        ),
        (
            "Chi phí không quá 2 tỷ đồng và vốn đối ứng không dưới 10 tỷ đồng.",
            [
                ("không quá 2 tỷ đồng", "2000000000", "VND", None, None, None),
                ("không dưới 10 tỷ đồng", "10000000000", "VND", None, None, None),
            ],
        ),
        (
            "Các dự án có vốn 50 triệu đồng trở lên phải lập báo cáo.",
            [("50 triệu đồng trở lên", "50000000", "VND", None, None, None)],
        ),
        (
            "Số tiền ước đạt 7,8 tỷ đồng, dự kiến khoảng 9 tỷ đồng vào cuối năm.",
            [
                ("ước đạt 7,8 tỷ đồng", "7800000000", "VND", "about", None, None),
                ("dự kiến khoảng 9 tỷ đồng", "9000000000", "VND", "about", None, None),
            ],
        ),
        (
            "Kinh phí dự kiến 30 tỷ đồng cho giai đoạn đầu.",
            [("dự kiến 30 tỷ đồng", "30000000000", "VND", "expected", None, None)],
        ),
        (
            "Hỗ trợ 50 tỷ đồng, đồng thời miễn thuế cho doanh nghiệp.",
            [("50 tỷ đồng", "50000000000", "VND", None, None, None)],
        ),
        (
            "Hỗ trợ 5 tỷ đồng bằng tiền mặt và hiện vật cho bà con vùng lũ.",
            [("5 tỷ đồng", "5000000000", "VND", None, None, None)],
        ),
        (
            "Giá vé xe buýt chỉ 500 đồng/lượt vào những năm đó.",
            [("500 đồng/lượt", "500", "VND", None, "lượt", None)],
        ),
        (
            "DOANH NGHIỆP KIỀU BÀO ỦNG HỘ 5 TỶ ĐỒNG CHO VÙNG LŨ",
            [("5 TỶ ĐỒNG", "5000000000", "VND", None, None, None)],
        ),
        (
            "Tổng số tiền là 12.345.678.900 đồng, đã chuyển đủ.",
            [("12.345.678.900 đồng", "12345678900", "VND", None, None, None)],
        ),
        (
            "Tỷ giá hôm nay: 1 USD đổi được 25.400 đồng.",
            [("1 USD", "1", "USD", None, None, None), ("25.400 đồng", "25400", "VND", None, None, None)],
        ),
    ],
)
def test_amounts_are_found_with_value_currency_and_qualifier(text: str, expected: list[Row]) -> None:
    assert _amounts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2025, đồng chí Bí thư Tỉnh ủy đã đồng ý với đề xuất của Hội đồng nhân dân.",
        "Cộng đồng người Việt tại Lào và đồng bào các dân tộc đồng thời hưởng ứng phong trào.",
        "Có 3 đồng chí Ủy viên Trung ương và 2 đồng chí Bí thư Tỉnh ủy dự hội nghị.",
        "Hội nghị có 5 đ/c tham dự.",
        "Vùng có 3 đồng bằng lớn và 5 đô thị loại I.",
        "Thực hiện Nghị quyết 66/NQ-CP, ngày 30/12 tỉnh ban hành kế hoạch.",
        "Hotline hỗ trợ: 1900 1234 hoặc 0912 345 678.",
        "Tỷ lệ hộ nghèo giảm 1,5%, tỷ giá ổn định, triệu tập 2 cuộc họp.",
        "Ông là một trong 3 tỷ phú của Việt Nam năm 2024.",
        "Trong 5 năm, đoàn đã đến thăm 12 nước và 200 điểm trường.",
        "Năm triệu tập đại hội là năm 2026.",
        "Vé vào cổng 50 nghìn và gửi xe 5 nghìn.",  # no currency is written
        "Chị yên tâm vì 3 con đã đi học.",
        "Giá 12 triệu/m2 là quá cao.",
        "Mật khẩu mẫu là 5a$ hoặc 7s$.",
        "",
    ],
)
def test_words_that_look_like_money_are_not_amounts(text: str) -> None:
    assert _amounts(text) == []


def test_an_amount_inside_a_reference_is_skipped() -> None:
    text = "Theo Quyết định 15 tỷ đồng, tỉnh phân bổ vốn."  # a made-up reference covering the figure
    start = text.index("Quyết")
    doc = Document(text=text)
    doc.references = [Reference("Quyết định 15", "Quyết định", "15", None, (start, start + 13))]
    assert amounts_step(doc).amounts == []


def test_an_amount_inside_a_date_is_skipped() -> None:
    text = "Hạn chót là 5 tỷ đồng."
    doc = Document(text=text)
    doc.dates = [DateMention("5 tỷ", "2025", (12, 16))]
    assert amounts_step(doc).amounts == []


def test_amounts_are_found_through_the_whole_pipeline() -> None:
    text = (
        "(TTXVN) - Ngày 12/3/2026, Liên hiệp các tổ chức hữu nghị tỉnh cho biết năm 2025 các đối tác "
        "đã cam kết hơn 50 tỷ đồng. Nguồn viện trợ năm 2026 dự kiến đạt trên 200 triệu USD, "
        "trong đó 1,2 triệu USD dành cho 248 xã biên giới."
    )
    doc = analyze_text(text)
    found = [(a.text, a.value, a.currency, a.qualifier) for a in doc.amounts]
    assert found == [
        ("hơn 50 tỷ đồng", Decimal(50 * 10**9), "VND", "over"),
        ("dự kiến đạt trên 200 triệu USD", Decimal(200 * 10**6), "USD", "over"),
        ("1,2 triệu USD", Decimal(1_200_000), "USD", None),
    ]
    assert all(isinstance(a.value, Decimal) for a in doc.amounts)


@pytest.mark.parametrize(
    ("text", "qualifier", "qualifiers"),
    [
        ("Viện trợ dự kiến đạt trên 200 triệu USD.", "over", ["expected", "over"]),
        ("Vốn dự kiến khoảng 9 tỷ đồng.", "about", ["expected", "about"]),
        ("Dự án ít nhất 5 tỷ đồng.", None, ["at_least"]),
        ("Khoản vay dưới 5 tỷ đồng.", None, ["under"]),
        ("Dự án 50 triệu đồng trở lên.", None, ["at_least"]),
        ("Quỹ cam kết hơn 50 tỷ đồng.", "over", ["over"]),
        ("Quỹ cam kết 50 tỷ đồng.", None, []),
    ],
)
def test_contract_qualifier_is_the_nearest_of_the_four_and_all_hedges_are_kept(
    text: str, qualifier: str | None, qualifiers: list[str]
) -> None:
    (amount,) = amounts_step(Document(text=text)).amounts
    assert amount.qualifier == qualifier
    assert amount.qualifiers == qualifiers
    assert amount.qualifier in (None, "over", "about", "nearly", "expected")


def test_the_same_text_gives_the_same_amounts_twice() -> None:
    text = "Quỹ cam kết khoảng 3 tỷ đồng."
    assert _amounts(text) == _amounts(text) != []


_FRAGMENTS = [
    "0", "1", "5", "12", "200", "2025", ".", ",", "000", " ", "  ", "\n", "-", "–", "/", ":", "%", "$",
    "€", "US$", "đ", "đồng", "VND", "USD", "tỷ", "tỉ", "triệu", "nghìn", "ngàn", "trăm", "rưỡi", "hai",
    "năm", "mười", "mươi", "lăm", "nửa", "từ", "đến", "tới", "hơn", "trên", "khoảng", "gần", "dự kiến",
    "trở lên", "đô la Úc", "kg", "người", "xã", "/kg", "phần trăm", "số", "ngày", "Đ", "x", "A",
    "9999999999", "000000", "²", "٣", "\u00a0", "a$", "S$",
]  # fmt: skip


def _check_spans(text: str) -> None:
    numbers_find.cache_clear()
    doc = quantities_step(amounts_step(Document(text=text)))
    for fact in [*doc.amounts, *doc.quantities]:
        start, end = fact.span
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == fact.text
        assert fact.value_max is None or fact.value <= fact.value_max


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_steps_never_raise_and_spans_quote_the_text_on_any_text(text: str) -> None:
    _check_spans(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40))
def test_steps_never_raise_and_spans_quote_the_text_on_number_like_text(parts: list[str]) -> None:
    _check_spans("".join(parts))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30))
def test_steps_never_raise_on_spaced_number_like_text(parts: list[str]) -> None:
    _check_spans(" ".join(parts))


_NUMBER_CHARACTERS = list("0123456789.,-–/: %$€đĐồngtỷiệuUSDVNabc\u00a0\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_NUMBER_CHARACTERS), max_size=80))
def test_steps_never_raise_on_strings_of_number_characters(text: str) -> None:
    _check_spans(text)
