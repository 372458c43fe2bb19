from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.analysis.dates import dates_find, dates_step
from doingoai.analysis.document import Document
from doingoai.analysis.metadata import metadata_step

END_OF_2025 = dt.date(2025, 12, 30)
EARLY_2026 = dt.date(2026, 1, 2)
MID_2026 = dt.date(2026, 5, 20)


def _found(text: str, published: dt.date | None = END_OF_2025) -> list[tuple[str, str]]:
    return [(d.text, d.date) for d in dates_find(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # days
        ("Ngày 30/12, đoàn đại biểu hữu nghị lên đường sang Lào.", [("Ngày 30/12", "2025-12-30")]),
        ("Hội thảo diễn ra ngày 30/12/2025 tại Hà Nội.", [("ngày 30/12/2025", "2025-12-30")]),
        ("Văn bản ký 30/12/2025 có hiệu lực ngay.", [("30/12/2025", "2025-12-30")]),
        ("Hạn nộp hồ sơ là 30-12-2025.", [("30-12-2025", "2025-12-30")]),
        ("Lễ ký kết được tổ chức ngày 30.12.2025 ở Huế.", [("ngày 30.12.2025", "2025-12-30")]),
        ("Hà Nội, ngày 30 tháng 12 năm 2025", [("ngày 30 tháng 12 năm 2025", "2025-12-30")]),
        ("Biên bản lập 5 tháng 1 năm 2026 tại trụ sở.", [("5 tháng 1 năm 2026", "2026-01-05")]),
        ("Đến ngày 30 tháng 12, tỉnh đã giải ngân xong.", [("Đến ngày 30 tháng 12", "../2025-12-30")]),
        ("ngày 30 tháng 12, đoàn về nước an toàn.", [("ngày 30 tháng 12", "2025-12-30")]),
        ("Ngày 30-12, Ủy ban tổ chức gặp mặt kiều bào.", [("Ngày 30-12", "2025-12-30")]),
        ("Ngày 29/2/2024 là ngày nhuận.", [("Ngày 29/2/2024", "2024-02-29")]),
        # a part of the day or a weekday makes a bare day and month a date
        ("Sáng 30/12, Liên hiệp tiếp đoàn Hội Hữu nghị Nhật Bản.", [("30/12", "2025-12-30")]),
        ("Chiều ngày 29/12, hai bên ký biên bản ghi nhớ.", [("ngày 29/12", "2025-12-29")]),
        ("Tối 31/12, thanh niên hai nước giao lưu văn nghệ.", [("31/12", "2025-12-31")]),
        ("Thứ Hai, ngày 5/1/2026, hội nghị khai mạc.", [("ngày 5/1/2026", "2026-01-05")]),
        ("Chiều nay (30/12), đoàn đến cửa khẩu Tây Trang.", [("30/12", "2025-12-30")]),
        ("Thứ Sáu (2/1), tỉnh đón đoàn tình nguyện viên.", [("2/1", "2026-01-02")]),
        ("Rạng sáng 1/1, pháo hoa được bắn tại bờ sông.", [("1/1", "2026-01-01")]),
        ("Nhân dịp Quốc khánh 2/9, Hội tổ chức mít tinh.", [("2/9", "2025-09-02")]),
        # months, quarters, years
        ("Tháng 12/2025, Sở Ngoại vụ tiếp nhận 3 dự án.", [("Tháng 12/2025", "2025-12")]),
        ("Trong tháng 12 năm 2025, tỉnh đón 10 đoàn.", [("tháng 12 năm 2025", "2025-12")]),
        ("Kết quả sẽ được báo cáo trong tháng 12-2025.", [("tháng 12-2025", "2025-12")]),
        ("Dự án khởi công vào tháng 12.", [("tháng 12", "2025-12")]),
        ("Năm 2025, công tác đối ngoại nhân dân đạt nhiều kết quả.", [("Năm 2025", "2025")]),
        ("Phương hướng nhiệm vụ năm 2026 đã được thông qua.", [("năm 2026", "2026")]),
        ("Công trình hoàn thành trong quý I/2026.", [("quý I/2026", "2026-Q1")]),
        ("Dự kiến trong quý 3 năm 2026 sẽ bàn giao.", [("quý 3 năm 2026", "2026-Q3")]),
        ("Số liệu quý IV-2025 cho thấy xu hướng tăng.", [("quý IV-2025", "2025-Q4")]),
        ("Quý IV vừa qua, tỉnh nhận thêm viện trợ.", [("Quý IV", "2025-Q4")]),
        # periods
        ("Kế hoạch giai đoạn 2026-2028 được phê duyệt.", [("giai đoạn 2026-2028", "2026/2028")]),
        ("Chiến lược giai đoạn 2026 – 2030 có năm trụ cột.", [("giai đoạn 2026 – 2030", "2026/2030")]),
        ("Chương trình mục tiêu 2021-2025 đã kết thúc.", [("2021-2025", "2021/2025")]),
        ("Đại hội bầu ban chấp hành nhiệm kỳ 2025-2030.", [("nhiệm kỳ 2025-2030", "2025/2030")]),
        ("Học bổng dành cho năm học 2025-2026.", [("năm học 2025-2026", "2025/2026")]),
        ("Từ năm 2021 đến năm 2025, Hội vận động 40 dự án.", [("Từ năm 2021 đến năm 2025", "2021/2025")]),
        (
            "Giai đoạn từ năm 2016 đến năm 2020 được tổng kết.",
            [("Giai đoạn từ năm 2016 đến năm 2020", "2016/2020")],
        ),
        ("Số liệu 6 tháng đầu năm 2026 khả quan.", [("6 tháng đầu năm 2026", "2026-01/2026-06")]),
        ("Nửa cuối năm 2026 sẽ có thêm hai đoàn.", [("Nửa cuối năm 2026", "2026-07/2026-12")]),
        (
            "Lớp học mở từ ngày 1/7 đến ngày 31/12/2025.",
            [("từ ngày 1/7 đến ngày 31/12/2025", "2025-07-01/2025-12-31")],
        ),
        (
            "Trại hè kéo dài từ ngày 28/12/2025 đến ngày 3/1/2026.",
            [("từ ngày 28/12/2025 đến ngày 3/1/2026", "2025-12-28/2026-01-03")],
        ),
        (
            "Đợt khám bệnh từ ngày 14/7 đến 25/7/2025.",
            [("từ ngày 14/7 đến 25/7/2025", "2025-07-14/2025-07-25")],
        ),
        ("Trong các ngày 28-29/12, đoàn làm việc tại Lào Cai.", [("ngày 28-29/12", "2025-12-28/2025-12-29")]),
        (
            "Dự án thực hiện từ quý II/2026 đến hết năm 2029.",
            [("từ quý II/2026 đến hết năm 2029", "2026-Q2/2029")],
        ),
        # open periods and deadlines
        ("Xây dựng chiến lược, tầm nhìn đến năm 2045.", [("đến năm 2045", "../2045")]),
        ("Các đơn vị báo cáo trước ngày 31/3/2026.", [("trước ngày 31/3/2026", "../2026-03-31")]),
        ("Quy định áp dụng từ ngày 1/7/2025.", [("từ ngày 1/7/2025", "2025-07-01/..")]),
        ("Anh trực ở trạm từ 14/9 đến nay.", [("từ 14/9", "2025-09-14/..")]),
        # "hôm nay" is the published date, so the period is closed
        ("Bà nằm viện từ 2-10 đến hôm nay.", [("từ 2-10 đến hôm nay", "2025-10-02/2025-12-30")]),
        ("Kể từ năm 2017, Hội duy trì giao lưu hằng năm.", [("Kể từ năm 2017", "2017/..")]),
        ("Sở hoàn thành chậm nhất là ngày 15/1/2026.", [("chậm nhất là ngày 15/1/2026", "../2026-01-15")]),
        ("Duy trì hoạt động đến hết năm 2025.", [("đến hết năm 2025", "../2025")]),
        ("Hồ sơ gửi về trước 30/6/2026.", [("trước 30/6/2026", "../2026-06-30")]),
        ("Đề án phải trình trước 30/6.", [("trước 30/6", "../2026-06-30")]),
        # harder wording
        ("Lúc 9 giờ 30 ngày 30/12, lễ khai mạc diễn ra.", [("ngày 30/12", "2025-12-30")]),
        (
            "NGÀY 30/12/2025, HỘI NGHỊ TỔNG KẾT QUÝ I/2026",
            [("NGÀY 30/12/2025", "2025-12-30"), ("QUÝ I/2026", "2026-Q1")],
        ),
        ("Ngày hội văn hóa diễn ra từ 28 đến 30/12.", [("từ 28 đến 30/12", "2025-12-28/2025-12-30")]),
        ("Từ đầu năm 2025 đến nay, tỉnh tiếp nhận 20 dự án.", [("Từ đầu năm 2025", "2025/..")]),
        ("Đến cuối tháng 6/2026, các gói thầu phải xong.", [("Đến cuối tháng 6/2026", "../2026-06")]),
        (
            "Ngày 30/4/1975 và Cách mạng Tháng Tám năm 1945.",
            [("Ngày 30/4/1975", "1975-04-30"), ("năm 1945", "1945")],
        ),
        ("Dự án kéo dài 36 tháng (2024-2027) tại ba xã.", [("2024-2027", "2024/2027")]),
        (
            "Tháng 1-2026, Bộ tổ chức hội nghị; ngày 5-1-2026 khai mạc.",
            [("Tháng 1-2026", "2026-01"), ("ngày 5-1-2026", "2026-01-05")],
        ),
        (
            "Từ tháng 1 đến tháng 3 năm 2026, tỉnh đón 5 đoàn.",
            [("Từ tháng 1 đến tháng 3 năm 2026", "2026-01/2026-03")],
        ),
        ("Tính đến ngày 15/12/2025, viện trợ đạt 30 tỷ đồng.", [("đến ngày 15/12/2025", "../2025-12-15")]),
        # several in one sentence
        (
            "Tổng kết năm 2025, triển khai nhiệm vụ năm 2026 và định hướng đến năm 2030.",
            [("năm 2025", "2025"), ("năm 2026", "2026"), ("đến năm 2030", "../2030")],
        ),
        (
            "Chỉ thị ban hành ngày 5/1/2022, sơ kết vào tháng 6/2026.",
            [("ngày 5/1/2022", "2022-01-05"), ("tháng 6/2026", "2026-06")],
        ),
    ],
)
def test_date_expression_gives_its_words_and_iso_value(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Ngày 30/12, hội nghị tổng kết diễn ra.", END_OF_2025, "2025-12-30"),
        ("Ngày 30/12, hội nghị tổng kết diễn ra.", EARLY_2026, "2025-12-30"),
        ("Ngày 5/1, đoàn lên đường sang Campuchia.", END_OF_2025, "2026-01-05"),
        ("Ngày 5/1, đoàn lên đường sang Campuchia.", EARLY_2026, "2026-01-05"),
        ("Ngày 12/3, tỉnh tiếp nhận trang thiết bị.", MID_2026, "2026-03-12"),
        ("Ngày 12/12, tỉnh tiếp nhận trang thiết bị.", MID_2026, "2025-12-12"),
        ("Ngày 29/2, lớp học khai giảng.", dt.date(2028, 3, 10), "2028-02-29"),
        ("Sự kiện dự kiến vào ngày 15/8 tới.", END_OF_2025, "2026-08-15"),
        ("Ngày 15/8 vừa qua, đoàn đã về nước.", MID_2026, "2025-08-15"),
        ("Báo cáo tháng 12 cho thấy tiến độ tốt.", EARLY_2026, "2025-12"),
        ("Hội chợ mở cửa trong tháng 3.", END_OF_2025, "2026-03"),
        ("Trong tháng 3 tới, Hội đón đoàn Pháp.", dt.date(2026, 9, 1), "2027-03"),
        ("Vốn được giải ngân trong quý I.", END_OF_2025, "2026-Q1"),
        ("Vốn được giải ngân trong quý III.", EARLY_2026, "2025-Q3"),
        ("Kết quả 6 tháng đầu năm khả quan.", MID_2026, "2026-01/2026-06"),
        ("Kết quả 9 tháng đầu năm nay khả quan.", MID_2026, "2026-01/2026-09"),
        ("Năm nay, Hội tổ chức ba đoàn.", MID_2026, "2026"),
        ("Năm ngoái, Hội tổ chức ba đoàn.", MID_2026, "2025"),
        ("Hôm qua, hai bên đã trao đổi thư.", EARLY_2026, "2026-01-01"),
        ("Từ ngày 1/7, bộ máy hai cấp vận hành.", END_OF_2025, "2025-07-01/.."),
        ("Đợt giao lưu từ ngày 20/10 đến 29/10.", dt.date(2026, 11, 5), "2026-10-20/2026-10-29"),
        ("Kỳ nghỉ kéo dài từ 30/12 đến ngày 2/1.", END_OF_2025, "2025-12-30/2026-01-02"),
    ],
)
def test_partial_date_takes_the_year_nearest_the_published_date(
    text: str, published: dt.date, expected: str
) -> None:
    assert [d.date for d in dates_find(text, published)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngày 30/12, đoàn về nước.", "--12-30"),
        ("Sáng 1/10, lễ khai mạc diễn ra.", "--10-01"),
        ("Tiến độ trong tháng 12 được đẩy nhanh.", "--12"),
        ("Giải ngân trong quý IV.", "--Q4"),
        ("Từ ngày 1/7, quy chế mới có hiệu lực.", "--07-01/.."),
        ("Đề án trình trước ngày 31/3.", "../--03-31"),
        ("Số liệu 6 tháng đầu năm được công bố.", "--01/--06"),
        ("Ngày 29/2, lớp học khai giảng.", "--02-29"),
        ("Ngày 30/12/2025 là hạn cuối.", "2025-12-30"),
    ],
)
def test_without_a_published_date_the_year_stays_unknown(text: str, expected: str) -> None:
    assert [d.date for d in dates_find(text, None)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Năm nay, Hội tổ chức ba đoàn.",
        "Hôm nay, hai bên ký biên bản.",
    ],
)
def test_relative_words_are_not_dated_without_a_published_date(text: str) -> None:
    assert dates_find(text, None) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 31/2/2025 không tồn tại.",
        "Hạn chót ghi nhầm là ngày 30/13/2025.",
        "Trong tháng 13, không có hoạt động nào.",
        "Số liệu quý 5 là lỗi đánh máy.",
        "Ngày 29/2/2025 là ngày không có thật.",
        "Ngày 32/1, sự kiện không thể có.",
        "Đội nhà thắng với tỷ số 3/1 trong trận giao hữu.",
        "Hơn 2/3 số đại biểu tán thành.",
        "Tỷ lệ đạt 30/12 tiêu chí, còn thiếu hai.",
        "Tỉnh hoàn thành Nghị quyết 66/NQ-CP trong thời hạn.",
        "Nghị định 12/2025/NĐ-CP quy định chi tiết.",
        "Theo Thông tư 05/2024/TT-BNG, hồ sơ gồm ba loại giấy tờ.",
        "Kế hoạch số 2021-2025/KH-UBND đã được ký.",
        "Mỗi tháng 2 lần, đoàn thanh niên đến thăm trường.",
        "Sau 3 tháng 12 ngày, công trình hoàn thành.",
        "Mỗi ngày 3-4 lần, xe chở hàng qua cửa khẩu.",
        "Đội bóng thắng 2-1 trong trận mở màn.",
        "Liên hệ đường dây nóng 0243.825.1234 để được hỗ trợ.",
        "Kinh phí 1.500.000 đồng mỗi suất quà.",
        "Khu di tích có khoảng 1200-1250 hiện vật.",
        "Đoàn gồm những người bạn quý của Việt Nam.",
        "Việt Nam 2025 là chủ đề của cuộc thi ảnh.",
        "Tăng từ 1/3 lên 1/2 tổng số hộ được hỗ trợ.",
        "Trong ngày hội, các em được tặng 300 suất quà.",
        "Số lượng đoàn 12/15 đã hoàn thành báo cáo.",
        "",
    ],
)
def test_fractions_scores_counts_symbols_and_invalid_dates_are_not_dates(text: str) -> None:
    assert dates_find(text, END_OF_2025) == []


