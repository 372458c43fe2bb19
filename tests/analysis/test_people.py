from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.analysis import analyze_text
from doingoai.analysis.document import Document, Person
from doingoai.analysis.organizations import organizations_step
from doingoai.analysis.people import people_step
from doingoai.analysis.text import tone_key


def _people(text: str) -> list[Person]:
    return analyze_text(text).people


def _find(people: list[Person], name: str) -> Person | None:
    return next((p for p in people if tone_key(p.name) == tone_key(name)), None)


# (sentence, name, titles)
TITLED = [
    (
        "Ủy viên Bộ Chính trị, Thường trực Ban Bí thư Trần Cẩm Tú chủ trì buổi làm việc với tỉnh.",
        "Trần Cẩm Tú",
        ["Ủy viên Bộ Chính trị", "Thường trực Ban Bí thư"],
    ),
    (
        "Chiều 4/6, Bộ trưởng Bộ Ngoại giao Lê Hoài Trung tiếp Đại sứ Lào.",
        "Lê Hoài Trung",
        ["Bộ trưởng Bộ Ngoại giao"],
    ),
    ("Tổng Bí thư Tô Lâm gửi thư chúc mừng.", "Tô Lâm", ["Tổng Bí thư"]),
    ("Chủ tịch nước Lương Cường dự lễ khánh thành.", "Lương Cường", ["Chủ tịch nước"]),
    ("Chủ tịch Quốc hội Trần Thanh Mẫn hội đàm với người đồng cấp.", "Trần Thanh Mẫn", ["Chủ tịch Quốc hội"]),
    ("Phó Thủ tướng Bùi Thanh Sơn chủ trì phiên họp.", "Bùi Thanh Sơn", ["Phó Thủ tướng"]),
    (
        "Thứ trưởng Thường trực Bộ Ngoại giao Nguyễn Minh Vũ trả lời phỏng vấn.",
        "Nguyễn Minh Vũ",
        ["Thứ trưởng Thường trực Bộ Ngoại giao"],
    ),
    (
        "Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam Phan Anh Sơn trao kỷ niệm chương.",
        "Phan Anh Sơn",
        ["Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam"],
    ),
    (
        "Đại sứ Việt Nam tại Nhật Bản Phạm Quang Hiệu dự buổi gặp mặt kiều bào.",
        "Phạm Quang Hiệu",
        ["Đại sứ Việt Nam tại Nhật Bản"],
    ),
    ("Phía Nhật Bản có Đại sứ Nhật Bản Ito Naoki.", "Ito Naoki", ["Đại sứ Nhật Bản"]),
    (
        "Ông Nguyễn Văn Hải, Phó Chủ tịch UBND tỉnh Quảng Trị, cho biết tỉnh đã tiếp nhận 3 dự án.",
        "Nguyễn Văn Hải",
        ["Phó Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị"],
    ),
    (
        "Theo bà Nguyễn Thị Thu Hằng, Giám đốc Sở Ngoại vụ, các thủ tục đã hoàn tất.",
        "Nguyễn Thị Thu Hằng",
        ["Giám đốc Sở Ngoại vụ"],
    ),
    (
        "Ông John Smith, Giám đốc quốc gia của tổ chức Plan International, cảm ơn chính quyền địa phương.",
        "John Smith",
        ["Giám đốc quốc gia Plan International"],
    ),
    ("Chủ tịch Hồ Chí Minh đã đến thăm hợp tác xã năm 1958.", "Hồ Chí Minh", ["Chủ tịch"]),
    (
        "Chủ tịch UBND tỉnh Quảng Trị Võ Văn Hưng tiếp đoàn công tác.",
        "Võ Văn Hưng",
        ["Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị"],
    ),
    (
        "Phó Thủ tướng, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn tiếp Đại sứ Hàn Quốc.",
        "Bùi Thanh Sơn",
        ["Phó Thủ tướng", "Bộ trưởng Bộ Ngoại giao"],
    ),
    (
        "Phó Thủ tướng kiêm Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn phát biểu khai mạc.",
        "Bùi Thanh Sơn",
        ["Phó Thủ tướng", "Bộ trưởng Bộ Ngoại giao"],
    ),
    (
        "Thượng tướng Lương Tam Quang, Bộ trưởng Bộ Công an, làm việc với tỉnh.",
        "Lương Tam Quang",
        ["Thượng tướng", "Bộ trưởng Bộ Công an"],
    ),
    (
        "Người Phát ngôn Bộ Ngoại giao Phạm Thu Hằng trả lời câu hỏi của phóng viên.",
        "Phạm Thu Hằng",
        ["Người Phát ngôn Bộ Ngoại giao"],
    ),
    (
        "Bí thư Tỉnh ủy Hà Tĩnh Nguyễn Duy Lâm tặng hoa chúc mừng.",
        "Nguyễn Duy Lâm",
        ["Bí thư Tỉnh ủy Hà Tĩnh"],
    ),
    (
        "Bí thư Thành ủy Hà Nội Bùi Thị Minh Hoài thăm các gia đình chính sách.",
        "Bùi Thị Minh Hoài",
        ["Bí thư Thành ủy Hà Nội"],
    ),
    (
        "Ủy viên Trung ương Đảng, Trưởng Ban Đối ngoại Trung ương Lê Hoài Trung tiếp đoàn.",
        "Lê Hoài Trung",
        ["Ủy viên Trung ương Đảng", "Trưởng Ban Đối ngoại Trung ương"],
    ),
    (
        "Phó Chủ tịch HĐND TP Hà Nội Phùng Thị Hồng Hà dự buổi tiếp xúc.",
        "Phùng Thị Hồng Hà",
        ["Phó Chủ tịch Hội đồng nhân dân thành phố Hà Nội"],
    ),
    (
        "Phó Chủ tịch UBND tỉnh Nguyễn Văn An đề nghị các sở hỗ trợ nhà tài trợ.",
        "Nguyễn Văn An",
        ["Phó Chủ tịch Ủy ban nhân dân tỉnh"],
    ),
    (
        "Chủ tịch Hội đồng nhân dân tỉnh Nghệ An Hoàng Nghĩa Hiếu phát biểu bế mạc.",
        "Hoàng Nghĩa Hiếu",
        ["Chủ tịch Hội đồng nhân dân tỉnh Nghệ An"],
    ),
    (
        "Trưởng Đại diện UNICEF tại Việt Nam Silvia Danailov đánh giá cao kết quả.",
        "Silvia Danailov",
        ["Trưởng Đại diện Quỹ Nhi đồng Liên hợp quốc tại Việt Nam"],
    ),
    (
        "Ông Park Ji-hoon, Giám đốc quốc gia tổ chức Good Neighbors International tại Việt Nam, trao quà.",
        "Park Ji-hoon",
        ["Giám đốc quốc gia Good Neighbors International tại Việt Nam"],
    ),
    (
        "Thủ tướng Nhật Bản Ishiba Shigeru hội đàm với Thủ tướng Phạm Minh Chính.",
        "Ishiba Shigeru",
        ["Thủ tướng Nhật Bản"],
    ),
    (
        "Bộ trưởng Ngoại giao Singapore Vivian Balakrishnan thăm chính thức Việt Nam.",
        "Vivian Balakrishnan",
        ["Bộ trưởng Ngoại giao Singapore"],
    ),
    ("Trong chuyến thăm, Tổng thống Putin đã gặp lãnh đạo cấp cao.", "Putin", ["Tổng thống"]),
    (
        "Chủ tịch Kim Jong-un tiếp đoàn đại biểu cấp cao.",
        "Kim Jong-un",
        ["Chủ tịch"],
    ),
    (
        "GS.TS Nguyễn Văn Kiên, Viện trưởng Viện Nghiên cứu Đông Nam Á, trình bày tham luận.",
        "Nguyễn Văn Kiên",
        ["Viện trưởng Viện Nghiên cứu Đông Nam Á"],
    ),
    ("Anh Nguyễn Văn Nam, một người dân địa phương, cho biết nhà đã xong.", "Nguyễn Văn Nam", []),
    ("Theo ông Ito Naoki, hợp tác giữa hai nước đang phát triển tốt đẹp.", "Ito Naoki", []),
    (
        "Trần Văn Tuấn, Chủ tịch Hội Nông dân xã, chia sẻ kinh nghiệm.",
        "Trần Văn Tuấn",
        ["Chủ tịch Hội Nông dân xã"],
    ),
    (
        "Đại sứ Hàn Quốc Choi Young-sam; Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Võ Văn Hưng cùng dự.",
        "Võ Văn Hưng",
        ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"],
    ),
    (
        "Đại sứ Hàn Quốc Choi Young-sam; Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Võ Văn Hưng cùng dự.",
        "Choi Young-sam",
        ["Đại sứ Hàn Quốc"],
    ),
    (
        "Phó Chủ tịch UBND huyện Mường Tè Hà Văn Thắng cảm ơn nhà tài trợ.",
        "Hà Văn Thắng",
        ["Phó Chủ tịch Ủy ban nhân dân huyện Mường Tè"],
    ),
    ("Ông Hồ Văn Nam, Giám đốc Sở Ngoại vụ, dự lễ.", "Hồ Văn Nam", ["Giám đốc Sở Ngoại vụ"]),
    (
        "Hội Hữu nghị Pháp – Việt Nam cử đoàn sang thăm. Bà Claire Dubois, Phó Chủ tịch Hội, trao quà.",
        "Claire Dubois",
        ["Phó Chủ tịch Hội Hữu nghị Pháp – Việt Nam"],
    ),
    (
        "Chủ tịch Hội Hữu nghị Pháp – Việt Nam Jean Martin tặng sách cho thư viện.",
        "Jean Martin",
        ["Chủ tịch Hội Hữu nghị Pháp – Việt Nam"],
    ),
    ("Nhà báo Hoa Kỳ Jane Miller đã có mặt tại buổi lễ.", "Jane Miller", []),
    # A minister of a field, without "Bộ", foreign or ours.
    (
        "Bộ trưởng Y tế Campuchia Chheang Ra cảm ơn các y bác sĩ tình nguyện.",
        "Chheang Ra",
        ["Bộ trưởng Y tế Campuchia"],
    ),
    (
        "Thứ trưởng Quốc phòng Ấn Độ Rajesh Kumar thăm Học viện.",
        "Rajesh Kumar",
        ["Thứ trưởng Quốc phòng Ấn Độ"],
    ),
    (
        "Chiều 2/3, Bộ trưởng Nông nghiệp và Môi trường Trần Đức Thắng làm việc với tỉnh.",
        "Trần Đức Thắng",
        ["Bộ trưởng Nông nghiệp và Môi trường"],
    ),
    # Coaches of the teams in sports exchanges, written out or as "HLV".
    ("HLV Kim Sang-sik dẫn đội tuyển sang giao hữu tại Viêng Chăn.", "Kim Sang-sik", ["Huấn luyện viên"]),
    (
        "Huấn luyện viên trưởng Lê Văn Tâm cảm ơn sự đón tiếp của bạn.",
        "Lê Văn Tâm",
        ["Huấn luyện viên trưởng"],
    ),
    (
        "Ông Philippe Laurent, HLV của câu lạc bộ, tặng quà cho các em.",
        "Philippe Laurent",
        ["Huấn luyện viên"],
    ),
    # The head of a province by the province alone: ours heads its people's committee, a Lao one
    # keeps the title as written; "Tỉnh trưởng" governs a province of Laos.
    (
        "Sáng 9/10, Chủ tịch tỉnh Attapeu Bounmy Thammavong tiếp đoàn thanh niên tình nguyện.",
        "Bounmy Thammavong",
        ["Chủ tịch tỉnh Attapeu"],
    ),
    (
        "Phó Chủ tịch tỉnh Hà Tĩnh Trần Minh Khôi trao quà cho các hộ nghèo.",
        "Trần Minh Khôi",
        ["Phó Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh"],
    ),
    (
        "Chủ tịch xã Cam Lộ Hoàng Thị Lan báo cáo tình hình mưa lũ.",
        "Hoàng Thị Lan",
        ["Chủ tịch Ủy ban nhân dân xã Cam Lộ"],
    ),
    (
        "Tỉnh trưởng tỉnh Salavan Khamsay Vongphachanh đón đoàn tại cửa khẩu.",
        "Khamsay Vongphachanh",
        ["Tỉnh trưởng tỉnh Salavan"],
    ),
    (
        "Phó Tỉnh trưởng Sekong Bounthong Keomany cảm ơn tỉnh bạn.",
        "Bounthong Keomany",
        ["Phó Tỉnh trưởng Sekong"],
    ),
    # An honorific before a title: the name follows the title.
    (
        "Đồng chí Phó Bí thư Thành ủy Đặng Quốc Huy nhấn mạnh vai trò của tuổi trẻ.",
        "Đặng Quốc Huy",
        ["Phó Bí thư Thành ủy"],
    ),
]


