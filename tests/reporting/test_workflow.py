from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from doingoai.accounts.models import User
from doingoai.accounts.scope import SYSTEM
from doingoai.audit.models import AuditEntry
from doingoai.notifications.models import Notification
from doingoai.reporting import selectors, services
from doingoai.reporting.errors import ReportingError, ReportValuesError
from doingoai.reporting.models import Report, ReportState
from doingoai.reporting.periods import period_parse
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at, version_of


def _grant(user: User, *codenames: str) -> User:
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="reporting", codename__in=codenames)
    )
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


def _approved(cycle: Cycle, report: Report, editor: User, reviewer: User, day: int = 5) -> Report:
    services.report_submit(actor=editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, day))
    services.report_accept(actor=reviewer, report=report, now=at(2026, 1, day + 1))
    return services.report_approve(actor=reviewer, report=report, now=at(2026, 1, day + 2))


def test_returned_report_without_a_reason_is_refused(cycle: Cycle) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    for reason in ("", "   "):
        with pytest.raises(ReportingError, match="lý do"):
            services.report_return(
                actor=cycle.vufo_reviewer, report=report, reason=reason, now=at(2026, 1, 11)
            )
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_return_page_without_a_reason_leaves_the_report_submitted(cycle: Cycle, client_for) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    response = client_for(cycle.vufo_reviewer).post(
        f"/bao-cao/{report.pk}/xu-ly/",
        {"action": "return", "reason": "", "version": version_of(report)},
        follow=True,
    )
    assert "Hãy ghi lý do trả lại báo cáo." in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_resubmitting_a_returned_report_takes_the_return_note_off_the_units_bells(
    cycle: Cycle, make_user
) -> None:
    colleague = make_user("editor", cycle.units.quang_tri, username="bientap2.quangtri")
    report = cycle.open(cycle.units.quang_tri)

    def unread(user: User) -> list[str]:
        return list(
            Notification.objects.filter(user=user, read_at__isnull=True).values_list("text", flat=True)
        )

    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Thiếu số đoàn", now=at(2026, 1, 11)
    )
    for editor in (cycle.qt_editor, colleague):
        [note] = unread(editor)
        assert note.startswith("Bị trả lại") and "Thiếu số đoàn" in note
    services.report_submit(actor=colleague, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 12))
    assert unread(cycle.qt_editor) == unread(colleague) == []
    # Returned a second time: a new note, which the next resubmission settles in turn.
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Sai số sự kiện", now=at(2026, 1, 13)
    )
    [again] = unread(cycle.qt_editor)
    assert "Sai số sự kiện" in again
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 14))
    assert unread(cycle.qt_editor) == []
    assert Notification.objects.filter(user=cycle.qt_editor, text__startswith="Bị trả lại").count() == 2


def _note_before_keys(
    user: User, report: Report, when: dt.datetime, kind: str = "report_returned"
) -> Notification:
    """Write a return's note as it was written before returns had keys: no key, leading to the report."""
    return Notification.objects.create(
        user=user,
        kind=kind,
        text=f"Bị trả lại: {report}. Lý do: Thiếu số liệu",
        url=f"/bao-cao/{report.pk}/",
        created_at=when,
    )


def _unread(*notes: Notification) -> list[bool]:
    return [Notification.objects.get(pk=n.pk).read_at is None for n in notes]


def test_resubmitting_also_settles_the_return_notes_written_before_returns_had_keys(
    cycle: Cycle, make_user
) -> None:
    """Return notes written before returns had keys stayed unread after the report was resubmitted."""
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.report_return(actor=cycle.vufo_reviewer, report=report, reason="Kiểm tra", now=at(2026, 1, 11))
    colleague = make_user("editor", cycle.units.quang_tri, username="bientap2.quangtri")
    old = _note_before_keys(colleague, report, at(2025, 12, 20))
    # Neither another report's old note nor another kind of note leading to the same page is touched.
    other = cycle.open(cycle.units.ha_noi)
    elsewhere = _note_before_keys(cycle.hn_editor, other, at(2025, 12, 20))
    accepted = _note_before_keys(colleague, report, at(2025, 12, 20), kind="report_accepted")
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 12))
    assert _unread(old, elsewhere, accepted) == [False, True, True]
    assert not Notification.objects.filter(kind="report_returned", read_at__isnull=True, user=cycle.qt_editor)


