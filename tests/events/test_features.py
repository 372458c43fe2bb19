from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from doingoai.analysis.dates import date_of_mention, event_date_find
from doingoai.analysis.document import Amount, DateMention, Document, Organization, Quantity
from doingoai.events.features import (
    features_from_document,
    minhash_jaccard,
    terms_count,
    unit_key,
)

PUBLISHED = dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("value", "published", "expected"),
    [
        ("2025-12-30", PUBLISHED, dt.date(2025, 12, 30)),
        ("2025-12-30/2025-12-31", PUBLISHED, dt.date(2025, 12, 30)),
        ("--12-30", PUBLISHED, dt.date(2025, 12, 30)),
        ("XXXX-12-30", dt.date(2026, 1, 2), dt.date(2025, 12, 30)),  # a yearless day of the year before
        ("--12-30", None, None),
        ("2025", PUBLISHED, None),  # a year names no day
        ("2025-12", PUBLISHED, None),
        ("2025-02-30", PUBLISHED, None),
    ],
)
def test_date_of_mention_reads_days_only(
    value: str, published: dt.date | None, expected: dt.date | None
) -> None:
    assert date_of_mention(value, published) == expected


def _doc_with_dates(*mentions: tuple[str, int]) -> Document:
    text = "x" * 800
    doc = Document(text=text, published=PUBLISHED)
    doc.dates = [DateMention(text="x", date=value, span=(start, start + 1)) for value, start in mentions]
    return doc


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ((("2025-12-30", 10),), dt.date(2025, 12, 30)),
        ((("1945-09-02", 5), ("2025-12-29", 50)), dt.date(2025, 12, 29)),  # history is not the event
        ((("2026-03-01", 5),), None),  # a plan for next spring is not the event either
        ((("2025-12-01", 5),), None),  # a month before publication: a background date
    ],
)
def test_event_date_is_the_first_day_near_publication(
    mentions: tuple[tuple[str, int], ...], expected: dt.date | None
) -> None:
    assert event_date_find(_doc_with_dates(*mentions)) == expected


def test_without_publication_date_only_the_lead_dates_the_event() -> None:
    doc = _doc_with_dates(("2025-12-30", 600))
    doc.published = None
    assert event_date_find(doc) is None
    doc.dates[0].span = (20, 21)
    assert event_date_find(doc) == dt.date(2025, 12, 30)


def test_terms_leave_out_the_outlet_tag_and_function_words() -> None:
    doc = Document(text="(TTXVN) - Đoàn đại biểu của Hội Hữu nghị đã thăm tỉnh Nghệ An.", source="TTXVN")
    terms, _, _ = terms_count(doc)
    assert "ttxvn" not in terms
    assert "của" not in terms and "đã" not in terms
    assert "nghệ an" in terms and "đại biểu" in terms


def test_capitalized_terms_are_name_like_but_a_sentence_opening_is_not() -> None:
    doc = Document(text="Sáng nay, bà Nguyễn Thị Hà đến Cao Bằng. Đoàn làm việc với tỉnh.")
    _, names, _ = terms_count(doc)
    assert {"nguyễn thị", "thị hà", "cao bằng"} <= names
    assert "sáng" not in names and "đoàn" not in names


def test_tone_mark_placement_does_not_split_a_term() -> None:
    first, _, _ = terms_count(Document(text="Hội nghị hoà bình"))
    second, _, _ = terms_count(Document(text="Hội nghị hòa bình"))
    assert first == second


def test_segmented_words_become_terms_alongside_bigrams() -> None:
    text = "Hội nghị tổng kết công tác"
    doc = Document(text=text, words=[(0, 8), (9, 17), (18, 26)])
    terms, _, syllables = terms_count(doc)
    assert {"hội_nghị", "tổng_kết", "công_tác", "nghị tổng"} <= set(terms)
    assert syllables == ["hội", "nghị", "tổng", "kết", "công", "tác"]


def test_identical_texts_have_identical_minhash_and_different_texts_do_not() -> None:
    text = "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị khởi công dự án cấp nước sạch cho ba xã."
    a = features_from_document(Document(text=text))
    b = features_from_document(Document(text=text))
    c = features_from_document(
        Document(text="Ngày hội hiến máu tình nguyện thu hút hơn hai nghìn người tham gia.")
    )
    assert minhash_jaccard(a.minhash, b.minhash) == 1.0
    assert minhash_jaccard(a.minhash, c.minhash) < 0.2
    assert isinstance(a.minhash, np.ndarray)


def test_entity_keys_skip_the_outlet_and_small_counts() -> None:
    text = "(TTXVN) - Hội Chữ thập đỏ trao 3 xe và 1.200 suất quà trị giá 5 tỷ đồng."
    doc = Document(text=text, source="TTXVN")
    doc.organizations = [
        Organization("Thông tấn xã Việt Nam", [(1, 6)]),
        Organization("Hội Chữ thập đỏ", [(10, 25)]),
    ]
    doc.quantities = [
        Quantity("3 xe", Decimal(3), "xe", None, (31, 35)),
        Quantity("1.200 suất quà", Decimal(1200), "suất quà", None, (39, 53)),
    ]
    doc.amounts = [Amount("5 tỷ đồng", Decimal(5_000_000_000), "VND", None, None, (63, 72))]
    features = features_from_document(doc)
    assert list(features.organizations) == ["hoi chu thap do"]
    assert set(features.figures) == {"suat qua:1.2E+3", "VND:5E+9"}


@pytest.mark.parametrize(
    ("unit", "key"),
    [
        ("dự án phi chính phủ", "du an"),
        ("người", "nguoi"),
        ("Suất quà Tết", "suat qua"),
        # a qualifier that only restates its head: the head's key
        ("người dân", "nguoi"),
        ("Người dân vùng lũ", "nguoi"),
        ("hộ dân", "ho"),
        ("hộ gia đình", "ho"),
        # a qualifier that names another kind, or "dân" inside another word: kept
        ("hộ nghèo", "ho ngheo"),
        ("người nước ngoài", "nguoi nuoc"),
        ("người dân tộc", "nguoi dan"),
        ("học sinh", "hoc sinh"),
    ],
)
def test_unit_key_keeps_the_counted_noun(unit: str, key: str) -> None:
    assert unit_key(unit) == key
