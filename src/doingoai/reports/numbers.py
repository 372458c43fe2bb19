"""Write numbers and dates the Vietnamese way: 1.234.567 đồng, 12,5%, ngày 05 tháng 01 năm 2026."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

_ROMAN_DIGITS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman_numeral(number: int) -> str:
    """Return a positive whole number in Roman numerals (1 is "I", 4 is "IV", 14 is "XIV").

    Administrative documents number the parts of a text and their appendices this way (Nghị định
    30/2020/NĐ-CP, Phụ lục I, Phần I, Mục III: "Phụ lục I", "Phụ lục II").
    """
    if number < 1:
        raise ValueError(f"no Roman numeral for {number}")
    digits = []
    for value, letters in _ROMAN_DIGITS:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def number_vi(value: Decimal | int, decimals: int = 0) -> str:
    """Return `value` rounded half up to `decimals`, with "." between thousands and "," before decimals."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def money_vi(value: Decimal, currency: str) -> str:
    """Return an amount as printed: whole đồng for VND, cents for USD ("1.250.000 đồng", "48.075,25 USD")."""
    if currency == "VND":
        return f"{number_vi(value)} đồng"
    return f"{number_vi(value, 2)} {currency}"


def money_rounded(value: Decimal, currency: str) -> Decimal:
    """Return the amount as printed (whole đồng, or cents), so the sources file holds the printed value."""
    places = Decimal(1) if currency == "VND" else Decimal("0.01")
    return value.quantize(places, rounding=ROUND_HALF_UP)


def date_line(place: str, day: dt.date) -> str:
    """Return the place and date of a document: "Hà Nội, ngày 05 tháng 01 năm 2026".

    Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục III, khoản 4: days below 10 and the months
    1 and 2 are written with a leading zero (so "tháng 01", "tháng 02", but "tháng 3").
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
