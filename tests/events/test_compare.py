from __future__ import annotations

from decimal import Decimal

import pytest

from doingoai.analysis.document import Amount, Document, Organization, Person, Place, Quantity, Quote, Span
from doingoai.analysis.quotes import statements_find
from doingoai.events.compare import (
    diff_markup,
    facts_merge,
    figure_differences,
    mention_quoted,
    organizer_find,
    place_main,
    quote_differences,
)


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return (start, start + len(needle))


def _doc(
    doc_id: str, text: str, *, money: tuple[tuple[str, int], ...] = (), people: tuple[str, ...] = ()
) -> Document:
    """Return a one-sentence document with the given amounts (VND or USD) and people marked."""
    doc = Document(text=text, id=doc_id, sentences=[(0, len(text))])
    for words, value in money:
        currency = "USD" if "USD" in words else "VND"
        doc.amounts.append(Amount(words, Decimal(value), currency, None, None, _span(text, words)))
    for name in people:
        doc.people.append(Person(name, ["Bộ trưởng"], [_span(text, name)]))
    doc.statements = statements_find(doc)
    return doc


# ---------------------------------------------------------------- figures

WATER_A = "Tổ chức Clear Water Bridge tài trợ 1,2 triệu USD cho dự án cấp nước sạch tại Hướng Hóa."
WATER_B = "Dự án cấp nước sạch tại Hướng Hóa có kinh phí 1,5 triệu USD do Clear Water Bridge tài trợ."


def test_different_values_for_the_same_programme_are_a_figure_difference() -> None:
    a = _doc("a", WATER_A, money=(("1,2 triệu USD", 1_200_000),))
    b = _doc("b", WATER_B, money=(("1,5 triệu USD", 1_500_000),))
    [difference] = figure_differences([a, b])
    assert difference.kind == "figure"
    assert difference.diff == "[-1,2 triệu USD-]{+1,5 triệu USD+}"
    assert [(m.document, m.text) for m in difference.items] == [
        ("a", "1,2 triệu USD"),
        ("b", "1,5 triệu USD"),
    ]
    for item, doc in zip(difference.items, (a, b), strict=True):
        assert doc.text[item.span[0] : item.span[1]] == item.text


def test_the_same_amount_in_two_outlets_is_one_fact_with_two_sources() -> None:
    a = _doc("a", WATER_A, money=(("1,2 triệu USD", 1_200_000),))
    b = _doc("b", WATER_B.replace("1,5", "1,2"), money=(("1,2 triệu USD", 1_200_000),))
    assert figure_differences([a, b]) == []
    [amount] = [f for f in facts_merge([a, b]) if f.kind == "amount"]
    assert amount.documents == ["a", "b"] and amount.label == "1,2 triệu USD"


def test_a_figure_only_one_outlet_reports_is_attributed_to_it() -> None:
    a = _doc("a", WATER_A, money=(("1,2 triệu USD", 1_200_000),))
    b = _doc("b", "Dự án cấp nước sạch tại Hướng Hóa được khởi công sáng nay.")
    [amount] = [f for f in facts_merge([a, b]) if f.kind == "amount"]
    assert amount.documents == ["a"]


@pytest.mark.parametrize(
    ("text_a", "money_a", "text_b", "money_b"),
    [
        # Two different sums for two different things, far apart in value.
        (
            "Các đối tác cam kết 50 tỷ đồng cho chương trình xóa nhà tạm trên cả nước.",
            (("50 tỷ đồng", 50_000_000_000),),
            "Quỹ hỗ trợ 20 tỷ đồng xây trường học ở xã biên giới Hà Giang.",
            (("20 tỷ đồng", 20_000_000_000),),
        ),
        # One outlet gives both sums, the other one of them: they agree, the second is another thing.
        (
            "Dự án nước sạch nhận 1,2 triệu USD và trường học nhận 0,8 triệu USD từ Clear Water Bridge.",
            (("1,2 triệu USD", 1_200_000), ("0,8 triệu USD", 800_000)),
            "Clear Water Bridge dành 1,2 triệu USD cho dự án nước sạch.",
            (("1,2 triệu USD", 1_200_000),),
        ),
    ],
)
def test_figures_of_different_things_are_not_a_difference(
    text_a: str, money_a: tuple[tuple[str, int], ...], text_b: str, money_b: tuple[tuple[str, int], ...]
) -> None:
    assert figure_differences([_doc("a", text_a, money=money_a), _doc("b", text_b, money=money_b)]) == []


