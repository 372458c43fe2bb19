from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doingoai.analysis import analyze_text
from doingoai.analysis.document import Document, Organization
from doingoai.analysis.organizations import ORGANIZATION_KINDS, organizations_step
from doingoai.analysis.text import tone_key


def _organizations(text: str) -> list[Organization]:
    return analyze_text(text).organizations


def _find(orgs: list[Organization], name: str) -> Organization | None:
    return next((o for o in orgs if tone_key(o.name) == tone_key(name)), None)


def _found_written(text: str, name: str) -> tuple[Organization, list[str]]:
    """Return the organization `name` found in `text`, and the words each of its mentions covers."""
    doc = analyze_text(text)
    found = _find(doc.organizations, name)
    assert found is not None, [o.name for o in doc.organizations]
    return found, [doc.text[s:e] for s, e in found.spans]


# (sentence, full name, kind, country, the mentions' words)
FOUND = [
    (
        "Sáng 12/3, Bộ Ngoại giao tổ chức họp báo thường kỳ về tình hình khu vực.",
        "Bộ Ngoại giao",
        "ministry",
        None,
        ["Bộ Ngoại giao"],
    ),
    (
        "Bộ Chính trị và Ban Bí thư đã cho ý kiến về đề án.",
        "Bộ Chính trị",
        "party",
        None,
        ["Bộ Chính trị"],
    ),
    (
        "Bộ Chính trị và Ban Bí thư đã cho ý kiến về đề án.",
        "Ban Bí thư",
        "party",
        None,
        ["Ban Bí thư"],
    ),
    (
        "Đoàn công tác của Ban Đối ngoại Trung ương đã làm việc tại tỉnh.",
        "Ban Đối ngoại Trung ương",
        "party",
        None,
        ["Ban Đối ngoại Trung ương"],
    ),
    (
        "Văn bản gửi Văn phòng Trung ương Đảng trước ngày 15/4.",
        "Văn phòng Trung ương Đảng",
        "party",
        None,
        ["Văn phòng Trung ương Đảng"],
    ),
    (
        "Hội nghị lần thứ 12 Ban Chấp hành Trung ương Đảng khóa XIII bế mạc.",
        "Ban Chấp hành Trung ương Đảng",
        "party",
        None,
        ["Ban Chấp hành Trung ương Đảng"],
    ),
    (
        "Ủy ban Đối ngoại của Quốc hội thẩm tra báo cáo của Chính phủ.",
        "Ủy ban Đối ngoại của Quốc hội",
        "state",
        None,
        ["Ủy ban Đối ngoại của Quốc hội"],
    ),
    (
        "Ủy ban Đối ngoại của Quốc hội thẩm tra báo cáo của Chính phủ.",
        "Chính phủ",
        "state",
        None,
        ["Chính phủ"],
    ),
    (
        "UBND tỉnh Quảng Trị vừa phê duyệt danh mục dự án viện trợ năm 2026.",
        "Ủy ban nhân dân tỉnh Quảng Trị",
        "province-body",
        None,
        ["UBND tỉnh Quảng Trị"],
    ),
    (
        "Uỷ ban nhân dân tỉnh Quảng Trị giao Sở Tài chính thẩm định hồ sơ.",
        "Ủy ban nhân dân tỉnh Quảng Trị",
        "province-body",
        None,
        ["Uỷ ban nhân dân tỉnh Quảng Trị"],
    ),
    (
        "HĐND TP Hà Nội thông qua nghị quyết về hợp tác quốc tế.",
        "Hội đồng nhân dân thành phố Hà Nội",
        "province-body",
        None,
        ["HĐND TP Hà Nội"],
    ),
    (
        "Sở Ngoại vụ tỉnh Nghệ An phối hợp đón đoàn công tác của tỉnh Xiêng Khoảng.",
        "Sở Ngoại vụ tỉnh Nghệ An",
        "province-body",
        None,
        ["Sở Ngoại vụ tỉnh Nghệ An"],
    ),
    (
        "Sở Ngoại vụ TP.HCM cho biết thành phố sẽ đón 20 đoàn khách quốc tế.",
        "Sở Ngoại vụ thành phố Hồ Chí Minh",
        "province-body",
        None,
        ["Sở Ngoại vụ TP.HCM"],
    ),
    (
        "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị trao 50 suất học bổng.",
        "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị",
        "province-body",
        None,
        ["Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị"],
    ),
    (
        "Tỉnh ủy Quảng Trị ban hành kế hoạch thực hiện nghị quyết.",
        "Tỉnh ủy Quảng Trị",
        "province-body",
        None,
        ["Tỉnh ủy Quảng Trị"],
    ),
    (
        "Thường trực Thành ủy Hà Nội làm việc với các sở, ngành.",
        "Thành ủy Hà Nội",
        "province-body",
        None,
        ["Thành ủy Hà Nội"],
    ),
    (
        "Ủy ban MTTQ Việt Nam tỉnh Quảng Trị phát động ủng hộ đồng bào vùng lũ.",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Trị",
        "province-body",
        None,
        ["Ủy ban MTTQ Việt Nam tỉnh Quảng Trị"],
    ),
    (
        "Hội Nông dân tỉnh Nghệ An tập huấn kỹ thuật cho hội viên.",
        "Hội Nông dân tỉnh Nghệ An",
        "province-body",
        None,
        ["Hội Nông dân tỉnh Nghệ An"],
    ),
    (
        "Đảng ủy Bộ Ngoại giao triển khai nhiệm vụ năm 2026.",
        "Đảng ủy Bộ Ngoại giao",
        "party",
        None,
        ["Đảng ủy Bộ Ngoại giao"],
    ),
    (
        "Văn phòng UBND tỉnh Quảng Trị tổng hợp ý kiến các sở.",
        "Văn phòng Ủy ban nhân dân tỉnh Quảng Trị",
        "other",
        None,
        ["Văn phòng UBND tỉnh Quảng Trị"],
    ),
    (
        "Đại diện MTTQ Việt Nam và các đoàn thể cùng dự.",
        "Mặt trận Tổ quốc Việt Nam",
        "fatherland-front",
        None,
        ["MTTQ Việt Nam"],
    ),
    (
        "Các tổ chức thành viên của Mặt trận Tổ quốc đã vào cuộc.",
        "Mặt trận Tổ quốc Việt Nam",
        "fatherland-front",
        None,
        ["Mặt trận Tổ quốc"],
    ),
    (
        "Uỷ ban Trung ương MTTQ Việt Nam tiếp nhận 5 tỷ đồng ủng hộ.",
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "fatherland-front",
        None,
        ["Uỷ ban Trung ương MTTQ Việt Nam"],
    ),
    (
        "Bộ Văn hóa, Thể thao và Du lịch chủ trì Tuần Văn hóa Việt Nam tại Lào.",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "ministry",
        None,
        ["Bộ Văn hóa, Thể thao và Du lịch"],
    ),
    (
        "Theo Bộ Kế hoạch và Đầu tư, vốn ODA giải ngân đạt 60%.",
        "Bộ Kế hoạch và Đầu tư",
        "ministry",
        None,
        ["Bộ Kế hoạch và Đầu tư"],
    ),
    (
        "Hồ sơ được gửi Bộ KH&ĐT để thẩm định.",
        "Bộ Kế hoạch và Đầu tư",
        "ministry",
        None,
        ["Bộ KH&ĐT"],
    ),
    (
        "Bộ Lao động - Thương binh và Xã hội và Bộ Y tế phối hợp thực hiện.",
        "Bộ Lao động – Thương binh và Xã hội",
        "ministry",
        None,
        ["Bộ Lao động - Thương binh và Xã hội"],
    ),
    (
        "Cục Lễ tân Nhà nước chuẩn bị lễ đón chính thức.",
        "Cục Lễ tân Nhà nước",
        "ministry",
        None,
        ["Cục Lễ tân Nhà nước"],
    ),
    (
        "Vụ Thông tin Báo chí cấp thẻ cho phóng viên nước ngoài.",
        "Vụ Thông tin báo chí",
        "ministry",
        None,
        ["Vụ Thông tin Báo chí"],
    ),
    (
        "Ủy ban Nhà nước về người Việt Nam ở nước ngoài tổ chức Xuân Quê hương.",
        "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
        "ministry",
        None,
        ["Ủy ban Nhà nước về người Việt Nam ở nước ngoài"],
    ),
    (
        "Văn bản của BNG nêu rõ lịch trình chuyến thăm.",
        "Bộ Ngoại giao",
        "ministry",
        None,
        ["BNG"],
    ),
    (
        "Hội hữu nghị Việt Nam – Nhật Bản tổ chức giao lưu văn hóa.",
        "Hội hữu nghị Việt Nam – Nhật Bản",
        "friendship-union",
        None,
        ["Hội hữu nghị Việt Nam – Nhật Bản"],
    ),
    (
        "Hội Hữu nghị Việt - Lào tỉnh Nghệ An trao quà cho lưu học sinh.",
        "Hội Hữu nghị Việt – Lào tỉnh Nghệ An",
        "friendship-union",
        None,
        ["Hội Hữu nghị Việt - Lào tỉnh Nghệ An"],
    ),
    (
        "Hội Việt Nam – Hàn Quốc vừa ra mắt chi hội mới.",
        "Hội Việt Nam – Hàn Quốc",
        "friendship-union",
        None,
        ["Hội Việt Nam – Hàn Quốc"],
    ),
    (
        "Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO) ký thỏa thuận với đối tác. VUFO cam kết đồng hành.",
        "Liên hiệp các tổ chức hữu nghị Việt Nam",
        "friendship-union",
        None,
        ["Liên hiệp các tổ chức hữu nghị Việt Nam", "VUFO", "VUFO"],
    ),
    (
        "Liên hiệp các tổ chức hữu nghị Việt Nam tiếp đoàn. Lãnh đạo Liên hiệp cảm ơn các đối tác.",
        "Liên hiệp các tổ chức hữu nghị Việt Nam",
        "friendship-union",
        None,
        ["Liên hiệp các tổ chức hữu nghị Việt Nam", "Liên hiệp"],
    ),
    (
        "Quỹ Hòa bình và Phát triển Việt Nam trao 200 suất quà Tết.",
        "Quỹ Hòa bình và Phát triển Việt Nam",
        "friendship-union",
        None,
        ["Quỹ Hòa bình và Phát triển Việt Nam"],
    ),
    (
        "Tổng Liên đoàn Lao động Việt Nam và Hội Liên hiệp Phụ nữ Việt Nam ký chương trình phối hợp.",
        "Hội Liên hiệp Phụ nữ Việt Nam",
        "mass-organization",
        None,
        ["Hội Liên hiệp Phụ nữ Việt Nam"],
    ),
    (
        "Tổng Liên đoàn Lao động Việt Nam và Hội Liên hiệp Phụ nữ Việt Nam ký chương trình phối hợp.",
        "Tổng Liên đoàn Lao động Việt Nam",
        "mass-organization",
        None,
        ["Tổng Liên đoàn Lao động Việt Nam"],
    ),
    (
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh phát động chiến dịch tình nguyện hè.",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        "mass-organization",
        None,
        ["Đoàn Thanh niên Cộng sản Hồ Chí Minh"],
    ),
    (
        "Hội Cựu chiến binh Việt Nam và Hội Chữ thập đỏ Việt Nam cùng tham gia.",
        "Hội Cựu chiến binh Việt Nam",
        "mass-organization",
        None,
        ["Hội Cựu chiến binh Việt Nam"],
    ),
    (
        "Lãnh đạo tỉnh tiếp đoàn tổ chức phi chính phủ Hướng Thiện (Nhật Bản) sang khảo sát dự án.",
        "Hướng Thiện",
        "foreign-ngo",
        "Nhật Bản",
        ["Hướng Thiện"],
    ),
    (
        "Đoàn công tác của tổ chức Good Neighbors International (Hàn Quốc) thăm trường học.",
        "Good Neighbors International",
        "foreign-ngo",
        "Hàn Quốc",
        ["Good Neighbors International"],
    ),
    (
        "Tổ chức Tầm nhìn Thế giới (World Vision) tài trợ 2 tỷ đồng; World Vision cũng hỗ trợ nước sạch.",
        "Tổ chức Tầm nhìn Thế giới",
        "foreign-ngo",
        None,
        ["Tổ chức Tầm nhìn Thế giới", "World Vision", "World Vision"],
    ),
    (
        "Năm nay Plan International và Oxfam đã hỗ trợ 12 xã miền núi.",
        "Plan International",
        "foreign-ngo",
        None,
        ["Plan International"],
    ),
    (
        "Quỹ Châu Á hỗ trợ chương trình nâng cao năng lực cho cán bộ địa phương.",
        "Quỹ Châu Á",
        "foreign-ngo",
        "Hoa Kỳ",
        ["Quỹ Châu Á"],
    ),
    (
        "Đại diện KOICA cho biết dự án sẽ hoàn thành trong năm 2027.",
        "Cơ quan Hợp tác Quốc tế Hàn Quốc",
        "foreign-government",
        "Hàn Quốc",
        ["KOICA"],
    ),
    (
        "JICA và UNICEF cùng tài trợ cho chương trình dinh dưỡng học đường.",
        "Quỹ Nhi đồng Liên hợp quốc",
        "international-organization",
        None,
        ["UNICEF"],
    ),
    (
        "Đại sứ quán Nhật Bản tại Việt Nam trao tài trợ cho dự án trường học.",
        "Đại sứ quán Nhật Bản tại Việt Nam",
        "foreign-government",
        "Nhật Bản",
        ["Đại sứ quán Nhật Bản tại Việt Nam"],
    ),
    (
        "Bộ Ngoại giao Hàn Quốc và Chính phủ Lào đã gửi điện chúc mừng.",
        "Chính phủ Lào",
        "foreign-government",
        "Lào",
        ["Chính phủ Lào"],
    ),
    (
        "Đoàn đại biểu Đảng Nhân dân Cách mạng Lào thăm làm việc tại Việt Nam.",
        "Đảng Nhân dân Cách mạng Lào",
        "party",
        None,
        ["Đảng Nhân dân Cách mạng Lào"],
    ),
    (
        "Viện Nghiên cứu Đông Nam Á công bố báo cáo thường niên.",
        "Viện Nghiên cứu Đông Nam Á",
        "other",
        None,
        ["Viện Nghiên cứu Đông Nam Á"],
    ),
    (
        "Đoàn y bác sĩ Bệnh viện Đa khoa khu vực Cầu Ngang khám bệnh cho 300 người dân.",
        "Bệnh viện Đa khoa khu vực Cầu Ngang",
        "province-body",
        None,
        ["Bệnh viện Đa khoa khu vực Cầu Ngang"],
    ),
    (
        "Sinh viên Trường Đại học Ngoại thương tham gia tiếp đón đoàn.",
        "Trường Đại học Ngoại thương",
        "other",
        None,
        ["Trường Đại học Ngoại thương"],
    ),
    (
        "Đảng ta luôn coi trọng công tác đối ngoại nhân dân.",
        "Đảng Cộng sản Việt Nam",
        "party",
        None,
        ["Đảng"],
    ),
    # the kind of the body in lower case, then the place it serves
    (
        "Bệnh nhân được đưa vào Bệnh viện đa khoa Lâm Đồng cấp cứu.",
        "Bệnh viện đa khoa Lâm Đồng",
        "other",
        None,
        ["Bệnh viện đa khoa Lâm Đồng"],
    ),
    (
        "Trung tâm kiểm soát bệnh tật tỉnh Gia Lai lấy mẫu xét nghiệm.",
        "Trung tâm kiểm soát bệnh tật tỉnh Gia Lai",
        "other",
        None,
        ["Trung tâm kiểm soát bệnh tật tỉnh Gia Lai"],
    ),
    (
        "Trung tâm y tế huyện Đông Anh thông báo lịch tiêm.",
        "Trung tâm y tế huyện Đông Anh",
        "other",
        None,
        ["Trung tâm y tế huyện Đông Anh"],
    ),
    # a campus is a site of the body: the mention runs over it, the name stays
    (
        "Hai ca mới đang điều trị tại Bệnh viện Bạch Mai cơ sở 2.",
        "Bệnh viện Bạch Mai",
        "other",
        None,
        ["Bệnh viện Bạch Mai cơ sở 2"],
    ),
    # a body named after the former district it served
    (
        "Các ca bệnh được chuyển đến Bệnh viện dã chiến Thủ Đức trong đêm.",
        "Bệnh viện dã chiến Thủ Đức",
        "other",
        None,
        ["Bệnh viện dã chiến Thủ Đức"],
    ),
    # a hospital's department, a health station and an airline, their head often in lower case
    (
        "Hai bác sĩ khoa Hồi sức của bệnh viện đã khỏi bệnh.",
        "Khoa Hồi sức",
        "other",
        None,
        ["khoa Hồi sức"],
    ),
    (
        "Trạm Y tế xã Tân Lập, tỉnh Phú Thọ tiêm vắc xin cho trẻ.",
        "Trạm Y tế xã Tân Lập",
        "province-body",
        None,
        ["Trạm Y tế xã Tân Lập"],
    ),
    (
        "Chuyến bay của hãng hàng không Qantas hạ cánh an toàn.",
        "Hãng hàng không Qantas",
        "other",
        None,
        ["hãng hàng không Qantas"],
    ),
    # a foreign name ending in a word for a company
    (
        "Hành khách đi chuyến bay của Japan Airlines về Nội Bài.",
        "Japan Airlines",
        "other",
        None,
        ["Japan Airlines"],
    ),
    # a verb and a direction word after a name do not carry it on to a place
    (
        "Công ty Minh Long mở rộng sang Bình Định năm nay.",
        "Công ty Minh Long",
        "other",
        None,
        ["Công ty Minh Long"],
    ),
    (
        "Sinh viên học ở Trường Đại học Thủy lợi cơ sở số 3 từ năm ngoái.",
        "Trường Đại học Thủy lợi",
        "other",
        None,
        ["Trường Đại học Thủy lợi cơ sở số 3"],
    ),
    # Forums and firms known by their names, the abbreviation of a forum kept for later mentions.
    (
        "Diễn đàn Hợp tác Á – Âu (ASEM) họp tại Brussels; ASEM thông qua tuyên bố chung.",
        "Diễn đàn Hợp tác Á – Âu",
        "other",
        None,
        ["Diễn đàn Hợp tác Á – Âu", "ASEM", "ASEM"],
    ),
    (
        "Hãng Qatar Airways mở đường bay tới Đà Nẵng.",
        "Hãng Qatar Airways",
        "other",
        None,
        ["Hãng Qatar Airways"],
    ),
    # Bodies the news names by a short name alone, with no full name anywhere in the text.
    (
        "Phát ngôn viên NATO nói khối này sẽ nhóm họp tại Brussels vào tuần tới.",
        "Tổ chức Hiệp ước Bắc Đại Tây Dương",
        "international-organization",
        None,
        ["NATO"],
    ),
    (
        "Giá dầu thô tăng vọt sau khi OPEC quyết định giảm sản lượng khai thác.",
        "Tổ chức các nước xuất khẩu dầu mỏ",
        "international-organization",
        None,
        ["OPEC"],
    ),
    (
        "Bộ trưởng tài chính các nước G20 bàn về gánh nặng nợ công.",
        "Nhóm các nền kinh tế phát triển và mới nổi hàng đầu",
        "international-organization",
        None,
        ["G20"],
    ),
    (
        "Hezbollah phủ nhận có liên quan tới vụ nổ ở ngoại ô thủ đô.",
        "Phong trào Hezbollah",
        "other",
        "Liban",
        ["Hezbollah"],
    ),
    (
        "Nhóm vũ trang IS đã nhận là thủ phạm vụ đánh bom hôm qua.",
        "Nhà nước Hồi giáo tự xưng",
        "other",
        None,
        ["IS"],
    ),
    (
        "Đội tuyển nữ được FIFA xếp thứ 37 thế giới trong tháng này.",
        "Liên đoàn Bóng đá quốc tế",
        "other",
        None,
        ["FIFA"],
    ),
    # The boards of a provincial party committee, with or without the province.
    (
        "Chiều 5/8, Ban Thường vụ Tỉnh ủy đã nghe báo cáo về công tác đối ngoại.",
        "Ban Thường vụ Tỉnh ủy",
        "party",
        None,
        ["Ban Thường vụ Tỉnh ủy"],
    ),
    (
        "Năm nay Ban Đối ngoại Tỉnh ủy chủ trì đón ba đoàn của tỉnh bạn.",
        "Ban Đối ngoại Tỉnh ủy",
        "party",
        None,
        ["Ban Đối ngoại Tỉnh ủy"],
    ),
    (
        "Đại diện Ban Đối ngoại Tỉnh ủy Thanh Hóa đã tặng hoa chúc mừng.",
        "Ban Đối ngoại Tỉnh ủy Thanh Hóa",
        "party",
        None,
        ["Ban Đối ngoại Tỉnh ủy Thanh Hóa"],
    ),
    # A prefecture of China ("châu") ends the name of its bodies, as a province does.
    (
        "Đoàn đại biểu Liên hiệp Phụ nữ châu Văn Sơn sang giao lưu với phụ nữ Hà Giang.",
        "Liên hiệp Phụ nữ châu Văn Sơn",
        "province-body",
        "Trung Quốc",
        ["Liên hiệp Phụ nữ châu Văn Sơn"],
    ),
    (
        "Hội nghị có sự tham dự của Hội Doanh nhân trẻ châu Á và nhiều đối tác.",
        "Hội Doanh nhân trẻ châu Á",
        "other",
        None,
        ["Hội Doanh nhân trẻ châu Á"],
    ),
    # A name stating the cause it serves after "vì", with or without a head word.
    (
        "Năm nay đoàn Cựu chiến binh vì Hòa bình trở lại Quảng Trị lần thứ năm.",
        "Cựu chiến binh vì Hòa bình",
        "other",
        None,
        ["Cựu chiến binh vì Hòa bình"],
    ),
    (
        "Các tình nguyện viên Kỹ sư vì Cộng đồng đã sửa xong cây cầu.",
        "Kỹ sư vì Cộng đồng",
        "other",
        None,
        ["Kỹ sư vì Cộng đồng"],
    ),
    (
        "Tại buổi lễ, Tổ chức Nhà giáo vì Tương lai trao 40 suất học bổng.",
        "Tổ chức Nhà giáo vì Tương lai",
        "other",
        None,
        ["Tổ chức Nhà giáo vì Tương lai"],
    ),
]


