from __future__ import annotations

import datetime as dt
import re

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.reporting import services
from tests.reporting.conftest import ANNUAL, ANNUAL_VALUES, QUARTERLY, Cycle, at, version_of

QUARTERLY_VALUES = {"du_an_dang_thuc_hien": "3", "du_an_moi": "1"}


def _shown(page: str, key: str) -> str:
    match = re.search(rf'name="{re.escape(key)}" id="f-{re.escape(key)}" value="([^"]*)"', page)
    assert match, key
    return match.group(1)


def test_saving_a_draft_again_unchanged_keeps_its_figures(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri)
    client = client_for(cycle.qt_editor)
    url = f"/bao-cao/{report.pk}/nhap/"
    client.post(
        url,
        {
            "vien_tro.y_te.usd": "12,345",
            "kinh_phi": "2500000000",
            "action": "save",
            "version": version_of(report),
        },
    )
    page = client.get(url).content.decode()
    shown = {key: _shown(page, key) for key in ("vien_tro.y_te.usd", "kinh_phi")}
    assert shown == {"vien_tro.y_te.usd": "12,345", "kinh_phi": "2.500.000.000"}
    # The user saves the page again as shown: twelve dollars and a bit stay twelve dollars.
    client.post(url, {**shown, "action": "save", "version": version_of(report)})
    report.refresh_from_db()
    assert report.values["vien_tro.y_te.usd"] == "12.345"
    assert report.values["kinh_phi"] == "2500000000"


def test_report_lists_name_the_period_as_people_write_it(cycle: Cycle, client_for) -> None:
    services.assignment_create(
        actor=SYSTEM,
        form_code=QUARTERLY,
        unit=cycle.units.quang_tri,
        start_date=dt.date(2025, 1, 1),
        review_unit=cycle.units.vufo,
    )
    report = cycle.open(cycle.units.quang_tri, "2025-Q3", form=QUARTERLY, now=at(2025, 10, 2))
    services.report_submit(actor=cycle.qt_editor, report=report, values=QUARTERLY_VALUES, now=at(2025, 10, 5))
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Thiếu số liệu", now=at(2025, 10, 6)
    )
    client = client_for(cycle.qt_editor)
    pages = {
        "list": client.get("/bao-cao/").content.decode(),
        "home": client.get("/").content.decode(),
        "history": client.get(f"/bao-cao/don-vi/{cycle.units.quang_tri.pk}/{QUARTERLY}/").content.decode(),
    }
    for name, page in pages.items():
        assert "quý 3/2025" in page, name
        assert "2025-Q3<" not in page and "2025-Q3 " not in page, name


def test_a_change_over_last_year_is_written_with_thousands_grouped(cycle: Cycle, client_for) -> None:
    union = cycle.units.quang_tri_union
    last_year = cycle.open(union, "2024")
    values = {**ANNUAL_VALUES, "doan_ra": "8"}
    services.report_submit(actor=cycle.qt_union_editor, report=last_year, values=values, now=at(2026, 1, 5))
    services.report_accept(actor=cycle.qt_editor, report=last_year, now=at(2026, 1, 6))
    services.report_approve(actor=cycle.qt_editor, report=last_year, now=at(2026, 1, 7))
    report = cycle.open(union, "2025")
    values = {**ANNUAL_VALUES, "doan_ra": "15.000"}
    services.report_submit(actor=cycle.qt_union_editor, report=report, values=values, now=at(2026, 1, 10))
    page = client_for(cycle.qt_editor).get(f"/bao-cao/{report.pk}/").content.decode()
    # 15.000 against 8: a change of 187.400 percent, grouped as every other figure on the page.
    assert '<td data-field="percent">187.400,0%</td>' in page


def test_a_blank_form_asked_without_its_period_goes_back_to_the_upload_page(cycle: Cycle, client_for) -> None:
    client = client_for(cycle.qt_editor)
    upload = client.get("/bao-cao/tai-len/").content.decode()
    assert re.search(r'<input type="text" name="period" size="8" required', upload)
    response = client.get("/bao-cao/bieu-mau/DNND-NAM/mau.xlsx?period=", follow=True)
    assert response.redirect_chain[-1][0] == "/bao-cao/tai-len/"
    assert "Kỳ báo cáo “” không hợp lệ" in response.content.decode()


