"""Import and export the aid registry as spreadsheets (XLSX with openpyxl, or CSV).

The template (`template_workbook`) has a sheet of projects, a sheet of transactions and a sheet of
instructions. `spreadsheet_import` reads every row, collects every problem (naming the sheet, row
and column, in Vietnamese), and writes nothing unless the whole file is valid; then it writes it
in one database transaction. Re-importing a file updates instead of duplicating: a project is
found by its IATI identifier, a transaction by (project, type, date, provider).

Units are named as the directory's import names them (`UnitNames.resolve`): the owning unit by its
code in "Mã đơn vị quản lý", or by a name or abbreviation only one unit has; a participating unit
by its IATI code after its name ("Tên | VN-DOINGOAI-17", `services.own_reporting_ref`), or by such
a name. A name several units share is refused, listing them with their codes; the export writes
every code, so that what it wrote imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from doingoai import iati
from doingoai.accounts import scope
from doingoai.aid import services
from doingoai.aid.currency import amount_check, currency_check, rate_find
from doingoai.aid.errors import AidError, AidImportError
from doingoai.aid.locations import location_parse
from doingoai.aid.models import (
    ActivityStatus,
    OrganisationRole,
    ParticipatingOrganization,
    Programme,
    Project,
    Transaction,
    TransactionType,
)
from doingoai.analysis.numbers import number_typed_parse
from doingoai.directory.models import Organization, PartnerOrganization
from doingoai.directory.selectors import UnitNames, UnitRefusal
from doingoai.directory.spreadsheets import unit_code_advice
from doingoai.iati.standard import codelist
from doingoai.spreadsheet_cells import (
    FORMAT_CENTS,
    FORMAT_WHOLE,
    book_bytes,
    money_format,
    number_format_with,
    xlsx_cell,
)
from doingoai.spreadsheet_files import (
    XLSX_MAGIC,
    SheetRow,
    SpreadsheetFileError,
    cell_date,
    field_max_length,
    sheet_rows,
    xlsx_sheets_read,
)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
MAX_SEQUENCE = 1000  # transactions of one type from one provider in one day, at most

PROJECT_SHEET = "Dự án"
TRANSACTION_SHEET = "Giao dịch"
INSTRUCTION_SHEET = "Hướng dẫn"

PROJECT_COLUMNS = (
    ("iati_identifier", "Mã IATI của dự án"),
    ("title", "Tên dự án"),
    ("status", "Trạng thái (mã IATI 1–6)"),
    ("programme", "Mã chương trình"),
    ("owner_unit", "Đơn vị quản lý"),
    ("is_published", "Công bố (có/không)"),
    ("sectors", "Lĩnh vực (mã DAC:tỷ lệ)"),
    ("locations", "Địa bàn"),
    ("role_1", "Tổ chức tài trợ (vai trò 1)"),
    ("role_2", "Tổ chức chịu trách nhiệm (vai trò 2)"),
    ("role_3", "Tổ chức cấp vốn trung gian (vai trò 3)"),
    ("role_4", "Tổ chức thực hiện (vai trò 4)"),
    ("description", "Mô tả"),
    # Added after the first release: at the end, so that files laid out before keep their columns.
    ("owner_unit_code", "Mã đơn vị quản lý"),
)
TRANSACTION_COLUMNS = (
    ("project", "Mã IATI của dự án"),
    ("type", "Loại giao dịch (mã IATI)"),
    ("date", "Ngày (ngày/tháng/năm)"),
    ("value", "Số tiền"),
    ("currency", "Tiền tệ (mã ISO 4217)"),
    ("provider", "Bên cấp vốn"),
    ("description", "Mô tả"),
    ("sequence", "Thứ tự trong ngày"),
)
# Columns a file may leave out (files made before they were added still import).
OPTIONAL_COLUMNS = frozenset({"sequence", "owner_unit_code"})
_LIMITS: dict[str, Any] = {"max_rows": MAX_ROWS, "optional": OPTIONAL_COLUMNS}
# The cells stored as they are typed, capped at their fields' lengths; the role columns hold several
# organizations, each checked on its own (`_participants_read`).
PROJECT_LENGTHS = {
    "iati_identifier": field_max_length(Project, "iati_identifier"),
    "title": field_max_length(Project, "title"),
}
TRANSACTION_LENGTHS = {
    "project": field_max_length(Project, "iati_identifier"),
    "description": field_max_length(Transaction, "description"),
}
PROJECT_REQUIRED = ("iati_identifier", "title", "status")
TRANSACTION_REQUIRED = ("project", "type", "date", "value", "currency", "provider")

INSTRUCTIONS = (
    "Mẫu nhập dự án và giao dịch viện trợ nước ngoài của doingoai.",
    "Mỗi dự án một dòng ở trang “Dự án”; mỗi giao dịch một dòng ở trang “Giao dịch”. "
    "Giữ nguyên dòng tiêu đề.",
    "Mã IATI của dự án là khóa: nhập lại một tệp sẽ cập nhật dự án có cùng mã, không tạo bản trùng.",
    "Một giao dịch được nhận ra bởi dự án, loại, ngày và bên cấp vốn: nhập lại thì cập nhật số tiền.",
    "Thứ tự trong ngày: để trống; chỉ khi một bên cấp vốn có nhiều giao dịch cùng loại trong cùng"
    " một ngày thì ghi 1, 2, 3… để phân biệt.",
    "Trạng thái: 1 đang chuẩn bị, 2 đang thực hiện, 3 đang kết thúc, 4 đã đóng, 5 đã hủy, 6 tạm dừng.",
    "Loại giao dịch: 2 cam kết chi, 3 giải ngân, 4 chi tiêu, 11 cam kết nhận (các mã khác theo IATI).",
    "Lĩnh vực: mã DAC 5 chữ số và tỷ lệ, cách nhau bằng dấu chấm phẩy, tổng 100: 16030:70; 11220:30.",
    "Địa bàn: tỉnh, hoặc xã và tỉnh, cách nhau bằng dấu chấm phẩy: xã Hướng Phùng, Quảng Trị; Cao Bằng.",
    "Tên tỉnh, xã cũ (trước 1/7/2025) được chuyển sang đơn vị hiện hành và giữ lại tên đã ghi.",
    "Tổ chức: mã IATI hoặc tên của đối tác trong danh bạ, cách nhau bằng dấu chấm phẩy; tổ chức chưa có"
    " trong danh bạ được ghi theo tên. Bên cấp vốn của giao dịch phải có trong danh bạ.",
    "Sau tên tổ chức có thể ghi mã IATI và mã loại tổ chức của nó, cách nhau bằng dấu |:"
    " Oxfam Novib | NL-KVK-27108436 | 21.",
    "Đơn vị quản lý: tên hoặc tên viết tắt của đơn vị; để trống là đơn vị của người nhập.",
    "Mã đơn vị quản lý: mã số của đơn vị, ghi trên trang của đơn vị trong danh bạ. Cần ghi khi hai đơn vị"
    " trùng tên (một hội ở hai tỉnh): tên trùng mà không có mã thì dòng bị từ chối. Khi đã ghi mã, ô tên"
    " có thể để trống; nếu ghi cả hai thì tên phải đúng là tên của đơn vị mang mã đó."
    " Tệp tải về đã ghi sẵn mã.",
    "Một đơn vị trong hệ thống tham gia dự án (như tổ chức thực hiện) được ghi bằng tên; khi tên trùng"
    " với đơn vị khác, ghi sau tên mã IATI của đơn vị là VN-DOINGOAI- và mã đơn vị:"
    " Hội hữu nghị Việt Nam - Lào | VN-DOINGOAI-17.",
    "Số tiền: số dương, tối đa 10^15 (một triệu tỷ), nhiều nhất hai chữ số thập phân; có thể viết"
    " 1.250.000 hoặc 1250000,50. Tiền tệ: mã ISO 4217 (VND, USD, EUR, JPY…).",
    "Ngày: từ năm 1900 đến năm 2100.",
    "Quy đổi ra VND theo tỷ giá ngày giao dịch hoặc ngày gần nhất trước đó;"
    " thiếu tỷ giá thì không nhập được.",
    "Tệp chỉ được nhập khi mọi dòng hợp lệ; nếu có lỗi, mọi lỗi được liệt kê và không có gì thay đổi.",
)

_TRUE = {"có", "co", "x", "1", "true", "yes"}
_FALSE = {"không", "khong", "", "0", "false", "no"}


@dataclass
class ImportResult:
    """What an import wrote."""

    projects_created: int = 0
    projects_kept: int = 0
    transactions_created: int = 0
    transactions_kept: int = 0
    # What an existing record was changed into by this import: project identifiers, and
    # transactions as "project · type · date"; a re-import of unchanged rows lists nothing.
    projects_updated: list[str] = field(default_factory=list)
    transactions_updated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return what the import did, in words: rows created, changed and left as they were."""
        # Two messages, one per count that names its records, so each takes its own plural form.
        projects = ngettext(
            "Đã nhập: %(pc)d dự án mới, %(pu)d được sửa, %(pn)d không thay đổi;",
            "Đã nhập: %(pc)d dự án mới, %(pu)d được sửa, %(pn)d không thay đổi;",
            self.projects_created,
        ) % {
            "pc": self.projects_created,
            "pu": len(self.projects_updated),
            "pn": self.projects_kept - len(self.projects_updated),
        }
        transactions = ngettext(
            "%(tc)d giao dịch mới, %(tu)d được sửa, %(tn)d không thay đổi.",
            "%(tc)d giao dịch mới, %(tu)d được sửa, %(tn)d không thay đổi.",
            self.transactions_created,
        ) % {
            "tc": self.transactions_created,
            "tu": len(self.transactions_updated),
            "tn": self.transactions_kept - len(self.transactions_updated),
        }
        return f"{projects} {transactions}"


