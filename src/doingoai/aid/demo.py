"""Sample aid data written for doingoai's demo: one year (2025) of invented partners and projects.

The partners and projects are invented; their identifiers use the "XX-DEMO" prefix, which no real
organization has. The national programmes are real policies (facts); the amounts are plausible, not
reported figures. Loading twice adds nothing (projects and transactions are upserted).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from doingoai.aid import services
from doingoai.aid.locations import location_parse
from doingoai.directory import services as directory_services
from doingoai.directory.models import Organization, PartnerOrganization

D = Decimal

# Rates to VND on the first working day of each month (plausible values).
RATES: dict[str, tuple[int, ...]] = {
    "USD": (25450, 25500, 25600, 25900, 25950, 26050, 26150, 26250, 26350, 26300, 26320, 26350),
    "EUR": (26400, 26600, 27700, 28300, 29200, 29900, 30500, 30400, 30900, 30700, 30400, 30500),
    "JPY": (162, 165, 171, 178, 180, 181, 182, 178, 179, 177, 171, 169),
    "KRW": (17, 17, 18, 18, 18, 19, 19, 19, 19, 18, 18, 18),
    "AUD": (15800, 16000, 16100, 16300, 16700, 16900, 17100, 17000, 17300, 17400, 17200, 17300),
}

PROGRAMMES = (
    (
        "NHA-TAM",
        "Chương trình xóa nhà tạm, nhà dột nát trên phạm vi cả nước",
        "Phong trào thi đua cả nước chung tay xóa nhà tạm, nhà dột nát, hoàn thành năm 2025.",
    ),
    (
        "TRUONG-BIEN-GIOI",
        "Xây dựng trường phổ thông nội trú liên cấp ở các xã biên giới",
        "Chủ trương đầu tư trường học cho 248 xã biên giới đất liền.",
    ),
)

# name, Vietnamese name, kind, country, IATI identifier (invented), owner ("VUFO" or a province code)
PARTNERS = (
    ("Hands for Homes Foundation", "Quỹ Bàn tay xây nhà", "ngo", "US", "XX-DEMO-HFH", "VUFO"),
    ("Brückenbau Asien e.V.", "Hội Xây cầu châu Á (Đức)", "ngo", "DE", "XX-DEMO-BBA", "VUFO"),
    (
        "Hikari Schools Network",
        "Mạng lưới Trường học Ánh sáng (Nhật Bản)",
        "ngo",
        "JP",
        "XX-DEMO-HSN",
        "VUFO",
    ),
    ("Hope Bridge Korea", "Tổ chức Cầu hy vọng (Hàn Quốc)", "ngo", "KR", "XX-DEMO-HBK", "VUFO"),
    ("Southern Cross Health Alliance", "Liên minh Y tế Nam Thập Tự (Úc)", "ngo", "AU", "XX-DEMO-SCH", "VUFO"),
    ("Fondation Riz et Avenir", "Quỹ Lúa gạo và Tương lai (Pháp)", "ngo", "FR", "XX-DEMO-FRA", "VUFO"),
    ("Mangrove Futures Trust", "Quỹ Tương lai Rừng ngập mặn (Anh)", "ngo", "GB", "XX-DEMO-MFT", "VUFO"),
    ("Clearfield Legacy Fund", "Quỹ Khắc phục hậu quả bom mìn Clearfield", "ngo", "US", "XX-DEMO-CLF", "44"),
)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# id, title, status, programme, owner, published, sectors, locations, funders, implementers, transactions
PROJECTS: tuple[tuple[Any, ...], ...] = (
    (
        "XX-DEMO-HFH-2025-01",
        "Xây 240 ngôi nhà đại đoàn kết cho hộ nghèo vùng lũ",
        "3",
        "NHA-TAM",
        "VUFO",
        True,
        [("16040", 100)],
        ["Hà Tĩnh", "Quảng Bình", "Nghệ An"],
        ["XX-DEMO-HFH"],
        ["Liên hiệp các tổ chức hữu nghị Việt Nam"],
        [
            ("11", "2025-02-20", "12000000000", "VND", "XX-DEMO-HFH"),
            ("3", "2025-06-15", "9600000000", "VND", "XX-DEMO-HFH"),
        ],
    ),
    (
        "XX-DEMO-BBA-2025-01",
        "Hỗ trợ dựng lại nhà ở cho đồng bào vùng cao bị sạt lở",
        "2",
        "NHA-TAM",
        "VUFO",
        True,
        [("16040", 80), ("74020", 20)],
        ["Lào Cai", "Hà Giang"],
        ["XX-DEMO-BBA"],
        [],
        [
            ("11", "2025-03-12", "250000", "EUR", "XX-DEMO-BBA"),
            ("3", "2025-08-05", "180000", "EUR", "XX-DEMO-BBA"),
        ],
    ),
    (
        "XX-DEMO-HBK-2025-01",
        "Nhà an toàn cho gia đình có người khuyết tật",
        "2",
        "NHA-TAM",
        "VUFO",
        True,
        [("16040", 70), ("16010", 30)],
        ["Thanh Hóa", "Quảng Ngãi"],
        ["XX-DEMO-HBK"],
        [],
        [
            ("11", "2025-04-02", "400000", "USD", "XX-DEMO-HBK"),
            ("3", "2025-09-10", "260000", "USD", "XX-DEMO-HBK"),
        ],
    ),
    (
        "XX-DEMO-FRA-2025-01",
        "Sửa chữa nhà dột nát cho hộ nông dân nghèo ven biển",
        "3",
        "NHA-TAM",
        "VUFO",
        True,
        [("16040", 100)],
        ["Cà Mau", "Bến Tre", "Sóc Trăng"],
        ["XX-DEMO-FRA"],
        [],
        [
            ("11", "2025-01-15", "8500000000", "VND", "XX-DEMO-FRA"),
            ("3", "2025-05-20", "8500000000", "VND", "XX-DEMO-FRA"),
        ],
    ),
    (
        "XX-DEMO-HSN-2025-02",
        "Góp xây nhà cho hộ cận nghèo người dân tộc thiểu số",
        "2",
        "NHA-TAM",
        "VUFO",
        True,
        [("16040", 100)],
        ["Điện Biên", "Lai Châu"],
        ["XX-DEMO-HSN"],
        [],
        [
            ("11", "2025-05-08", "5000000000", "VND", "XX-DEMO-HSN"),
            ("11", "2025-07-21", "8000000000", "VND", "XX-DEMO-HBK"),
        ],
    ),
    (
        "XX-DEMO-HSN-2025-01",
        "Trường học và nhà bán trú cho học sinh các xã biên giới phía Bắc",
        "2",
        "TRUONG-BIEN-GIOI",
        "VUFO",
        True,
        [("11220", 60), ("11120", 40)],
        [
            "xã Trà Lĩnh, Cao Bằng",
            "xã Đồng Văn, Tuyên Quang",
            "xã Tân Thanh, Lạng Sơn",
            "xã Bát Xát, Lào Cai",
        ],
        ["XX-DEMO-HSN"],
        [],
        [
            ("11", "2025-03-25", "1300000000", "JPY", "XX-DEMO-HSN"),
            ("3", "2025-10-02", "520000000", "JPY", "XX-DEMO-HSN"),
        ],
    ),
    (
        "XX-DEMO-HBK-2025-02",
        "Thư viện và phòng học số cho trường ở xã biên giới Tây Nguyên, Tây Bắc",
        "2",
        "TRUONG-BIEN-GIOI",
        "VUFO",
        True,
        [("11220", 100)],
        ["xã Ia Dom, Gia Lai", "xã Mường Nhé, Điện Biên", "xã Lóng Sập, Sơn La"],
        ["XX-DEMO-HBK"],
        [],
        [
            ("11", "2025-06-12", "4500000", "USD", "XX-DEMO-HBK"),
            ("3", "2025-11-18", "1800000", "USD", "XX-DEMO-HBK"),
        ],
    ),
    (
        "XX-DEMO-CLF-2025-01",
        "Rà phá bom mìn và hỗ trợ sinh kế cho nạn nhân ở huyện biên giới cũ",
        "2",
        "",
        "44",
        False,
        [("15250", 70), ("16010", 30)],
        ["xã Lao Bảo, Quảng Trị", "xã Hướng Lập, Quảng Trị"],
        ["XX-DEMO-CLF"],
        ["Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị"],
        [
            ("11", "2025-02-10", "18000000", "USD", "XX-DEMO-CLF"),
            ("3", "2025-07-30", "6500000", "USD", "XX-DEMO-CLF"),
        ],
    ),
    (
        "XX-DEMO-SCH-2025-01",
        "Chăm sóc sức khỏe ban đầu và dinh dưỡng bà mẹ, trẻ em vùng đồng bằng sông Cửu Long",
        "2",
        "",
        "VUFO",
        True,
        [("12220", 60), ("12240", 40)],
        ["An Giang", "Cà Mau", "Sóc Trăng"],
        ["XX-DEMO-SCH"],
        [],
        [
            ("11", "2025-01-28", "60000000", "AUD", "XX-DEMO-SCH"),
            ("3", "2025-09-01", "15000000", "AUD", "XX-DEMO-SCH"),
        ],
    ),
    (
        "XX-DEMO-MFT-2025-01",
        "Phục hồi rừng ngập mặn và sinh kế thích ứng khí hậu ven biển",
        "2",
        "",
        "VUFO",
        True,
        [("41030", 50), ("31220", 30), ("74020", 20)],
        ["Cà Mau", "Bến Tre"],
        ["XX-DEMO-MFT"],
        [],
        [
            ("11", "2025-04-18", "38000000", "USD", "XX-DEMO-MFT"),
            ("3", "2025-10-20", "9000000", "USD", "XX-DEMO-MFT"),
        ],
    ),
    (
        "XX-DEMO-HFH-2025-02",
        "Nước sạch và nhà vệ sinh cho trường học miền Trung",
        "2",
        "",
        "VUFO",
        True,
        [("14030", 70), ("11120", 30)],
        ["Quảng Ngãi", "Huế", "Đắk Lắk"],
        ["XX-DEMO-HFH"],
        [],
        [
            ("11", "2025-03-03", "30000000", "USD", "XX-DEMO-HFH"),
            ("3", "2025-08-25", "11000000", "USD", "XX-DEMO-HFH"),
        ],
    ),
    (
        "XX-DEMO-BBA-2025-02",
        "Dinh dưỡng học đường cho trẻ em miền núi phía Bắc",
        "2",
        "",
        "VUFO",
        True,
        [("12240", 100)],
        ["Lai Châu", "Điện Biên", "Cao Bằng"],
        ["XX-DEMO-BBA"],
        [],
        [
            ("11", "2025-05-14", "22000000", "EUR", "XX-DEMO-BBA"),
            ("3", "2025-12-01", "7000000", "EUR", "XX-DEMO-BBA"),
        ],
    ),
    (
        "XX-DEMO-HBK-2025-03",
        "Phát triển chuỗi giá trị nông nghiệp cho hợp tác xã phụ nữ",
        "2",
        "",
        "VUFO",
        True,
        [("31120", 60), ("15170", 40)],
        ["Thanh Hóa", "Nghệ An"],
        ["XX-DEMO-HBK"],
        [],
        [
            ("11", "2025-06-30", "26000000000", "KRW", "XX-DEMO-HBK"),
            ("3", "2025-11-05", "9000000000", "KRW", "XX-DEMO-HBK"),
        ],
    ),
    (
        "XX-DEMO-FRA-2025-02",
        "Nâng cao năng lực phòng chống thiên tai dựa vào cộng đồng",
        "2",
        "",
        "VUFO",
        True,
        [("74020", 100)],
        ["Quảng Trị", "Hà Tĩnh", "Quảng Ngãi"],
        ["XX-DEMO-FRA"],
        [],
        [
            ("11", "2025-02-25", "20000000", "EUR", "XX-DEMO-FRA"),
            ("3", "2025-07-15", "5500000", "EUR", "XX-DEMO-FRA"),
        ],
    ),
)


@transaction.atomic
def aid_demo_load(*, actor: Any, units: dict[str, Organization]) -> int:
    """Load the demo rates, programmes, partners, projects and transactions; return the project count."""
    for currency, monthly in RATES.items():
        rates = [(dt.date(2024, 12, 2), monthly[0])]
        rates += [(dt.date(2025, month, 1), rate) for month, rate in enumerate(monthly, start=1)]
        for day, rate in rates:
            services.exchange_rate_set(actor=actor, date=day, currency=currency, rate=D(rate))
    programmes = {
        code: services.programme_upsert(actor=actor, code=code, name=name, description=text)
        for code, name, text in PROGRAMMES
    }

    def owner(key: str) -> Organization:
        return units["VUFO"] if key == "VUFO" else units[f"union-{key}"]

    partners: dict[str, PartnerOrganization] = {}
    for name, name_vi, kind, country, iati, owner_key in PARTNERS:
        found = PartnerOrganization.objects.filter(iati_identifier=iati).first()
        partners[iati] = found or directory_services.partner_create(
            actor=actor,
            owner_unit=owner(owner_key),
            name=name,
            name_vi=name_vi,
            kind=kind,
            country=country,
            iati_identifier=iati,
            is_published=True,
            notes="Đối tác minh họa: tổ chức này không có thật.",
        )
    unit_names = {u.name: u for u in Organization.objects.all()}
    for (
        ident,
        title,
        status,
        programme,
        owner_key,
        published,
        sectors,
        places,
        funders,
        doers,
        txs,
    ) in PROJECTS:
        participants = [services.Participant("1", partners[f].name, partner=partners[f]) for f in funders] + [
            services.Participant("4", name, unit=unit_names.get(name)) for name in doers
        ]
        data = services.ProjectData(
            iati_identifier=ident,
            title=title,
            status=status,
            owner_unit=owner(owner_key),
            is_published=published,
            programme=programmes.get(programme),
            sectors=[(code, D(pct)) for code, pct in sectors],
            locations=[location_parse(place) for place in places],
            participants=participants,
        )
        project, _created = services.project_upsert(actor=actor, data=data)
        for kind, day, amount, currency, provider in txs:
            services.transaction_upsert(
                actor=actor,
                project=project,
                transaction_type=kind,
                date=_d(day),
                provider=partners[provider],
                value=D(amount),
                currency=currency,
            )
    return len(PROJECTS)