def test_the_reviewers_comment_on_a_field_is_shown_beside_it_on_the_entry_page(
    cycle: Cycle, client_for
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    values = {**ANNUAL_VALUES, "doan_ra": "15.000"}
    services.report_submit(actor=cycle.qt_editor, report=report, values=values, now=at(2026, 1, 10))
    services.field_comment_add(
        actor=cycle.vufo_reviewer,
        report=report,
        field_key="doan_ra",
        text="15.000 đoàn ra? Kiểm tra lại.",
        now=at(2026, 1, 11),
    )
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Xem nhận xét", now=at(2026, 1, 11)
    )
    page = client_for(cycle.qt_editor).get(f"/bao-cao/{report.pk}/nhap/").content.decode()
    field = page[page.index('id="f-doan_ra"') : page.index('id="f-doan_ra_luot_nguoi"')]
    assert "15.000 đoàn ra? Kiểm tra lại." in field
    assert "duyet.vufo" in field and "11/01/2026" in field


def test_each_field_comment_box_is_named_after_its_field_for_screen_readers(cycle: Cycle, client_for) -> None:
    # One box per row: a screen reader read "Nhận xét" for every one of them, not which field it was for.
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    page = client_for(cycle.vufo_reviewer).get(f"/bao-cao/{report.pk}/").content.decode()
    row = page[page.index('<tr data-field="doan_ra"') :]
    row = row[: row.index("</tr>")]
    label = row.split("<td>", 1)[1].split("<", 1)[0].strip()
    assert label and f'aria-label="Nhận xét về {label}"' in row
    assert 'aria-label="Nhận xét"' not in page


