from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.crosscheck import crosscheck_rows
from doingoai.aid.locations import location_parse
from tests.library_fixtures import _ingest_at_once, document_named, ingest

__all__ = ["_ingest_at_once", "ingest"]


def _article(name: str) -> str:
    return (Path(__file__).resolve().parent / "articles" / name).read_text(encoding="utf-8")


# Written for these tests: short reports naming the registry's test partners and a programme.
WELLS = _article("gieng-nuoc-quang-tri.txt")

BRIDGES = _article("cau-dan-sinh-ha-noi.txt")

LIBRARIES = _article("thu-vien-vung-cao.txt")


def _registry(project_factory: Any, units: Any) -> None:
    project_factory("XX-T-1", value="1000000", currency="USD")
    project_factory("XX-T-2", value="500000", currency="EUR", partner="de", province="Hà Nội")
    project_factory(
        "XX-T-5", owner=units.ha_noi_union, published=False, province="Hà Nội", value="700000", currency="USD"
    )


def _rows(user: Any, year: int | None = 2025) -> dict[tuple[str, str], Any]:
    return {(r.subject, r.text): r for r in crosscheck_rows(user=user, year=year).rows}


def test_reported_amount_of_a_partner_sits_beside_the_registry_total_and_difference(
    project_factory: Any, units: Any, ingest: Any
) -> None:
    _registry(project_factory, units)
    ingest({"gieng.txt": WELLS}, published=True)
    row = _rows(SYSTEM)[("Sakura Aid", "1,2 triệu USD")]
    assert (row.value, row.currency, row.year) == (Decimal(1200000), "USD", 2025)
    assert row.commitment == Decimal(1700000)
    assert row.disbursement is None
    assert row.difference == Decimal(500000)
    assert row.document_pk == document_named("gieng.txt").pk


def test_no_registry_figure_in_the_reported_currency_shows_a_dash(
    project_factory: Any, units: Any, ingest: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-T-1", value="1000000", currency="EUR")
    ingest({"gieng.txt": WELLS}, published=True)
    page = client_for(make_user("coordinator", None)).get("/vien-tro/doi-chieu/?year=2025").content.decode()
    assert "1,2 triệu USD" in page
    assert 'data-commitment="" data-difference=""' in page
    assert "<td>—</td>" in page
    assert f'href="/thu-vien/van-ban/{document_named("gieng.txt").pk}/"' in page


def test_programme_named_in_the_text_is_compared_with_its_projects(
    units: Any, rates: None, partners: Any, ingest: Any
) -> None:
    programme = services.programme_upsert(actor=SYSTEM, code="SCE", name="Chương trình Sách cho em")
    project, _ = services.project_upsert(
        actor=SYSTEM,
        data=services.ProjectData(
            iati_identifier="XX-T-LIB",
            title="Thư viện vùng cao",
            status="2",
            owner_unit=units.vufo,
            is_published=True,
            programme=programme,
            sectors=[("11220", Decimal(100))],
            locations=[location_parse("Cao Bằng")],
        ),
    )
    services.transaction_upsert(
        actor=SYSTEM,
        project=project,
        transaction_type="11",
        date=dt.date(2025, 5, 1),
        provider=partners["jp"],
        value=Decimal(2500000000),
        currency="VND",
    )
    ingest({"thu-vien.txt": LIBRARIES}, published=True)
    rows = [r for r in crosscheck_rows(user=SYSTEM, year=2025).rows if r.subject_kind == "programme"]
    assert [(r.subject, r.value, r.currency, r.commitment, r.difference) for r in rows] == [
        ("Chương trình Sách cho em", Decimal(3000000000), "VND", Decimal(2500000000), Decimal(-500000000))
    ]


def test_province_editor_sees_neither_other_province_unpublished_news_nor_projects(
    project_factory: Any, units: Any, ingest: Any, make_user: Any, client_for: Any
) -> None:
    _registry(project_factory, units)
    ingest({"gieng.txt": WELLS}, published=True)
    ingest({"cau.txt": BRIDGES}, owner=units.ha_noi_union, published=False)
    editor = make_user("editor", units.quang_tri)
    seen = _rows(editor)
    assert ("Brunnen Hilfe", "800.000 EUR") not in seen
    assert seen[("Sakura Aid", "1,2 triệu USD")].commitment == Decimal(1000000)
    page = client_for(editor).get("/vien-tro/doi-chieu/").content.decode()
    assert "800.000 EUR" not in page and "1.700.000" not in page
    owner = _rows(make_user("viewer", units.ha_noi))
    assert owner[("Brunnen Hilfe", "800.000 EUR")].commitment == Decimal(500000)
    assert owner[("Sakura Aid", "1,2 triệu USD")].commitment == Decimal(1700000)


def test_crosscheck_query_count_does_not_grow_with_documents(
    project_factory: Any,
    units: Any,
    ingest: Any,
    make_user: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    _registry(project_factory, units)
    client = client_for(make_user("coordinator", None))
    ingest({"gieng.txt": WELLS}, published=True)
    with django_assert_max_num_queries(12):
        assert "1,2 triệu USD" in client.get("/vien-tro/doi-chieu/").content.decode()
    ingest({f"gieng-{i}.txt": WELLS.replace("40 giếng", f"{i} giếng") for i in range(41, 49)}, published=True)
    ingest({"cau.txt": BRIDGES, "thu-vien.txt": LIBRARIES}, published=True)
    with django_assert_max_num_queries(12):
        page = client.get("/vien-tro/doi-chieu/").content.decode()
    assert page.count("1,2 triệu USD") == 9 and "800.000 EUR" in page


def test_dashboard_links_to_the_crosscheck(
    project_factory: Any, units: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-T-1")
    page = client_for(make_user("coordinator", None)).get("/vien-tro/?year=2025").content.decode()
    assert 'href="/vien-tro/doi-chieu/?year=2025"' in page


# Written for this test: one report naming both test partners, each with its own figure.
TWO_PARTNERS = (
    "date 2025-09-03\nHai đối tác cam kết viện trợ cho Quảng Trị\n\n"
    "(Báo Quảng Trị) - Ngày 3/9, tổ chức Sakura Aid (Nhật Bản) cam kết 800.000 USD cho các trường vùng cát. "
    "Cũng tại buổi làm việc, tổ chức Brunnen Hilfe (Đức) cam kết 250.000 euro cho hệ thống lọc nước."
)


def test_an_amount_goes_only_to_the_partner_named_in_its_sentence(
    project_factory: Any, units: Any, ingest: Any
) -> None:
    _registry(project_factory, units)
    ingest({"hai-doi-tac.txt": TWO_PARTNERS}, published=True)
    pairs = {(r.subject, r.text) for r in crosscheck_rows(user=SYSTEM, year=2025).rows}
    assert ("Sakura Aid", "800.000 USD") in pairs
    assert ("Brunnen Hilfe", "250.000 euro") in pairs
    assert ("Sakura Aid", "250.000 euro") not in pairs
    assert ("Brunnen Hilfe", "800.000 USD") not in pairs
