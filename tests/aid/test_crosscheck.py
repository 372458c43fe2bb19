from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.aid import services
from doingoai.aid.crosscheck import accepted, crosscheck_rows, legal_form_strip, partner_keys
from doingoai.aid.locations import location_parse
from doingoai.analysis.text import fold_key
from doingoai.directory.services import partner_create
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


def test_reported_amount_sits_beside_the_nearest_registry_transaction_not_a_year_total(
    project_factory: Any, units: Any, ingest: Any
) -> None:
    _registry(project_factory, units)
    ingest({"gieng.txt": WELLS}, published=True)
    report = crosscheck_rows(user=SYSTEM, year=2025)
    row = {(r.subject, r.text): r for r in report.rows}[("Sakura Aid", "1,2 triệu USD")]
    assert (row.value, row.currency, row.year) == (Decimal(1200000), "USD", 2025)
    assert row.document_pk == document_named("gieng.txt").pk
    # The Quảng Trị project (1 000 000 USD on 01/03/2025), not the year's 1 700 000 USD.
    assert row.record is not None and row.record.value == Decimal(1000000)
    assert row.record.date == dt.date(2025, 3, 1)
    assert row.difference == Decimal(-200000)
    assert not row.matched and row in report.missing
    assert row.reported == "Bài báo nêu 1,2 triệu USD của Sakura Aid cho Tỉnh Quảng Trị"
    assert row.registered == "Sổ có 1 triệu USD (cam kết) ngày 01/03/2025"


def test_reported_amount_matching_a_registry_transaction_is_not_missing(
    project_factory: Any, units: Any, ingest: Any
) -> None:
    project_factory("XX-T-1", value="1200000", day=dt.date(2025, 6, 20))
    project_factory("XX-T-2", value="1200000", province="Hà Nội", day=dt.date(2025, 6, 12))
    ingest({"gieng.txt": WELLS}, published=True)
    report = crosscheck_rows(user=SYSTEM, year=2025)
    row = {(r.subject, r.text): r for r in report.rows}[("Sakura Aid", "1,2 triệu USD")]
    assert row.matched and row.difference == 0 and report.missing == []
    # Same value on both: the project in the province the article names wins over the nearer date.
    assert row.record is not None and row.record.date == dt.date(2025, 6, 20)


