"""Write text into spreadsheets so that it stays text: the one rule for every XLSX and CSV export.

A title such as `=HYPERLINK("http://…","Bấm vào")` or an identifier such as `=cmd|' /C calc'!A0`,
imported from a file or taken from an article, must not become a live formula when an export is
opened in a spreadsheet program. Following OWASP's guidance on CSV injection, a text value that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written as text: in CSV with a
leading apostrophe, in XLSX as a string cell with the "quote prefix" style (Excel shows the text
unchanged and will not evaluate it). Numbers, dates and other values pass through unchanged.

Money stays exact: an XLSX number is a double, which Excel shows to 15 significant digits, so a
`Decimal` with more digits than that (123456789012345.67) is written as its exact text instead.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The significant digits an XLSX number cell keeps exactly.
XLSX_DIGITS = 15
# Excel's formats of a day as pages write it, and of a share as a percentage: a date written as a
# date (not as text) sorts and filters as one.
FORMAT_DAY = "DD/MM/YYYY"
FORMAT_PERCENT = "0.0%"
# Excel's formats of numbers (Excel shows the reader's own separators: 15.000.000 in Vietnamese):
# thousands grouped, whole amounts and counts without decimals, cents with two.
FORMAT_WHOLE = "#,##0"
FORMAT_CENTS = "#,##0.00"
# ISO 4217 currencies without minor units: their amounts are whole numbers.
WHOLE_CURRENCIES = frozenset({"VND", "JPY", "KRW", "IDR", "CLP", "ISK", "PYG", "UGX"})


def money_format(currency: str) -> str:
    """Return the number format an amount in `currency` is shown with (#,##0 for VND, 2 decimals for USD)."""
    return FORMAT_WHOLE if currency.upper() in WHOLE_CURRENCIES else FORMAT_CENTS


def number_format_with(base: str, value: Any) -> str:
    """Return `base` (#,##0 or #,##0.00) widened to every decimal `value` has, so no digit is hidden."""
    places = (
        max(0, -int(value.as_tuple().exponent)) if isinstance(value, Decimal) and value.is_finite() else 0
    )
    shown = len(base.partition(".")[2])
    return base if places <= shown else f"{FORMAT_WHOLE}.{'0' * places}"


def text_is_formula_like(value: Any) -> bool:
    """Return whether `value` is text a spreadsheet program could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """Return `value` for a CSV file: formula-like text gets a leading apostrophe."""
    return f"'{value}" if text_is_formula_like(value) else value


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """Return `value` for an openpyxl row: formula-like text as a string cell with a quote prefix.

    A Decimal with more significant digits than an XLSX number keeps is given as its exact text.
    """
    if isinstance(value, Decimal) and value.is_finite():
        digits = len(value.normalize().as_tuple().digits)
        return format(value, "f") if digits > XLSX_DIGITS else value
    if not text_is_formula_like(value):
        return value
    cell = Cell(sheet, value=value)
    cell.data_type = "s"  # openpyxl took the leading "=" for a formula
    cell.quotePrefix = True
    return cell


def new_book() -> Workbook:
    """Return an empty workbook (without openpyxl's default sheet)."""
    book = Workbook()
    book.remove(book.active)
    return book


def book_bytes(book: Workbook) -> bytes:
    """Return the workbook as XLSX bytes."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
