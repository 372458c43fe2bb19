from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from doingoai.accounts.scope import SYSTEM
from doingoai.directory import services as directory_services
from doingoai.reporting import selectors, services
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.models import Assignment
from doingoai.reporting.periods import period_parse
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at

QUARTERLY_VALUES = {"du_an_dang_thuc_hien": "3", "du_an_moi": "1"}


def test_rates_stay_within_100_percent_across_a_merger_in_mid_period(cycle: Cycle) -> None:
    """Two provinces report Q1, merge on 1 July; the merged province reports Q3."""
    make = directory_services.organization_create
    old_a = make(actor=SYSTEM, name="Ủy ban nhân dân tỉnh Cũ A", kind="province", province_code="91")
    old_b = make(actor=SYSTEM, name="Ủy ban nhân dân tỉnh Cũ B", kind="province", province_code="92")
    merged = make(actor=SYSTEM, name="Ủy ban nhân dân tỉnh Mới", kind="province", province_code="96")
    editor = cycle.coordinator
    for unit in (old_a, old_b):
        services.assignment_create(
            actor=SYSTEM, form_code="VTPCP-QUY", unit=unit, start_date=dt.date(2025, 1, 1)
        )
    services.assignment_create(
        actor=SYSTEM, form_code="VTPCP-QUY", unit=merged, start_date=dt.date(2025, 7, 1)
    )
    for unit in (old_a, old_b):
        for quarter, day in (("2025-Q1", at(2025, 4, 5)), ("2025-Q2", at(2025, 7, 3))):
            report = cycle.open(unit, quarter, form="VTPCP-QUY", now=day)
            services.report_submit(actor=editor, report=report, values=QUARTERLY_VALUES, now=day)
        assignment = Assignment.objects.get(unit=unit)
        services.assignment_end(actor=SYSTEM, assignment=assignment, end_date=dt.date(2025, 6, 30))
    q3 = period_parse("2025-Q3")
    with pytest.raises(ReportingError, match="không được phân công"):
        cycle.open(old_a, "2025-Q3", form="VTPCP-QUY", now=at(2025, 10, 2))
    report = services.report_open(
        actor=editor, form_code="VTPCP-QUY", unit=merged, period=q3, now=at(2025, 10, 2)
    )
    services.report_submit(actor=editor, report=report, values=QUARTERLY_VALUES, now=at(2025, 10, 5))

    q1 = selectors.completeness_compute(user=editor, form_code="VTPCP-QUY", period=period_parse("2025-Q1"))
    assert (q1.expected, q1.complete, q1.rate) == (2, 2, 1.0)
    result = selectors.completeness_compute(user=editor, form_code="VTPCP-QUY", period=q3)
    assert [s.unit for s in result.units] == [merged]
    assert (result.expected, result.complete, result.on_time) == (1, 1, 1)
    assert result.rate == 1.0 and result.timely_rate == 1.0
    for period in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"):
        r = selectors.completeness_compute(user=editor, form_code="VTPCP-QUY", period=period_parse(period))
        assert 0 <= r.rate <= 1 and 0 <= r.timely_rate <= 1
        assert r.complete <= r.expected


def test_a_report_of_a_unit_no_longer_assigned_does_not_count(cycle: Cycle) -> None:
    report = cycle.open(cycle.units.ha_noi)
    services.report_submit(actor=cycle.hn_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 5))
    assignment = Assignment.objects.get(unit=cycle.units.ha_noi)
    services.assignment_end(actor=SYSTEM, assignment=assignment, end_date=dt.date(2025, 11, 30))
    result = selectors.completeness_compute(
        user=cycle.coordinator, form_code="DNND-NAM", period=period_parse("2025")
    )
    assert cycle.units.ha_noi not in [s.unit for s in result.units]
    assert result.complete == 0 and result.expected == 4