@pytest.mark.parametrize(("text", "name", "titles"), TITLED)
def test_person_is_found_with_the_titles_around_the_name(text: str, name: str, titles: list[str]) -> None:
    doc = analyze_text(text)
    person = _find(doc.people, name)
    assert person is not None, [(p.name, p.titles) for p in doc.people]
    assert person.name == name
    assert person.titles == titles
    assert doc.span_text(person.spans[0]) == name


# (sentence, names that must not be read as people)
NOT_PEOPLE = [
    ("Thực hiện tư tưởng Hồ Chí Minh về đại đoàn kết, tỉnh đạt nhiều kết quả.", ["Hồ Chí Minh"]),
    ("Nhân dân Thành phố Hồ Chí Minh thi đua lập thành tích chào mừng đại hội.", ["Hồ Chí Minh"]),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh phát động phong trào tình nguyện.", ["Hồ Chí Minh"]),
    ("Ngôi nhà nằm trên đường Nguyễn Thị Minh Khai, gần chợ Bến Thành.", ["Nguyễn Thị Minh Khai"]),
    ("Hội nghị Trung ương lần thứ 10 bàn về công tác nhân sự.", ["Hội nghị Trung ương", "Trung ương"]),
    ("Việt Nam và Hàn Quốc nâng cấp quan hệ lên Đối tác chiến lược toàn diện.", ["Việt Nam", "Hàn Quốc"]),
    ("Bộ trưởng cho biết các bộ trưởng sẽ họp vào tuần sau.", ["Bộ trưởng"]),
    ("Ông nhấn mạnh vai trò của bà con nhân dân trong công tác này.", ["Ông", "bà con"]),
    ("Đồng chí cũng đề nghị Ban Bí thư quan tâm chỉ đạo.", ["Ban Bí thư", "Đồng chí"]),
    ("Ông Nam cho biết thêm rằng nhà mới đã hoàn thành.", ["Nam"]),
    ("Đại sứ Nhật Bản phát biểu tại buổi lễ.", ["Nhật Bản"]),
    ("Chủ tịch UBND tỉnh Quảng Trị yêu cầu các sở khẩn trương triển khai.", ["Quảng Trị"]),
    ("Giám đốc Sở Ngoại vụ cho biết tỉnh đã đón 12 đoàn.", ["Ngoại vụ", "Sở Ngoại vụ"]),
    ("Đồng chí Phó Bí thư Tỉnh ủy Đặng Quốc Huy dự buổi gặp mặt.", ["Phó Bí", "Phó Bí thư"]),
    ("Chiều qua, ông Phó Chủ tịch Hội nói chuyện với hội viên.", ["Phó Chủ", "Phó Chủ tịch"]),
    ("Chủ tịch tỉnh Sekong đã ký thư cảm ơn.", ["Sekong"]),
]