def test_one_scholarships_value_and_the_total_are_not_a_difference() -> None:
    from doingoai.analysis import analyze_text

    each = analyze_text("Hội trao 120 suất học bổng cho sinh viên Lào; mỗi suất trị giá 6 triệu đồng.")
    total = analyze_text("Tổng giá trị 120 suất học bổng trao cho sinh viên Lào năm nay là 720 triệu đồng.")
    assert [a.per_unit for a in each.amounts] == ["suất"] and [a.per_unit for a in total.amounts] == [None]
    each.id, total.id = "a", "b"
    assert figure_differences([each, total]) == []
    other = analyze_text("Mỗi suất học bổng cho sinh viên Lào trị giá 5 triệu đồng.")
    other.id = "c"
    [difference] = figure_differences([each, other])  # one suất's value given two ways is one
    assert difference.diff == "[-6 triệu VND/suất-]{+5 triệu VND/suất+}"


def test_counts_of_the_same_thing_differ_by_unit_and_value() -> None:
    texts = {
        "a": "Tổ chức World Vision trao 3.000 suất quà cho người dân vùng lũ Lào Cai.",
        "b": "World Vision đã trao 3.200 suất quà cho người dân Lào Cai bị lũ.",
    }
    docs = []
    for doc_id, text in texts.items():
        doc = Document(text=text, id=doc_id, sentences=[(0, len(text))])
        words = "3.000 suất quà" if doc_id == "a" else "3.200 suất quà"
        doc.quantities.append(
            Quantity(words, Decimal(words.split()[0].replace(".", "")), "suất quà", None, _span(text, words))
        )
        docs.append(doc)
    [difference] = figure_differences(docs)
    assert difference.subject == "suất quà"
    assert difference.diff == "[-3.000 suất quà-]{+3.200 suất quà+}"


def _analysed(texts: dict[str, str]) -> list[Document]:
    from doingoai.analysis import analyze_text

    return [analyze_text(text, id=doc_id) for doc_id, text in texts.items()]


def test_a_count_of_those_served_is_not_compared_with_a_count_of_those_who_came() -> None:
    # The people the doctors examined ("cho 300 người", "300 người được khám") are not the people
    # who took part; the two counts of those who took part still disagree.
    docs = _analysed(
        {
            "a": "Ngày hội ở xã Vĩnh Xương có đua ghe, hát dân ca và khám bệnh miễn phí cho 300 người dân "
            "hai bên biên giới.",
            "b": "Ngày hội ở xã Vĩnh Xương, tỉnh An Giang, có khoảng 1.500 người dân hai bên biên giới "
            "tham gia đua ghe, hát dân ca.",
            "c": "Khoảng 1.800 người dân hai bên biên giới đã tham gia đua ghe, hát dân ca tại ngày hội ở xã "
            "Vĩnh Xương.",
        }
    )
    [difference] = figure_differences(docs)
    assert difference.diff == "[-1.500 người dân-]{+1.800 người dân+}"
    assert [m.document for m in difference.items] == ["b", "c"]
    served = _analysed(
        {"d": "Tại ngày hội ở xã Vĩnh Xương, 300 người dân hai bên biên giới được khám bệnh, hát dân ca."}
    )
    assert figure_differences([docs[1], *served]) == []


