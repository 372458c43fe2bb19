"""Read the aid registry for a user: every read goes through `scope.records_visible` on the project.

Totals. The dashboard and the transaction list add up the same rows with the same function
(`_sums`), so every figure on the dashboard equals the total of the list its link opens. The
database adds up (grouped by project, partner and transaction type, or by period); Python only
spreads those few group sums over sectors, provinces and partners. The sums are exact on SQLite
too, where the money columns are text: whole parts and decimals are added as integers (`_exact_sums`).

- a sector's figure is the transactions' value times the sector's percentage in their project;
- a province's figure counts every transaction of a project working in that province, so a project
  in several provinces counts in each (the provinces' figures may add up to more than the total).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import BigIntegerField, Count, F, Func, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Cast, ExtractQuarter, ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from doingoai import date_fields
from doingoai.accounts import scope
from doingoai.aid.currency import conversion_is_stale, conversions_stale_condition
from doingoai.aid.errors import QueryParamError
from doingoai.aid.models import (
    COMMITMENT_TYPES,
    DISBURSEMENT_TYPES,
    OrganisationRole,
    ParticipatingOrganization,
    Programme,
    Project,
    ProjectLocation,
    ProjectSector,
    Transaction,
    TransactionType,
)
from doingoai.aid.sectors import sector_label
from doingoai.analysis.admin_units import province_by_code, provinces_all
from doingoai.analysis.output import number_vi
from doingoai.analysis.text import entity_key, fold_key
from doingoai.directory.collation import vietnamese
from doingoai.directory.countries import country_name
from doingoai.directory.models import Organization, OrganizationKind, PartnerOrganization
from doingoai.directory.selectors import partners_list

ZERO = Decimal(0)
MAX_ID = 2**63 - 1


def query_id(query: Any, name: str) -> int | None:
    """Return the id in parameter `name`, None when absent; raise when not a number or out of range.

    A figure read with a mistyped filter dropped would pass for the filtered one.
    """
    value = str(query.get(name, "")).strip()
    if not value:
        return None
    if not (value.isascii() and value.isdecimal()) or len(value) > 19 or not 1 <= int(value) <= MAX_ID:
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
    """Return the year in parameter `name`, None when absent; raise when not a year of 1900–2100."""
    value = str(query.get(name, "")).strip()
    if value and not (value.isascii() and value.isdecimal()):
        raise QueryParamError(
            _("Tham số “%(name)s” = %(value)s: năm phải là một số từ %(low)d đến %(high)d.")
            % {"name": name, "value": value[:30], "low": date_fields.YEAR_MIN, "high": date_fields.YEAR_MAX}
        )
    try:
        return date_fields.query_year(query, name)
    except date_fields.YearOutOfRange as exc:
        raise QueryParamError(str(exc)) from exc


MEASURES = {"commitment": COMMITMENT_TYPES, "disbursement": DISBURSEMENT_TYPES}
NO_PROGRAMME = "0"
ALL_PROVINCES = "all"


def query_quarter(query: Any) -> int | None:
    """Return the quarter (1–4) in parameter `quarter`, None when absent; raise for another number."""
    value = str(query.get("quarter", "")).strip()
    if not value:
        return None
    if value not in {"1", "2", "3", "4"}:
        raise QueryParamError(
            _("Tham số “quarter” = %(value)s: quý phải là 1, 2, 3 hoặc 4.") % {"value": value[:30]}
        )
    return int(value)


def query_province(query: Any) -> str:
    """Return parameter `province`: a province's code, ALL_PROVINCES or ""; raise for another value."""
    province = str(query.get("province", "")).strip()
    if province and province != ALL_PROVINCES and (len(province) != 2 or province_by_code(province) is None):
        raise QueryParamError(
            _("Tham số “province” = %(value)s không phải mã của một trong 34 tỉnh, thành phố.")
            % {"value": province[:30]}
        )
    return province


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
    # A range of years (both ends included); `year` alone is the one-year range.
    year_from: int | None = None
    year_to: int | None = None
    # A quarter (1–4) of `year`.
    quarter: int | None = None
    # Only the commitments of projects with no disbursement under the same filters: what a report
    # counts as "committed but not yet disbursed".
    undisbursed: bool = False

    @classmethod
    def from_query(cls, query: Any) -> TransactionFilters:
        """Read the filters from a query string; an absent or empty parameter filters nothing.

        Raise QueryParamError, naming the parameter, for a value that does not parse (a year, an id,
        a measure, a transaction type, a province, a country), a year outside 1900–2100, a range
        whose start is after its end, or a quarter other than 1–4.
        """
        measure = str(query.get("measure", "")).strip()
        if measure and measure not in MEASURES:
            raise QueryParamError(
                _(
                    "Tham số “measure” = %(value)s: hãy dùng commitment (cam kết) "
                    "hoặc disbursement (giải ngân)."
                )
                % {"value": measure[:30]}
            )
        transaction_type = str(query.get("type", "")).strip()
        if transaction_type and transaction_type not in TransactionType.values:
            raise QueryParamError(
                _("Tham số “type” = %(value)s không phải mã loại giao dịch IATI (1 đến 13).")
                % {"value": transaction_type[:30]}
            )
        country = str(query.get("country", "")).strip().upper()
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            raise QueryParamError(
                _("Tham số “country” = %(value)s không phải mã quốc gia 2 chữ cái (ISO 3166-1).")
                % {"value": country[:30]}
            )
        year_from, year_to = query_year(query, "year_from"), query_year(query, "year_to")
        if year_from and year_to and year_from > year_to:
            raise QueryParamError(
                _(
                    "Tham số “year_from” = %(start)d sau “year_to” = %(end)d: "
                    "hãy chọn năm bắt đầu trước năm kết thúc."
                )
                % {"start": year_from, "end": year_to}
            )
        province = query_province(query)
        sector = str(query.get("sector", "")).strip()
        if sector and not (len(sector) == 5 and sector.isascii() and sector.isdigit()):
            raise QueryParamError(
                _("Tham số “sector” = %(value)s không phải mã lĩnh vực DAC 5 chữ số.")
                % {"value": sector[:30]}
            )
        year, quarter = query_year(query), query_quarter(query)
        if quarter and not year:
            # A quarter is one of a year's: alone it was shown as a filter and applied to nothing.
            raise QueryParamError(
                _("Tham số “quarter” = %(quarter)d cần đi cùng một năm (tham số “year”).")
                % {"quarter": quarter}
            )
        undisbursed = str(query.get("undisbursed", "")).strip()
        if undisbursed not in ("", "0", "1"):
            raise QueryParamError(
                _("Tham số “undisbursed” = %(value)s: hãy dùng 1 (chỉ dự án chưa giải ngân) hoặc bỏ trống.")
                % {"value": undisbursed[:30]}
            )
        return cls(
            year=year,
            measure=measure,
            transaction_type=transaction_type,
            partner=query_id(query, "partner"),
            country=country,
            sector=sector,
            province=province,
            programme=query_programme(query),
            project=query_id(query, "project"),
            unit=query_id(query, "unit"),
            year_from=year_from,
            year_to=year_to,
            quarter=quarter,
            undisbursed=undisbursed == "1",
        )

    def as_query(self, **changes: Any) -> str:
        """Return the filters, with `changes`, as a query string (empty filters left out)."""
        values = {
            "year": self.year,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "quarter": self.quarter,
            "measure": self.measure,
            "type": self.transaction_type,
            "partner": self.partner,
            "country": self.country,
            "sector": self.sector,
            "province": self.province,
            "programme": self.programme,
            "project": self.project,
            "unit": self.unit,
            "undisbursed": 1 if self.undisbursed else None,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})

    @property
    def province_code(self) -> str:
        """Return the province filtered on ("" for none, and for "all provinces")."""
        return "" if self.province == ALL_PROVINCES else self.province


