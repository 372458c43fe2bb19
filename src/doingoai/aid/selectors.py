"""Read the aid registry for a user: every read goes through `scope.records_visible` on the project.

Totals. The dashboard and the transaction list add up the same rows with the same function
(`transactions_total`), so every figure on the dashboard equals the total of the list its link opens.
Sums are done in Python on `Decimal` values (exact on SQLite and PostgreSQL alike):

- a sector's figure is the transaction's value times the sector's percentage in its project;
- a province's figure counts every transaction of a project working in that province, so a project
  in several provinces counts in each (the provinces' figures may add up to more than the total).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from doingoai import iati
from doingoai.accounts import scope
from doingoai.aid.currency import conversion_is_stale
from doingoai.aid.errors import QueryParamError
from doingoai.aid.models import (
    COMMITMENT_TYPES,
    DISBURSEMENT_TYPES,
    Programme,
    Project,
    ProjectLocation,
    ProjectSector,
    Transaction,
)
from doingoai.aid.sectors import sector_label
from doingoai.analysis.admin_units import province_by_code
from doingoai.directory.countries import country_name
from doingoai.directory.models import Organization

ZERO = Decimal(0)
MAX_ID = 2**63 - 1


def query_id(query: Any, name: str) -> int | None:
    """Return the id in parameter `name`, None when absent or not a number; raise when out of range."""
    value = str(query.get(name, "")).strip()
    if not value.isdigit():
        return None
    if len(value) > 19 or not 1 <= int(value) <= MAX_ID:
        raise QueryParamError(
            _("Tham số “%(name)s” = %(value)s không phải mã hợp lệ: hãy chọn lại từ danh sách.")
            % {"name": name, "value": value[:30]}
        )
    return int(value)


def query_programme(query: Any) -> str:
    """Return parameter `programme`: a programme's id, NO_PROGRAMME, or "" (ids checked as `query_id`)."""
    if str(query.get("programme", "")).strip() == NO_PROGRAMME:
        return NO_PROGRAMME
    found = query_id(query, "programme")
    return "" if found is None else str(found)


def query_year(query: Any, name: str = "year") -> int | None:
    """Return the year in parameter `name`, None when absent or not a number; raise outside 1900–2100."""
    value = str(query.get(name, "")).strip()
    if not value.isdigit():
        return None
    if len(value) > 4 or not iati.YEAR_MIN <= int(value) <= iati.YEAR_MAX:
        raise QueryParamError(
            _("Tham số “%(name)s” = %(value)s: năm phải từ %(low)d đến %(high)d.")
            % {"name": name, "value": value[:30], "low": iati.YEAR_MIN, "high": iati.YEAR_MAX}
        )
    return int(value)


MEASURES = {"commitment": COMMITMENT_TYPES, "disbursement": DISBURSEMENT_TYPES}
NO_PROGRAMME = "0"