def test_an_outlet_giving_several_values_of_one_thing_shows_no_difference() -> None:
    # When one report gives two counts that the links join to another report's count, the links
    # joined different things (a list of counts): nothing is shown rather than "12 ≠ 30 ≠ 45".
    docs = _analysed(
        {
            "a": "Năm nay hội đồng xét 45 ứng viên giáo sư ở Hà Nội, trong đó 12 ứng viên giáo sư ngành y.",
            "b": "Hội đồng ở Hà Nội năm nay xét 30 ứng viên giáo sư, nhiều nhất là ngành y.",
        }
    )
    assert figure_differences(docs) == []


# A head noun and a qualifier that only restates it count the same thing as the head alone.
SAME_KIND_IN_OTHER_WORDS = [
    (
        "Ngày hội văn hóa ở xã biên giới Tân Hồng thu hút khoảng 1.000 người tham gia các trò chơi dân gian.",
        "Khoảng 1.200 người dân đã tham gia các trò chơi dân gian tại ngày hội văn hóa ở xã Tân Hồng.",
        "[-1.000 người-]{+1.200 người dân+}",
    ),
    (
        "Đêm giao lưu ở thị trấn Lao Bảo có 800 người dân vùng biên xem biểu diễn văn nghệ.",
        "Khoảng 650 người đã xem biểu diễn văn nghệ trong đêm giao lưu ở thị trấn Lao Bảo.",
        "[-800 người dân vùng biên-]{+650 người+}",
    ),
    (
        "Dự án nước sạch của tổ chức Green Seed giúp 45 hộ ở bản Nậm Cang có nước sinh hoạt.",
        "Nhờ dự án nước sạch của tổ chức Green Seed, 50 hộ dân bản Nậm Cang đã có nước sinh hoạt.",
        "[-45 hộ-]{+50 hộ dân+}",
    ),
    (
        "Hội Chữ thập đỏ hỗ trợ 120 hộ gia đình ở xã Hướng Phùng nuôi bò giống để phát triển sinh kế.",
        "Hội Chữ thập đỏ hỗ trợ 150 hộ ở xã Hướng Phùng nuôi bò giống để phát triển sinh kế.",
        "[-120 hộ gia đình-]{+150 hộ+}",
    ),
]


@pytest.mark.parametrize(("first", "second", "diff"), SAME_KIND_IN_OTHER_WORDS)
def test_counts_of_one_kind_in_other_words_are_a_figure_difference(
    first: str, second: str, diff: str
) -> None:
    [difference] = figure_differences(_analysed({"a": first, "b": second}))
    assert difference.diff == diff


# Counts of different kinds of things, in sentences about the same: never compared.
DIFFERENT_KINDS = [
    (  # people and pupils
        "Trại hè hữu nghị ở Cửa Lò năm nay đón 300 người từ hai nước tham gia.",
        "Trại hè hữu nghị ở Cửa Lò năm nay đón 320 học sinh từ hai nước tham gia.",
    ),
    (  # households and people
        "Dự án nước sạch của tổ chức Green Seed giúp 45 hộ ở bản Nậm Cang có nước sinh hoạt.",
        "Nhờ dự án nước sạch của tổ chức Green Seed, 52 người dân bản Nậm Cang đã có nước sinh hoạt.",
    ),
    (  # an ethnic group's people are not "người dân"
        "Đêm giao lưu ở thị trấn Lao Bảo có 800 người dân tộc Vân Kiều xem biểu diễn văn nghệ.",
        "Khoảng 650 người đã xem biểu diễn văn nghệ trong đêm giao lưu ở thị trấn Lao Bảo.",
    ),
    (  # a share and a count
        "Trại hè hữu nghị ở Cửa Lò năm nay có 45% người tham gia đến từ Lào.",
        "Trại hè hữu nghị ở Cửa Lò năm nay có 60 người tham gia đến từ Lào.",
    ),
    (  # an age and a number of years
        "Cụ Hồ Văn Lực, 92 tuổi, kể về những năm tháng kháng chiến ở bản Vây.",
        "Cụ Hồ Văn Lực đã sống 70 năm ở bản Vây và kể về những năm tháng kháng chiến.",
    ),
    (  # money and people
        "Ngày hội văn hóa ở xã Tân Hồng có 1.000 người dân tham gia các trò chơi dân gian.",
        "Ngày hội văn hóa ở xã Tân Hồng chi 1.200 triệu đồng cho người dân tham gia các trò chơi dân gian.",
    ),
]