def test_completeness_counts_first_submission_and_state(cycle: Cycle) -> None:
    on_time = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=on_time, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.report_return(actor=cycle.vufo_reviewer, report=on_time, reason="Bổ sung", now=at(2026, 1, 12))
    late = cycle.open(cycle.units.ha_noi)
    services.report_submit(actor=cycle.hn_editor, report=late, values=ANNUAL_VALUES, now=at(2026, 1, 25))
    cycle.open(cycle.units.vufo)  # a draft is not complete
    result = selectors.completeness_compute(
        user=cycle.coordinator, form_code="DNND-NAM", period=period_parse("2025")
    )
    states = {s.unit.pk: s.state for s in result.units}
    assert states[cycle.units.quang_tri.pk] == "returned"  # returned still counts as submitted once
    assert states[cycle.units.vufo.pk] == "draft"
    assert states[cycle.units.quang_tri_union.pk] == "not_started"
    assert (result.expected, result.complete, result.on_time) == (5, 2, 1)
    assert result.rate == 0.4 and result.timely_rate == 0.2


def test_completeness_page_filters_by_province_and_level_and_cells_open_the_report(
    cycle: Cycle, client_for
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    client = client_for(cycle.coordinator)
    page = client.get("/bao-cao/bieu-mau/DNND-NAM/?year=2025&province=44").content.decode()
    assert f"/bao-cao/{report.pk}/" in page
    assert "Hà Nội" not in page.split('id="completeness-grid"')[1]
    level_one = client.get("/bao-cao/bieu-mau/DNND-NAM/?year=2025&level=1").content.decode()
    grid = level_one.split('id="completeness-grid"')[1]
    assert (
        "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị" in grid
        and "Ủy ban nhân dân tỉnh Quảng Trị" not in grid
    )


def test_completeness_export_writes_formula_like_text_as_text(cycle: Cycle, client_for) -> None:
    evil = directory_services.organization_create(
        actor=SYSTEM, name='=HYPERLINK("http://x")', kind="central", abbreviation="X"
    )
    services.assignment_create(actor=SYSTEM, form_code="DNND-NAM", unit=evil, start_date=dt.date(2024, 1, 1))
    response = client_for(cycle.coordinator).get("/bao-cao/bieu-mau/DNND-NAM/?year=2025&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_unit_history_lists_each_period_with_its_steps(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Thiếu phần kiến nghị", now=at(2026, 1, 12)
    )
    page = (
        client_for(cycle.coordinator)
        .get(f"/bao-cao/don-vi/{cycle.units.quang_tri.pk}/DNND-NAM/")
        .content.decode()
    )
    assert "Thiếu phần kiến nghị" in page and "10/01/2026" in page


def test_completeness_export_keeps_dates_as_dates_and_rates_as_percentages(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    response = client_for(cycle.coordinator).get("/bao-cao/bieu-mau/DNND-NAM/?year=2025&format=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    grid = book["Tình hình nộp"]
    header = [c.value for c in grid[1]]
    submitted, due = header.index("Nộp lần đầu") + 1, header.index("Hạn nộp") + 1
    row = next(
        r
        for r in grid.iter_rows(min_row=2)
        if (r[0].value, r[2].value) == ("2025", cycle.units.quang_tri.name)
    )
    assert row[submitted - 1].value == dt.datetime(2026, 1, 10)
    assert row[submitted - 1].number_format == "DD/MM/YYYY"
    assert row[due - 1].value == dt.datetime(2026, 1, 15) and row[due - 1].number_format == "DD/MM/YYYY"
    rates = book["Tỷ lệ"]
    line = next(r for r in rates.iter_rows(min_row=2) if r[0].value == "2025")
    assert 0 < line[4].value < 1 and line[4].number_format == "0.0%"
    # The counts are grouped as in every export: 3.321 communes, not 3321, in a Vietnamese Excel.
    assert [c.number_format for c in line[1:4]] == ["#,##0"] * 3 and line[1].value >= line[2].value > 0


def test_a_period_not_yet_due_is_marked_so_with_its_due_date(cycle: Cycle) -> None:
    """On 07/12/2026 the page showed "quý 4/2026: 34 phải nộp, 0%" and "năm 2026: 104, 0%"."""
    today = dt.date(2026, 12, 7)
    year = selectors.completeness_compute(
        user=cycle.coordinator, form_code="DNND-NAM", period=period_parse("2026"), today=today
    )
    assert year.expected == 5 and year.not_yet_due and year.due_date == dt.date(2027, 1, 15)
    # The last day of the deadline is still within it; the day after, the period is judged.
    last_day = selectors.completeness_compute(
        user=cycle.coordinator, form_code="DNND-NAM", period=period_parse("2025"), today=dt.date(2026, 1, 15)
    )
    assert last_day.not_yet_due
    judged = selectors.completeness_compute(
        user=cycle.coordinator, form_code="DNND-NAM", period=period_parse("2025"), today=dt.date(2026, 1, 16)
    )
    assert not judged.not_yet_due and judged.rate == 0.0


def test_the_completeness_page_shows_a_period_not_yet_due_as_such_not_as_zero_percent(
    cycle: Cycle, client_for
) -> None:
    client = client_for(cycle.coordinator)
    page = client.get("/bao-cao/bieu-mau/DNND-NAM/?year=2090").content.decode()
    row = page[page.index('<tr data-period="2090">') :]
    row = row[: row.index("</tr>")]
    assert "Chưa đến hạn (hạn nộp 15/01/2091)" in row and "%" not in row
    response = client.get("/bao-cao/bieu-mau/DNND-NAM/?year=2090&format=xlsx")
    rates = load_workbook(io.BytesIO(response.content))["Tỷ lệ"]
    line = next(r for r in rates.iter_rows(min_row=2) if r[0].value == "2090")
    assert line[1].value == 5 and line[4].value is None and line[5].value is None
    assert line[6].value == dt.datetime(2091, 1, 15) and line[7].value == "chưa đến hạn"


@pytest.mark.parametrize(
    ("today", "annual", "quarterly"),
    [
        (dt.date(2026, 12, 7), 2026, 2026),  # 2026's reports may be sent from 1 December, Q4's too
        (dt.date(2026, 11, 30), 2025, 2026),  # the day before: Q3 2026 is being reported
        (dt.date(2026, 2, 10), 2025, 2025),  # Q4 2025 is being reported
    ],
)
def test_the_completeness_page_opens_on_the_year_of_the_cycle_being_reported(
    cycle: Cycle, client_for, monkeypatch: pytest.MonkeyPatch, today: dt.date, annual: int, quarterly: int
) -> None:
    """On 07/12/2026 the quarterly aid report's page opened on 2025, 2026's three quarters out of sight."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    client = client_for(cycle.hn_editor)
    assert client.get("/bao-cao/bieu-mau/DNND-NAM/").context["year"] == annual
    page = client.get("/bao-cao/bieu-mau/VTPCP-QUY/")
    assert page.context["year"] == quarterly
    assert f'<tr data-period="{quarterly}-Q1">' in page.content.decode()
    assert client.get("/bao-cao/bieu-mau/VTPCP-QUY/?year=2024").context["year"] == 2024  # a year chosen stays


def _remind(client, period: str = "2025", **extra: str):
    return client.post("/bao-cao/bieu-mau/DNND-NAM/nhac-nop/", {"period": period, **extra}, follow=True)


def test_a_coordinator_reminds_the_units_whose_annual_report_is_overdue(
    cycle: Cycle, client_for, make_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 10/02/2026 the completeness page showed who was late, with no way to chase them."""
    from doingoai.notifications.models import Notification

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: dt.date(2026, 2, 10))
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    client = client_for(cycle.coordinator)
    page = client.get("/bao-cao/bieu-mau/DNND-NAM/?year=2025").content.decode()
    # Hà Nội and both unions are late; VUFO is late too, but it is the coordinator's own unit.
    assert 'data-remind="2025">Nhắc 3 đơn vị quá hạn</button>' in page
    # The page says why the count can be short of the late units: the sender's own is left out.
    assert "không kể đơn vị của chính bạn" in page

    response = _remind(client)
    said = [str(m) for m in response.context["messages"]]
    assert said[0] == "Đã nhắc 2 đơn vị quá hạn nộp báo cáo DNND-NAM năm 2025 (2 người nhận)."
    assert said[1].startswith("1 đơn vị chưa có biên tập viên nên không ai nhận được lời nhắc.")
    assert "<li><a href=" in said[1] and "Liên hiệp các tổ chức hữu nghị thành phố Hà Nội</a></li>" in said[1]
    notes = Notification.objects.filter(kind="report_chased")
    assert {n.user.username for n in notes} == {"bientap.hn", "bientap.lhhn.qt"}
    hanoi = notes.get(user=cycle.hn_editor)
    assert hanoi.text.startswith("Nhắc nộp: báo cáo DNND-NAM năm 2025 của Ủy ban nhân dân thành phố Hà Nội")
    assert "quá hạn (hạn ngày 15/01/2026). Liên hiệp các tổ chức hữu nghị Việt Nam đề nghị" in hanoi.text
    assert hanoi.url == f"/bao-cao/bieu-mau/DNND-NAM/{cycle.units.ha_noi.pk}/2025/"
    assert response.redirect_chain[-1][0] == "/bao-cao/bieu-mau/DNND-NAM/?year=2025"

    again = _remind(client)
    assert Notification.objects.filter(kind="report_chased").count() == 2  # once a day
    assert str(next(iter(again.context["messages"]))).startswith(
        "2 đơn vị đã được nhắc hôm nay rồi, không nhắc lại."
    )
    assert "Không có đơn vị nào quá hạn" in str(next(iter(_remind(client, "2026").context["messages"])))


def test_a_province_reminds_only_its_own_units_and_a_viewer_none(
    cycle: Cycle, client_for, make_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    from doingoai.notifications.models import Notification

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: dt.date(2026, 2, 10))
    _remind(client_for(cycle.qt_editor))
    assert [n.user for n in Notification.objects.filter(kind="report_chased")] == [cycle.qt_union_editor]
    viewer = client_for(make_user("viewer", cycle.units.vufo))
    viewer_page = viewer.get("/bao-cao/bieu-mau/DNND-NAM/?year=2025").content.decode()
    assert "data-remind" not in viewer_page and "không kể đơn vị của chính bạn" not in viewer_page
    assert viewer.post("/bao-cao/bieu-mau/DNND-NAM/nhac-nop/", {"period": "2025"}).status_code == 403
    wrong = _remind(client_for(cycle.coordinator), "2025-Q1")
    assert [str(m) for m in wrong.context["messages"]] == [
        "Biểu mẫu này báo cáo theo năm; kỳ “2025-Q1” không phù hợp."
    ]


def test_a_reminder_is_in_the_audit_log_as_who_reminded_which_unit_for_which_period(
    cycle: Cycle, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every other act on a unit's behalf was audited; 'Nhắc nộp' left no trace of who chased whom."""
    from doingoai.audit.models import AuditEntry

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: dt.date(2026, 2, 10))
    client = client_for(cycle.coordinator)
    _remind(client)
    entries = AuditEntry.objects.filter(content_type__model="overduereminder")
    assert sorted(e.object_repr for e in entries) == [
        "DNND-NAM 2025 — Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị",
        "DNND-NAM 2025 — Ủy ban nhân dân thành phố Hà Nội",
        "DNND-NAM 2025 — Ủy ban nhân dân tỉnh Quảng Trị",
    ]  # not Hà Nội's union: it has no editor, so nobody there was reminded
    assert {(e.actor_username, e.action) for e in entries} == {("dieuphoi", "create")}
    _remind(client)  # the same day: nobody is reminded again, so nothing more is logged
    assert entries.count() == 3

    page = client.get("/nhat-ky/", {"model": "reporting.overduereminder"}).content.decode()
    assert "Lời nhắc nộp báo cáo: DNND-NAM 2025 — Ủy ban nhân dân thành phố Hà Nội" in page
    for shown in (
        "<strong>Đơn vị được nhắc</strong>: <ins>Ủy ban nhân dân thành phố Hà Nội</ins>",
        "<strong>Kỳ báo cáo</strong>: <ins>năm 2025</ins>",
        "<strong>Hạn nộp</strong>: <ins>15/01/2026</ins>",
        "<strong>Số người nhận</strong>: <ins>1</ins>",
        "<strong>Người nhắc</strong>: <ins>dieuphoi</ins>",
    ):
        assert shown in page
    # Read like the reminded unit's report: its own editors see it, another province's do not.
    hanoi = client_for(cycle.hn_editor).get("/nhat-ky/", {"model": "reporting.overduereminder"})
    assert "Ủy ban nhân dân thành phố Hà Nội" in hanoi.content.decode()
    assert "tỉnh Quảng Trị" not in hanoi.content.decode()


def test_a_reminder_sent_from_an_english_page_reaches_the_units_in_vietnamese(
    cycle: Cycle, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coordinator browsing in English sent 'Reminder: report … is overdue' to Vietnamese editors."""
    from django.conf import settings

    from doingoai.notifications.models import Notification

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: dt.date(2026, 2, 10))
    client = client_for(cycle.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    said = [str(m) for m in _remind(client).context["messages"]]
    assert said[0].startswith("Reminded 3 ")  # the sender reads the outcome in their own language
    note = Notification.objects.get(kind="report_chased", user=cycle.hn_editor).text
    assert note == (
        "Nhắc nộp: báo cáo DNND-NAM năm 2025 của Ủy ban nhân dân thành phố Hà Nội đã quá hạn"
        " (hạn ngày 15/01/2026). Liên hiệp các tổ chức hữu nghị Việt Nam đề nghị đơn vị"
        " hoàn thành và nộp sớm."
    )


def test_an_editor_who_chose_english_is_reminded_in_english_and_a_colleague_in_vietnamese(
    cycle: Cycle, client_for, make_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes were worded in the site's language: an editor who had chosen English still got Vietnamese."""
    from doingoai.notifications.models import Notification

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: dt.date(2026, 2, 10))
    colleague = make_user("editor", cycle.units.ha_noi, username="bientap.hn.2")
    english = client_for(cycle.hn_editor)
    assert english.post("/ngon-ngu/", {"language": "en", "next": "/"}).status_code == 302
    assert english.get("/").headers["Content-Language"] == "en"
    _remind(client_for(cycle.coordinator))  # one reminder, sent from a Vietnamese page
    notes = {n.user.username: n.text for n in Notification.objects.filter(kind="report_chased")}
    assert notes[cycle.hn_editor.username] == (
        "Reminder: report DNND-NAM year 2025 of Ủy ban nhân dân thành phố Hà Nội is overdue"
        " (due 15/01/2026). Liên hiệp các tổ chức hữu nghị Việt Nam asks the unit to complete and submit"
        " it soon."
    )
    for vietnamese in (colleague.username, cycle.qt_union_editor.username):
        assert notes[vietnamese].startswith("Nhắc nộp: báo cáo DNND-NAM năm 2025 của ")
    # Switching back is kept too: the next note is Vietnamese again.
    english.post("/ngon-ngu/", {"language": "vi", "next": "/"})
    cycle.hn_editor.refresh_from_db()
    assert cycle.hn_editor.language == "vi"


def test_units_without_an_editor_are_counted_and_listed_with_what_to_do(
    cycle: Cycle, client_for, make_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After 'Nhắc 101 đơn vị', 99 units without an editor came as one paragraph of names, and no advice."""
    import html
    import re

    from doingoai.directory.models import Organization

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: dt.date(2026, 2, 10))
    lacking = [cycle.units.ha_noi_union]
    for number in range(1, 8):
        unit = directory_services.organization_create(
            actor=SYSTEM, name=f"Đại sứ quán Việt Nam tại Nước Số {number}", kind="central"
        )
        services.assignment_create(
            actor=SYSTEM, form_code="DNND-NAM", unit=unit, start_date=dt.date(2024, 1, 1), due_days=15
        )
        lacking.append(unit)
    page = _remind(client_for(cycle.coordinator)).content.decode()
    [warning] = re.findall(r'<li class="message message-warning"[^>]*>(.*?)</details>\s*</li>', page, re.S)
    assert warning.startswith("8 đơn vị chưa có biên tập viên nên không ai nhận được lời nhắc.")
    assert "cần một tài khoản với vai trò “Biên tập viên đơn vị” để nhận lời nhắc" in html.unescape(warning)
    assert "đề nghị quản trị hệ thống tạo tài khoản" in warning
    # The names are a list to open (closed when long), each a link to the unit's page in the directory.
    assert '<details class="units-said"><summary>Danh sách 8 đơn vị</summary>' in warning
    items = re.findall(r'<li><a href="/danh-ba/don-vi/(\d+)/">([^<]+)</a></li>', warning)
    assert sorted(int(pk) for pk, _name in items) == sorted(u.pk for u in lacking)
    names = [name for _pk, name in items]  # in the order of a Vietnamese dictionary, Đ after D
    assert names[0] == "Đại sứ quán Việt Nam tại Nước Số 1" and names[-1].startswith("Liên hiệp")
    assert "/quan-tri/" not in warning  # a coordinator does not create accounts: no link to a refusal

    # Someone who may create accounts gets, beside each unit, the new-account form filled in for it.
    admin = make_user("coordinator", cycle.units.vufo, username="quantri.dieuphoi")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    again = _remind(client_for(admin)).content.decode()
    hanoi_union = cycle.units.ha_noi_union.pk
    new_account = f"/quan-tri/accounts/user/add/?unit={hanoi_union}&amp;role=editor"
    assert f'href="{new_account}">Tạo tài khoản biên tập viên</a>' in again and "rồi nhắc lại." in again
    form = (
        client_for(admin).get(f"/quan-tri/accounts/user/add/?unit={hanoi_union}&role=editor").content.decode()
    )
    assert re.search(rf'<option value="{hanoi_union}" selected>', form)
    assert re.search(r'<option value="editor" selected>', form)
    assert Organization.objects.get(pk=hanoi_union).name in form


def test_a_reminder_of_one_unit_says_unit_and_recipient_in_the_singular_in_english(
    cycle: Cycle, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Reminded 1 units … (1 recipients)': the English outcome ignored the plural."""
    from django.conf import settings

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: dt.date(2026, 2, 10))
    client = client_for(cycle.qt_editor)  # Quảng Trị has one unit below it, with one editor
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    said = [str(m) for m in _remind(client).context["messages"]]
    assert said[0] == "Reminded 1 unit overdue with report DNND-NAM year 2025 (1 recipient)."


def test_a_coordinator_reminds_one_late_unit_from_its_cell(
    cycle: Cycle, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page reminded every late unit of a period at once: one unit could not be chased alone."""
    from doingoai.notifications.models import Notification

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: dt.date(2026, 2, 10))
    client = client_for(cycle.coordinator)
    hanoi = cycle.units.ha_noi.pk
    page = client.get("/bao-cao/bieu-mau/DNND-NAM/?year=2025").content.decode()
    assert f'data-remind-unit="{hanoi}-2025"' in page
    # The coordinator's own unit is late too, but has no button: nobody reminds their own unit.
    assert f'data-remind-unit="{cycle.units.vufo.pk}-2025"' not in page

    response = _remind(client, unit=str(hanoi), year="2026")
    said = [str(m) for m in response.context["messages"]]
    assert said == ["Đã nhắc 1 đơn vị quá hạn nộp báo cáo DNND-NAM năm 2025 (1 người nhận)."]
    # Back on the page the button was pressed on (2026's shows 2025 as a column), not on 2025's.
    assert response.redirect_chain[-1][0] == "/bao-cao/bieu-mau/DNND-NAM/?year=2026"
    assert [n.user for n in Notification.objects.filter(kind="report_chased")] == [cycle.hn_editor]
    # A unit not late (or out of reach) is reminded of nothing.
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    quiet = _remind(client, unit=str(cycle.units.quang_tri.pk))
    assert "Không có đơn vị nào quá hạn" in str(next(iter(quiet.context["messages"])))
    assert Notification.objects.filter(kind="report_chased").count() == 1
