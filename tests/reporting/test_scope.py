"""A unit never sees another province's draft: not on pages, not in exports, not through the API."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from doingoai.api.services import token_create
from doingoai.reporting import services
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at


def test_another_province_cannot_see_a_draft_through_pages_exports_or_api(
    cycle: Cycle, client, client_for
) -> None:
    draft = cycle.open(cycle.units.quang_tri)
    services.report_save(
        actor=cycle.qt_editor, report=draft, values={"ket_qua": "Nội dung nháp bí mật"}, now=at(2026, 1, 3)
    )
    hanoi = client_for(cycle.hn_editor)
    for url in (f"/bao-cao/{draft.pk}/", f"/bao-cao/{draft.pk}/nhap/", f"/bao-cao/{draft.pk}/bao-cao.xlsx"):
        assert hanoi.get(url).status_code == 404, url
    assert hanoi.post(f"/bao-cao/{draft.pk}/xu-ly/", {"action": "accept"}).status_code == 404
    for url in ("/bao-cao/", "/bao-cao/bieu-mau/DNND-NAM/?year=2025"):
        page = hanoi.get(url).content.decode()
        assert "Quảng Trị" not in page and "bí mật" not in page, url
    assert hanoi.get(f"/bao-cao/bieu-mau/DNND-NAM/{cycle.units.quang_tri.pk}/2025/").status_code == 404
    assert hanoi.get(f"/bao-cao/don-vi/{cycle.units.quang_tri.pk}/DNND-NAM/").status_code == 404
    export = hanoi.get("/bao-cao/bieu-mau/DNND-NAM/?year=2025&format=xlsx")
    book = load_workbook(io.BytesIO(export.content))
    text = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    assert "Quảng Trị" not in text and "Hà Nội" in text

    _token, secret = token_create(actor=cycle.hn_editor, user=cycle.hn_editor, name="kiểm thử")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    listed = client.get("/api/reporting/reports", **auth).json()
    assert draft.pk not in [r["id"] for r in listed["items"]]
    assert client.get(f"/api/reporting/reports/{draft.pk}", **auth).status_code == 404
    assert (
        client.post(
            f"/api/reporting/reports/{draft.pk}/submit", data={}, content_type="application/json", **auth
        ).status_code
        == 404
    )
    units = client.get("/api/reporting/completeness?form=DNND-NAM&period=2025", **auth).json()["units"]
    assert cycle.units.quang_tri.pk not in [u["unit_id"] for u in units]


def test_the_reviewing_unit_sees_submitted_reports_but_not_drafts(cycle: Cycle, client_for) -> None:
    draft = cycle.open(cycle.units.quang_tri)
    reviewer = client_for(cycle.vufo_reviewer)
    assert reviewer.get(f"/bao-cao/{draft.pk}/").status_code == 404
    services.report_submit(actor=cycle.qt_editor, report=draft, values=ANNUAL_VALUES, now=at(2026, 1, 5))
    assert reviewer.get(f"/bao-cao/{draft.pk}/").status_code == 200


def test_a_viewer_reads_own_unit_reports_but_cannot_fill_them(cycle: Cycle, make_user, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri)
    viewer = client_for(make_user("viewer", cycle.units.quang_tri))
    assert viewer.get(f"/bao-cao/{report.pk}/").status_code == 200
    assert viewer.get(f"/bao-cao/{report.pk}/nhap/").status_code == 403


def test_the_reviewer_sees_a_drafts_state_on_the_completeness_page_but_no_link_into_it(
    cycle: Cycle, client_for
) -> None:
    draft = cycle.open(cycle.units.quang_tri)
    reviewer = client_for(cycle.vufo_reviewer)
    page = reviewer.get("/bao-cao/bieu-mau/DNND-NAM/?year=2025").content.decode()
    row = page.split(f'data-unit="{cycle.units.quang_tri.pk}"')[1].split("</tr>")[0]
    assert 'data-state="draft"' in row and f"/bao-cao/{draft.pk}/" not in row
    start = reviewer.get(f"/bao-cao/bieu-mau/DNND-NAM/{cycle.units.quang_tri.pk}/2025/").content.decode()
    assert "Đơn vị đang soạn báo cáo" in start and "start-report" not in start