@pytest.mark.parametrize(("first", "second"), DIFFERENT_KINDS)
def test_counts_of_different_kinds_are_not_compared(first: str, second: str) -> None:
    assert figure_differences(_analysed({"a": first, "b": second})) == []


# Spans of time, ages and shares in two reports on one topic: each report holds several, about
# different things, in sentences that share the topic's words. Only nearly the same sentence
# with another value is a difference.
RELATIVE_FIGURES = [
    (  # how long the project ran, and how long a tree takes to bear fruit
        "Hợp tác xã ở Krông Pắc chăm sóc cây bơ theo hướng hữu cơ đã hơn 7 năm nay.",
        "Phải mất hơn 4 năm để cây bơ ở Krông Pắc cho quả, theo hợp tác xã.",
        None,
    ),
    (  # two shares of the same trade
        "Xuất khẩu cà phê của tỉnh Đắk Lắk sang châu Âu tăng 12% so với năm trước.",
        "Cà phê chiếm 35% giá trị xuất khẩu của tỉnh Đắk Lắk sang châu Âu năm nay.",
        None,
    ),
    (  # a child's age and a volunteer's
        "Đoàn thiện nguyện Nhật Bản tặng xe lăn cho em Lò Văn Thắng, 9 tuổi, ở bản Nậm Cang.",
        "Tình nguyện viên 26 tuổi của đoàn thiện nguyện Nhật Bản trao xe lăn cho học sinh bản Nậm Cang.",
        None,
    ),
    (  # the same child, two ages
        "Bé trai 6 tuổi đi lạc ở chợ Đông Hà đã được công an phường trao trả gia đình tối 14/7.",
        "Bé trai khoảng 8 tuổi đi lạc ở chợ Đông Hà đã được công an phường trao trả gia đình tối 14/7.",
        "[-6 tuổi-]{+8 tuổi+}",
    ),
]


@pytest.mark.parametrize(("first", "second", "diff"), RELATIVE_FIGURES)
def test_spans_of_time_ages_and_shares_differ_only_in_nearly_the_same_sentence(
    first: str, second: str, diff: str | None
) -> None:
    found = figure_differences(_analysed({"a": first, "b": second}))
    assert [d.diff for d in found] == ([diff] if diff else [])


def test_one_count_in_other_words_is_one_fact_with_two_sources() -> None:
    docs = _analysed(
        {
            "a": "Khoảng 1.000 người đã tham gia ngày hội văn hóa ở xã biên giới Tân Hồng.",
            "b": "Ngày hội văn hóa ở xã biên giới Tân Hồng có khoảng 1.000 người dân tham gia.",
        }
    )
    [count] = [f for f in facts_merge(docs) if f.kind == "quantity"]
    assert count.documents == ["a", "b"]
    assert figure_differences(docs) == []


# ---------------------------------------------------------------- statements

SAID = (
    "Bộ trưởng Lê Hoài Trung khẳng định Bộ Ngoại giao sẽ phối hợp {how} với các địa phương"
    " để xây dựng chiến lược đến năm 2045."
)


def test_one_speakers_statement_worded_differently_is_a_quote_difference() -> None:
    a = _doc("a", SAID.format(how="chặt chẽ"), people=("Lê Hoài Trung",))
    b = _doc("b", SAID.format(how="thường xuyên"), people=("Lê Hoài Trung",))
    [difference] = quote_differences([a, b])
    assert difference.kind == "quote" and difference.subject == "Lê Hoài Trung"
    assert "phối hợp [-chặt chẽ-]{+thường xuyên+} với các địa phương" in difference.diff
    assert [m.document for m in difference.items] == ["a", "b"]
    for item, doc in zip(difference.items, (a, b), strict=True):
        assert doc.text[item.span[0] : item.span[1]] == item.text
    assert "chặt chẽ" in difference.items[0].text and "thường xuyên" in difference.items[1].text