@dataclass(frozen=True)
class ActiveFilter:
    """One filter in force, said in words, with the query string of the same page without it."""

    name: str
    label: str
    value: str
    remove_query: str


def filters_described(filters: TransactionFilters, *, user: Any) -> list[ActiveFilter]:
    """Return the filters in force in words ("Tỉnh: Thành phố Hà Nội"), each with a link removing it.

    Names are read for the user (a project or partner they may not read shows as its id only);
    one small query per id filter.
    """
    found: list[ActiveFilter] = []

    def add(name: str, label: str, value: str, **removed: Any) -> None:
        found.append(ActiveFilter(name, label, value, filters.as_query(**(removed or {name: None}))))

    if filters.year_from or filters.year_to:
        start = str(filters.year_from or "…")
        end = str(filters.year_to or "…")
        add("year_from", _("Năm"), f"{start}–{end}", year_from=None, year_to=None)
    if filters.year:
        add("year", _("Năm"), str(filters.year), year=None, quarter=None)
    if filters.quarter:
        add("quarter", _("Quý"), str(filters.quarter))
    if filters.measure:
        words = {"commitment": _("Cam kết"), "disbursement": _("Giải ngân")}
        add("measure", _("Nhóm"), str(words[filters.measure]))
    if filters.transaction_type:
        kinds = dict(TransactionType.choices)
        add("type", _("Loại giao dịch"), str(kinds.get(filters.transaction_type, filters.transaction_type)))
    if filters.province_code:
        province = province_by_code(filters.province_code)
        add("province", _("Tỉnh, thành phố"), province.full_name if province else filters.province_code)
    if filters.country:
        add("country", _("Quốc gia của đối tác"), country_name(filters.country))
    if filters.partner:
        name = partners_list(user=user).filter(pk=filters.partner).values_list("name", flat=True).first()
        add("partner", _("Đối tác"), name or f"#{filters.partner}")
    if filters.sector:
        add("sector", _("Lĩnh vực"), sector_label(filters.sector))
    if filters.programme == NO_PROGRAMME:
        add("programme", _("Chương trình"), str(_("Không thuộc chương trình nào")))
    elif filters.programme:
        name = Programme.objects.filter(pk=int(filters.programme)).values_list("name", flat=True).first()
        add("programme", _("Chương trình"), name or f"#{filters.programme}")
    if filters.project:
        title = projects_visible(user).filter(pk=filters.project).values_list("title", flat=True).first()
        add("project", _("Dự án"), title or f"#{filters.project}")
    if filters.unit:
        unit = scope.units_visible(user).filter(pk=filters.unit).values_list("name", flat=True).first()
        add("unit", _("Đơn vị"), unit or f"#{filters.unit}")
    if filters.undisbursed:
        add("undisbursed", _("Dự án"), str(_("Có cam kết, chưa giải ngân")))
    return found


