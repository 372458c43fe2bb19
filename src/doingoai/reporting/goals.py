"""Strategy indicators: evaluate a formula over a report's values, and each year's actual against target.

A formula names fields in braces and combines them with + - * / and parentheses:
`{doan_ra} + {doan_vao}`, `{vien_tro.*.vnd} / 1000000000`. A `*` in a name adds every matching
field (all rows of a table). An empty field counts as 0. Nothing else is accepted (no names,
calls or attributes): the formula is parsed with `ast`, never run.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from doingoai.analysis.output import number_vi
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.formspec import FormSpec
from doingoai.reporting.models import (
    IndicatorYear,
    Report,
    ReportForm,
    ReportState,
    Strategy,
    StrategyIndicator,
)
from doingoai.reporting.selectors import reports_visible

_REFERENCE = re.compile(r"\{([^{}]+)\}")
_OPERATORS = {
    ast.Add: Decimal.__add__,
    ast.Sub: Decimal.__sub__,
    ast.Mult: Decimal.__mul__,
    ast.Div: Decimal.__truediv__,
}


def formula_parse(formula: str) -> tuple[ast.Expression, list[str]]:
    """Return the parsed formula and the field patterns it names; raise ReportingError if not allowed."""
    patterns: list[str] = []

    def name(match: re.Match[str]) -> str:
        patterns.append(match.group(1).strip())
        return f"v{len(patterns) - 1}"

    try:
        tree = ast.parse(_REFERENCE.sub(name, formula), mode="eval")
    except SyntaxError as exc:
        raise ReportingError(_("Công thức “%(f)s” không hợp lệ.") % {"f": formula}) from exc
    for node in ast.walk(tree):
        allowed = isinstance(node, ast.Expression | ast.BinOp | ast.UnaryOp | ast.USub | ast.Load | ast.Name)
        allowed = allowed or type(node) in _OPERATORS
        allowed = allowed or (isinstance(node, ast.Constant) and isinstance(node.value, int | float))
        if not allowed or (isinstance(node, ast.Name) and not re.fullmatch(r"v\d+", node.id)):
            raise ReportingError(
                _("Công thức “%(f)s” chỉ được dùng {mã chỉ tiêu}, số và + - * / ( ).") % {"f": formula}
            )
    return tree, patterns


def formula_value(formula: str, values: dict[str, str]) -> Decimal:
    """Return the formula's value for one report's values."""
    tree, patterns = formula_parse(formula)
    names = {
        f"v{i}": sum((Decimal(values[k]) for k in values if fnmatch.fnmatchcase(k, p)), Decimal(0))
        for i, p in enumerate(patterns)
    }

    def walk(node: Any) -> Decimal:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            return names[node.id]
        if isinstance(node, ast.UnaryOp):
            return -walk(node.operand)
        return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))

    try:
        return walk(tree)
    except (DivisionByZero, InvalidOperation):
        return Decimal(0)


_SIGNS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: ":"}


def _newest_spec(code: str) -> FormSpec | None:
    """Return the spec of the newest version of a form, or None when no such form is loaded."""
    form = ReportForm.objects.filter(code=code).order_by("-version").first()
    return form.spec if form is not None else None


def indicator_formula_text(indicator: StrategyIndicator) -> str:
    """Return an indicator's formula in the words of its form; "" for an indicator entered by hand."""
    if not indicator.formula:
        return ""
    return formula_described(indicator.formula, _newest_spec(indicator.form_code))


