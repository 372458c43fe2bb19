"""Read an uploaded XLSX import file safely: the one reader of every spreadsheet import.

An upload is checked before openpyxl parses it (its first bytes, and the unpacked size of each
part of the zip, so a small file cannot unpack into gigabytes), read sheet by sheet with formulas
kept as formulas (an import takes the values people typed, never what a formula computed), and
its rows are handed out under the keys of the import's columns, found by their header titles.
Each problem names the sheet, the row and the column (letter and title), in Vietnamese.

The aid registry (`doingoai.aid.spreadsheets`) and the directory (`doingoai.directory.spreadsheets`)
read their files through it; each wraps `SpreadsheetFileError` in its own import error.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from doingoai.analysis.text import text_normalize
from doingoai.date_fields import date_missing_problem
from doingoai.uploads import ZIP_SIGNATURE

XLSX_MAGIC = ZIP_SIGNATURE  # an XLSX workbook is a zip archive of XML parts
# Caps on what an XLSX unpacks to, checked before it is parsed: a full aid template of 20,000 rows
# needs a few MB per sheet.
XLSX_PART_MAX_BYTES = 16 * 1024 * 1024
XLSX_TOTAL_MAX_BYTES = 48 * 1024 * 1024
XLSX_MAX_PARTS = 100
# Columns read from each row: a template has at most a few dozen. A file may claim every column
# Excel has (<dimension ref="A1:XFD1048576"/>), and each row would then be read 16,384 cells wide:
# 20,000 rows of it kept a server busy past its time limit.
XLSX_MAX_COLUMNS = 100


class SpreadsheetFileError(ValidationError):
    """An upload that is no readable XLSX file (damaged, too large unpacked); `problems` says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems


class Formula:
    """A cell holding a formula: imports take values typed, never what a formula computes."""


