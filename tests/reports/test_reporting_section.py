from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from docx import Document

from doingoai.accounts.scope import SYSTEM
from doingoai.reporting import services
from doingoai.reporting.models import Report, ReportState
from doingoai.reporting.periods import period_parse
from doingoai.reporting.selectors import form_in_force
from doingoai.reports.sections.reporting import indicator_value
from doingoai.reports.services import annual_report_build
from tests.reporting.conftest import at
from tests.reports.world import TODAY


def _assigned(units: Any) -> None:
    services.forms_load_package(actor=SYSTEM)
    for unit in (units.quang_tri, units.ha_noi, units.vufo):
        services.assignment_create(
            actor=SYSTEM, form_code="DNND-NAM", unit=unit, start_date=dt.date(2024, 1, 1), due_days=15
        )


def _approved(unit: Any, values: dict[str, str]) -> Report:
    report = services.report_open(
        actor=SYSTEM, form_code="DNND-NAM", unit=unit, period=period_parse("2025"), now=at(2026, 1, 2)
    )
    Report.objects.filter(pk=report.pk).update(values=values, state=ReportState.APPROVED)
    return Report.objects.get(pk=report.pk)


def _report(unit: Any = None) -> tuple[str, dict[str, Any]]:
    built = annual_report_build(user=SYSTEM, year=2025, today=TODAY, unit=unit)
    document = Document(io.BytesIO(built.docx))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    return text, {f["id"]: f for f in built.sources["figures"]}


def test_units_totals_come_from_approved_reports_and_are_recomputed_from_them(units: Any) -> None:
    _assigned(units)
    _approved(
        units.quang_tri, {"doan_ra": "3", "doan_vao": "5", "su_kien": "12", "ton_tai": "Thiếu kinh phí."}
    )
    _approved(
        units.ha_noi, {"doan_ra": "7", "doan_vao": "2", "su_kien": "30", "phuong_huong": "Mở rộng giao lưu."}
    )
    draft = services.report_open(
        actor=SYSTEM, form_code="DNND-NAM", unit=units.vufo, period=period_parse("2025"), now=at(2026, 1, 2)
    )
    Report.objects.filter(pk=draft.pk).update(values={"doan_ra": "100"})
    text, figures = _report()
    assert figures["reporting.reports"]["value"] == 2  # the draft does not count
    assert figures["reporting.doan_ra"]["value"] == 10 and figures["reporting.su_kien"]["value"] == 42
    for key, figure in figures.items():
        if not key.startswith("reporting."):
            continue
        [source] = figure["sources"]
        assert source["kind"] == "report"
        reports = list(Report.objects.filter(pk__in=source["ids"]))
        assert len(reports) == len(source["ids"])
        assert all(r.state == ReportState.APPROVED for r in reports)
        if figure["basis"]["op"] == "sum":
            field = figure["basis"]["field"]
            assert sum((indicator_value(r, field) for r in reports), Decimal(0)) == Decimal(
                figure["value"]
            ), key
        else:
            assert figure["basis"] == {"op": "count"} and len(reports) == figure["value"]
    assert "Ủy ban nhân dân tỉnh Quảng Trị: Thiếu kinh phí." in text or "Thiếu kinh phí." in text
    assert "Mở rộng giao lưu." in text
    # The table by kind of unit is the first appendix, named so in the text (Roman, as its heading).
    assert "truyền thông (chi tiết theo loại đơn vị tại Phụ lục I)." in text
    assert "Phụ lục I\nHOẠT ĐỘNG ĐỐI NGOẠI NHÂN DÂN NĂM 2025 THEO LOẠI ĐƠN VỊ\n" in text
    assert "Phụ lục II\nNGUỒN SỐ LIỆU\n" in text
    # The notes name each indicator as the form does, never by its internal code.
    label = form_in_force("DNND-NAM", period_parse("2025")).spec.field("doan_ra").label  # type: ignore[union-attr]
    assert f"chỉ tiêu “{label}”" in text
    assert "doan_ra" not in text and "su_kien" not in text


def test_a_units_report_counts_only_its_own_approved_report(units: Any) -> None:
    _assigned(units)
    _approved(units.quang_tri, {"doan_ra": "3"})
    _approved(units.ha_noi, {"doan_ra": "7"})
    _text, figures = _report(unit=units.quang_tri)
    assert figures["reporting.reports"]["value"] == 1 and figures["reporting.doan_ra"]["value"] == 3


