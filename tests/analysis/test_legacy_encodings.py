from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doingoai.analysis.legacy_encodings import (
    ENCODINGS,
    LEGACY_ENCODINGS,
    TCVN3_CODES,
    VNI_SPELLINGS,
    encoding_detect,
    mojibake_detect,
    mojibake_repair,
    syllable_is_vietnamese,
    text_decode,
    text_encode,
    vietnamese_letters,
    vietnamese_plausibility,
)

# Typed by hand, not built from the module's tables.
LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
UPPER = "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"

# TCVN 5712:1993 table VN3, bytes 0xA1-0xFE in order; "_" where VN3 assigns no letter.
VN3_A1_TO_FE = (
    "ĂÂÊÔƠƯĐăâêôơưđ_"  # A1-AF
    "_____àảãáạ_ằẳẵắ_"  # B0-BF
    "______ặầẩẫấậè_ẻẽ"  # C0-CF
    "éẹềểễếệìỉ___ĩíịò"  # D0-DF
    "_ỏõóọồổỗốộờởỡớợù"  # E0-EF
    "_ủũúụừửữứựỳỷỹýỵ"  # F0-FE
)

ARTICLE = (
    "Chiều 15/3, tại thành phố Huế, Liên hiệp các tổ chức hữu nghị tỉnh đã tiếp đoàn đại biểu "
    "Hội hữu nghị Nhật – Việt do ông Tanaka làm trưởng đoàn. Hai bên trao đổi về kế hoạch tổ chức "
    "tuần lễ văn hóa, chương trình học bổng cho sinh viên nghèo và dự án trồng rừng ngập mặn "
    "trị giá 2,5 tỷ đồng.\n"
)


def test_the_134_letters_are_the_vietnamese_letters_outside_ascii() -> None:
    assert len(LOWER) == len(UPPER) == 67
    assert sorted(vietnamese_letters()) == sorted(LOWER + UPPER)


@pytest.mark.parametrize("encoding", ["vni", "cp1258"])
def test_every_vietnamese_letter_survives_a_round_trip(encoding: str) -> None:
    changed = [c for c in LOWER + UPPER if text_decode(text_encode(c, encoding), encoding) != c]
    assert changed == []


def test_vni_has_a_spelling_for_every_letter() -> None:
    assert sorted(VNI_SPELLINGS) == sorted(LOWER + UPPER)


def test_tcvn3_has_a_byte_for_every_lowercase_letter_and_seven_capitals() -> None:
    assert sorted(TCVN3_CODES) == sorted(LOWER + "ĂÂÊÔƠƯĐ")
    assert len(set(TCVN3_CODES.values())) == len(TCVN3_CODES)


@pytest.mark.parametrize(("offset", "letter"), list(enumerate(VN3_A1_TO_FE)))
def test_tcvn3_byte_reads_as_the_vn3_letter(offset: int, letter: str) -> None:
    byte = bytes([0xA1 + offset])
    expected = byte.decode("cp1252") if letter == "_" else letter
    # "x" before the byte keeps it off the start of a sentence, where capitals are restored.
    assert text_decode(b"x" + byte, "tcvn3") == "x" + expected


def test_tcvn3_writes_a_capital_vowel_with_a_tone_with_the_lowercase_byte() -> None:
    assert text_encode("Ấ", "tcvn3") == text_encode("ấ", "tcvn3") == b"\xca"
    assert text_encode("Ă", "tcvn3") == b"\xa1"


@pytest.mark.parametrize(
    ("letter", "glyphs"),
    [
        ("á", "aù"),
        ("à", "aø"),
        ("ả", "aû"),
        ("ã", "aõ"),
        ("ạ", "aï"),
        ("â", "aâ"),
        ("ấ", "aá"),
        ("ầ", "aà"),
        ("ẩ", "aå"),
        ("ẫ", "aã"),
        ("ậ", "aä"),
        ("ă", "aê"),
        ("ắ", "aé"),
        ("ằ", "aè"),
        ("ẳ", "aú"),
        ("ẵ", "aü"),
        ("ặ", "aë"),
        ("ơ", "ô"),
        ("ớ", "ôù"),
        ("ư", "ö"),
        ("ự", "öï"),
        ("đ", "ñ"),
        ("Đ", "Ñ"),
        ("í", "í"),
        ("ì", "ì"),
        ("ỉ", "æ"),
        ("ĩ", "ó"),
        ("ị", "ò"),
        ("ỳ", "yø"),
        ("ỵ", "î"),
        ("Ỵ", "Î"),
        ("Ớ", "ÔÙ"),
        ("Ẫ", "AÃ"),
        ("Ệ", "EÄ"),
    ],
)
def test_vni_spells_each_letter_with_its_windows_glyphs(letter: str, glyphs: str) -> None:
    raw = glyphs.encode("cp1252")
    assert text_encode(letter, "vni") == raw
    assert text_decode(raw, "vni") == letter


