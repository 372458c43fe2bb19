"""The section providers the annual report is assembled from, and the slots they fill.

A provider is an object with a `name`, a `data_label` (the data it reads, named in the report's
opening paragraph) and a method `contributions(context) -> list[Contribution]`. It reads its data
through its own app's selectors under `context.user` (and `context.unit` for a unit's report), so
the report never shows what the page would not. A provider that finds nothing returns [] and is
not named among the report's data.

Slots, in the order of the report (Roman numerals are given to the parts that are present; a
part no provider fills is left out, never printed empty):

==================== ========================================================================
slot                 content
==================== ========================================================================
situation            I. Tình hình chung: one paragraph per provider summing up its year
results.units        II. activities and delegations of the units, totals by unit kind, from
                     the approved annual reports (``sections.reporting``)
results.aid          II. foreign non-governmental aid: totals by sector, province, partner
                     country and programme, VND and USD (``sections.aid``)
results.tasks        II. conference tasks in the four status classes (``sections.tasks``)
results.communication II. information and communication: the year's events and documents
                     (``sections.library``)
shortcomings         III. Tồn tại, hạn chế (from the units' narrative sections when the
                     reporting provider is present; from the data's own gaps otherwise)
directions           IV. Phương hướng, nhiệm vụ năm sau
appendix             Phụ lục: the tables
==================== ========================================================================

The providers of other apps' data (a new one is a module under ``doingoai.reports.sections`` and its
dotted path in `PROVIDERS`; the reports app imports those apps, never the reverse):

- **Unit reports** (``sections.reporting``, issue 13): the approved annual reports of the year
  (all units, or `context.unit` and the units below it) give ``results.units`` (activities and
  delegations, totals and a table by kind of unit), ``shortcomings`` and ``directions`` (the units'
  narrative sections, each naming its unit) and ``situation``. Each figure's sources are
  ``Source(kind="report", ids=<report ids>, ...)`` with ``basis={"op": "sum", "field": <indicator>}``
  or ``{"op": "count"}``.
- **Tasks** (``sections.tasks``, issue 14): contributes ``results.tasks`` (the tasks due in the
  year, counted in each of the four status classes, ``Source(kind="task", ids=..., ...)`` with
  ``basis={"op": "count"}``) and ``directions`` (the open tasks due next year).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from doingoai.reports.content import Contribution, ReportContext


@dataclass(frozen=True)
class Slot:
    """A place in the report's skeleton: its key, the part it belongs to, and that part's heading."""

    key: str
    part: str
    heading: str


PARTS = (
    ("situation", "TÌNH HÌNH CHUNG"),
    ("results", "KẾT QUẢ THỰC HIỆN CÔNG TÁC ĐỐI NGOẠI NHÂN DÂN THEO LĨNH VỰC"),
    ("shortcomings", "TỒN TẠI, HẠN CHẾ"),
    ("directions", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {next_year}"),
)

SLOTS = (
    Slot("situation", "situation", ""),
    Slot("results.units", "results", "Hoạt động đối ngoại nhân dân của các đơn vị"),
    Slot("results.aid", "results", "Công tác viện trợ phi chính phủ nước ngoài"),
    Slot("results.tasks", "results", "Thực hiện các nhiệm vụ được giao"),
    Slot("results.communication", "results", "Công tác thông tin, tuyên truyền đối ngoại"),
    Slot("shortcomings", "shortcomings", ""),
    Slot("directions", "directions", ""),
    Slot("appendix", "appendix", ""),
)

# Dotted paths of the provider objects, in the order their contributions are placed within a slot.
PROVIDERS: tuple[str, ...] = (
    "doingoai.reports.sections.reporting.provider",
    "doingoai.reports.sections.aid.provider",
    "doingoai.reports.sections.library.provider",
    "doingoai.reports.sections.tasks.provider",
)


class SectionProvider(Protocol):
    """A source of report sections (see the module's documentation for the contract)."""

    name: str
    data_label: str

    def contributions(self, context: ReportContext) -> list[Contribution]:
        """Return what this provider adds to the report of `context` ([] when it has no data)."""
        ...


def providers_load(paths: tuple[str, ...] = PROVIDERS) -> list[SectionProvider]:
    """Return the provider objects named by `paths`."""
    loaded: list[SectionProvider] = []
    for path in paths:
        module_name, _, attribute = path.rpartition(".")
        loaded.append(getattr(importlib.import_module(module_name), attribute))
    return loaded
