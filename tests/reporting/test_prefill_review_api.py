from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from doingoai.api.services import token_create
from doingoai.reporting import services
from doingoai.reporting.periods import period_parse
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at


def test_aid_figures_prefill_from_the_registry_with_a_link_to_the_transactions(
    cycle: Cycle, project_factory: Any, client_for
) -> None:
    # 1,000,000 USD at 25,000 VND, 60% education (11xxx) and 40% health (12xxx), in Quảng Trị.
    project_factory(
        "XX-T-1", sectors=(("11220", 60), ("12220", 40)), value="1000000", day=dt.date(2025, 3, 1)
    )
    project_factory("XX-T-2", province="Hà Nội", value="500000", day=dt.date(2025, 3, 1))
    report = services.report_open(
        actor=cycle.qt_editor,
        form_code="DNND-NAM",
        unit=cycle.units.quang_tri,
        period=period_parse("2025"),
        now=at(2026, 1, 2),
    )
    assert report.values["vien_tro.giao_duc.vnd"] == "15000000000"
    assert report.values["vien_tro.y_te.vnd"] == "10000000000"
    assert report.values["vien_tro.giao_duc.usd"] == "600000"
    assert report.values["vien_tro.khac.vnd"] == "0"
    page = client_for(cycle.qt_editor).get(f"/bao-cao/{report.pk}/nhap/").content.decode()
    assert "/vien-tro/giao-dich/?year=2025&amp;measure=commitment&amp;province=44" in page


def test_quarterly_prefill_takes_only_the_quarters_transactions(cycle: Cycle, project_factory: Any) -> None:
    from doingoai.accounts.scope import SYSTEM

    services.assignment_create(
        actor=SYSTEM, form_code="VTPCP-QUY", unit=cycle.units.quang_tri, start_date=dt.date(2025, 1, 1)
    )
    project_factory("XX-T-3", sectors=(("74020", 100),), value="200000", day=dt.date(2025, 5, 10))
    q1 = cycle.open(cycle.units.quang_tri, "2025-Q1", form="VTPCP-QUY")
    q2 = cycle.open(cycle.units.quang_tri, "2025-Q2", form="VTPCP-QUY")
    assert q1.values["cam_ket.nhan_dao.usd"] == "0"
    assert q2.values["cam_ket.nhan_dao.usd"] == "200000"


def test_review_shows_changes_since_last_submission_and_last_years_approved_figures(
    cycle: Cycle, client_for
) -> None:
    union24 = cycle.open(cycle.units.quang_tri_union, "2024", now=at(2025, 1, 2))
    last = cycle.open(cycle.units.quang_tri, "2024", now=at(2025, 1, 2))
    for report, editor, reviewer in (
        (union24, cycle.qt_union_editor, cycle.qt_editor),
        (last, cycle.qt_editor, cycle.vufo_reviewer),
    ):
        services.report_submit(
            actor=editor, report=report, values={**ANNUAL_VALUES, "su_kien": "8"}, now=at(2025, 1, 5)
        )
        services.report_accept(actor=reviewer, report=report, now=at(2025, 1, 6))
        services.report_approve(actor=reviewer, report=report, now=at(2025, 1, 7))
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 5))
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Kiểm tra số đoàn ra", now=at(2026, 1, 6)
    )
    services.report_submit(
        actor=cycle.qt_editor, report=report, values={**ANNUAL_VALUES, "doan_ra": "7"}, now=at(2026, 1, 7)
    )
    services.field_comment_add(
        actor=cycle.vufo_reviewer,
        report=report,
        field_key="doan_ra",
        text="Đã khớp với quyết định cử đoàn",
        now=at(2026, 1, 8),
    )
    page = client_for(cycle.vufo_reviewer).get(f"/bao-cao/{report.pk}/").content.decode()
    doan_ra = page.split('data-field="doan_ra"')[1].split("</tr>")[0]
    assert (
        'class="changed"'
        in page.split('data-field="doan_ra"')[0][-40:] + page.split('data-field="doan_ra"')[1][:20]
    )
    assert "đã sửa" in doan_ra and "Đã khớp với quyết định cử đoàn" in doan_ra
    su_kien = page.split('data-field="su_kien"')[1].split("</tr>")[0]
    assert "<td>8</td>" in su_kien and "<td>4</td>" in su_kien and "50,0%" in su_kien  # 12 vs 8


