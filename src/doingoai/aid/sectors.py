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
    "11220": "Giáo dục tiểu học",
    "11320": "Giáo dục trung học",
    "11330": "Đào tạo nghề",
    "12110": "Chính sách và quản lý hành chính y tế",
    "12220": "Chăm sóc sức khỏe cơ bản",
    "12230": "Cơ sở hạ tầng y tế cơ bản",
    "12240": "Dinh dưỡng cơ bản",
    "12250": "Phòng chống bệnh truyền nhiễm",
    "13020": "Chăm sóc sức khỏe sinh sản",
    "14020": "Cấp nước và vệ sinh – hệ thống lớn",
    "14030": "Nước sạch và vệ sinh cơ bản",
    "15150": "Tham gia dân chủ và xã hội dân sự",
    "15170": "Tổ chức và phong trào bình đẳng của phụ nữ",
    "15250": "Rà phá bom mìn và vật nổ sót lại sau chiến tranh",
    "16010": "Dịch vụ xã hội, phúc lợi",
    "16020": "Chính sách việc làm và quản lý hành chính",
    "16040": "Nhà ở chi phí thấp",
    "16050": "Hỗ trợ đa ngành cho dịch vụ xã hội cơ bản",
    "21020": "Giao thông đường bộ",
    "23210": "Sản xuất năng lượng tái tạo",
    "31120": "Phát triển nông nghiệp",
    "31220": "Phát triển lâm nghiệp",
    "31320": "Phát triển thủy sản",
    "41010": "Chính sách và quản lý hành chính môi trường",
    "41030": "Đa dạng sinh học",
    "43060": "Giảm nhẹ rủi ro thiên tai",
    "72010": "Cứu trợ vật chất và dịch vụ",
    "73010": "Tái thiết, phục hồi sau thảm họa",
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