def test_year_inside_a_decree_symbol_is_left_to_the_reference_and_the_real_date_is_kept() -> None:
    text = "Nghị định 80/2020/NĐ-CP ngày 9/7/2020 của Chính phủ."
    assert _found(text) == [("ngày 9/7/2020", "2020-07-09")]


def test_step_resolves_against_the_date_tag_of_the_document() -> None:
    doc = metadata_step(Document(text="date 2026-01-02 Ngày 30/12, đoàn công tác về nước."))
    doc = dates_step(doc)
    assert [(d.text, d.date) for d in doc.dates] == [("Ngày 30/12", "2025-12-30")]
    start, end = doc.dates[0].span
    assert doc.text[start:end] == "Ngày 30/12"


def test_step_without_published_date_leaves_the_year_unknown() -> None:
    doc = dates_step(Document(text="Tối 31/12, hai đoàn giao lưu."))
    assert [d.date for d in doc.dates] == ["--12-31"]


def test_spans_point_at_the_words_in_a_longer_text() -> None:
    text = (
        "Sáng 12/3, Liên hiệp tỉnh tổ chức hội nghị. Trong năm 2025, tỉnh tiếp nhận 40 dự án; "
        "giai đoạn 2026-2030 phấn đấu tăng gấp đôi, hoàn thành trước ngày 31/12/2030."
    )
    mentions = dates_find(text, dt.date(2026, 3, 12))
    assert [(text[d.span[0] : d.span[1]], d.date) for d in mentions] == [
        ("12/3", "2026-03-12"),
        ("năm 2025", "2025"),
        ("giai đoạn 2026-2030", "2026/2030"),
        ("trước ngày 31/12/2030", "../2030-12-31"),
    ]
    assert all(text[d.span[0] : d.span[1]] == d.text for d in mentions)


