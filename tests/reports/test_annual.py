from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from doingoai.accounts.scope import SYSTEM
from doingoai.aid.models import Project, Transaction
from doingoai.aid.selectors import dashboard_build, sector_share
from doingoai.cli import main
from doingoai.directory import services as directory_services
from doingoai.directory.models import Organization
from doingoai.library.models import Document as LibraryDocument
from doingoai.library.models import EventMembership
from doingoai.reporting.models import ReportForm
from doingoai.reporting.periods import period_parse
from doingoai.reporting.prefill import aid_prefill
from doingoai.reporting.services import forms_load_package
from doingoai.reports.content import Paragraph as ContentParagraph
from doingoai.reports.content import Table as ContentTable
from doingoai.reports.numbers import date_line
from doingoai.reports.sections.aid import provider as aid_provider
from doingoai.reports.services import _symbol, annual_report_build, report_year_default
from doingoai.reports.word import WIDER, Letterhead, document_fill
from tests.library_fixtures import HANOI_REPORT
from tests.reports.pdf import OFFICE, pdf_pages
from tests.reports.world import TODAY, world_build


def _text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _report(**arguments: Any) -> tuple[Any, dict[str, Any]]:
    report = annual_report_build(user=arguments.pop("user", SYSTEM), year=2025, today=TODAY, **arguments)
    return Document(io.BytesIO(report.docx)), report.sources