def user_home_province(user: Any) -> str:
    """Return the province code of a province's user (their unit's province); "" for national users."""
    if scope.user_is_coordinator(user):
        return ""
    unit = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    return str(getattr(unit, "province_code", "") or "")


def unit_aid_province(unit: Organization) -> str:
    """Return the province whose aid `unit` answers for; "" for a unit answering for the projects it manages.

    A province's people's committee answers for the aid to the projects located in its province,
    whoever manages them: its report form's pre-fill, its annual report, its home page and the
    national report's row for the province all show that one figure. Any other unit answers for
    the projects it manages.
    """
    if unit.kind == OrganizationKind.PROVINCE and unit.province_code:
        return str(unit.province_code)
    return ""


def projects_visible(user: Any) -> QuerySet[Project]:
    """Return the projects the user may read."""
    return scope.records_visible(user, Project.objects.all())


def projects_list(
    *, user: Any, query: str = "", status: str = "", programme: str = "", province: str = ""
) -> QuerySet[Project]:
    """Return the projects matching the filters, with what their list shows, in three queries."""
    projects = projects_visible(user).select_related("owner_unit", "programme")
    if query.strip():
        # Every word of the title, with or without diacritics, in any case; or a part of the identifier.
        in_title = Q()
        for word in entity_key(query).split():
            in_title &= Q(title_key__contains=word)
        projects = projects.filter(in_title | Q(iati_identifier__icontains=query.strip()))
    if status:
        projects = projects.filter(status=status)
    if programme == NO_PROGRAMME:
        projects = projects.filter(programme__isnull=True)
    elif programme.isdecimal() and len(programme) < 19:
        projects = projects.filter(programme_id=int(programme))
    if province:
        projects = projects.filter(
            pk__in=ProjectLocation.objects.filter(province_code=province).values("project_id")
        )
    return projects.prefetch_related("sectors", "locations").order_by("iati_identifier")


@dataclass(frozen=True)
class ProjectTotals:
    """A project's commitments and disbursements, each in VND and in USD, and who funds it."""

    commitment_vnd: Decimal = ZERO
    commitment_usd: Decimal = ZERO
    disbursement_vnd: Decimal = ZERO
    disbursement_usd: Decimal = ZERO
    funders: tuple[str, ...] = ()