_FRAGMENTS = st.sampled_from(
    [
        "ngày",
        "Ngày",
        "tháng",
        "năm",
        "quý",
        "I",
        "IV",
        "giai đoạn",
        "từ",
        "đến",
        "trước",
        "sáng",
        "Thứ Hai",
        "(",
        ")",
        ",",
        " ",
        "/",
        "-",
        "–",
        ".",
        "Chỉ thị",
        "số",
        "NQ-CP",
        "NĐ-CP",
        "tới",
        "vừa qua",
        "nay",
        "hôm qua",
        "hôm nay",
        "năm ngoái",
        "nửa đầu",
        "6",
        "0",
        "12",
        "29",
        "31",
        "2",
        "13",
        "2025",
        "2026",
        "1999",
        "20455",
    ]
)
_COMPOSED = st.lists(_FRAGMENTS, max_size=30).map(" ".join) | st.lists(_FRAGMENTS, max_size=30).map("".join)
_PUBLISHED = st.none() | st.dates() | st.sampled_from([dt.date.min, dt.date.max])


@settings(max_examples=300)
@given(text=st.text() | _COMPOSED, published=_PUBLISHED)
def test_any_text_gives_dates_whose_spans_quote_the_text(text: str, published: dt.date | None) -> None:
    for mention in dates_find(text, published):
        start, end = mention.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == mention.text
        assert mention.date