def test_a_reviewer_lists_the_reports_waiting_for_review(cycle: Cycle, client_for, monkeypatch) -> None:
    quang_tri = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=quang_tri, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    ha_noi = cycle.open(cycle.units.ha_noi)
    services.report_save(actor=cycle.hn_editor, report=ha_noi, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    client = client_for(cycle.coordinator)
    waiting = client.get("/bao-cao/?state=submitted")
    assert [r.pk for r in waiting.context["page"]] == [quang_tri.pk]
    assert '<p id="reports-count">1 báo cáo.</p>' in waiting.content.decode()
    assert '<option value="submitted" selected>Đã nộp</option>' in waiting.content.decode()
    # A state that is not one lists everything rather than nothing.
    assert {r.pk for r in client.get("/bao-cao/?state=xoa").context["page"]} == {quang_tri.pk, ha_noi.pk}
    # The year narrows to its periods.
    assert {r.pk for r in client.get("/bao-cao/?year=2025").context["page"]} == {quang_tri.pk, ha_noi.pk}
    assert list(client.get("/bao-cao/?year=2024").context["page"]) == []
    # More reports than a page holds: the count is the whole list's, and the next page has the rest.
    monkeypatch.setattr("doingoai.reporting.views.REPORTS_PAGE", 1)
    first, second = client.get("/bao-cao/"), client.get("/bao-cao/?page=2")
    assert '<p id="reports-count">2 báo cáo.</p>' in first.content.decode()
    assert "Trang 1/2" in first.content.decode() and "page=2" in first.content.decode()
    assert {r.pk for p in (first, second) for r in p.context["page"]} == {quang_tri.pk, ha_noi.pk}


def test_a_period_no_unit_owed_shows_no_rate_rather_than_zero_percent(cycle: Cycle, client_for) -> None:
    # The units are assigned from 2024: nothing was owed for 2023.
    page = client_for(cycle.coordinator).get("/bao-cao/bieu-mau/DNND-NAM/?year=2025").content.decode()
    row = page[page.index('<tr data-period="2023">') :]
    row = row[: row.index("</tr>")]
    assert "0%" not in row and row.count('<td class="rate-none">—</td>') == 2
    later = page[page.index('<tr data-period="2025">') :]
    assert '<strong class="rate">0%</strong>' in later[: later.index("</tr>")]


def test_a_reader_of_the_unit_is_told_why_they_cannot_fill_in_a_returned_report(
    cycle: Cycle, client_for, make_user
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Thiếu số liệu", now=at(2026, 1, 11)
    )
    viewer = client_for(make_user("viewer", cycle.units.quang_tri, username="xem.qt"))
    response = viewer.get(f"/bao-cao/{report.pk}/nhap/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Chỉ biên tập viên của đơn vị lập báo cáo mới được nhập, sửa báo cáo này." in page
    assert "trạng thái hiện tại" not in page


def test_the_page_to_start_a_report_says_when_it_is_due(cycle: Cycle, client_for) -> None:
    client = client_for(cycle.qt_editor)
    page = client.get(f"/bao-cao/bieu-mau/{ANNUAL}/{cycle.units.quang_tri.pk}/2025/").content.decode()
    due = cycle.units.quang_tri.report_assignments.get(form_code=ANNUAL).due_date(dt.date(2025, 12, 31))
    assert f"Hạn nộp: {due:%d/%m/%Y}" in page
    # Due in January 2026: past by the time anyone reads this.
    assert "(đã quá hạn)" in page


def _approved_last_year(cycle: Cycle, doan_ra: str) -> None:
    last_year = cycle.open(cycle.units.quang_tri_union, "2024")
    values = {**ANNUAL_VALUES, "doan_ra": doan_ra}
    services.report_submit(actor=cycle.qt_union_editor, report=last_year, values=values, now=at(2026, 1, 5))
    services.report_accept(actor=cycle.qt_editor, report=last_year, now=at(2026, 1, 6))
    services.report_approve(actor=cycle.qt_editor, report=last_year, now=at(2026, 1, 7))


def test_a_figure_far_from_last_years_is_pointed_out_before_and_after_submission(
    cycle: Cycle, client_for
) -> None:
    _approved_last_year(cycle, "8")
    report = cycle.open(cycle.units.quang_tri_union, "2025")
    entry = f"/bao-cao/{report.pk}/nhap/"
    editor = client_for(cycle.qt_union_editor)
    # "15.000" typed for fifteen: saved as fifteen thousand, ten times and more last year's 8.
    editor.post(
        entry, {**ANNUAL_VALUES, "doan_ra": "15.000", "action": "save", "version": version_of(report)}
    )
    label = report.form.spec.field("doan_ra").label
    page = editor.get(entry).content.decode()
    assert 'id="unusual-figures"' in page and f"{label}: 15.000 (năm trước 8)" in page
    services.report_submit(
        actor=cycle.qt_union_editor,
        report=report,
        values={**ANNUAL_VALUES, "doan_ra": "15.000"},
        now=at(2026, 1, 9),
    )
    review = client_for(cycle.qt_editor).get(f"/bao-cao/{report.pk}/").content.decode()
    assert review.count("khác xa năm trước") == 1


@pytest.mark.parametrize("doan_ra", ["9", "70", "1"])
def test_a_figure_within_ten_times_last_years_is_not_pointed_out(
    cycle: Cycle, client_for, doan_ra: str
) -> None:
    _approved_last_year(cycle, "8")
    report = cycle.open(cycle.units.quang_tri_union, "2025")
    editor = client_for(cycle.qt_union_editor)
    editor.post(
        f"/bao-cao/{report.pk}/nhap/",
        {**ANNUAL_VALUES, "doan_ra": doan_ra, "action": "save", "version": version_of(report)},
    )
    assert 'id="unusual-figures"' not in editor.get(f"/bao-cao/{report.pk}/nhap/").content.decode()


def test_a_viewer_is_refused_the_upload_page_in_words(cycle: Cycle, client_for, make_user) -> None:
    """The button is hidden from a viewer, and the page behind it is refused too, saying why."""
    viewer = client_for(make_user("viewer", cycle.units.quang_tri, username="xem.qt"))
    assert "Nộp báo cáo bằng tệp Excel" not in viewer.get("/bao-cao/").content.decode()
    for response in (viewer.get("/bao-cao/tai-len/"), viewer.post("/bao-cao/tai-len/", {})):
        assert response.status_code == 403
        assert "không nộp báo cáo cho đơn vị nào" in response.content.decode()
    assert client_for(cycle.qt_editor).get("/bao-cao/tai-len/").status_code == 200


def test_every_step_of_a_report_is_in_the_audit_log_within_its_units_scope(cycle: Cycle, client_for) -> None:
    """Submitting, sending back and receiving are logged; another province reads none of it."""
    from doingoai.audit.models import AuditEntry

    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Thiếu số liệu", now=at(2026, 1, 11)
    )
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 12))
    services.report_accept(actor=cycle.vufo_reviewer, report=report, now=at(2026, 1, 13))
    entries = AuditEntry.objects.filter(content_type__model="report", object_id=str(report.pk)).order_by("pk")
    states = [(e.before or {}).get("state", "") + "→" + (e.after or {}).get("state", "") for e in entries]
    assert states[1:] == [
        "draft→submitted",
        "submitted→returned",
        "returned→submitted",
        "submitted→accepted",
    ]
    assert {(e.unit_path, e.is_published) for e in entries} == {(cycle.units.quang_tri.path, False)}
    url = "/nhat-ky/?model=reporting.report"
    assert "Thiếu số liệu" in client_for(cycle.qt_editor).get(url).content.decode()
    assert "Thiếu số liệu" in client_for(cycle.coordinator).get(url).content.decode()
    assert "Thiếu số liệu" not in client_for(cycle.hn_editor).get(url).content.decode()


