"""The directives step: who assigns what work to whom, by when, read from hand-filled Documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.analysis import analyze_text
from doingoai.analysis.directives import directives_find, directives_step
from doingoai.analysis.document import DateMention, Directive, Document, Organization, Person, Reference, Span
from doingoai.analysis.segment import segment_step, sentences_split
from doingoai.analysis.text import fold_key


def _spans(text: str, mention: str) -> list[Span]:
    """Return every span of `mention` in `text`."""
    spans, at = [], text.find(mention)
    while at >= 0:
        spans.append((at, at + len(mention)))
        at = text.find(mention, at + 1)
    assert spans, f"{mention!r} is not in the text"
    return spans


@dataclass
class Layers:
    """The layers other steps would fill, given as (name, mentions) pairs."""

    people: list[tuple[str, list[str], list[str]]] = field(default_factory=list)  # name, titles, mentions
    orgs: list[tuple[str, list[str]]] = field(default_factory=list)  # full name, mentions
    published: dt.date | None = None


def _doc(text: str, layers: Layers | None = None) -> Document:
    layers = layers or Layers()
    doc = Document(text=text, published=layers.published, sentences=sentences_split(text))
    for name, titles, mentions in layers.people:
        spans = sorted(s for m in mentions for s in _spans(text, m))
        doc.people.append(Person(name=name, titles=titles, spans=spans))
    for name, mentions in layers.orgs:
        doc.organizations.append(
            Organization(name=name, spans=sorted(s for m in mentions for s in _spans(text, m)))
        )
    return doc


def _check(directive: Directive, expected: dict[str, Any]) -> None:
    """Assert the fields named in `expected`; task_starts / task_has / task_lacks test the task text."""
    for key, value in expected.items():
        if key == "task_starts":
            assert directive.task.startswith(value), directive
        elif key == "task_has":
            for part in value:
                assert part in directive.task, (part, directive)
        elif key == "task_lacks":
            assert value not in directive.task, directive
        else:
            assert getattr(directive, key) == value, (key, directive)


# --- one directive per sentence -------------------------------------------------------------------

SINGLE: list[tuple[str, str, dict[str, Any]]] = [
    (
        "prime_minister_assigns_lead_and_partners_with_deadline",
        "Thủ tướng giao Bộ Ngoại giao chủ trì, phối hợp với Bộ Tài chính và UBND các tỉnh biên giới xây dựng "
        "đề án hỗ trợ cư dân vùng biên, hoàn thành trước ngày 30/6/2026.",
        {
            "verb": "giao",
            "issuer": "Thủ tướng",
            "lead": "Bộ Ngoại giao",
            "coordinating": ["Bộ Tài chính", "UBND các tỉnh biên giới"],
            "deadline": "2026-06-30",
            "task_starts": "xây dựng đề án hỗ trợ cư dân vùng biên",
        },
    ),
    (
        "provincial_committee_requests_department_with_quarter_deadline",
        "UBND tỉnh yêu cầu Sở Ngoại vụ chủ trì, phối hợp với Công an tỉnh rà soát các đoàn khách nước ngoài "
        "đến làm việc tại địa phương trong quý I/2026.",
        {
            "verb": "yêu cầu",
            "issuer": "UBND tỉnh",
            "lead": "Sở Ngoại vụ",
            "coordinating": ["Công an tỉnh"],
            "deadline": "2026-Q1",
            "task_starts": "rà soát các đoàn khách",
        },
    ),
    (
        "minister_asks_units_of_the_ministry",
        "Bộ trưởng đề nghị các đơn vị thuộc Bộ khẩn trương hoàn thiện hồ sơ đề án trình Chính phủ.",
        {
            "verb": "đề nghị",
            "issuer": "Bộ trưởng",
            "lead": "các đơn vị thuộc Bộ",
            "task_starts": "khẩn trương",
        },
    ),
    (
        "secretariat_directs_party_committees",
        "Ban Bí thư chỉ đạo các cấp ủy đảng tăng cường tuyên truyền về chủ quyền biển, đảo cho đồng bào ở "
        "nước "
        "ngoài.",
        {"verb": "chỉ đạo", "issuer": "Ban Bí thư", "lead": "các cấp ủy đảng", "task_starts": "tăng cường"},
    ),
    (
        "passive_assignment_makes_the_subject_lead_without_issuer",
        "Bộ Ngoại giao được giao chủ trì, phối hợp với các bộ, ngành liên quan soạn thảo Chiến lược ngoại "
        "giao "
        "văn hóa đến năm 2030.",
        {
            "verb": "giao",
            "issuer": None,
            "lead": "Bộ Ngoại giao",
            "coordinating": ["các bộ, ngành liên quan"],
            "deadline": None,
            "task_starts": "soạn thảo Chiến lược",
        },
    ),
    (
        "passive_assignment_with_agent_names_the_agent_as_issuer",
        "Liên hiệp các tổ chức hữu nghị Việt Nam được Thủ tướng giao nhiệm vụ làm đầu mối vận động viện trợ "
        "phi chính phủ nước ngoài.",
        {
            "issuer": "Thủ tướng",
            "lead": "Liên hiệp các tổ chức hữu nghị Việt Nam",
            "task_starts": "làm đầu mối vận động",
        },
    ),
    (
        "giao_cho_introduces_the_lead",
        "Chủ tịch nước giao cho Văn phòng Chủ tịch nước phối hợp với Bộ Ngoại giao chuẩn bị chuyến thăm cấp "
        "Nhà "
        "nước tới Cuba.",
        {
            "issuer": "Chủ tịch nước",
            "lead": "Văn phòng Chủ tịch nước",
            "coordinating": ["Bộ Ngoại giao"],
            "task_starts": "chuẩn bị chuyến thăm",
        },
    ),
    (
        "giao_nhiem_vu_cho_introduces_the_lead",
        "Hội nghị giao nhiệm vụ cho Ban Đối ngoại Trung ương tổng hợp ý kiến của các đại biểu để báo cáo Bộ "
        "Chính trị.",
        {"issuer": "Hội nghị", "lead": "Ban Đối ngoại Trung ương", "task_starts": "tổng hợp ý kiến"},
    ),
    (
        "second_of_two_predicates_keeps_the_subject_of_the_first",
        "Chủ tịch UBND huyện hoan nghênh đoàn thiện nguyện và đề nghị các thôn bố trí mặt bằng để khởi công "
        "nhà văn hóa trong tháng 5.",
        {"verb": "đề nghị", "issuer": "Chủ tịch UBND huyện", "task_starts": "bố trí mặt bằng"},
    ),
    (
        "second_predicate_after_thanks_names_the_leaders_not_their_thanks",
        "Lãnh đạo thành phố cảm ơn các nhà tài trợ và yêu cầu các phường rà soát danh sách hộ được hỗ trợ.",
        {"verb": "yêu cầu", "issuer": "Lãnh đạo thành phố", "task_starts": "rà soát danh sách"},
    ),
    (
        "a_lead_whose_name_holds_giao_still_leads",
        "Bộ Ngoại giao chủ trì, phối hợp với Ban Tuyên giáo tỉnh biên soạn tài liệu giới thiệu về tình hữu "
        "nghị Việt – Lào, hoàn thành trong quý 3/2027.",
        {"verb": "chủ trì", "lead": "Bộ Ngoại giao", "coordinating": ["Ban Tuyên giáo tỉnh"]},
    ),
    (
        "a_numbered_item_assigns_a_lead_without_partners",
        "Các cơ quan thực hiện:\n\n3. Hội Hữu nghị Việt Nam – Cuba chủ trì biên soạn kỷ yếu 65 năm quan "
        "hệ hai nước, gửi trước ngày 30/9/2027.",
        {"verb": "chủ trì", "lead": "Hội Hữu nghị Việt Nam – Cuba", "task_starts": "biên soạn kỷ yếu"},
    ),
    (
        "request_without_addressee_has_no_lead",
        "Phó Thủ tướng yêu cầu đẩy nhanh tiến độ giải ngân các khoản viện trợ đã cam kết cho đồng bào vùng "
        "lũ.",
        {"verb": "yêu cầu", "issuer": "Phó Thủ tướng", "lead": None, "task_starts": "đẩy nhanh tiến độ"},
    ),
    (
        "time_adverbial_between_verb_and_addressee_is_skipped",
        "Chủ tịch Liên hiệp đề nghị, trong năm 2026, các hội hữu nghị song phương chủ động mở rộng giao lưu "
        "với "
        "bạn bè quốc tế.",
        {"lead": "các hội hữu nghị song phương", "task_starts": "chủ động mở rộng giao lưu"},
    ),
    (
        "first_named_addressee_leads_and_groups_stay_whole",
        "Phó Chủ tịch nước đề nghị các bộ, ngành, Hội Chữ thập đỏ Việt Nam và các tổ chức nhân dân tiếp tục "
        "huy "
        "động nguồn lực giúp đồng bào vùng bão.",
        {
            "lead": "Hội Chữ thập đỏ Việt Nam",
            "coordinating": ["các bộ, ngành", "các tổ chức nhân dân"],
            "task_starts": "tiếp tục huy động",
        },
    ),
    (
        "ministry_name_with_comma_and_va_stays_one_body",
        "Thủ tướng giao Bộ Văn hóa, Thể thao và Du lịch chủ trì tổ chức Tuần Văn hóa Việt Nam tại Nhật Bản "
        "trong "
        "tháng 9/2026.",
        {
            "lead": "Bộ Văn hóa, Thể thao và Du lịch",
            "coordinating": [],
            "deadline": "2026-09",
            "task_starts": "tổ chức Tuần Văn hóa",
        },
    ),
    (
        "deadline_within_a_year_is_the_year",
        "Ban Thường vụ Tỉnh ủy giao Đảng đoàn Liên hiệp các tổ chức hữu nghị tỉnh kiện toàn bộ máy, hoàn "
        "thành "
        "trong năm 2026.",
        {"deadline": "2026", "lead": "Đảng đoàn Liên hiệp các tổ chức hữu nghị tỉnh"},
    ),
    (
        "deadline_at_the_latest_on_a_day",
        "Bộ Ngoại giao đề nghị các địa phương gửi báo cáo kết quả vận động viện trợ chậm nhất ngày "
        "15/11/2026.",
        {"deadline": "2026-11-15", "issuer": "Bộ Ngoại giao", "lead": "các địa phương"},
    ),
    (
        "deadline_written_in_words",
        "Chủ tịch UBND tỉnh yêu cầu Sở Tài chính bố trí kinh phí đối ứng trước ngày 31 tháng 3 năm 2026.",
        {"deadline": "2026-03-31", "lead": "Sở Tài chính", "task_starts": "bố trí kinh phí"},
    ),
    (
        "stated_deadline_beats_a_year_inside_the_work",
        "Sở Ngoại vụ đề nghị các xã đánh giá các dự án kết thúc trong năm 2025, báo cáo trước ngày "
        "10/1/2026.",
        {"deadline": "2026-01-10"},
    ),
    (
        "horizon_of_a_strategy_is_not_a_deadline",
        "Kết luận buổi làm việc, đồng chí Trần Cẩm Tú giao Bộ Ngoại giao chủ trì tổng kết việc thực hiện "
        "Chỉ thị "
        "số 12 và nghiên cứu soạn thảo Chiến lược đối ngoại nhân dân đến năm 2045.",
        {
            "issuer": "đồng chí Trần Cẩm Tú",
            "lead": "Bộ Ngoại giao",
            "deadline": None,
            "references": ["Chỉ thị số 12"],
            "task_has": ["Chỉ thị số 12", "Chiến lược đối ngoại nhân dân đến năm 2045"],
        },
    ),
    (
        "references_are_read_from_the_task",
        "Bộ Chính trị yêu cầu các cấp ủy sơ kết việc thực hiện Nghị quyết 22-NQ/TW và Kết luận số 12-KL/TW "
        "về hội "
        "nhập quốc tế.",
        {"references": ["Nghị quyết 22-NQ/TW", "Kết luận số 12-KL/TW"], "lead": "các cấp ủy"},
    ),
    (
        "five_year_plan_is_not_a_reference",
        "Bộ trưởng yêu cầu các vụ, cục xây dựng kế hoạch 5 năm về ngoại giao kinh tế.",
        {"references": [], "lead": "các vụ, cục"},
    ),
    (
        "assignment_of_a_deputy_minister",
        "Bộ trưởng phân công Thứ trưởng Nguyễn Minh Hằng trực tiếp theo dõi công tác bảo hộ công dân tại "
        "Trung "
        "Đông.",
        {"verb": "phân công", "lead": "Thứ trưởng Nguyễn Minh Hằng", "task_starts": "trực tiếp theo dõi"},
    ),
    (
        "emphasised_request_in_noun_form_counts",
        "Phó Thủ tướng nhấn mạnh yêu cầu các cơ quan đại diện Việt Nam ở nước ngoài chủ động nắm bắt tình "
        "hình, "
        "kịp thời bảo hộ công dân.",
        {"verb": "yêu cầu", "issuer": "Phó Thủ tướng", "lead": "các cơ quan đại diện Việt Nam ở nước ngoài"},
    ),
    (
        "subject_after_an_introductory_clause",
        "Trên tinh thần đó, Phó Chủ tịch nước đề nghị Hội Hữu nghị Việt Nam - Lào tiếp tục vun đắp tình "
        "đoàn kết "
        "đặc biệt giữa hai dân tộc.",
        {
            "issuer": "Phó Chủ tịch nước",
            "lead": "Hội Hữu nghị Việt Nam - Lào",
            "task_starts": "tiếp tục vun đắp",
        },
    ),
    (
        "subject_in_apposition",
        "Ông Nguyễn Văn Dũng, Chủ tịch UBND tỉnh Điện Biên, yêu cầu các sở, ngành sớm hoàn thành thủ tục "
        "tiếp "
        "nhận viện trợ.",
        {"issuer": "Ông Nguyễn Văn Dũng", "lead": "các sở, ngành", "task_starts": "sớm hoàn thành"},
    ),
    (
        "abbreviation_in_brackets_stays_with_the_lead",
        "Thủ tướng giao Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO) làm đầu mối tổ chức diễn đàn nhân dân "
        "ASEAN.",
        {"lead": "Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO)", "task_starts": "làm đầu mối"},
    ),
    (
        "instructions_after_a_colon",
        "Thủ tướng chỉ đạo: Khẩn trương đưa công dân ra khỏi vùng chiến sự, bảo đảm an toàn tuyệt đối.",
        {"verb": "chỉ đạo", "lead": None, "task_starts": "Khẩn trương đưa công dân"},
    ),
    (
        "plan_item_chu_tri_phoi_hop_without_other_verb",
        "Sở Ngoại vụ chủ trì, phối hợp với Sở Tư pháp hướng dẫn các xã thực hiện quy chế quản lý đoàn ra, "
        "đoàn "
        "vào.",
        {
            "verb": "chủ trì",
            "issuer": None,
            "lead": "Sở Ngoại vụ",
            "coordinating": ["Sở Tư pháp"],
            "task_starts": "hướng dẫn các xã",
        },
    ),
    (
        "uppercase_headline_verb",
        "THỦ TƯỚNG YÊU CẦU các bộ rà soát toàn bộ các dự án ODA chậm tiến độ",
        {"verb": "yêu cầu", "issuer": "THỦ TƯỚNG", "lead": "các bộ"},
    ),
    (
        "according_to_a_direction_with_a_duty",
        "Theo chỉ đạo của UBND tỉnh Điện Biên, Sở Ngoại vụ có trách nhiệm rà soát danh mục dự án viện trợ "
        "trước ngày 20/5/2026.",
        {
            "verb": "chỉ đạo",
            "issuer": "UBND tỉnh Điện Biên",
            "lead": "Sở Ngoại vụ",
            "task_starts": "rà soát danh mục",
            "deadline": "2026-05-20",
        },
    ),
    (
        "giao_before_a_board_named_ban",
        "Chủ tịch Liên hiệp giao Ban Đối ngoại tổng hợp đề xuất của các hội thành viên.",
        {"verb": "giao", "issuer": "Chủ tịch Liên hiệp", "lead": "Ban Đối ngoại", "task_starts": "tổng hợp"},
    ),
    (
        "addressee_without_a_known_verb_of_work_is_the_name_at_its_start",
        "Bộ trưởng yêu cầu Cục Lãnh sự cấp hộ chiếu cho công dân ngay trong ngày.",
        {"lead": "Cục Lãnh sự", "task_starts": "cấp hộ chiếu"},
    ),
    (
        "foreign_side_with_a_name_is_the_lead",
        "Bộ Ngoại giao đề nghị phía Campuchia tạo điều kiện cho bà con gốc Việt ổn định cuộc sống.",
        {"lead": "phía Campuchia", "task_starts": "tạo điều kiện"},
    ),
    (
        "bracketed_qualifier_stays_with_a_name",
        "Người phát ngôn yêu cầu Đài Loan (Trung Quốc) chấm dứt ngay các hoạt động trái phép.",
        {"issuer": "Người phát ngôn", "lead": "Đài Loan (Trung Quốc)", "task_starts": "chấm dứt ngay"},
    ),
    (
        "author_of_a_conclusion_is_the_issuer",
        "Văn phòng Chính phủ ra thông báo kết luận của Phó Thủ tướng yêu cầu Bộ Ngoại giao kiểm tra vụ việc.",
        {"issuer": "Phó Thủ tướng", "lead": "Bộ Ngoại giao", "task_starts": "kiểm tra vụ việc"},
    ),
    (
        "agreement_verb_before_the_trigger_is_not_part_of_the_issuer",
        "Hội nghị thống nhất giao Thường trực Liên hiệp hoàn thiện dự thảo báo cáo trình Đại hội.",
        {"issuer": "Hội nghị", "lead": "Thường trực Liên hiệp", "task_starts": "hoàn thiện dự thảo"},
    ),
    (
        "passive_subject_with_two_bodies",
        "Sở Y tế và Sở Giáo dục và Đào tạo được yêu cầu báo cáo việc sử dụng thiết bị viện trợ.",
        {
            "issuer": None,
            "lead": "Sở Y tế",
            "coordinating": ["Sở Giáo dục và Đào tạo"],
            "task_starts": "báo cáo",
        },
    ),
    (
        "brackets_inside_the_subject",
        "Đại diện tổ chức Plan (Vương quốc Anh) đề nghị tỉnh sớm cấp phép cho chuyên gia khảo sát.",
        {"issuer": "Đại diện tổ chức Plan (Vương quốc Anh)", "lead": "tỉnh", "task_starts": "sớm cấp phép"},
    ),
    (
        "close_coordination_words_are_skipped",
        "UBND tỉnh giao Sở Ngoại vụ phối hợp chặt chẽ với Bộ đội Biên phòng tỉnh tuyên truyền cho cư dân "
        "biên "
        "giới.",
        {"lead": "Sở Ngoại vụ", "coordinating": ["Bộ đội Biên phòng tỉnh"], "task_starts": "tuyên truyền"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in SINGLE], ids=[c[0] for c in SINGLE])
def test_one_directive_is_read(text: str, expected: dict[str, Any]) -> None:
    directives = directives_find(_doc(text))
    assert len(directives) == 1, directives
    _check(directives[0], expected)


# --- no directive ---------------------------------------------------------------------------------

NONE: list[tuple[str, str]] = [
    (
        "giao_in_ngoai_giao_and_giao_luu",
        "Bộ Ngoại giao tổ chức giao lưu hữu nghị với lưu học sinh Lào tại Hà Nội.",
    ),
    (
        "hosting_in_running_text_assigns_nothing",
        "Sáng 12/9, Hội Hữu nghị Việt Nam – Cuba chủ trì buổi gặp mặt kỷ niệm 65 năm quan hệ hai nước.",
    ),
    (
        "hosting_without_partners_outside_a_list_assigns_nothing",
        "Hội Hữu nghị Việt Nam – Cuba chủ trì biên soạn kỷ yếu kỷ niệm 65 năm quan hệ hai nước.",
    ),
    ("ban_giao_hands_over", "Hai bên đã bàn giao công trình trường học cho xã Mường Khương."),
    ("giao_thong", "Tình hình giao thông qua cửa khẩu Hữu Nghị vẫn thông suốt trong dịp Tết."),
    ("giao_thuong", "Kim ngạch giao thương giữa hai tỉnh biên giới tăng mạnh trong năm qua."),
    (
        "noun_requirement_and_relative_passive",
        "Các đơn vị đã đáp ứng yêu cầu, nhiệm vụ được giao trong năm 2025.",
    ),
    (
        "theo_de_nghi_cua_is_a_noun",
        "Theo đề nghị của Bộ trưởng Bộ Ngoại giao, Chủ tịch nước đã tặng Huân chương Hữu nghị cho ông "
        "Tanaka.",
    ),
    (
        "y_kien_chi_dao_is_a_noun",
        "Hội nghị đã nghe ý kiến chỉ đạo của Phó Thủ tướng về công tác người Việt Nam.",
    ),
    ("steering_committee_is_a_name", "Ban Chỉ đạo công tác thông tin đối ngoại họp phiên thứ hai."),
    ("directing_a_meeting", "Phó Chủ tịch nước dự và chỉ đạo hội nghị tổng kết công tác năm."),
    (
        "de_xuat_is_a_proposal",
        "Tham luận của các địa phương đề xuất nhiều cách làm mới trong vận động viện trợ.",
    ),
    ("appeal_is_not_an_assignment", "Bộ trưởng kêu gọi các nhà tài trợ tiếp tục đồng hành với Việt Nam."),
    (
        "can_in_a_speech_is_guidance",
        "Ông nhấn mạnh, cần nâng cao hiệu quả phối hợp liên ngành trong thời gian tới.",
    ),
    (
        "narrated_event_with_chu_tri",
        "Sáng 12/3, Sở Ngoại vụ chủ trì, phối hợp với Hội Hữu nghị Việt - Nhật tổ chức lễ kỷ niệm.",
    ),
    (
        "past_chu_tri_phoi_hop",
        "Năm 2025, Liên hiệp đã chủ trì, phối hợp với các đối tác tổ chức 40 đoàn công tác.",
    ),
    ("chi_dao_in_a_list_of_nouns", "Công tác lãnh đạo, chỉ đạo, điều hành của tỉnh ngày càng quyết liệt."),
    ("plural_requirements", "Các yêu cầu đối với đoàn ra được quy định rõ trong quy chế mới."),
    ("listed_requests_of_voters", "Nhiều ý kiến, đề nghị của cử tri đã được giải quyết dứt điểm."),
    ("land_allocation_is_handing_over", "Người dân được giao đất, giao rừng để phát triển sinh kế."),
    ("quota_allocated", "Xã Nậm Cắn được giao chỉ tiêu trồng 50 ha rừng phòng hộ."),
    ("requirement_of_the_new_period", "Đây là yêu cầu cấp thiết của giai đoạn phát triển mới."),
    ("ban_giao_ca", "Ca trực đêm đã giao ban với lãnh đạo Sở lúc 7 giờ."),
    ("heading_with_chi_dao_cho", "## Chỉ đạo cho 6 tháng cuối năm"),
    (
        "according_to_a_direction_reports_work_done",
        "Theo chỉ đạo của Thủ tướng, Bộ Ngoại giao đã đưa 300 công dân về nước an toàn.",
    ),
]


@pytest.mark.parametrize("text", [c[1] for c in NONE], ids=[c[0] for c in NONE])
def test_no_directive_is_read(text: str) -> None:
    assert directives_find(_doc(text)) == []


def test_word_layer_keeps_compounds_out() -> None:
    doc = segment_step(_doc("Đoàn đã bàn giao trang thiết bị y tế và giao lưu văn nghệ với bà con."))
    assert doc.words
    assert directives_find(doc) == []


def _with_words(text: str, words: list[str]) -> Document:
    """Return a Document whose word layer is `words`, found in order in the text."""
    doc, at = _doc(text), 0
    for word in words:
        at = text.index(word, at)
        doc.words.append((at, at + len(word)))
        at += len(word)
    return doc


def test_verb_glued_to_a_name_by_the_segmenter_is_still_the_verb() -> None:
    text = "Tỉnh ủy giao Hội Nông dân tỉnh chủ trì tổ chức đón đoàn nông dân Lào."
    words = [
        "Tỉnh ủy",
        "giao Hội",
        "Nông dân",
        "tỉnh",
        "chủ trì",
        "tổ chức",
        "đón",
        "đoàn",
        "nông dân",
        "Lào",
    ]
    (only,) = directives_find(_with_words(text, words))
    assert (only.verb, only.lead, only.task) == ("giao", "Hội Nông dân tỉnh", "tổ chức đón đoàn nông dân Lào")


def test_verb_of_work_glued_to_a_name_still_ends_the_addressees() -> None:
    text = "Sở Ngoại vụ yêu cầu UBND các xã Na Sang, Mường Phăng lập hồ sơ dự án."
    words = [
        "Sở",
        "Ngoại vụ",
        "yêu cầu",
        "UBND",
        "các",
        "xã",
        "Na Sang",
        ",",
        "Mường Phăng lập",
        "hồ sơ",
        "dự án",
    ]
    (only,) = directives_find(_with_words(text, words))
    assert (only.lead, only.task) == ("UBND các xã Na Sang, Mường Phăng", "lập hồ sơ dự án")


def test_word_layer_keeps_the_verb() -> None:
    doc = segment_step(_doc("Thủ tướng giao Bộ Ngoại giao chủ trì tổng kết công tác bảo hộ công dân."))
    directives = directives_find(doc)
    assert [(d.verb, d.lead) for d in directives] == [("giao", "Bộ Ngoại giao")]


# --- several directives ---------------------------------------------------------------------------


def test_semicolon_separates_two_assignments_with_one_issuer() -> None:
    text = (
        "Thủ tướng giao Bộ Công an chủ trì bảo đảm an ninh cho hội nghị; giao Bộ Y tế bố trí lực lượng y tế "
        "thường trực."
    )
    first, second = directives_find(_doc(text))
    assert (first.issuer, first.lead, first.task) == (
        "Thủ tướng",
        "Bộ Công an",
        "bảo đảm an ninh cho hội nghị",
    )
    assert (second.issuer, second.lead) == ("Thủ tướng", "Bộ Y tế")
    assert text[second.span[0] : second.span[1]].startswith("giao Bộ Y tế")


def test_dong_thoi_yeu_cau_starts_a_second_directive() -> None:
    text = (
        "Chủ tịch UBND tỉnh giao Sở Tài chính bố trí kinh phí đối ứng cho dự án, đồng thời yêu cầu các xã "
        "biên "
        "giới phối hợp giải phóng mặt bằng."
    )
    first, second = directives_find(_doc(text))
    assert first.task == "bố trí kinh phí đối ứng cho dự án"
    assert (second.verb, second.issuer, second.lead) == ("yêu cầu", "Chủ tịch UBND tỉnh", "các xã biên giới")


def test_trigger_inside_the_work_belongs_to_it() -> None:
    text = "Bộ trưởng yêu cầu Vụ Lễ tân nghiên cứu kỹ phương án, đề nghị cấp có thẩm quyền xem xét."
    (only,) = directives_find(_doc(text))
    assert only.task.endswith("đề nghị cấp có thẩm quyền xem xét")


def test_connective_sentences_continue_the_request() -> None:
    text = (
        "Phó Chủ tịch UBND tỉnh yêu cầu Sở Ngoại vụ theo dõi sát tiến độ các dự án viện trợ. "
        "Đồng thời, rà soát các thỏa thuận quốc tế đã ký với các địa phương nước bạn. "
        "Bên cạnh đó, tăng cường kiểm tra việc sử dụng vốn viện trợ ở cấp xã. "
        "Hội nghị kết thúc trong không khí phấn khởi."
    )
    directives = directives_find(_doc(text))
    assert [d.task.split()[0] for d in directives] == ["theo", "rà", "tăng"]
    assert {(d.issuer, d.lead, d.verb) for d in directives} == {
        ("Phó Chủ tịch UBND tỉnh", "Sở Ngoại vụ", "yêu cầu")
    }


def test_connective_sentence_with_its_own_subject_is_not_a_continuation() -> None:
    text = (
        "Bộ trưởng yêu cầu Cục Lãnh sự cấp hộ chiếu cho công dân trong ngày. "
        "Đồng thời, Đại sứ quán tại Ba Lan đã cử cán bộ ra cửa khẩu đón bà con."
    )
    assert len(directives_find(_doc(text))) == 1


def test_connective_sentence_after_a_non_directive_is_not_a_directive() -> None:
    text = "Đoàn đã thăm trường học do tổ chức Plan tài trợ. Đồng thời, tăng cường trao đổi với thầy cô giáo."
    assert directives_find(_doc(text)) == []


def test_directive_span_covers_its_sentence() -> None:
    text = "Hội nghị khai mạc sáng nay. Tại hội nghị, Bộ trưởng đề nghị các đại sứ nắm chắc tình hình sở tại."
    (only,) = directives_find(_doc(text))
    assert text[only.span[0] : only.span[1]] == (
        "Tại hội nghị, Bộ trưởng đề nghị các đại sứ nắm chắc tình hình sở tại"
    )


def test_subjectless_request_takes_the_issuer_of_the_sentence_before() -> None:
    text = (
        "Thứ trưởng giao Vụ Châu Âu chuẩn bị nội dung hội đàm. "
        "Trên cơ sở đó, yêu cầu Vụ Tổng hợp kinh tế đề xuất các dự án hợp tác cụ thể."
    )
    _first, second = directives_find(_doc(text))
    assert second.issuer == "Thứ trưởng" and second.lead == "Vụ Tổng hợp kinh tế"


# --- names from the other layers ------------------------------------------------------------------

TU = ("Trần Cẩm Tú", ["Ủy viên Bộ Chính trị", "Thường trực Ban Bí thư"], ["Trần Cẩm Tú"])
TRUNG = ("Lê Hoài Trung", ["Bộ trưởng Bộ Ngoại giao"], ["Lê Hoài Trung"])

WITH_LAYERS: list[tuple[str, str, Layers, dict[str, Any]]] = [
    (
        "person_named_in_the_subject",
        "Thường trực Ban Bí thư Trần Cẩm Tú giao Bộ Ngoại giao sơ kết việc thực hiện Chỉ thị số 12.",
        Layers(people=[TU]),
        {"issuer": "Trần Cẩm Tú", "lead": "Bộ Ngoại giao"},
    ),
    (
        "bare_title_is_the_person_who_holds_it",
        "Đồng chí Trần Cẩm Tú dự hội nghị. Thường trực Ban Bí thư yêu cầu các cấp ủy quan tâm công tác đối "
        "ngoại "
        "nhân dân.",
        Layers(people=[TU]),
        {"issuer": "Trần Cẩm Tú", "lead": "các cấp ủy"},
    ),
    (
        "bare_title_prefix_is_the_person_who_holds_it",
        "Tại buổi tiếp, Bộ trưởng Lê Hoài Trung đánh giá cao dự án. Bộ trưởng đề nghị hai bên sớm ký kết "
        "thỏa "
        "thuận.",
        Layers(people=[TRUNG]),
        {"issuer": "Lê Hoài Trung", "lead": "hai bên"},
    ),
    (
        "pronoun_is_the_person_last_named",
        "Đại sứ Yamada Takio chào từ biệt Bộ trưởng Lê Hoài Trung. Ông đề nghị phía Nhật Bản tiếp tục hỗ trợ "
        "đào tạo nguồn nhân lực.",
        Layers(people=[TRUNG, ("Yamada Takio", ["Đại sứ"], ["Yamada Takio"])]),
        {"issuer": "Lê Hoài Trung", "lead": "phía Nhật Bản"},
    ),
    (
        "organization_mentions_give_full_names",
        "UBND tỉnh Lào Cai giao Sở Ngoại vụ chủ trì, phối hợp với BĐBP tỉnh tổ chức giao lưu hữu nghị biên "
        "giới.",
        Layers(
            orgs=[
                ("Ủy ban nhân dân tỉnh Lào Cai", ["UBND tỉnh Lào Cai"]),
                ("Sở Ngoại vụ tỉnh Lào Cai", ["Sở Ngoại vụ"]),
                ("Bộ đội Biên phòng tỉnh Lào Cai", ["BĐBP tỉnh"]),
            ]
        ),
        {
            "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
            "lead": "Sở Ngoại vụ tỉnh Lào Cai",
            "coordinating": ["Bộ đội Biên phòng tỉnh Lào Cai"],
            "task_starts": "tổ chức giao lưu",
        },
    ),
    (
        "organization_mention_keeps_lower_case_words_in_the_lead",
        "Bộ Ngoại giao đề nghị Liên hiệp các tổ chức hữu nghị tỉnh Nghệ An tổ chức đón đoàn thanh niên Lào.",
        Layers(
            orgs=[
                (
                    "Liên hiệp các tổ chức hữu nghị tỉnh Nghệ An",
                    ["Liên hiệp các tổ chức hữu nghị tỉnh Nghệ An"],
                )
            ]
        ),
        {"lead": "Liên hiệp các tổ chức hữu nghị tỉnh Nghệ An", "task_starts": "tổ chức đón đoàn"},
    ),
    (
        "date_without_year_takes_the_publication_year",
        "Giám đốc Sở yêu cầu các phòng nộp báo cáo trước ngày 15/4.",
        Layers(published=dt.date(2026, 2, 1)),
        {"deadline": "2026-04-15"},
    ),
]


@pytest.mark.parametrize(
    ("text", "layers", "expected"), [c[1:] for c in WITH_LAYERS], ids=[c[0] for c in WITH_LAYERS]
)
def test_other_layers_name_issuer_and_bodies(text: str, layers: Layers, expected: dict[str, Any]) -> None:
    directives = directives_find(_doc(text, layers))
    assert len(directives) == 1, directives
    _check(directives[0], expected)


def test_pronoun_far_from_any_name_stays_as_written() -> None:
    text = (
        "Bộ trưởng Lê Hoài Trung dự lễ khai mạc. Triển lãm trưng bày 200 hiện vật. Khách tham quan rất đông. "
        "Nhiều trường học đăng ký. Buổi chiều trời mưa. Ông đề nghị các đơn vị giữ gìn hiện vật."
    )
    (only,) = directives_find(_doc(text, Layers(people=[TRUNG])))
    assert only.issuer == "Ông"


def test_deadline_comes_from_the_dates_layer_end_of_period() -> None:
    text = "Bộ trưởng yêu cầu Cục Ngoại vụ hoàn thành đề án trong giai đoạn 2026-2028."
    doc = _doc(text)
    written = "giai đoạn 2026-2028"
    start = text.index(written)
    doc.dates.append(DateMention(text=written, date="2026/2028", span=(start, start + len(written))))
    (only,) = directives_find(doc)
    assert only.deadline == "2028"


def test_deadline_from_the_dates_layer_may_include_the_cue() -> None:
    text = "Bộ trưởng yêu cầu Cục Lãnh sự nộp báo cáo trước ngày 30/6/2026, không để chậm trễ."
    doc = _doc(text)
    written = "trước ngày 30/6/2026"
    start = text.index(written)
    doc.dates.append(DateMention(text=written, date="../2026-06-30", span=(start, start + len(written))))
    (only,) = directives_find(doc)
    assert only.deadline == "2026-06-30"


def test_start_of_an_open_period_is_not_a_deadline() -> None:
    text = "UBND tỉnh yêu cầu các xã áp dụng quy trình mới từ ngày 1/7/2026."
    assert directives_find(_doc(text))[0].deadline is None


def test_references_come_from_the_references_layer_when_present() -> None:
    text = "Ban Bí thư yêu cầu các tỉnh ủy quán triệt Chỉ thị 12 và Quy định 05 trong toàn Đảng bộ."
    doc = _doc(text)
    start = text.index("Chỉ thị 12")
    doc.references.append(Reference("Chỉ thị 12", "chỉ thị", "12", None, (start, start + len("Chỉ thị 12"))))
    (only,) = directives_find(doc)
    assert only.references == ["Chỉ thị 12"]


def test_directives_step_fills_the_layer() -> None:
    doc = directives_step(_doc("Thủ tướng yêu cầu Bộ Ngoại giao khẩn trương bảo hộ công dân."))
    assert [d.lead for d in doc.directives] == ["Bộ Ngoại giao"]


# --- end to end -----------------------------------------------------------------------------------


def test_pipeline_reads_the_assignment_of_a_review_and_a_strategy() -> None:
    text = (
        "(TTXVN) - Chiều 20/1, Thường trực Ban Bí thư Trần Cẩm Tú làm việc với Bộ Ngoại giao.\n\n"
        "Kết luận buổi làm việc, Thường trực Ban Bí thư giao Bộ Ngoại giao chủ trì, phối hợp với các cơ quan "
        "liên quan tổng kết việc thực hiện Chỉ thị số 12 của Ban Bí thư và xây dựng Chiến lược đối ngoại "
        "nhân "
        "dân đến năm 2045, trình Ban Bí thư trong quý III/2026.\n"
    )
    doc = analyze_text(text)
    to_ministry = [d for d in doc.directives if d.lead and fold_key(d.lead) == "bo ngoai giao"]
    assert len(to_ministry) == 1, doc.directives
    directive = to_ministry[0]
    assert (
        "Chỉ thị số 12" in directive.task and "Chiến lược đối ngoại nhân dân đến năm 2045" in directive.task
    )
    assert directive.deadline == "2026-Q3"
    assert directive.coordinating == ["các cơ quan liên quan"]
    assert directive.issuer is not None and fold_key(directive.issuer) in {
        "tran cam tu",
        "thuong truc ban bi thu",
    }


def test_pipeline_names_a_minister_and_skips_compounds() -> None:
    text = (
        "Bộ trưởng Bộ Ngoại giao Lê Hoài Trung tiếp đoàn đại biểu Hội Hữu nghị Nhật - Việt.\n"
        "Bộ trưởng đề nghị Hội tiếp tục thúc đẩy giao lưu nhân dân, nhất là giữa thanh niên hai nước.\n"
    )
    doc = analyze_text(text)
    assert len(doc.directives) == 1, doc.directives
    assert doc.directives[0].verb == "đề nghị"
    assert doc.directives[0].task.startswith("tiếp tục thúc đẩy giao lưu")


# --- properties -----------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "giao", "yêu cầu", "đề nghị", "chỉ đạo", "phân công", "chủ trì", "phối hợp với", "được", "cho",
        "Bộ Ngoại giao", "các", "Sở", "UBND tỉnh", "Ông", "nhiệm vụ", "trước ngày 31/3/2026",
        "trong quý IV/2026", "Chỉ thị số 12", "Đồng thời", ",", ";", ":", ".", "(", ")", "“", "”", "\n",
        " ", "và", "tổ chức", "ngày 40/13", "quý", "năm", "2026", "xây dựng", "Thủ tướng", "đồng chí",
        "theo", "nói",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join))
def test_never_raises_and_spans_stay_inside_on_directive_like_text(text: str) -> None:
    _spans_are_sound(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_spans_stay_inside_on_any_text(text: str) -> None:
    _spans_are_sound(text)


def _spans_are_sound(text: str) -> None:
    doc = Document(text=text, published=dt.date(2026, 1, 1), sentences=sentences_split(text))
    for directive in directives_find(doc):
        start, end = directive.span
        assert 0 <= start <= end <= len(text)
        assert directive.task and directive.task in text[start:end]
        assert directive.verb


# Sentences cut by a hard line break, as conclusions pasted from Word or PDF arrive: the task
# keeps the deadline written after the break.
WRAPPED_DEADLINES = [
    (
        "Bộ trưởng yêu cầu Sở Ngoại vụ tỉnh Quảng Trị xây dựng kế hoạch đón đoàn,\n"
        "hoàn thành trước ngày 30/6/2026.",
        "2026-06-30",
    ),
    (
        "Giao Liên hiệp các tổ chức hữu nghị tỉnh Nghệ An chủ trì tổ chức hội nghị\ntrước ngày 15/9/2026.",
        "2026-09-15",
    ),
    ("Giao Sở Ngoại vụ chủ trì tổng kết, báo cáo Thủ tướng trước ngày\n30/11/2026.", "2026-11-30"),
    (
        "Thứ trưởng đề nghị Hội hữu nghị Việt Nam - Lào\nrà soát các thỏa thuận hợp tác,\n"
        "gửi báo cáo chậm nhất ngày 10/10/2026.",
        "2026-10-10",
    ),
    (
        "Ủy ban nhân dân tỉnh Cao Bằng giao Sở Tài chính phối hợp với các tổ chức phi chính phủ\r\n"
        "hoàn thiện hồ sơ dự án trong quý III/2026.",
        "2026-Q3",
    ),
]


@pytest.mark.parametrize(("text", "deadline"), WRAPPED_DEADLINES)
def test_a_task_cut_by_a_line_break_keeps_its_deadline(text: str, deadline: str) -> None:
    doc = analyze_text(text)
    assert [d.deadline for d in doc.directives] == [deadline]
    (directive,) = doc.directives
    assert doc.text[directive.span[0] : directive.span[1]].endswith(directive.task)


def test_a_line_break_before_a_capitalised_line_or_a_list_item_still_ends_the_task() -> None:
    text = (
        "KẾT LUẬN CỦA THỨ TRƯỞNG\n"
        "Giao Sở Ngoại vụ chủ trì xây dựng kế hoạch\n"
        "- hạn chót 30/6/2026 đối với kế hoạch năm\n"
        "Văn phòng tổng hợp ý kiến trước ngày 15/7/2026."
    )
    doc = analyze_text(text)
    (directive,) = doc.directives
    assert directive.task == "xây dựng kế hoạch"
    assert directive.deadline is None


NOTICE = (
    "Thông báo kết luận của Phó Chủ tịch UBND tỉnh tại buổi làm việc về công tác đối ngoại nhân dân\n\n"
    "Các sở, ngành triển khai các việc sau:\n\n"
    "1. Sở Ngoại vụ chủ trì, phối hợp với Sở Tài chính rà soát các khoản viện trợ chưa giải ngân, báo "
    "cáo trước ngày 15/8/2027.\n\n"
    "2. Liên hiệp các tổ chức hữu nghị tỉnh chủ trì xây dựng kế hoạch giao lưu nhân dân năm 2028.\n"
)


def test_the_numbered_tasks_of_a_notice_of_conclusions_are_issued_by_who_concluded() -> None:
    directives = directives_find(_doc(NOTICE))
    assert [(d.issuer, d.lead) for d in directives] == [
        ("Phó Chủ tịch UBND tỉnh", "Sở Ngoại vụ"),
        ("Phó Chủ tịch UBND tỉnh", "Liên hiệp các tổ chức hữu nghị tỉnh"),
    ]
    assert directives[0].coordinating == ["Sở Tài chính"]
    assert directives[1].task.startswith("xây dựng kế hoạch")


def test_a_title_naming_no_author_of_conclusions_leaves_the_issuer_unknown() -> None:
    text = NOTICE.replace("Thông báo kết luận của Phó Chủ tịch UBND tỉnh tại", "Kế hoạch triển khai sau")
    assert {d.issuer for d in directives_find(_doc(text))} == {None}