@pytest.mark.parametrize(("text", "name", "kind", "country", "mentions"), FOUND)
def test_organization_is_found_with_its_full_name_kind_and_mentions(
    text: str, name: str, kind: str, country: str | None, mentions: list[str]
) -> None:
    doc = analyze_text(text)
    org = _find(doc.organizations, name)
    assert org is not None, [o.name for o in doc.organizations]
    assert org.name == name
    assert (org.kind, org.country) == (kind, country)
    assert [doc.span_text(s) for s in org.spans] == mentions


# (sentence, names that must not be read as organizations or parts of one)
NOT_FOUND = [
    ("Các bộ, ban ngành, địa phương cần phối hợp chặt chẽ với các cơ quan, tổ chức và các đoàn thể.", None),
    ("Hội nghị tổng kết được tổ chức trực tuyến tới 63 điểm cầu.", None),
    ("Tổ chức Hội nghị Trung ương lần này là sự kiện quan trọng.", None),
    ("Đảng viên ở cơ sở cần gương mẫu trong mọi việc.", None),
    ("Du khách đến Hội An ngày càng đông.", None),
    ("Năm nay tỉnh sẽ tổ chức Lễ kỷ niệm 50 năm ngày giải phóng.", None),
    ("Báo cáo cho thấy UBND tỉnh đã hoàn thành kế hoạch đề ra.", None),
    ("Bộ trưởng cho biết các bộ trưởng sẽ họp vào tuần sau.", None),
    ("Ban tổ chức cho biết chương trình thu hút 2.000 người.", None),
    ("Thủ tướng yêu cầu các cấp ủy, chính quyền vào cuộc.", None),
    ("Bệnh viện điều trị cho bệnh nhân ở Hà Nội.", None),
    ("Em say mê khoa học tự nhiên từ nhỏ.", None),
    ("Tiệm sách mới mở ở số 40 đường Đinh Bộ Lĩnh, gần chợ.", None),
    ("Khoa học và công nghệ là động lực phát triển.", None),
    ("Trung tâm thành phố Đà Nẵng đông đúc vào dịp lễ.", None),
    # A letter's header wraps the body's name: the head alone, or its inner words, are no name.
    ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 08/TB-UBND", None),
    ("Ủy ban nhân dân\nXã Tân Lập", None),
    ("Các diễn đàn trực tuyến bàn về phòng dịch; hãng nào cũng muốn tham gia.", None),
    # A short name is matched as written: "is" and "Is" in English words are not the group.
    ('Khẩu hiệu "Safety is first" được treo khắp công trường.', None),
    # "vì" before a capitalized word that is no cause named: a place, or a sentence's own words.
    ("Nhiều người chọn Đà Lạt vì Đà Lạt mát mẻ quanh năm.", None),
    ("Các anh đã ngã xuống vì Tổ quốc.", None),
]


