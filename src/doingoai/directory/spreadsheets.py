"""The directory in and out of Excel: officials with their titles, foreign partners, and the units.

One layout serves the export, the blank template and the import, so that a list downloaded,
edited in Excel and uploaded again changes only what was edited:

- sheet "Cán bộ": one row per title an official held (an official without titles has one row
  with those cells empty); the rows of one official share the name and the managing unit;
- sheet "Đối tác": one row per foreign partner;
- sheet "Đơn vị" (export only): the units, which are reference data changed on the site.

A unit is named by its name (folded) or abbreviation, or by its code (the unit's id) in the
columns "Mã đơn vị quản lý" and "Mã nơi giữ chức danh", which the export fills: a name two units
share is refused, listing the units and their codes, never matched to one of them.

A row is matched to a record of the same managing unit whose name folds alike (no diacritics,
"đ" as "d", `analysis.text.entity_key`). The column "Phiên bản" carries the record's version as
exported: a row with a version changes that record, and is refused when the record was changed
since; a row without one adds a record, and a record already there is left as it is (only its
new titles are added). Titles are only added or ended by a file, never removed or reopened.

`directory_import` checks every row first and writes nothing unless all of them pass; then it
writes through the services (scope checked, every change in the audit log marked "xlsx"), in
one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from doingoai.accounts import scope
from doingoai.analysis.text import entity_key, text_normalize
from doingoai.audit.concurrency import StaleEditError
from doingoai.date_fields import YEAR_MAX, YEAR_MIN
from doingoai.directory import services
from doingoai.directory.countries import country_code_find, country_name
from doingoai.directory.errors import DirectoryError, DirectoryImportError
from doingoai.directory.models import (
    Organization,
    PartnerKind,
    PartnerOrganization,
    Person,
    Position,
)
from doingoai.directory.selectors import UnitNames, UnitRefusal
from doingoai.spreadsheet_cells import FORMAT_DAY, book_bytes, new_book, xlsx_cell
from doingoai.spreadsheet_files import (
    SheetRow,
    SpreadsheetFileError,
    cell_date,
    field_max_length,
    sheet_rows,
    xlsx_sheets_read,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
VIA = "xlsx"

PEOPLE_SHEET = "Cán bộ"
PARTNER_SHEET = "Đối tác"
UNIT_SHEET = "Đơn vị"
INSTRUCTION_SHEET = "Hướng dẫn"

PERSON_COLUMNS = (
    ("full_name", "Họ và tên"),
    ("owner_unit", "Đơn vị quản lý"),
    ("is_published", "Công bố (có/không)"),
    ("title", "Chức danh"),
    ("organization", "Nơi giữ chức danh"),
    ("start_date", "Từ ngày (ngày/tháng/năm)"),
    ("end_date", "Đến ngày (ngày/tháng/năm)"),
    ("notes", "Ghi chú"),
    ("version", "Phiên bản (giữ nguyên)"),
    # Added after the first release: at the end, so that files laid out before keep their columns.
    ("telephone", "Điện thoại"),
    ("email", "Thư điện tử"),
    ("owner_unit_code", "Mã đơn vị quản lý"),
    ("organization_code", "Mã nơi giữ chức danh"),
)
PARTNER_COLUMNS = (
    ("name", "Tên đối tác"),
    ("name_vi", "Tên tiếng Việt"),
    ("abbreviation", "Tên viết tắt"),
    ("kind", "Loại"),
    ("country", "Quốc gia"),
    ("iati_identifier", "Mã tổ chức IATI"),
    ("website", "Trang web"),
    ("notes", "Ghi chú"),
    ("owner_unit", "Đơn vị quản lý"),
    ("is_published", "Công bố (có/không)"),
    ("version", "Phiên bản (giữ nguyên)"),
    ("owner_unit_code", "Mã đơn vị quản lý"),
)
UNIT_COLUMNS = (
    ("code", "Mã đơn vị"),
    ("name", "Tên đơn vị"),
    ("abbreviation", "Tên viết tắt"),
    ("kind", "Loại"),
    ("parent", "Đơn vị cấp trên"),
    ("province_code", "Mã tỉnh"),
    ("country", "Quốc gia"),
)
# A file made by hand may leave these out; a record matched keeps what they would hold.
PERSON_OPTIONAL = frozenset(
    {
        "is_published",
        "title",
        "organization",
        "start_date",
        "end_date",
        "telephone",
        "email",
        "notes",
        "version",
        "owner_unit_code",
        "organization_code",
    }
)
# The official's own values beside the name (not the title's): rows of one official repeat them.
PERSON_DETAILS = ("telephone", "email", "notes")
PARTNER_OPTIONAL = frozenset(
    {
        "name_vi",
        "abbreviation",
        "iati_identifier",
        "website",
        "notes",
        "is_published",
        "version",
        "owner_unit_code",
    }
)
# The column of a unit's code beside each column naming a unit.
_CODE_COLUMNS = {"owner_unit": "owner_unit_code", "organization": "organization_code"}
_DATE_KEYS = frozenset({"start_date", "end_date"})
# The cells stored as they are typed, capped at their fields' lengths.
PERSON_LENGTHS = {
    "full_name": field_max_length(Person, "full_name"),
    "title": field_max_length(Position, "title"),
}
PARTNER_LENGTHS = {
    key: field_max_length(PartnerOrganization, key)
    for key in ("name", "name_vi", "abbreviation", "iati_identifier", "website")
}

INSTRUCTIONS = (
    "Mẫu nhập danh bạ của doingoai: cán bộ (trang “Cán bộ”) và đối tác nước ngoài (trang “Đối tác”).",
    "Giữ nguyên dòng tiêu đề và tên các trang. Tệp chỉ được nhập khi mọi dòng hợp lệ; nếu có lỗi, "
    "trang web liệt kê từng lỗi (dòng, cột) và không có gì thay đổi.",
    "Cán bộ: mỗi chức danh một dòng. Các dòng cùng họ tên và cùng đơn vị quản lý là một cán bộ; "
    "cán bộ chưa có chức danh thì để trống các cột chức danh.",
    "Đơn vị quản lý, Nơi giữ chức danh: tên đầy đủ của đơn vị như trong danh bạ (có dấu hoặc không dấu) "
    "hoặc tên viết tắt. Bạn chỉ nhập được vào đơn vị của mình và các đơn vị cấp dưới.",
    "Mã đơn vị quản lý, Mã nơi giữ chức danh: mã số của đơn vị, ghi trên trang của đơn vị trong danh bạ "
    "và ở cột “Mã đơn vị” của danh sách đơn vị tải về. Cần ghi khi hai đơn vị trùng tên (hai xã cùng tên "
    "ở hai tỉnh, một hội ở hai cấp): tên trùng mà không có mã thì dòng bị từ chối. Khi đã ghi mã, ô tên "
    "có thể để trống; nếu ghi cả hai thì tên phải đúng là tên của đơn vị mang mã đó. Tệp tải từ danh bạ "
    "đã ghi sẵn mã.",
    "Ngày: ngày/tháng/năm, ví dụ 01/07/2025. Để trống “Đến ngày” khi cán bộ còn giữ chức danh.",
    "Điện thoại, Thư điện tử: số máy và địa chỉ công vụ của cán bộ, ghi giống nhau ở mọi dòng của cán bộ đó.",
    "Một chức danh được nhận ra bởi tên chức danh, nơi giữ và ngày bắt đầu: nhập lại thì không tạo bản "
    "trùng. Ghi “Đến ngày” cho chức danh đang giữ là ghi ngày thôi giữ. Tệp không xóa chức danh và "
    "không bỏ ngày thôi giữ đã ghi: việc đó làm trên trang của cán bộ.",
    "Đối tác: mỗi đối tác một dòng. Loại: Tổ chức phi chính phủ nước ngoài, Hội hữu nghị, Tổ chức quốc "
    "tế hoặc Khác. Quốc gia: tên tiếng Việt (Nhật Bản) hoặc mã ISO hai chữ cái (JP).",
    "Công bố: “có” để mọi đơn vị xem được, “không” để chỉ đơn vị quản lý và cấp trên xem được; "
    "để trống là “không” với bản ghi mới và giữ nguyên với bản ghi đã có.",
    "Phiên bản: giữ nguyên như khi tải về. Dòng có phiên bản sửa bản ghi đó; nếu bản ghi đã được sửa "
    "sau khi tải tệp, tệp bị từ chối để không ghi đè thay đổi ấy: hãy tải danh sách mới rồi sửa lại.",
    "Dòng không có phiên bản là bản ghi mới. Nếu đơn vị đã có bản ghi cùng tên, bản ghi đó giữ nguyên "
    "(chỉ các chức danh mới được thêm); muốn sửa thì tải danh sách về và sửa trên tệp đó.",
)

_TRUE = {"có", "co", "x", "1", "true", "yes"}
_FALSE = {"không", "khong", "0", "false", "no"}


# ---------------------------------------------------------------------------------------------
# Writing


def _sheet_write(sheet: Any, columns: tuple[tuple[str, str], ...], rows: Iterable[dict[str, Any]]) -> None:
    """Write the bold, frozen header and the rows; formula-like text stays text, days show dd/mm/yyyy."""
    sheet.append([title for _key, title in columns])
    widths = [max(12, len(title) + 2) for _key, title in columns]
    for index in range(1, len(columns) + 1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        sheet.append([xlsx_cell(sheet, row.get(key)) for key, _title in columns])
        for index, (key, _title) in enumerate(columns):
            value = row.get(key)
            if isinstance(value, dt.date):
                sheet.cell(row=number, column=index + 1).number_format = FORMAT_DAY
            elif isinstance(value, str):
                widths[index] = max(widths[index], min(60, len(value) + 2))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _instructions(book: Workbook) -> None:
    notes = book.create_sheet(INSTRUCTION_SHEET)
    notes.column_dimensions["A"].width = 120
    for line in INSTRUCTIONS:
        notes.append([line])


def _book(sheets: list[tuple[str, tuple[tuple[str, str], ...], Iterable[dict[str, Any]]]]) -> bytes:
    book = new_book()
    # The cells the import reads back (kinds, "có"/"không") are Vietnamese whatever the page's language.
    with translation.override("vi"):
        for title, columns, rows in sheets:
            _sheet_write(book.create_sheet(title), columns, rows)
    _instructions(book)
    return book_bytes(book)


def _yes_no(value: bool) -> str:
    return "có" if value else "không"


def _person_rows(people: Iterable[Person]) -> Iterable[dict[str, Any]]:
    for person in people:
        common = {
            "full_name": person.full_name,
            "owner_unit": person.owner_unit.name,
            "owner_unit_code": person.owner_unit_id,
            "is_published": _yes_no(person.is_published),
            "telephone": person.telephone,
            "email": person.email,
            "notes": person.notes,
            "version": person.version,
        }
        positions: list[Position] = getattr(person, "all_positions", None) or []
        if not positions:
            yield common
        for position in positions:
            yield {
                **common,
                "title": position.title,
                "organization": position.organization.name,
                "organization_code": position.organization_id,
                "start_date": position.start_date,
                "end_date": position.end_date,
            }


def people_workbook(people: Iterable[Person]) -> bytes:
    """Return the officials (from `selectors.people_with_positions`) as the import layout, a row per title."""
    return _book([(PEOPLE_SHEET, PERSON_COLUMNS, _person_rows(people))])


def _partner_rows(partners: Iterable[PartnerOrganization]) -> Iterable[dict[str, Any]]:
    for partner in partners:
        yield {
            "name": partner.name,
            "name_vi": partner.name_vi,
            "abbreviation": partner.abbreviation,
            "kind": str(partner.get_kind_display()),
            "country": country_name(partner.country),
            "iati_identifier": partner.iati_identifier,
            "website": partner.website,
            "notes": partner.notes,
            "owner_unit": partner.owner_unit.name,
            "owner_unit_code": partner.owner_unit_id,
            "is_published": _yes_no(partner.is_published),
            "version": partner.version,
        }


def partners_workbook(partners: Iterable[PartnerOrganization]) -> bytes:
    """Return the partners (with their managing unit) as the import layout, a row per partner."""
    return _book([(PARTNER_SHEET, PARTNER_COLUMNS, _partner_rows(partners))])


def units_workbook(units: Iterable[Organization]) -> bytes:
    """Return the units (with their parent) as a sheet to read; units are changed on the site, not by file."""
    rows = (
        {
            "code": unit.pk,
            "name": unit.name,
            "abbreviation": unit.abbreviation,
            "kind": str(unit.get_kind_display()),
            "parent": unit.parent.name if unit.parent else "",
            "province_code": unit.province_code,
            "country": country_name(unit.country) if unit.country else "",
        }
        for unit in units
    )
    book = new_book()
    with translation.override("vi"):
        _sheet_write(book.create_sheet(UNIT_SHEET), UNIT_COLUMNS, rows)
    return book_bytes(book)


def template_workbook() -> bytes:
    """Return the blank import template: the officials' and the partners' sheets, and the instructions."""
    return _book([(PEOPLE_SHEET, PERSON_COLUMNS, []), (PARTNER_SHEET, PARTNER_COLUMNS, [])])


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class ImportResult:
    """What an import wrote, and what it found already as the file says."""

    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    positions_added: int = 0
    positions_ended: int = 0
    partners_created: int = 0
    partners_updated: int = 0
    partners_unchanged: int = 0


Bad = Callable[[str, str], None]


def _reporter(problems: list[str], row: SheetRow) -> Bad:
    def bad(key: str, message: str) -> None:
        problems.append(f"{row.where(key)}: {message}")

    return bad


def _clean(text: str) -> str:
    return " ".join(text_normalize(text).split())


def _published(row: SheetRow, bad: Bad) -> bool | None:
    text = row.text("is_published").casefold()
    if not text:
        return None
    if text not in _TRUE | _FALSE:
        bad("is_published", _("hãy ghi “có” hoặc “không” (hoặc để trống)."))
        return None
    return text in _TRUE


def _version(row: SheetRow, bad: Bad) -> int | None:
    text = row.text("version")
    if not text:
        return None
    if not text.isdecimal() or len(text) > 9 or int(text) < 1:
        bad(
            "version",
            _("“%(value)s” không phải số phiên bản: giữ nguyên số đã tải về, để trống với bản ghi mới.")
            % {"value": text},
        )
        return None
    return int(text)


def _day(row: SheetRow, key: str, bad: Bad) -> dt.date | None:
    if not row.text(key):
        return None
    try:
        day = cell_date(row.values[key])
    except ValueError as exc:
        generic = _("“%(value)s” không phải ngày (ngày/tháng/năm, ví dụ 01/07/2025).")
        bad(key, str(exc) or generic % {"value": row.text(key)})
        return None
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        bad(
            key,
            _("ngày %(value)s nằm ngoài khoảng năm %(low)d–%(high)d.")
            % {"value": day.strftime("%d/%m/%Y"), "low": YEAR_MIN, "high": YEAR_MAX},
        )
        return None
    return day


def _person_detail(row: SheetRow, key: str, bad: Bad) -> str | None:
    """Return an official's telephone, e-mail or notes as the row gives it (None without the column)."""
    if key not in row.values:
        return None
    text = row.text(key)
    cleaners = {"telephone": services.telephone_clean, "email": services.email_clean}
    if key not in cleaners or not text:
        return text
    try:
        return cleaners[key](text)
    except DirectoryError as exc:
        bad(key, exc.messages[0][:1].lower() + exc.messages[0][1:])
        return None