# Byte strings checked by hand against the VN3 table, the VNI layout and Windows-1258.
KNOWN_WORDS = [
    ("tcvn3", b"Vi\xd6t Nam", "Việt Nam"),
    ("tcvn3", b"B\xe9 Ngo\xb9i giao", "Bộ Ngoại giao"),
    ("tcvn3", b"\xaeo\xb5n \xae\xe8i ngo\xb9i nh\xa9n d\xa9n", "đoàn đối ngoại nhân dân"),
    ("tcvn3", b"H\xb5 N\xe9i", "Hà Nội"),
    ("tcvn3", b"Th\xad\xeang tr\xf9c", "Thường trực"),
    ("tcvn3", b"\xf1y ban nh\xa9n d\xa9n t\xd8nh Qu\xb6ng Tr\xde", "Ủy ban nhân dân tỉnh Quảng Trị"),
    (
        "tcvn3",
        b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
    ),
    ("tcvn3", b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c", "Độc lập - Tự do - Hạnh phúc"),
    ("tcvn3", b"\xa6u ti\xaan ng\xa9n s\xb8ch", "Ưu tiên ngân sách"),
    ("vni", b"Vie\xe4t Nam", "Việt Nam"),
    ("vni", b"Bo\xe4 Ngoa\xefi giao", "Bộ Ngoại giao"),
    ("vni", b"\xf1o\xe1i ngoa\xefi nha\xe2n da\xe2n", "đối ngoại nhân dân"),
    ("vni", b"Ha\xf8 No\xe4i", "Hà Nội"),
    ("vni", b"Th\xf6\xf4\xf8ng tr\xf6\xefc", "Thường trực"),
    ("vni", b"U\xdby ban nha\xe2n da\xe2n t\xe6nh Qua\xfbng Tr\xf2", "Ủy ban nhân dân tỉnh Quảng Trị"),
    ("vni", b"\xd1o\xe4c la\xe4p - T\xf6\xef do - Ha\xefnh phu\xf9c", "Độc lập - Tự do - Hạnh phúc"),
    ("vni", b"ngh\xf3a vu\xef, kha\xe9c phu\xefc, \xf1a\xe9t \xf1o\xfb", "nghĩa vụ, khắc phục, đắt đỏ"),
    ("cp1258", b"Vi\xea\xf2t Nam", "Việt Nam"),
    ("cp1258", b"B\xf4\xf2 Ngoa\xf2i giao", "Bộ Ngoại giao"),
    ("cp1258", b"\xf0\xf4\xeci ngoa\xf2i nh\xe2n d\xe2n", "đối ngoại nhân dân"),
    ("cp1258", b"H\xe0 N\xf4\xf2i", "Hà Nội"),
    ("cp1258", b"Th\xfd\xf5\xccng tr\xfd\xf2c", "Thường trực"),
    ("cp1258", b"U\xd2y ban nh\xe2n d\xe2n ti\xd2nh Qua\xd2ng Tri\xf2", "Ủy ban nhân dân tỉnh Quảng Trị"),
]


@pytest.mark.parametrize(("encoding", "raw", "text"), KNOWN_WORDS)
def test_known_words_decode_to_unicode(encoding: str, raw: bytes, text: str) -> None:
    decoded = text_decode(raw, encoding)
    assert decoded == text
    assert unicodedata.is_normalized("NFC", decoded)


@pytest.mark.parametrize(("encoding", "raw", "text"), KNOWN_WORDS)
def test_known_words_encode_to_the_hand_checked_bytes(encoding: str, raw: bytes, text: str) -> None:
    assert text_encode(text, encoding) == raw


def test_vni_mark_typed_in_the_other_case_still_composes() -> None:
    assert text_decode(b"Vie\xc4t NA\xf8M", "vni") == "Việt NÀM"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"VI\xd6T NAM", "VIỆT NAM"),
        (b"\xa7\xe8I NGO\xb9I NH\xa2N D\xa2N", "ĐỐI NGOẠI NHÂN DÂN"),
        (b"\xf1y ban", "Ủy ban"),
        (b"V\xd7 nhi\xd2u l\xfd do. \xeb T\xa9y Nguy\xaan", "Vì nhiều lý do. Ở Tây Nguyên"),
        (b"Ngh\xd8 ng\xaci.\n\xb8o d\xb5i", "Nghỉ ngơi.\nÁo dài"),
        (b"\xcan \xa7\xe9", "Ấn Độ"),
        (b"- \xf1y vi\xaan", "- Ủy viên"),
        (b"\xab \xa6\xedc", "ô Ước"),
    ],
)
def test_tcvn3_restores_capitals_it_can_infer(raw: bytes, text: str) -> None:
    assert text_decode(raw, "tcvn3") == text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"c\xf1a \xf1y ban", "của ủy ban"),  # mid-sentence: "ủy" or "Ủy" both occur
        (b"B\xe9 NGO\xb9I GIAO", "Bộ NGOẠI GIAO"),  # "Bộ GD&ĐT" is usual too: one capital proves nothing
        (b"g\xe5m: \xf1y vi\xaan", "gồm: ủy viên"),  # a colon does not end the sentence
    ],
)
def test_tcvn3_leaves_lowercase_where_the_capital_is_a_guess(raw: bytes, text: str) -> None:
    assert text_decode(raw, "tcvn3") == text