@pytest.mark.parametrize(("text", "unused"), NOT_FOUND)
def test_generic_words_are_not_organizations(text: str, unused: None) -> None:
    assert _organizations(text) == []


def test_person_after_a_provincial_body_is_not_part_of_its_name() -> None:
    orgs = _organizations("Chủ tịch UBND tỉnh Quảng Trị Nguyễn Văn Hùng tiếp đoàn công tác.")
    assert [o.name for o in orgs] == ["Ủy ban nhân dân tỉnh Quảng Trị"]


def test_person_after_a_ministry_is_not_part_of_its_name() -> None:
    orgs = _organizations("Bộ trưởng Bộ Ngoại giao Lê Hoài Trung chủ trì cuộc họp.")
    assert [o.name for o in orgs] == ["Bộ Ngoại giao"]


def test_person_after_a_generic_organization_is_not_part_of_its_name() -> None:
    orgs = _organizations("Giám đốc Trung tâm Thông tin Đối ngoại Nguyễn Thanh Bình phát biểu.")
    assert [o.name for o in orgs] == ["Trung tâm Thông tin Đối ngoại"]


def test_body_of_a_body_also_mentions_the_body_it_belongs_to() -> None:
    doc = analyze_text("Đảng ủy Bộ Ngoại giao tổ chức hội nghị tổng kết.")
    by_name = {o.name: [doc.span_text(s) for s in o.spans] for o in doc.organizations}
    assert by_name == {"Đảng ủy Bộ Ngoại giao": ["Đảng ủy Bộ Ngoại giao"], "Bộ Ngoại giao": ["Bộ Ngoại giao"]}