@pytest.mark.parametrize(
    ("second", "speaker"),
    [
        (SAID.format(how="chặt chẽ"), "Lê Hoài Trung"),  # identical: no difference
        (
            SAID.format(how="chặt chẽ").replace("Lê Hoài Trung", "Nguyễn Văn An"),
            "Nguyễn Văn An",
        ),  # another speaker
        (
            SAID.format(how="chặt chẽ").replace("các địa phương", "các địa phương khác"),
            "Lê Hoài Trung",
        ),  # one syllable
        # Only the frame differs (title, verb): outlets word attributions freely.
        (
            SAID.format(how="chặt chẽ").replace("Bộ trưởng", "Ông").replace("khẳng định", "cho biết"),
            "Lê Hoài Trung",
        ),
    ],
)
def test_no_quote_difference_without_a_real_rewording_by_the_same_speaker(second: str, speaker: str) -> None:
    a = _doc("a", SAID.format(how="chặt chẽ"), people=("Lê Hoài Trung",))
    b = _doc("b", second, people=(speaker,))
    assert quote_differences([a, b]) == []


def test_unrelated_sentences_sharing_a_stock_phrase_are_not_aligned() -> None:
    a = _doc("a", "Ông Lê Hoài Trung cho biết các địa phương cần đẩy mạnh hợp tác với đối tác nước ngoài.")
    b = _doc("b", "Bà Nguyễn Thị Hà nhấn mạnh các địa phương cần chăm lo đời sống của đồng bào vùng cao.")
    assert quote_differences([a, b]) == []


def test_quotations_in_marks_are_statements_too() -> None:
    texts = [
        "Bà Ellis nói: “Việt Nam là ngôi nhà thứ hai của tôi, nơi tôi luôn muốn trở về”.",
        "Bà Ellis xúc động: “Việt Nam là ngôi nhà thứ hai của tôi, nơi tôi luôn mong được trở về”.",
    ]
    docs = []
    for doc_id, text in zip("ab", texts, strict=True):
        doc = Document(text=text, id=doc_id, sentences=[(0, len(text))])
        inner = text[text.index("“") + 1 : text.index("”")]
        doc.quotes.append(Quote("Ellis", inner, _span(text, inner)))
        doc.statements = statements_find(doc)
        docs.append(doc)
    differences = quote_differences(docs)
    assert any("[-muốn-]{+mong được+}" in d.diff for d in differences)


def _quoted(doc_id: str, text: str, speaker: str) -> Document:
    doc = Document(text=text, id=doc_id, sentences=[(0, len(text))])
    inner = text[text.index("“") + 1 : text.index("”")]
    doc.quotes.append(Quote(speaker, inner, _span(text, inner)))
    doc.statements = statements_find(doc)
    return doc


def test_words_replaced_at_the_end_of_a_statement_are_a_quote_difference() -> None:
    # The last words of the statement differ, after a long run the two outlets share.
    a = _quoted(
        "a", "Ông Hà Văn Minh dặn: “Các em hôm nay sẽ là cầu nối bền chặt giữa hai nước”.", "Hà Văn Minh"
    )
    b = _quoted(
        "b", "Ông Hà Văn Minh dặn: “Các em hôm nay sẽ là cầu nối bền chặt giữa hai dân tộc”.", "Hà Văn Minh"
    )
    [difference] = quote_differences([a, b])
    assert "giữa hai [-nước-]{+dân tộc+}" in difference.diff
    assert difference.items[0].text.endswith("hai nước") and difference.items[1].text.endswith("hai dân tộc")