@pytest.mark.parametrize(
    "word",
    [
        "nghiêng",
        "khuyết",
        "giữ",
        "gì",
        "quốc",
        "người",
        "rượu",
        "khuya",
        "ạ",
        "xoong",
        "Việt",
        "ĐƯỜNG",
        "uống",
        "huých",
        "oách",
        "yêu",
        "chuyện",
        "được",
    ],
)
def test_well_formed_syllables_are_vietnamese(word: str) -> None:
    assert syllable_is_vietnamese(word)


@pytest.mark.parametrize(
    "word",
    [
        "ViÖt",  # TCVN3 read as Windows-1252
        "hoµ",
        "nghÜa",
        "Vieät",  # VNI read as Windows-1252
        "Haø",
        "Viêòt",  # Windows-1258 read as Windows-1252
        "café",
        "Müller",
        "naïve",
        "tìêt",  # two tones
        "bàt",  # a stop final only takes sắc or nặng
        "ñu",  # tilde on a consonant
        "Vieọt",  # VNI bytes read as TCVN3
        "hâ",  # â needs a final consonant
    ],
)
def test_mojibake_and_foreign_words_are_not_vietnamese(word: str) -> None:
    assert not syllable_is_vietnamese(word)


def test_plausibility_counts_syllables_and_garbage() -> None:
    good = vietnamese_plausibility("Đoàn đại biểu thăm Quảng Trị")
    bad = vietnamese_plausibility("§oµn ®¹i biÓu th¨m Qu¶ng TrÞ")
    assert (good.syllables, good.garbage) == (6, 0)
    assert bad.garbage > bad.syllables


