from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.analysis.document import Document
from doingoai.analysis.references import references_find, references_step

Found = tuple[str, str, str | None, str | None]


def _found(text: str) -> list[Found]:
    return [(r.text, r.kind, r.number, r.issuer) for r in references_find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bộ Ngoại giao được giao sơ kết việc thực hiện Chỉ thị số 12 của Ban Bí thư khóa XIII.",
            [("Chỉ thị số 12", "Chỉ thị", "12", "Ban Bí thư khóa XIII")],
        ),
        (
            "Các tỉnh tiếp tục quán triệt Chỉ thị số 12-CT/TW về công tác đối ngoại nhân dân.",
            [("Chỉ thị số 12-CT/TW", "Chỉ thị", "12-CT/TW", "Trung ương Đảng")],
        ),
        (
            "Sau 5 năm thực hiện Chỉ thị 12, nhận thức của cán bộ đã chuyển biến rõ.",
            [("Chỉ thị 12", "Chỉ thị", "12", None)],
        ),
        (
            "Tỉnh ban hành kế hoạch triển khai Nghị quyết 66/NQ-CP của Chính phủ.",
            [("Nghị quyết 66/NQ-CP", "Nghị quyết", "66/NQ-CP", "Chính phủ")],
        ),
        (
            "Nghị quyết số 59-NQ/TW ngày 24/1/2019 của Bộ Chính trị về hội nhập quốc tế còn nguyên giá trị.",
            [("Nghị quyết số 59-NQ/TW", "Nghị quyết", "59-NQ/TW", "Bộ Chính trị")],
        ),
        (
            "Việc quản lý viện trợ thực hiện theo Nghị định 80/2020/NĐ-CP.",
            [("Nghị định 80/2020/NĐ-CP", "Nghị định", "80/2020/NĐ-CP", "Chính phủ")],
        ),
        (
            "Quyết định số 1234/QĐ-TTg do Thủ tướng Chính phủ ban hành đã phê duyệt đề án.",
            [("Quyết định số 1234/QĐ-TTg", "Quyết định", "1234/QĐ-TTg", "Thủ tướng Chính phủ")],
        ),
        (
            "Thông tư 05/2024/TT-BNG hướng dẫn thủ tục tiếp nhận đoàn vào.",
            [("Thông tư 05/2024/TT-BNG", "Thông tư", "05/2024/TT-BNG", "Bộ Ngoại giao")],
        ),
        (
            "Kết luận số 12-KL/TW nhấn mạnh yêu cầu đổi mới phương thức hoạt động.",
            [("Kết luận số 12-KL/TW", "Kết luận", "12-KL/TW", "Trung ương Đảng")],
        ),
        (
            "Bộ đã có Công văn số 123/BNG-LT gửi các địa phương.",
            [("Công văn số 123/BNG-LT", "Công văn", "123/BNG-LT", "Bộ Ngoại giao")],
        ),
        (
            "Kế hoạch số 45/KH-UBND của UBND tỉnh Lạng Sơn giao Sở Ngoại vụ chủ trì.",
            [("Kế hoạch số 45/KH-UBND", "Kế hoạch", "45/KH-UBND", "UBND tỉnh Lạng Sơn")],
        ),
        (
            "Kế hoạch số 18/KH-UBND được ban hành tháng trước.",
            [("Kế hoạch số 18/KH-UBND", "Kế hoạch", "18/KH-UBND", "Ủy ban nhân dân")],
        ),
        (
            "Chương trình hành động số 15-CTr/TU của Tỉnh ủy Điện Biên cụ thể hóa nghị quyết.",
            [
                (
                    "Chương trình hành động số 15-CTr/TU",
                    "Chương trình hành động",
                    "15-CTr/TU",
                    "Tỉnh ủy Điện Biên",
                )
            ],
        ),
        (
            "Luật số 108/2016/QH13 quy định việc ký kết điều ước.",
            [("Luật số 108/2016/QH13", "Luật", "108/2016/QH13", "Quốc hội")],
        ),
        (
            "Thông tư liên tịch số 01/2015/TTLT-BNG-BNV hướng dẫn chức năng của Sở Ngoại vụ.",
            [
                (
                    "Thông tư liên tịch số 01/2015/TTLT-BNG-BNV",
                    "Thông tư liên tịch",
                    "01/2015/TTLT-BNG-BNV",
                    "Bộ Ngoại giao, Bộ Nội vụ",
                )
            ],
        ),
        (
            "Quy định số 105-QĐ/TW của Bộ Chính trị về phân cấp quản lý cán bộ.",
            [("Quy định số 105-QĐ/TW", "Quy định", "105-QĐ/TW", "Bộ Chính trị")],
        ),
        (
            "Hướng dẫn số 07-HD/BĐNTW giúp các tỉnh ủy xây dựng kế hoạch.",
            [("Hướng dẫn số 07-HD/BĐNTW", "Hướng dẫn", "07-HD/BĐNTW", "Ban Đối ngoại Trung ương")],
        ),
        (
            "Văn bản số 88/UBND-NC của Ủy ban nhân dân tỉnh Quảng Trị đề nghị hỗ trợ.",
            [("Văn bản số 88/UBND-NC", "Văn bản", "88/UBND-NC", "Ủy ban nhân dân tỉnh Quảng Trị")],
        ),
        (
            "Theo Quyết định 06 của Ủy ban Thường vụ Quốc hội, thời hạn được kéo dài.",
            [("Quyết định 06", "Quyết định", "06", "Ủy ban Thường vụ Quốc hội")],
        ),
        (
            "Nghị quyết 57 của Ban Chấp hành Trung ương Đảng khóa XIII được quán triệt sâu rộng.",
            [("Nghị quyết 57", "Nghị quyết", "57", "Ban Chấp hành Trung ương Đảng khóa XIII")],
        ),
        (
            "Kế hoạch số 07/KH-LHHN của Liên hiệp các tổ chức hữu nghị Việt Nam nêu rõ chỉ tiêu.",
            [
                (
                    "Kế hoạch số 07/KH-LHHN",
                    "Kế hoạch",
                    "07/KH-LHHN",
                    "Liên hiệp các tổ chức hữu nghị Việt Nam",
                )
            ],
        ),
        (
            "Công điện số 05/CĐ-TTg, ngày 3 tháng 2 năm 2026, của Thủ tướng yêu cầu ứng phó bão.",
            [("Công điện số 05/CĐ-TTg", "Công điện", "05/CĐ-TTg", "Thủ tướng")],
        ),
        (
            "Đề án 06 được các bộ, ngành triển khai đồng bộ.",
            [("Đề án 06", "Đề án", "06", None)],
        ),
        (
            "Hội thực hiện theo Quyết định số 2025/QĐ-BNG của Bộ Ngoại giao.",
            [("Quyết định số 2025/QĐ-BNG", "Quyết định", "2025/QĐ-BNG", "Bộ Ngoại giao")],
        ),
        (
            "Báo cáo số 210/BC-SNgV gửi Ủy ban nhân dân tỉnh trước kỳ họp.",
            [("Báo cáo số 210/BC-SNgV", "Báo cáo", "210/BC-SNgV", None)],
        ),
        (
            "Pháp lệnh số 01/2024/UBTVQH15 sửa đổi quy định về lễ tân.",
            [("Pháp lệnh số 01/2024/UBTVQH15", "Pháp lệnh", "01/2024/UBTVQH15", "Ủy ban Thường vụ Quốc hội")],
        ),
        (
            "Thông báo kết luận số 45-TB/TW nêu rõ yêu cầu đối với các ban đảng.",
            [("Thông báo kết luận số 45-TB/TW", "Thông báo kết luận", "45-TB/TW", "Trung ương Đảng")],
        ),
        (
            "Đoàn làm việc theo đúng quy trình (Nghị quyết 66/NQ-CP).",
            [("Nghị quyết 66/NQ-CP", "Nghị quyết", "66/NQ-CP", "Chính phủ")],
        ),
        # lower case, with a number, is still a reference
        (
            "Tỉnh đã tổ chức quán triệt chỉ thị số 7 của tỉnh ủy.",
            [("chỉ thị số 7", "Chỉ thị", "7", None)],
        ),
        (
            "Đơn vị đang thực hiện nghị quyết 18-NQ/TW về sắp xếp bộ máy.",
            [("nghị quyết 18-NQ/TW", "Nghị quyết", "18-NQ/TW", "Trung ương Đảng")],
        ),
        (
            "Theo Qui định số 09-QĐ/TU, các đoàn ra phải báo cáo kết quả.",
            [("Qui định số 09-QĐ/TU", "Quy định", "09-QĐ/TU", "Tỉnh ủy")],
        ),
        (
            "CHỈ THỊ SỐ 25-CT/TW VỀ ĐỐI NGOẠI ĐA PHƯƠNG",
            [("CHỈ THỊ SỐ 25-CT/TW", "Chỉ thị", "25-CT/TW", "Trung ương Đảng")],
        ),
        # a symbol alone, after a first reference
        (
            "Các Nghị quyết số 22-NQ/TW và 59-NQ/TW đều nhấn mạnh hội nhập.",
            [
                ("Nghị quyết số 22-NQ/TW", "Nghị quyết", "22-NQ/TW", "Trung ương Đảng"),
                ("59-NQ/TW", "Nghị quyết", "59-NQ/TW", "Trung ương Đảng"),
            ],
        ),
        (
            "Văn bản viện dẫn căn cứ 56/2020/NĐ-CP về quản lý vốn ODA.",
            [("56/2020/NĐ-CP", "Nghị định", "56/2020/NĐ-CP", "Chính phủ")],
        ),
        # documents known by name
        (
            "Luật Điều ước quốc tế năm 2016 là căn cứ để ký thỏa thuận.",
            [("Luật Điều ước quốc tế", "Luật", None, "Quốc hội")],
        ),
        (
            "Luật Thỏa thuận quốc tế điều chỉnh các thỏa thuận của địa phương.",
            [("Luật Thỏa thuận quốc tế", "Luật", None, "Quốc hội")],
        ),
        (
            "Hành vi vi phạm bị xử lý theo Bộ luật Hình sự.",
            [("Bộ luật Hình sự", "Bộ luật", None, "Quốc hội")],
        ),
        (
            "Quyền tự do tín ngưỡng được Hiến pháp năm 2013 bảo đảm.",
            [("Hiến pháp", "Hiến pháp", None, "Quốc hội")],
        ),
        (
            "Các nhiệm vụ được xác định trong Nghị quyết Đại hội XIII của Đảng.",
            [("Nghị quyết Đại hội XIII", "Nghị quyết", None, "Đại hội XIII")],
        ),
        (
            "Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng tiếp tục được thực hiện.",
            [("Nghị quyết Trung ương 4 khóa XII", "Nghị quyết", None, "Trung ương 4 khóa XII")],
        ),
        (
            "Chỉ thị số 12 và Nghị quyết 66/NQ-CP là hai văn bản quan trọng của năm.",
            [
                ("Chỉ thị số 12", "Chỉ thị", "12", None),
                ("Nghị quyết 66/NQ-CP", "Nghị quyết", "66/NQ-CP", "Chính phủ"),
            ],
        ),
    ],
)
def test_reference_gives_kind_number_and_issuer(text: str, expected: list[Found]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Đơn vị làm theo chỉ thị của cấp trên.",
        "Cấp ủy đã có nghị quyết chuyên đề về công tác này.",
        "Hội đồng quyết định 3 vấn đề quan trọng.",
        "Hai bên kết luận 2 nội dung lớn.",
        "Tỉnh xây dựng Kế hoạch 5 năm về hợp tác quốc tế.",
        "Kế hoạch 2021-2025 đã hoàn thành trước thời hạn.",
        "Chương trình 2030 nhằm xóa đói giảm nghèo.",
        "Báo cáo 12 trang được gửi tới các đại biểu.",
        "Luật sư của hai bên đã có mặt.",
        "Đoàn có 66 thành viên và 12 phiên dịch.",
        "Số liệu 2/3 và 12/2025 được nhắc lại.",
        "kế hoạch 3 tháng cuối năm cần được điều chỉnh.",
        "Cán bộ cần đọc kỹ văn bản trước khi ký.",
        "",
    ],
)
def test_ordinary_wording_is_not_a_reference(text: str) -> None:
    assert references_find(text) == []


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("Nghị quyết số 01/NQ-CP yêu cầu các bộ chủ động.", "Chính phủ"),
        ("Quyết định số 99/QĐ-TTg phê duyệt chương trình.", "Thủ tướng Chính phủ"),
        ("Chỉ thị số 25-CT/TW về đối ngoại đa phương.", "Trung ương Đảng"),
        ("Luật số 24/2018/QH14 về an ninh mạng.", "Quốc hội"),
        ("Quyết định số 45/QĐ-BNG về quy chế làm việc.", "Bộ Ngoại giao"),
        ("Kế hoạch số 30/KH-UBND về hợp tác với Lào.", "Ủy ban nhân dân"),
        ("Nghị định số 58 về công tác lễ tân.", "Chính phủ"),
        ("Nghị quyết 66/NQ-CP của Chính phủ Việt Nam về cải cách.", "Chính phủ Việt Nam"),
        ("Chỉ thị số 12-CT/TW của Ban Bí thư về đối ngoại nhân dân.", "Ban Bí thư"),
        ("Quyết định số 12/QĐ-LHHN của Đoàn Chủ tịch về khen thưởng.", "Đoàn Chủ tịch"),
        ("Quyết định số 88/QĐ-BCĐ do Ban Chỉ đạo ban hành.", "Ban Chỉ đạo"),
        ("Kế hoạch số 3/KH-SNgV của Sở Ngoại vụ thành phố Hà Nội.", "Sở Ngoại vụ thành phố Hà Nội"),
        ("Quyết định số 4/QĐ-BKHĐT của Bộ Kế hoạch và Đầu tư.", "Bộ Kế hoạch và Đầu tư"),
        ("Thông báo số 9-TB/TW của Bộ Chính trị khóa XIII về đề án.", "Bộ Chính trị khóa XIII"),
        ("Nghị quyết số 7/NQ-HĐDT của Hội đồng Dân tộc về chính sách.", "Hội đồng Dân tộc"),
        ("Quyết định số 31/QĐ-BNG của Bộ Ngoại giao giao Vụ Lễ tân chủ trì.", "Bộ Ngoại giao"),
        ("Kế hoạch số 12/KH-UBND của UBND tỉnh Cao Bằng giao Sở Ngoại vụ.", "UBND tỉnh Cao Bằng"),
        ("Kế hoạch số 5/KH-UBND của Ủy ban nhân dân tỉnh về đón đoàn.", "Ủy ban nhân dân tỉnh"),
        (
            "Quyết định số 2/QĐ-BLĐTBXH của Bộ Lao động - Thương binh và Xã hội.",
            "Bộ Lao động - Thương binh và Xã hội",
        ),
    ],
)
def test_issuer_is_taken_from_the_text_then_from_the_symbol(text: str, issuer: str) -> None:
    references = references_find(text)
    assert [r.issuer for r in references] == [issuer]


