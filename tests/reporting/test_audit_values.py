"""The audit log reads a report's figures one by one, labelled and written as the report page does."""

from __future__ import annotations

import io

from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from doingoai.audit.display import entries_shown
from doingoai.audit.models import AuditEntry
from doingoai.reporting import services
from doingoai.reporting.audit_values import report_values_changes
from doingoai.reporting.models import Report, ReportForm
from tests.reporting.conftest import ANNUAL_VALUES, QUARTERLY, Cycle, at


def _returned_and_resubmitted(cycle: Cycle) -> Report:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.report_return(actor=cycle.vufo_reviewer, report=report, reason="Kiểm tra", now=at(2026, 1, 11))
    services.report_submit(
        actor=cycle.qt_editor,
        report=report,
        values={**ANNUAL_VALUES, "doan_ra": "15000", "muc_do": "vuot", "vien_tro.y_te.vnd": "2500000000"},
        now=at(2026, 1, 12),
    )
    return report


def _last_submission(report: Report) -> AuditEntry:
    return (
        AuditEntry.objects.select_related("content_type")
        .filter(content_type__model="report", object_id=str(report.pk), action="update")
        .order_by("id")
        .last()
    )


def test_a_resubmission_lists_each_changed_figure_with_its_label_not_the_json(cycle: Cycle) -> None:
    report = _returned_and_resubmitted(cycle)
    entry = _last_submission(report)
    with translation.override("vi"):
        (shown,) = entries_shown([entry])
    changes = {c.label: (c.before, c.after) for c in shown.changes}
    assert changes["Số đoàn ra nước ngoài"] == ("4", "15.000")
    assert changes["Tự đánh giá mức độ hoàn thành kế hoạch năm"] == ("Hoàn thành kế hoạch", "Vượt kế hoạch")
    cell = "Giá trị viện trợ vận động được (cam kết) theo lĩnh vực — Y tế, dân số — Quy đổi VND"
    assert changes[cell] == ("(trống)", "2.500.000.000")
    assert "Số liệu" not in changes and not any("{" in c.before + c.after for c in shown.changes)
    assert "Số đoàn nước ngoài được đón tiếp" not in changes  # unchanged figures are not listed
    assert entry.after["values"]["doan_ra"] == "15000"  # the stored data stays as it was


def test_the_page_and_its_export_show_the_figures_readably(cycle: Cycle, client_for) -> None:
    _returned_and_resubmitted(cycle)
    client: Client = client_for(cycle.coordinator)
    html = client.get("/nhat-ky/", {"model": "reporting.report"}).content.decode()
    assert "<strong>Số đoàn ra nước ngoài</strong>: <del>4</del> → <ins>15.000</ins>" in html
    assert "&quot;doan_ra&quot;" not in html and '"doan_ra"' not in html
    response = client.get("/nhat-ky/", {"model": "reporting.report", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    latest = next(r for r in rows[1:] if "15.000" in str(r[5]))
    assert "Số đoàn ra nước ngoài: 4 → 15.000" in str(latest[5]).splitlines()
    assert '"doan_ra"' not in str(latest[5])


def test_a_new_report_lists_what_was_filled_and_decimals_keep_their_comma(cycle: Cycle) -> None:
    form = ReportForm.objects.filter(code=QUARTERLY).latest("version")
    snapshot = {"form": form.pk}
    with translation.override("vi"):
        created = report_values_changes(
            None, {"cam_ket.y_te.usd": "1.2", "du_an_moi": "", "cu": "7"}, snapshot, {}
        )
        changed = report_values_changes(
            {"cam_ket.y_te.usd": "1.2"}, {"cam_ket.y_te.usd": "15000.5"}, snapshot, {}
        )
    by_label = {c.label: (c.before, c.after) for c in created}
    assert by_label[next(k for k in by_label if k.endswith("— Y tế, dân số — Quy đổi USD"))] == ("", "1,2")
    assert by_label["cu"] == ("", "7")  # a key the form no longer has is named by its key
    assert len(created) == 2  # the empty figure of a new report is not listed
    assert [(c.before, c.after) for c in changed] == [("1,2", "15.000,5")]


def test_figures_are_read_with_one_query_per_form_for_a_page(cycle: Cycle) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for unit in (cycle.units.quang_tri, cycle.units.ha_noi):
        report = cycle.open(unit)
        editor = cycle.qt_editor if unit == cycle.units.quang_tri else cycle.hn_editor
        services.report_submit(actor=editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    entries = list(AuditEntry.objects.select_related("content_type").filter(content_type__model="report"))
    assert len(entries) == 4
    with CaptureQueriesContext(connection) as queries:
        entries_shown(entries)
    # The names behind the units and the forms (one query each, as before), and the form read once
    # for the labels of its figures, whatever the number of entries.
    assert len(queries) == 3