@pytest.mark.parametrize(("text", "not_names"), NOT_PEOPLE)
def test_places_organizations_and_common_words_are_not_people(text: str, not_names: list[str]) -> None:
    names = {tone_key(p.name) for p in _people(text)}
    assert names.isdisjoint(tone_key(n) for n in not_names)


def test_person_after_a_province_does_not_take_the_province_into_the_name() -> None:
    people = _people("Chủ tịch UBND tỉnh Quảng Trị Nguyễn Văn Hùng tiếp đoàn công tác.")
    assert [p.name for p in people] == ["Nguyễn Văn Hùng"]


def test_titles_before_the_next_name_belong_to_it_not_to_the_previous_one() -> None:
    people = _people(
        "Tham dự có Phó Thủ tướng Bùi Thanh Sơn, Bộ trưởng Bộ Ngoại giao Lê Hoài Trung và các đại biểu."
    )
    assert [(p.name, p.titles) for p in people] == [
        ("Bùi Thanh Sơn", ["Phó Thủ tướng"]),
        ("Lê Hoài Trung", ["Bộ trưởng Bộ Ngoại giao"]),
    ]


def test_later_mentions_attach_to_the_same_person() -> None:
    text = (
        "Thường trực Ban Bí thư Trần Cẩm Tú làm việc với tỉnh. Sau đó, đồng chí Trần Cẩm Tú thăm gia đình "
        "chính sách. Thường trực Ban Bí thư yêu cầu tỉnh chăm lo đời sống nhân dân."
    )
    doc = analyze_text(text)
    assert len(doc.people) == 1
    person = doc.people[0]
    assert [doc.span_text(s) for s in person.spans] == [
        "Trần Cẩm Tú",
        "Trần Cẩm Tú",
        "Thường trực Ban Bí thư",
    ]
    assert person.spans[2][0] == text.rindex("Thường trực Ban Bí thư")