def formula_described(formula: str, spec: FormSpec | None) -> str:
    """Return the formula in the words of its form: each field by its label, numbers Vietnamese-style.

    `{doan_ra} + {doan_vao}` reads "[Số đoàn ra nước ngoài] + [Số đoàn nước ngoài được đón tiếp]";
    a pattern that adds several fields reads "tổng [label of each indicator it takes]"; a field the
    form does not hold keeps its code.
    """
    tree, patterns = formula_parse(formula)
    fields = spec.fields() if spec is not None else []

    def field_words(pattern: str) -> str:
        matched = [f for f in fields if fnmatch.fnmatchcase(f.key, pattern)]
        if not matched:
            return f"[{pattern}]"
        if len(matched) == 1 and matched[0].key == pattern:
            return f"[{matched[0].label}]"
        indicators = list(dict.fromkeys(f.label.split(" — ")[0] for f in matched))
        columns = list(dict.fromkeys(f.label.split(" — ")[-1] for f in matched if f.column))
        shown = "; ".join(indicators) + (f", {columns[0]}" if len(columns) == 1 else "")
        return _("tổng [%(what)s]") % {"what": shown}

    def words(node: Any, parent: int = 0) -> str:
        if isinstance(node, ast.Expression):
            return words(node.body)
        if isinstance(node, ast.Constant):
            return number_vi(Decimal(str(node.value)))
        if isinstance(node, ast.Name):
            return field_words(patterns[int(node.id[1:])])
        if isinstance(node, ast.UnaryOp):
            return "−" + words(node.operand, 2)
        level = 1 if isinstance(node.op, ast.Add | ast.Sub) else 2
        text = f"{words(node.left, level)} {_SIGNS[type(node.op)]} {words(node.right, level + 1)}"
        return f"({text})" if level < parent else text

    return words(tree)


@dataclass
class YearRow:
    """One year of an indicator: target, actual, share of target, and how many reports make it."""

    year: int
    target: Decimal | None
    actual: Decimal | None
    reports: int = 0

    @property
    def percent(self) -> Decimal | None:
        """Return actual / target in percent (None without both)."""
        if self.target in (None, 0) or self.actual is None:
            return None
        return (self.actual * 100 / self.target).quantize(Decimal("0.1"))


@dataclass
class IndicatorProgress:
    """An indicator with its years."""

    indicator: StrategyIndicator
    years: list[YearRow] = field(default_factory=list)
    # The formula in the words of its form (`formula_described`); "" for a manual indicator.
    formula_text: str = ""


def indicator_reports(*, user: Any, indicator: StrategyIndicator, year: int) -> list[tuple[Report, Decimal]]:
    """Return the approved reports of `year` behind a formula indicator, each with its value, in scope."""
    if not indicator.formula or not indicator.form_code:
        return []
    reports = (
        reports_visible(user)
        .filter(form_code=indicator.form_code, state=ReportState.APPROVED, period__startswith=str(year))
        .select_related("unit")
        .order_by("unit__path", "period")
    )
    return [(r, formula_value(indicator.formula, r.values)) for r in reports]


def strategy_progress(*, user: Any, strategy: Strategy) -> list[tuple[Any, list[IndicatorProgress]]]:
    """Return each goal with its indicators' actual against target per year (approved reports in scope)."""
    result = []
    specs: dict[str, FormSpec | None] = {}
    for goal in strategy.goals.prefetch_related("indicators__years"):
        progress = []
        for indicator in goal.indicators.all():
            stored: dict[int, IndicatorYear] = {y.year: y for y in indicator.years.all()}
            rows = []
            for year in range(strategy.start_year, strategy.end_year + 1):
                entry = stored.get(year)
                if indicator.formula:
                    behind = indicator_reports(user=user, indicator=indicator, year=year)
                    actual = sum((v for _r, v in behind), Decimal(0)) if behind else None
                    rows.append(YearRow(year, entry.target if entry else None, actual, len(behind)))
                else:
                    rows.append(
                        YearRow(year, entry.target if entry else None, entry.manual_value if entry else None)
                    )
            code = indicator.form_code
            if code not in specs:
                specs[code] = _newest_spec(code)
            progress.append(
                IndicatorProgress(
                    indicator,
                    [r for r in rows if r.target is not None or r.actual is not None],
                    formula_described(indicator.formula, specs[code]) if indicator.formula else "",
                )
            )
        result.append((goal, progress))
    return result
