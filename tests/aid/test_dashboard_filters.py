from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.selectors import TransactionFilters, dashboard_build, transactions_list, transactions_totals
from tests.django_fixtures import signed_in_kept


@pytest.fixture
def rates_2024(rates: None) -> None:
    """Add a USD rate for 2024 (24 000) to the 2025 ones."""
    services.exchange_rate_set(actor=SYSTEM, date=dt.date(2024, 1, 1), currency="USD", rate=Decimal(24000))


def _world(project_factory: Any) -> None:
    # Rates: USD 24 000 in 2024, 25 000 from 2025, 26 000 from July 2025.
    project_factory("XX-T-1", value="1000000", sectors=(("16040", 70), ("11220", 30)))
    project_factory("XX-T-2", value="400000", kind="3", day=dt.date(2025, 8, 1))
    project_factory("XX-T-3", value="200000", partner="de", province="Hà Nội", day=dt.date(2025, 11, 3))
    project_factory("XX-T-4", value="100000", day=dt.date(2024, 5, 2))


def test_year_range_adds_every_year_of_the_range() -> None:
    assert TransactionFilters.from_query({"year_from": "2024", "year_to": "2025"}).as_query() == (
        "year_from=2024&year_to=2025"
    )


@pytest.mark.usefixtures("rates_2024")
def test_dashboard_of_a_year_range_and_its_trends(project_factory: Any) -> None:
    _world(project_factory)
    board = dashboard_build(user=SYSTEM, filters=TransactionFilters(year_from=2024, year_to=2025))
    assert (board.year_from, board.year_to, board.total.label) == (2024, 2025, "2024–2025")
    assert board.total.commitment.vnd == Decimal(1000000 * 25000 + 100000 * 24000) + Decimal(200000) * 26000
    by_year = {c.key: c for c in board.by_year}
    assert by_year["2024"].commitment.vnd == Decimal(100000 * 24000)
    assert by_year["2025"].disbursement.vnd == Decimal(400000 * 26000)
    rate = by_year["2025"].disbursement_rate
    assert rate == (Decimal(400000 * 26000) * 100 / (Decimal(1000000 * 25000) + 200000 * 26000)).quantize(
        Decimal("0.1")
    )
    quarters = {c.key: c for c in board.by_quarter}
    assert set(quarters) == {"2024-Q2", "2025-Q1", "2025-Q3", "2025-Q4"}
    assert quarters["2025-Q1"].commitment.vnd == Decimal(1000000 * 25000)
    assert quarters["2025-Q3"].commitment.vnd == 0
    # A quarter's rate is cumulative: Q3's disbursement against everything committed up to Q3
    # (a quarter's own commitments would give nothing here, or thousands of percent elsewhere).
    committed_to_q3 = Decimal(100000 * 24000) + Decimal(1000000 * 25000)
    expected = (Decimal(400000 * 26000) * 100 / committed_to_q3).quantize(Decimal("0.1"))
    assert quarters["2025-Q3"].disbursement_rate == expected
    assert quarters["2024-Q2"].disbursement_rate == 0
    assert quarters["2025-Q4"].label == "Q4/2025"
    assert quarters["2025-Q4"].query == "year=2025&quarter=4"