def test_title_standing_alone_is_not_given_to_anyone_when_two_people_hold_it() -> None:
    text = (
        "Phó Chủ tịch Nguyễn Văn An và Phó Chủ tịch Trần Thị Bình cùng dự. "
        "Phó Chủ tịch cho biết tỉnh sẽ tiếp tục hỗ trợ."
    )
    doc = analyze_text(text)
    assert [len(p.spans) for p in doc.people] == [1, 1]


def test_bare_position_later_refers_to_the_one_holder_of_that_position() -> None:
    text = (
        "Bộ trưởng Bộ Ngoại giao Lê Hoài Trung tiếp đoàn. Bộ trưởng khẳng định quan hệ hai nước rất tốt đẹp."
    )
    doc = analyze_text(text)
    assert [doc.span_text(s) for s in doc.people[0].spans] == ["Lê Hoài Trung", "Bộ trưởng"]


def test_given_name_after_an_honorific_refers_to_the_person_of_that_name() -> None:
    text = "Bộ trưởng Bộ Ngoại giao Lê Hoài Trung tiếp đoàn. Ông Trung khẳng định Việt Nam coi trọng hợp tác."
    doc = analyze_text(text)
    assert [(p.name, [doc.span_text(s) for s in p.spans]) for p in doc.people] == [
        ("Lê Hoài Trung", ["Lê Hoài Trung", "Trung"])
    ]