def test_the_migration_settles_the_keyless_return_notes_of_reports_submitted_since(cycle: Cycle) -> None:
    """Reports resubmitted before the fix may never be submitted again: their old notes need a sweep."""
    import importlib

    from django.apps import apps as django_apps

    acted_on = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=acted_on, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    waiting = cycle.open(cycle.units.ha_noi)
    services.report_submit(actor=cycle.hn_editor, report=waiting, values=ANNUAL_VALUES, now=at(2026, 1, 5))
    settled = _note_before_keys(
        cycle.qt_editor, acted_on, at(2026, 1, 8)
    )  # returned, then submitted on 10/01
    still = _note_before_keys(cycle.hn_editor, waiting, at(2026, 1, 8))  # returned, not submitted since
    gone = _note_before_keys(cycle.hn_editor, waiting, at(2026, 1, 8))
    Notification.objects.filter(pk=gone.pk).update(url="/bao-cao/999999/")  # its report no longer exists
    keyed = Notification.objects.create(
        user=cycle.qt_editor,
        kind="report_returned",
        text="Bị trả lại",
        url=f"/bao-cao/{acted_on.pk}/",
        key=f"report-returned:{acted_on.pk}:9",
        created_at=at(2026, 1, 8),
    )
    migration = importlib.import_module("doingoai.reporting.migrations.0004_settle_keyless_return_notes")
    for operation in migration.Migration.operations:
        operation.code(django_apps, None)
    assert _unread(settled, still, gone, keyed) == [False, True, True, True]


@pytest.mark.parametrize(
    ("first", "second", "on_time"),
    [
        (at(2026, 1, 10), at(2026, 2, 20), True),  # on time, returned, resubmitted late: still on time
        (at(2026, 1, 15, 23), at(2026, 3, 1), True),  # the last evening of the due day counts
        (at(2026, 1, 20), at(2026, 1, 21), False),  # late stays late after a quick resubmission
    ],
)
def test_resubmission_does_not_change_timeliness(
    cycle: Cycle, first: dt.datetime, second: dt.datetime, on_time: bool
) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=first)
    services.report_return(actor=cycle.vufo_reviewer, report=report, reason="Bổ sung số liệu", now=first)
    services.report_submit(
        actor=cycle.qt_editor, report=report, values={**ANNUAL_VALUES, "doan_ra": "5"}, now=second
    )
    report.refresh_from_db()
    assert report.first_submitted_at == first
    assert report.submitted_at == second
    assert report.on_time is on_time
    assert report.submissions.count() == 2
    from doingoai.reporting.periods import period_parse

    result = selectors.completeness_compute(
        user=cycle.coordinator, form_code="DNND-NAM", period=period_parse("2025")
    )
    assert result.on_time == (1 if on_time else 0)


def test_approved_report_cannot_be_edited_without_a_lock_exception(cycle: Cycle) -> None:
    union = cycle.open(cycle.units.quang_tri_union)
    _approved(cycle, union, cycle.qt_union_editor, cycle.qt_editor)
    report = cycle.open(cycle.units.quang_tri)
    _approved(cycle, report, cycle.qt_editor, cycle.vufo_reviewer)
    changed = {**ANNUAL_VALUES, "doan_ra": "9"}
    now = at(2026, 2, 1)
    assert not selectors.report_can_edit(cycle.qt_editor, report, now=now)
    with pytest.raises(ReportingError, match="ngoại lệ khóa"):
        services.report_save(actor=cycle.qt_editor, report=report, values=changed, now=now)

    # Granting an exception needs its own permission and a reason, and is audited.
    with pytest.raises(PermissionDenied):
        services.lock_exception_grant(
            actor=cycle.vufo_reviewer, report=report, reason="Sửa số đoàn", expires_at=at(2026, 2, 8), now=now
        )
    granter = _grant(cycle.coordinator, "grant_lock_exception")
    with pytest.raises(ReportingError):
        services.lock_exception_grant(
            actor=granter, report=report, reason=" ", expires_at=at(2026, 2, 8), now=now
        )
    exception = services.lock_exception_grant(
        actor=granter,
        report=report,
        reason="Sửa số đoàn ra theo quyết định mới",
        expires_at=at(2026, 2, 8),
        now=now,
    )
    assert AuditEntry.objects.filter(object_id=str(exception.pk), action="create").exists()

    services.report_save(actor=cycle.qt_editor, report=report, values=changed, now=at(2026, 2, 3))
    report.refresh_from_db()
    assert report.values["doan_ra"] == "9" and report.state == ReportState.APPROVED
    assert report.events.filter(action="edit_unlocked").exists()
    # Once the exception expires, the report is locked again.
    with pytest.raises(ReportingError):
        services.report_save(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 2, 9))


