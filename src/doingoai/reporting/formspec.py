"""Report forms as data: sections of typed indicators with rules, read from a JSON definition.

A definition (see `forms_data/*.json`) holds::

    {"code", "name", "period_type": "year"|"quarter"|"month", "version", "valid_from": "YYYY-MM-DD",
     "sections": [{"code", "title", "indicators": [
         {"code", "label", "kind", "help", "required", "min", "max",
          "currency" (money), "choices": [{"code", "label"}] (choice),
          "rows": [{"code", "label", "sectors": ["11", ...]}], "columns": [{"code", "label", "kind",
          "currency"}] (table), "prefill": {"source": "aid", "measure": "commitment"|"disbursement"}}]}],
     "rules": [{"code", "left", "op": ">="|"<="|"=="|">"|"<", "right", "message"}]}

Kinds: integer, decimal, money (with its currency), text, boolean, choice, table (fixed rows,
typed columns). Values are kept flat, one string per field key: an indicator's code, or
"<table>.<row>.<column>" for a table cell. That one key names a field everywhere: the entry
page, the comments, the change list, the spreadsheet and the API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.analysis.numbers import digits_parse
from doingoai.analysis.text import text_normalize
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.periods import PERIOD_TYPES

INTEGER = "integer"
DECIMAL = "decimal"
MONEY = "money"
TEXT = "text"
BOOLEAN = "boolean"
CHOICE = "choice"
TABLE = "table"
SCALAR_KINDS = (INTEGER, DECIMAL, MONEY, TEXT, BOOLEAN, CHOICE)
NUMERIC_KINDS = (INTEGER, DECIMAL, MONEY)
OPERATORS = (">=", "<=", "==", ">", "<")
TRUE_WORDS = {"1", "true", "có", "co", "x", "yes"}
FALSE_WORDS = {"0", "false", "không", "khong", "no"}
MAX_TEXT = 20000
# A number without a maximum in its form has at most this many digits before the decimal mark.
# Amounts: below 10^15 (a million billion đồng, some 40 billion USD, far above any year's aid);
# 15 digits is also what a spreadsheet keeps exactly, so a report written to Excel and read back
# keeps its figures, and the sum over every unit stays exact in the strategy's indicator columns
# (22 digits, 2 decimals). Counts (delegations, events, people): below 10^9.
AMOUNT_DIGITS = 15
COUNT_DIGITS = 9


@dataclass(frozen=True)
class Choice:
    """One option of a choice indicator."""

    code: str
    label: str


@dataclass(frozen=True)
class Field:
    """One value to enter: a scalar indicator, or one cell of a table indicator."""

    key: str
    label: str
    kind: str
    section: str
    indicator: str
    help: str = ""
    required: bool = False
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    currency: str = ""
    choices: tuple[Choice, ...] = ()
    row: str = ""
    column: str = ""
    sectors: tuple[str, ...] = ()
    prefill: str = ""

    @property
    def is_numeric(self) -> bool:
        """Return whether the field holds a number (integer, decimal or money)."""
        return self.kind in NUMERIC_KINDS


@dataclass(frozen=True)
class Indicator:
    """An indicator as the form shows it: one field, or a table of fields."""

    code: str
    label: str
    kind: str
    help: str
    fields: tuple[Field, ...]
    rows: tuple[tuple[str, str], ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    prefill: str = ""

    def cell(self, row: str, column: str) -> Field:
        """Return the field of one table cell."""
        return next(f for f in self.fields if f.row == row and f.column == column)


@dataclass(frozen=True)
class Section:
    """A titled group of indicators."""

    code: str
    title: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Rule:
    """A cross-field check: `left op right`, checked when both values are present."""

    code: str
    left: str
    op: str
    right: str
    message: str


@dataclass(frozen=True)
class FormSpec:
    """A parsed form definition."""

    code: str
    name: str
    period_type: str
    version: int
    valid_from: dt.date
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...] = ()
    by_key: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def fields(self) -> list[Field]:
        """Return every field in the order of the form."""
        return [f for s in self.sections for i in s.indicators for f in i.fields]

    def field(self, key: str) -> Field | None:
        """Return the field with `key`, or None."""
        return self.by_key.get(key)


def _bad(form: str, message: str) -> ReportingError:
    return ReportingError(
        _("Định nghĩa biểu mẫu “%(form)s”: %(message)s") % {"form": form, "message": message}
    )


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _field(
    form: str, section: str, data: dict[str, Any], *, key: str, label: str, indicator: str, **extra: Any
) -> Field:
    kind = data.get("kind", "")
    if kind not in SCALAR_KINDS:
        raise _bad(
            form, _("chỉ tiêu “%(key)s” có loại “%(kind)s” không được hỗ trợ.") % {"key": key, "kind": kind}
        )
    if kind == MONEY and not data.get("currency"):
        raise _bad(form, _("chỉ tiêu tiền “%(key)s” phải ghi loại tiền (currency).") % {"key": key})
    choices = tuple(Choice(str(c["code"]), str(c["label"])) for c in data.get("choices", ()))
    if kind == CHOICE and not choices:
        raise _bad(form, _("chỉ tiêu “%(key)s” phải có danh sách lựa chọn.") % {"key": key})
    return Field(
        key=key,
        label=label,
        kind=kind,
        section=section,
        indicator=indicator,
        help=str(data.get("help", "")),
        required=bool(data.get("required", False)),
        minimum=_number(data.get("min")),
        maximum=_number(data.get("max")),
        currency=str(data.get("currency", "")),
        choices=choices,
        **extra,
    )


def spec_parse(data: dict[str, Any]) -> FormSpec:
    """Return the form described by `data`; raise ReportingError naming the first fault."""
    code = str(data.get("code", "")).strip()
    if not code:
        raise _bad("?", _("thiếu mã biểu mẫu (code)."))
    if data.get("period_type") not in PERIOD_TYPES:
        raise _bad(code, _("loại kỳ (period_type) phải là year, quarter hoặc month."))
    sections: list[Section] = []
    by_key: dict[str, Field] = {}
    for section_data in data.get("sections", ()):
        section_code = str(section_data["code"])
        indicators: list[Indicator] = []
        for item in section_data.get("indicators", ()):
            icode = str(item["code"])
            prefill = str(item.get("prefill", {}).get("measure", "")) if item.get("prefill") else ""
            if item.get("kind") == TABLE:
                rows = tuple((str(r["code"]), str(r["label"])) for r in item["rows"])
                sectors = {str(r["code"]): tuple(r.get("sectors", ())) for r in item["rows"]}
                columns = tuple((str(c["code"]), str(c["label"])) for c in item["columns"])
                cells = tuple(
                    _field(
                        code,
                        section_code,
                        {**column, "required": item.get("required", False), "min": item.get("min")},
                        key=f"{icode}.{row_code}.{column['code']}",
                        label=f"{item['label']} — {row_label} — {column['label']}",
                        indicator=icode,
                        row=row_code,
                        column=str(column["code"]),
                        sectors=sectors[row_code],
                        prefill=prefill,
                    )
                    for row_code, row_label in rows
                    for column in item["columns"]
                )
                indicator = Indicator(
                    icode, str(item["label"]), TABLE, str(item.get("help", "")), cells, rows, columns, prefill
                )
            else:
                single = _field(
                    code,
                    section_code,
                    item,
                    key=icode,
                    label=str(item["label"]),
                    indicator=icode,
                    prefill=prefill,
                )
                indicator = Indicator(
                    icode, single.label, single.kind, single.help, (single,), prefill=prefill
                )
            for f in indicator.fields:
                if f.key in by_key:
                    raise _bad(code, _("mã “%(key)s” bị trùng.") % {"key": f.key})
                by_key[f.key] = f
            indicators.append(indicator)
        sections.append(Section(section_code, str(section_data["title"]), tuple(indicators)))
    rules: list[Rule] = []
    for rule in data.get("rules", ()):
        if rule["op"] not in OPERATORS or rule["left"] not in by_key or rule["right"] not in by_key:
            raise _bad(code, _("quy tắc “%(rule)s” không hợp lệ.") % {"rule": rule.get("code", "?")})
        rules.append(Rule(str(rule["code"]), rule["left"], rule["op"], rule["right"], str(rule["message"])))
    return FormSpec(
        code=code,
        name=str(data["name"]),
        period_type=str(data["period_type"]),
        version=int(data["version"]),
        valid_from=dt.date.fromisoformat(str(data["valid_from"])),
        sections=tuple(sections),
        rules=tuple(rules),
        by_key=by_key,
    )


class _TooLong(ValueError):
    """A number typed with more digits than any field takes (and than a figure can have)."""


def value_parse(f: Field, raw: Any) -> str:
    """Return the stored form of one entered value ("" for empty); raise ValueError with a message.

    Numbers accept Vietnamese separators ("1.500.000", "2,5") and spreadsheet numbers.
    """
    if raw is None:
        return ""
    if isinstance(raw, bool):
        raw = "true" if raw else "false"
    text = str(raw).strip() if not isinstance(raw, int | float | Decimal) else raw
    if text == "":
        return ""
    if f.kind == TEXT:
        if "\x00" in str(text):  # no database stores it, and no one types it
            raise ValueError(_("chứa ký tự rỗng (NUL); hãy gõ lại nội dung."))
        # Stored as every other text is (NFC, \n line ends): words pasted in decomposed form (NFD,
        # as some Mac and PDF sources give) then read and compare as the same words typed.
        text = text_normalize(str(text)).strip()
        if len(text) > MAX_TEXT:
            raise ValueError(
                ngettext("quá dài (tối đa %(n)d ký tự).", "quá dài (tối đa %(n)d ký tự).", MAX_TEXT)
                % {"n": MAX_TEXT}
            )
        return text
    if f.kind == BOOLEAN:
        word = str(text).lower()
        if word in TRUE_WORDS:
            return "true"
        if word in FALSE_WORDS:
            return "false"
        raise ValueError(_("ghi “có” hoặc “không”."))
    if f.kind == CHOICE:
        for choice in f.choices:
            if str(text) in (choice.code, choice.label):
                return choice.code
        raise ValueError(
            _("chọn một trong: %(options)s.") % {"options": ", ".join(c.label for c in f.choices)}
        )
    digits = COUNT_DIGITS if f.kind == INTEGER else AMOUNT_DIGITS
    # Counts and amounts in dong are whole numbers; other currencies keep their cents.
    whole = f.kind == INTEGER or (f.kind == MONEY and f.currency == "VND")
    try:
        number = _numeric(text)
    except _TooLong:
        # Beyond every bound below, with its sign: the message names the bound it passes.
        number = Decimal(10) ** (AMOUNT_DIGITS + 1) * (-1 if str(text).startswith("-") else 1)
    except ValueError:
        if whole:  # its example has no decimal part, which a whole number would refuse next
            raise ValueError(_("phải là một số nguyên (ví dụ 1.500).")) from None
        raise
    if whole and number != number.to_integral_value():
        # Typed "3.5" (meant as 35, or as three and a half): say how numbers are written. A
        # spreadsheet's number 3.5 was typed with a decimal comma, or computed: no dot to explain.
        if isinstance(text, str) and "." in text:
            raise ValueError(
                _("phải là số nguyên; dấu chấm chỉ ngăn cách hàng nghìn (15.000 là mười lăm nghìn).")
            )
        raise ValueError(_("phải là số nguyên."))
    if f.minimum is not None and number < f.minimum:
        raise ValueError(_("không được nhỏ hơn %(min)s.") % {"min": f.minimum})
    if f.maximum is not None and number > f.maximum:
        raise ValueError(_("không được lớn hơn %(max)s.") % {"max": f.maximum})
    if f.maximum is None and abs(number) >= Decimal(10) ** digits:
        raise ValueError(
            ngettext(
                "quá lớn: phải nhỏ hơn %(limit)s (phần nguyên tối đa %(digits)d chữ số).",
                "quá lớn: phải nhỏ hơn %(limit)s (phần nguyên tối đa %(digits)d chữ số).",
                digits,
            )
            % {"limit": f"{10**digits:,}".replace(",", "."), "digits": digits}
        )
    normal = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return format(normal, "f")


def _numeric(value: Any) -> Decimal:
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).replace(" ", "").replace("\u00a0", "")
    negative = text.startswith("-")
    try:
        number = digits_parse(text.removeprefix("-"))
    except ValueError as exc:
        if set(text) <= set("-0123456789.,") and sum(c.isdigit() for c in text) > AMOUNT_DIGITS:
            raise _TooLong() from exc  # a number, only longer than any the field takes
        raise ValueError(_("phải là một số (ví dụ 1.500 hoặc 2,5).")) from exc
    return -number if negative else number


def values_clean(
    spec: FormSpec, raw: dict[str, Any], *, complete: bool
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Check entered values against the form; return (stored values, messages by field key).

    A draft (`complete=False`) needs only well-formed values; a submission also needs every
    required field and every cross-field rule. Unknown keys are ignored.
    """
    clean: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for f in spec.fields():
        try:
            value = value_parse(f, raw.get(f.key))
        except ValueError as exc:
            errors.setdefault(f.key, []).append(f"{f.label}: {exc}")
            continue
        if value != "":
            clean[f.key] = value
        elif complete and f.required:
            errors.setdefault(f.key, []).append(_("%(label)s: bắt buộc phải nhập.") % {"label": f.label})
    if complete:
        for rule in spec.rules:
            if rule.left in clean and rule.right in clean and not _holds(clean, rule):
                errors.setdefault(rule.left, []).append(rule.message)
    return clean, errors


