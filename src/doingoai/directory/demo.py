"""Sample directory data written for doingoai's demo: the real structure, some partners, invented officials.

The organizations are real bodies (facts); the officials are invented and say so in their notes,
so the demo never puts words or titles in the mouth of a real person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from vietnam_provinces import Province, VietNamDivisionType

from doingoai.directory import services
from doingoai.directory.models import Organization, PartnerOrganization, Person


@dataclass(frozen=True)
class UnitSpec:
    """A unit to create, with the units below it; `kind` is an `OrganizationKind` value."""

    name: str
    kind: str
    abbreviation: str = ""
    country: str = ""
    children: tuple[UnitSpec, ...] = field(default_factory=tuple)


MISSIONS = (
    ("Đại sứ quán Việt Nam tại Nhật Bản", "JP"),
    ("Đại sứ quán Việt Nam tại Hàn Quốc", "KR"),
    ("Đại sứ quán Việt Nam tại Hợp chúng quốc Hoa Kỳ", "US"),
    ("Đại sứ quán Việt Nam tại Cộng hòa Pháp", "FR"),
    ("Đại sứ quán Việt Nam tại Liên bang Nga", "RU"),
    ("Đại sứ quán Việt Nam tại Cộng hòa Dân chủ Nhân dân Lào", "LA"),
    ("Đại sứ quán Việt Nam tại Vương quốc Campuchia", "KH"),
    ("Đại sứ quán Việt Nam tại Cộng hòa Liên bang Đức", "DE"),
    ("Phái đoàn đại diện thường trực Việt Nam tại Liên hợp quốc", "US"),
)

CENTRAL = (
    UnitSpec(
        "Bộ Ngoại giao",
        "central",
        "BNG",
        children=tuple(UnitSpec(name, "mission", country=code) for name, code in MISSIONS),
    ),
    UnitSpec("Ban Đối ngoại Trung ương", "central", "BĐNTW"),
    UnitSpec(
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "central",
        "UBTƯ MTTQ VN",
        children=(
            UnitSpec("Tổng Liên đoàn Lao động Việt Nam", "mass", "TLĐLĐVN"),
            UnitSpec("Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", "mass", "TƯ Đoàn"),
            UnitSpec("Trung ương Hội Liên hiệp Phụ nữ Việt Nam", "mass", "Hội LHPN VN"),
            UnitSpec("Trung ương Hội Nông dân Việt Nam", "mass", "HND VN"),
            UnitSpec("Trung ương Hội Cựu chiến binh Việt Nam", "mass", "HCCB VN"),
        ),
    ),
    UnitSpec("Liên hiệp các tổ chức hữu nghị Việt Nam", "friendship_union", "VUFO"),
)

# Provinces that keep a department of foreign affairs after the 2025 reorganization in this demo.
FOREIGN_AFFAIRS_DEPARTMENTS = {"01", "79"}


def province_place(province: Province) -> str:
    """Return "tỉnh Cao Bằng" or "thành phố Hà Nội", the form used after "Ủy ban nhân dân"."""
    if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
        bare = province.name.removeprefix("Thành phố ").strip()
        return f"thành phố {bare}"
    return f"tỉnh {province.name}"


# name, Vietnamese name, abbreviation, kind, country, IATI identifier, owner ("VUFO" or a province code),
# published. The IATI identifiers are the organisations' registered ones (charity or company numbers).
PARTNERS: tuple[tuple[str, str, str, str, str, str, str, bool], ...] = (
    (
        "Save the Children UK",
        "Tổ chức Cứu trợ trẻ em (Anh)",
        "SCUK",
        "ngo",
        "GB",
        "GB-CHC-213890",
        "VUFO",
        True,
    ),
    (
        "ActionAid UK",
        "Tổ chức Hành động viện trợ (Anh)",
        "",
        "ngo",
        "GB",
        "GB-CHC-274467",
        "VUFO",
        True,
    ),
    (
        "Plan International UK",
        "Tổ chức Plan International (Anh)",
        "",
        "ngo",
        "GB",
        "GB-CHC-276035",
        "VUFO",
        True,
    ),
    (
        "Oxfam Novib",
        "Tổ chức Oxfam Novib (Hà Lan)",
        "",
        "ngo",
        "NL",
        "NL-KVK-27108436",
        "VUFO",
        True,
    ),
    (
        "Japan-Vietnam Friendship Association",
        "Hội Hữu nghị Nhật Bản – Việt Nam",
        "",
        "friendship_association",
        "JP",
        "",
        "VUFO",
        True,
    ),
    (
        "Association d'Amitié Franco-Vietnamienne",
        "Hội Hữu nghị Pháp – Việt Nam",
        "AAFV",
        "friendship_association",
        "FR",
        "",
        "VUFO",
        True,
    ),
    (
        "Russian-Vietnamese Friendship Society",
        "Hội Hữu nghị Nga – Việt",
        "",
        "friendship_association",
        "RU",
        "",
        "VUFO",
        True,
    ),
    (
        "Korea-Vietnam Friendship Association",
        "Hội Hữu nghị Hàn Quốc – Việt Nam",
        "",
        "friendship_association",
        "KR",
        "",
        "44",
        False,
    ),
    ("Good Neighbors International", "Tổ chức Láng giềng tốt", "", "ngo", "KR", "", "44", False),
    (
        "Mekong Water Schools Initiative",
        "Sáng kiến Trường học nước sạch Mê Kông (dữ liệu mẫu)",
        "",
        "ngo",
        "AU",
        "",
        "01",
        False,
    ),
)

# Invented officials: (name, owner: "VUFO" or a province code, title in the owning unit, start, published)
PEOPLE: tuple[tuple[str, str, str, dt.date, bool], ...] = (
    ("Trần Thị Minh Hòa", "VUFO", "Trưởng ban Điều phối viện trợ nhân dân", dt.date(2023, 4, 1), True),
    ("Lê Quang Đức", "44", "Chủ tịch Liên hiệp các tổ chức hữu nghị", dt.date(2025, 7, 1), True),
    ("Phạm Ngọc Ánh", "44", "Chuyên viên phụ trách đối ngoại nhân dân", dt.date(2024, 2, 15), False),
    ("Đỗ Văn Khánh", "01", "Phó Chủ tịch Liên hiệp các tổ chức hữu nghị", dt.date(2022, 9, 1), False),
    ("Nguyễn Thu Trang", "79", "Trưởng phòng Quan hệ quốc tế", dt.date(2025, 7, 1), True),
)

DEMO_NOTE = "Dữ liệu minh họa: người này không có thật."


def _unit(actor: Any, spec: UnitSpec, parent: Organization | None, province_code: str = "") -> Organization:
    existing = Organization.objects.filter(parent=parent, name=spec.name).first()
    unit = existing or services.organization_create(
        actor=actor,
        name=spec.name,
        kind=spec.kind,
        parent=parent,
        abbreviation=spec.abbreviation,
        province_code=province_code,
        country=spec.country,
    )
    for child in spec.children:
        _unit(actor, child, unit, province_code)
    return unit


@transaction.atomic
def directory_demo_load(*, actor: Any) -> dict[str, Organization]:
    """Create the demo directory (skipping what exists) and return the key units by short name.

    Keys: "BNG", "VUFO", "MTTQ", and each province code ("01" ... ) for its people's committee,
    and "union-<code>" for its friendship union.
    """
    units: dict[str, Organization] = {}
    for spec in CENTRAL:
        units[spec.abbreviation] = _unit(actor, spec, None)
    units["MTTQ"] = units["UBTƯ MTTQ VN"]
    for province in sorted(Province.iter_all(), key=lambda p: p.code.value):
        code = f"{province.code.value:02d}"
        place = province_place(province)
        children = [UnitSpec(f"Liên hiệp các tổ chức hữu nghị {place}", "friendship_union")]
        if code in FOREIGN_AFFAIRS_DEPARTMENTS:
            children.append(UnitSpec(f"Sở Ngoại vụ {place}", "province_department"))
        spec = UnitSpec(
            f"Ủy ban nhân dân {place}", "province", f"UBND {province.name}", children=tuple(children)
        )
        committee = _unit(actor, spec, None, code)
        units[code] = committee
        units[f"union-{code}"] = Organization.objects.get(parent=committee, kind="friendship_union")

    def owner(key: str) -> Organization:
        return units["VUFO"] if key == "VUFO" else units[f"union-{key}"]

    for name, name_vi, abbreviation, kind, country, iati, owner_key, published in PARTNERS:
        if not PartnerOrganization.objects.filter(name=name).exists():
            services.partner_create(
                actor=actor,
                owner_unit=owner(owner_key),
                name=name,
                name_vi=name_vi,
                abbreviation=abbreviation,
                kind=kind,
                country=country,
                iati_identifier=iati,
                is_published=published,
            )
    for full_name, owner_key, title, start, published in PEOPLE:
        if Person.objects.filter(full_name=full_name).exists():
            continue
        unit = owner(owner_key)
        person = services.person_create(
            actor=actor, owner_unit=unit, full_name=full_name, notes=DEMO_NOTE, is_published=published
        )
        services.position_add(actor=actor, person=person, title=title, organization=unit, start_date=start)
    return units
