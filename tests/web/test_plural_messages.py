"""Counts in the interface's messages read right in English: "1 transaction", "2 transactions".

Vietnamese has no plural, so the source strings are the same for every count; the English catalogue
gives each counted message a singular and a plural, and the code must ask for the form by the count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db.utils import OperationalError
from django.template.loader import render_to_string
from django.utils import translation

from doingoai import background, spreadsheet_files
from doingoai.aid.spreadsheets import ImportResult
from doingoai.reports import selectors as report_notes
from doingoai.web import i18n


def _sheet_problems(**kwargs: object) -> list[str]:
    """Return the problems `sheet_rows` finds in a sheet (its rows are read to the end)."""
    problems: list[str] = []
    list(spreadsheet_files.sheet_rows(problems=problems, **kwargs))  # type: ignore[arg-type]
    return problems


def _columns_missing(n: int) -> str:
    columns = (("name", "Tên"), ("a", "A"), ("b", "B"))
    header = tuple(title for _key, title in columns[: len(columns) - n])
    return _sheet_problems(sheet="Dự án", raw=[header], columns=columns, max_rows=10)[0]


def _rows_over(n: int) -> str:
    raw = [("Tên",), *(("x",) for _ in range(n + 1))]
    return _sheet_problems(sheet="Dự án", raw=raw, columns=(("name", "Tên"),), max_rows=n)[0]


def _cell_too_long(n: int) -> str:
    raw = [("Tên",), ("x" * n,)]
    return _sheet_problems(
        sheet="Dự án", raw=raw, columns=(("name", "Tên"),), max_rows=10, lengths={"name": 0}
    )[0]


def _import_summary(n: int) -> str:
    return ImportResult(projects_created=n, transactions_created=n).summary()


def _database_busy(n: int) -> str:
    return background.job_error(OperationalError("database is locked"), n, "%(reason)s")


def _stale_rates(n: int) -> str:
    context = {"stale": n, "rate_max_age": 30, "can_enter_rates": True}
    return " ".join(render_to_string("aid/_stale_rates.html", context).split())


@dataclass(frozen=True)
class Case:
    name: str
    render: Callable[[int], str]
    one: str  # what the English text says for 1
    two: str  # and for 2


CASES = [
    Case("import summary", _import_summary, "1 new project, 0 changed", "2 new projects, 0 changed"),
    Case("import summary, transactions", _import_summary, "1 new transaction,", "2 new transactions,"),
    Case("stale rates warning", _stale_rates, "1 transaction was converted", "2 transactions were converted"),
    Case("sheet lacks columns", _columns_missing, "lacks the column “B”.", "lacks the columns “A”, “B”."),
    Case("sheet has too many rows", _rows_over, "more than 1 row.", "more than 2 rows."),
    Case("cell too long", _cell_too_long, "is 1 character long", "is 2 characters long"),
    Case("database busy", _database_busy, "tried 1 time:", "tried 2 times:"),
    Case(
        "report note, transactions",
        lambda n: str(report_notes.RECORD_KINDS["transaction"] % {"n": n}),
        "1 transaction",
        "2 transactions",
    ),
    Case(
        "report note, documents",
        lambda n: str(report_notes.RECORD_KINDS["document"] % {"n": n}),
        "1 document",
        "2 documents",
    ),
    Case(
        "report note, other records",
        lambda n: str(report_notes.RECORDS_OTHER % {"n": n}),
        "1 record",
        "2 records",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_count_of_one_reads_singular_and_two_plural_in_english(case: Case) -> None:
    with translation.override("en"):
        one, two = case.render(1), case.render(2)
    # Whole words: "1 transaction" must not pass inside "1 transactions".
    assert re.search(rf"(?<!\w){re.escape(case.one)}(?!\w)", one), one
    assert re.search(rf"(?<!\w){re.escape(case.two)}(?!\w)", two), two


VIETNAMESE = [
    (
        _import_summary,
        "Đã nhập: 1 dự án mới, 0 được sửa, 0 không thay đổi; 1 giao dịch mới, 0 được sửa, 0 không thay đổi.",
    ),
    (_rows_over, "Trang “Dự án” có quá 1 dòng."),
    (_stale_rates, "1 giao dịch được quy đổi bằng tỷ giá cũ hơn 30 ngày so với ngày giao dịch"),
    (lambda n: str(report_notes.RECORD_KINDS["task"] % {"n": n}), "1 nhiệm vụ"),
]


@pytest.mark.parametrize(("render", "said"), VIETNAMESE)
def test_vietnamese_wording_is_the_same_for_every_count(render: Callable[[int], str], said: str) -> None:
    with translation.override("vi"):
        assert said in render(1)
        assert said.replace("1", "2", 2) in render(2)


# A placeholder right before a plural noun in the English of a message marked with plain gettext:
# "%(n)d reports" reads "1 reports" for one. These few never hold 1, and say why.
_COUNT_THEN_PLURAL = re.compile(r"%\((\w+)\)[sd] (\w+s)\b")
_NOT_A_NOUN = {"is", "has", "was", "needs", "asks", "contains", "ends"}
_NEVER_ONE = {
    # a month has 28 to 31 days
    "Ngày %(value)s không có: tháng %(month)d năm %(year)d chỉ có %(days)d ngày.",
    # the search's count stops at a fixed cap (1.000), given already formatted
    "hơn %(shown)s kết quả",
    "hơn %(shown)s văn bản",
    # a fixed limit of the analysis, given already formatted
    "văn bản quá dài (hơn %(limit)s ký tự); hãy tách thành nhiều tệp.",
    # a file type (".doc"), not a count
    "tệp %(suffix)s cần LibreOffice để đọc, nhưng máy chủ chưa cài; hãy cài LibreOffice "
    "(gói libreoffice-writer) hoặc lưu tệp thành .docx rồi tải lên lại.",
}


def test_no_message_puts_a_count_before_a_plural_noun_without_a_plural_form() -> None:
    english = i18n.translations_of_po()
    counted = sorted(
        f"{msgid} => {english[msgid]}"
        for msgid in i18n.messages_marked()
        if msgid in english
        and msgid not in _NEVER_ONE
        and any(word not in _NOT_A_NOUN for _name, word in _COUNT_THEN_PLURAL.findall(english[msgid]))
    )
    assert counted == [], "mark these with ngettext and give them a singular and a plural:\n" + "\n".join(
        counted
    )