def _holds(values: dict[str, str], rule: Rule) -> bool:
    left, right = Decimal(values[rule.left]), Decimal(values[rule.right])
    return {
        ">=": left >= right,
        "<=": left <= right,
        "==": left == right,
        ">": left > right,
        "<": left < right,
    }[rule.op]


def value_entry(f: Field, value: str) -> str:
    """Return a stored value as the entry form shows it: numbers the Vietnamese way, in full.

    Stored numbers use a decimal point ("12.345" is twelve and a bit); typed back unchanged into
    the form, `value_parse` would read that point as a thousands mark. Written "12,345" (and
    "1.500.000") they read back as the same number, whichever language the page is in.
    """
    if not f.is_numeric or value == "":
        return value
    sign = "-" if value.startswith("-") else ""
    whole, _, fraction = value.removeprefix("-").partition(".")
    if not whole.isdecimal():
        return value
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def value_shown(f: Field, value: str) -> str:
    """Return a stored value as the report page shows it: 15.000 and 2,5 in Vietnamese.

    Numbers are grouped as the page's language writes them; choices read as their label, and
    yes/no as có/không (`value_display`).
    """
    if f.is_numeric and value not in ("", None):
        try:
            return str(number_format(Decimal(value), use_l10n=True, force_grouping=True))
        except InvalidOperation:
            return value  # a value stored before its field became a number: shown as it is
    return value_display(f, value)


def value_display(f: Field, value: str) -> str:
    """Return a stored value as the page shows it (choice labels, có/không)."""
    if value == "":
        return ""
    if f.kind == BOOLEAN:
        return _("có") if value == "true" else _("không")
    if f.kind == CHOICE:
        return next((c.label for c in f.choices if c.code == value), value)
    return value