def test_bare_position_is_dropped_when_the_same_position_with_its_body_is_known() -> None:
    text = "Bộ trưởng Bộ Ngoại giao Lê Hoài Trung chủ trì. Bộ trưởng Lê Hoài Trung cảm ơn các đại biểu."
    assert [p.titles for p in _people(text)] == [["Bộ trưởng Bộ Ngoại giao"]]


def test_tone_mark_placement_does_not_split_a_title() -> None:
    text = "Uỷ viên Bộ Chính trị Trần Cẩm Tú dự. Ủy viên Bộ Chính trị Trần Cẩm Tú phát biểu."
    assert [p.titles for p in _people(text)] == [["Ủy viên Bộ Chính trị"]]


def test_foreigner_called_by_the_first_part_of_the_name_is_the_same_person() -> None:
    text = "Thủ tướng tiếp Ngài Suga Yoshihide. Ông Suga khẳng định quan hệ hai nước rất tốt đẹp."
    doc = analyze_text(text)
    assert [(p.name, [doc.span_text(s) for s in p.spans]) for p in doc.people] == [
        ("Suga Yoshihide", ["Suga Yoshihide", "Suga"])
    ]


@pytest.mark.parametrize(
    ("text", "name", "mentions"),
    [
        (
            "Đại sứ Hoa Kỳ Marc Knapper thăm Quảng Trị. Tại buổi làm việc, Đại sứ Knapper cảm ơn tỉnh.",
            "Marc Knapper",
            ["Marc Knapper", "Knapper"],
        ),
        (
            "HLV Philippe Troussier đến Viêng Chăn. Trả lời báo chí, HLV Troussier cho biết đội đã sẵn sàng.",
            "Philippe Troussier",
            ["Philippe Troussier", "Troussier"],
        ),
    ],
)
def test_part_of_a_name_after_a_title_refers_to_the_person_of_that_name(
    text: str, name: str, mentions: list[str]
) -> None:
    doc = analyze_text(text)
    assert [(p.name, [doc.span_text(s) for s in p.spans]) for p in doc.people] == [(name, mentions)]