def _unit(row: SheetRow, key: str, units: UnitNames, bad: Bad) -> Organization | None:
    """Return the unit named in column `key`, or by its code beside it; refuse a name two units share."""
    code_key = _CODE_COLUMNS[key]
    text, code = row.text(key), row.text(code_key)
    if not text and not code:
        bad(key, _("ô này không được để trống."))
        return None
    found = units.resolve(text, code, advice=lambda _unit: unit_code_advice(row, code_key))
    if isinstance(found, UnitRefusal):
        bad(code_key if found.on_code else key, found.message)
        return None
    return found


def unit_code_advice(row: SheetRow, code_key: str) -> str:
    """Say in which column of `row`'s sheet the code of the unit meant goes (a name several units share)."""
    return _("Hãy ghi mã của đơn vị cần chọn vào %(where)s.") % {"where": row.column(code_key)}


def _no_right(unit: Organization) -> str:
    # The same words whether or not the record exists: a refusal must not tell which unpublished
    # records of other units there are.
    return _("bạn không có quyền sửa danh bạ của đơn vị “%(unit)s”: hãy giữ dòng này như khi tải về.") % {
        "unit": unit.name
    }


def _gone(what: str, name: str, unit: Organization) -> str:
    """Say that a row with a version names a record no longer there (deleted or renamed since)."""
    if what == "person":
        gone = _("không còn cán bộ “%(name)s” trong đơn vị “%(unit)s”, có thể đã bị xóa hoặc đổi tên.")
    else:
        gone = _("không còn đối tác “%(name)s” trong đơn vị “%(unit)s”, có thể đã bị xóa hoặc đổi tên.")
    advice = _("Để thêm lại, hãy xóa số phiên bản.")
    return f"{gone % {'name': name, 'unit': unit.name}} {advice}"