@pytest.mark.usefixtures("rates_2024")
def test_quarter_drill_down_totals_the_quarter_cell(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory)
    board = dashboard_build(user=SYSTEM, year=2025)
    client = client_for(make_user("coordinator", None))
    for cell in board.by_quarter:
        page = client.get(f"/vien-tro/giao-dich/?{cell.query}&measure=commitment").content.decode()
        shown = re.search(r'data-total-vnd="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        assert Decimal(shown) == cell.commitment.vnd, cell.key


@pytest.mark.usefixtures("rates_2024")
def test_filters_narrow_every_figure_and_sector_filter_takes_the_sector_share(project_factory: Any) -> None:
    _world(project_factory)
    hanoi = dashboard_build(user=SYSTEM, filters=TransactionFilters(year=2025, province="01"))
    assert hanoi.total.commitment.vnd == Decimal(200000 * 26000)
    assert [c.label for c in hanoi.by_key["partner"]] == ["Brunnen Hilfe"]
    assert "province=01" in hanoi.total.query
    assert all("province=01" in c.query for cells in hanoi.by_key.values() for c in cells)
    germany = dashboard_build(user=SYSTEM, filters=TransactionFilters(year=2025, country="DE"))
    assert germany.total.commitment.vnd == Decimal(200000 * 26000)
    education = dashboard_build(user=SYSTEM, filters=TransactionFilters(year=2025, sector="11220"))
    assert education.total.commitment.vnd == Decimal(1000000 * 25000) * Decimal("0.3")
    assert [c.key for c in education.by_key["sector"]] == ["11220"]
    filters = TransactionFilters(year=2025, measure="commitment", sector="11220")
    rows = transactions_list(user=SYSTEM, filters=filters)
    assert transactions_totals(rows, filters=filters)[0].vnd == education.total.commitment.vnd


def test_sums_are_exact_to_the_cent(project_factory: Any) -> None:
    # Cents of a dollar (the đồng has none): 0,1 + 0,2 as floats is not 0,3.
    project_factory("XX-T-1", value="0.10", currency="USD")
    project_factory("XX-T-2", value="0.20", currency="USD", kind="3")
    project_factory("XX-T-3", value="12345678901234.57", currency="USD", day=dt.date(2025, 3, 2))
    filters = TransactionFilters(year=2025, measure="commitment")
    rows = transactions_list(user=SYSTEM, filters=filters)
    total, _by_type = transactions_totals(rows, filters=filters)
    assert total.usd == sum((r.value_usd for r in rows), Decimal(0))
    assert total.vnd == sum((r.value_vnd for r in rows), Decimal(0))


@pytest.mark.usefixtures("rates_2024")
def test_dashboard_shows_its_filters_and_keeps_them_in_every_link(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory)
    client = client_for(make_user("coordinator", None))
    page = client.get("/vien-tro/?year_from=2024&year_to=2025&sector=11220&province=44").content.decode()
    assert "Đang lọc" in page
    assert "Lĩnh vực: 11220 – Giáo dục tiểu học" in page
    assert "Tỉnh, thành phố: Tỉnh Quảng Trị" in page
    assert 'href="?year_from=2024&amp;year_to=2025&amp;province=44"' in page  # removes the sector
    figures = re.findall(r'class="figure" data-vnd="[^"]*" href="([^"]+)"', page)
    assert figures and all("sector=11220" in f and "province=44" in f for f in figures)
    assert "11220 – Giáo dục tiểu học" in page and ">11220<" not in page


@pytest.mark.usefixtures("rates_2024")
def test_drill_down_says_what_it_is_filtered_on_and_never_adds_types_together(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory)
    client = client_for(make_user("coordinator", None))
    page = client.get("/vien-tro/giao-dich/?year=2025&province=44").content.decode()
    assert "Tỉnh, thành phố: Tỉnh Quảng Trị" in page
    totals = dict(re.findall(r'<tr data-type="(\d+)">.*?data-total-vnd="([^"]+)"', page, re.S))
    assert totals == {"11": str(1000000 * 25000), "3": str(400000 * 26000)}
    assert 'class="total"' not in page
    one = client.get("/vien-tro/giao-dich/?year=2025&province=44&type=3").content.decode()
    assert re.search(r'<p class="total">.*data-total-vnd="10400000000"', one, re.S)


@pytest.mark.usefixtures("rates_2024")
def test_rates_on_the_drill_down_have_thousand_separators(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory)
    page = client_for(make_user("coordinator", None)).get("/vien-tro/giao-dich/?year=2025").content.decode()
    assert "26.000 (01/07/2025)" in page and "26000 (" not in page


def test_year_range_backwards_is_refused_naming_the_parameters(make_user: Any, client_for: Any) -> None:
    response = client_for(make_user("coordinator", None)).get("/vien-tro/?year_from=2025&year_to=2020")
    assert response.status_code == 400
    assert "year_from" in response.content.decode() and "year_to" in response.content.decode()
    bad = client_for(make_user("coordinator", None)).get("/vien-tro/giao-dich/?year=2025&quarter=5")
    assert bad.status_code == 400 and "quarter" in bad.content.decode()


@pytest.mark.usefixtures("rates_2024")
def test_filtered_dashboard_query_count_does_not_grow_with_rows(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("coordinator", None))
    url = "/vien-tro/?year_from=2024&year_to=2025&sector=16040&province=44"
    project_factory("XX-T-1")
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(2, 14):
        day = dt.date(2024 + i % 2, 1 + i % 12, 1)
        project_factory(f"XX-T-{i}", partner="de" if i % 2 else "jp", day=day)
    signed_in_kept(client)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few)
    assert page.count('data-period="') >= 4


