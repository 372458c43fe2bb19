from __future__ import annotations

import pytest

from doingoai.aid.locations import location_parse


@pytest.mark.parametrize(
    ("text", "name", "original"),
    [
        ("Quang Tri Province", "Tỉnh Quảng Trị", "Quang Tri Province"),
        ("Hanoi", "Thành phố Hà Nội", "Hanoi"),
        ("Ho Chi Minh City", "Thành phố Hồ Chí Minh", "Ho Chi Minh City"),
        (
            "Huong Phung Commune, Quang Tri Province",
            "Xã Hướng Phùng, Tỉnh Quảng Trị",
            "Huong Phung Commune, Quang Tri Province",
        ),
        (
            "Commune Huong Phung, Quang Tri",
            "Xã Hướng Phùng, Tỉnh Quảng Trị",
            "Commune Huong Phung, Quang Tri",
        ),
        ("xã Hướng Phùng, Quảng Trị", "Xã Hướng Phùng, Tỉnh Quảng Trị", ""),
        ("Quảng Bình", "Tỉnh Quảng Trị", "Quảng Bình"),  # a former province, converted
    ],
)
def test_place_in_english_or_vietnamese_is_read_into_the_units_in_force(
    text: str, name: str, original: str
) -> None:
    location = location_parse(text)
    assert (location.name, location.original) == (name, original)


def test_unknown_english_place_names_what_it_was_read_as() -> None:
    with pytest.raises(ValueError, match="“Atlantis Province” \\(đọc như “Atlantis”\\)"):
        location_parse("Atlantis Province")


def test_a_name_with_diacritics_is_not_matched_to_another_tone() -> None:
    # "Tân Thanh" (Lạng Sơn) was merged in 2025: it converts as a former commune, not as "Tân Thành".
    assert location_parse("xã Tân Thanh, Lạng Sơn").original == "xã Tân Thanh, Lạng Sơn"