def test_unit_with_its_own_name_does_not_swallow_the_ministry_after_it() -> None:
    orgs = _organizations("Cục Lễ tân Nhà nước Bộ Ngoại giao phối hợp tổ chức lễ đón.")
    assert [o.name for o in orgs] == ["Cục Lễ tân Nhà nước", "Bộ Ngoại giao"]


def test_repeated_mentions_make_one_organization_with_every_span() -> None:
    text = "Bộ Ngoại giao chủ trì; đại diện Bộ Ngoại giao cho biết Bộ Ngoại giao sẽ báo cáo Chính phủ."
    doc = analyze_text(text)
    ministry = _find(doc.organizations, "Bộ Ngoại giao")
    assert ministry is not None
    assert len(ministry.spans) == 3
    assert len({tone_key(o.name) for o in doc.organizations}) == len(doc.organizations)


def test_abbreviation_and_full_name_are_one_organization() -> None:
    text = "UBND tỉnh Quảng Trị đã làm việc với đoàn. Ủy ban nhân dân tỉnh Quảng Trị cam kết hỗ trợ."
    doc = analyze_text(text)
    assert [(o.name, len(o.spans)) for o in doc.organizations] == [("Ủy ban nhân dân tỉnh Quảng Trị", 2)]


def test_short_form_counts_only_when_the_full_name_is_in_the_document() -> None:
    assert _organizations("Lãnh đạo Liên hiệp cho biết kế hoạch năm tới.") == []


def test_bracketed_abbreviation_is_an_alias_for_the_rest_of_the_document() -> None:
    text = "Trung tâm Hỗ trợ Phát triển Cộng đồng (CDSC) khai trương. Sau đó, CDSC ký kết với tỉnh."
    doc = analyze_text(text)
    org = _find(doc.organizations, "Trung tâm Hỗ trợ Phát triển Cộng đồng")
    assert org is not None
    assert [doc.span_text(s) for s in org.spans] == ["Trung tâm Hỗ trợ Phát triển Cộng đồng", "CDSC", "CDSC"]


def test_seed_articles_name_their_organizations(seeds_dir: Path) -> None:
    first, second = sorted(seeds_dir.glob("*.txt"))[:2]
    names_first = {o.name for o in analyze_text(first.read_text(encoding="utf-8")).organizations}
    names_second = {o.name for o in analyze_text(second.read_text(encoding="utf-8")).organizations}
    expected_first = {
        "Đảng ủy Bộ Ngoại giao",
        "Bộ Ngoại giao",
        "Bộ Chính trị",
        "Ban Bí thư",
        "Mặt trận Tổ quốc Việt Nam",
    }
    assert expected_first <= names_first
    assert {
        "Ban Bí thư",
        "Mặt trận Tổ quốc Việt Nam",
        "Liên hiệp các tổ chức hữu nghị Việt Nam",
    } <= names_second


def test_and_between_two_organizations_does_not_join_them() -> None:
    orgs = _organizations("Tập đoàn Toyota và Ngân hàng Hợp tác Quốc tế Nhật Bản ký biên bản ghi nhớ.")
    assert [o.name for o in orgs] == ["Tập đoàn Toyota", "Ngân hàng Hợp tác Quốc tế Nhật Bản"]


def test_and_inside_a_name_stays_in_the_name() -> None:
    orgs = _organizations("Viện Khoa học Xã hội và Nhân văn công bố kết quả khảo sát.")
    assert [o.name for o in orgs] == ["Viện Khoa học Xã hội và Nhân văn"]


def test_local_body_without_its_province_is_not_read_as_another_name() -> None:
    orgs = _organizations("Đại diện Ủy ban MTTQ Việt Nam tỉnh và Hội Liên hiệp Phụ nữ tỉnh cùng dự.")
    assert all(not o.name.startswith("Ủy ban") for o in orgs)


def test_standing_committee_of_a_provincial_party_committee_is_one_body_with_its_parent() -> None:
    doc = analyze_text("Ban Thường vụ Tỉnh ủy Quảng Trị họp phiên thường kỳ.")
    by_name = {o.name: o.kind for o in doc.organizations}
    assert by_name == {"Ban Thường vụ Tỉnh ủy Quảng Trị": "party", "Tỉnh ủy Quảng Trị": "province-body"}


def test_school_named_after_a_person_is_an_organization() -> None:
    orgs = _organizations("Học sinh Trường THPT Nguyễn Huệ nhận 30 suất học bổng.")
    assert [o.name for o in orgs] == ["Trường THPT Nguyễn Huệ"]


def test_ministry_followed_by_a_foreign_country_is_that_country_s_ministry() -> None:
    orgs = _organizations("Bộ Ngoại giao Nhật Bản Iwaya Takeshi tiếp Đại sứ Việt Nam.")
    assert [(o.name, o.kind, o.country) for o in orgs] == [
        ("Bộ Ngoại giao Nhật Bản", "foreign-government", "Nhật Bản")
    ]


def test_country_in_brackets_after_an_unknown_organization_becomes_its_country() -> None:
    orgs = _organizations("Quỹ Hỗ trợ Cộng đồng Sakura (Nhật Bản) trao 300 suất học bổng.")
    assert [(o.name, o.country) for o in orgs] == [("Quỹ Hỗ trợ Cộng đồng Sakura", "Nhật Bản")]


