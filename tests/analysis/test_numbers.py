from __future__ import annotations

from decimal import Decimal

import pytest

from doingoai.analysis.numbers import (
    digits_parse,
    number_parse,
    numbers_find,
    qualifier_after,
    qualifier_before,
    spelled_parse,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("50", "50"),
        ("15.000", "15000"),
        ("100.000", "100000"),
        ("1.000.000.000", "1000000000"),
        ("1.234.567,89", "1234567.89"),
        ("1,2", "1.2"),
        ("0,5", "0.5"),
        ("12,75", "12.75"),
        # a single comma is a decimal comma even before three digits
        ("1,234", "1.234"),
        # several comma groups of three digits can only be English thousands
        ("1,234,567", "1234567"),
        # when both marks are used, the last one is the decimal mark
        ("1,234.5", "1234.5"),
        # a dot not followed by exactly three digits is a decimal point
        ("3.5", "3.5"),
        ("12.3456", "12.3456"),
        # a leading zero cannot start a thousands group
        ("0.500", "0.5"),
        ("05", "5"),
        # the limit counts digits, not marks: a long figure as the entry form shows it back
        ("12.345.678.901.234.567.890", "12345678901234567890"),
        ("123.456.789.012.345.678.901.234", "123456789012345678901234"),
    ],
)
def test_digits_with_vietnamese_separators_are_parsed(text: str, value: str) -> None:
    assert digits_parse(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    ["1.5.2", "192.168.1.1", "0912.345.678", "1,2,3", "1.234,5.6", "", "12a", "1.000.00", "²", "٣", "9" * 30],
)
def test_separators_that_form_no_number_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        digits_parse(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2,5 triệu", "2500000"),
        ("1,2 triệu", "1200000"),
        ("50 tỷ", "50000000000"),
        ("50 tỉ", "50000000000"),
        ("50tỷ", "50000000000"),
        ("500 nghìn", "500000"),
        ("500 ngàn", "500000"),
        ("3 nghìn tỷ", "3000000000000"),
        ("1,5 ngàn tỷ", "1500000000000"),
        ("1.000 tỷ", "1000000000000"),
        ("1 tỷ 200 triệu", "1200000000"),
        ("2 triệu 500 nghìn", "2500000"),
        ("3 nghìn tỷ 500 tỷ", "3500000000000"),
        ("2 triệu rưỡi", "2500000"),
        ("1 tỷ rưỡi", "1500000000"),
        ("7 TRIỆU", "7000000"),
        ("hai triệu", "2000000"),
        ("Hai tỷ", "2000000000"),
        ("một nghìn tỷ", "1000000000000"),
        ("năm trăm nghìn", "500000"),
        ("mười lăm tỷ", "15000000000"),
        ("hai mươi mốt nghìn", "21000"),
        ("ba mươi tư triệu", "34000000"),
        ("ba trăm năm mươi triệu", "350000000"),
        ("một trăm linh năm triệu", "105000000"),
        ("hai trăm lẻ ba tỷ", "203000000000"),
        ("nửa triệu", "500000"),
        ("hai tỷ năm trăm triệu", "2500000000"),
        ("bảy chục triệu", "70000000"),
        ("  15.000  ", "15000"),
    ],
)
def test_scale_words_and_spelled_numbers_are_parsed(text: str, value: str) -> None:
    assert number_parse(text) == Decimal(value)


def test_a_decimal_scaled_value_has_no_exponent() -> None:
    assert str(number_parse("1,2 triệu")) == "1200000"


@pytest.mark.parametrize(
    "text",
    [
        "năm",  # a spelled number counts only before a scale word
        "hai",
        "tỷ",
        "abc",
        "",
        "5 triệu 3 tỷ",  # the scales grow again: two numbers
        "1.5.2 triệu",
        "năm 2025",
        "5 tỷ lệ",
        "9" * 20 + " tỷ",  # beyond any figure a text reports
        "5 tỷ tỷ tỷ",
    ],
)
def test_text_that_is_not_one_number_is_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        number_parse(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("hai trăm lẻ năm", 205), ("mười", 10), ("chín mươi chín", 99), ("một trăm", 100), ("nửa", 0.5)],
)
def test_spelled_numbers_below_a_thousand_are_parsed(text: str, value: float) -> None:
    assert spelled_parse(text) == Decimal(str(value))