def _cp1252_glyphs(raw: bytes) -> str:
    """Return what an old converter wrote: each byte as its Windows-1252 character (latin-1 if none)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


DETECTION_CASES: list[tuple[str, Callable[[], bytes], str | None]] = [
    ("utf-8 Vietnamese", lambda: ARTICLE.encode("utf-8"), "utf-8"),
    ("utf-8 with a byte-order mark", lambda: ARTICLE.encode("utf-8-sig"), "utf-8"),
    ("utf-16 with a byte-order mark", lambda: ARTICLE.encode("utf-16"), "utf-16"),
    ("English ASCII", lambda: b"The delegation visited Hue on 15 March.\n", "utf-8"),
    ("utf-8 Vietnamese with latin-1 letters only", lambda: "Cá và tôm, cà phê".encode(), "utf-8"),
    ("utf-8 French", lambda: "Les élèves de l'école française à Hà Nội".encode(), "utf-8"),
    ("utf-8 French without Vietnamese", lambda: "Le député a voté à Paris.".encode(), "utf-8"),
    ("Windows-1258", lambda: text_encode(ARTICLE, "cp1258"), "cp1258"),
    ("TCVN3", lambda: text_encode(ARTICLE, "tcvn3"), "tcvn3"),
    ("VNI", lambda: text_encode(ARTICLE, "vni"), "vni"),
    ("TCVN3 short title", lambda: text_encode("Hội nghị tổng kết", "tcvn3"), "tcvn3"),
    ("VNI short title", lambda: text_encode("Hội nghị tổng kết", "vni"), "vni"),
    ("Windows-1258 short title", lambda: text_encode("Hội nghị tổng kết", "cp1258"), "cp1258"),
    (
        "TCVN3 saved as utf-8 via Windows-1252",
        lambda: _cp1252_glyphs(text_encode(ARTICLE, "tcvn3")).encode(),
        "tcvn3-in-utf-8",
    ),
    (
        "TCVN3 saved as utf-8 via latin-1",
        lambda: text_encode(ARTICLE, "tcvn3").decode("latin-1").encode(),
        "tcvn3-in-utf-8",
    ),
    (
        "VNI saved as utf-8",
        lambda: _cp1252_glyphs(text_encode(ARTICLE, "vni")).encode(),
        "vni-in-utf-8",
    ),
    (
        "Windows-1258 saved as utf-8",
        lambda: _cp1252_glyphs(text_encode(ARTICLE, "cp1258")).encode(),
        "cp1258-in-utf-8",
    ),
    ("utf-8 read as Windows-1252", lambda: _cp1252_glyphs(ARTICLE.encode()).encode(), "utf-8-in-utf-8"),
    ("Windows-1252 punctuation only", lambda: "“Hello” – world…".encode("cp1252"), "cp1252"),
    ("Windows-1252 French", lambda: "Le café crème de la rue Molière".encode("cp1252"), None),
    ("high bytes that spell nothing", lambda: bytes(range(0x80, 0x100)), None),
    ("utf-8 cut in the middle of a letter", lambda: (ARTICLE + "Hội").encode()[:-2], "utf-8"),
    (
        "utf-8 with a stray Windows-1252 quote",
        lambda: ARTICLE.encode()[:40] + b"\x93" + ARTICLE.encode()[40:],
        "utf-8",
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"),
    [pytest.param(make, expected, id=name) for name, make, expected in DETECTION_CASES],
)
def test_encoding_is_detected(data: Callable[[], bytes], expected: str | None) -> None:
    assert encoding_detect(data()) == expected


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_detected_legacy_file_decodes_to_the_original(encoding: str) -> None:
    raw = text_encode(ARTICLE, encoding)
    assert text_decode(raw, encoding_detect(raw) or "") == ARTICLE


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_legacy_mojibake_in_utf8_decodes_to_the_original(encoding: str) -> None:
    data = _cp1252_glyphs(text_encode(ARTICLE, encoding)).encode()
    assert text_decode(data, encoding_detect(data) or "") == ARTICLE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lễ ký kết diễn ra tại ViÖt Nam vµ Lµo",
            "Lễ ký kết diễn ra tại ViÖt Nam vµ Lµo",
        ),  # mixed: left alone
        ("Héi nghÞ hîp t¸c ph¸t triÓn", "Hội nghị hợp tác phát triển"),
        ("Hoäi nghò hôïp taùc phaùt trieån", "Hội nghị hợp tác phát triển"),
        ("Há»™i nghá»‹ há»£p tÃ¡c", "Hội nghị hợp tác"),
        ("Hội nghị hợp tác phát triển", "Hội nghị hợp tác phát triển"),
        ("Déjà vu à Montréal", "Déjà vu à Montréal"),
        ("Plain English text", "Plain English text"),
    ],
)
def test_mojibake_is_repaired_and_other_text_left_alone(text: str, expected: str) -> None:
    assert mojibake_repair(text) == expected


def test_mojibake_of_a_title_is_repaired_with_the_encoding_of_its_page() -> None:
    assert mojibake_detect("Hoäi nghò hôïp taùc phaùt trieån beàn vöõng") == "vni"
    assert mojibake_repair("Hoäi", "vni") == "Hội"


@given(st.binary(max_size=400))
def test_detection_never_fails_and_names_a_known_encoding(data: bytes) -> None:
    encoding = encoding_detect(data)
    assert encoding is None or encoding in ENCODINGS


_VIETNAMESE_TEXT = st.text(alphabet=LOWER + UPPER + "abcdeghiklmnopqrstuvxyDGHNTV .,\n", max_size=80)


@given(_VIETNAMESE_TEXT)
@pytest.mark.parametrize("encoding", ["vni", "cp1258"])
def test_any_vietnamese_text_round_trips(encoding: str, text: str) -> None:
    assert text_decode(text_encode(text, encoding), encoding) == text


@given(_VIETNAMESE_TEXT)
def test_any_vietnamese_text_round_trips_through_tcvn3_up_to_case(text: str) -> None:
    decoded = text_decode(text_encode(text, "tcvn3"), "tcvn3")
    assert decoded.lower() == text.lower()