def test_lower_case_words_before_a_name_ending_stay_in_the_name() -> None:
    orgs = _organizations("Viện Vệ sinh dịch tễ Trung ương cử chuyên gia hỗ trợ tỉnh.")
    assert [o.name for o in orgs] == ["Viện Vệ sinh dịch tễ Trung ương"]


def test_foreign_name_after_an_association_is_not_part_of_its_name() -> None:
    orgs = _organizations("Chủ tịch Hội Hữu nghị Pháp – Việt Nam Jean Martin tặng sách cho thư viện.")
    assert [o.name for o in orgs] == ["Hội Hữu nghị Pháp – Việt Nam"]


# A local body of a foreign province, then a foreign name: (sentence, organization, person or None)
FOREIGN_PROVINCE_THEN_NAME = [
    (
        "Bí thư Tỉnh đoàn Savannakhet Khamphanh Sysomphone trao quà cho học sinh Việt Nam.",
        "Tỉnh Đoàn Savannakhet",
        "Khamphanh Sysomphone",
    ),
    ("Tỉnh đoàn Savannakhet Khamphanh Sysomphone trao quà cho học sinh.", "Tỉnh Đoàn Savannakhet", None),
    (
        "Phó Bí thư Tỉnh ủy Luang Prabang Bounthong Chitmany tiếp đoàn công tác của tỉnh.",
        "Tỉnh ủy Luang Prabang",
        "Bounthong Chitmany",
    ),
    (
        "Bí thư Tỉnh đoàn Xiêng Khoảng Phonexay Sihavong cảm ơn tuổi trẻ Nghệ An.",
        "Tỉnh Đoàn Xiêng Khoảng",
        "Phonexay Sihavong",
    ),
    ("Đoàn đã làm việc với Tỉnh ủy Attapeu về hợp tác giáo dục.", "Tỉnh ủy Attapeu", None),
    ("Thường trực Tỉnh ủy Luang Prabang đón đoàn.", "Tỉnh ủy Luang Prabang", None),
]


@pytest.mark.parametrize(("text", "name", "person"), FOREIGN_PROVINCE_THEN_NAME)
def test_foreign_name_after_a_body_of_a_foreign_province_is_not_part_of_its_name(
    text: str, name: str, person: str | None
) -> None:
    doc = analyze_text(text)
    assert [o.name for o in doc.organizations] == [name]
    assert [p.name for p in doc.people] == ([person] if person else [])


def test_person_after_a_district_is_not_part_of_its_name() -> None:
    orgs = _organizations("Phó Chủ tịch UBND huyện Mường Tè Hà Văn Thắng cảm ơn nhà tài trợ.")
    assert [o.name for o in orgs] == ["Ủy ban nhân dân huyện Mường Tè"]


def test_head_word_alone_stands_for_the_one_body_it_begins() -> None:
    text = "Hội Nông dân tỉnh Nghệ An tổ chức tập huấn. Hội cũng trao 20 con bò giống cho hội viên."
    doc = analyze_text(text)
    assert [(o.name, [doc.span_text(s) for s in o.spans]) for o in doc.organizations] == [
        ("Hội Nông dân tỉnh Nghệ An", ["Hội Nông dân tỉnh Nghệ An", "Hội"])
    ]


def test_head_word_alone_is_dropped_when_several_bodies_begin_with_it() -> None:
    text = "Hội Nông dân và Hội Cựu chiến binh Việt Nam cùng dự. Hội cũng trao quà."
    doc = analyze_text(text)
    assert all(doc.span_text(s) != "Hội" for o in doc.organizations for s in o.spans)


def test_capitalized_word_after_and_keeps_its_lower_case_syllables() -> None:
    orgs = _organizations("Sở Giáo dục và Đào tạo phối hợp với Sở Nông nghiệp và Môi trường.")
    assert [o.name for o in orgs] == ["Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường"]


def test_foreign_name_keeps_its_small_words() -> None:
    orgs = _organizations("Tổ chức Wasser für Alle (Đức) tài trợ hệ thống lọc nước cho trường học.")
    assert [(o.name, o.kind, o.country) for o in orgs] == [("Wasser für Alle", "foreign-ngo", "Đức")]


def test_bodies_listed_together_share_the_place_named_after_the_last() -> None:
    doc = analyze_text("Thường trực HĐND, UBND tỉnh Lào Cai làm việc với đoàn công tác.")
    assert [(o.name, [doc.span_text(s) for s in o.spans]) for o in doc.organizations] == [
        ("Hội đồng nhân dân tỉnh Lào Cai", ["HĐND"]),
        ("Ủy ban nhân dân tỉnh Lào Cai", ["UBND tỉnh Lào Cai"]),
    ]


def test_local_body_without_its_province_is_the_one_province_the_article_names() -> None:
    doc = analyze_text("Ngày 5/6, tại tỉnh Lào Cai, đoàn làm việc với UBND tỉnh về dự án trường học.")
    assert [(o.name, [doc.span_text(s) for s in o.spans]) for o in doc.organizations] == [
        ("Ủy ban nhân dân tỉnh Lào Cai", ["UBND tỉnh"])
    ]


def test_local_body_without_its_province_stays_unnamed_when_the_article_names_two() -> None:
    text = "Đoàn công tác từ Lào Cai sang Yên Bái làm việc; UBND tỉnh bố trí xe đưa đón."
    assert _organizations(text) == []


def test_organize_verb_before_a_capitalized_event_is_no_organization() -> None:
    assert _organizations("Tỉnh sẽ tổ chức Tuần Văn hóa Việt Nam – Lào vào tháng 10.") == []


_WORDS = [
    *"Bộ Ngoại giao UBND tỉnh TP . Quảng Trị Hội hữu nghị Việt Nam – - ( ) , tổ chức phi chính phủ".split(),
    *"Đảng ủy Liên hiệp VUFO Hàn Quốc Nguyễn Văn A và các Sở Tổ Tỉnh Thành Hà Nội Đại sứ quán".split(),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.text(max_size=30))
def test_step_never_raises_and_spans_stay_inside_the_text(words: list[str], noise: str) -> None:
    text = " ".join(words) + noise
    doc = Document(text=text, words=[m.span() for m in re.finditer(r"\w+", text)])
    for org in organizations_step(doc).organizations:
        assert org.kind in ORGANIZATION_KINDS
        for start, end in org.spans:
            assert 0 <= start < end <= len(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tổ chức Hope Bridge Korea (Hàn Quốc) cam kết 400.000 USD cho các tỉnh.", "Hope Bridge Korea"),
        ("Tổ chức Sunrise Children Fund (Úc) trao 30 suất học bổng.", "Sunrise Children Fund"),
        ("Tổ chức Y tế Thế giới (WHO) hỗ trợ tỉnh trang thiết bị.", "Tổ chức Y tế Thế giới"),
    ],
)
def test_generic_to_chuc_before_a_foreign_name_is_not_part_of_the_name(text: str, name: str) -> None:
    names = [o.name for o in analyze_text(text).organizations]
    assert name in names, names


# Official names capitalize only their first word and proper names: the lower-case words inside belong
# to the name when it visibly ends after them (an ending such as "Trung ương", a place, an abbreviation).
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Trung tâm Kiểm soát bệnh tật Cần Thơ vừa cảnh báo.", "Trung tâm Kiểm soát bệnh tật Cần Thơ"),
        ("Ông được điều về Viện Dinh dưỡng quốc gia từ tháng trước.", "Viện Dinh dưỡng quốc gia"),
        ("Bệnh viện Nhi đồng trung ương tiếp nhận ca bệnh.", "Bệnh viện Nhi đồng trung ương"),
        ("Trung tâm Xúc tiến thương mại (ITPC) mở văn phòng mới.", "Trung tâm Xúc tiến thương mại"),
    ],
)
def test_name_with_lower_case_words_runs_to_its_ending(text: str, name: str) -> None:
    assert _find(_organizations(text), name) is not None, [o.name for o in _organizations(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bệnh viện Bạch Mai điều trị cho bệnh nhân Hà Nội.", "Bệnh viện Bạch Mai"),
        ("Sở Ngoại vụ đón tiếp đoàn khách Lào.", "Sở Ngoại vụ"),
    ],
)
def test_name_does_not_run_on_over_a_verb_after_it(text: str, name: str) -> None:
    names = [o.name for o in _organizations(text)]
    assert name in names, names


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("Ca bệnh được chuyển tới bệnh viện Chợ Rẫy trong đêm.", "Bệnh viện Chợ Rẫy", "bệnh viện Chợ Rẫy"),
        ("Chị làm kế toán cho công ty Hòa Phát nhiều năm.", "Công ty Hòa Phát", "công ty Hòa Phát"),
    ],
)
def test_head_written_in_lower_case_before_a_name_begins_an_organization(
    text: str, name: str, words: str
) -> None:
    doc = analyze_text(text)
    found = _find(doc.organizations, name)
    assert found is not None, [o.name for o in doc.organizations]
    assert [doc.text[s:e] for s, e in found.spans] == [words]