def test_a_statement_one_outlet_cut_shorter_is_no_quote_difference() -> None:
    a = _quoted(
        "a", "Bà Lò Thị Mai nói: “Chúng tôi sẽ giữ gìn tình hữu nghị giữa hai nước anh em”.", "Lò Thị Mai"
    )
    b = _quoted("b", "Bà Lò Thị Mai nói: “Chúng tôi sẽ giữ gìn tình hữu nghị giữa hai nước”.", "Lò Thị Mai")
    assert quote_differences([a, b]) == []


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (
            "bảo vệ và phát triển đất nước",
            "bảo vệ và xây dựng đất nước",
            "bảo vệ và [-phát triển-]{+xây dựng+} đất nước",
        ),
        ("hơn 100 điểm cầu", "hơn 100 điểm cầu trực tuyến", "hơn 100 điểm cầu {+trực tuyến+}"),
        ("Hoà bình", "hòa bình", "Hoà bình"),  # case and tone-mark placement are not differences
    ],
)
def test_diff_markup_marks_removed_and_added_words(first: str, second: str, expected: str) -> None:
    assert diff_markup(first.split(), second.split()) == expected


# ---------------------------------------------------------------- header


def test_the_lead_organization_is_the_organizer_not_its_partner() -> None:
    text = "Liên hiệp hữu nghị tỉnh Nghệ An phối hợp với Sở Ngoại vụ tổ chức buổi gặp mặt đầu xuân."
    doc = Document(text=text, id="a")
    doc.organizations = [
        Organization("Liên hiệp hữu nghị tỉnh Nghệ An", [_span(text, "Liên hiệp hữu nghị tỉnh Nghệ An")]),
        Organization("Sở Ngoại vụ", [_span(text, "Sở Ngoại vụ")]),
    ]
    assert organizer_find([doc]) == "Liên hiệp hữu nghị tỉnh Nghệ An"


def test_the_place_is_the_venue_rather_than_the_most_named_place() -> None:
    texts = [
        "Tại Hà Nội, đoàn Cuba làm việc với Liên hiệp; đoàn sẽ thăm Quảng Ninh.",
        "Đoàn Cuba sẽ đến Quảng Ninh sau buổi làm việc.",
        "Đoàn Cuba cho biết sẽ khảo sát mô hình hợp tác xã ở Thái Bình và Quảng Ninh.",
    ]
    docs = []
    for doc_id, text in zip("abc", texts, strict=True):
        doc = Document(text=text, id=doc_id)
        for name in ("Hà Nội", "Quảng Ninh", "Thái Bình"):
            if name in text:
                doc.places.append(Place(name, "tỉnh", None, [_span(text, name)]))
        doc.places.append(Place("Cuba", "quốc gia", None, [_span(text, "Cuba")]))
        docs.append(doc)
    assert place_main(facts_merge(docs)) == "Hà Nội"


def test_a_country_named_only_inside_organizations_names_is_no_venue() -> None:
    text = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam tổng kết công tác năm; đoàn Lào tham dự."
    doc = Document(text=text, id="a")
    org = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
    doc.organizations.append(Organization(org, [_span(text, org)]))
    doc.places.append(Place("Việt Nam", "quốc gia", None, [_span(text, "Việt Nam")]))
    assert place_main(facts_merge([doc])) is None
    doc.text = text + " Việt Nam và Lào là láng giềng."
    doc.places[0].spans.append((len(text) + 1, len(text) + 1 + len("Việt Nam")))
    assert place_main(facts_merge([doc])) == "Việt Nam"  # named on its own too


def test_diff_parts_reads_back_the_markup_and_keeps_an_unclosed_marker_as_text() -> None:
    from doingoai.events.compare import diff_markup, diff_parts

    diff = diff_markup("viện trợ 500.000 USD".split(), "viện trợ 450.000 USD".split())
    assert diff_parts(diff) == [
        ("same", "viện trợ "),
        ("removed", "500.000"),
        ("added", "450.000"),
        ("same", " USD"),
    ]
    assert diff_parts("a [-b") == [("same", "a "), ("same", "[-b")]


