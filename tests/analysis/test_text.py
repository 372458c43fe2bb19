from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doingoai.analysis.text import (
    entity_key,
    fold_equal,
    fold_key,
    has_diacritics,
    name_sort_key,
    text_normalize,
    tone_equal,
    tone_key,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hoà", "hòa"),
        ("Hoà Bình", "hòa bình"),
        ("thuỷ", "thủy"),
        ("Thuỵ Điển", "Thụy Điển"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("hoạ sĩ", "họa sĩ"),
        ("loè loẹt", "lòe loẹt"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("tuỳ", "tùy"),
    ],
)
def test_tone_mark_placement_variants_compare_equal(a: str, b: str) -> None:
    assert tone_equal(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hòa", "hóa"),
        ("thủy", "thúy"),
        ("quý", "quỳ"),
        ("Hoàng", "Hoảng"),
        ("đồng", "động"),
    ],
)
def test_different_tones_do_not_compare_equal(a: str, b: str) -> None:
    assert not tone_equal(a, b)


def test_tone_key_leaves_qu_syllables_alone() -> None:
    assert tone_key("quý") == "quý"
    assert tone_key("Quỳnh") == "quỳnh"


def test_tone_key_leaves_syllables_with_final_consonant_alone() -> None:
    assert tone_key("hoàng") == "hoàng"
    assert tone_key("thuyền") == "thuyền"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Đối ngoại nhân dân", "doi ngoai nhan dan"),
        ("đồng", "dong"),
        ("ĐỒNG", "dong"),
        ("Hoà Bình", "hoa binh"),
        ("Thành phố Hồ Chí Minh", "thanh pho ho chi minh"),
        ("Ủy ban Trung ương MTTQ", "uy ban trung uong mttq"),
        ("Bộ Ngoại giao, 2025", "bo ngoai giao, 2025"),
        ("Quảng Trị", "quang tri"),
    ],
)
def test_fold_key_drops_diacritics_and_maps_d_bar(text: str, key: str) -> None:
    assert fold_key(text) == key


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("Quang Tri", False),
        ("DA NANG 2025", False),
        ("Москва", False),  # another script, no Latin diacritic
        ("Quang Trị", True),
        ("ĐA NANG", True),
        ("dđ", True),
        ("Hoà", True),
        ("", False),
    ],
)
def test_has_diacritics_tells_a_name_typed_with_marks(text: str, marked: bool) -> None:
    assert has_diacritics(text) is marked


def test_search_without_diacritics_matches() -> None:
    assert fold_equal("doi ngoai nhan dan", "đối ngoại nhân dân")
    assert fold_equal("dong", "đồng")
    assert fold_equal("hoa", "hoà")
    assert fold_equal("hoa", "hòa")


def test_text_normalize_composes_to_nfc_and_unifies_line_breaks() -> None:
    decomposed = unicodedata.normalize("NFD", "Việt Nam\r\nđối ngoại")
    out = text_normalize("\ufeff" + decomposed)
    assert out == "Việt Nam\nđối ngoại"
    assert unicodedata.is_normalized("NFC", out)


@given(st.text())
def test_keys_preserve_length_so_offsets_carry_over(text: str) -> None:
    text = text_normalize(text)
    assert len(fold_key(text)) == len(text)
    assert len(tone_key(text)) == len(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bộ Ngoại giao", "bo ngoai giao"),
        ("Liên hiệp  các tổ chức hữu nghị", " Lien hiep cac to chuc huu nghi "),
        ("Đà Nẵng", "DA NANG"),
        ("Nguyễn\tThị   Hoà", "nguyen thi hoa"),
        (unicodedata.normalize("NFD", "Thừa Thiên Huế"), "Thừa Thiên Huế"),
        ("Quỹ\nHòa bình", "quy hoa binh"),
    ],
)
def test_spellings_of_one_name_share_the_entity_key(a: str, b: str) -> None:
    assert entity_key(a) == entity_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hội Hữu nghị Việt – Lào", "Hội Hữu nghị Việt Nam"),
        ("Trần Cẩm Tú", "Trần Cẩm"),
        ("Bộ Y tế", "Bộ Ytế"),
    ],
)
def test_different_names_keep_different_entity_keys(a: str, b: str) -> None:
    assert entity_key(a) != entity_key(b)


def test_entity_key_is_folded_with_single_spaces() -> None:
    assert entity_key("  Ủy ban  Nhân dân tỉnh Điện Biên ") == "uy ban nhan dan tinh dien bien"


@pytest.mark.parametrize(
    ("unsorted", "expected"),
    [
        # "Đ" right after "D", "Ư" after "U", "Ă" and "Â" after "A": not after "Z" by code point.
        (
            ["Đà Nẵng", "Điện Biên", "Gia Lai", "Dak", "Zürich"],
            ["Dak", "Đà Nẵng", "Điện Biên", "Gia Lai", "Zürich"],
        ),
        (["Ưu tiên", "Ủy ban", "Vĩnh Long"], ["Ủy ban", "Ưu tiên", "Vĩnh Long"]),
        (["Ấn Độ", "Anh", "An Giang", "Bắc Ninh"], ["An Giang", "Anh", "Ấn Độ", "Bắc Ninh"]),
        # Letters first, then tones: "Hạ Long" before "Hà Nội" (l before n), "Ha Noi" before "Hà Nội".
        (["Hà Nội", "Hải Phòng", "Ha Noi", "Hạ Long"], ["Hạ Long", "Ha Noi", "Hà Nội", "Hải Phòng"]),
        # Tone-mark placement and case do not part equal names.
        (["hoà bình", "Hòa Bình"], ["Hòa Bình", "hoà bình"]),
    ],
)
def test_names_sort_as_a_vietnamese_dictionary_does(unsorted: list[str], expected: list[str]) -> None:
    assert sorted(unsorted, key=name_sort_key) == expected


def test_invisible_characters_go_and_an_eth_is_read_as_d() -> None:
    from doingoai.analysis.text import fold_key, text_normalize

    assert text_normalize("Qu\u200bảng Tr\u00adị") == "Quảng Trị"
    assert text_normalize("\u00d0à Nẵng, \u00f0ường") == "Đà Nẵng, đường"
    assert fold_key("\u00d0à") == "da"