def test_lower_case_head_without_a_name_is_no_organization() -> None:
    assert _organizations("Các công ty và bệnh viện trong tỉnh đã tham gia.") == []


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("Chủ tịch UBND Cần Thơ chủ trì cuộc họp.", "Ủy ban nhân dân thành phố Cần Thơ", "UBND Cần Thơ"),
        ("Công an Nghệ An đã vào cuộc.", "Công an tỉnh Nghệ An", "Công an Nghệ An"),
    ],
)
def test_local_body_before_a_bare_province_takes_its_unit_word_back(text: str, name: str, words: str) -> None:
    doc = analyze_text(text)
    found = _find(doc.organizations, name)
    assert found is not None, [o.name for o in doc.organizations]
    assert [doc.text[s:e] for s, e in found.spans] == [words]


def test_official_header_national_name_and_type_line_are_not_organizations() -> None:
    from doingoai.analysis import analyze_text

    text = (
        "LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ TỈNH NGHỆ AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 4/BC-LHH\nNghệ An, ngày 02 tháng 03 năm 2026\nBÁO CÁO\nKết quả giao lưu hữu nghị quý I\n"
        "Hội hữu nghị Việt Nam - Lào tỉnh đã phối hợp với Báo Nghệ An đưa tin."
    )
    names = [o.name for o in analyze_text(text).organizations]
    assert not any("chủ nghĩa" in n.lower() or n.lower() == "báo cáo" for n in names), names
    assert "Báo Nghệ An" in names


# The field of a hospital, a department or an agency is written in lower case inside its name
# (name_fields.txt): the name runs over it to a mark, a capital, a function word or a place.
@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        (
            "Bà được đưa vào Khoa Hồi sức tích cực, Bệnh viện Chợ Rẫy ngay trong đêm.",
            "Khoa Hồi sức tích cực",
            "Khoa Hồi sức tích cực",
        ),
        (
            "Ông đang điều trị tại Bệnh viện Lao và bệnh phổi Thái Bình.",
            "Bệnh viện Lao và bệnh phổi Thái Bình",
            "Bệnh viện Lao và bệnh phổi Thái Bình",
        ),
        (
            "Các mẫu bệnh phẩm được gửi tới Bệnh viện Bệnh nhiệt đới để khẳng định.",
            "Bệnh viện Bệnh nhiệt đới",
            "Bệnh viện Bệnh nhiệt đới",
        ),
        (
            "Cục Quản lý Khám chữa bệnh vừa ban hành hướng dẫn mới.",
            "Cục Quản lý Khám chữa bệnh",
            "Cục Quản lý Khám chữa bệnh",
        ),
        (
            "Trung tâm Chống độc cho biết số ca ngộ độc rượu tăng.",
            "Trung tâm Chống độc",
            "Trung tâm Chống độc",
        ),
        (
            "Bệnh viện đa khoa Hồng Phúc tiếp nhận bệnh nhân.",
            "Bệnh viện đa khoa Hồng Phúc",
            "Bệnh viện đa khoa Hồng Phúc",
        ),
        (
            "Ban chỉ đạo phòng, chống dịch COVID-19 tỉnh Lâm Đồng họp khẩn chiều qua.",
            "Ban chỉ đạo phòng, chống dịch COVID-19 tỉnh Lâm Đồng",
            "Ban chỉ đạo phòng, chống dịch COVID-19 tỉnh Lâm Đồng",
        ),
        (
            "Ban Chỉ đạo quốc gia phòng chống dịch COVID-19 vừa có văn bản gửi các địa phương.",
            "Ban Chỉ đạo quốc gia phòng chống dịch COVID-19",
            "Ban Chỉ đạo quốc gia phòng chống dịch COVID-19",
        ),
    ],
)
def test_name_runs_over_the_field_it_works_in(text: str, name: str, words: str) -> None:
    _found, written = _found_written(text, name)
    assert written == [words]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sở Y tế tổng hợp báo cáo gửi Bộ Y tế.", "Sở Y tế"),  # "tổng hợp" is the verb here
        ("Bệnh viện Việt Đức cấp cứu thành công cho nạn nhân.", "Bệnh viện Việt Đức"),
        ("Bệnh viện Hữu nghị cấp cứu.", "Bệnh viện Hữu nghị"),  # a field after a name of another kind
    ],
)
def test_name_does_not_run_on_over_a_field_word_used_as_a_verb(text: str, name: str) -> None:
    names = [o.name for o in _organizations(text)]
    assert name in names, names


@pytest.mark.parametrize(
    ("text", "name", "words", "parent"),
    [
        (
            "Cháu bé nằm ở khoa hồi sức tích cực - chống độc Bệnh viện Nhi Trung ương hơn một tuần.",
            "Khoa hồi sức tích cực – chống độc Bệnh viện Nhi Trung ương",
            "khoa hồi sức tích cực - chống độc Bệnh viện Nhi Trung ương",
            "Bệnh viện Nhi Trung ương",
        ),
        (
            "Người nhà chăm bệnh nhân tại Khoa Nội tổng hợp - Bệnh viện Đa khoa tỉnh Bắc Giang.",
            "Khoa Nội tổng hợp Bệnh viện Đa khoa tỉnh Bắc Giang",
            "Khoa Nội tổng hợp - Bệnh viện Đa khoa tỉnh Bắc Giang",
            "Bệnh viện Đa khoa tỉnh Bắc Giang",
        ),
    ],
)
def test_department_written_before_its_hospital_is_one_body_with_it(
    text: str, name: str, words: str, parent: str
) -> None:
    doc = analyze_text(text)
    found = _find(doc.organizations, name)
    assert found is not None, [o.name for o in doc.organizations]
    assert [doc.text[s:e] for s, e in found.spans] == [words]
    assert _find(doc.organizations, parent) is not None


def test_department_listed_after_a_comma_stays_apart_from_its_hospital() -> None:
    names = [o.name for o in _organizations("Ông trực ở Khoa Cấp cứu, Bệnh viện Thanh Nhàn suốt Tết.")]
    assert "Bệnh viện Thanh Nhàn" in names and not any(n.startswith("Khoa Cấp cứu Bệnh") for n in names), (
        names
    )


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        (
            "Nhân viên của CDC Bắc Ninh đã có mặt tại hiện trường.",
            "Trung tâm Kiểm soát bệnh tật tỉnh Bắc Ninh",
            "CDC Bắc Ninh",
        ),
        (
            "Trung tâm Kiểm soát bệnh tật (CDC) Bình Định cho biết đã lấy 40 mẫu.",
            "Trung tâm Kiểm soát bệnh tật tỉnh Bình Định",
            "Trung tâm Kiểm soát bệnh tật (CDC) Bình Định",
        ),
    ],
)
def test_disease_control_centre_takes_the_province_written_after_it(text: str, name: str, words: str) -> None:
    found, written = _found_written(text, name)
    assert written == [words]
    assert found.kind == "province-body"


