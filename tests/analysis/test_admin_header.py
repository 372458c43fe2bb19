from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doingoai.analysis.admin_header import AdminHeader, admin_header_parse

# Headers written for the tests, as Word, PDF or a typed copy give them (columns in either order,
# or run together on one line by a PDF's text layer).
CASES = [
    (
        "report, left column first",
        "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM\nLIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH QUẢNG TRỊ\n"
        "Số: 12/BC-LHH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Quảng Trị, ngày 05 tháng 01 năm 2026\nBÁO CÁO\nKết quả công tác đối ngoại\nnhân dân năm 2025\n"
        "Thực hiện Kế hoạch số 03/KH-LHH ngày 10/01/2025, Liên hiệp báo cáo như sau.",
        AdminHeader(
            issuer="LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH QUẢNG TRỊ",
            superior="LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM",
            number="12/BC-LHH",
            place="Quảng Trị",
            date=dt.date(2026, 1, 5),
            doc_type="Báo cáo",
            title="Kết quả công tác đối ngoại nhân dân năm 2025",
        ),
    ),
    (
        "columns run together by a PDF",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH NGHỆ AN Độc lập - Tự do - Hạnh phúc\n"
        "Số: 145/KH-UBND Nghệ An, ngày 3 tháng 2 năm 2026\n"
        "KẾ HOẠCH\nTổ chức Tuần văn hóa Việt - Lào năm 2026\nI. MỤC ĐÍCH, YÊU CẦU",
        AdminHeader(
            issuer="ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",  # one body, its name wrapped over two lines
            superior="",
            number="145/KH-UBND",
            place="Nghệ An",
            date=dt.date(2026, 2, 3),
            doc_type="Kế hoạch",
            title="Tổ chức Tuần văn hóa Việt - Lào năm 2026",
        ),
    ),
    (
        "national name wrapped by a narrow PDF column",
        "HỘI HỮU NGHỊ VIỆT NAM - LÀO\nTỈNH NGHỆ AN\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do -\nHạnh phúc\nSố: 07/TB-HHN\nNghệ An, ngày 9 tháng 3 năm 2026\nTHÔNG BÁO\n"
        "Lịch đón đoàn thanh niên Lào",
        AdminHeader(
            issuer="HỘI HỮU NGHỊ VIỆT NAM - LÀO TỈNH NGHỆ AN",
            superior="",
            number="07/TB-HHN",
            place="Nghệ An",
            date=dt.date(2026, 3, 9),
            doc_type="Thông báo",
            title="Lịch đón đoàn thanh niên Lào",
        ),
    ),
    (
        "national name wrapped before its last words",
        "BỘ NGOẠI GIAO\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 88/BC-BNG\nHà Nội, ngày 2 tháng 12 năm 2025\nBÁO CÁO\nTình hình viện trợ phi chính phủ",
        AdminHeader(
            issuer="BỘ NGOẠI GIAO",
            superior="",
            number="88/BC-BNG",
            place="Hà Nội",
            date=dt.date(2025, 12, 2),
            doc_type="Báo cáo",
            title="Tình hình viện trợ phi chính phủ",
        ),
    ),
    (
        "place and date wrapped before the year",
        "SỞ NGOẠI VỤ TỈNH GIA LAI\nSố: 41/KH-SNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nGia Lai, ngày 14 tháng 4\nnăm 2026\nKẾ HOẠCH\n"
        "Đón đoàn doanh nghiệp Hàn Quốc",
        AdminHeader(
            issuer="SỞ NGOẠI VỤ TỈNH GIA LAI",
            superior="",
            number="41/KH-SNV",
            place="Gia Lai",
            date=dt.date(2026, 4, 14),
            doc_type="Kế hoạch",
            title="Đón đoàn doanh nghiệp Hàn Quốc",
        ),
    ),
    (
        "official letter: no type line, its subject under the number",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
        "TP. Hồ Chí Minh, ngày 20 tháng 11 năm 2025\n"
        "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 356/LHH-ĐN\n"
        "V/v phối hợp đón đoàn Hội hữu nghị Nhật - Việt\nKính gửi: Sở Ngoại vụ thành phố",
        AdminHeader(
            issuer="LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ THÀNH PHỐ HỒ CHÍ MINH",
            superior="",
            number="356/LHH-ĐN",
            place="TP. Hồ Chí Minh",
            date=dt.date(2025, 11, 20),
            title="V/v phối hợp đón đoàn Hội hữu nghị Nhật - Việt",
        ),
    ),
    (
        "decision: type from the type line, title in capitals",
        "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM\nSố: 21/QĐ-LHHVN\n"
        "Hà Nội, ngày 15 tháng 12 năm 2025\nQUYẾT ĐỊNH\nVỀ VIỆC KHEN THƯỞNG TẬP THỂ\n"
        "CHỦ TỊCH LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM\nCăn cứ Điều lệ Liên hiệp;",
        AdminHeader(
            issuer="LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM",
            number="21/QĐ-LHHVN",
            place="Hà Nội",
            date=dt.date(2025, 12, 15),
            doc_type="Quyết định",
            title="Về việc khen thưởng tập thể",
        ),
    ),
    (
        "type from the symbol when no type line, year in the number",
        "HỘI HỮU NGHỊ VIỆT NAM - CU BA TỈNH THANH HÓA\nSố 09/2026/TB-HHN\n"
        "Thanh Hóa, ngày 28 tháng 02 năm 2026\nHội thông báo lịch sinh hoạt quý I như sau.",
        AdminHeader(
            issuer="HỘI HỮU NGHỊ VIỆT NAM - CU BA TỈNH THANH HÓA",
            number="09/2026/TB-HHN",
            place="Thanh Hóa",
            date=dt.date(2026, 2, 28),
            doc_type="Thông báo",
        ),
    ),
    (
        "impossible date is left out, the rest kept",
        "Số: 5/BC-HHN\nHuế, ngày 31 tháng 02 năm 2026\nBÁO CÁO\nTình hình hoạt động tháng 1",
        AdminHeader(number="5/BC-HHN", doc_type="Báo cáo", title="Tình hình hoạt động tháng 1"),
    ),
    (
        "a news article has no header",
        "(TTXVN) - Ngày 30/12/2025, tại Hà Nội, Liên hiệp các tổ chức hữu nghị Việt Nam tổ chức "
        "gặp mặt các tổ chức phi chính phủ nước ngoài.",
        AdminHeader(),
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_admin_header_parts_are_found(case: str, text: str, expected: AdminHeader) -> None:
    assert admin_header_parse(text) == expected


def test_display_title_joins_type_and_title() -> None:
    header = admin_header_parse(CASES[0][1])
    assert header.display_title() == "Báo cáo kết quả công tác đối ngoại nhân dân năm 2025"
    assert admin_header_parse(CASES[-1][1]).is_empty()


@given(
    st.text(alphabet=st.sampled_from(list("SốốngàyHàNộiBÁOCÁO,:/-0123456789 \nV/vtháng năm")), max_size=300)
)
def test_admin_header_parse_never_crashes(text: str) -> None:
    header = admin_header_parse(text)
    assert header.number in text or not header.number
    assert header.place in text


def test_a_party_committee_line_is_a_body_not_the_end_of_the_name_above() -> None:
    header = admin_header_parse("TỈNH ỦY QUẢNG TRỊ\nBAN TUYÊN GIÁO\nSố: 08/TB-BTG\n")
    assert (header.superior, header.issuer) == ("TỈNH ỦY QUẢNG TRỊ", "BAN TUYÊN GIÁO")


# Conclusions and notices as Word, a PDF or a typed copy give them: the title a person cites is the kind and
# the summary under it, however the summary is wrapped or typed. (case, text, number, kind, display title)
TITLES = [
    (
        "notice of a conclusion, summary wrapped over two lines",
        "SỞ NGOẠI VỤ TỈNH QUẢNG NGÃI\nSố: 63/TB-SNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 11 tháng 6 năm 2026\nTHÔNG BÁO\n"
        "Kết luận của Giám đốc Sở tại cuộc họp chuẩn bị\nđón đoàn Hội Hữu nghị Nhật - Việt tỉnh Nara\n"
        "Ngày 9/6/2026, Giám đốc Sở chủ trì cuộc họp với các phòng chuyên môn.",
        "63/TB-SNV",
        "Thông báo",
        "Thông báo kết luận của Giám đốc Sở tại cuộc họp chuẩn bị đón đoàn "
        "Hội Hữu nghị Nhật - Việt tỉnh Nara",
    ),
    (
        "summary wrapped over three lines",
        "BỘ NGOẠI GIAO\nSố: 517/TB-BNG\nHà Nội, ngày 2 tháng 10 năm 2026\nTHÔNG BÁO\n"
        "Kết luận của Thứ trưởng tại Hội nghị\ntổng kết công tác người Việt Nam ở nước ngoài\n"
        "giai đoạn 2021 - 2026\nNgày 28/9/2026, Thứ trưởng chủ trì Hội nghị.",
        "517/TB-BNG",
        "Thông báo",
        "Thông báo kết luận của Thứ trưởng tại Hội nghị tổng kết công tác người Việt Nam ở nước ngoài "
        "giai đoạn 2021 - 2026",
    ),
    (
        "Party conclusion: the Party's name for the motto, the kind and the issuer on one line",
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 88-KL/TW\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Hà Nội, ngày 14 tháng 7 năm 2026\nKẾT LUẬN CỦA BAN BÍ THƯ\n"
        "về tăng cường công tác đối ngoại nhân dân với các nước láng giềng\n"
        "Tại phiên họp ngày 9/7/2026, Ban Bí thư đã thảo luận.",
        "88-KL/TW",
        "Kết luận",
        "Kết luận của Ban Bí thư về tăng cường công tác đối ngoại nhân dân với các nước láng giềng",
    ),
    (
        "Party conclusion, right column first, the summary in lower case under the kind",
        "ĐẢNG CỘNG SẢN VIỆT NAM\nGia Lai, ngày 20 tháng 8 năm 2026\nTỈNH ỦY GIA LAI\n*\nSố 41-KL/TU\n"
        "KẾT LUẬN\ncủa Ban Thường vụ Tỉnh ủy về hợp tác với tỉnh Ratanakiri\n"
        "Ban Thường vụ Tỉnh ủy kết luận như sau:",
        "41-KL/TU",
        "Kết luận",
        "Kết luận của Ban Thường vụ Tỉnh ủy về hợp tác với tỉnh Ratanakiri",
    ),
    (
        "notice typed in capitals: the names inside keep their capitals",
        "UBND TỈNH CAO BẰNG\nVĂN PHÒNG\nSố: 19/TB-VP\nCao Bằng, ngày 3 tháng 3 năm 2026\nTHÔNG BÁO\n"
        "KẾT LUẬN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TẠI BUỔI LÀM VIỆC\n"
        "VỚI ĐOÀN ĐẠI BIỂU TỈNH QUẢNG TÂY, TRUNG QUỐC\nNgày 1/3/2026, Chủ tịch tiếp đoàn.",
        "19/TB-VP",
        "Thông báo",
        "Thông báo kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với đoàn đại biểu tỉnh "
        "Quảng Tây, Trung Quốc",
    ),
    (
        "Party notice: the kind from the symbol when there is no type line",
        "ĐẢNG ỦY BỘ NGOẠI GIAO\nSố 12-TB/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 5 tháng 5 năm 2026\n"
        "Đảng ủy thông báo lịch sinh hoạt chuyên đề quý II như sau.",
        "12-TB/ĐU",
        "Thông báo",
        "Thông báo",
    ),
    (
        "a decision: the authority under the title is no part of it",
        "HỘI HỮU NGHỊ VIỆT NAM - LÀO\nSố: 14/QĐ-HHN\nHà Nội, ngày 6 tháng 1 năm 2026\nQUYẾT ĐỊNH\n"
        "VỀ VIỆC THÀNH LẬP BAN TỔ CHỨC\nCHỦ TỊCH HỘI HỮU NGHỊ VIỆT NAM - LÀO\nCăn cứ Điều lệ Hội;",
        "14/QĐ-HHN",
        "Quyết định",
        "Quyết định về việc thành lập ban tổ chức",
    ),
]


@pytest.mark.parametrize(("case", "text", "number", "kind", "title"), TITLES, ids=[c[0] for c in TITLES])
def test_title_is_the_kind_and_the_summary_not_the_letterhead(
    case: str, text: str, number: str, kind: str, title: str
) -> None:
    header = admin_header_parse(text)
    assert (header.number, header.doc_type, header.display_title()) == (number, kind, title)
    assert header.is_official()
    assert "ĐẢNG CỘNG SẢN" not in header.issuer + header.superior


@pytest.mark.parametrize(
    "text",
    [
        "Trao quà cho học sinh vùng biên\nSố 12/15 xã biên giới đã có nhà văn hóa.\n"
        "Ngày 3/4, đoàn lên đường.",
        "THÔNG BÁO TUYỂN SINH LỚP TIẾNG LÀO\nLiên hiệp mở lớp tiếng Lào cho cán bộ từ tháng 9.",
        "HỘI NGHỊ HỮU NGHỊ VIỆT - LÀO\nVề việc hợp tác giáo dục, hai bên thống nhất nhiều nội dung.",
    ],
)
def test_a_news_article_is_no_official_document(text: str) -> None:
    assert not admin_header_parse(text).is_official()


def _header_with_title(*lines: str) -> str:
    return (
        "TỈNH ỦY GIA LAI\nSố: 21-TB/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nGia Lai, ngày 14 tháng 4 năm 2026\n"
        + "\n".join(lines)
        + "\nNgày 10/4/2026, Thường trực Tỉnh ủy đã làm việc với đoàn."
    )


# (title lines in capitals, the title as read): persons' names get their capitals back, lexicon or not;
# so do acronyms and communes after their kind word.
NAMES_IN_TITLES = [
    (
        ["THÔNG BÁO", "KẾT LUẬN CỦA ĐỒNG CHÍ ĐINH XUÂN HƯỞNG, PHÓ BÍ THƯ TỈNH ỦY"],
        "Thông báo kết luận của đồng chí Đinh Xuân Hưởng, Phó Bí thư Tỉnh ủy",
    ),
    (
        ["THÔNG BÁO", "Ý KIẾN CỦA BÍ THƯ TỈNH ỦY TRƯƠNG QUỐC BẢO VỀ CÔNG TÁC BIÊN GIỚI"],
        "Thông báo ý kiến của Bí thư Tỉnh ủy Trương Quốc Bảo về công tác biên giới",
    ),
    (
        ["THÔNG BÁO", "VỀ VIỆC CỬ ÔNG KSOR THANH VÀ BÀ HỒ THỊ NGÂN ĐI CÔNG TÁC"],
        "Thông báo về việc cử ông Ksor Thanh và bà Hồ Thị Ngân đi công tác",
    ),
    (
        ["THÔNG BÁO", "VỀ HỒ SƠ MỜI THẦU VÀ MAI TÁNG PHÍ NĂM 2026"],  # no person announced: no capitals
        "Thông báo về hồ sơ mời thầu và mai táng phí năm 2026",
    ),
    (
        ["THÔNG BÁO", "KẾT LUẬN CỦA PHÓ CHỦ TỊCH UBND TỈNH PHẠM ANH TUẤN"],  # the province left unsaid
        "Thông báo kết luận của Phó Chủ tịch UBND tỉnh Phạm Anh Tuấn",
    ),
    (
        ["THÔNG BÁO", "VỀ VIỆC TIẾP ĐẠI SỨ NHẬT BẢN ITO NAOKI VÀ ĐOÀN KOICA"],
        "Thông báo về việc tiếp Đại sứ Nhật Bản Ito Naoki và đoàn KOICA",
    ),
    (
        ["THÔNG BÁO", "VỀ ĐÓN ĐOÀN THANH NIÊN TẠI XÃ IA GRAI VÀ PHƯỜNG PLEIKU"],
        "Thông báo về đón Đoàn Thanh niên tại xã Ia Grai và phường Pleiku",
    ),
    (
        ["THÔNG BÁO", "VỀ XÃ HỘI HÓA CÔNG TÁC TƯ VẤN ĐẦU TƯ"],  # "xã hội" is no commune, "tư" no "TƯ"
        "Thông báo về xã hội hóa công tác tư vấn đầu tư",
    ),
]


@pytest.mark.parametrize(("lines", "title"), NAMES_IN_TITLES)
def test_names_in_a_title_typed_in_capitals_get_their_capitals_back(lines: list[str], title: str) -> None:
    assert admin_header_parse(_header_with_title(*lines)).display_title() == title