def xlsx_parts_check(name: str, data: bytes) -> None:
    """Raise SpreadsheetFileError when a part of the XLSX zip would unpack beyond its cap.

    A workbook is a zip of XML parts; a 1 MB file can unpack a shared-strings or styles part of
    gigabytes. Each part's uncompressed size is read from the zip's directory before openpyxl
    opens anything, and Python's zip reader never gives more bytes than that size.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SpreadsheetFileError(
            [_("Không đọc được tệp Excel “%(name)s”: tệp bị hỏng.") % {"name": name}]
        ) from exc
    if len(members) > XLSX_MAX_PARTS:
        raise SpreadsheetFileError(
            [
                ngettext(
                    "Tệp Excel “%(name)s” có %(count)d phần, quá %(limit)d: không phải một mẫu nhập.",
                    "Tệp Excel “%(name)s” có %(count)d phần, quá %(limit)d: không phải một mẫu nhập.",
                    len(members),
                )
                % {"name": name, "count": len(members), "limit": XLSX_MAX_PARTS}
            ]
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > XLSX_PART_MAX_BYTES or total > XLSX_TOTAL_MAX_BYTES:
            raise SpreadsheetFileError(
                [
                    _(
                        "Tệp Excel “%(name)s”: phần “%(part)s” giải nén ra %(size)d MB, vượt giới hạn "
                        "(%(part_limit)d MB mỗi phần, %(total_limit)d MB cả tệp). Hãy chia nhỏ tệp."
                    )
                    % {
                        "name": name,
                        "part": member.filename,
                        "size": member.file_size // 2**20,
                        "part_limit": XLSX_PART_MAX_BYTES // 2**20,
                        "total_limit": XLSX_TOTAL_MAX_BYTES // 2**20,
                    }
                ]
            )


def xlsx_sheets_read(
    name: str, data: bytes, *, titles: Iterable[str], max_rows: int
) -> dict[str, list[tuple[Any, ...]]]:
    """Return the raw rows (header first, at most `max_rows` more and one beyond) of the sheets named.

    A formula cell is given as a `Formula`; sheets of other names are not read. Raise
    SpreadsheetFileError for a file that is not an XLSX workbook or cannot be read.
    """
    if not data.startswith(XLSX_MAGIC):
        raise SpreadsheetFileError([_("Tệp “%(name)s” không phải tệp Excel .xlsx.") % {"name": name}])
    xlsx_parts_check(name, data)
    damaged = SpreadsheetFileError(
        [
            _("Không đọc được tệp Excel “%(name)s”: tệp bị hỏng. Hãy mở và lưu lại tệp bằng Excel.")
            % {"name": name}
        ]
    )
    try:
        # Formulas as written, not their last results: a formula cell is refused by name
        # (`sheet_rows`), where read for its value it would be empty (or a value nobody typed).
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise damaged from exc
    try:
        return {title: _sheet_raw(book[title], max_rows) for title in titles if title in book.sheetnames}
    except Exception as exc:  # a damaged sheet is only read here (ParseError, KeyError, ValueError...)
        raise damaged from exc
    finally:
        book.close()


def _sheet_raw(sheet: Any, max_rows: int) -> list[tuple[Any, ...]]:
    """Return the header and up to `max_rows` rows of a read-only sheet, and its first filled row past them.

    The size a file states (<dimension>) is not trusted: rows are read as they are. The row past
    the last one taken is only looked for, wherever it is (row 1,048,576 too): an import refuses
    a sheet that has one, rather than drop it unsaid (`sheet_rows`).
    """
    sheet.reset_dimensions()
    raw = [
        tuple(Formula() if cell.data_type == "f" else cell.value for cell in row)
        for row in sheet.iter_rows(max_row=max_rows + 1, max_col=XLSX_MAX_COLUMNS)
    ]
    empty = None  # the reader gives one and the same tuple for every missing row: skipped at once
    for cells in sheet.iter_rows(min_row=max_rows + 2, max_col=XLSX_MAX_COLUMNS, values_only=True):
        if cells is empty:
            continue
        if cells.count(None) == len(cells) or all(str(c).strip() == "" for c in cells if c is not None):
            empty = cells
            continue
        raw.append(cells)
        break
    return raw


@dataclass
class SheetRow:
    """One row of an import sheet: its values by column key, and how to name each of its cells."""

    sheet: str
    number: int
    values: dict[str, Any]
    titles: dict[str, str]
    letters: dict[str, str]

    def where(self, key: str) -> str:
        """Name a cell of this row: sheet, row number, column letter and title."""
        return _("trang “%(sheet)s”, dòng %(row)d, cột %(col)s (%(title)s)") % {
            "sheet": self.sheet,
            "row": self.number,
            "col": self.letters.get(key, "?"),
            "title": self.titles[key],
        }

    def column(self, key: str) -> str:
        """Name a column for advice: its letter and title, or, when the file lacks it, how to add it."""
        if key in self.letters:
            return _("cột %(col)s (%(title)s)") % {"col": self.letters[key], "title": self.titles[key]}
        return _("cột “%(title)s”, thêm cột này vào dòng tiêu đề như trong mẫu nhập mới") % {
            "title": self.titles[key]
        }

    def text(self, key: str) -> str:
        """Return a cell as trimmed text in NFC ("" when empty; a whole float without its ".0").

        Text pasted into Excel in decomposed form (NFD) is stored composed, as the site stores
        every text (`text_normalize`), so that it reads and compares as the same words typed.
        """
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return text_normalize(str(value)).strip()


def sheet_rows(
    sheet: str,
    raw: list[tuple[Any, ...]],
    columns: tuple[tuple[str, str], ...],
    problems: list[str],
    *,
    max_rows: int,
    optional: frozenset[str] = frozenset(),
    lengths: dict[str, int] | None = None,
) -> Iterator[SheetRow]:
    """Yield the filled rows of a sheet under the keys of `columns` (key, header title).

    A missing column (other than the `optional` ones), too many rows, formula cells and text
    longer than its column's `lengths` (the database field it is stored in) are added to
    `problems`; a row holding a formula or a text too long is not yielded.
    """
    lengths = lengths or {}
    if not raw:
        return
    titles = dict(columns)
    header = [str(c).strip() if c is not None else "" for c in raw[0]]
    positions = {key: header.index(title) for key, title in columns if title in header}
    missing = [title for key, title in columns if key not in positions and key not in optional]
    if missing:
        problems.append(
            ngettext(
                "Trang “%(sheet)s” thiếu cột: %(columns)s. Hãy dùng mẫu nhập tải từ trang web.",
                "Trang “%(sheet)s” thiếu cột: %(columns)s. Hãy dùng mẫu nhập tải từ trang web.",
                len(missing),
            )
            % {"sheet": sheet, "columns": ", ".join(f"“{m}”" for m in missing)}
        )
        return
    # A filled row past the last one taken: refused, never dropped unsaid. Empty rows there (a
    # sheet formatted further down) are no rows.
    if any(not _blank(cells) for cells in raw[max_rows + 1 :]):
        problems.append(
            ngettext(
                "Trang “%(sheet)s” có quá %(limit)d dòng.",
                "Trang “%(sheet)s” có quá %(limit)d dòng.",
                max_rows,
            )
            % {"sheet": sheet, "limit": max_rows}
        )
        return
    letters = {key: get_column_letter(i + 1) for key, i in positions.items()}
    for number, cells in enumerate(raw[1:], start=2):
        values = {key: cells[i] if i < len(cells) else None for key, i in positions.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        row = SheetRow(sheet, number, values, titles, letters)
        formulas = [key for key, value in values.items() if isinstance(value, Formula)]
        for key in formulas:
            problems.append(row.where(key) + ": " + _("ô chứa công thức; hãy nhập giá trị."))
        # Beyond its field's length, PostgreSQL refuses the row (a server error) and SQLite keeps it whole.
        too_long = [key for key, limit in lengths.items() if key in values and len(row.text(key)) > limit]
        for key in too_long:
            problems.append(
                row.where(key)
                + ": "
                + ngettext(
                    "dài %(n)d ký tự, quá %(limit)d ký tự ô này nhận; hãy rút gọn.",
                    "dài %(n)d ký tự, quá %(limit)d ký tự ô này nhận; hãy rút gọn.",
                    len(row.text(key)),
                )
                % {"n": len(row.text(key)), "limit": lengths[key]}
            )
        if not formulas and not too_long:
            yield row


def _blank(cells: tuple[Any, ...]) -> bool:
    return all(c is None or (not isinstance(c, Formula) and str(c).strip() == "") for c in cells)


def field_max_length(model: Any, name: str) -> int:
    """Return the most characters a model's text field stores (the cap of its import column)."""
    return int(model._meta.get_field(name).max_length)


def cell_date(value: Any) -> dt.date:
    """Return the day a cell holds: a date cell, or text as dd/mm/yyyy (or yyyy-mm-dd); else ValueError.

    The error's text says why a date of the right shape does not exist ("31/02/2025"), else is empty.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for form in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(date_missing_problem(text))