def test_semicolons_separate_the_people_of_a_list() -> None:
    text = (
        "Tham dự có các đồng chí: Nguyễn Văn Hòa, Phó Bí thư Tỉnh ủy; Trần Thị Lan, Phó Chủ tịch UBND tỉnh."
    )
    assert [(p.name, p.titles) for p in _people(text)] == [
        ("Nguyễn Văn Hòa", ["Phó Bí thư Tỉnh ủy"]),
        ("Trần Thị Lan", ["Phó Chủ tịch Ủy ban nhân dân tỉnh"]),
    ]


def test_lower_case_title_after_a_name_is_written_as_the_lexicon_writes_it() -> None:
    text = "Ông Nguyễn Văn Hải, phó chủ tịch UBND tỉnh Quảng Trị, cho biết tỉnh đã sẵn sàng."
    assert [(p.name, p.titles) for p in _people(text)] == [
        ("Nguyễn Văn Hải", ["Phó Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị"])
    ]


def test_school_named_after_a_person_is_not_a_mention_of_that_person() -> None:
    assert _people("Học sinh Trường THPT Nguyễn Huệ nhận 30 suất học bổng.") == []


def test_consul_general_post_abroad_is_part_of_the_title() -> None:
    people = _people("Tổng Lãnh sự Việt Nam tại Osaka Ngô Trịnh Hà cho biết cộng đồng đã quyên góp.")
    assert [(p.name, p.titles) for p in people] == [("Ngô Trịnh Hà", ["Tổng Lãnh sự Việt Nam tại Osaka"])]


