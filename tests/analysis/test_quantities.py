from __future__ import annotations

from decimal import Decimal

import pytest

from doingoai.analysis import analyze_text
from doingoai.analysis.amounts import amounts_step
from doingoai.analysis.document import DateMention, Document, Reference
from doingoai.analysis.quantities import quantities_step
from doingoai.analysis.segment import segment_step

# (text, value, unit, qualifier, value_max) of each quantity, in text order
Row = tuple[str, str, str, str | None, str | None]


def _quantities(text: str, *, segmented: bool = True) -> list[Row]:
    doc = Document(text=text)
    if segmented:
        doc = segment_step(doc)
    doc = quantities_step(amounts_step(doc))
    for q in doc.quantities:
        assert doc.text[q.span[0] : q.span[1]] == q.text
    return [
        (q.text, str(q.value), q.unit, q.qualifier, None if q.value_max is None else str(q.value_max))
        for q in doc.quantities
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Năm qua, chương trình đã kéo điện lưới quốc gia về 248 xã biên giới.",
            [("248 xã biên giới", "248", "xã biên giới", None, None)],
        ),
        (
            "Buổi lễ được truyền hình trực tiếp tới hơn 100 điểm cầu trong và ngoài nước.",
            [("hơn 100 điểm cầu", "100", "điểm cầu", "over", None)],
        ),
        (
            "Sau gần 5 năm triển khai, mô hình đã được nhân rộng.",
            [("gần 5 năm", "5", "năm", "nearly", None)],
        ),
        (
            "Kỷ niệm 50 năm ngày thống nhất đất nước, hơn 1.200 người dân đã dự lễ.",
            [
                ("50 năm", "50", "năm", None, None),
                ("hơn 1.200 người dân", "1200", "người dân", "over", None),
            ],
        ),
        (
            "Buổi giao lưu ở cửa khẩu quy tụ hơn 400 thanh niên hai nước và 35 đội văn nghệ ba tỉnh.",
            [
                ("hơn 400 thanh niên", "400", "thanh niên", "over", None),
                ("35 đội văn nghệ", "35", "đội văn nghệ", None, None),
            ],
        ),
        (
            "Việt Nam xuất khẩu 650.000 tấn gạo sang thị trường châu Phi.",
            [("650.000 tấn", "650000", "tấn", None, None)],
        ),
        (
            "Kim ngạch tăng 8% so với năm trước, riêng nông sản tăng 8 phần trăm.",
            [("8%", "8", "%", None, None), ("8 phần trăm", "8", "%", None, None)],
        ),
        (
            "Tỷ lệ hộ nghèo còn 2,3%, thấp hơn 1,5 điểm phần trăm so với cùng kỳ.",
            [
                ("2,3%", "2.3", "%", None, None),
                ("thấp hơn 1,5 điểm phần trăm", "1.5", "điểm phần trăm", None, None),
            ],
        ),
        (
            "Tổ chức Plan International tài trợ xây 3 trường mầm non ở vùng cao.",
            [("3 trường mầm non", "3", "trường mầm non", None, None)],
        ),
        (
            "Có 128 tổ chức phi chính phủ nước ngoài đang hoạt động tại địa bàn.",
            [("128 tổ chức phi chính phủ", "128", "tổ chức phi chính phủ", None, None)],
        ),
        (
            "Trong 6 tháng đầu năm, tỉnh đón 2,5 triệu lượt khách, trong đó 300.000 lượt khách quốc tế.",
            [
                ("6 tháng", "6", "tháng", None, None),
                ("2,5 triệu lượt khách", "2500000", "lượt khách", None, None),
                ("300.000 lượt khách quốc tế", "300000", "lượt khách quốc tế", None, None),
            ],
        ),
        (
            "Gần 300 tình nguyện viên quốc tế đến từ 15 quốc gia đã tham gia.",
            [
                ("Gần 300 tình nguyện viên quốc tế", "300", "tình nguyện viên quốc tế", "nearly", None),
                ("15 quốc gia", "15", "quốc gia", None, None),
            ],
        ),
        (
            "Hơn 2,4 triệu người Việt Nam đang sinh sống tại hơn 130 quốc gia và vùng lãnh thổ.",
            [
                ("Hơn 2,4 triệu người", "2400000", "người", "over", None),
                ("hơn 130 quốc gia", "130", "quốc gia", "over", None),
            ],
        ),
        (
            "Đoàn gồm 25 thành viên, trong đó có 02 cán bộ Sở Ngoại vụ.",
            [("25 thành viên", "25", "thành viên", None, None), ("02 cán bộ", "2", "cán bộ", None, None)],
        ),
        (
            "Sau 3 năm học, 120 sinh viên tốt nghiệp loại giỏi.",
            [
                ("3 năm học", "3", "năm học", None, None),
                ("120 sinh viên tốt nghiệp", "120", "sinh viên tốt nghiệp", None, None),
            ],
        ),
        (
            "Lúc 9 giờ 30 phút sáng nay, 3 chiếc xe chở 12 tấn hàng cứu trợ đã lên đường.",
            [("3 chiếc xe", "3", "chiếc xe", None, None), ("12 tấn", "12", "tấn", None, None)],
        ),
        (
            "Diện tích 1.250 ha rừng được trồng mới, trong đó 300ha là rừng phòng hộ.",
            [("1.250 ha", "1250", "ha", None, None), ("300ha", "300", "ha", None, None)],
        ),
        # "gram" is a unit: the quantity ends with it
        (
            "Lực lượng chức năng thu giữ 450 gram heroin giấu trong vali.",
            [("450 gram", "450", "gram", None, None)],
        ),
        (
            "Xe chạy 60km/h trên đoạn đèo, năng suất lúa đạt 6 tấn/ha.",
            [("60km/h", "60", "km/h", None, None), ("6 tấn/ha", "6", "tấn/ha", None, None)],
        ),
        (
            "Khoảng 40-50% ngân sách dành cho giáo dục, 20 – 25% cho y tế.",
            [("Khoảng 40-50%", "40", "%", "about", "50"), ("20 – 25%", "20", "%", None, "25")],
        ),
        (
            "Lãi suất cho vay giảm từ 3% đến 5% tùy kỳ hạn.",
            [("từ 3% đến 5%", "3", "%", None, "5")],
        ),
        (
            "Thời gian cách ly từ 7 đến 14 ngày tùy đối tượng.",
            [("từ 7 đến 14 ngày", "7", "ngày", None, "14")],
        ),
        (
            "Mỗi lớp học chỉ nhận 50 học viên trở lên.",
            [("50 học viên trở lên", "50", "học viên", None, None)],
        ),
        (
            "Hội nghị có sự tham dự của khoảng 300 đại biểu, ít nhất 30 người là khách quốc tế.",
            [
                ("khoảng 300 đại biểu", "300", "đại biểu", "about", None),
                ("ít nhất 30 người", "30", "người", None, None),
            ],
        ),
        (
            "Tổng số 248 xã đã hoàn thành chỉ tiêu.",
            [("248 xã", "248", "xã", None, None)],
        ),
        (
            "Có 7 đồng chí Ủy viên Bộ Chính trị dự hội nghị.",
            [("7 đồng chí", "7", "đồng chí", None, None)],
        ),
        (
            "Vùng có 3 đồng bằng lớn.",
            [("3 đồng bằng lớn", "3", "đồng bằng lớn", None, None)],
        ),
        (
            "Chương trình phát 1.000 suất quà tết và trồng 5.000 cây xanh.",
            [
                ("1.000 suất quà tết", "1000", "suất quà tết", None, None),
                ("5.000 cây xanh", "5000", "cây xanh", None, None),
            ],
        ),
        (
            "Bà cho biết: “Chúng tôi đã tặng 200 con bò giống cho 200 hộ nghèo”.",
            [
                ("200 con bò giống", "200", "con bò giống", None, None),
                ("200 hộ nghèo", "200", "hộ nghèo", None, None),
            ],
        ),
        (
            "Quỹ 5 triệu USD sẽ hỗ trợ 40 dự án y tế.",
            [("40 dự án y tế", "40", "dự án y tế", None, None)],
        ),
        (
            "Chương trình thu hút hai triệu người xem trực tuyến.",
            [("hai triệu người xem", "2000000", "người xem", None, None)],
        ),
        (
            "Ông là một trong 3 tỷ phú của Việt Nam.",  # "tỷ phú" is a noun, not a scale
            [("3 tỷ phú", "3", "tỷ phú", None, None)],
        ),
        (
            "Đoàn công tác đã thăm 3 tỉnh Tây Nguyên.",
            [("3 tỉnh", "3", "tỉnh", None, None)],
        ),
    ],
)
def test_quantities_are_found_with_their_counted_noun(text: str, expected: list[Row]) -> None:
    assert _quantities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị tổng kết công tác năm 2025 và phương hướng năm 2026.",
        "Giai đoạn 2026-2028, tỉnh tập trung cho giáo dục.",
        "Từ năm 2020 đến 2025, tình hình có nhiều thay đổi.",
        "Ngày 30/12, đoàn lên đường; ngày 5-10 đoàn trở về.",
        "Sơ kết Chỉ thị số 12 của Ban Bí thư khóa XIII.",
        "Thực hiện Nghị quyết 66/NQ-CP và Nghị định số 80/2020/NĐ-CP.",
        "Căn cứ Điều 5 Luật Điều ước quốc tế và khoản 2 Điều 7.",
        "Hội nghị lần thứ 10 Ban Chấp hành Trung ương khóa XIII.",
        "Sáng 30 tháng 4, nhân dân cả nước mít tinh.",
        "Lúc 9 giờ sáng nay, đoàn bắt đầu làm việc.",
        "Chiến lược đến năm 2045 đã được phê duyệt.",
        "Hotline hỗ trợ: 1900 1234 hoặc 0912 345 678.",
        "Dịch COVID-19 và hội nghị G20 được nhắc tới.",
        "Khu đô thị nằm dọc Quốc lộ 1A.",
        "Trụ sở đặt tại số 8 đường Lê Duẩn, phường 5.",
        "Quán triệt Kết luận 57-KL/TW, đội nhà thắng 3-1.",
        "Ông sinh năm 1965 và về Hà Nội năm 1986.",
        "Hàng trăm người dân và hàng chục tổ chức đã hưởng ứng.",
        "1. Tăng cường công tác thông tin đối ngoại.",
        "Các đối tác đã cam kết hơn 50 tỷ đồng.",  # an amount, not a quantity
        "",
    ],
)
def test_years_dates_references_and_codes_are_not_quantities(text: str) -> None:
    assert _quantities(text) == []