def template_workbook() -> bytes:
    """Return the import template: the projects and transactions sheets with headers, and the instructions."""
    book = Workbook()
    sheet = book.active
    sheet.title = PROJECT_SHEET
    _header(sheet, PROJECT_COLUMNS)
    _header(book.create_sheet(TRANSACTION_SHEET), TRANSACTION_COLUMNS)
    notes = book.create_sheet(INSTRUCTION_SHEET)
    notes.column_dimensions["A"].width = 120
    for line in INSTRUCTIONS:
        notes.append([line])
    return book_bytes(book)


def projects_template_workbook(projects: Iterable[Project]) -> bytes:
    """Return projects as a filled-in import template: importing the file gives them back unchanged.

    Every cell holds what the import reads (status and transaction type codes, sectors as
    "code:percentage", places as recorded, organizations with their IATI identifier and type);
    the transactions follow in the order that tells same-day ones of a provider apart. What only
    IATI carries (budgets, dates, documents…) is not in a spreadsheet, and an import leaves it.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = PROJECT_SHEET
    _header(sheet, PROJECT_COLUMNS)
    transactions_sheet = book.create_sheet(TRANSACTION_SHEET)
    _header(transactions_sheet, TRANSACTION_COLUMNS)
    for project in projects:
        participants: dict[str, list[str]] = {role: [] for role in OrganisationRole.values}
        for p in project.participants.all():
            # A unit of the system is written with its code, which tells it from a unit of the same name.
            ref = p.ref or (services.own_reporting_ref(p.unit_id) if p.unit_id else "")
            participants[p.role].append(participant_cell(p.name, ref, p.org_type))
        cells = {
            "iati_identifier": project.iati_identifier,
            "title": project.title,
            "status": project.status,
            "programme": project.programme.code if project.programme else "",
            "owner_unit": project.owner_unit.name,
            "is_published": "có" if project.is_published else "không",
            "sectors": "; ".join(f"{s.code}:{_plain(s.percentage)}" for s in project.sectors.all()),
            "locations": "; ".join(loc.original or loc.name for loc in project.locations.all()),
            **{f"role_{role}": "; ".join(names) for role, names in participants.items()},
            "description": project.description,
            "owner_unit_code": project.owner_unit_id,
        }
        sheet.append([xlsx_cell(sheet, cells[key]) for key, _title in PROJECT_COLUMNS])
        ordered = sorted(
            project.transactions.all(), key=lambda t: (t.date, t.transaction_type, t.provider_id, t.sequence)
        )
        for t in ordered:
            cells = {
                "project": project.iati_identifier,
                "type": t.transaction_type,
                "date": t.date,
                # A number, shown with the reader's separators (VND whole, others to the cent), so
                # that no one reads "1.2" of a text cell as twelve; one of more digits than an XLSX
                # number keeps is written as its exact text (`xlsx_cell`).
                "value": t.value,
                "currency": t.currency,
                "provider": t.provider.iati_identifier or t.provider.name,
                "description": t.description,
                "sequence": t.sequence + 1 if t.sequence else "",
            }
            row = [xlsx_cell(transactions_sheet, cells[key]) for key, _title in TRANSACTION_COLUMNS]
            transactions_sheet.append(row)
            last = transactions_sheet.max_row
            transactions_sheet.cell(row=last, column=3).number_format = FORMAT_DATE
            transactions_sheet.cell(row=last, column=4).number_format = number_format_with(
                money_format(t.currency), t.value.normalize()
            )
    notes = book.create_sheet(INSTRUCTION_SHEET)
    notes.column_dimensions["A"].width = 120
    for line in INSTRUCTIONS:
        notes.append([line])
    return book_bytes(book)


def _plain(value: Decimal) -> str:
    """Return a decimal as the import reads it back exactly ("1250000.5", never "1.25E+6")."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _header(sheet: Any, columns: Iterable[tuple[str, str]]) -> None:
    titles = [title for _key, title in columns]
    sheet.append(titles)
    for index, title in enumerate(titles, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(title) + 2)
    sheet.freeze_panes = "A2"