def test_units_beyond_the_quoted_narratives_are_counted_and_named(
    units: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("doingoai.reports.sections.reporting.NARRATIVES_LISTED", 1)
    _assigned(units)
    hanoi = _approved(units.ha_noi, {"doan_ra": "7", "ton_tai": "Thiếu cán bộ."})
    quang_tri = _approved(units.quang_tri, {"doan_ra": "3", "ton_tai": "Thiếu kinh phí."})
    text, figures = _report()
    assert "Ủy ban nhân dân thành phố Hà Nội: Thiếu cán bộ." in text
    # Quảng Trị's shortcomings are not quoted, but the report says so and names the unit.
    assert "Thiếu kinh phí." not in text
    assert "Ngoài ra, 1" in text and "đơn vị khác cũng nêu tồn tại, hạn chế trong báo cáo năm" in text
    assert "Ủy ban nhân dân tỉnh Quảng Trị." in text
    others = figures["reporting.ton_tai.others"]
    assert others["value"] == 1 and others["sources"][0]["ids"] == [quang_tri.pk]
    assert hanoi.pk not in others["sources"][0]["ids"]


def test_units_are_quoted_in_the_order_of_a_vietnamese_dictionary(units: Any) -> None:
    _assigned(units)
    # By code point "Đ" comes after "H"; in Vietnamese it comes right after "D".
    type(units.ha_noi).objects.filter(pk=units.ha_noi.pk).update(name="Hội Hữu nghị Việt – Lào thành phố")
    type(units.quang_tri).objects.filter(pk=units.quang_tri.pk).update(name="Đoàn Thanh niên tỉnh")
    _approved(units.ha_noi, {"doan_ra": "7", "ton_tai": "Thiếu cán bộ."})
    _approved(units.quang_tri, {"doan_ra": "3", "ton_tai": "Thiếu kinh phí."})
    text, _figures = _report()
    assert text.index("Đoàn Thanh niên tỉnh: Thiếu kinh phí.") < text.index(
        "Hội Hữu nghị Việt – Lào thành phố: Thiếu cán bộ."
    )


def test_the_note_of_the_approved_reports_opens_the_list_of_exactly_them(
    units: Any, make_user: Any, client_for: Any
) -> None:
    from urllib.parse import urlsplit

    _assigned(units)
    _approved(units.quang_tri, {"doan_ra": "3", "doan_vao": "5", "su_kien": "12"})
    _approved(units.ha_noi, {"doan_ra": "7", "doan_vao": "2", "su_kien": "30"})
    services.report_open(
        actor=SYSTEM, form_code="DNND-NAM", unit=units.vufo, period=period_parse("2025"), now=at(2026, 1, 2)
    )
    _text, figures = _report()
    [source] = figures["reporting.reports"]["sources"]
    address = urlsplit(source["url"])
    response = client_for(make_user("coordinator", units.vufo)).get(f"{address.path}?{address.query}")
    assert sorted(r.pk for r in response.context["page"]) == sorted(source["ids"])


def test_every_reports_note_opens_a_list_of_exactly_its_reports_or_says_it_lists_more(
    units: Any, make_user: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note of "Cơ quan Trung ương: 6 báo cáo" linked to the list of all 29 as "exactly its records"."""
    from urllib.parse import urlsplit

    monkeypatch.setattr("doingoai.reports.sections.reporting.NARRATIVES_LISTED", 1)
    _assigned(units)
    for unit in (units.quang_tri_union, units.ha_noi_union):
        services.assignment_create(
            actor=SYSTEM, form_code="DNND-NAM", unit=unit, start_date=dt.date(2024, 1, 1), due_days=15
        )
    for unit in (units.quang_tri, units.ha_noi, units.vufo, units.quang_tri_union, units.ha_noi_union):
        _approved(
            unit, {"doan_ra": "2", "doan_vao": "1", "su_kien": "4", "ton_tai": f"Tồn tại của {unit.name}."}
        )
    client = client_for(make_user("coordinator", units.vufo))
    for unit in (None, units.quang_tri):
        built = annual_report_build(user=SYSTEM, year=2025, today=TODAY, unit=unit)
        figures = [f for f in built.sources["figures"] if f["id"].startswith("reporting.")]
        by_kind = [f for f in figures if f["id"].startswith("reporting.reports.")]
        assert len(by_kind) == 2  # committees and friendship unions: each row's list is its kind's
        wider = 0
        for figure in figures:
            [source] = figure["sources"]
            address = urlsplit(source["url"])
            listed = client.get(f"{address.path}?{address.query}").context["page"]
            listed_ids = sorted(r.pk for r in listed.paginator.object_list)
            if source.get("url_exact", True):
                assert listed_ids == sorted(source["ids"]), figure["id"]
            else:
                wider += 1
                assert set(source["ids"]) < set(listed_ids), figure["id"]
        assert wider == 1  # the units whose shortcomings are not quoted: no filter picks them
        notes = "\n".join(
            c.text for t in Document(io.BytesIO(built.docx)).tables for r in t.rows for c in r.cells
        )
        assert "có thể liệt kê cả các bản ghi khác" in notes