def test_api_forms_completeness_and_submit(cycle: Cycle, client) -> None:
    _token, secret = token_create(actor=cycle.qt_editor, user=cycle.qt_editor, name="kịch bản")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    forms = client.get("/api/reporting/forms", **auth).json()
    assert {
        "code": "DNND-NAM",
        "name": "Báo cáo công tác đối ngoại nhân dân năm của đơn vị",
        "period_type": "year",
        "version": 1,
    } in forms
    report = cycle.open(cycle.units.quang_tri)
    bad = client.post(
        f"/api/reporting/reports/{report.pk}/submit",
        data={"values": {**ANNUAL_VALUES, "doan_ra": "x"}},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and "Số đoàn ra nước ngoài" in bad.json()["detail"]
    done = client.post(
        f"/api/reporting/reports/{report.pk}/submit",
        data={"values": ANNUAL_VALUES},
        content_type="application/json",
        **auth,
    )
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    detail = client.get(f"/api/reporting/reports/{report.pk}", **auth).json()
    assert detail["values"]["doan_vao"] == "6" and detail["first_submitted"]
    result = client.get("/api/reporting/completeness?form=DNND-NAM&period=2025", **auth).json()
    assert set(result) == {
        "form",
        "period",
        "expected",
        "complete",
        "on_time",
        "due_date",
        "not_yet_due",
        "rate",
        "timely_rate",
        "units",
    }
    assert (result["expected"], result["complete"]) == (2, 1)  # Quảng Trị and its union, in scope
    assert (result["rate"], result["not_yet_due"]) == (0.5, False)
    unit = next(u for u in result["units"] if u["unit_id"] == cycle.units.quang_tri.pk)
    assert (
        set(unit) == {"unit_id", "unit", "state", "first_submitted", "on_time", "due_date"}
        and unit["state"] == "submitted"
    )
    assert client.get("/api/reporting/completeness?form=DNND-NAM&period=2025-Q1", **auth).status_code == 400


def test_api_assignments_stay_within_scope(cycle: Cycle, client) -> None:
    _token, secret = token_create(actor=cycle.hn_editor, user=cycle.hn_editor, name="kịch bản")
    rows = client.get(
        "/api/reporting/assignments?form=DNND-NAM", HTTP_AUTHORIZATION=f"Bearer {secret}"
    ).json()
    assert {r["unit_id"] for r in rows["items"]} == {cycle.units.ha_noi.pk, cycle.units.ha_noi_union.pk}
    assert rows["items"][0]["due_days"] == 15


def test_api_submit_with_a_misspelt_key_is_refused_and_submits_nothing(cycle: Cycle, client) -> None:
    _token, secret = token_create(actor=cycle.qt_editor, user=cycle.qt_editor, name="kịch bản")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    report = cycle.open(cycle.units.quang_tri)
    services.report_save(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 3))
    for body in ({"value": {**ANNUAL_VALUES, "doan_ra": "9"}}, [ANNUAL_VALUES], '"nộp"'):
        response = client.post(
            f"/api/reporting/reports/{report.pk}/submit", data=body, content_type="application/json", **auth
        )
        assert response.status_code == 422, body
    report.refresh_from_db()
    assert report.state == "draft" and report.values["doan_ra"] == "4"


def test_api_report_list_refuses_an_unknown_state_or_form_in_words(cycle: Cycle, client) -> None:
    _token, secret = token_create(actor=cycle.qt_editor, user=cycle.qt_editor, name="kịch bản")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    cycle.open(cycle.units.quang_tri)
    assert client.get("/api/reporting/reports?state=draft", **auth).status_code == 200
    bad_state = client.get("/api/reporting/reports?state=zzz", **auth)
    assert bad_state.status_code == 400 and "Tham số “state” = zzz" in bad_state.json()["detail"]
    bad_form = client.get("/api/reporting/reports?form=XYZ", **auth)
    assert bad_form.status_code == 400 and "Tham số “form” = XYZ" in bad_form.json()["detail"]


def test_api_refuses_out_of_range_ids_years_and_unknown_forms_in_words(cycle: Cycle, client) -> None:
    _token, secret = token_create(actor=cycle.qt_editor, user=cycle.qt_editor, name="kịch bản")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    cycle.open(cycle.units.quang_tri)
    for url in (
        "/api/reporting/reports?unit=9223372036854775808",
        "/api/reporting/reports?unit=-5",
        "/api/reporting/reports/9223372036854775808",
    ):
        answer = client.get(url, **auth)
        assert answer.status_code == 422, url
        assert "Tham số" in answer.json()["detail"][0]["msg"]
    for period in ("0000", "9999", "0000-Q1"):
        answer = client.get(f"/api/reporting/completeness?form=DNND-NAM&period={period}", **auth)
        assert answer.status_code == 400, period
        assert "không hợp lệ" in answer.json()["detail"]
    for url in ("/api/reporting/completeness?form=XYZ&period=2025", "/api/reporting/assignments?form=XYZ"):
        answer = client.get(url, **auth)
        assert answer.status_code == 400 and "Tham số “form” = XYZ" in answer.json()["detail"], url