def test_edit_page_of_an_approved_report_is_forbidden(cycle: Cycle, client_for) -> None:
    union = cycle.open(cycle.units.quang_tri_union)
    _approved(cycle, union, cycle.qt_union_editor, cycle.qt_editor)
    client = client_for(cycle.qt_union_editor)
    assert client.get(f"/bao-cao/{union.pk}/nhap/").status_code == 403
    response = client.post(
        f"/bao-cao/{union.pk}/nhap/",
        {**ANNUAL_VALUES, "doan_ra": "1", "action": "save", "version": version_of(union)},
    )
    assert response.status_code == 403
    union.refresh_from_db()
    assert union.values["doan_ra"] == "4"


def test_a_unit_is_approved_only_after_the_units_below_it(cycle: Cycle) -> None:
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 5))
    services.report_accept(actor=cycle.vufo_reviewer, report=report, now=at(2026, 1, 6))
    with pytest.raises(ReportingError, match="Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị"):
        services.report_approve(actor=cycle.vufo_reviewer, report=report, now=at(2026, 1, 7))
    _approved(cycle, cycle.open(cycle.units.quang_tri_union), cycle.qt_union_editor, cycle.qt_editor)
    services.report_approve(actor=cycle.vufo_reviewer, report=report, now=at(2026, 1, 9))
    assert report.state == ReportState.APPROVED


def test_unapproving_needs_the_permission_and_a_reason_and_is_audited(cycle: Cycle) -> None:
    union = cycle.open(cycle.units.quang_tri_union)
    _approved(cycle, union, cycle.qt_union_editor, cycle.qt_editor)
    with pytest.raises(PermissionDenied):
        services.report_unapprove(
            actor=cycle.qt_editor, report=union, reason="Sai số liệu", now=at(2026, 2, 1)
        )
    editor = _grant(cycle.qt_editor, "unapprove_report")
    with pytest.raises(ReportingError):
        services.report_unapprove(actor=editor, report=union, reason="", now=at(2026, 2, 1))
    before = AuditEntry.objects.filter(object_id=str(union.pk)).count()
    services.report_unapprove(actor=editor, report=union, reason="Sai số liệu viện trợ", now=at(2026, 2, 1))
    union.refresh_from_db()
    assert union.state == ReportState.ACCEPTED
    entry = AuditEntry.objects.filter(object_id=str(union.pk)).first()
    assert AuditEntry.objects.filter(object_id=str(union.pk)).count() == before + 1
    assert entry is not None and entry.before["state"] == "approved" and entry.after["state"] == "accepted"
    assert union.events.get(action="unapprove").reason == "Sai số liệu viện trợ"


def test_units_above_read_but_do_not_edit_and_review_the_units_below(cycle: Cycle) -> None:
    union = cycle.open(cycle.units.quang_tri_union)
    province_editor = cycle.qt_editor
    assert selectors.reports_visible(province_editor).filter(pk=union.pk).exists()
    with pytest.raises(PermissionDenied):
        services.report_save(actor=province_editor, report=union, values={"doan_ra": "1"}, now=at(2026, 1, 3))
    services.report_submit(
        actor=cycle.qt_union_editor, report=union, values=ANNUAL_VALUES, now=at(2026, 1, 4)
    )
    # The union cannot accept its own report; the province above can.
    with pytest.raises(PermissionDenied):
        services.report_accept(actor=cycle.qt_union_editor, report=union, now=at(2026, 1, 5))
    services.report_accept(actor=province_editor, report=union, now=at(2026, 1, 5))
    # Another province cannot review it.
    with pytest.raises(PermissionDenied):
        services.report_return(actor=cycle.hn_editor, report=union, reason="x", now=at(2026, 1, 6))