# Day and month written with a dot or a hyphen, as many outlets do, alone or as the two ends of a period.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngày 14.9, đoàn đại biểu lên đường.", [("Ngày 14.9", "2025-09-14")]),
        ("Chiều 21-10, hai bên ký biên bản.", [("21-10", "2025-10-21")]),
        ("Từ 3-11 đến 9-11, triển lãm mở cửa.", [("Từ 3-11 đến 9-11", "2025-11-03/2025-11-09")]),
        ("Tuần văn hóa diễn ra từ 28.11 – 2.12.", [("từ 28.11 – 2.12", "2025-11-28/2025-12-02")]),
    ],
)
def test_day_and_month_with_a_dot_or_hyphen_are_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Mỗi ngày uống từ 2-3 đến 4-5 lần.", "Lãi suất tăng 1.5 lần so với năm trước.", "Đội nhà thắng 3-1."],
)
def test_counts_and_scores_with_a_dot_or_hyphen_are_not_dates(text: str) -> None:
    assert _found(text) == []


def _step(text: str, published: str = "2026-03-10") -> list[tuple[str, str]]:
    doc = dates_step(Document(text=text, published=dt.date.fromisoformat(published)))
    return [(m.text, m.date) for m in doc.dates]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The lead names the day of the meeting: the speaker's "hôm nay" is that day.
        (
            "Ngày 8/3, tại Đà Nẵng, hội hữu nghị tỉnh gặp mặt các tình nguyện viên. "
            "Ông Trần Văn Bình nói: “Hôm nay chúng ta cảm ơn các bạn; hôm qua các bạn còn ở bản”.",
            [("Ngày 8/3", "2026-03-08"), ("Hôm nay", "2026-03-08"), ("hôm qua", "2026-03-07")],
        ),
        # Outside the quote, "hôm nay" is the reporter's day: the publication.
        (
            "Sáng 9/3, đoàn công tác đến Huế. Hôm nay đoàn làm việc với tỉnh. "
            "Trưởng đoàn phát biểu: “Hôm nay là một ngày đáng nhớ”.",
            [("9/3", "2026-03-09"), ("Hôm nay", "2026-03-10"), ("Hôm nay", "2026-03-09")],
        ),
        # No day in the lead: the quote's day is not known better than the publication.
        (
            "Hội nghị diễn ra tại Hà Nội. Bà Lê Thị Hoa cho biết: “Hôm nay các đơn vị ký kết”.",
            [("Hôm nay", "2026-03-10")],
        ),
        # A day of the lead long before the publication is background, not the meeting.
        (
            "Ngày 2/1, dự án được phê duyệt. Ông Nguyễn Văn Nam nói: “Hôm nay chúng tôi bàn giao”.",
            [("Ngày 2/1", "2026-01-02"), ("Hôm nay", "2026-03-10")],
        ),
    ],
)
def test_today_inside_a_quote_is_the_day_the_words_were_spoken(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _step(text) == expected


@pytest.mark.parametrize(
    ("month_day", "last", "expected"),
    [
        ((12, 30), dt.date(2026, 11, 20), dt.date(2025, 12, 30)),
        ((3, 1), dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
        ((2, 29), dt.date(2026, 5, 1), dt.date(2024, 2, 29)),
        ((2, 30), dt.date(2026, 5, 1), None),
    ],
)
def test_a_day_without_a_year_is_the_last_such_day_before(
    month_day: tuple[int, int], last: dt.date, expected: dt.date | None
) -> None:
    from doingoai.analysis.dates import day_before

    assert day_before(month_day, last) == expected


def test_the_leads_day_without_a_year_is_kept_only_when_it_comes_first() -> None:
    from doingoai.analysis import analyze_text
    from doingoai.analysis.dates import lead_day_without_year

    undated = analyze_text(
        "(TBTCO) - Ngày 30/12, hội nghị tổng kết công tác đối ngoại nhân dân diễn ra tại Hà Nội."
    )
    assert lead_day_without_year(undated) == (12, 30)
    dated = analyze_text("Ngày 30/12/2025, hội nghị tổng kết công tác đối ngoại nhân dân diễn ra tại Hà Nội.")
    assert lead_day_without_year(dated) is None