# Number formats of the exports (Excel codes; Excel shows the separators of the reader's locale).
FORMAT_DATE = "dd/mm/yyyy"
# FORMAT_WHOLE, FORMAT_CENTS and money_format are doingoai.spreadsheet_cells', shared with reporting.
FORMAT_RATE = "#,##0.00####"
FORMAT_PERCENT = "0.00"
MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    """A column of an export: its Vietnamese title and how its cells are shown.

    `kind`: "text", "date", "vnd", "usd", "rate", "percent", "count", or "money" (an amount
    whose format follows the currency named in the same row's column `currency_of`).
    """

    title: str
    kind: str = "text"
    currency_of: int = -1

    def number_format(self, row: list[Any]) -> str | None:
        """Return the Excel number format of this column's cell in `row` (None: general)."""
        if self.kind == "money":
            return money_format(str(row[self.currency_of] or ""))
        return {
            "date": FORMAT_DATE,
            "vnd": FORMAT_WHOLE,
            "count": FORMAT_WHOLE,
            "usd": FORMAT_CENTS,
            "rate": FORMAT_RATE,
            "percent": FORMAT_PERCENT,
        }.get(self.kind)


def _width(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, (int, float, Decimal)):
        # Digits, group separators and decimals as shown.
        digits = len(f"{abs(int(value)):,}") + (3 if number_format == FORMAT_CENTS else 0)
        return digits + (6 if number_format == FORMAT_RATE else 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_fill(sheet: Any, columns: list[Column], rows: Iterable[list[Any]]) -> None:
    """Write a header row (bold, frozen) and `rows`, with each column's number format and a fitting width.

    Dates are written as dates (shown dd/mm/yyyy), amounts as numbers, never as text.
    """
    sheet.append([c.title for c in columns])
    widths = [len(c.title) for c in columns]
    for index in range(1, len(columns) + 1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        # Formula-like text stays text; money with more digits than a number cell keeps, exact text.
        sheet.append([xlsx_cell(sheet, value) for value in row])
        for index, column in enumerate(columns):
            value = row[index] if index < len(row) else None
            number_format = column.number_format(row)
            if number_format and value is not None and not isinstance(value, str):
                sheet.cell(row=number, column=index + 1).number_format = number_format
            widths[index] = max(widths[index], _width(value, number_format))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(10, width + 2))
    sheet.freeze_panes = "A2"


def workbook_from_sheets(sheets: list[tuple[str, list[Column], Iterable[list[Any]]]]) -> bytes:
    """Return an XLSX file with one formatted sheet per (title, columns, rows)."""
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in sheets:
        sheet_fill(book.create_sheet(title[:31]), columns, rows)
    return book_bytes(book)


def _sheets(name: str, data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Return the rows of each known sheet of the upload; raise AidImportError for a file we refuse."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if len(data) > MAX_BYTES:
        raise AidImportError(
            [_("Tệp “%(name)s” quá lớn (tối đa %(limit)d MB).") % {"name": name, "limit": MAX_BYTES // 2**20}]
        )
    if suffix == "xlsx":
        try:
            found = xlsx_sheets_read(name, data, titles=(PROJECT_SHEET, TRANSACTION_SHEET), max_rows=MAX_ROWS)
        except SpreadsheetFileError as exc:
            raise AidImportError(exc.problems) from exc
        if not found:
            raise AidImportError(
                [
                    _("Tệp “%(name)s” không có trang “%(projects)s” hay “%(transactions)s” của mẫu nhập.")
                    % {"name": name, "projects": PROJECT_SHEET, "transactions": TRANSACTION_SHEET}
                ]
            )
        return found
    if suffix == "csv":
        if data.startswith(XLSX_MAGIC) or b"\x00" in data:
            raise AidImportError([_("Tệp “%(name)s” không phải tệp CSV dạng văn bản.") % {"name": name}])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AidImportError(
                [_("Tệp CSV “%(name)s” phải được lưu với mã UTF-8.") % {"name": name}]
            ) from exc
        rows = [tuple(r) for r in csv.reader(io.StringIO(text))]
        header = {str(c).strip() for c in rows[0]} if rows else set()
        sheet = TRANSACTION_SHEET if dict(TRANSACTION_COLUMNS)["type"] in header else PROJECT_SHEET
        return {sheet: rows[: MAX_ROWS + 2]}  # the header, the rows taken, and one to tell there are more
    raise AidImportError(
        [
            _("Tệp “%(name)s” không được nhận: chỉ nhận tệp Excel .xlsx, .csv hoặc tệp IATI .xml.")
            % {"name": name}
        ]
    )


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return number_typed_parse(str(value))


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


# In a role column, an organization is its name, optionally followed by its IATI identifier and
# its OrganisationType code: "Oxfam Novib | NL-KVK-27108436 | 21" (the project form's fields).
PARTICIPANT_SEPARATOR = "|"
PARTICIPANT_NAME_LENGTH = field_max_length(ParticipatingOrganization, "name")
PARTICIPANT_REF_LENGTH = field_max_length(ParticipatingOrganization, "ref")


def participant_cell(name: str, ref: str, org_type: str) -> str:
    """Return how a role column writes one participating organization (read back by the import)."""
    if not ref and not org_type:
        return name
    return f" {PARTICIPANT_SEPARATOR} ".join((name, ref, org_type)).rstrip(f" {PARTICIPANT_SEPARATOR}")


def _participants_read(row: SheetRow, role: str, bad: Bad) -> list[ParticipantFields]:
    """Read the organizations of one role column; report an identifier or type the registry refuses."""
    key = f"role_{role}"
    types = codelist("OrganisationType")
    found = []
    for part in _names(row.text(key)):
        name, ref, org_type, *rest = [p.strip() for p in part.split(PARTICIPANT_SEPARATOR)] + ["", ""]
        if any(rest) or not name:
            message = _("“%(value)s”: hãy ghi tên, mã IATI, mã loại tổ chức, cách nhau bằng dấu |.") % {
                "value": part
            }
            bad(key, message)
            continue
        for text, limit in ((name, PARTICIPANT_NAME_LENGTH), (ref, PARTICIPANT_REF_LENGTH)):
            if len(text) > limit:
                message = ngettext(
                    "tên hoặc mã tổ chức “%(value)s…” dài %(n)d ký tự, quá %(limit)d ký tự; hãy rút gọn.",
                    "tên hoặc mã tổ chức “%(value)s…” dài %(n)d ký tự, quá %(limit)d ký tự; hãy rút gọn.",
                    len(text),
                )
                bad(key, message % {"value": text[:40], "n": len(text), "limit": limit})
        if any(ch.isspace() for ch in ref):
            bad(key, _("mã IATI của tổ chức “%(value)s” không được chứa dấu cách.") % {"value": ref})
        if org_type and org_type not in types.active | types.withdrawn:
            bad(key, _("“%(value)s” không phải mã loại tổ chức IATI (như 21, 22, 80).") % {"value": org_type})
        found.append(ParticipantFields(role, [ref, name] if ref else [name], ref=ref, org_type=org_type))
    return found


class _Lookups:
    """The partners, units and programmes a file may name, read once.

    Units are named by the directory's rule (`UnitNames.resolve`): by code, or by a name only one
    unit has.
    """

    def __init__(self, actor: Any) -> None:
        partners = scope.records_visible(actor, PartnerOrganization.objects.all())
        self.partners: dict[str, list[PartnerOrganization]] = {}
        for partner in partners:
            for key in {partner.iati_identifier, partner.name, partner.name_vi, partner.abbreviation}:
                if key:
                    self.partners.setdefault(key.casefold(), []).append(partner)
        self.units = UnitNames()
        self.programmes = {p.code.casefold(): p for p in Programme.objects.all()}

    def partner(self, name: str) -> PartnerOrganization | None:
        found = self.partners.get(name.casefold(), [])
        return found[0] if len(found) == 1 else None


Bad = Callable[[str, str], None]


@dataclass(frozen=True)
class ParticipantFields:
    """An organization of a project as a source names it: role, spellings to look up, IATI codes."""

    role: str
    names: list[str]
    ref: str = ""
    org_type: str = ""


@dataclass
class ProjectFields:
    """A project as read from one source (a spreadsheet row, an IATI activity), not yet checked.

    `participants` holds, per IATI role, the names of each organization: several spellings of the
    same organization (its IATI identifier, then its name) are tried in order.
    """

    identifier: str
    title: str
    status: str
    owner: Organization | None
    programme: str = ""
    is_published: bool = False
    description: str = ""
    sectors: list[tuple[str, Decimal]] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    participants: list[ParticipantFields] = field(default_factory=list)
    keep_current: bool = False


@dataclass
class TransactionFields:
    """A transaction as read from one source, not yet checked; `date` and `value` None when unreadable."""

    project: str
    transaction_type: str
    date: dt.date | None
    value: Decimal | None
    currency: str
    provider: list[str]
    description: str = ""
    # False: a second transaction with the same project, type, date and provider is refused as a
    # duplicate (a spreadsheet row repeated). True for sources whose order tells them apart (IATI):
    # the second is that day's next transaction (`Transaction.sequence`).
    repeatable: bool = False
    # The order within the day a spreadsheet gives (1, 2, 3…): rows that differ only by it are
    # distinct transactions. None: the first, or the next in file order when `repeatable`; 0: a
    # cell that is not an order (refused).
    sequence: int | None = None


@dataclass
class _TransactionData:
    project: str
    transaction_type: str
    date: dt.date
    provider: PartnerOrganization
    value: Decimal
    currency: str
    description: str
    sequence: int = 0


class ImportBatch:
    """The rows of one import: every rule of the registry checked once, for every source.

    `project_add` and `transaction_add` check a row and report each problem through `bad(field,
    message)` (fields named as the spreadsheet's column keys), so the spreadsheet and the IATI import
    apply the same rules and the same upsert keys; `write` writes the batch in one transaction.
    """

    def __init__(
        self,
        actor: Any,
        *,
        started: dt.datetime | None = None,
        participant_code_advice: Callable[[Organization], str] | None = None,
    ) -> None:
        self.actor = actor
        # Where the source writes the code of a participating unit whose name another unit shares.
        self.participant_code_advice = participant_code_advice or _participant_code_advice
        # When the import began: a project changed after it (by another import, a form) is not
        # overwritten by this one (`_projects_changed_since`).
        self.started = started or timezone.now()
        self.lookups = _Lookups(actor)
        self.existing = {
            p.iati_identifier: p for p in Project.objects.select_related("owner_unit", "programme")
        }
        self.problems: list[str] = []
        self.projects: list[services.ProjectData] = []
        self.transactions: list[_TransactionData] = []
        self.seen: dict[str, str] = {}
        self.keys: dict[tuple[Any, ...], str] = {}
        self.repeats: dict[tuple[Any, ...], int] = {}

    def _readable(self, project: Project) -> bool:
        return scope.record_can_read(
            self.actor, unit_path=project.owner_unit.path, is_published=project.is_published
        )

    def project_add(self, fields: ProjectFields, bad: Bad, place: str) -> None:
        """Check a project; keep it for writing when it is valid. `place` names the row for duplicates."""
        identifier = fields.identifier
        if identifier in self.seen:
            bad("iati_identifier", _("mã đã có ở %(place)s.") % {"place": self.seen[identifier]})
            return
        if identifier:
            self.seen[identifier] = place
        start = len(self.problems)
        for key, value in (
            ("iati_identifier", identifier),
            ("title", fields.title),
            ("status", fields.status),
        ):
            if not value:
                bad(key, _("ô này không được để trống."))
        if fields.status and fields.status not in ActivityStatus.values:
            bad(
                "status", _("“%(value)s” không phải mã trạng thái IATI (1 đến 6).") % {"value": fields.status}
            )
        current = self.existing.get(identifier)
        programme = None
        if fields.keep_current and current is not None:
            programme = current.programme
        elif fields.programme:
            programme = self.lookups.programmes.get(fields.programme.casefold())
            if programme is None:
                bad("programme", _("không có chương trình mã “%(value)s”.") % {"value": fields.programme})
        owner = fields.owner
        if fields.keep_current and current is not None:
            owner = current.owner_unit
        locked = current is not None and not scope.unit_can_edit(self.actor, current.owner_unit)
        # A project the user may not edit is refused once, by its code: for an IATI file the owner is
        # the project's own unit, which a second refusal would name (of a project perhaps unpublished).
        if owner is not None and not locked and not scope.unit_can_edit(self.actor, owner):
            bad(
                "owner_unit",
                _("bạn không có quyền nhập dự án cho đơn vị “%(unit)s”.") % {"unit": owner.name},
            )
        if locked:
            # The same words whether or not the user may read the project: a refusal must not
            # tell which unpublished projects of other units exist.
            bad(
                "iati_identifier",
                _("bạn không có quyền nhập dự án mã “%(value)s”.") % {"value": identifier},
            )
        try:
            services.sectors_check(fields.sectors)
        except AidError as exc:
            bad("sectors", " ".join(exc.messages))
        locations = []
        for text in fields.locations:
            try:
                locations.append(location_parse(text))
            except ValueError as exc:
                bad("locations", str(exc))
        participants: list[services.Participant] = []
        for named in fields.participants:
            role, names = named.role, named.names
            # An organization missing from the directory is kept by its name, in any role, as the
            # project form keeps it: what the registry exports, it takes back.
            # A unit of the system is named by its code (`own_reporting_ref`), else by a name only
            # it has; a name several units share is refused, never matched to one of them.
            unit_code = services.own_unit_code(named.ref)
            partner = None
            if not unit_code:
                partner = next((p for p in map(self.lookups.partner, names) if p is not None), None)
            unit = None
            if partner is None:
                found = self.lookups.units.resolve(names[-1], unit_code, advice=self.participant_code_advice)
                if isinstance(found, UnitRefusal):
                    if not found.unknown:  # an organization outside the directory is kept by its name
                        bad(f"role_{role}", found.message)
                else:
                    unit = found
            name = partner.name if partner else names[-1]
            ref = named.ref
            if unit is not None and unit_code:
                ref = ""  # the unit's code is its link, written by the export, not an identifier of its own
            if (
                partner is not None
                and current is not None
                and ref
                and ref == partner.iati_identifier
                and current.participants.filter(role=role, partner=partner, ref="").exists()
            ):
                ref = ""  # stored without a code of its own: the export wrote its partner's
            participants.append(
                services.Participant(role, name, partner, unit, ref=ref, org_type=named.org_type)
            )
        if (
            current is not None
            and [(p.role, p.unit, p.partner, p.org_type) for p in participants]
            == [(OrganisationRole.ACCOUNTABLE, current.owner_unit, None, "")]
            and [n.ref for n in fields.participants] == [services.own_reporting_ref(current.owner_unit_id)]
            and not current.participants.exists()
        ):
            # The IATI export names the owning unit, by its code, for a project that has no
            # organisation (IATI requires one): taken back, the project still has none.
            participants = []
        is_published = fields.is_published
        if fields.keep_current and current is not None:
            is_published = current.is_published
        if len(self.problems) > start or owner is None:
            return
        self.projects.append(
            services.ProjectData(
                iati_identifier=identifier,
                title=fields.title,
                status=fields.status,
                owner_unit=owner,
                is_published=is_published,
                description=fields.description,
                programme=programme,
                sectors=fields.sectors,
                locations=locations,
                participants=participants,
            )
        )

    def transaction_add(self, fields: TransactionFields, bad: Bad, place: str) -> None:
        """Check a transaction; keep it for writing when valid. `place` names the row for duplicates."""
        start = len(self.problems)
        identifier = fields.project
        for key, present in (
            ("project", identifier),
            ("type", fields.transaction_type),
            ("currency", fields.currency),
            ("provider", fields.provider),
        ):
            if not present:
                bad(key, _("ô này không được để trống."))
        if identifier and identifier not in self.seen:
            project = self.existing.get(identifier)
            if project is not None and not self._readable(project):
                project = None  # an unreadable project is answered as an unknown one
            if project is None:
                bad(
                    "project",
                    _("không có dự án mã “%(value)s” (trong tệp hay đã nhập).") % {"value": identifier},
                )
            elif not scope.unit_can_edit(self.actor, project.owner_unit):
                bad("project", _("dự án này thuộc đơn vị khác, bạn không có quyền sửa."))
        kind = fields.transaction_type
        if kind and kind not in TransactionType.values:
            bad("type", _("“%(value)s” không phải mã loại giao dịch IATI.") % {"value": kind})
        value = fields.value
        if value is not None:
            try:
                amount_check(value, fields.currency)
            except AidError as exc:
                bad("value", " ".join(exc.messages))
                value = None
        if fields.date is not None and not iati.date_in_range(fields.date):
            bad(
                "date",
                _("ngày %(value)s nằm ngoài khoảng năm %(low)d–%(high)d mà sổ đăng ký nhận.")
                % {"value": fields.date.strftime("%d/%m/%Y"), "low": iati.YEAR_MIN, "high": iati.YEAR_MAX},
            )
            fields.date = None
        currency = fields.currency.upper()
        if currency and not re.fullmatch(r"[A-Z]{3}", currency):
            bad("currency", _("“%(value)s” không phải mã tiền tệ 3 chữ cái.") % {"value": currency})
        elif currency:
            try:
                currency_check(currency)
            except AidError as exc:
                bad("currency", " ".join(exc.messages))
                currency = ""
        if currency and fields.date is not None:
            for needed in dict.fromkeys((currency, "USD")):
                try:
                    rate_find(currency=needed, on=fields.date)
                except AidError as exc:
                    bad("currency", " ".join(exc.messages))
        provider = next((p for p in map(self.lookups.partner, fields.provider) if p is not None), None)
        if fields.provider and provider is None:
            bad(
                "provider",
                _("không tìm thấy đối tác “%(name)s” trong danh bạ.") % {"name": fields.provider[-1]},
            )
        if fields.sequence is not None and not 1 <= fields.sequence <= MAX_SEQUENCE:
            bad("sequence", _("hãy ghi số thứ tự 1, 2, 3… hoặc để trống."))
        if len(self.problems) > start or fields.date is None or value is None or provider is None:
            return
        sequence = 0
        if fields.sequence is not None:
            sequence = fields.sequence - 1
        elif fields.repeatable:
            base = (identifier, kind, fields.date, provider.pk)
            sequence = self.repeats.get(base, 0)
            self.repeats[base] = sequence + 1
        natural = (identifier, kind, fields.date, provider.pk, sequence)
        if natural in self.keys:
            bad(
                "date",
                _("trùng dự án, loại, ngày và bên cấp vốn với %(place)s.") % {"place": self.keys[natural]},
            )
            return
        self.keys[natural] = place
        self.transactions.append(
            _TransactionData(
                identifier,
                kind,
                fields.date,
                provider,
                value,
                currency,
                fields.description,
                sequence,
            )
        )

    def write(self, name: str) -> ImportResult:
        """Write the batch in one transaction, or raise AidImportError listing every problem."""
        if self.problems:
            raise AidImportError([_("Tệp “%(name)s”:") % {"name": name}, *self.problems])
        try:
            return _write(self.actor, self.projects, self.transactions, started=self.started)
        except (AidError, PermissionDenied) as exc:
            raise AidImportError(
                [_("Tệp “%(name)s”:") % {"name": name}, *getattr(exc, "messages", [str(exc)])]
            ) from exc


def _project_fields(row: SheetRow, actor: Any, lookups: _Lookups, bad: Bad) -> ProjectFields:
    """Read the cells of a project row; report what only a spreadsheet can get wrong."""
    owner = getattr(actor, "unit", None)
    text, code = row.text("owner_unit"), row.text("owner_unit_code")
    if text or code:
        found = lookups.units.resolve(
            text, code, advice=lambda _unit: unit_code_advice(row, "owner_unit_code")
        )
        owner = None if isinstance(found, UnitRefusal) else found
        if isinstance(found, UnitRefusal):
            bad("owner_unit_code" if found.on_code else "owner_unit", found.message)
    elif owner is None:
        bad("owner_unit", _("hãy ghi đơn vị quản lý dự án."))
    published = row.text("is_published").casefold()
    if published not in _TRUE | _FALSE:
        bad("is_published", _("hãy ghi “có” hoặc “không”."))
    sectors: list[tuple[str, Decimal]] = []
    for part in _names(row.text("sectors")):
        code, _sep, pct = part.partition(":")
        try:
            sectors.append((code.strip(), _decimal(pct) if pct.strip() else Decimal(100)))
        except ValueError:
            bad("sectors", _("không đọc được tỷ lệ trong “%(value)s”.") % {"value": part})
    return ProjectFields(
        identifier=row.text("iati_identifier"),
        title=row.text("title"),
        status=row.text("status"),
        owner=owner,
        programme=row.text("programme"),
        is_published=published in _TRUE,
        description=row.text("description"),
        sectors=sectors,
        locations=_names(row.text("locations")),
        participants=[
            named for role in OrganisationRole.values for named in _participants_read(row, role, bad)
        ],
    )


def _transaction_fields(row: SheetRow, bad: Bad) -> TransactionFields:
    """Read the cells of a transaction row; report the dates and amounts that do not parse."""
    date = None
    if row.text("date"):
        try:
            date = cell_date(row.values["date"])
        except ValueError as exc:
            generic = _("“%(value)s” không phải ngày (ngày/tháng/năm).") % {"value": row.text("date")}
            bad("date", str(exc) or generic)
    value = None
    if row.text("value"):
        try:
            value = _decimal(row.values["value"])
        except ValueError:
            bad("value", _("“%(value)s” không phải số tiền dương.") % {"value": row.text("value")})
    elif "value" in row.values:
        bad("value", _("ô này không được để trống."))
    if not row.text("date"):
        bad("date", _("ô này không được để trống."))
    return TransactionFields(
        project=row.text("project"),
        transaction_type=row.text("type"),
        date=date,
        value=value,
        currency=row.text("currency"),
        provider=[row.text("provider")] if row.text("provider") else [],
        description=row.text("description"),
        sequence=_sequence(row.text("sequence")),
    )


def _sequence(text: str) -> int | None:
    """Read the optional order of a transaction within its day (1, 2, 3…): None if blank, 0 if unreadable."""
    if not text:
        return None
    return int(text) if text.isdecimal() else 0


def _participant_code_advice(unit: Organization) -> str:
    """Say how a role column writes the code of the unit meant, after its name."""
    cell = participant_cell(unit.name, services.own_reporting_ref(unit.pk), "")
    return _(
        "Hãy ghi sau tên mã IATI của đơn vị cần chọn, cách bởi dấu |, như “%(cell)s” cho đơn vị mã %(code)d."
    ) % {
        "cell": cell,
        "code": unit.pk,
    }


def _reporter(problems: list[str], row: SheetRow) -> Bad:
    def bad(key: str, message: str) -> None:
        problems.append(f"{row.where(key)}: {message}")

    return bad


# Columns only the lists' "Xuất Excel" files have (their totals, their conversions; `aid.exports`).
# Their sheets are named as the template's, so such a file uploaded back was refused for a dozen
# missing columns without a word on why or on the file to use instead.
READING_EXPORT_COLUMNS = ("Cam kết (VND)", "Quy đổi VND")


def _reading_export_refuse(name: str, sheets: dict[str, list[tuple[Any, ...]]]) -> None:
    """Raise AidImportError when the upload is a list's "Xuất Excel" file, saying which file to use."""
    marks = {title for column in READING_EXPORT_COLUMNS for title in (column, _(column))}
    for rows in sheets.values():
        header = {str(c).strip() for c in rows[0] if c is not None} if rows else set()
        if header & marks:
            problem = _("Tệp “%(name)s” là tệp “Xuất Excel” để xem số liệu, không nhập lại được.")
            hint = _("Hãy tải “Xuất theo mẫu nhập” ở trang Dự án, sửa trong tệp đó rồi nhập lại.")
            raise AidImportError([f"{problem % {'name': name}} {hint}"])


def spreadsheet_import(
    *, actor: Any, name: str, data: bytes, started: dt.datetime | None = None
) -> ImportResult:
    """Import an XLSX or CSV file of projects and transactions, all of it or nothing.

    Raise AidImportError listing every problem found (file, sheet, row, column) when any row is bad,
    or when a project it would write was changed after `started` (default: now, as reading begins).
    """
    started = started or timezone.now()
    sheets = _sheets(name, data)
    _reading_export_refuse(name, sheets)
    batch = ImportBatch(actor, started=started)
    problems = batch.problems
    project_rows = sheets.get(PROJECT_SHEET, [])
    for row in sheet_rows(
        PROJECT_SHEET, project_rows, PROJECT_COLUMNS, problems, lengths=PROJECT_LENGTHS, **_LIMITS
    ):
        bad = _reporter(problems, row)
        place = _("dòng %(row)d của trang này") % {"row": row.number}
        batch.project_add(_project_fields(row, actor, batch.lookups, bad), bad, place)
    transaction_rows = sheets.get(TRANSACTION_SHEET, [])
    for row in sheet_rows(
        TRANSACTION_SHEET,
        transaction_rows,
        TRANSACTION_COLUMNS,
        problems,
        lengths=TRANSACTION_LENGTHS,
        **_LIMITS,
    ):
        bad = _reporter(problems, row)
        place = _("dòng %(row)d") % {"row": row.number}
        batch.transaction_add(_transaction_fields(row, bad), bad, place)
    if not problems and not batch.projects and not batch.transactions:
        # The blank template, or a file whose rows are all empty, was answered "Đã nhập: 0 dự án mới":
        # a success for a file that held nothing, most often the wrong file.
        raise AidImportError(
            [
                _(
                    "Tệp “%(name)s” không có dòng dữ liệu nào dưới dòng tiêu đề của trang “%(projects)s” "
                    "hay “%(transactions)s”: hãy điền mỗi dự án, mỗi giao dịch một dòng rồi tải lên lại."
                )
                % {"name": name, "projects": PROJECT_SHEET, "transactions": TRANSACTION_SHEET}
            ]
        )
    return batch.write(name)


def _projects_changed_since(identifiers: set[str], started: dt.datetime) -> None:
    """Raise AidError if a project the import would write was changed after the import began.

    Every change of a project, its sectors, places, participants or transactions moves its
    `updated_at` on (`doingoai.aid.services`). The rows are locked first (in id order, so that two
    imports never wait on each other in a circle): on PostgreSQL an import that waited for another
    one then reads the other's committed change and refuses, instead of overwriting it.
    """
    locked = (
        Project.objects.select_for_update()
        .filter(iati_identifier__in=identifiers)
        .order_by("pk")
        .values_list("iati_identifier", "updated_at")
    )
    changed = sorted((identifier, when) for identifier, when in locked if when > started)
    if changed:
        last = timezone.localtime(max(when for _identifier, when in changed))
        raise AidError(
            ngettext(
                "Dự án %(projects)s đã được thay đổi sau khi bắt đầu nhập tệp này (lần cuối lúc %(when)s), "
                "nên tệp chưa được nhập để không ghi đè thay đổi đó. Hãy xem lại các dự án này, "
                "sửa tệp nếu cần rồi nhập lại.",
                "Dự án %(projects)s đã được thay đổi sau khi bắt đầu nhập tệp này (lần cuối lúc %(when)s), "
                "nên tệp chưa được nhập để không ghi đè thay đổi đó. Hãy xem lại các dự án này, "
                "sửa tệp nếu cần rồi nhập lại.",
                len(changed),
            )
            % {
                "projects": ", ".join(identifier for identifier, _when in changed),
                "when": last.strftime("%H:%M:%S %d/%m/%Y"),
            }
        )


@transaction.atomic
def _write(
    actor: Any, projects: list[services.ProjectData], items: list[_TransactionData], *, started: dt.datetime
) -> ImportResult:
    _projects_changed_since({d.iati_identifier for d in projects} | {i.project for i in items}, started)
    result = ImportResult()
    written: dict[str, Project] = {}
    for data in projects:
        project, created = services.project_upsert(actor=actor, data=data, updated=result.projects_updated)
        written[project.iati_identifier] = project
        if created:
            result.projects_created += 1
        else:
            result.projects_kept += 1
    missing = {i.project for i in items} - set(written)
    written.update(
        {
            p.iati_identifier: p
            for p in Project.objects.select_related("owner_unit").filter(Q(iati_identifier__in=missing))
        }
    )
    for item in items:
        _row, created = services.transaction_upsert(
            actor=actor,
            project=written[item.project],
            transaction_type=item.transaction_type,
            date=item.date,
            provider=item.provider,
            value=item.value,
            currency=item.currency,
            description=item.description,
            updated=result.transactions_updated,
            sequence=item.sequence,
        )
        if created:
            result.transactions_created += 1
        else:
            result.transactions_kept += 1
    return result