def test_api_refuses_a_nul_character_in_a_reports_text(cycle: Cycle, client) -> None:
    from doingoai.reporting.formspec import TEXT

    _token, secret = token_create(actor=cycle.qt_editor, user=cycle.qt_editor, name="kịch bản")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    report = cycle.open(cycle.units.quang_tri)
    text_key = next(f.key for f in report.form.spec.fields() if f.kind == TEXT)
    answer = client.post(
        f"/api/reporting/reports/{report.pk}/submit",
        {"values": {text_key: "có\u0000ký tự rỗng"}},
        content_type="application/json",
        **auth,
    )
    assert answer.status_code == 400 and "NUL" in answer.json()["detail"]


def test_the_schema_names_a_periodic_report_and_a_tasks_progress_report_apart(client) -> None:
    schema = client.get("/api/openapi.json").json()
    names = set(schema["components"]["schemas"])
    assert {"PeriodicReportOut", "ProgressReportOut"} <= names and "ReportOut" not in names
    task_reports = schema["paths"]["/api/tasks/{task_id}/reports"]["get"]["responses"]["200"]
    assert "ProgressReportOut" in str(task_reports)


def test_api_submit_refuses_a_number_beyond_any_sane_figure(cycle: Cycle, client) -> None:
    _token, secret = token_create(actor=cycle.qt_editor, user=cycle.qt_editor, name="kịch bản")
    report = cycle.open(cycle.units.quang_tri)
    response = client.post(
        f"/api/reporting/reports/{report.pk}/submit",
        data={"values": {**ANNUAL_VALUES, "su_kien": 10**25, "kinh_phi": "100000000000000000000"}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "quá lớn: phải nhỏ hơn 1.000.000.000 (phần nguyên tối đa 9 chữ số)" in detail
    assert "quá lớn: phải nhỏ hơn 1.000.000.000.000.000 (phần nguyên tối đa 15 chữ số)" in detail
    report.refresh_from_db()
    assert report.state == "draft"


def test_api_completeness_of_a_period_not_yet_due_has_no_rate(
    cycle: Cycle, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before the due date nobody has failed yet: the page says "Chưa đến hạn", and the API gives
    # no rate rather than a 0 % that reads as every unit late.
    _token, secret = token_create(actor=cycle.qt_editor, user=cycle.qt_editor, name="kịch bản")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    due = client.get("/api/reporting/completeness?form=DNND-NAM&period=2025", **auth).json()["due_date"]
    day = dt.date.fromisoformat(due)
    for today, waiting in (
        (day - dt.timedelta(days=1), True),
        (day, True),
        (day + dt.timedelta(days=1), False),
    ):
        monkeypatch.setattr(timezone, "localdate", lambda *args, today=today, **kwargs: today)
        result = client.get("/api/reporting/completeness?form=DNND-NAM&period=2025", **auth).json()
        assert result["not_yet_due"] is waiting, today
        assert (result["rate"] is None, result["timely_rate"] is None) == (waiting, waiting), today
        assert result["expected"] == 2 and all(u["due_date"] for u in result["units"])


def test_api_submit_before_the_periods_last_month_is_refused_in_words(
    cycle: Cycle, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API submits through the same rule as the page: a year's report goes in from 1 December."""
    _token, secret = token_create(actor=cycle.qt_editor, user=cycle.qt_editor, name="kịch bản")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    report = cycle.open(cycle.units.quang_tri, "2026", now=at(2026, 3, 2))
    monkeypatch.setattr("doingoai.reporting.api.timezone.now", lambda: at(2026, 3, 2))
    response = client.post(
        f"/api/reporting/reports/{report.pk}/submit",
        data={"values": ANNUAL_VALUES},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 400
    assert "báo cáo năm 2026 nộp được từ ngày 01/12/2026" in response.json()["detail"]
    report.refresh_from_db()
    assert report.state == "draft" and report.first_submitted_at is None
