"""The quotes step: words in quotation marks and who said them, read from hand-filled Documents."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.analysis import analyze_text
from doingoai.analysis.document import Document, Organization, Person, Span
from doingoai.analysis.quotes import quote_spans, quotes_find, quotes_step
from doingoai.analysis.segment import sentences_split


def _spans(text: str, mention: str) -> list[Span]:
    spans, at = [], text.find(mention)
    while at >= 0:
        spans.append((at, at + len(mention)))
        at = text.find(mention, at + 1)
    assert spans, f"{mention!r} is not in the text"
    return spans


def _doc(
    text: str,
    people: list[tuple[str, list[str], list[str]]] | None = None,
    orgs: list[tuple[str, list[str]]] | None = None,
) -> Document:
    doc = Document(text=text, sentences=sentences_split(text))
    for name, titles, mentions in people or []:
        spans = sorted(s for m in mentions for s in _spans(text, m))
        doc.people.append(Person(name=name, titles=titles, spans=spans))
    for name, mentions in orgs or []:
        spans = sorted(s for m in mentions for s in _spans(text, m))
        doc.organizations.append(Organization(name=name, spans=spans))
    return doc


# --- marks and spans ---------------------------------------------------------------------------------

MARKS: list[tuple[str, str, list[str]]] = [
    (
        "curly_marks",
        "Ông Hùng nói: “Chúng tôi sẽ trở lại vào mùa xuân.”",
        ["Chúng tôi sẽ trở lại vào mùa xuân."],
    ),
    (
        "straight_marks",
        'Bà Tanaka cho biết: "Quỹ sẽ tài trợ thêm hai lớp học."',
        ["Quỹ sẽ tài trợ thêm hai lớp học."],
    ),
    ("guillemets", "Ông Somsak nói: «Chúng ta là anh em một nhà.»", ["Chúng ta là anh em một nhà."]),
    ("low_high_marks", "Báo Đức viết „Hà Nội đón mùa hội chợ“ trên trang nhất.", ["Hà Nội đón mùa hội chợ"]),
    (
        "two_quotes_in_one_sentence",
        "Người dân gọi đó là “cây cầu hữu nghị” và “con đường no ấm”.",
        ["cây cầu hữu nghị", "con đường no ấm"],
    ),
    (
        "inner_quote_stays_inside_the_outer_one",
        "Ông Lâm kể: “Cô giáo bảo các em «hãy nói cảm ơn» bằng tiếng Nhật.”",
        ["Cô giáo bảo các em «hãy nói cảm ơn» bằng tiếng Nhật."],
    ),
    ("spaces_inside_marks_are_left_out", "Anh Tuấn nói: “  Xin chào các bạn  ”.", ["Xin chào các bạn"]),
    ("empty_marks_are_no_quote", "Ô trống “” trong mẫu đơn phải được điền.", []),
    (
        "unbalanced_mark_does_not_swallow_the_next_paragraph",
        "Ông Dũng nói: “Chúng tôi sẽ cố gắng hết sức.\nĐoạn sau nhắc tới “Tết vì người nghèo” ở xã Lũng Cú.",
        ["Tết vì người nghèo"],
    ),
    (
        "stray_opening_mark_is_skipped",
        "Bà Mai chia sẻ “ rồi dừng lại, sau đó nói “Cảm ơn các bạn Hàn Quốc”.",
        ["Cảm ơn các bạn Hàn Quốc"],
    ),
    ("inch_mark_is_no_quote", 'Máy tính bảng 10" được trao cho trường Pả Vi.', []),
    (
        "quote_over_two_sentences_is_one_quote",
        "Ông Cường khẳng định: “Hợp tác là lâu dài. Chúng tôi sẽ quay lại.” Buổi lễ kết thúc lúc 11 giờ.",
        ["Hợp tác là lâu dài. Chúng tôi sẽ quay lại."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in MARKS], ids=[c[0] for c in MARKS])
def test_quoted_words_are_found(text: str, expected: list[str]) -> None:
    quotes = quotes_find(_doc(text))
    assert [q.text for q in quotes] == expected
    assert all(text[q.span[0] : q.span[1]] == q.text for q in quotes)


# --- speakers ---------------------------------------------------------------------------------------

LE = ("Lê Hoài Trung", ["Bộ trưởng Bộ Ngoại giao"], ["Lê Hoài Trung"])

SPEAKERS: list[tuple[str, str, dict[str, Any], list[str | None]]] = [
    (
        "speech_verb_and_colon_before",
        "Tại lễ khánh thành, Bộ trưởng Lê Hoài Trung nhấn mạnh: “Mỗi ngôi trường là một nhịp cầu hữu nghị.”",
        {"people": [LE]},
        ["Lê Hoài Trung"],
    ),
    (
        "speech_verb_before_without_person_layer",
        "Tại lễ khánh thành, Bộ trưởng Lê Hoài Trung nhấn mạnh: “Mỗi ngôi trường là một nhịp cầu hữu nghị.”",
        {},
        ["Bộ trưởng Lê Hoài Trung"],
    ),
    (
        "attribution_after_the_quote",
        "“Chúng tôi coi kiều bào là một phần máu thịt của dân tộc”, Bộ trưởng Lê Hoài Trung nói.",
        {"people": [LE]},
        ["Lê Hoài Trung"],
    ),
    (
        "attribution_after_the_quote_with_a_dash",
        "“Đây là chuyến thăm đáng nhớ nhất của tôi” - bà Sarah Miller chia sẻ với phóng viên.",
        {},
        ["bà Sarah Miller"],
    ),
    (
        "pronoun_after_the_quote_is_the_person_last_named",
        "Ông Kim Jae-won đã năm lần sang Hà Giang. “Tôi coi nơi đây là quê hương thứ hai”, ông nói.",
        {"people": [("Kim Jae-won", [], ["Kim Jae-won"])]},
        ["Kim Jae-won"],
    ),
    (
        "theo_introduces_the_speaker",
        "Theo đồng chí Nguyễn Thị Hoa, “đối ngoại nhân dân phải đi trước mở đường”.",
        {"people": [("Nguyễn Thị Hoa", [], ["Nguyễn Thị Hoa"])]},
        ["Nguyễn Thị Hoa"],
    ),
    (
        "quoted_party_phrase_belongs_to_the_speaker_of_the_sentence",
        "Thủ tướng khẳng định việc kiên định đường lối “độc lập, tự chủ, đa dạng hóa, đa phương hóa” là bài "
        "học "
        "lớn.",
        {},
        ["Thủ tướng"],
    ),
    (
        "programme_name_is_not_a_quote",
        "Tỉnh đoàn phát động chương trình “Mùa hè tình nguyện” tại các xã biên giới.",
        {},
        [],
    ),
    (
        "speaker_announced_on_the_line_before",
        "Kết thúc buổi làm việc, Đại sứ Phạm Quang Hiệu phát biểu:\n"
        "“Cộng đồng người Việt tại Nhật Bản là cầu nối quý giá.”",
        {"people": [("Phạm Quang Hiệu", ["Đại sứ"], ["Phạm Quang Hiệu"])]},
        ["Phạm Quang Hiệu"],
    ),
    (
        "name_line_before_a_quote",
        "Chủ tịch Hội Hữu nghị Việt - Pháp:\n“Chúng tôi sẽ tổ chức tuần phim Pháp tại Huế.”",
        {},
        ["Chủ tịch Hội Hữu nghị Việt - Pháp"],
    ),
    (
        "speaker_in_apposition_is_the_name",
        "Bà Dương Thu Loan, Giám đốc Sở Ngoại vụ tỉnh Lạng Sơn, cho biết: “Hồ sơ viện trợ nay được duyệt "
        "trong "
        "mười ngày.”",
        {},
        ["Bà Dương Thu Loan"],
    ),
    (
        "speaker_in_apposition_with_person_layer",
        "Bà Dương Thu Loan, Giám đốc Sở Ngoại vụ tỉnh Lạng Sơn, cho biết: “Hồ sơ viện trợ nay được duyệt "
        "trong "
        "mười ngày.”",
        {"people": [("Dương Thu Loan", ["Giám đốc Sở Ngoại vụ tỉnh Lạng Sơn"], ["Dương Thu Loan"])]},
        ["Dương Thu Loan"],
    ),
    (
        "second_quote_of_an_elided_subject_takes_the_first_speaker",
        "Ông Trần Văn Minh nói: “Dự án đã xong.” và nhấn mạnh “người dân là chủ thể”.",
        {"people": [("Trần Văn Minh", [], ["Trần Văn Minh"])]},
        ["Trần Văn Minh", "Trần Văn Minh"],
    ),
    (
        "co_the_noi_states_no_speaker",
        "Có thể nói, “đi trước mở đường” là vai trò của đối ngoại nhân dân.",
        {},
        [None],
    ),
    (
        "noi_chung_is_not_a_speech_verb",
        "Các tỉnh nói chung đều hưởng ứng tinh thần “tương thân tương ái” của cả nước.",
        {},
        [None],
    ),
    (
        "words_after_the_quote_that_go_on_are_no_attribution",
        "“Cây cầu hữu nghị” là công trình do Nhật Bản tài trợ, Sở Xây dựng cho biết.",
        {},
        [None],
    ),
    (
        "request_with_colon_is_a_speech",
        "Chủ tịch tỉnh yêu cầu: “Không để người dân nào thiếu đói trong dịp Tết.”",
        {},
        ["Chủ tịch tỉnh"],
    ),
    (
        "organization_speaker_gets_its_full_name",
        "BNG cho biết: “Công dân Việt Nam tại khu vực an toàn.”",
        {"orgs": [("Bộ Ngoại giao", ["BNG"])]},
        ["Bộ Ngoại giao"],
    ),
    (
        "title_alone_is_the_person_who_holds_it",
        "Bộ trưởng Lê Hoài Trung tiếp Đại sứ Pháp. Bộ trưởng khẳng định: “Pháp là đối tác chiến lược.”",
        {"people": [LE]},
        ["Lê Hoài Trung"],
    ),
    (
        "surname_with_honorific_is_the_person_of_that_name",
        "Bà Kang Min-ji dẫn đầu đoàn tình nguyện viên. “Chúng tôi học được rất nhiều từ bà con”, bà Kang "
        "chia "
        "sẻ.",
        {"people": [("Kang Min-ji", ["Trưởng đoàn"], ["Kang Min-ji"])]},
        ["Kang Min-ji"],
    ),
    (
        "surname_is_not_mistaken_for_a_title_without_diacritics",
        "Ông Chu Chí Vĩ thăm trường. Chủ tịch tỉnh Tạ Hữu Cường tiếp đoàn. “Chúng tôi sẽ quay lại”, ông Chu "
        "nói.",
        {
            "people": [
                ("Chu Chí Vĩ", ["Phó Chủ tịch Hội Hữu nghị"], ["Chu Chí Vĩ"]),
                ("Tạ Hữu Cường", ["Chủ tịch tỉnh"], ["Tạ Hữu Cường"]),
            ]
        },
        ["Chu Chí Vĩ"],
    ),
    (
        "apposition_whose_title_starts_with_dieu",
        "Ông Robert Hill, Điều phối viên dự án của Quỹ Cầu Xanh, cho biết: “Giai đoạn hai sẽ bắt đầu vào năm "
        "sau.”",
        {},
        ["Ông Robert Hill"],
    ),
    (
        "verb_that_needs_punctuation_at_the_end_of_the_sentence",
        "Ông Tôn Thất Bảo Long nhận tiền quyên góp. “Có cựu chiến binh gửi cả tháng lương hưu”, ông Long kể.",
        {"people": [("Tôn Thất Bảo Long", [], ["Tôn Thất Bảo Long"])]},
        ["Tôn Thất Bảo Long"],
    ),
    (
        "reply_to_the_press_names_the_speaker",
        "Trả lời phóng viên, ông Nguyễn Văn An cho rằng “viện trợ nhỏ nhưng đúng chỗ sẽ hiệu quả”.",
        {},
        ["ông Nguyễn Văn An"],
    ),
    (
        "a_paragraph_that_is_only_a_quote_goes_on_with_the_speaker_before",
        "Bà Lê Thị Hoa cho biết: “Dự án đã đến đúng nơi cần”.\n"
        "“Các hộ dân đã nhận nhà trước Tết”, bà nói thêm.\n"
        "“Năm tới chúng tôi mở rộng sang hai xã nữa”.",
        {"people": [("Lê Thị Hoa", [], ["Lê Thị Hoa"])]},
        ["Lê Thị Hoa", "Lê Thị Hoa", "Lê Thị Hoa"],
    ),
    (
        "a_paragraph_between_breaks_the_run_of_quotes",
        "Bà Lê Thị Hoa cho biết: “Dự án đã đến đúng nơi cần”.\nĐoàn sau đó thăm trường học.\n"
        "“Cảm ơn các bạn”.",
        {},
        ["Bà Lê Thị Hoa", None],
    ),
    (
        "a_quote_with_words_of_its_own_paragraph_is_not_a_run",
        "Bà Lê Thị Hoa cho biết: “Dự án đã đến đúng nơi cần”.\n“Nhà nhân ái” là tên chương trình của hội.",
        {},
        ["Bà Lê Thị Hoa", None],
    ),
]


@pytest.mark.parametrize(
    ("text", "layers", "expected"), [c[1:] for c in SPEAKERS], ids=[c[0] for c in SPEAKERS]
)
def test_speaker_is_found(text: str, layers: dict[str, Any], expected: list[str | None]) -> None:
    quotes = quotes_find(_doc(text, **layers))
    assert [q.speaker for q in quotes] == expected


def test_quotes_step_fills_the_layer() -> None:
    doc = quotes_step(_doc("Ông Bình nói: “Cảm ơn bà con.”"))
    assert [(q.speaker, q.text) for q in doc.quotes] == [("Ông Bình", "Cảm ơn bà con.")]


def test_pipeline_attributes_a_quote_to_a_minister() -> None:
    text = (
        "Bộ trưởng Bộ Ngoại giao Lê Hoài Trung tiếp đoàn Hội Hữu nghị Nhật - Việt.\n"
        "“Tình hữu nghị được vun đắp từ những việc nhỏ”, Bộ trưởng nói.\n"
    )
    doc = analyze_text(text)
    assert [(q.speaker, q.text) for q in doc.quotes] == [
        ("Lê Hoài Trung", "Tình hữu nghị được vun đắp từ những việc nhỏ")
    ]


# --- properties ---------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "“", "”", '"', "«", "»", "„", "“", "\n", " ", ",", ":", ".", "-", "Ông A", "nói", "theo",
        "nhấn mạnh", "Bộ trưởng", "cho biết", "Hợp tác", "là", "lâu dài", "ông", "yêu cầu", "Theo",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join))
def test_never_raises_and_spans_cover_the_quote_on_quote_like_text(text: str) -> None:
    _spans_are_sound(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_spans_cover_the_quote_on_any_text(text: str) -> None:
    _spans_are_sound(text)


def _spans_are_sound(text: str) -> None:
    quotes = quotes_find(Document(text=text, sentences=sentences_split(text)))
    for quote in quotes:
        start, end = quote.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == quote.text
        assert "\n" not in quote.text
    assert [q.span for q in quotes] == quote_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "Tỉnh phát động chương trình “Vì biển đảo quê hương” trong toàn tỉnh.",
        "Phong trào “Tết vì người nghèo” năm nay huy động 12 tỷ đồng.",
        "Hội thảo với chủ đề “Hợp tác nhân dân vì phát triển bền vững” diễn ra sáng 5/6.",
        "Cuộc thi “Tìm hiểu lịch sử quan hệ Việt Nam – Lào” thu hút 3.000 bài dự thi.",
        "Liên hiệp trao kỷ niệm chương “Vì hòa bình, hữu nghị giữa các dân tộc” cho ông Kim.",
        "Đoàn đã tham gia ngày hội “Hà Nội – Điểm hẹn hữu nghị” tại Hoàng thành.",
        "Mô hình “Dân vận khéo” được nhân rộng ở 20 xã.",
    ],
)
def test_a_quoted_name_of_a_programme_or_work_is_not_a_quote(text: str) -> None:
    assert quotes_step(Document(text=text)).quotes == []


def test_a_statement_after_a_naming_word_elsewhere_is_still_a_quote() -> None:
    text = "Về chương trình này, bà Lan nói: “Chúng tôi sẽ tiếp tục đồng hành cùng các xã.”"
    (quote,) = analyze_text(text).quotes
    assert quote.text.startswith("Chúng tôi sẽ tiếp tục")


# --- statements ------------------------------------------------------------------------------------

STATEMENT_TEXT = (
    "Bà Trần Minh Thư cho biết: “Hội sẽ mở thêm hai lớp tiếng Việt.” "
    "Bà cũng khẳng định các gia đình kiều bào luôn hướng về quê hương. "
    "Đại diện nhà trường đề nghị hỗ trợ thêm sách giáo khoa."
)


def test_quotes_step_gives_quotes_and_reported_speech_as_statements() -> None:
    doc = _doc(STATEMENT_TEXT, people=[("Trần Minh Thư", [], ["Trần Minh Thư"])])
    doc = quotes_step(doc)
    said = [(s.speaker, STATEMENT_TEXT[s.span[0] : s.span[1]].strip(" :“”")) for s in doc.statements]
    assert said == [
        ("Trần Minh Thư", "Hội sẽ mở thêm hai lớp tiếng Việt."),
        ("Trần Minh Thư", "Hội sẽ mở thêm hai lớp tiếng Việt."),  # "cho biết" reports it too
        ("Trần Minh Thư", "các gia đình kiều bào luôn hướng về quê hương."),  # "Bà" is the one named
        (None, "hỗ trợ thêm sách giáo khoa."),  # a subject that names nobody known
    ]


def test_a_sentence_without_a_verb_of_saying_is_no_statement() -> None:
    doc = quotes_step(_doc("Đoàn thăm làng nghề gốm Bát Tràng vào sáng thứ Bảy."))
    assert doc.statements == []