def test_step_fills_the_document_and_spans_quote_the_text() -> None:
    text = (
        "Thực hiện Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư, tỉnh ban hành "
        "Kế hoạch số 45/KH-UBND. Việc tiếp nhận viện trợ tuân thủ Nghị định 80/2020/NĐ-CP."
    )
    doc = references_step(Document(text=text))
    assert [(r.text, r.issuer) for r in doc.references] == [
        ("Chỉ thị số 12-CT/TW", "Ban Bí thư"),
        ("Kế hoạch số 45/KH-UBND", "Ủy ban nhân dân"),
        ("Nghị định 80/2020/NĐ-CP", "Chính phủ"),
    ]
    assert all(text[r.span[0] : r.span[1]] == r.text for r in doc.references)


_FRAGMENTS = st.sampled_from(
    [
        "Chỉ thị",
        "chỉ thị",
        "Nghị quyết",
        "Luật",
        "Bộ luật",
        "Hiến pháp",
        "Đại hội",
        "Trung ương",
        "khóa",
        "XIII",
        "số",
        "12",
        "66",
        "2020",
        "NQ-CP",
        "CT/TW",
        "NĐ-CP",
        "QĐ-TTg",
        "/",
        "-",
        ",",
        " ",
        "của",
        "do",
        "Ban Bí thư",
        "Ủy ban nhân dân",
        "tỉnh",
        "Lạng Sơn",
        "ngày",
        "5/1/2022",
        "tháng",
        "năm",
        "Điều ước quốc tế",
    ]
)
_COMPOSED = st.lists(_FRAGMENTS, max_size=30).map(" ".join) | st.lists(_FRAGMENTS, max_size=30).map("".join)


@settings(max_examples=300)
@given(text=st.text() | _COMPOSED)
def test_any_text_gives_references_whose_spans_quote_the_text(text: str) -> None:
    references = references_find(text)
    for reference in references:
        start, end = reference.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == reference.text
        assert reference.kind
    assert all(a.span[1] <= b.span[0] for a, b in itertools.pairwise(references))