def test_a_number_inside_a_reference_found_earlier_is_skipped() -> None:
    text = "Triển khai Chỉ thị 12 xã về đích sớm."  # "Chỉ thị 12" read by the references step
    doc = segment_step(Document(text=text))
    doc.references = [Reference("Chỉ thị 12", "Chỉ thị", "12", None, (11, 21))]
    assert quantities_step(doc).quantities == []


def test_a_number_inside_a_date_found_earlier_is_skipped() -> None:
    text = "Đoàn về nước vào hạ tuần 20 ngày sau lễ."
    start = text.index("hạ")
    doc = segment_step(Document(text=text))
    doc.dates = [DateMention("hạ tuần 20", "2026", (start, start + 10))]
    assert quantities_step(doc).quantities == []


def test_without_segmentation_the_unit_is_cut_at_four_syllables() -> None:
    found = _quantities("Có 50 tổ chức phi chính phủ nước ngoài tham dự.", segmented=False)
    assert found == [("50 tổ chức phi chính", "50", "tổ chức phi chính", None, None)]


def test_without_segmentation_short_units_are_found_alike() -> None:
    text = "Điện lưới đã về 248 xã biên giới và hơn 100 điểm cầu."
    found = _quantities(text, segmented=False)
    assert found == _quantities(text)
    assert [row[2] for row in found] == ["xã biên giới", "điểm cầu"]


def test_quantities_are_found_through_the_whole_pipeline() -> None:
    text = (
        "(VOV) - Ngày 5/1/2026, Ủy ban nhân dân tỉnh tổng kết gần 5 năm thực hiện Chỉ thị số 12. "
        "Trong năm 2025, các đối tác đã hỗ trợ 248 xã biên giới với hơn 50 tỷ đồng; "
        "lễ tổng kết kết nối hơn 100 điểm cầu."
    )
    doc = analyze_text(text)
    found = [(q.text, q.value, q.unit, q.qualifier) for q in doc.quantities]
    assert found == [
        ("gần 5 năm", Decimal(5), "năm", "nearly"),
        ("248 xã biên giới", Decimal(248), "xã biên giới", None),
        ("hơn 100 điểm cầu", Decimal(100), "điểm cầu", "over"),
    ]