@pytest.mark.usefixtures("rates_2024")
def test_province_editor_sees_their_province_by_default_and_can_see_all(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    _world(project_factory)
    client = client_for(make_user("editor", units.quang_tri))
    page = client.get("/vien-tro/?year=2025").content.decode()
    assert "Tỉnh, thành phố: Tỉnh Quảng Trị" in page
    headline = 'data-figure="national-commitment-vnd" href="/vien-tro/giao-dich/?year=2025&amp;province=44'
    assert headline in page
    everywhere = re.search(r'href="\?([^"]+)" data-link="everywhere"', page).group(1)  # type: ignore[union-attr]
    assert everywhere == "year=2025&amp;province=all"
    national = client.get("/vien-tro/?year=2025&province=all").content.decode()
    assert "Tỉnh, thành phố:" not in national
    assert 'data-link="home"' in national
    total = re.search(r'data-figure="national-commitment-vnd" href="[^"]+"><strong>([^<]+)<', national)
    assert total and total.group(1) == "30.200.000.000 VND"
    coordinator = client_for(make_user("coordinator", None)).get("/vien-tro/?year=2025").content.decode()
    assert "Đang lọc" in coordinator and "Tỉnh, thành phố:" not in coordinator


def test_a_quarter_without_a_year_or_on_the_dashboard_is_refused_in_words(
    make_user: Any, client_for: Any
) -> None:
    """It was shown as a filter in force and applied to nothing."""
    client = client_for(make_user("coordinator", None))
    alone = client.get("/vien-tro/giao-dich/?quarter=1&measure=disbursement")
    assert alone.status_code == 400
    assert "Tham số “quarter” = 1 cần đi cùng một năm" in alone.content.decode()
    board = client.get("/vien-tro/?year=2026&quarter=1")
    assert board.status_code == 400 and "Bảng tổng hợp tính theo năm" in board.content.decode()
    assert client.get("/vien-tro/giao-dich/?year=2026&quarter=1").status_code == 200


@pytest.mark.usefixtures("rates_2024")
def test_a_province_filtered_dashboard_lists_no_other_province_whose_list_would_not_add_up(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    """A Quảng Trị project also in Hà Nội gave a Hà Nội row whose list dropped the Quảng Trị filter."""
    from doingoai.aid.locations import location_parse
    from doingoai.aid.models import Project, ProjectLocation

    _world(project_factory)
    both = Project.objects.get(iati_identifier="XX-T-1")
    hanoi = location_parse("Hà Nội")
    ProjectLocation.objects.create(project=both, province_code=hanoi.province_code, name=hanoi.name)
    board = dashboard_build(user=SYSTEM, filters=TransactionFilters(year=2025, province="44"))
    assert [c.key for c in board.by_province] == ["44"]
    client = client_for(make_user("coordinator", None))
    for cell in board.by_province:
        page = client.get(f"/vien-tro/giao-dich/?{cell.query}&measure=commitment").content.decode()
        shown = re.search(r'data-total-vnd="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        assert Decimal(shown) == cell.commitment.vnd


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province=99", "Tham số “province” = 99 không phải mã của một trong 34 tỉnh, thành phố."),
        ("sector=abc", "Tham số “sector” = abc không phải mã lĩnh vực DAC 5 chữ số."),
    ],
)
def test_an_unknown_province_or_sector_is_named_not_shown_as_a_filter_of_nothing(
    query: str, expected: str, make_user: Any, client_for: Any
) -> None:
    client = client_for(make_user("coordinator", None))
    for path in ("/vien-tro/", "/vien-tro/giao-dich/"):
        response = client.get(f"{path}?year=2025&{query}")
        assert response.status_code == 400 and expected in response.content.decode(), path


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=abc", "Tham số “year” = abc: năm phải là một số từ 1900 đến 2100."),
        ("year_from=2025a", "Tham số “year_from” = 2025a: năm phải là một số từ 1900 đến 2100."),
        ("partner=-1", "Tham số “partner” = -1 không phải mã hợp lệ: hãy chọn lại từ danh sách."),
        ("project=abc", "Tham số “project” = abc không phải mã hợp lệ: hãy chọn lại từ danh sách."),
        ("programme=x", "Tham số “programme” = x không phải mã hợp lệ: hãy chọn lại từ danh sách."),
        (
            "measure=foo",
            "Tham số “measure” = foo: hãy dùng commitment (cam kết) hoặc disbursement (giải ngân).",
        ),
        ("type=99", "Tham số “type” = 99 không phải mã loại giao dịch IATI (1 đến 13)."),
        ("province=44abc", "Tham số “province” = 44abc không phải mã của một trong 34 tỉnh, thành phố."),
        ("country=FRA", "Tham số “country” = FRA không phải mã quốc gia 2 chữ cái (ISO 3166-1)."),
    ],
)
def test_a_parameter_that_does_not_parse_is_named_not_silently_dropped(
    query: str, expected: str, make_user: Any, client_for: Any
) -> None:
    """ "year=abc" gave the national totals of every year with a 200, as if the filter had applied."""
    client = client_for(make_user("coordinator", None))
    for path in ("/vien-tro/", "/vien-tro/giao-dich/", "/vien-tro/giao-dich/?format=xlsx&"):
        joiner = "" if path.endswith("&") else "?"
        response = client.get(f"{path}{joiner}{query}")
        assert response.status_code == 400 and expected in response.content.decode(), path


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=9", "Tham số “status” = 9 không phải mã trạng thái IATI (1 đến 6)."),
        ("province=%F0%9F%98%80", "Tham số “province” = 😀 không phải mã của một trong 34 tỉnh, thành phố."),
        ("province=99", "Tham số “province” = 99 không phải mã của một trong 34 tỉnh, thành phố."),
        ("programme=x", "Tham số “programme” = x không phải mã hợp lệ: hãy chọn lại từ danh sách."),
    ],
)
def test_a_project_list_parameter_that_does_not_parse_is_named(
    query: str, expected: str, make_user: Any, client_for: Any
) -> None:
    """ "status=9" listed every project and "province=99" none, both with a 200, in pages and exports."""
    client = client_for(make_user("coordinator", None))
    for path in ("/vien-tro/du-an/?", "/vien-tro/du-an/?format=xlsx&", "/vien-tro/iati.xml?"):
        response = client.get(f"{path}{query}")
        assert response.status_code == 400 and expected in response.content.decode(), path


@pytest.mark.usefixtures("rates_2024")
def test_removing_the_year_of_the_dashboard_shows_every_year(
    project_factory: Any, make_user: Any, client_for: Any
) -> None:
    """The dashboard opens on the latest year: its ✕ led back to that same year, removing nothing."""
    _world(project_factory)
    client = client_for(make_user("coordinator", None))
    page = client.get("/vien-tro/?province=44").content.decode()
    chip = re.search(r'data-filter="year">Năm: 2025 <a href="\?([^"]*)"', page)
    assert chip is not None and chip.group(1) == "year_from=2024&amp;year_to=2025&amp;province=44"
    every = client.get("/vien-tro/?year_from=2024&year_to=2025&province=44").content.decode()
    assert "Tổng cam kết 2024–2025" in every
    assert 'data-filter="year_from">Năm: 2024–2025 <a href="?province=44"' in every  # back to the latest
