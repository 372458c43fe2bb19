from __future__ import annotations

from decimal import Decimal

import pytest

from doingoai.analysis import analyze_text
from doingoai.analysis.output import amount_words, document_json, document_markdown, number_vi


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("15000"), "15.000"),
        (Decimal("1.2"), "1,2"),
        (Decimal("1234567.5"), "1.234.567,5"),
        (Decimal("0.05"), "0,05"),
        (Decimal("-3000"), "-3.000"),
        (Decimal("248"), "248"),
    ],
)
def test_numbers_are_written_vietnamese_style(value: Decimal, written: str) -> None:
    assert number_vi(value) == written


@pytest.mark.parametrize(
    ("value", "currency", "written"),
    [
        (Decimal(50 * 10**9), "VND", "50 tỷ VND"),
        (Decimal(1_200_000), "USD", "1,2 triệu USD"),
        (Decimal(3 * 10**12), "VND", "3 nghìn tỷ VND"),
        (Decimal(850_000), "EUR", "850.000 EUR"),
    ],
)
def test_amounts_are_written_with_scale_words(value: Decimal, currency: str, written: str) -> None:
    assert amount_words(value, currency) == written


def test_json_values_are_numbers_in_units_of_the_currency() -> None:
    doc = analyze_text("Quỹ cam kết 1,2 triệu USD và hơn 50 tỷ đồng cho 248 xã.")
    amounts = document_json(doc)["amounts"]
    assert [(a["value"], a["currency"]) for a in amounts] == [(1_200_000, "USD"), (50_000_000_000, "VND")]
    assert isinstance(amounts[0]["value"], int)


def test_brief_shows_figures_people_and_the_percent_sign_unspaced() -> None:
    text = (
        "date 2026-03-02\nTỉnh tổng kết viện trợ\n\n"
        "Phó Chủ tịch UBND tỉnh Nghệ An Nguyễn Văn Hải cho biết tỷ lệ giải ngân đạt khoảng 82%, "
        "với tổng giá trị hơn 1,2 triệu USD."
    )
    brief = document_markdown(analyze_text(text))
    assert "82%" in brief
    assert "1,2 triệu USD" in brief
    assert "**Nguyễn Văn Hải**" in brief
    assert "02/03/2026" in brief


def test_brief_names_a_former_unit_only_when_its_name_changed() -> None:
    from doingoai.analysis.document import Document, Place

    doc = Document(text="x", id="x")
    doc.places = [
        Place(name="Quảng Trị", kind="tỉnh", province_code="44", spans=[(0, 1)], original="Quảng Bình"),
        Place(name="Lao Bảo", kind="xã", province_code="44", spans=[(0, 1)], original="Lao Bảo"),
    ]
    brief = document_markdown(doc)
    assert "Quảng Trị — tỉnh (bài ghi: Quảng Bình)" in brief
    assert "Lao Bảo — xã\n" in brief
