"""The administrative units in force since 1 July 2025 and the look-ups over them."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from doingoai.analysis.admin_units import (
    COMMUNE_KINDS,
    KIND_CENTRAL_CITY,
    admin_units,
    commune_by_code,
    communes_find,
    former_commune_convert,
    province_by_code,
    province_lookup,
    province_name_find,
    provinces_all,
)


def test_there_are_34_provinces_six_of_them_centrally_run_cities() -> None:
    provinces = provinces_all()
    assert len(provinces) == 34
    assert len({p.code for p in provinces}) == 34
    assert sorted(p.name for p in provinces if p.kind == KIND_CENTRAL_CITY) == [
        "Cần Thơ",
        "Huế",
        "Hà Nội",
        "Hải Phòng",
        "Thành phố Hồ Chí Minh",
        "Đà Nẵng",
    ]
    assert all(p.kind == "tỉnh" for p in provinces if p.kind != KIND_CENTRAL_CITY)


def test_there_are_3321_communes_each_in_one_of_the_provinces() -> None:
    communes = admin_units().communes.values()
    assert Counter(c.kind for c in communes) == {"xã": 2621, "phường": 687, "đặc khu": 13}
    codes = {p.code for p in provinces_all()}
    assert all(c.province_code in codes and len(c.code) == 5 for c in communes)


def test_names_are_without_kind_word_except_the_city_named_after_a_person() -> None:
    quang_tri = province_by_code("44")
    assert quang_tri is not None and quang_tri.name == "Quảng Trị"
    hanoi = province_by_code(1)
    assert hanoi is not None and (hanoi.name, hanoi.full_name) == ("Hà Nội", "Thành phố Hà Nội")
    hcmc = province_by_code("79")
    assert hcmc is not None and hcmc.name == hcmc.full_name == "Thành phố Hồ Chí Minh"
    assert all(
        not c.name.lower().startswith(("xã ", "phường ", "đặc khu ")) for c in admin_units().communes.values()
    )


def test_province_lists_the_former_provinces_merged_into_it() -> None:
    former = {p.name: p.former_names for p in provinces_all()}
    assert former["Quảng Trị"] == ("Quảng Bình",)
    assert set(former["Thành phố Hồ Chí Minh"]) == {"Bình Dương", "Bà Rịa - Vũng Tàu"}
    assert former["Huế"] == ("Thừa Thiên Huế",)
    assert former["Cao Bằng"] == ()
    assert sum(len(names) for names in former.values()) == 63 - 34 + 1  # + Thừa Thiên Huế, renamed


def _former_provinces() -> list[str]:
    from vietnamadminunits.database import get_data

    return [row["province"] for row in get_data(["province"], table="admin_units_legacy")]


@pytest.mark.parametrize("former", [*_former_provinces(), "Thừa Thiên Huế", "Tỉnh Thừa Thiên Huế"])
def test_former_province_maps_where_vietnamadminunits_converts_it(former: str) -> None:
    from vietnamadminunits import convert_address

    province = province_lookup(former)
    assert province is not None
    assert province.code == convert_address(former).province_code


# (name as a user or another module writes it, province code)
LOOKUPS = [
    ("Quảng Trị", "44"),
    ("tỉnh Quảng Trị", "44"),
    ("Tỉnh Quảng Trị", "44"),
    ("Quang Tri", "44"),
    ("Quảng Bình", "44"),
    ("TP.HCM", "79"),
    ("TPHCM", "79"),
    ("TP. Hồ Chí Minh", "79"),
    ("Thành phố Hồ Chí Minh", "79"),
    ("Bình Dương", "79"),
    ("Bà Rịa – Vũng Tàu", "79"),
    ("Vũng Tàu", "79"),
    ("Thủ đô Hà Nội", "01"),
    ("ha noi", "01"),
    ("Khánh Hoà", "56"),
    ("Khánh Hòa", "56"),
    ("Thừa Thiên Huế", "46"),
    ("Hà Giang", "08"),
    ("Hoà Bình", "25"),
    ("Nam", None),
    ("Tân Lập", None),
    ("Hòa", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("name", "code"), LOOKUPS)
def test_province_lookup_reads_current_and_former_names(name: str, code: str | None) -> None:
    province = province_lookup(name)
    assert (province.code if province else None) == code


def test_province_name_find_tells_a_former_name_from_a_current_one() -> None:
    former = province_name_find("tỉnh Quảng Bình")
    current = province_name_find("Quảng Trị")
    assert former is not None and former.former and former.province.code == "44"
    assert current is not None and not current.former


@pytest.mark.parametrize("typed", ["Kiến Giang", "tỉnh Kiến Giang", "Hà Năm", "Quang Trị", "tinh Quảng Tri"])
def test_province_name_typed_with_diacritics_is_not_matched_by_its_folded_spelling(typed: str) -> None:
    # "Kiến Giang" is a former township in Quảng Trị, not the former province Kiên Giang.
    assert province_name_find(typed) is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Kien Giang", "91"),
        ("Quang Tri", "44"),
        ("DA NANG", "48"),
        ("tinh Quang Tri", "44"),
        ("Thanh pho Hai Phong", "31"),
        ("thu do ha noi", "01"),
    ],
)
def test_province_name_typed_without_diacritics_is_matched_by_its_folded_spelling(
    typed: str, code: str
) -> None:
    found = province_name_find(typed)
    assert found is not None and found.province.code == code


def test_province_by_code_accepts_numbers_and_rejects_nonsense() -> None:
    assert province_by_code("1") == province_by_code("01") == province_by_code(1)
    assert province_by_code("xx") is None
    assert province_by_code("02") is None  # Hà Giang's code before 2025


# (name, kind, province code, expected commune codes)
COMMUNE_LOOKUPS = [
    ("xã Tân Lập", None, None, {"19462", "23134", "25489"}),
    ("Tân Lập", "phường", None, {"24121"}),
    ("Tân Lập", "xã", "44", {"19462"}),
    ("Đắk Song", None, None, {"24718"}),  # written "Đắk song" in the package data
    ("Cư M'gar", None, None, {"24280"}),  # the data writes ’
    ("phường Buôn Ma Thuột", None, None, {"24133"}),  # "Phường  Buôn Ma Thuột" in the data
    ("Đặc khu Côn Đảo", None, None, {"26732"}),
    ("Quảng Trị", None, None, {"19360"}),  # a ward in the province of the same name
    ("Hà Nội", None, None, set()),
]


@pytest.mark.parametrize(("name", "kind", "province_code", "codes"), COMMUNE_LOOKUPS)
def test_communes_find_reads_names_with_or_without_kind_word(
    name: str, kind: str | None, province_code: str | None, codes: set[str]
) -> None:
    assert {c.code for c in communes_find(name, kind, province_code)} == codes


def test_commune_by_code_pads_the_code() -> None:
    commune = commune_by_code(4)
    assert commune is not None and (commune.name, commune.kind, commune.province_code) == (
        "Ba Đình",
        "phường",
        "01",
    )
    assert commune.full_name == "Phường Ba Đình"
    assert commune.kind in COMMUNE_KINDS


def test_former_commune_converts_with_its_district_or_alone_in_its_province() -> None:
    with_district = former_commune_convert("Hồ Xá", "thị trấn", district="Vĩnh Linh")
    in_province = former_commune_convert("Hồ Xá", "thị trấn", frozenset({"44"}))
    assert with_district is not None and with_district == in_province
    assert (with_district.name, with_district.code) == ("Vĩnh Linh", "19363")


def test_former_commune_shared_by_several_provinces_is_not_converted() -> None:
    assert former_commune_convert("Tân Lập", "xã") is None
    assert former_commune_convert("Hồ Xá", "thị trấn", frozenset({"01"})) is None


def test_unit_tables_load_without_importing_vietnamadminunits() -> None:
    # importing vietnamadminunits costs about 0.5 s and 60 MB; the tables read its dataset directly
    code = (
        "import sys\n"
        "from doingoai.analysis.places import _matcher\n"
        "_matcher()\n"
        "print('vietnamadminunits' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