def projects_totals(projects: QuerySet[Project]) -> dict[int, ProjectTotals]:
    """Return each project's totals, as the dashboard counts them, and its funders, in three queries.

    The funders are the project's organizations in the funding role; a project without any names
    the providers of its transactions instead (an import from a spreadsheet records only those).
    """
    ids = projects.order_by().values("pk")
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for group in _sums(Transaction.objects.filter(project__in=ids), ("project_id", "transaction_type")):
        if group.key["transaction_type"] not in COMMITMENT_TYPES + DISBURSEMENT_TYPES:
            continue
        totals = sums[group.key["project_id"]]
        for currency, value in (("vnd", group.vnd), ("usd", group.usd)):
            name = f"{group.measure}_{currency}"
            totals[name] = totals.get(name, ZERO) + value
    funders: dict[int, list[str]] = defaultdict(list)
    participants = ParticipatingOrganization.objects.filter(project__in=ids, role=OrganisationRole.FUNDING)
    for project_id, name in participants.order_by("name", "pk").values_list("project_id", "name"):
        if name not in funders[project_id]:
            funders[project_id].append(name)
    providers = Transaction.objects.filter(project__in=ids).exclude(
        project__in=participants.values("project")
    )
    for project_id, name in providers.order_by("provider__name").values_list("project_id", "provider__name"):
        if name not in funders[project_id]:
            funders[project_id].append(name)
    return {
        pk: ProjectTotals(**sums.get(pk, {}), funders=tuple(funders.get(pk, ())))
        for pk in set(sums) | set(funders)
    }


def project_funder_id(project: Project) -> int | None:
    """Return the directory partner that funds the project (the first by name), or None."""
    funders = project.participants.filter(role=OrganisationRole.FUNDING, partner__isnull=False)
    return funders.order_by("name", "pk").values_list("partner_id", flat=True).first()


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


def transactions_stale_count(rows: QuerySet[Transaction]) -> int:
    """Return how many of `rows` were converted with a stale rate, counted by the database in one query.

    The count of a whole list, however many pages it has: `conversions_flag_stale` marks the rows
    of one page, this says how many there are among all of them without reading them.
    """
    ages, stale = conversions_stale_condition()
    bare = rows.select_related(None).prefetch_related(None).order_by()
    return bare.annotate(**ages).filter(stale).count()