def test_a_submission_with_faults_is_refused_and_keeps_the_draft(cycle: Cycle) -> None:
    report = cycle.open(cycle.units.quang_tri)
    with pytest.raises(ReportValuesError) as caught:
        services.report_submit(
            actor=cycle.qt_editor,
            report=report,
            values={**ANNUAL_VALUES, "doan_vao_cap_bo_truong": "99"},
            now=at(2026, 1, 5),
        )
    assert "doan_vao" in caught.value.errors
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.first_submitted_at is None


def test_entry_window_closes_the_report_unless_an_exception_is_granted(cycle: Cycle) -> None:
    from doingoai.reporting.models import Assignment

    Assignment.objects.filter(unit=cycle.units.ha_noi).update(expiry_days=30)
    report = cycle.open(cycle.units.ha_noi)
    assert report.entry_until == dt.date(2026, 1, 30)
    services.report_save(
        actor=cycle.hn_editor, report=report, values={"doan_ra": "1"}, now=at(2026, 1, 30, 23)
    )
    with pytest.raises(ReportingError, match="hết thời hạn nhập liệu"):
        services.report_save(
            actor=cycle.hn_editor, report=report, values={"doan_ra": "2"}, now=at(2026, 1, 31, 8)
        )


def test_lock_exception_granted_on_the_page_opens_the_edit_page(cycle: Cycle, client_for) -> None:
    union = cycle.open(cycle.units.quang_tri_union)
    _approved(cycle, union, cycle.qt_union_editor, cycle.qt_editor)
    editor = client_for(cycle.qt_union_editor)
    assert editor.get(f"/bao-cao/{union.pk}/nhap/").status_code == 403
    granter = client_for(_grant(cycle.coordinator, "grant_lock_exception"))
    assert 'name="action" value="lock_exception"' in granter.get(f"/bao-cao/{union.pk}/").content.decode()
    granter.post(
        f"/bao-cao/{union.pk}/xu-ly/", {"action": "lock_exception", "reason": "Sửa số liệu", "days": "3"}
    )
    assert editor.get(f"/bao-cao/{union.pk}/nhap/").status_code == 200


def test_a_period_not_yet_begun_is_neither_opened_nor_submitted(cycle: Cycle) -> None:
    """On 07/12/2026 the web form let a unit start and submit its report for 2027 "on time"."""
    with pytest.raises(ReportingError, match=r"kỳ năm 2027 chưa bắt đầu \(từ 01/01/2027\)"):
        services.report_open(
            actor=cycle.qt_editor,
            form_code="DNND-NAM",
            unit=cycle.units.quang_tri,
            period=period_parse("2027"),
            now=at(2026, 12, 7),
        )
    assert not Report.objects.exists()
    # A draft opened once the period began is not submitted with a clock set before it.
    report = cycle.open(cycle.units.quang_tri, "2027", now=at(2027, 1, 2))
    with pytest.raises(ReportingError, match="chưa bắt đầu"):
        services.report_submit(
            actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 12, 7)
        )
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.submissions.exists()
    # The day the period begins, it opens.
    report = cycle.open(cycle.units.ha_noi, "2027", now=at(2027, 1, 1, hour=0))
    assert report.state == ReportState.DRAFT


def test_the_start_page_of_a_period_not_yet_begun_offers_no_start_and_refuses_one(
    cycle: Cycle, client_for
) -> None:
    client = client_for(cycle.qt_editor)
    url = f"/bao-cao/bieu-mau/DNND-NAM/{cycle.units.quang_tri.pk}/2090/"
    page = client.get(url).content.decode()
    assert 'id="start-report"' not in page
    assert "Chưa lập báo cáo được: kỳ năm 2090 chưa bắt đầu (từ 01/01/2090)." in page
    response = client.post(url, follow=True)
    assert "kỳ năm 2090 chưa bắt đầu" in response.content.decode()
    assert not Report.objects.exists()


def test_a_reviewer_working_in_english_still_notifies_the_unit_in_the_sites_language(cycle: Cycle) -> None:
    """Tasks word their notes in the site's language; reporting used the language of whoever acted."""
    from django.utils import translation

    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    with translation.override("en"):
        services.report_return(
            actor=cycle.vufo_reviewer, report=report, reason="Thiếu số đoàn", now=at(2026, 1, 11)
        )
    [note] = Notification.objects.filter(user=cycle.qt_editor).values_list("text", flat=True)
    assert note.startswith("Bị trả lại:") and "của" in note