def test_disease_control_abbreviation_alone_names_no_provincial_centre() -> None:
    assert not any("tỉnh" in o.name for o in _organizations("CDC khuyến cáo người dân đeo khẩu trang."))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Bà được chuyển lên Bạch Mai hôm qua.", ["Bạch Mai"]),
        (
            "Cháu bé nhập viện Chợ Rẫy trong đêm, sau đó về bệnh viện Chợ Rẫy tái khám.",
            ["Chợ Rẫy", "bệnh viện Chợ Rẫy"],
        ),
    ],
)
def test_national_hospital_named_by_its_bare_name_is_the_hospital(text: str, words: list[str]) -> None:
    doc = analyze_text(text)
    found = [o for o in doc.organizations if o.name.startswith("Bệnh viện")]
    assert [[doc.text[s:e] for s, e in o.spans] for o in found] == [words]


def test_ward_named_like_a_hospital_is_no_hospital() -> None:
    doc = analyze_text("Người dân phường Bạch Mai xếp hàng lấy mẫu.")
    assert doc.organizations == []
    assert [p.kind for p in doc.places] == ["phường"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Đại diện Tổ chức Cựu chiến binh Hoa Kỳ vì hòa bình đã trao quà cho các gia đình.",
            "Tổ chức Cựu chiến binh Hoa Kỳ vì hòa bình",
        ),
        ("Quỹ Hy vọng vì trẻ em, một tổ chức từ thiện, trao quà.", "Quỹ Hy vọng vì trẻ em"),
    ],
)
def test_cause_after_vi_ends_the_name_of_an_association(text: str, name: str) -> None:
    names = [o.name for o in _organizations(text)]
    assert name in names, names


def test_vi_the_after_a_name_is_no_cause() -> None:
    names = [o.name for o in _organizations("Bệnh viện Bạch Mai vì thế phải mở thêm khoa.")]
    assert names == ["Bệnh viện Bạch Mai"]


# A country after "tổ chức (phi chính phủ)" says where the organizations come from; it names none of them.
# (sentence, [(organization, kind, country)], the countries among the places, or None not to look)
COUNTRY_AFTER_ORGANIZATION_WORDS = [
    (
        "Nhiều tổ chức phi chính phủ Hoa Kỳ tài trợ cho chương trình phục hồi chức năng.",
        [],
        ["Hoa Kỳ"],
    ),
    (
        "Các tổ chức Hoa Kỳ và Canada đã gửi 500 bộ sách cho thư viện xã.",
        [],
        ["Hoa Kỳ", "Canada"],
    ),
    (
        "Đại diện các tổ chức phi chính phủ nước ngoài Đức, Hà Lan đã dự buổi gặp.",
        [],
        ["Đức", "Hà Lan"],
    ),
    (
        "Ông Peter Lane, đại diện tổ chức phi chính phủ Hoa Kỳ Clear Path International, phát biểu.",
        [("Clear Path International", "foreign-ngo", "Hoa Kỳ")],
        None,  # the places step reads no country run on into a name
    ),
    (
        "Đại sứ quán Hoa Kỳ tại Việt Nam trao 12 suất học bổng cho sinh viên Huế.",
        [("Đại sứ quán Hoa Kỳ tại Việt Nam", "foreign-government", "Hoa Kỳ")],
        ["Hoa Kỳ", "Việt Nam"],
    ),
    (
        "Chính phủ Hoa Kỳ và Chính phủ Việt Nam ký thỏa thuận về rà phá bom mìn.",
        [("Chính phủ Hoa Kỳ", "foreign-government", "Hoa Kỳ"), ("Chính phủ", "state", None)],
        ["Hoa Kỳ", "Việt Nam"],
    ),
]


@pytest.mark.parametrize(("text", "expected", "countries"), COUNTRY_AFTER_ORGANIZATION_WORDS)
def test_a_country_is_a_place_and_an_embassy_an_organization_with_its_full_name(
    text: str, expected: list[tuple[str, str, str | None]], countries: list[str] | None
) -> None:
    doc = analyze_text(text)
    assert [(o.name, o.kind, o.country) for o in doc.organizations] == expected
    if countries is not None:
        assert [p.name for p in doc.places if p.kind == "quốc gia"] == countries


def test_a_forum_of_two_peoples_keeps_both_countries_in_its_name() -> None:
    orgs = _organizations("Diễn đàn hữu nghị nhân dân Việt Nam - Nhật Bản khai mạc tại Đà Nẵng sáng nay.")
    assert [o.name for o in orgs] == ["Diễn đàn hữu nghị nhân dân Việt Nam – Nhật Bản"]


# A body of a province of Laos, Cambodia or China: the province ends its name, the person after it is read
# with the title, and the body belongs to that country. (sentence, organization, its country, person, title)
BODY_OF_A_FOREIGN_PROVINCE = [
    (
        "Bí thư Tỉnh đoàn Savannakhet Vongdeuan Keomany trao 40 suất học bổng cho học sinh Quảng Trị.",
        "Tỉnh Đoàn Savannakhet",
        "Lào",
        "Vongdeuan Keomany",
        "Bí thư Tỉnh Đoàn Savannakhet",
    ),
    (
        "Phó Bí thư Tỉnh đoàn Savannakhet Bounthavy phát biểu cảm ơn đoàn Quảng Bình.",
        "Tỉnh Đoàn Savannakhet",
        "Lào",
        "Bounthavy",
        "Phó Bí thư Tỉnh Đoàn Savannakhet",
    ),
    (
        "Phó Bí thư Tỉnh đoàn Savannakhet Phouvong Sihalath Chanthala dẫn đoàn sang Hà Tĩnh.",
        "Tỉnh Đoàn Savannakhet",
        "Lào",
        "Phouvong Sihalath Chanthala",
        "Phó Bí thư Tỉnh Đoàn Savannakhet",
    ),
    (
        "Bí thư Tỉnh ủy Hủa Phăn Khamsay Phetsavong tiếp đoàn đại biểu tỉnh Thanh Hóa.",
        "Tỉnh ủy Hủa Phăn",
        "Lào",
        "Khamsay Phetsavong",
        "Bí thư Tỉnh ủy Hủa Phăn",
    ),
]


@pytest.mark.parametrize(("text", "name", "country", "person", "title"), BODY_OF_A_FOREIGN_PROVINCE)
def test_a_person_after_a_body_of_a_foreign_province_keeps_the_title(
    text: str, name: str, country: str, person: str, title: str
) -> None:
    doc = analyze_text(text)
    assert [(o.name, o.country) for o in doc.organizations] == [(name, country)]
    assert [(p.name, p.titles) for p in doc.people] == [(person, [title])]


# A body named after a foreign province: a foreign place, never a Vietnamese province.
# (sentence, organization, its country)
LOCAL_BODY_ABROAD = [
    (
        "Ủy ban nhân dân tỉnh Vân Nam cử đoàn sang dự hội chợ biên giới.",
        "Ủy ban nhân dân tỉnh Vân Nam",
        "Trung Quốc",
    ),
    (
        "Hội Liên hiệp Phụ nữ tỉnh Xiêng Khoảng tặng 200 bộ quần áo.",
        "Hội Liên hiệp Phụ nữ tỉnh Xiêng Khoảng",
        "Lào",
    ),
    ("Sở Y tế tỉnh Svay Rieng ký kết hợp tác với bệnh viện.", "Sở Y tế tỉnh Svay Rieng", "Campuchia"),
]


@pytest.mark.parametrize(("text", "name", "country"), LOCAL_BODY_ABROAD)
def test_a_local_body_of_a_foreign_province_is_one_of_that_country(
    text: str, name: str, country: str
) -> None:
    doc = analyze_text(text)
    assert [(o.name, o.country) for o in doc.organizations] == [(name, country)]
    assert not [p for p in doc.places if p.province_code]


# A club named in Vietnamese and English is one organization; the province in its name is no place of
# the text. (sentence, organization)
MIXED_LANGUAGE_NAMES = [
    (
        "Câu lạc bộ Hà Nội Football Club tặng 100 quả bóng cho trẻ em vùng cao.",
        "Câu lạc bộ Hà Nội Football Club",
    ),
    ("Các cầu thủ Câu lạc bộ Đà Nẵng Futsal Club giao lưu với học sinh.", "Câu lạc bộ Đà Nẵng Futsal Club"),
    ("Câu lạc bộ Huế Tennis Club mở lớp miễn phí cho thiếu nhi.", "Câu lạc bộ Huế Tennis Club"),
    ("CLB Hà Nội FC trao học bổng cho 20 học sinh nghèo.", "Câu lạc bộ Hà Nội FC"),
    ("Hà Nội FC đón đoàn cổ động viên Lào.", "Hà Nội FC"),
]