def test_no_registry_figure_in_the_reported_currency_shows_a_dash(
    project_factory: Any, units: Any, ingest: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-T-1", value="1000000", currency="EUR")
    ingest({"gieng.txt": WELLS}, published=True)
    page = client_for(make_user("coordinator", None)).get("/vien-tro/doi-chieu/?year=2025").content.decode()
    assert "1,2 triệu USD" in page
    assert 'data-record="" data-difference=""' in page
    assert "<td>— </td>" in page
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
    assert [(r.subject, r.value, r.currency, r.record and r.record.value, r.difference) for r in rows] == [
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
    assert seen[("Sakura Aid", "1,2 triệu USD")].record.value == Decimal(1000000)
    page = client_for(editor).get("/vien-tro/doi-chieu/").content.decode()
    assert "800.000 EUR" not in page and "Dự án XX-T-5" not in page
    owner = _rows(make_user("viewer", units.ha_noi))
    assert owner[("Brunnen Hilfe", "800.000 EUR")].record.value == Decimal(500000)
    assert owner[("Brunnen Hilfe", "800.000 EUR")].difference == Decimal(-300000)


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
    assert page.count('data-subject="Sakura Aid" data-document=') == 9 and "800.000 EUR" in page


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


def test_legal_forms_and_articles_are_ignored_in_partner_names() -> None:
    cases = {
        "Brückenbau Asien e.V.": "bruckenbau asien",
        "Brückenbau Asien e. V.": "bruckenbau asien",
        "Kinderhilfe Mekong gGmbH": "kinderhilfe mekong",
        "The Hands for Homes Foundation": "hands for homes",
        "Stiftung Lichtblick": "stiftung lichtblick",
        "Lichtblick Stiftung": "lichtblick",
        "Fondation Aube, Inc.": "fondation aube",
        "Green Delta Co., Ltd.": "green delta",
    }
    for name, key in cases.items():
        assert legal_form_strip(" ".join(fold_key(name).split())) == key, name
    assert partner_keys("Brückenbau Asien e.V.", "Hội Xây cầu châu Á", "BBA") == {
        "bruckenbau asien e.v.",
        "bruckenbau asien",
        "hoi xay cau chau a",
        "bba",
    }


def _sample(name: str) -> str:
    return (files("doingoai") / "samples" / "articles" / name).read_text(encoding="utf-8")


def test_partner_named_without_its_legal_form_is_matched_per_article(
    units: Any, rates: None, ingest: Any, make_user: Any, client_for: Any
) -> None:
    partner = partner_create(
        actor=SYSTEM,
        owner_unit=units.vufo,
        name="Brückenbau Asien e.V.",
        kind="ngo",
        country="DE",
        iati_identifier="XX-T-BBA",
        is_published=True,
    )
    project, _ = services.project_upsert(
        actor=SYSTEM,
        data=services.ProjectData(
            iati_identifier="XX-T-BBA-1",
            title="Dựng lại nhà ở vùng sạt lở",
            status="2",
            owner_unit=units.vufo,
            is_published=True,
            sectors=[("16040", Decimal(100))],
            locations=[location_parse("Lào Cai")],
        ),
    )
    for kind, day, value in (("11", dt.date(2025, 3, 12), "250000"), ("3", dt.date(2025, 8, 5), "180000")):
        services.transaction_upsert(
            actor=SYSTEM,
            project=project,
            transaction_type=kind,
            date=day,
            provider=partner,
            value=Decimal(value),
            currency="EUR",
        )
    ingest({"bba.txt": _sample("2025-03-14-lao-cai-nha-o-brueckenbau-asien.txt")}, published=True)
    report = crosscheck_rows(user=SYSTEM)
    rows = {r.text: r for r in report.rows}
    assert set(rows) == {"250.000 EUR", "dự kiến 400.000 EUR"}
    signed = rows["250.000 EUR"]
    assert signed.subject == "Brückenbau Asien e.V." and signed.matched and signed.difference == 0
    assert signed.record is not None and signed.record.date == dt.date(2025, 3, 12)
    assert signed.reported == "Bài báo nêu 250.000 EUR của Brückenbau Asien e.V. cho Tỉnh Lào Cai"
    assert signed.registered == "Sổ có 250.000 EUR (cam kết) ngày 12/03/2025"
    # Said in a later paragraph that names the partner again; not in the registry yet.
    assert report.missing == [rows["dự kiến 400.000 EUR"]]
    assert rows["dự kiến 400.000 EUR"].prefill_query == (
        f"project={project.pk}&value=400000&currency=EUR&date=2025-03-14&partner={partner.pk}"
    )
    page = client_for(make_user("coordinator", None)).get("/vien-tro/doi-chieu/").content.decode()
    assert 'data-matched="yes"' in page and "Sổ có 250.000 EUR (cam kết) ngày 12/03/2025" in page
    missing = page[page.index('data-table="missing"') :]
    assert 'data-value="400000"' in missing and 'data-value="250000"' not in missing


def test_missing_figure_opens_the_transaction_form_prefilled(
    project_factory: Any, units: Any, ingest: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-T-1", value="1000000")
    ingest({"gieng.txt": WELLS}, published=True)
    client = client_for(make_user("coordinator", None))
    page = client.get("/vien-tro/doi-chieu/").content.decode()
    viewer = client_for(make_user("viewer", units.quang_tri)).get("/vien-tro/doi-chieu/").content.decode()
    assert 'href="/vien-tro/giao-dich/them/?project=' in page
    assert "value=1200000&amp;currency=USD&amp;date=2025-06-12&amp;partner=" in page
    assert "data-prefill=" not in viewer  # a reader cannot enter transactions
    elsewhere = client_for(make_user("editor", units.ha_noi)).get("/vien-tro/doi-chieu/").content.decode()
    assert "data-prefill=" not in elsewhere  # not on a project another unit owns
    start = page.index('href="/vien-tro/giao-dich/them/?') + len('href="')
    link = html.unescape(page[start : page.index('"', start)])
    form = client.get(link)
    assert form.status_code == 200
    body = form.content.decode()
    assert 'name="value" value="1.200.000"' in body and 'name="currency" value="USD"' in body
    assert 'name="date" value="12/06/2025"' in body  # written as every date field writes a day


def test_page_says_a_figure_differs_from_the_registry_when_a_record_is_there(
    project_factory: Any, units: Any, ingest: Any, make_user: Any, client_for: Any
) -> None:
    _registry(project_factory, units)
    ingest({"gieng.txt": WELLS}, published=True)
    page = client_for(make_user("coordinator", None)).get("/vien-tro/doi-chieu/?year=2025").content.decode()
    row = page.split('data-subject="Sakura Aid"', 1)[1].split("</tr>", 1)[0]
    assert "Sổ có 1 triệu USD" in row  # the registry has a record, 200.000 USD apart
    assert "Khác số trong sổ" in row and "Chưa có trong sổ" not in row


@pytest.mark.parametrize(
    ("value", "value_max", "hedges", "low", "high"),
    [
        ("1200000", None, [], "1140000", "1260000"),  # a plain figure: 5 % either side
        ("50000000000", None, ["over"], "50000000000", "60000000000"),  # "hơn 50 tỷ": to the next ten
        ("1200000", None, ["nearly"], "1100000", "1200000"),  # "gần 1,2 triệu": from 1,1 triệu
        ("50000000000", None, ["about"], "45000000000", "55000000000"),  # "khoảng 50 tỷ"
        ("1234000", None, ["about"], "1172300", "1295700"),  # a precise figure keeps its 5 %
        ("3000000", "5000000", [], "2850000", "5250000"),  # "từ 3 đến 5 triệu"
        ("200000000", None, ["expected", "over"], "200000000", "300000000"),  # "dự kiến trên 200 triệu"
        ("500000", None, ["under"], "400000", "500000"),
        ("5000000000", None, ["up_to"], "4750000000", "5000000000"),
    ],
)
def test_what_an_articles_words_allow(
    value: str, value_max: str | None, hedges: list[str], low: str, high: str
) -> None:
    got = accepted(Decimal(value), Decimal(value_max) if value_max else None, hedges)
    assert got == (Decimal(low), Decimal(high))


# Written for these tests.
HEDGED = (
    "date 2025-06-12\n"
    "Giếng nước cho vùng cát Quảng Trị\n\n"
    "Ngày 12/6, tổ chức Sakura Aid cho biết đã tài trợ hơn 1 triệu USD để khoan giếng cho các xã ven biển "
    "tỉnh Quảng Trị."
)
PLANNED = (
    "date 2025-06-12\n"
    "Kế hoạch tài trợ của Sakura Aid tại Quảng Trị\n\n"
    "Tổ chức Sakura Aid dự kiến dành 900.000 USD cho các trường học ở tỉnh Quảng Trị trong năm tới."
)


def test_over_a_figure_agrees_with_more_and_not_with_less(project_factory: Any, ingest: Any) -> None:
    project_factory("XX-T-1", value="1150000", day=dt.date(2025, 5, 2))
    ingest({"hon.txt": HEDGED}, published=True)
    row = _rows(SYSTEM)[("Sakura Aid", "hơn 1 triệu USD")]
    assert row.matched and row.reported.startswith("Bài báo nêu hơn 1 triệu USD của Sakura Aid")


def test_over_a_figure_does_not_agree_with_a_smaller_record(project_factory: Any, ingest: Any) -> None:
    project_factory("XX-T-1", value="980000", day=dt.date(2025, 5, 2))  # within 5 %, but not "hơn 1 triệu"
    ingest({"hon.txt": HEDGED}, published=True)
    row = _rows(SYSTEM)[("Sakura Aid", "hơn 1 triệu USD")]
    assert row.record is not None and not row.matched


def test_an_expected_figure_is_compared_with_commitments_only(project_factory: Any, ingest: Any) -> None:
    project_factory("XX-T-1", value="900000", kind="3", day=dt.date(2025, 6, 1))  # a disbursement of the sum
    project_factory("XX-T-2", value="1500000", kind="11", day=dt.date(2025, 2, 1))
    ingest({"du-kien.txt": PLANNED}, published=True)
    row = _rows(SYSTEM)[("Sakura Aid", "dự kiến dành 900.000 USD")]
    assert row.planned and row.record is not None
    assert (row.record.value, row.record.kind) == (Decimal(1500000), "11") and not row.matched
    assert row.reported == "Bài báo nêu dự kiến 900.000 USD của Sakura Aid cho Tỉnh Quảng Trị"


def test_the_same_sum_in_another_province_is_not_a_match(
    project_factory: Any, ingest: Any, make_user: Any, client_for: Any
) -> None:
    project_factory("XX-T-2", value="1200000", province="Hà Nội", day=dt.date(2025, 6, 12))
    ingest({"gieng.txt": WELLS}, published=True)
    row = _rows(SYSTEM)[("Sakura Aid", "1,2 triệu USD")]
    assert row.record is not None and row.record.value == Decimal(1200000)
    assert not row.in_place and not row.matched
    page = client_for(make_user("coordinator", None)).get("/vien-tro/doi-chieu/?year=2025").content.decode()
    shown = page.split('data-subject="Sakura Aid"', 1)[1].split("</tr>", 1)[0]
    assert "Dự án trong sổ ở tỉnh khác" in shown