@pytest.mark.parametrize(
    ("code", "opens"),
    [
        ("2026", dt.date(2026, 12, 1)),
        ("2026-Q1", dt.date(2026, 3, 1)),
        ("2026-Q4", dt.date(2026, 12, 1)),
        ("2026-02", dt.date(2026, 2, 1)),
    ],
)
def test_a_report_goes_in_from_the_first_day_of_its_periods_last_month(code: str, opens: dt.date) -> None:
    assert selectors.period_submission_opens(period_parse(code)) == opens


def test_a_years_report_sent_before_december_is_refused_and_not_counted_on_time(cycle: Cycle) -> None:
    """A unit's 2026 report went in on 10/02/2026 and was counted on time for the whole year."""
    report = cycle.open(cycle.units.quang_tri, "2026", now=at(2026, 2, 10))
    # The draft is kept through the year: figures may be gathered as they come.
    services.report_save(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 2, 10))
    refused = (
        r"Chưa nộp được báo cáo: báo cáo năm 2026 nộp được từ ngày 01/12/2026 \(tháng cuối của kỳ\)\. "
        r"Trước ngày đó chỉ lưu được bản nháp\."
    )
    for moment in (at(2026, 2, 10), at(2026, 11, 30, hour=23)):
        with pytest.raises(ReportingError, match=refused):
            services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=moment)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.first_submitted_at is None
    assert not report.submissions.exists()
    early = selectors.completeness_compute(
        user=cycle.coordinator, form_code="DNND-NAM", period=period_parse("2026"), today=dt.date(2026, 12, 1)
    )
    assert early.on_time == 0
    # From 1 December (in Vietnam, just after midnight) it goes in, on time.
    services.report_submit(actor=cycle.qt_editor, report=report, now=at(2026, 12, 1, hour=0))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.on_time is True


def test_a_quarters_report_goes_in_from_its_third_month(cycle: Cycle) -> None:
    services.assignment_create(
        actor=SYSTEM, form_code="VTPCP-QUY", unit=cycle.units.quang_tri, start_date=dt.date(2026, 1, 1)
    )
    report = cycle.open(cycle.units.quang_tri, "2026-Q1", form="VTPCP-QUY", now=at(2026, 1, 20))
    quarter = {**report.values, "du_an_dang_thuc_hien": "3", "du_an_moi": "1"}
    with pytest.raises(ReportingError, match=r"báo cáo quý 1/2026 nộp được từ ngày 01/03/2026"):
        services.report_submit(actor=cycle.qt_editor, report=report, values=quarter, now=at(2026, 2, 28))
    services.report_submit(actor=cycle.qt_editor, report=report, values=quarter, now=at(2026, 3, 1))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_entry_page_before_the_periods_last_month_offers_no_submission(
    cycle: Cycle, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("doingoai.reporting.views.timezone.now", lambda: at(2026, 6, 10))
    client = client_for(cycle.qt_editor)
    # The start page offers the draft and says from when the report may go in.
    start = client.get(f"/bao-cao/bieu-mau/DNND-NAM/{cycle.units.quang_tri.pk}/2026/").content.decode()
    assert 'id="start-report"' in start
    assert (
        "Lập được bản nháp ngay; báo cáo năm 2026 nộp được từ ngày 01/12/2026 (tháng cuối của kỳ)." in start
    )
    report = cycle.open(cycle.units.quang_tri, "2026", now=at(2026, 6, 10))
    url = f"/bao-cao/{report.pk}/nhap/"
    page = client.get(url).content.decode()
    assert 'id="save-draft"' in page and 'id="submit-report"' not in page
    said = (
        "Chưa nộp được: báo cáo năm 2026 nộp được từ ngày 01/12/2026 (tháng cuối của kỳ). "
        "Bản nháp được lưu để nộp sau."
    )
    assert said in page
    # A submission sent all the same is refused in words, the figures typed shown back.
    response = client.post(
        url, {**ANNUAL_VALUES, "action": "submit", "version": version_of(report)}, follow=True
    )
    assert "nộp được từ ngày 01/12/2026" in response.content.decode()
    assert "Đón sáu đoàn, tổ chức mười hai sự kiện giao lưu." in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.submissions.exists()
    # From 1 December the button is there.
    monkeypatch.setattr("doingoai.reporting.views.timezone.now", lambda: at(2026, 12, 1))
    assert 'id="submit-report"' in client.get(url).content.decode()