def _stale(what: str, name: str, file: int, now: int) -> str:
    """Say that a record was changed after the file was downloaded."""
    if what == "person":
        stale = _("cán bộ “%(name)s” đã được sửa sau khi tải tệp (phiên bản %(file)d, nay là %(now)d).")
    else:
        stale = _("đối tác “%(name)s” đã được sửa sau khi tải tệp (phiên bản %(file)d, nay là %(now)d).")
    values = {"name": name, "file": file, "now": now}
    advice = _("Hãy tải lại danh sách và sửa trên tệp mới.")
    return f"{stale % values} {advice}"


def _present(what: str, name: str, unit: Organization) -> str:
    """Say that a row without a version would change a record already there."""
    if what == "person":
        present = _("đơn vị “%(unit)s” đã có cán bộ “%(name)s”; dòng không có phiên bản không sửa được.")
    else:
        present = _("đơn vị “%(unit)s” đã có đối tác “%(name)s”; dòng không có phiên bản không sửa được.")
    advice = _("Muốn sửa, hãy tải danh sách về và sửa trên tệp đó.")
    return f"{present % {'name': name, 'unit': unit.name}} {advice}"


def _day_text(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass
class _PositionRow:
    row: SheetRow
    bad: Bad
    title: str
    organization: Organization
    start_date: dt.date | None
    end_date: dt.date | None

    @property
    def key(self) -> tuple[str, int, dt.date | None]:
        return (entity_key(self.title), self.organization.pk, self.start_date)


@dataclass
class _PersonPlan:
    """The rows of one official in the file, and what writing them would change."""

    owner: Organization
    key: str
    full_name: str
    first: SheetRow
    first_bad: Bad
    telephone: str | None = None
    email: str | None = None
    notes: str | None = None
    is_published: bool | None = None
    version: int | None = None
    given: dict[str, int] = field(default_factory=dict)
    positions: list[_PositionRow] = field(default_factory=list)
    # Filled when checked against the database:
    person: Person | None = None
    update: bool = False
    add: list[_PositionRow] = field(default_factory=list)
    end: list[tuple[Position, dt.date]] = field(default_factory=list)


@dataclass
class _PartnerPlan:
    row: SheetRow
    bad: Bad
    owner: Organization
    values: dict[str, Any]
    version: int | None
    partner: PartnerOrganization | None = None
    update: bool = False


class _Import:
    """One file's rows, checked against the directory before anything is written."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.units = UnitNames()
        self.problems: list[str] = []
        self.people: dict[tuple[int, str], _PersonPlan] = {}
        self.partners: list[_PartnerPlan] = []
        self.result = ImportResult()

    # Officials ------------------------------------------------------------------------------

    def person_row(self, row: SheetRow) -> None:
        """Read one row of the officials' sheet into the plan of its official."""
        bad = _reporter(self.problems, row)
        start = len(self.problems)
        full_name = _clean(row.text("full_name"))
        if not full_name:
            bad("full_name", _("ô này không được để trống."))
        owner = _unit(row, "owner_unit", self.units, bad)
        published = _published(row, bad)
        version = _version(row, bad)
        title = _clean(row.text("title"))
        organization = None
        place_given = bool(row.text("organization") or row.text("organization_code"))
        if place_given:
            organization = _unit(row, "organization", self.units, bad)
        start_date = _day(row, "start_date", bad)
        end_date = _day(row, "end_date", bad)
        has_position = bool(title or place_given or row.text("start_date") or row.text("end_date"))
        if has_position and not title:
            bad("title", _("hãy ghi chức danh (hoặc để trống cả các cột chức danh, nơi giữ và ngày)."))
        if title and not place_given:
            bad("organization", _("hãy ghi đơn vị nơi giữ chức danh “%(title)s”.") % {"title": title})
        if start_date and end_date and end_date < start_date:
            bad(
                "end_date",
                _("ngày kết thúc %(end)s trước ngày bắt đầu %(start)s.")
                % {"end": _day_text(end_date), "start": _day_text(start_date)},
            )
        if len(self.problems) > start or owner is None:
            return
        key = entity_key(full_name)
        plan = self.people.get((owner.pk, key))
        if plan is None:
            plan = self.people[(owner.pk, key)] = _PersonPlan(owner, key, full_name, row, bad)
        elif full_name != plan.full_name:
            bad(
                "full_name",
                _("tên viết khác với dòng %(row)d của cùng cán bộ (“%(name)s”).")
                % {"row": plan.first.number, "name": plan.full_name},
            )
        for detail in PERSON_DETAILS:
            self._person_common(plan, row, bad, detail, _person_detail(row, detail, bad))
        self._person_common(plan, row, bad, "is_published", published)
        self._person_common(plan, row, bad, "version", version)
        if title and organization is not None:
            position = _PositionRow(row, bad, title, organization, start_date, end_date)
            twin = next((p for p in plan.positions if p.key == position.key), None)
            if twin is not None:
                bad(
                    "title",
                    _("chức danh này (cùng nơi giữ và ngày bắt đầu) đã có ở dòng %(row)d.")
                    % {"row": twin.row.number},
                )
            else:
                plan.positions.append(position)

    def _person_common(self, plan: _PersonPlan, row: SheetRow, bad: Bad, key: str, value: Any) -> None:
        """Take a value of the official from a row; rows of one official that give it must agree."""
        if value is None or value == "":
            return
        if key in plan.given and getattr(plan, key) != value:
            bad(
                key,
                _("khác với dòng %(row)d của cùng cán bộ; các dòng của một cán bộ phải ghi giống nhau.")
                % {"row": plan.given[key]},
            )
            return
        plan.given.setdefault(key, row.number)
        setattr(plan, key, value)

    def people_check(self) -> None:
        """Match each official of the file to the directory and decide what writing would change."""
        if not self.people:
            return
        stored: dict[tuple[int, str], list[Person]] = {}
        every = Position.objects.select_related("organization")
        found = Person.objects.filter(
            owner_unit__in={p.owner.pk for p in self.people.values()},
            name_key__in={p.key for p in self.people.values()},
        ).prefetch_related(Prefetch("positions", queryset=every))
        for person in found:
            stored.setdefault((person.owner_unit_id, person.name_key), []).append(person)
        for (unit_pk, key), plan in self.people.items():
            self._person_check(plan, stored.get((unit_pk, key), []))

    def _person_check(self, plan: _PersonPlan, matches: list[Person]) -> None:
        bad, owner = plan.first_bad, plan.owner
        editable = scope.unit_can_edit(self.actor, owner)
        readable = [
            p
            for p in matches
            if scope.record_can_read(self.actor, unit_path=owner.path, is_published=p.is_published)
        ]
        start = len(self.problems)
        if len(readable) > 1:
            bad(
                "full_name",
                ngettext(
                    "đơn vị “%(unit)s” có %(count)d cán bộ tên “%(name)s”: hãy sửa trên trang web.",
                    "đơn vị “%(unit)s” có %(count)d cán bộ tên “%(name)s”: hãy sửa trên trang web.",
                    len(readable),
                )
                % {"unit": owner.name, "count": len(readable), "name": plan.full_name},
            )
            return
        person = readable[0] if readable else None
        if person is None:
            if not editable:
                bad("owner_unit", _no_right(owner))
            elif plan.version is not None:
                bad(
                    "version",
                    _gone("person", plan.full_name, owner),
                )
            else:
                plan.add = plan.positions
            return
        plan.person = person
        if plan.version is not None and plan.version != person.version:
            bad(
                "version",
                _stale("person", person.full_name, plan.version, person.version),
            )
            return
        # A name spelt otherwise ("Ho Thi Mai") still names the official; only a row that edits
        # the record (it carries the version) changes the spelling.
        spelling = plan.full_name if plan.version is not None else None
        changed = [
            key
            for key, now in (
                ("full_name", spelling),
                *((detail, getattr(plan, detail)) for detail in PERSON_DETAILS),
                ("is_published", plan.is_published),
            )
            if now is not None and now != getattr(person, key)
        ]
        # A row that edits the record (it carries the version) and leaves a detail's cell blank,
        # where the file has that column, clears it.
        cleared = [
            detail
            for detail in PERSON_DETAILS
            if plan.version is not None
            and getattr(plan, detail) is None
            and detail in plan.first.values
            and getattr(person, detail)
        ]
        changed += cleared
        if changed and plan.version is None:
            bad(
                changed[0],
                _present("person", person.full_name, owner),
            )
            return
        plan.update = bool(changed)
        for detail in cleared:
            setattr(plan, detail, "")
        held = {(entity_key(p.title), p.organization_id, p.start_date): p for p in person.positions.all()}
        for position in plan.positions:
            current = held.get(position.key)
            if current is None:
                plan.add.append(position)
            elif current.end_date == position.end_date:
                continue
            elif current.end_date is None and position.end_date is not None:
                plan.end.append((current, position.end_date))
            else:
                position.bad(
                    "end_date",
                    _("chức danh “%(title)s” đã thôi giữ từ %(day)s; tệp không bỏ hay đổi được ngày này.")
                    % {"title": current.title, "day": _day_text(current.end_date)}
                    + " "
                    + _("Hãy sửa trên trang của cán bộ."),
                )
        if not editable and (plan.update or plan.add or plan.end) and len(self.problems) == start:
            bad("owner_unit", _no_right(owner))

    # Partners -------------------------------------------------------------------------------

    def partner_row(self, row: SheetRow, seen: dict[tuple[int, str], int]) -> None:
        """Read and check one row of the partners' sheet."""
        bad = _reporter(self.problems, row)
        start = len(self.problems)
        owner = _unit(row, "owner_unit", self.units, bad)
        kind = _partner_kind(row.text("kind"))
        if not row.text("kind"):
            bad("kind", _("ô này không được để trống."))
        elif kind is None:
            bad(
                "kind",
                _("“%(value)s” không phải loại đối tác: ghi một trong %(kinds)s.")
                % {"value": row.text("kind"), "kinds": ", ".join(f"“{label}”" for label in _kind_labels())},
            )
        country = ""
        if not row.text("country"):
            bad("country", _("ô này không được để trống."))
        else:
            country = country_code_find(row.text("country")) or ""
            if not country:
                bad(
                    "country",
                    _("không nhận ra quốc gia “%(value)s”: ghi tên (Nhật Bản) hoặc mã ISO (JP).")
                    % {"value": row.text("country")},
                )
        website = row.text("website")
        if website:
            if "://" not in website:
                website = f"https://{website}"
            try:
                URLValidator()(website)
            except ValidationError:
                bad(
                    "website",
                    _("“%(value)s” không phải địa chỉ trang web, ví dụ https://tochuc.org.")
                    % {"value": row.text("website")},
                )
        published = _published(row, bad)
        version = _version(row, bad)
        values: dict[str, Any] = {}
        try:
            values = services.partner_values_clean(
                name=row.text("name"),
                kind=kind or str(PartnerKind.OTHER),
                country=country or "VN",
                name_vi=row.text("name_vi"),
                abbreviation=row.text("abbreviation"),
                iati_identifier=row.text("iati_identifier"),
            )
        except DirectoryError as exc:
            for key, messages in exc.message_dict.items():
                bad(key if key in dict(PARTNER_COLUMNS) else "name", " ".join(messages))
        if len(self.problems) > start or owner is None:
            return
        values.pop("name_key")
        values.update(
            kind=kind, country=country, website=website, notes=row.text("notes"), is_published=published
        )
        # Columns the file lacks keep the record's values (None), as do blank publication cells.
        for key in ("name_vi", "abbreviation", "iati_identifier", "website", "notes"):
            if key not in row.values:
                values[key] = None
        key = (owner.pk, entity_key(values["name"]))
        if key in seen:
            bad(
                "name",
                _("đối tác này (cùng tên, cùng đơn vị quản lý) đã có ở dòng %(row)d.") % {"row": seen[key]},
            )
            return
        seen[key] = row.number
        self.partners.append(_PartnerPlan(row, bad, owner, values, version))

    def partners_check(self) -> None:
        """Match each partner of the file to the directory and decide what writing would change."""
        if not self.partners:
            return
        stored: dict[tuple[int, str], list[PartnerOrganization]] = {}
        for partner in PartnerOrganization.objects.filter(owner_unit__in={p.owner.pk for p in self.partners}):
            stored.setdefault((partner.owner_unit_id, entity_key(partner.name)), []).append(partner)
        for plan in self.partners:
            owner, bad = plan.owner, plan.bad
            matches = stored.get((owner.pk, entity_key(plan.values["name"])), [])
            readable = [
                p
                for p in matches
                if scope.record_can_read(self.actor, unit_path=owner.path, is_published=p.is_published)
            ]
            editable = scope.unit_can_edit(self.actor, owner)
            if len(readable) > 1:
                bad(
                    "name",
                    ngettext(
                        "đơn vị “%(unit)s” có %(count)d đối tác cùng tên “%(name)s”: hãy sửa trên trang web.",
                        "đơn vị “%(unit)s” có %(count)d đối tác cùng tên “%(name)s”: hãy sửa trên trang web.",
                        len(readable),
                    )
                    % {"unit": owner.name, "count": len(readable), "name": plan.values["name"]},
                )
                continue
            partner = readable[0] if readable else None
            if partner is None:
                if not editable:
                    bad("owner_unit", _no_right(owner))
                elif plan.version is not None:
                    bad(
                        "version",
                        _gone("partner", plan.values["name"], owner),
                    )
                continue
            plan.partner = partner
            if plan.version is not None and plan.version != partner.version:
                bad(
                    "version",
                    _stale("partner", partner.name, plan.version, partner.version),
                )
                continue
            changed = [k for k, v in plan.values.items() if v is not None and v != getattr(partner, k)]
            if changed and plan.version is None:
                bad(
                    changed[0],
                    _present("partner", partner.name, owner),
                )
            elif changed and not editable:
                bad("owner_unit", _no_right(owner))
            plan.update = bool(changed)

    # Writing --------------------------------------------------------------------------------

    @transaction.atomic
    def write(self) -> ImportResult:
        """Write every planned change through the services, in one transaction."""
        for partner_plan in self.partners:
            self._partner_write(partner_plan)
        for person_plan in self.people.values():
            self._person_write(person_plan)
        return self.result

    def _partner_write(self, plan: _PartnerPlan) -> None:
        current, result = plan.partner, self.result
        values = {k: v for k, v in plan.values.items() if k != "is_published"}
        if current is None:
            services.partner_create(
                actor=self.actor,
                owner_unit=plan.owner,
                is_published=bool(plan.values["is_published"]),
                via=VIA,
                **{k: v or "" for k, v in values.items()},
            )
            result.partners_created += 1
        elif plan.update:
            kept = {k: getattr(current, k) if v is None else v for k, v in values.items()}
            published = plan.values["is_published"]
            with _stale_named(plan.row):
                services.partner_update(
                    actor=self.actor,
                    partner=current,
                    is_published=current.is_published if published is None else published,
                    expected_version=plan.version,
                    via=VIA,
                    **kept,
                )
            result.partners_updated += 1
        else:
            result.partners_unchanged += 1

    def _person_write(self, plan: _PersonPlan) -> None:
        person, result = plan.person, self.result
        if person is None:
            person = services.person_create(
                actor=self.actor,
                owner_unit=plan.owner,
                full_name=plan.full_name,
                notes=plan.notes or "",
                telephone=plan.telephone or "",
                email=plan.email or "",
                is_published=bool(plan.is_published),
                via=VIA,
            )
            result.people_created += 1
        elif plan.update:
            with _stale_named(plan.first):
                services.person_update(
                    actor=self.actor,
                    person=person,
                    full_name=plan.full_name,
                    notes=person.notes if plan.notes is None else plan.notes,
                    telephone=plan.telephone,
                    email=plan.email,
                    is_published=person.is_published if plan.is_published is None else plan.is_published,
                    expected_version=plan.version,
                    via=VIA,
                )
            result.people_updated += 1
        else:
            result.people_unchanged += 1
        for position in plan.add:
            services.position_add(
                actor=self.actor,
                person=person,
                title=position.title,
                organization=position.organization,
                start_date=position.start_date,
                end_date=position.end_date,
                via=VIA,
            )
            result.positions_added += 1
        for held, end_date in plan.end:
            services.position_end(actor=self.actor, position=held, end_date=end_date, via=VIA)
            result.positions_ended += 1


@contextmanager
def _stale_named(row: SheetRow) -> Iterator[None]:
    """Name the row whose record another user saved between the check and the write."""
    try:
        yield
    except StaleEditError as exc:
        refusal, *changes = exc.messages
        raise StaleEditError([f"{row.where('version')}: {refusal}", *changes], exc.current_version) from exc


def _kind_labels() -> list[str]:
    with translation.override("vi"):
        return [str(label) for label in PartnerKind.labels]


def _partner_kind(text: str) -> str | None:
    """Return the kind a cell names: its Vietnamese label (with or without diacritics) or its code."""
    key = entity_key(text)
    if text.strip() in PartnerKind.values:
        return text.strip()
    with translation.override("vi"):
        return next((value for value, label in PartnerKind.choices if entity_key(str(label)) == key), None)


def directory_import(*, actor: Any, name: str, data: bytes) -> ImportResult:
    """Import an XLSX file of officials and partners, all of it or nothing.

    Raise DirectoryImportError naming the file, then every problem (sheet, row, column), when the
    file or any row is wrong, or when a record was changed between the check and the write.
    """
    if len(data) > MAX_BYTES:
        raise DirectoryImportError(
            [_("Tệp “%(name)s” quá lớn (tối đa %(limit)d MB).") % {"name": name, "limit": MAX_BYTES // 2**20}]
        )
    if not name.lower().endswith(".xlsx"):
        raise DirectoryImportError([_("Tệp “%(name)s” không phải tệp Excel .xlsx.") % {"name": name}])
    try:
        sheets = xlsx_sheets_read(name, data, titles=(PEOPLE_SHEET, PARTNER_SHEET), max_rows=MAX_ROWS)
    except SpreadsheetFileError as exc:
        raise DirectoryImportError(exc.problems) from exc
    if not sheets:
        raise DirectoryImportError(
            [
                _("Tệp “%(name)s” không có trang “%(people)s” hay “%(partners)s” của mẫu nhập danh bạ.")
                % {"name": name, "people": PEOPLE_SHEET, "partners": PARTNER_SHEET}
            ]
        )
    batch = _Import(actor)
    problems = batch.problems
    people_rows = sheets.get(PEOPLE_SHEET, [])
    for row in sheet_rows(
        PEOPLE_SHEET,
        people_rows,
        PERSON_COLUMNS,
        problems,
        max_rows=MAX_ROWS,
        optional=PERSON_OPTIONAL,
        lengths=PERSON_LENGTHS,
    ):
        batch.person_row(row)
    seen: dict[tuple[int, str], int] = {}
    partner_rows = sheets.get(PARTNER_SHEET, [])
    for row in sheet_rows(
        PARTNER_SHEET,
        partner_rows,
        PARTNER_COLUMNS,
        problems,
        max_rows=MAX_ROWS,
        optional=PARTNER_OPTIONAL,
        lengths=PARTNER_LENGTHS,
    ):
        batch.partner_row(row, seen)
    batch.partners_check()
    batch.people_check()
    heading = _("Tệp “%(name)s”:") % {"name": name}
    if problems:
        raise DirectoryImportError([heading, *problems])
    try:
        return batch.write()
    except StaleEditError as exc:
        raise DirectoryImportError([heading, *exc.messages]) from exc
    except (ValidationError, PermissionDenied) as exc:
        raise DirectoryImportError([heading, *getattr(exc, "messages", [str(exc)])]) from exc
