"""Name the OECD DAC 5-digit sectors for people: "16040 – Nhà ở chi phí thấp".

The Vietnamese names below are our own renderings of the DAC purpose codes that aid to Vietnam
uses most; a code not listed takes its English name from the IATI 2.03 Sector codelist
(shipped in `doingoai/iati/data`), and a code in neither is shown alone. Every export, page and report that
names a sector calls `sector_label`, so a sector reads the same everywhere.
"""

from __future__ import annotations

from functools import cache

from doingoai.iati.standard import codelist_names

SECTOR_NAMES_VI: dict[str, str] = {
    "11110": "Chính sách và quản lý hành chính giáo dục",
    "11120": "Cơ sở vật chất và đào tạo giáo dục",
    "11130": "Đào tạo giáo viên",
    "11220": "Giáo dục tiểu học",
    "11230": "Kỹ năng sống cơ bản cho người lớn",
    "11231": "Kỹ năng sống cơ bản cho thanh niên",
    "11240": "Giáo dục mầm non",
    "11320": "Giáo dục trung học",
    "11330": "Đào tạo nghề",
    "11420": "Giáo dục đại học",
    "11430": "Đào tạo kỹ thuật và quản lý nâng cao",
    "12110": "Chính sách và quản lý hành chính y tế",
    "12181": "Giáo dục, đào tạo y khoa",
    "12191": "Dịch vụ y tế",
    "12220": "Chăm sóc sức khỏe cơ bản",
    "12230": "Cơ sở hạ tầng y tế cơ bản",
    "12240": "Dinh dưỡng cơ bản",
    "12250": "Phòng chống bệnh truyền nhiễm",
    "12261": "Giáo dục sức khỏe",
    "12262": "Phòng chống sốt rét",
    "12263": "Phòng chống bệnh lao",
    "12340": "Nâng cao sức khỏe tâm thần",
    "13020": "Chăm sóc sức khỏe sinh sản",
    "13030": "Kế hoạch hóa gia đình",
    "13040": "Phòng chống HIV/AIDS và các bệnh lây truyền qua đường tình dục",
    "14020": "Cấp nước và vệ sinh – hệ thống lớn",
    "14030": "Nước sạch và vệ sinh cơ bản",
    "14031": "Cấp nước sinh hoạt cơ bản",
    "14032": "Vệ sinh cơ bản",
    "14081": "Giáo dục, đào tạo về cấp nước và vệ sinh",
    "15150": "Tham gia dân chủ và xã hội dân sự",
    "15160": "Quyền con người",
    "15170": "Tổ chức và phong trào bình đẳng của phụ nữ",
    "15180": "Chấm dứt bạo lực đối với phụ nữ và trẻ em gái",
    "15250": "Rà phá bom mìn và vật nổ sót lại sau chiến tranh",
    "16010": "Dịch vụ xã hội, phúc lợi",
    "16015": "Dịch vụ xã hội (kể cả phát triển thanh niên, phụ nữ và trẻ em)",
    "16020": "Chính sách việc làm và quản lý hành chính",
    "16040": "Nhà ở chi phí thấp",
    "16050": "Hỗ trợ đa ngành cho dịch vụ xã hội cơ bản",
    "16061": "Văn hóa và giải trí",
    "21020": "Giao thông đường bộ",
    "23210": "Sản xuất năng lượng tái tạo",
    "31110": "Chính sách và quản lý hành chính nông nghiệp",
    "31120": "Phát triển nông nghiệp",
    "31161": "Sản xuất cây lương thực",
    "31163": "Chăn nuôi",
    "31166": "Khuyến nông",
    "31194": "Hợp tác xã nông nghiệp",
    "31220": "Phát triển lâm nghiệp",
    "31320": "Phát triển thủy sản",
    "32130": "Phát triển doanh nghiệp nhỏ và vừa",
    "41010": "Chính sách và quản lý hành chính môi trường",
    "41020": "Bảo vệ sinh quyển",
    "41030": "Đa dạng sinh học",
    "41081": "Giáo dục, đào tạo về môi trường",
    "43040": "Phát triển nông thôn",
    "43060": "Giảm nhẹ rủi ro thiên tai",
    "43072": "Bảo đảm an ninh lương thực hộ gia đình",
    "72010": "Cứu trợ vật chất và dịch vụ",
    "72040": "Hỗ trợ lương thực khẩn cấp",
    "72050": "Điều phối và dịch vụ hỗ trợ cứu trợ",
    "73010": "Tái thiết, phục hồi sau thảm họa",
    "74010": "Phòng ngừa và chuẩn bị ứng phó thảm họa",
    "74020": "Chuẩn bị ứng phó đa thiên tai",
}

DASH = "–"  # an en dash between code and name, as on the printed tables


@cache
def sector_name(code: str) -> str:
    """Return the sector's name: Vietnamese when we have one, else IATI's English name, else ''."""
    return SECTOR_NAMES_VI.get(code) or codelist_names("Sector").get(code, "")


def sector_label(code: str) -> str:
    """Return "code – name" for a DAC sector code (the code alone when no name is known)."""
    name = sector_name(code)
    return f"{code} {DASH} {name}" if name else code