@pytest.mark.parametrize(("text", "name"), MIXED_LANGUAGE_NAMES)
def test_a_club_named_in_two_languages_is_one_organization_and_no_place(text: str, name: str) -> None:
    doc = analyze_text(text)
    assert [o.name for o in doc.organizations] == [name]
    assert not [p for p in doc.places if p.province_code]


# (sentence, full name, country, the mentions' words): a body of a prefecture of China ("châu") is Chinese.
PREFECTURE_BODIES = [
    (
        "Hội Nông dân châu Văn Sơn cử đoàn sang học cách trồng chè ở Hà Giang.",
        "Hội Nông dân châu Văn Sơn",
        ["Hội Nông dân châu Văn Sơn"],
    ),
    (
        "Sở Thương mại châu tự trị Hồng Hà đề nghị mở thêm chợ biên giới.",
        "Sở Thương mại châu tự trị Hồng Hà",
        ["Sở Thương mại châu tự trị Hồng Hà"],
    ),
    (
        "Ủy ban nhân dân châu Hồng Hà ký thỏa thuận hợp tác với tỉnh Lào Cai.",
        "Ủy ban nhân dân châu Hồng Hà",
        ["Ủy ban nhân dân châu Hồng Hà"],
    ),
]


@pytest.mark.parametrize(("text", "name", "mentions"), PREFECTURE_BODIES)
def test_body_of_a_prefecture_of_china_has_china_for_its_country(
    text: str, name: str, mentions: list[str]
) -> None:
    found, written = _found_written(text, name)
    assert (found.kind, found.country, written) == ("province-body", "Trung Quốc", mentions)


# (sentence, organization, its country, the country's words in brackets, the countries among the places)
BRACKET_COUNTRIES = [
    ("Năm 2025, Quỹ Ford (Mỹ) cấp học bổng cho 40 sinh viên Huế.", "Quỹ Ford", "Hoa Kỳ", "Mỹ", ["Mỹ"]),
    (
        "Tổ chức Room to Read (Hoa Kỳ) khánh thành thư viện thứ ba ở xã Cam Lộ.",
        "Room to Read",
        "Hoa Kỳ",
        "Hoa Kỳ",
        ["Hoa Kỳ"],
    ),
    (
        "Sáng 3/9, tổ chức Kinderhilfe (Đức) trao 200 suất quà; Đức cũng tài trợ hai trạm y tế.",
        "Kinderhilfe",
        "Đức",
        "Đức",
        ["Đức", "Đức"],
    ),
    (
        "Đại diện tổ chức Oxfam (Anh) và Quỹ Toyota (Nhật Bản) ký biên bản bàn giao.",
        "Quỹ Toyota",
        "Nhật Bản",
        "Nhật Bản",
        ["Anh", "Nhật Bản"],
    ),
]


@pytest.mark.parametrize(("text", "name", "country", "bracket", "places"), BRACKET_COUNTRIES)
def test_country_in_brackets_after_an_organization_is_its_country_and_stays_a_place(
    text: str, name: str, country: str, bracket: str, places: list[str]
) -> None:
    doc = analyze_text(text)
    org = _find(doc.organizations, name)
    assert org is not None, [o.name for o in doc.organizations]
    assert org.country == country
    # The text names the country: a reader filtering the documents by it must find this one.
    bracketed = (text.index(f"({bracket})") + 1, text.index(f"({bracket})") + 1 + len(bracket))
    assert any(bracketed in place.spans for place in doc.places)
    countries = [doc.span_text(s) for p in doc.places if p.kind == "quốc gia" for s in p.spans]
    assert countries == places


def test_country_in_brackets_after_a_place_stays_a_place() -> None:
    doc = analyze_text("Đoàn thăm thủ đô Viêng Chăn (Lào) và tỉnh Vân Nam (Trung Quốc) trong tháng 10.")
    assert [p.name for p in doc.places if p.kind == "quốc gia"] == ["Lào", "Trung Quốc"]


# (sentence, full name, kind): the boards and offices of a party or youth committee.
COMMITTEE_BOARDS = [
    ("Ban Tuyên giáo Thành ủy Đà Nẵng phát hành tài liệu mới.", "Ban Tuyên giáo Thành ủy Đà Nẵng", "party"),
    ("Chiều nay Ban Nội chính Tỉnh ủy Hà Tĩnh sơ kết quý III.", "Ban Nội chính Tỉnh ủy Hà Tĩnh", "party"),
    ("Văn phòng Tỉnh ủy Quảng Ngãi ban hành lịch công tác.", "Văn phòng Tỉnh ủy Quảng Ngãi", "party"),
    ("Văn phòng Huyện ủy Vĩnh Linh chuyển về trụ sở mới.", "Văn phòng Huyện ủy Vĩnh Linh", "party"),
    (
        "Ban Dân vận Đảng ủy phường Đông Hà gặp mặt người có uy tín.",
        "Ban Dân vận Đảng ủy phường Đông Hà",
        "party",
    ),
    ("Ban Tổ chức Thành Đoàn Hà Nội công bố kết quả.", "Ban Tổ chức Thành Đoàn Hà Nội", "mass-organization"),
]


@pytest.mark.parametrize(("text", "name", "kind"), COMMITTEE_BOARDS)
def test_board_of_a_party_or_youth_committee_is_a_body_of_the_party_or_the_union(
    text: str, name: str, kind: str
) -> None:
    found, written = _found_written(text, name)
    assert (found.kind, written) == (kind, [name])


def test_committee_a_board_belongs_to_gets_a_mention_of_its_own() -> None:
    found, written = _found_written("Ban Tuyên giáo Tỉnh ủy Gia Lai biên soạn sách.", "Tỉnh ủy Gia Lai")
    assert (found.kind, written) == ("province-body", ["Tỉnh ủy Gia Lai"])


def test_board_of_a_provincial_body_that_is_no_committee_keeps_its_kind() -> None:
    found, _ = _found_written(
        "Ban Quản lý Khu kinh tế tỉnh Quảng Trị thu hút ba dự án.", "Ban Quản lý Khu kinh tế tỉnh Quảng Trị"
    )
    assert found.kind == "other"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Đại diện Bộ Nội vụ (Lào) và Bộ Nội vụ Việt Nam ký biên bản ghi nhớ.", "Bộ Nội vụ Lào", "Lào"),
        ("Quốc hội (Campuchia) cử đoàn sang dự diễn đàn.", "Quốc hội Campuchia", "Campuchia"),
    ],
)
def test_state_body_with_a_foreign_country_in_brackets_is_that_country_s(
    text: str, name: str, country: str
) -> None:
    doc = analyze_text(text)
    found = _find(doc.organizations, name)
    assert found is not None, [o.name for o in doc.organizations]
    assert (found.kind, found.country) == ("foreign-government", country)
    assert any(p.name == country for p in doc.places)
    home = _find(doc.organizations, name.removesuffix(f" {country}"))
    assert home is None or home.country is None


def test_state_body_with_viet_nam_in_brackets_stays_ours() -> None:
    found, _ = _found_written("Bộ Y tế (Việt Nam) khuyến cáo người dân đeo khẩu trang.", "Bộ Y tế")
    assert (found.kind, found.country) == ("ministry", None)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hội Hữu nghị Việt - Nhật đón tổ chức AAR Japan tại Huế.", "Hội Hữu nghị Việt – Nhật"),
        ("Hội Hữu nghị Việt - Hàn tặng quà cho học sinh vùng lũ.", "Hội Hữu nghị Việt – Hàn"),
    ],
)
def test_verb_the_segmenter_joins_to_a_name_s_last_syllable_is_no_part_of_the_name(
    text: str, name: str
) -> None:
    _, written = _found_written(text, name)
    assert written == [name.replace("–", "-")]