def test_a_foreign_city_is_not_merged_into_its_country() -> None:
    # Savannakhet carries Laos's code (LA); each place keeps its own mentions, in each outlet.
    first = "Đoàn thanh niên tỉnh Savannakhet (Lào) thăm Quảng Trị."
    second = "Thanh niên Savannakhet giao lưu tại Quảng Trị; đoàn của nước bạn Lào đông đủ."
    docs = []
    for doc_id, text in (("a", first), ("b", second)):
        doc = Document(text=text, id=doc_id)
        doc.places.append(
            Place("Savannakhet", "thành phố nước ngoài", None, [_span(text, "Savannakhet")], code="LA")
        )
        doc.places.append(Place("Lào", "quốc gia", None, [_span(text, "Lào")], code="LA"))
        doc.places.append(Place("Quảng Trị", "tỉnh", "44", [_span(text, "Quảng Trị")], code="44"))
        docs.append(doc)
    places = {f.label: f for f in facts_merge(docs) if f.kind == "place"}
    assert set(places) == {"Savannakhet", "Lào", "Quảng Trị"}
    for label, fact in places.items():
        assert [m.text for m in fact.mentions] == [label, label]  # each outlet's own words for it


def test_a_wording_difference_is_quoted_with_an_ellipsis_where_it_cuts_the_statement() -> None:
    a = _doc("a", SAID.format(how="chặt chẽ"), people=("Lê Hoài Trung",))
    b = _doc("b", SAID.format(how="thường xuyên"), people=("Lê Hoài Trung",))
    [difference] = quote_differences([a, b])
    first = difference.items[0]
    # The window stops inside the sentence ("… để xây dựng chiến lược đến năm 2045"): it says so.
    assert first.text.startswith("Bộ Ngoại giao sẽ phối hợp chặt chẽ") and "2045" not in first.text
    assert mention_quoted(a, first) == f"{first.text}…"
    # A figure is no statement: its words stand as they are.
    water = _doc("w", WATER_A, money=(("1,2 triệu USD", 1_200_000),))
    [amount] = [f for f in facts_merge([water]) if f.kind == "amount"]
    assert mention_quoted(water, amount.mentions[0]) == "1,2 triệu USD"


@pytest.mark.parametrize(
    ("other", "subject"),
    [
        # The sixth shared syllable starts a word the other report shares whole: it is completed.
        (
            "Dịp này, tổng giá trị quà tặng của chương trình giao lưu đạt khoảng 500 triệu đồng.",
            "tổng giá trị quà tặng chương trình",
        ),
        # It starts a word the other report does not share: the word is left out, not cut.
        (
            "Dịp này, tổng giá trị quà tặng của chương mục giao lưu đạt khoảng 500 triệu đồng.",
            "tổng giá trị quà tặng",
        ),
    ],
)
def test_a_figure_difference_is_named_by_whole_words(other: str, subject: str) -> None:
    from doingoai.analysis import analyze_text

    first = analyze_text(
        "Tại buổi lễ, tổng giá trị quà tặng của chương trình giao lưu là khoảng 450 triệu đồng."
    )
    second = analyze_text(other)
    first.id, second.id = "a", "b"
    [difference] = figure_differences([first, second])
    assert difference.subject == subject


def test_a_figure_that_is_a_whole_sentence_is_read_and_not_compared() -> None:
    # A report may set a figure as a sentence of its own, as a list or a caption does: it has no
    # words to say what it counts, so it is compared with nothing (and must not stop the comparison).
    docs = _analysed(
        {
            "a": "Hội Chữ thập đỏ tỉnh đã vận động được 12 tỷ đồng cho đồng bào vùng lũ.\n\n14 tỷ đồng.",
            "b": "Hội Chữ thập đỏ tỉnh cho biết đã vận động được 15 tỷ đồng cho đồng bào vùng lũ.",
        }
    )
    [difference] = figure_differences(docs)
    assert difference.diff == "[-12 tỷ VND-]{+15 tỷ VND+}"