def transactions_filtered(*, user: Any, filters: TransactionFilters) -> QuerySet[Transaction]:
    """Return the transactions of readable projects that match `filters`, unordered and bare."""
    rows = Transaction.objects.filter(project__in=projects_visible(user))
    if filters.year:
        rows = rows.filter(date__year=filters.year)
        if filters.quarter:
            rows = rows.filter(date__quarter=filters.quarter)
    if filters.year_from:
        rows = rows.filter(date__year__gte=filters.year_from)
    if filters.year_to:
        rows = rows.filter(date__year__lte=filters.year_to)
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
    if filters.province_code:
        rows = rows.filter(
            project_id__in=ProjectLocation.objects.filter(province_code=filters.province_code).values(
                "project_id"
            )
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
    if filters.undisbursed:
        paid = transactions_filtered(
            user=user,
            filters=replace(filters, measure="disbursement", transaction_type="", undisbursed=False),
        )
        rows = rows.filter(transaction_type__in=MEASURES["commitment"]).exclude(
            project_id__in=paid.values("project_id")
        )
    return rows


def transactions_list(*, user: Any, filters: TransactionFilters) -> QuerySet[Transaction]:
    """Return the transactions of readable projects that match `filters`, newest first."""
    rows = transactions_filtered(user=user, filters=filters)
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
    # The transactions added (their ids, when asked for), so a figure can name the records it
    # sums; two totals are equal when their sums are, whichever rows (a re-import gives new ids).
    ids: list[int] = field(default_factory=list, compare=False)

    def add(self, row: Transaction, share: Decimal = Decimal(1)) -> None:
        """Add one transaction, or its share."""
        self.vnd += row.value_vnd * share
        self.usd += row.value_usd * share
        self.count += 1
        self.ids.append(row.pk)

    def add_sum(self, group: GroupSum, share: Decimal = Decimal(1)) -> None:
        """Add the sum of a group of transactions, or its share."""
        self.vnd += group.vnd * share
        self.usd += group.usd * share
        self.count += group.count
        self.ids.extend(group.ids)


def sector_share(row: Transaction, sector: str) -> Decimal:
    """Return the part of `row` that goes to `sector` (1 with no sector; from the prefetched sectors)."""
    if not sector:
        return Decimal(1)
    return sum((s.percentage for s in row.project.sectors.all() if s.code == sector), ZERO) / 100


HUNDRED = Decimal(100)


def _exact_sums(name: str) -> dict[str, Any]:
    """Return the aggregates that add up a money column exactly, on both databases.

    PostgreSQL adds `numeric` exactly. SQLite keeps the money as fixed-point text and would add it
    as floating point, so there the whole part and the decimals are added as two integers (the
    text always has the column's number of decimals, the decimals signed like the value).
    """
    if connection.vendor != "sqlite":
        return {name: Sum(name)}
    places = Transaction._meta.get_field(name).decimal_places
    whole = {f"{name}__whole": Sum(Cast(F(name), BigIntegerField()))}
    if not places:
        return whole
    decimals = Func(
        F(name),
        template=(
            f"(CASE WHEN substr(%(expressions)s, 1, 1) = '-' THEN -1 ELSE 1 END)"
            f" * CAST(substr(%(expressions)s, -{places}) AS INTEGER)"
        ),
        output_field=BigIntegerField(),
    )
    return {**whole, f"{name}__decimals": Sum(decimals)}


def _exact_value(row: dict[str, Any], name: str) -> Decimal:
    """Return the exact sum of `name` from a row annotated with `_exact_sums(name)`."""
    if connection.vendor != "sqlite":
        return Decimal(row[name] or 0)
    places = Transaction._meta.get_field(name).decimal_places
    whole = Decimal(row[f"{name}__whole"] or 0)
    return whole + Decimal(row.get(f"{name}__decimals") or 0).scaleb(-(places or 0))


@dataclass
class GroupSum:
    """The sum of the transactions that share a group key (from one grouped query)."""

    key: dict[str, Any]
    vnd: Decimal
    usd: Decimal
    count: int
    ids: list[int] = field(default_factory=list)

    @property
    def measure(self) -> str:
        """Return "commitment" or "disbursement" (the group is keyed by transaction type)."""
        return "commitment" if self.key["transaction_type"] in COMMITMENT_TYPES else "disbursement"


def _sums(
    rows: QuerySet[Transaction], keys: tuple[str, ...], *, sector: str = "", with_ids: bool = False
) -> list[GroupSum]:
    """Return the sums of `rows` grouped by `keys`, in one query (two with ids).

    With a sector, each group is also split by project and its sums are the sector's share of the
    project (its percentage), so they add up exactly like `sector_share` row by row.
    """
    plain = rows.select_related(None).prefetch_related(None).order_by()
    group_keys = keys + (("project_id",) if sector and "project_id" not in keys else ())
    sums = {**_exact_sums("value_vnd"), **_exact_sums("value_usd"), "n": Count("id")}
    grouped = plain.values(*group_keys).annotate(**sums)
    found = [
        GroupSum(
            key={k: row[k] for k in group_keys},
            vnd=_exact_value(row, "value_vnd"),
            usd=_exact_value(row, "value_usd"),
            count=row["n"],
        )
        for row in grouped
        if row["n"]
    ]
    if with_ids:
        by_key = {tuple(g.key[k] for k in group_keys): g for g in found}
        for pk, *values in plain.values_list("pk", *group_keys).order_by("pk"):
            by_key[tuple(values)].ids.append(pk)
    if sector:
        shares = dict(
            ProjectSector.objects.filter(code=sector, project_id__in=plain.values("project_id")).values_list(
                "project_id", "percentage"
            )
        )
        for group in found:
            share = shares.get(group.key["project_id"], ZERO) / HUNDRED
            group.vnd *= share
            group.usd *= share
    return found


@dataclass(frozen=True)
class TypeTotal:
    """The total of one transaction type among the rows of a list."""

    code: str
    label: str
    total: Total
    query: str


def transactions_totals_by_type(
    rows: QuerySet[Transaction], *, filters: TransactionFilters
) -> list[TypeTotal]:
    """Return the total of each transaction type among `rows`, never adding one type to another."""
    labels = dict(TransactionType.choices)
    totals: dict[str, Total] = defaultdict(Total)
    for group in _sums(rows, ("transaction_type",), sector=filters.sector):
        totals[group.key["transaction_type"]].add_sum(group)
    return [
        TypeTotal(code, str(labels.get(code, code)), totals[code], filters.as_query(type=code, measure=None))
        for code in sorted(totals)
    ]


def transactions_totals(
    rows: QuerySet[Transaction], *, filters: TransactionFilters
) -> tuple[Total, list[TypeTotal]]:
    """Return the total of `rows` and that of each transaction type, from one grouped query."""
    by_type = transactions_totals_by_type(rows, filters=filters)
    total = Total()
    for part in by_type:
        total.vnd += part.total.vnd
        total.usd += part.total.usd
        total.count += part.total.count
    return total, by_type


@dataclass
class Cell:
    """Commitments and disbursements of one group."""

    key: str
    label: str
    query: str
    commitment: Total = field(default_factory=Total)
    disbursement: Total = field(default_factory=Total)
    # (commitments, disbursements) in VND that the rate is taken on, when not the cell's own: a
    # quarter's rate is cumulative, since money committed in one quarter is disbursed in later ones.
    rate_basis: tuple[Decimal, Decimal] | None = None

    @property
    def disbursement_rate(self) -> Decimal | None:
        """Return disbursements as a percentage of commitments (VND), None without commitments."""
        committed, disbursed = self.rate_basis or (self.commitment.vnd, self.disbursement.vnd)
        if committed <= ZERO:
            return None
        return (disbursed * HUNDRED / committed).quantize(Decimal("0.1"))

    @property
    def disbursement_rate_shown(self) -> str:
        """Return the disbursement rate written Vietnamese-style ("45,5%"), or "—"."""
        rate = self.disbursement_rate
        return "—" if rate is None else f"{number_vi(rate)}%"


@dataclass
class Dashboard:
    """The figures of a period (one year or a range of years), grouped every way the dashboard shows them."""

    year: int
    years: list[int]
    by_year: list[Cell]
    total: Cell
    groups: list[tuple[str, list[Cell]]]
    # The province table's cells themselves (also in `groups`): the chart and map draw these.
    by_province: list[Cell] = field(default_factory=list)
    # The same groups by key ("country", "partner", "sector", "province", "programme"), for reports.
    by_key: dict[str, list[Cell]] = field(default_factory=dict)
    # The period shown, both ends included (equal for one year).
    year_from: int = 0
    year_to: int = 0
    by_quarter: list[Cell] = field(default_factory=list)
    filters: TransactionFilters = field(default_factory=TransactionFilters)
    # The query of the period and filters, and of the filters without the period.
    query: str = ""


def _period(filters: TransactionFilters, years: list[int]) -> tuple[int, int]:
    """Return the first and last year the dashboard shows: the range asked for, else the latest year."""
    latest = years[0] if years else dt.date.today().year
    if filters.year:
        return filters.year, filters.year
    if filters.year_from or filters.year_to:
        start = filters.year_from or (min(years) if years else latest)
        end = filters.year_to or max(start, latest)
        return start, end
    return latest, latest


class _YearOf(ExtractYear):
    """The year of a date; on SQLite read from its ISO text, not by Python once per row as Django does."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS INTEGER)", list(params)


class _QuarterOf(ExtractQuarter):
    """The quarter of a date; on SQLite from the month of its ISO text (see `_YearOf`)."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.lhs)
        return f"((CAST(substr({sql}, 6, 2) AS INTEGER) + 2) / 3)", list(params)


def totals_by_year(*, user: Any, filters: TransactionFilters) -> list[Cell]:
    """Return commitments and disbursements by year, newest first, of the matching transactions (one query).

    Each year's cell carries the query string of the transaction list that adds up to it.
    """
    readable = transactions_filtered(user=user, filters=filters).filter(
        transaction_type__in=COMMITMENT_TYPES + DISBURSEMENT_TYPES
    )
    cells: dict[int, Cell] = {}
    years = readable.annotate(y=_YearOf("date"))
    for group in _sums(years, ("y", "transaction_type"), sector=filters.sector):
        y = group.key["y"]
        year_cell = cells.setdefault(y, Cell(str(y), str(y), replace(filters, year=y).as_query()))
        getattr(year_cell, group.measure).add_sum(group)
    return [cells[y] for y in sorted(cells, reverse=True)]


def _period_filters(filters: TransactionFilters, start: int, end: int) -> TransactionFilters:
    if start == end:
        return replace(filters, year=start, year_from=None, year_to=None, quarter=None)
    return replace(filters, year=None, year_from=start, year_to=end, quarter=None)


def _cumulative(cells: list[Cell]) -> list[Cell]:
    """Give each cell, in order, the rate of everything committed and disbursed up to it."""
    committed = disbursed = ZERO
    for cell in cells:
        committed += cell.commitment.vnd
        disbursed += cell.disbursement.vnd
        cell.rate_basis = (committed, disbursed)
    return cells


QUARTER_LABEL = "Q%(quarter)d/%(year)d"


def dashboard_build(
    *,
    user: Any,
    year: int | None = None,
    unit: int | None = None,
    filters: TransactionFilters | None = None,
    with_ids: bool = False,
) -> Dashboard:
    """Return the dashboard of a period for the user (default: the latest year with transactions).

    `filters` (province, partner country, partner, sector, programme, a year or range of years)
    narrow every figure; `year` and `unit` override theirs (a unit's own report counts its projects
    and those of the units below it). Every cell carries the query string of the transaction list
    that adds up to it. The database does the sums: a constant number of queries whatever the
    number of transactions. `with_ids` also lists each figure's transaction ids (for reports).
    """
    filters = replace(filters or TransactionFilters(), measure="", transaction_type="", project=None)
    if unit is not None:
        filters = replace(filters, unit=unit)
    if year is not None:
        filters = replace(filters, year=year, year_from=None, year_to=None, quarter=None)
    kinds = COMMITMENT_TYPES + DISBURSEMENT_TYPES
    timeless = replace(filters, year=None, year_from=None, year_to=None, quarter=None)
    every_year = transactions_filtered(user=user, filters=timeless).filter(transaction_type__in=kinds)
    years = sorted(
        set(every_year.order_by().annotate(y=_YearOf("date")).values_list("y", flat=True).distinct()),
        reverse=True,
    )
    start, end = _period(filters, years)
    base = _period_filters(filters, start, end)

    by_year: dict[int, Cell] = {}
    by_quarter: dict[tuple[int, int], Cell] = {}
    periods = every_year.annotate(y=_YearOf("date"), q=_QuarterOf("date"))
    for group in _sums(periods, ("y", "q", "transaction_type"), sector=filters.sector):
        y, q = group.key["y"], group.key["q"]
        year_cell = by_year.setdefault(y, Cell(str(y), str(y), replace(timeless, year=y).as_query()))
        getattr(year_cell, group.measure).add_sum(group)
        if start <= y <= end:
            quarter_cell = by_quarter.setdefault(
                (y, q),
                Cell(
                    f"{y}-Q{q}",
                    _(QUARTER_LABEL) % {"quarter": q, "year": y},
                    replace(timeless, year=y, quarter=q).as_query(),
                ),
            )
            getattr(quarter_cell, group.measure).add_sum(group)

    rows = transactions_filtered(user=user, filters=base).filter(transaction_type__in=kinds)
    sums = _sums(rows, ("project_id", "provider_id", "transaction_type"), with_ids=with_ids)
    projects = rows.values("project_id")
    partners = {
        pk: (name, country)
        for pk, name, country in PartnerOrganization.objects.filter(
            pk__in=rows.values("provider_id")
        ).values_list("pk", "name", "country")
    }
    programme_of = dict(Project.objects.filter(pk__in=projects).values_list("pk", "programme_id"))
    programme_names = dict(
        Programme.objects.filter(pk__in=[p for p in programme_of.values() if p]).values_list("pk", "name")
    )
    provinces_of: dict[int, set[str]] = defaultdict(set)
    for project_id, code in ProjectLocation.objects.filter(project_id__in=projects).values_list(
        "project_id", "province_code"
    ):
        provinces_of[project_id].add(code)
    sectors_of: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    sector_rows = ProjectSector.objects.filter(project_id__in=projects)
    if filters.sector:
        sector_rows = sector_rows.filter(code=filters.sector)
    for project_id, code, percentage in sector_rows.values_list("project_id", "code", "percentage"):
        sectors_of[project_id].append((code, percentage))

    national = Cell("", f"{start}–{end}" if start != end else str(start), base.as_query())
    groups: dict[str, dict[str, Cell]] = defaultdict(dict)

    def cell(group: str, key: str, label: str, query: str) -> Cell:
        return groups[group].setdefault(key, Cell(key, label, query))

    # One pass over the groups (project × partner × type), not over the transactions.
    for group in sums:
        project_id, partner_id, measure = group.key["project_id"], group.key["provider_id"], group.measure
        share_of_project = Decimal(1)
        if filters.sector:
            share_of_project = sum((p for c, p in sectors_of[project_id]), ZERO) / HUNDRED
        getattr(national, measure).add_sum(group, share_of_project)
        name, country = partners[partner_id]
        programme = programme_of[project_id]
        targets = [
            cell("country", country, country_name(country), base.as_query(country=country)),
            cell("partner", str(partner_id), name, base.as_query(partner=partner_id)),
            cell(
                "programme",
                str(programme) if programme else NO_PROGRAMME,
                programme_names[programme] if programme else _("Không thuộc chương trình nào"),
                base.as_query(programme=str(programme) if programme else NO_PROGRAMME),
            ),
        ]
        for code in sorted(provinces_of[project_id]):
            if filters.province_code and code != filters.province_code:
                # Its other provinces: their row's list would drop the province chosen, and show
                # more than the row counts.
                continue
            province = province_by_code(code)
            targets.append(
                cell("province", code, province.full_name if province else code, base.as_query(province=code))
            )
        for target in targets:
            getattr(target, measure).add_sum(group, share_of_project)
        for code, percentage in sectors_of[project_id]:
            target = cell("sector", code, sector_label(code), base.as_query(sector=code))
            getattr(target, measure).add_sum(group, percentage / HUNDRED)
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
        year=end,
        years=years,
        by_year=[by_year[y] for y in sorted(by_year, reverse=True)],
        total=national,
        groups=ordered,
        by_province=dict(ordered)[titles["province"]],
        by_key={name: cells for name, (_title, cells) in zip(titles, ordered, strict=True)},
        year_from=start,
        year_to=end,
        by_quarter=_cumulative([by_quarter[k] for k in sorted(by_quarter)]),
        filters=base,
        query=base.as_query(),
    )