# A title seated in a city of Viet Nam ("… tại Đà Nẵng"), then its holder's name, foreign or
# Vietnamese: (sentence, name, titles, the seat as a place)
SEATED_IN_VIET_NAM = [
    (
        "Chiều qua, Tổng lãnh sự Nhật Bản tại Đà Nẵng Yakabe Yoshinori phát biểu khai mạc tuần văn hóa.",
        "Yakabe Yoshinori",
        ["Tổng Lãnh sự Nhật Bản tại Đà Nẵng"],
        "Đà Nẵng",
    ),
    (
        "Tổng lãnh sự Lào tại Đà Nẵng Souksakhone Inthavong đến thăm tỉnh Quảng Trị.",
        "Souksakhone Inthavong",
        ["Tổng Lãnh sự Lào tại Đà Nẵng"],
        "Đà Nẵng",
    ),
    (
        "Tổng lãnh sự Campuchia tại Thành phố Hồ Chí Minh Chea Sophal chúc mừng các em học sinh.",
        "Chea Sophal",
        ["Tổng Lãnh sự Campuchia tại Thành phố Hồ Chí Minh"],
        "Thành phố Hồ Chí Minh",
    ),
    (
        "Phó Tổng lãnh sự Trung Quốc tại TP Hồ Chí Minh Zhang Wei dự lễ ra mắt câu lạc bộ.",
        "Zhang Wei",
        ["Phó Tổng Lãnh sự Trung Quốc tại thành phố Hồ Chí Minh"],
        "Thành phố Hồ Chí Minh",
    ),
    (
        "Trưởng đại diện Tổ chức Di cư Quốc tế tại Huế Anna Schmidt thăm lớp học tiếng Việt.",
        "Anna Schmidt",
        ["Trưởng Đại diện Tổ chức Di cư Quốc tế tại Huế"],
        "Huế",
    ),
    (
        "Đại diện Bộ Ngoại giao tại Đà Nẵng Trần Văn Minh phát biểu tại buổi gặp mặt.",
        "Trần Văn Minh",
        [],
        "Đà Nẵng",
    ),
    (  # the ministry's office in a city is a body, and heading it is a title
        "Giám đốc Văn phòng đại diện Bộ Công Thương tại Cần Thơ Lê Thị Thu Hương trao quà cho học sinh.",
        "Lê Thị Thu Hương",
        ["Giám đốc Văn phòng đại diện Bộ Công Thương tại Cần Thơ"],
        "Cần Thơ",
    ),
]


@pytest.mark.parametrize(("text", "name", "titles", "seat"), SEATED_IN_VIET_NAM)
def test_name_after_a_title_seated_in_a_city_of_viet_nam_is_a_person_and_the_city_a_place(
    text: str, name: str, titles: list[str], seat: str
) -> None:
    doc = analyze_text(text)
    assert [(p.name, p.titles) for p in doc.people] == [(name, titles)]
    assert seat in [p.name for p in doc.places]


def test_seed_articles_name_their_people_with_their_titles(seeds_dir: Path) -> None:
    first, second = sorted(seeds_dir.glob("*.txt"))[:2]
    people = analyze_text(first.read_text(encoding="utf-8")).people
    by_name = {p.name: p for p in people}
    assert by_name["Trần Cẩm Tú"].titles == ["Ủy viên Bộ Chính trị", "Thường trực Ban Bí thư"]
    assert by_name["Lê Hoài Trung"].titles == ["Bộ trưởng Bộ Ngoại giao"]
    assert "Hồ Chí Minh" not in by_name
    people_second = analyze_text(second.read_text(encoding="utf-8")).people
    assert [(p.name, p.titles) for p in people_second] == [("Trần Cẩm Tú", ["Thường trực Ban Bí thư"])]


_WORDS = [
    *"Bộ trưởng Ngoại giao Chủ tịch UBND tỉnh Quảng Trị Nguyễn Văn A ông bà Ông , . ( ) - kiêm".split(),
    *"Thường trực Ban Bí thư Trần Cẩm Tú Đại sứ Nhật Bản Ito Naoki Phó Thủ tướng GS TS".split(),
    *"Hồ Chí Minh của".split(),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.text(max_size=30))
def test_step_never_raises_and_spans_stay_inside_the_text(words: list[str], noise: str) -> None:
    text = " ".join(words) + noise
    doc = Document(text=text)
    doc.words = [m.span() for m in re.finditer(r"\w+", text)]
    doc = people_step(organizations_step(doc))
    for person in doc.people:
        assert person.name
        for start, end in person.spans:
            assert 0 <= start < end <= len(text)