@dataclass(frozen=True)
class TransactionFilters:
    """The filters shared by the transaction list, its export and the dashboard's links."""

    year: int | None = None
    measure: str = ""
    transaction_type: str = ""
    partner: int | None = None
    country: str = ""
    sector: str = ""
    province: str = ""
    programme: str = ""
    project: int | None = None
    # The owning unit: its projects and those of every unit below it (a unit's own report).
    unit: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> TransactionFilters:
        """Read the filters from a query string; values that do not parse are ignored.

        Raise QueryParamError, naming the parameter, for a year outside 1900–2100 or an id out of range.
        """
        measure = str(query.get("measure", ""))
        return cls(
            year=query_year(query),
            measure=measure if measure in MEASURES else "",
            transaction_type=str(query.get("type", "")).strip(),
            partner=query_id(query, "partner"),
            country=str(query.get("country", "")).strip().upper()[:2],
            sector=str(query.get("sector", "")).strip()[:5],
            province=str(query.get("province", "")).strip()[:2],
            programme=query_programme(query),
            project=query_id(query, "project"),
            unit=query_id(query, "unit"),
        )

    def as_query(self, **changes: Any) -> str:
        """Return the filters, with `changes`, as a query string (empty filters left out)."""
        values = {
            "year": self.year,
            "measure": self.measure,
            "type": self.transaction_type,
            "partner": self.partner,
            "country": self.country,
            "sector": self.sector,
            "province": self.province,
            "programme": self.programme,
            "project": self.project,
            "unit": self.unit,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def projects_visible(user: Any) -> QuerySet[Project]:
    """Return the projects the user may read."""
    return scope.records_visible(user, Project.objects.all())


def projects_list(
    *, user: Any, query: str = "", status: str = "", programme: str = "", province: str = ""
) -> QuerySet[Project]:
    """Return the projects matching the filters, with what their list shows, in three queries."""
    projects = projects_visible(user).select_related("owner_unit", "programme")
    if query.strip():
        projects = projects.filter(
            Q(title__icontains=query.strip()) | Q(iati_identifier__icontains=query.strip())
        )
    if status:
        projects = projects.filter(status=status)
    if programme == NO_PROGRAMME:
        projects = projects.filter(programme__isnull=True)
    elif programme.isdigit():
        projects = projects.filter(programme_id=int(programme))
    if province:
        projects = projects.filter(
            pk__in=ProjectLocation.objects.filter(province_code=province).values("project_id")
        )
    return projects.prefetch_related("sectors", "locations").order_by("iati_identifier")


def project_get(*, user: Any, pk: int) -> Project:
    """Return one project the user may read, with its parts, or raise Http404."""
    project = (
        projects_visible(user)
        .select_related("owner_unit", "programme")
        .prefetch_related("sectors", "locations", "participants__partner", "participants__unit")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404(_("Không tìm thấy dự án."))
    return project


def conversions_flag_stale(rows: Iterable[Transaction]) -> int:
    """Mark each row's `rate_stale` (its rate older than the allowed age) and return how many are."""
    count = 0
    for row in rows:
        row.rate_stale = conversion_is_stale(row)
        count += row.rate_stale
    return count


def transactions_list(*, user: Any, filters: TransactionFilters) -> QuerySet[Transaction]:
    """Return the transactions of readable projects that match `filters`, newest first."""
    rows = Transaction.objects.filter(project__in=projects_visible(user))
    if filters.year:
        rows = rows.filter(date__year=filters.year)
    if filters.measure:
        rows = rows.filter(transaction_type__in=MEASURES[filters.measure])
    if filters.transaction_type:
        rows = rows.filter(transaction_type=filters.transaction_type)
    if filters.partner:
        rows = rows.filter(provider_id=filters.partner)
    if filters.country:
        rows = rows.filter(provider__country=filters.country)
    if filters.sector:
        rows = rows.filter(project__sectors__code=filters.sector)
    if filters.province:
        rows = rows.filter(
            project_id__in=ProjectLocation.objects.filter(province_code=filters.province).values("project_id")
        )
    if filters.programme == NO_PROGRAMME:
        rows = rows.filter(project__programme__isnull=True)
    elif filters.programme:
        rows = rows.filter(project__programme_id=int(filters.programme))
    if filters.project:
        rows = rows.filter(project_id=filters.project)
    if filters.unit:
        unit = Organization.objects.filter(pk=filters.unit).first()
        rows = rows.filter(project__owner_unit__path__startswith=unit.path) if unit else rows.none()
    sectors = (
        ProjectSector.objects.filter(code=filters.sector) if filters.sector else ProjectSector.objects.all()
    )
    return (
        rows.select_related("project", "provider", "project__programme")
        .prefetch_related(
            Prefetch("project__sectors", queryset=sectors),
            "project__locations",
        )
        .order_by("-date", "id")
    )


@dataclass
class Total:
    """Sums in VND and USD of a set of transactions (shares when a sector is chosen)."""

    vnd: Decimal = ZERO
    usd: Decimal = ZERO
    count: int = 0
    # The transactions added (their ids), so a figure can name the records it sums; two totals
    # are equal when their sums are, whichever rows (a re-import gives new ids).
    ids: list[int] = field(default_factory=list, compare=False)

    def add(self, row: Transaction, share: Decimal = Decimal(1)) -> None:
        """Add one transaction, or its share."""
        self.vnd += row.value_vnd * share
        self.usd += row.value_usd * share
        self.count += 1
        self.ids.append(row.pk)


def sector_share(row: Transaction, sector: str) -> Decimal:
    """Return the part of `row` that goes to `sector` (1 with no sector; from the prefetched sectors)."""
    if not sector:
        return Decimal(1)
    return sum((s.percentage for s in row.project.sectors.all() if s.code == sector), ZERO) / 100


def transactions_total(rows: Any, *, sector: str = "") -> Total:
    """Return the total of `rows`; with a sector, of each row's share in that sector."""
    total = Total()
    for row in rows:
        total.add(row, sector_share(row, sector))
    return total


@dataclass
class Cell:
    """Commitments and disbursements of one group."""

    key: str
    label: str
    query: str
    commitment: Total = field(default_factory=Total)
    disbursement: Total = field(default_factory=Total)


@dataclass
class Dashboard:
    """The figures of one year, grouped every way the dashboard shows them."""

    year: int
    years: list[int]
    by_year: list[Cell]
    total: Cell
    groups: list[tuple[str, list[Cell]]]
    # The province table's cells themselves (also in `groups`): the chart draws these, no second sum.
    by_province: list[Cell] = field(default_factory=list)
    # The same groups by key ("country", "partner", "sector", "province", "programme"), for reports.
    by_key: dict[str, list[Cell]] = field(default_factory=dict)


def _measure(row: Transaction) -> str:
    return "commitment" if row.transaction_type in COMMITMENT_TYPES else "disbursement"


def totals_by_year(*, user: Any, filters: TransactionFilters) -> list[Cell]:
    """Return commitments and disbursements by year, newest first, of the matching transactions (one query).

    Each year's cell carries the query string of the transaction list that adds up to it.
    """
    readable = transactions_list(user=user, filters=filters).filter(
        transaction_type__in=COMMITMENT_TYPES + DISBURSEMENT_TYPES
    )
    cells: dict[int, Cell] = {}
    for y, vnd, usd, kind in readable.values_list("date__year", "value_vnd", "value_usd", "transaction_type"):
        year_cell = cells.get(y)
        if year_cell is None:
            year_cell = cells[y] = Cell(str(y), str(y), replace(filters, year=y).as_query())
        total = year_cell.commitment if kind in COMMITMENT_TYPES else year_cell.disbursement
        total.vnd += vnd
        total.usd += usd
        total.count += 1
    return [cells[y] for y in sorted(cells, reverse=True)]


def dashboard_build(*, user: Any, year: int | None = None, unit: int | None = None) -> Dashboard:
    """Return the dashboard of `year` (default: the latest year with transactions) for the user.

    Every cell carries the query string of the transaction list that adds up to it. With `unit`,
    only the projects of that unit and the units below it count (a unit's own report).
    """
    by_year = {int(c.key): c for c in totals_by_year(user=user, filters=TransactionFilters(unit=unit))}
    years = list(by_year)
    chosen = year or (years[0] if years else dt.date.today().year)
    base = TransactionFilters(year=chosen, unit=unit)
    rows = list(
        transactions_list(user=user, filters=base).filter(
            transaction_type__in=COMMITMENT_TYPES + DISBURSEMENT_TYPES
        )
    )
    national = Cell("", str(chosen), base.as_query())
    groups: dict[str, dict[str, Cell]] = defaultdict(dict)

    def cell(group: str, key: str, label: str, query: str) -> Cell:
        return groups[group].setdefault(key, Cell(key, label, query))

    for row in rows:
        measure = _measure(row)
        getattr(national, measure).add(row)
        partner = row.provider
        targets = [
            cell(
                "country",
                partner.country,
                country_name(partner.country),
                base.as_query(country=partner.country),
            ),
            cell("partner", str(partner.pk), partner.name, base.as_query(partner=partner.pk)),
        ]
        programme: Programme | None = row.project.programme
        targets.append(
            cell(
                "programme",
                str(programme.pk) if programme else NO_PROGRAMME,
                programme.name if programme else _("Không thuộc chương trình nào"),
                base.as_query(programme=str(programme.pk) if programme else NO_PROGRAMME),
            )
        )
        for code in sorted({loc.province_code for loc in row.project.locations.all()}):
            province = province_by_code(code)
            targets.append(
                cell("province", code, province.full_name if province else code, base.as_query(province=code))
            )
        for target in targets:
            getattr(target, measure).add(row)
        for sector in row.project.sectors.all():
            target = cell("sector", sector.code, sector_label(sector.code), base.as_query(sector=sector.code))
            getattr(target, measure).add(row, sector.percentage / 100)
    titles = {
        "country": _("Theo quốc gia của đối tác"),
        "partner": _("Theo đối tác"),
        "sector": _("Theo lĩnh vực (mã DAC)"),
        "province": _("Theo tỉnh, thành phố"),
        "programme": _("Theo chương trình"),
    }
    ordered = [
        (
            titles[name],
            sorted(groups[name].values(), key=lambda c: (-c.commitment.vnd, -c.disbursement.vnd, c.label)),
        )
        for name in titles
    ]
    return Dashboard(
        year=chosen,
        years=years,
        by_year=[by_year[y] for y in years],
        total=national,
        groups=ordered,
        by_province=dict(ordered)[titles["province"]],
        by_key={name: cells for name, (_title, cells) in zip(titles, ordered, strict=True)},
    )