def _found(text: str) -> list[tuple[str, Decimal, Decimal | None]]:
    return [(text[m.start : m.end], m.value, m.value_max) for m in numbers_find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Dịch COVID-19 bùng phát trở lại.",
        "Hội nghị thượng đỉnh G20 khai mạc.",
        "Lễ ký kết diễn ra ngày 30/12.",
        "Thực hiện Nghị quyết 66/NQ-CP của Chính phủ.",
        "Phiên họp bắt đầu lúc 9:30.",
        "Quán triệt Kết luận 57-KL/TW của Bộ Chính trị.",
        "Đội tuyển thắng 3-1 trong trận mở màn.",
        "Kỷ niệm ngày 30-4 năm nay.",
        "Mã dự án là VN2025 và phiên bản 1.5.2 của phần mềm.",
    ],
)
def test_numbers_glued_to_codes_dates_and_times_are_not_found(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("từ 5 đến 10 tỷ đồng", [("từ 5 đến 10 tỷ", Decimal(5 * 10**9), Decimal(10 * 10**9))]),
        ("5-10 tỷ đồng", [("5-10 tỷ", Decimal(5 * 10**9), Decimal(10 * 10**9))]),
        ("khoảng 5 – 7 triệu USD", [("5 – 7 triệu", Decimal(5 * 10**6), Decimal(7 * 10**6))]),
        ("từ 800 triệu tới 1,2 tỷ", [("từ 800 triệu tới 1,2 tỷ", Decimal(8 * 10**8), Decimal(12 * 10**8))]),
        ("giai đoạn 2026-2030", [("2026-2030", Decimal(2026), Decimal(2030))]),
        ("từ 200.000 đến 500.000 đồng", [("từ 200.000 đến 500.000", Decimal(200000), Decimal(500000))]),
        # a bare lower bound that would exceed the upper one after scaling makes no range
        ("từ 900 đến 1,2 triệu", [("900", Decimal(900), None), ("1,2 triệu", Decimal(1200000), None)]),
        # the scales grow again: "200 nghìn" and "5 triệu" are two numbers
        ("200 nghìn 5 triệu", [("200 nghìn", Decimal(200000), None), ("5 triệu", Decimal(5000000), None)]),
        ("năm 2025", [("2025", Decimal(2025), None)]),
        ("trong năm triệu tập 2 cuộc họp", [("2", Decimal(2), None)]),
        ("3 tỷ phú", [("3", Decimal(3), None)]),
        ("Hai triệu USD", [("Hai triệu", Decimal(2000000), None)]),
    ],
)
def test_numbers_and_ranges_are_found_with_their_words(
    text: str, expected: list[tuple[str, Decimal, Decimal | None]]
) -> None:
    assert _found(text) == expected


def test_a_range_of_bare_integers_is_plain_like_a_year() -> None:
    (mention,) = numbers_find("giai đoạn 2026-2030")
    assert mention.plain and not mention.scaled


@pytest.mark.parametrize(
    ("before", "qualifier", "words"),
    [
        ("đạt hơn ", "over", "hơn"),
        ("Trên ", "over", "Trên"),
        ("vượt ", "over", "vượt"),
        ("khoảng ", "about", "khoảng"),
        ("chừng ", "about", "chừng"),
        ("xấp xỉ ", "about", "xấp xỉ"),
        ("ước đạt ", "about", "ước đạt"),
        ("ước tính ", "about", "ước tính"),
        ("trên dưới ", "about", "trên dưới"),
        ("gần ", "nearly", "gần"),
        ("suýt ", "nearly", "suýt"),
        ("dự kiến ", "expected", "dự kiến"),
        ("năm sau dự kiến đạt ", "expected", "dự kiến đạt"),
        ("dự kiến đạt trên ", "over", "trên"),  # the words right before the number win
        ("dưới ", "under", "dưới"),
        ("chưa đầy ", "under", "chưa đầy"),
        ("ít hơn ", "under", "ít hơn"),
        ("ít nhất ", "at_least", "ít nhất"),
        ("không dưới ", "at_least", "không dưới"),
        ("tối đa ", "up_to", "tối đa"),
        ("không quá ", "up_to", "không quá"),
        ("chi phí không vượt quá ", "up_to", "không vượt quá"),
        ("lên tới ", "up_to", "lên tới"),
        ("khoảng\u00a0", "about", "khoảng"),
    ],
)
def test_the_hedge_right_before_a_number_is_its_qualifier(before: str, qualifier: str, words: str) -> None:
    text = before + "50 tỷ đồng"
    found = qualifier_before(text, len(before))
    assert found is not None
    assert (found[0], text[found[1] : len(before)].strip()) == (qualifier, words)


@pytest.mark.parametrize("before", ["tăng ", "đạt ", "cho ", "dự án ", "", "khoảng\n", "tronghơn "])
def test_words_that_are_no_hedge_give_no_qualifier(before: str) -> None:
    assert qualifier_before(before + "50 người", len(before)) is None


@pytest.mark.parametrize(("after", "qualifier"), [(" trở lên", "at_least"), (" trở xuống", "up_to")])
def test_a_hedge_after_the_figure_is_read(after: str, qualifier: str) -> None:
    text = "50 người" + after + "."
    assert qualifier_after(text, len("50 người")) == (qualifier, len(text) - 1)


def test_trở_lại_is_no_hedge() -> None:
    assert qualifier_after("5 năm trở lại đây", len("5 năm")) is None