@pytest.fixture
def world(project_factory: Any, units: Any, ingest: Any) -> Any:
    world_build(project_factory, units, ingest)
    return units


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 14), "Hà Nội, ngày 14 tháng 02 năm 2026"),
        (dt.date(2026, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2026"),
        (dt.date(2025, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_date_line_has_leading_zeros_for_small_days_and_january_february(day: dt.date, expected: str) -> None:
    assert date_line("Hà Nội", day) == expected


def test_report_follows_the_administrative_format_of_decree_30(world: Any) -> None:
    document, _sources = _report()
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    # Page numbers: a PAGE field centred in the header, none on the first page.
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert 'w:instr="PAGE"' in header_xml or ("PAGE" in header_xml and "fldChar" in header_xml)
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in section.first_page_header._element.xml
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Cm(1) <= normal.paragraph_format.first_line_indent <= Cm(1.27)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman"), run.text
            assert run.font.color.rgb in (None, normal.font.color.rgb), run.text
            if run.font.size is not None and paragraph.style.name == "Normal" and run.text.strip():
                assert 11 <= run.font.size.pt <= 14, run.text
    for name in ("Heading 1", "Heading 2"):
        rpr = document.styles[name].element.rPr
        assert rpr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
        assert rpr.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert "CƠ QUAN ĐIỀU PHỐI CÔNG TÁC ĐỐI NGOẠI NHÂN DÂN" in left.text
    assert right.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right.paragraphs[0].runs[0].bold and right.paragraphs[0].runs[0].font.size.pt in (12, 13)
    assert right.paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc"
    # The motto's rule: a bordered line under it.
    assert right.paragraphs[2]._p.find(qn("w:pPr") + "/" + qn("w:pBdr")) is not None
    number, place_date = header.rows[1].cells
    assert re.fullmatch(r"Số: +/BC-\S+", number.text)
    assert place_date.text == "Hà Nội, ngày 05 tháng 01 năm 2026"
    assert place_date.paragraphs[0].runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Tổng kết công tác đối ngoại nhân dân năm 2025," in texts
    assert "Nơi nhận:" in _text(document)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "I. TÌNH HÌNH CHUNG",
        "II. KẾT QUẢ THỰC HIỆN CÔNG TÁC ĐỐI NGOẠI NHÂN DÂN THEO LĨNH VỰC",
        "III. TỒN TẠI, HẠN CHẾ",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026",
    ]
    assert "Phụ lục I" in texts and "NGUỒN SỐ LIỆU" in texts
    annex = texts[texts.index("Phụ lục I") + 2]
    assert re.fullmatch(
        r"\(Kèm theo Báo cáo số +/BC-\S+ ngày 05 tháng 01 năm 2026 "
        r"của Cơ quan điều phối công tác đối ngoại nhân dân\)",
        annex,
    ), annex
    # The rules stand clear of the line above them (6 pt), so they miss the marks below letters.
    assert right.paragraphs[2].paragraph_format.space_before == Pt(6)
    # The signature block names the signer's title in capitals (Mục II, khoản 7).
    signature = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    # The national issuer has no head in the directory: the title and the name are left to fill in,
    # in brackets the writer types over (a dotted line alone left "THỦ TRƯỞNG CƠ QUAN", no one's title).
    lines = [p.text for p in signature.rows[0].cells[1].paragraphs]
    assert lines[0] == "[CHỨC VỤ CỦA NGƯỜI KÝ]" and lines[-1] == "[Họ và tên người ký]"
    assert not any(set(line) == {"."} for line in lines)
    # The body's last paragraph keeps with it: the block never stands alone on a page.
    before = signature._tbl.getprevious()
    assert before.tag == qn("w:p") and before.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
    # Data tables repeat their header on each page and never split a row across two pages.
    data_tables = [t for t in document.tables if t.style.name == "Table Grid"]
    assert len(data_tables) >= 3
    for table in data_tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def _recompute(figure: dict[str, Any]) -> Decimal:
    """Recompute a figure from the records its sources name, with the models only."""
    basis, sources = figure["basis"], figure["sources"]
    op = basis["op"]
    if op in ("sum", "percent"):
        totals = []
        for source in sources:
            assert source["kind"] == "transaction"
            rows = Transaction.objects.filter(pk__in=source["ids"]).select_related("project")
            assert rows.count() == len(set(source["ids"]))
            totals.append(
                sum(
                    (getattr(t, basis["field"]) * sector_share(t, basis.get("sector", "")) for t in rows),
                    Decimal(0),
                )
            )
        if op == "percent":
            return (totals[1] * 100 / totals[0]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        places = Decimal(1) if basis["field"] == "value_vnd" else Decimal("0.01")
        return totals[0].quantize(places, rounding=ROUND_HALF_UP)
    (source,) = sources
    ids = source["ids"]
    if op == "projects":
        return Decimal(Transaction.objects.filter(pk__in=ids).values("project_id").distinct().count())
    if op == "partners":
        return Decimal(Transaction.objects.filter(pk__in=ids).values("provider_id").distinct().count())
    assert source["kind"] == "document"
    documents = LibraryDocument.objects.filter(pk__in=ids)
    assert documents.count() == len(ids)
    if op == "count":
        return Decimal(len(ids))
    if op == "events":
        return Decimal(
            EventMembership.objects.filter(document_id__in=ids).values("event_id").distinct().count()
        )
    if op == "outlets":
        return Decimal(len({d.source for d in documents if d.source}))
    raise AssertionError(f"unknown basis {op}")


def test_every_figure_is_recomputed_from_its_sources_and_printed_with_its_note(world: Any) -> None:
    document, sources = _report()
    text = _text(document)
    figures = sources["figures"]
    kinds = {f["id"].split(".")[0] for f in figures}
    assert kinds == {"aid", "library"}
    assert len(figures) > 30
    for figure in figures:
        assert figure["sources"] and all(s["ids"] for s in figure["sources"]), figure["id"]
        assert _recompute(figure) == Decimal(str(figure["value"])), figure["id"]
        # In a sentence the note follows the figure; in a table's cell it comes first (the digits line up).
        note = f"[{figure['note']}]"
        assert f"{figure['text']}{note}" in text or f"{note}\u00a0{figure['text']}" in text, figure["id"]
    # No project of the world belongs to a national programme: the report says so, naming none.
    assert "các khoản cam kết trong năm không thuộc chương trình quốc gia nào" in text
    # The notes table names each note's records and the page listing them.
    notes = document.tables[-1]
    assert notes.rows[0].cells[0].text == "Chú thích"
    assert len(notes.rows) - 1 == len({f["note"] for f in figures})


def test_aid_total_equals_the_dashboard_total_and_its_note_opens_the_same_transactions(
    world: Any, make_user: Any, client_for: Any
) -> None:
    _document, sources = _report()
    figures = {f["id"]: f for f in sources["figures"]}
    board = dashboard_build(user=SYSTEM, year=2025, with_ids=True)
    total = figures["aid.total.commitment.vnd"]
    assert Decimal(str(total["value"])) == board.total.commitment.vnd
    assert Decimal(str(figures["aid.total.disbursement.usd"]["value"])) == board.total.disbursement.usd
    assert sorted(total["sources"][0]["ids"]) == sorted(board.total.commitment.ids)
    client = client_for(make_user("coordinator", None))
    response = client.get(total["sources"][0]["url"])
    page = response.content.decode()
    shown = re.search(r'data-total-vnd="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert Decimal(shown) == Decimal(str(total["value"]))
    # The note's link lists exactly the transactions the figure sums, no more, no fewer.
    listed = [t.pk for t in response.context["page"]]
    assert sorted(listed) == sorted(total["sources"][0]["ids"])
    assert f"({len(listed)} giao dịch)" in page


def test_a_units_report_holds_only_that_units_data(world: Any) -> None:
    units = world
    document, sources = _report(unit=units.quang_tri)
    # A province's people's committee answers for the aid to projects located in its province.
    own_projects = set(Project.objects.filter(locations__province_code="44").values_list("pk", flat=True))
    own_documents = set(
        LibraryDocument.objects.filter(owner_unit=units.quang_tri).values_list("pk", flat=True)
    )
    transactions = documents = 0
    for figure in sources["figures"]:
        for source in figure["sources"]:
            if source["kind"] == "transaction":
                projects = set(
                    Transaction.objects.filter(pk__in=source["ids"]).values_list("project_id", flat=True)
                )
                assert projects <= own_projects, figure["id"]
                transactions += 1
            else:
                assert set(source["ids"]) <= own_documents, figure["id"]
                documents += 1
    assert transactions and documents
    text = _text(document)
    assert "LIÊN HIỆP CÁC TỔ CHỨC" not in text.split("\n")[0]
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ" in document.tables[0].rows[0].cells[0].text
    assert "Quảng Trị, ngày 05 tháng 01 năm 2026" in text
    assert "Ủy ban nhân dân tỉnh Quảng Trị" in text
    # Hà Nội's projects and articles are absent: neither its figures nor its outlet's event.
    figures = {f["id"]: f for f in sources["figures"]}
    assert figures["aid.total.commitment.projects"]["value"] == 2
    assert figures["library.documents"]["value"] == 2


def test_reports_out_of_scope_are_refused(world: Any, make_user: Any) -> None:
    units = world
    viewer = make_user("viewer", units.quang_tri)
    with pytest.raises(PermissionDenied):
        annual_report_build(user=viewer, year=2025, today=TODAY)
    with pytest.raises(PermissionDenied):
        annual_report_build(user=viewer, year=2025, today=TODAY, unit=units.ha_noi)
    own = annual_report_build(user=viewer, year=2025, today=TODAY, unit=units.quang_tri_union)
    assert own.sources["unit"]["id"] == units.quang_tri_union.pk


def test_a_part_no_provider_fills_is_left_out_and_the_report_names_its_data(world: Any) -> None:
    document, sources = _report(providers=[aid_provider])
    texts = [p.text for p in document.paragraphs]
    assert sources["providers"] == ["aid"]
    assert not any("thông tin, tuyên truyền" in t for t in texts)
    assert any("tổng hợp từ sổ đăng ký viện trợ" in t and "thư viện" not in t for t in texts)
    empty = annual_report_build(user=SYSTEM, year=2019, today=TODAY)
    empty_texts = [p.text for p in Document(io.BytesIO(empty.docx)).paragraphs]
    assert empty.sources["figures"] == []
    assert not any(t.startswith(("I. ", "II. ")) for t in empty_texts)
    assert any("chưa có dữ liệu nào của năm 2019" in t for t in empty_texts)


def test_command_writes_the_report_and_its_sources(world: Any, tmp_path: Path) -> None:
    output = tmp_path / "bao-cao.docx"
    code = main(
        ["report", "annual", "--year", "2025", "--unit", str(world.quang_tri.pk), "--date", "2026-01-05",
         "--output", str(output)]
    )  # fmt: skip
    assert code == 0
    sources = json.loads(Path(f"{output}.sources.json").read_text(encoding="utf-8"))
    assert sources["unit"]["id"] == world.quang_tri.pk and sources["figures"]
    assert Document(str(output)).tables[0].rows[1].cells[1].text == "Quảng Trị, ngày 05 tháng 01 năm 2026"
    assert main(["report", "annual", "--year", "2025", "--unit", "KHONG-CO", "--output", str(output)]) == 2


def test_coordinator_downloads_the_report_from_the_page(world: Any, make_user: Any, client_for: Any) -> None:
    # Tasks run at once in tests (see tests/reports/test_jobs.py for the queue and the worker).
    client = client_for(make_user("coordinator", None))
    page = client.get("/bao-cao/tong-ket/")
    assert page.status_code == 200 and "Toàn quốc" in page.content.decode()
    response = client.post("/bao-cao/tong-ket/", {"year": "2025", "unit": ""}, follow=True)
    assert response.status_code == 200 and "Tải báo cáo (.docx)" in response.content.decode()
    job_page = response.redirect_chain[-1][0]
    response = client.get(f"{job_page}bao-cao.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="bao-cao-tong-ket-2025.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document.tables[0].rows[0].cells[1].text
    # Links in the notes are absolute when the report is made from the site.
    assert "http://testserver/vien-tro/giao-dich/?year=2025" in _text(document)


def test_unit_user_gets_only_their_units_report_from_the_page(
    world: Any, make_user: Any, client_for: Any
) -> None:
    units = world
    client = client_for(make_user("editor", units.quang_tri))
    assert "Toàn quốc" not in client.get("/bao-cao/tong-ket/").content.decode()
    assert client.post("/bao-cao/tong-ket/", {"year": "2025", "unit": ""}).status_code == 400
    assert client.post("/bao-cao/tong-ket/", {"year": "2025", "unit": units.ha_noi.pk}).status_code == 400
    own = client.post("/bao-cao/tong-ket/", {"year": "2025", "unit": units.quang_tri.pk}, follow=True)
    response = client.get(f"{own.redirect_chain[-1][0]}bao-cao.docx")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed: no PDF conversion check")
def test_report_converts_to_pdf_with_libreoffice(world: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    report = annual_report_build(user=SYSTEM, year=2025, today=TODAY)
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(report.docx)
    subprocess.run(
        [str(OFFICE), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = PdfReader(str(tmp_path / "bao-cao.pdf"))
    assert len(pdf.pages) >= 2
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    first = pdf.pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    # The second page carries its number at the top; the first does not start with "1".
    assert pdf.pages[1].extract_text().lstrip().startswith("2")
    assert not first.lstrip().startswith("1")


def test_a_units_figures_link_to_the_transactions_of_that_unit_alone(
    world: Any, make_user: Any, client_for: Any
) -> None:
    # A unit other than a province's committee answers for the projects it manages.
    _document, sources = _report(unit=world.quang_tri_union)
    total = next(f for f in sources["figures"] if f["id"] == "aid.total.commitment.vnd")
    url = total["sources"][0]["url"]
    assert f"unit={world.quang_tri_union.pk}" in url
    page = client_for(make_user("coordinator", None)).get(url).content.decode()
    shown = re.search(r'data-total-vnd="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert Decimal(shown) == Decimal(str(total["value"])) == Decimal("300000") * 25000


def test_a_provinces_aid_figure_is_its_report_forms_prefill_and_says_it_counts_by_place(
    world: Any, make_user: Any, client_for: Any
) -> None:
    editor = make_user("editor", world.quang_tri)
    forms_load_package(actor=SYSTEM)
    form = ReportForm.objects.get(code="DNND-NAM")
    (prefill,) = aid_prefill(user=editor, unit=world.quang_tri, period=period_parse("2025"), spec=form.spec)
    prefilled = sum(
        (Decimal(value) for key, value in prefill.values.items() if key.endswith(".vnd")), Decimal(0)
    )
    report = annual_report_build(user=editor, year=2025, today=TODAY, unit=world.quang_tri)
    figures = {f["id"]: f for f in report.sources["figures"]}
    total = figures["aid.total.commitment.vnd"]
    # The projects located in Quảng Trị (VUFO's and the union's), not the committee's own (none).
    assert Decimal(str(total["value"])) == prefilled == Decimal("1300000") * 25000
    text = _text(Document(io.BytesIO(report.docx)))
    assert "thực hiện trên địa bàn tỉnh Quảng Trị" in text
    assert "Ủy ban nhân dân tỉnh Quảng Trị đã vận động" not in text
    # Its note opens the transaction list of the province, whose total is the figure.
    url = total["sources"][0]["url"]
    assert "province=44" in url and "unit=" not in url
    page = client_for(editor).get(url).content.decode()
    shown = re.search(r'data-total-vnd="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert Decimal(shown) == Decimal(str(total["value"]))


def test_the_document_count_links_to_the_list_of_that_years_documents(
    world: Any, make_user: Any, client_for: Any, ingest: Any
) -> None:
    ingest({"hanoi-2026.txt": HANOI_REPORT}, published=True)  # a report of the next year
    _document, sources = _report()
    counted = next(f for f in sources["figures"] if f["id"] == "library.documents")
    response = client_for(make_user("coordinator", None)).get(counted["sources"][0]["url"])
    page = response.context["page"]
    assert page.paginator.count == counted["value"] == len(counted["sources"][0]["ids"])
    assert {d.published.year for d in page.object_list} == {2025}


def test_an_article_without_an_outlet_is_counted_apart_not_as_one_more_outlet(
    world: Any, ingest: Any
) -> None:
    from tests.library_fixtures import FESTIVAL_LOCAL
    from tests.reports.world import _in_2025

    before = {f["id"]: f["value"] for f in _report()[1]["figures"]}
    unsigned = _in_2025(FESTIVAL_LOCAL).replace("(Báo Quảng Trị) - ", "", 1).replace("600", "650")
    ingest({"unsigned.txt": unsigned}, owner=world.quang_tri, published=True)
    document, sources = _report()
    figures = {f["id"]: f for f in sources["figures"]}
    assert figures["library.documents"]["value"] == before["library.documents"] + 1
    assert figures["library.outlets"]["value"] == before["library.outlets"]
    assert figures["library.unsigned"]["value"] == 1
    for figure in figures.values():
        assert _recompute(figure) == Decimal(str(figure["value"])), figure["id"]
    assert "bài không rõ nguồn)" in _text(document)


def test_each_aid_appendix_ends_with_the_years_total_and_the_province_table_says_why_rows_overlap(
    world: Any,
) -> None:
    document, sources = _report()
    figures = {f["id"]: f for f in sources["figures"]}
    total = (
        f"[{figures['aid.total.commitment.vnd']['note']}]\u00a0{figures['aid.total.commitment.vnd']['text']}"
    )
    texts = [p.text for p in document.paragraphs]
    aid_tables = [
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "Nhóm" and t.rows[0].cells[1].text == "Cam kết (VND)"
    ]
    assert len(aid_tables) >= 3
    for table in aid_tables:
        assert table.rows[-1].cells[0].text == "Tổng cộng" and table.rows[-1].cells[1].text == total
    # Under the appendix's name in capitals and the line naming the report, in ordinary letters.
    province = texts.index("VIỆN TRỢ THEO TỈNH, THÀNH PHỐ")
    assert texts[province + 2] == (
        "(Dự án ở nhiều tỉnh được tính đủ cho mỗi tỉnh, nên cộng các dòng có thể lớn hơn tổng cộng.)"
    )


@pytest.mark.parametrize(
    ("name", "kind", "abbreviation", "symbol"),
    [
        ("Ủy ban nhân dân tỉnh Quảng Trị", "province", "UBND Quảng Trị", "UBND"),
        ("Ủy ban nhân dân thành phố Hà Nội", "province", "", "UBND"),
        ("Liên hiệp các tổ chức hữu nghị Việt Nam", "friendship_union", "VUFO", "VUFO"),
        ("Trung ương Hội Liên hiệp Phụ nữ Việt Nam", "mass", "Hội LHPN VN", "LHPNVN"),
        ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "central", "UBTƯ MTTQ VN", "UBTUMTTQVN"),
        ("Bộ Giáo dục và Đào tạo", "central", "BGDĐT", "BGDĐT"),
        ("Đại sứ quán Việt Nam tại Nhật Bản", "mission", "", "ĐSQVN"),
        ("Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị", "friendship_union", "", "LHTCHN"),
    ],
)
def test_the_symbol_is_the_issuers_abbreviation_in_capitals_without_spaces_or_place(
    name: str, kind: str, abbreviation: str, symbol: str
) -> None:
    """The symbol read "/BC-UBNDQUẢNGTRỊ": the display abbreviation, its spaces dropped, place kept."""
    assert _symbol(Organization(name=name, kind=kind, abbreviation=abbreviation)) == symbol


def _signature_lines(document: Any) -> list[Any]:
    signature = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    return signature.rows[0].cells[1].paragraphs


def test_a_provinces_report_is_numbered_bc_ubnd_and_signed_by_its_chairman_by_name(world: Any) -> None:
    world.quang_tri.abbreviation = "UBND Quảng Trị"
    world.quang_tri.save(update_fields=["abbreviation"])
    document, _sources = _report(unit=world.quang_tri)
    number = document.tables[0].rows[1].cells[0].text
    assert re.fullmatch(r"Số: +/BC-UBND", number), number
    texts = [p.text for p in document.paragraphs]
    assert any(re.match(r"\(Kèm theo Báo cáo số +/BC-UBND ngày", t) for t in texts)
    # No head in the directory: the title, the space to sign, and a line to write the name on.
    lines = _signature_lines(document)
    assert [p.text for p in lines[:2]] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert all(not p.text for p in lines[2:-1]) and len(lines[2:-1]) >= 3
    assert lines[-1].text == "[Họ và tên người ký]"
    # The directory's chairman signs by name, in bold.
    person = directory_services.person_create(
        actor=SYSTEM, owner_unit=world.quang_tri, full_name="Nguyễn Văn An", is_published=True
    )
    directory_services.position_add(
        actor=SYSTEM,
        person=person,
        title="Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị",
        organization=world.quang_tri,
        start_date=dt.date(2025, 1, 1),
    )
    lines = _signature_lines(_report(unit=world.quang_tri)[0])
    assert [p.text for p in lines[:2]] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert lines[-1].text == "Nguyễn Văn An" and lines[-1].runs[0].bold
    # Another unit without a head: its generic title and the line for the name.
    lines = _signature_lines(_report(unit=world.quang_tri_union)[0])
    assert lines[0].text == "[CHỨC VỤ CỦA NGƯỜI KÝ]" and lines[-1].text == "[Họ và tên người ký]"


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed: no PDF conversion check")
def test_no_empty_page_before_the_appendix_wherever_the_signature_block_ends(tmp_path: Path) -> None:
    """The paragraph ending the portrait section spilled onto a page of its own before PHỤ LỤC."""
    letterhead = Letterhead(
        issuer="Ủy ban nhân dân tỉnh Quảng Trị",
        number="      /BC-UBND",
        place_date="Quảng Trị, ngày 05 tháng 01 năm 2026",
        kind="Báo cáo",
        summary="Tổng kết công tác đối ngoại nhân dân năm 2025",
        recipients=["- Cơ quan điều phối công tác đối ngoại nhân dân;", "- Lưu: VT."],
        authority="TM. Ủy ban nhân dân",
        position="Chủ tịch",
        signer="." * 40,
    )
    appendix = [ContentTable("Bảng", ["Nhóm", "Số"], [["Một", "1"]])]
    # One more line of body at a time, over more than a page: the block ends at every height.
    files = {
        f"b{lines}": document_fill(
            letterhead=letterhead,
            body=[ContentParagraph([f"Đoạn {i} của báo cáo."]) for i in range(lines)],
            appendix=appendix,
        )[0]
        for lines in range(14, 46)
    }
    empty = [
        (name, number)
        for name, number, text in pdf_pages(tmp_path, files)
        if re.fullmatch(r"\d*", re.sub(r"\s", "", text))
    ]
    assert empty == []


def test_a_library_note_whose_page_lists_more_than_its_documents_says_so(world: Any) -> None:
    """Notes of "2 văn bản" and "1 văn bản" linked to a list of 3, under "liệt kê đúng các bản ghi đó"."""
    for unit in (None, world.quang_tri):
        document, sources = _report(unit=unit)
        figures = {f["id"]: f for f in sources["figures"]}
        every = figures["library.documents"]["sources"][0]
        # The year's list is the national report's documents exactly; a unit's library has no filter.
        assert every.get("url_exact", True) is (unit is None)
        for key, figure in figures.items():
            if key.startswith("library.event."):
                assert figure["sources"][0]["url_exact"] is False
        notes = document.tables[-1]
        for row in notes.rows[1:]:
            number, _records, link = (c.text for c in row.cells)
            figure = next(f for f in figures.values() if f"[{f['note']}]" == number)
            if figure["sources"][0].get("url_exact", True):
                assert "có thể liệt kê cả các bản ghi khác" not in link
            else:
                assert link.endswith(f" {WIDER}") and "có thể liệt kê cả các bản ghi khác" in WIDER


def test_every_aid_notes_link_lists_exactly_the_records_behind_its_figure(
    world: Any, make_user: Any, client_for: Any
) -> None:
    """The projects 'committed but not disbursed' had no page listing their records (07/12/2026)."""
    _document, sources = _report()
    figures = {f["id"]: f for f in sources["figures"]}
    assert "aid.undisbursed.projects" in figures
    client = client_for(make_user("coordinator", None))
    listed: dict[str, list[int]] = {}  # a page is kept once made: each address asked once
    for figure in figures.values():
        for source in figure["sources"]:
            if source["kind"] != "transaction":
                continue
            url = source.get("url")
            assert url, (figure["id"], source["label"])
            if url not in listed:
                response = client.get(url)
                assert response.status_code == 200, url
                listed[url] = sorted(t.pk for t in response.context["page"])
            assert listed[url] == sorted(set(source["ids"])), (figure["id"], url)
    assert len(listed) > 10
    wrong = client.get("/vien-tro/giao-dich/?year=2025&undisbursed=yes")
    assert wrong.status_code == 400 and "Tham số “undisbursed” = yes" in wrong.content.decode()


def test_a_province_is_in_lower_case_inside_a_sentence_and_keeps_its_capital_in_its_table_row(
    world: Any,
) -> None:
    """The 2025 demo report read "thuộc về Tỉnh Cà Mau" and "Cam kết năm 2025, Tỉnh Cà Mau"."""
    document, sources = _report()
    leaders = next(p.text for p in document.paragraphs if p.text.startswith("Theo địa bàn"))
    assert "thuộc về tỉnh Quảng Trị (" in leaders and "; thành phố Hà Nội (" in leaders, leaders
    assert not re.search(r"\b(Tỉnh|Thành phố) ", leaders), leaders
    labels = [
        s["label"] for f in sources["figures"] if f["id"].startswith("aid.province.") for s in f["sources"]
    ]
    assert labels and all(re.search(r", (tỉnh|thành phố) \S", label) for label in labels), labels
    # The table's rows start their cells: there the name keeps its capital.
    rows = {row.cells[0].text for table in document.tables for row in table.rows}
    assert {"Tỉnh Quảng Trị", "Thành phố Hà Nội"} <= rows


def test_the_page_a_dollar_figures_note_opens_gives_the_same_total_to_the_cent(
    world: Any, make_user: Any, client_for: Any
) -> None:
    """The report printed "202.988.367,84 USD"; the page its note opens, "… 202.988.368 USD"."""
    _document, sources = _report()
    client = client_for(make_user("coordinator", None))
    checked = 0
    for figure in sources["figures"]:
        if figure["unit"] != "USD":
            continue
        (source,) = figure["sources"]
        page = client.get(source["url"]).content.decode()
        total = re.search(r'<p class="total">(.*?)</p>', page, re.S).group(1)  # type: ignore[union-attr]
        assert f"· {figure['text']}" in " ".join(total.split()), (figure["text"], total)
        checked += 1
    assert checked >= 4 and any(
        not f["text"].endswith(",00 USD") for f in sources["figures"] if f["unit"] == "USD"
    )


def test_the_text_names_each_appendix_as_its_heading_does(world: Any) -> None:
    """The report's tables were "Phụ lục 1. …", "Phụ lục 2. …", and its text said "tại phần Phụ lục"."""
    document, _sources = _report()
    texts = [p.text for p in document.paragraphs]
    heads = [i for i, text in enumerate(texts) if re.fullmatch(r"Phụ lục [IVXLC]+", text)]
    names = [texts[i] for i in heads]
    # Numbered I, II, III … in order, each name once; the notes are the last.
    assert names == ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV", "Phụ lục V", "Phụ lục VI"]
    titles = {texts[i]: texts[i + 1] for i in heads}
    assert titles["Phụ lục VI"] == "NGUỒN SỐ LIỆU"
    assert all(title == title.upper() for title in titles.values())
    body = texts[: heads[0]]
    # Every appendix is named in the text, and every name in the text is an appendix's heading.
    mentioned = {m for text in body for m in re.findall(r"Phụ lục [IVXLC]+\b", text)}
    assert mentioned == set(names)
    assert not any(re.search(r"Phụ lục \d|phần Phụ lục", text) for text in texts)

    def named(start: str) -> str:
        """Return the title of the appendix the paragraph opening with `start` refers to."""
        paragraph = next(text for text in body if text.startswith(start))
        return titles[re.findall(r"\((?:chi tiết|danh sách)[^)]* tại (Phụ lục [IVXLC]+)\)", paragraph)[-1]]

    assert named("Theo lĩnh vực") == "VIỆN TRỢ THEO LĨNH VỰC (MÃ DAC)"
    assert named("Theo địa bàn") == "VIỆN TRỢ THEO TỈNH, THÀNH PHỐ"
    assert named("Các sự kiện được") == "CÁC SỰ KIỆN ĐƯỢC ĐƯA TIN NHIỀU NHẤT TRONG NĂM"
    opening = next(text for text in body if text.startswith("Số liệu trong báo cáo"))
    assert "liệt kê tại Phụ lục VI (Nguồn số liệu)." in opening


@pytest.mark.parametrize(
    ("today", "year"),
    [(dt.date(2027, 1, 10), 2026), (dt.date(2026, 11, 30), 2025), (dt.date(2026, 12, 7), 2026)],
)
def test_the_year_offered_is_the_one_being_closed_in_december(
    make_user: Any, client_for: Any, monkeypatch: pytest.MonkeyPatch, today: dt.date, year: int
) -> None:
    # On 07/12/2026, preparing the year-end review, the coordinator was offered 2025.
    monkeypatch.setattr("doingoai.reports.views.timezone.localdate", lambda: today)
    assert report_year_default(today) == year
    page = client_for(make_user("coordinator", None)).get("/bao-cao/tong-ket/")
    assert page.context["form"]["year"].value() == year
