from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import views
from doingoai.aid.selectors import (
    TransactionFilters,
    dashboard_build,
    transactions_list,
    transactions_stale_count,
    transactions_totals,
)
from tests.django_fixtures import signed_in_kept


def _world(project_factory: Any, units: Any) -> None:
    project_factory("XX-T-1", value="1000000", currency="USD", sectors=(("16040", 70), ("11220", 30)))
    project_factory(
        "XX-T-2", value="500000", currency="EUR", partner="de", province="Hà Nội", day=dt.date(2025, 8, 1)
    )
    project_factory("XX-T-3", value="2000000000", currency="VND", kind="3", province="Quảng Bình")
    project_factory("XX-T-4", value="300000", currency="USD", day=dt.date(2025, 1, 2))
    project_factory(
        "XX-T-5", owner=units.ha_noi_union, published=False, province="Hà Nội", value="700000", currency="USD"
    )


def _total_at(client: Any, href: str) -> Decimal:
    page = client.get(href.replace("&amp;", "&")).content.decode()
    return Decimal(re.search(r'data-total-vnd="([^"]+)"', page).group(1))  # type: ignore[union-attr]


def test_every_dashboard_figure_equals_the_total_of_its_transactions(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory, units)
    client = client_for(make_user("coordinator", None))
    page = client.get("/vien-tro/?year=2025").content.decode()
    links = re.findall(r'data-vnd="([^"]+)" href="([^"]+)"', page)
    assert len(links) >= 20
    for shown, href in links:
        assert _total_at(client, href) == Decimal(shown), href
    headline = re.search(r'data-figure="national-commitment-vnd" href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert (
        _total_at(client, headline)
        == Decimal("1000000") * 25000
        + Decimal("500000") * 30000
        + Decimal("300000") * 25000
        + Decimal("700000") * 25000
    )


def test_sector_figures_split_transactions_by_percentage(project_factory: Any, units: Any) -> None:
    _world(project_factory, units)
    board = dashboard_build(user=SYSTEM, year=2025)
    sectors = dict(board.groups)["Theo lĩnh vực (mã DAC)"]
    education = next(c for c in sectors if c.key == "11220")
    assert education.commitment.vnd == Decimal("1000000") * 25000 * Decimal("0.3")
    filters = TransactionFilters(year=2025, measure="commitment", sector="11220")
    rows = transactions_list(user=SYSTEM, filters=filters)
    assert transactions_totals(rows, filters=filters)[0].vnd == education.commitment.vnd


def test_a_total_is_one_row_from_the_database_not_one_row_per_transaction(
    project_factory: Any, units: Any
) -> None:
    _world(project_factory, units)
    filters = TransactionFilters(year=2025)
    rows = transactions_list(user=SYSTEM, filters=filters)
    expected = sum((t.value_vnd for t in rows), Decimal(0))
    types = {t.transaction_type for t in rows}
    with CaptureQueriesContext(connection) as queries:
        total, by_type = transactions_totals(rows, filters=filters)
    assert total.vnd == expected and total.count == len(rows) > len(types) > 1
    # The rows were summed in SQL, one group per transaction type (not one row per transaction).
    assert len(queries) == 1 and [t.code for t in by_type] == sorted(types)


def test_former_province_counts_under_the_province_in_force(project_factory: Any, units: Any) -> None:
    _world(project_factory, units)
    board = dashboard_build(user=SYSTEM, year=2025)
    provinces = {c.key: c for c in dict(board.groups)["Theo tỉnh, thành phố"]}
    assert provinces["44"].disbursement.vnd == Decimal(2000000000)


def test_dashboard_and_transaction_list_query_counts_do_not_grow_with_rows(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("coordinator", None))
    project_factory("XX-T-1")
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as few:
        client.get("/vien-tro/")
        client.get("/vien-tro/giao-dich/?year=2025")
        client.get("/vien-tro/du-an/")
    for i in range(2, 12):
        project_factory(
            f"XX-T-{i}", province="Hà Nội" if i % 2 else "Cao Bằng", partner="de" if i % 3 else "jp"
        )
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as many:
        client.get("/vien-tro/")
        client.get("/vien-tro/giao-dich/?year=2025")
        client.get("/vien-tro/du-an/")
    assert len(many) == len(few)


def test_transaction_export_has_the_filtered_rows_with_their_conversion(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory, units)
    client = client_for(make_user("coordinator", None))
    response = client.get("/vien-tro/giao-dich/?year=2025&partner=&country=DE&format=xlsx")
    rows = list(
        load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True)
    )
    assert rows[0][0] == "Mã IATI dự án"
    assert [r[0] for r in rows[1:]] == ["XX-T-2"]
    assert Decimal(str(rows[1][9])) == Decimal(500000 * 30000)


def test_the_stale_rate_warning_of_the_transaction_list_counts_every_page_and_comes_before_the_totals(
    project_factory: Any, units: Any, make_user: Any, client_for: Any, monkeypatch: Any
) -> None:
    """The totals add up every filtered transaction: the warning that qualifies them counts as many."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(3):  # converted with the rates of 2025, long before the transaction
        project_factory(f"XX-W-{n}", day=dt.date(2026, 11, 20))
    project_factory("XX-W-3", day=dt.date(2026, 2, 1), kind="2")  # another type, in the same filter
    project_factory("XX-W-4", day=dt.date(2025, 7, 15))  # a rate two weeks old: fresh
    client = client_for(make_user("coordinator", None))
    for query, stale in (("year=2026", 4), ("year=2026&type=11", 3), ("year=2025", 0)):
        page = client.get(f"/vien-tro/giao-dich/?{query}").content.decode()
        if not stale:
            assert 'role="alert"' not in page
            continue
        warning = page.index('<p class="warning" role="alert">')
        assert page[warning : page.index("</p>", warning)].startswith(
            f'<p class="warning" role="alert">{stale} giao dịch được quy đổi bằng tỷ giá cũ hơn 31 ngày'
        )
        assert page.count("⚠ tỷ giá") == 2  # one page of rows marked, all of them counted
        totals = 'data-table="totals-by-type"' if "type=" not in query else '<p class="total">'
        assert page.index('<form method="get" class="filters">') < warning < page.index(totals)
    rows = transactions_list(user=make_user("coordinator", None), filters=TransactionFilters(year=2026))
    with CaptureQueriesContext(connection) as queries:
        assert transactions_stale_count(rows) == 4
    assert len(queries) == 1