@dataclass(frozen=True)
class DashboardChoices:
    """What the dashboard's filters offer: only values that occur in the user's readable registry."""

    provinces: list[tuple[str, str]]
    countries: list[tuple[str, str]]
    partners: list[tuple[int, str]]
    sectors: list[tuple[str, str]]
    programmes: list[tuple[str, str]]


def dashboard_choices(*, user: Any) -> DashboardChoices:
    """Return the filter options of the dashboard for the user, in four queries."""
    readable = Transaction.objects.filter(project__in=projects_visible(user))
    partners = list(
        PartnerOrganization.objects.filter(pk__in=readable.values("provider_id"))
        .order_by(vietnamese("name"), "pk")
        .values_list("pk", "name", "country")
    )
    codes = sorted(
        set(ProjectSector.objects.filter(project__in=projects_visible(user)).values_list("code", flat=True))
    )
    programmes = [
        (str(pk), name)
        for pk, name in Programme.objects.filter(projects__in=projects_visible(user))
        .distinct()
        .order_by(vietnamese("name"), "pk")
        .values_list("pk", "name")
    ]
    return DashboardChoices(
        provinces=sorted(((p.code, p.full_name) for p in provinces_all()), key=lambda p: fold_key(p[1])),
        countries=sorted(
            {(c, country_name(c)) for _pk, _n, c in partners if c}, key=lambda c: fold_key(c[1])
        ),
        partners=[(pk, name) for pk, name, _c in partners],
        sectors=[(code, sector_label(code)) for code in codes],
        programmes=[*programmes, (NO_PROGRAMME, str(_("Không thuộc chương trình nào")))],
    )


def province_name(code: str) -> str:
    """Return a province's full name from its code ("" for none)."""
    province = province_by_code(code) if code else None
    return province.full_name if province else code