def _textarea(page: str, key: str) -> str:
    match = re.search(rf'<textarea name="{re.escape(key)}" id="f-{re.escape(key)}">([^<]*)</textarea>', page)
    assert match, key
    return match.group(1)


def test_a_submission_missing_a_field_shows_what_was_typed_and_keeps_it_as_the_draft(
    cycle: Cycle, client_for
) -> None:
    """Submitting with a required field empty said "Chưa lưu", and a reload lost all that was typed."""
    report = cycle.open(cycle.units.quang_tri)
    client = client_for(cycle.qt_editor)
    url = f"/bao-cao/{report.pk}/nhap/"
    typed = {**ANNUAL_VALUES, "su_kien": "15", "phuong_huong": "Mở rộng giao lưu thanh niên, sinh viên."}
    del typed["ket_qua"]
    response = client.post(url, {**typed, "action": "submit", "version": version_of(report)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa nộp" in page and "đã được lưu vào bản nháp" in page
    assert "bắt buộc phải nhập" in page
    assert _shown(page, "su_kien") == "15"
    assert _textarea(page, "phuong_huong") == typed["phuong_huong"]
    report.refresh_from_db()
    assert report.state == "draft" and not report.submissions.exists()
    assert report.values["su_kien"] == "15" and report.values["phuong_huong"] == typed["phuong_huong"]
    # After a reload the typed values are still there.
    again = client.get(url).content.decode()
    assert _shown(again, "su_kien") == "15"


def test_a_submission_with_a_malformed_value_shows_what_was_typed_and_saves_nothing(
    cycle: Cycle, client_for
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    client = client_for(cycle.qt_editor)
    url = f"/bao-cao/{report.pk}/nhap/"
    typed = {**ANNUAL_VALUES, "su_kien": "mười lăm", "phuong_huong": "Mở rộng giao lưu thanh niên."}
    page = client.post(url, {**typed, "action": "submit", "version": version_of(report)}).content.decode()
    assert "Chưa nộp, chưa lưu" in page and "phải là một số" in page
    assert _shown(page, "su_kien") == "mười lăm"
    assert _textarea(page, "phuong_huong") == typed["phuong_huong"]
    report.refresh_from_db()
    assert report.state == "draft" and report.values.get("phuong_huong") is None


def test_the_reviewers_comment_and_the_history_name_the_reviewer_not_the_login(
    cycle: Cycle, client_for
) -> None:
    reviewer = cycle.vufo_reviewer
    reviewer.first_name, reviewer.last_name = "Trần Thu", "Hà"
    reviewer.save(update_fields=["first_name", "last_name"])
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.field_comment_add(
        actor=reviewer,
        report=report,
        field_key="su_kien",
        text="Nêu tên ba sự kiện lớn.",
        now=at(2026, 1, 11),
    )
    services.report_return(actor=reviewer, report=report, reason="Xem nhận xét", now=at(2026, 1, 11))
    client = client_for(cycle.qt_editor)
    entry = client.get(f"/bao-cao/{report.pk}/nhap/").content.decode()
    field = entry[entry.index('id="f-su_kien"') : entry.index('id="f-hoi_huu_nghi"')]
    assert "Trần Thu Hà" in field and "duyet.vufo" not in field
    detail = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert "Trả lại (Trần Thu Hà): Xem nhận xét" in detail
    assert "duyet.vufo" not in detail


def test_a_report_held_back_by_units_below_links_to_their_reports_the_user_may_see(
    cycle: Cycle, client_for
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 5))
    services.report_accept(actor=cycle.vufo_reviewer, report=report, now=at(2026, 1, 6))
    union = cycle.units.quang_tri_union
    start = f"/bao-cao/bieu-mau/{ANNUAL}/{union.pk}/2025/"
    # The coordinator cannot approve yet: the page names the union and leads to its report.
    coordinator = client_for(cycle.coordinator)
    page = coordinator.get(f"/bao-cao/{report.pk}/").content.decode()
    assert f'<a href="{start}">{union.name}</a>' in page
    union_report = cycle.open(union)
    services.report_submit(
        actor=cycle.qt_union_editor, report=union_report, values=ANNUAL_VALUES, now=at(2026, 1, 7)
    )
    followed = coordinator.get(start)
    assert followed.status_code == 302 and followed["Location"] == f"/bao-cao/{union_report.pk}/"
    # VUFO's reviewer does not review the union (Quảng Trị does): its name only, no link to a page refused.
    page = client_for(cycle.vufo_reviewer).get(f"/bao-cao/{report.pk}/").content.decode()
    assert union.name in page and start not in page


def test_the_reports_page_lists_what_the_unit_still_has_to_send(cycle: Cycle, client_for, make_user) -> None:
    returned = cycle.open(cycle.units.quang_tri, "2024")
    services.report_submit(actor=cycle.qt_editor, report=returned, values=ANNUAL_VALUES, now=at(2025, 1, 5))
    services.report_return(
        actor=cycle.vufo_reviewer, report=returned, reason="Thiếu số liệu", now=at(2025, 1, 6)
    )
    page = client_for(cycle.qt_editor).get("/bao-cao/").content.decode()
    # From the menu's "Báo cáo" as from the home page: the returned report and the period not begun.
    owed = page.split('id="bao-cao-can-nop"')[1].split("</section>")[0]
    assert "{#" not in owed and "comment" not in owed  # the shared list's note is not shown
    assert f'href="/bao-cao/{returned.pk}/"' in owed
    assert f'href="/bao-cao/bieu-mau/{ANNUAL}/{cycle.units.quang_tri.pk}/2025/"' in owed
    # A reader of the unit sends nothing, and the coordinator follows completeness instead.
    viewer = client_for(make_user("viewer", cycle.units.quang_tri, username="xem.qt"))
    assert 'id="bao-cao-can-nop"' not in viewer.get("/bao-cao/").content.decode()
    assert 'id="bao-cao-can-nop"' not in client_for(cycle.coordinator).get("/bao-cao/").content.decode()


def test_an_amount_on_the_report_page_names_its_currency_as_the_entry_page_does(
    cycle: Cycle, client_for
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    values = {**ANNUAL_VALUES, "kinh_phi": "1.250.000.000", "vien_tro.giao_duc.usd": "12,5"}
    services.report_submit(actor=cycle.qt_editor, report=report, values=values, now=at(2026, 1, 5))
    entry_label = "Kinh phí đối ngoại nhân dân đã sử dụng (VND)"
    page = client_for(cycle.vufo_reviewer).get(f"/bao-cao/{report.pk}/").content.decode()
    row = page.split('data-field="kinh_phi"')[1].split("</tr>")[0]
    assert f"<td>{entry_label}</td>" in row and "1.250.000.000" in row
    # A table's cell already says its currency in its column's name: not twice.
    cell = page.split('data-field="vien_tro.giao_duc.usd"')[1].split("</tr>")[0]
    assert "Quy đổi USD</td>" in cell and "(USD)" not in cell
