"""A reviewer's reasons and comments, typed or pasted as anything, and the days of a lock exception."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from django.contrib.auth.models import Permission

from doingoai.accounts.models import User
from doingoai.notifications.models import Notification
from doingoai.reporting import services
from doingoai.reporting.errors import ReportingError
from doingoai.reporting.models import FieldComment, LockException, ReportState
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at, version_of

NFD_REASON = unicodedata.normalize("NFD", "Số đoàn vào chưa khớp với danh sách của Sở Ngoại vụ.")


def _submitted(cycle: Cycle):
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    return report


def _approved_union(cycle: Cycle):
    union = cycle.open(cycle.units.quang_tri_union)
    services.report_submit(
        actor=cycle.qt_union_editor, report=union, values=ANNUAL_VALUES, now=at(2026, 1, 5)
    )
    services.report_accept(actor=cycle.qt_editor, report=union, now=at(2026, 1, 6))
    return services.report_approve(actor=cycle.qt_editor, report=union, now=at(2026, 1, 7))


def _granter(cycle: Cycle) -> User:
    cycle.coordinator.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reporting", codename__in=("grant_lock_exception", "unapprove_report")
        )
    )
    return User.objects.get(pk=cycle.coordinator.pk)


def test_a_return_reason_with_a_nul_is_refused_on_the_page_naming_the_box(cycle: Cycle, client_for) -> None:
    """On PostgreSQL the NUL made the return a server error; on SQLite it was stored and sent on."""
    report = _submitted(cycle)
    response = client_for(cycle.vufo_reviewer).post(
        f"/bao-cao/{report.pk}/xu-ly/",
        {"action": "return", "reason": "Sai\x00 số liệu", "version": version_of(report)},
        follow=True,
    )
    assert response.status_code == 200
    assert "Lý do trả lại có ký tự rỗng (NUL)" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.return_reason == ""
    assert not report.events.filter(action="return").exists()
    assert not Notification.objects.filter(kind="report_returned").exists()


def test_a_comment_or_an_unapproval_reason_with_a_nul_is_refused(cycle: Cycle) -> None:
    report = _submitted(cycle)
    with pytest.raises(ReportingError, match="Nhận xét có ký tự rỗng"):
        services.field_comment_add(
            actor=cycle.vufo_reviewer, report=report, field_key="doan_ra", text="ba\x00", now=at(2026, 1, 11)
        )
    assert not FieldComment.objects.exists()
    union = _approved_union(cycle)
    with pytest.raises(ReportingError, match="Lý do hủy phê duyệt có ký tự rỗng"):
        services.report_unapprove(actor=_granter(cycle), report=union, reason="\x00", now=at(2026, 1, 13))
    union.refresh_from_db()
    assert union.state == ReportState.APPROVED


def test_a_reason_pasted_in_nfd_is_stored_and_sent_in_nfc(cycle: Cycle) -> None:
    report = _submitted(cycle)
    services.report_return(actor=cycle.vufo_reviewer, report=report, reason=NFD_REASON, now=at(2026, 1, 11))
    report.refresh_from_db()
    nfc = unicodedata.normalize("NFC", NFD_REASON)
    assert report.return_reason == nfc
    assert report.events.get(action="return").reason == nfc
    assert nfc in Notification.objects.get(kind="report_returned").text
    comment = services.field_comment_add(
        actor=cycle.vufo_reviewer, report=report, field_key="doan_vao", text=NFD_REASON, now=at(2026, 1, 12)
    )
    assert comment.text == nfc


def _lock_exception_asked(cycle: Cycle, client_for: Any, days: str) -> Any:
    """Approve the Quảng Trị union's report, then ask a lock exception of `days` on its page."""
    union = cycle.open(cycle.units.quang_tri_union)
    services.report_submit(
        actor=cycle.qt_union_editor, report=union, values=ANNUAL_VALUES, now=at(2026, 1, 5)
    )
    services.report_accept(actor=cycle.qt_editor, report=union, now=at(2026, 1, 6))
    services.report_approve(actor=cycle.qt_editor, report=union, now=at(2026, 1, 7))
    return client_for(_granter(cycle)).post(
        f"/bao-cao/{union.pk}/xu-ly/",
        {"action": "lock_exception", "reason": "Sửa số liệu", "days": days},
        follow=True,
    )


@pytest.mark.parametrize("days", ["91", "100000", "999999999", "99999999999999999999"])
def test_a_lock_exception_beyond_ninety_days_is_refused_by_name(cycle: Cycle, client_for, days: str) -> None:
    """999,999,999 days was a server error (past year 9999); 100,000 days granted an exception to 2300."""
    response = _lock_exception_asked(cycle, client_for, days)
    assert response.status_code == 200
    assert "Số ngày của ngoại lệ khóa tối đa là 90 ngày." in response.content.decode()
    assert not LockException.objects.exists()


@pytest.mark.parametrize(
    ("days", "said"),
    [
        ("", "Hãy ghi số ngày của ngoại lệ khóa (ví dụ 7)."),
        ("bảy", "phải là số nguyên từ 1 trở lên (ví dụ 7), không phải “bảy”."),
        ("1,5", "không phải “1,5”."),
        ("-3", "không phải “-3”."),
        ("0", "không phải “0”."),
    ],
)
def test_lock_exception_days_that_are_not_a_whole_number_are_refused_by_name(
    cycle: Cycle, client_for, days: str, said: str
) -> None:
    # Letters used to count as 0 days and be refused with "must be after now", which named nothing.
    response = _lock_exception_asked(cycle, client_for, days)
    page = response.content.decode()
    assert response.status_code == 200
    assert said in page and "sau thời điểm hiện tại" not in page
    assert not LockException.objects.exists()
