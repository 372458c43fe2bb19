from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from doingoai.notifications import digest
from doingoai.notifications.digest import DigestItem, digest_source_register
from doingoai.notifications.models import Notification
from doingoai.notifications.services import digest_send_all
from doingoai.reporting import services
from tests.reporting.conftest import ANNUAL_VALUES, Cycle, at


@pytest.fixture
def with_emails(cycle: Cycle) -> Cycle:
    for user in (cycle.qt_editor, cycle.hn_editor, cycle.vufo_reviewer, cycle.qt_union_editor):
        user.email = f"{user.username}@example.invalid"
        user.save(update_fields=["email"])
    return cycle


def _mail_to(username: str) -> list[str]:
    return [m.body for m in mail.outbox if m.to == [f"{username}@example.invalid"]]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 1, 8), "còn 7 ngày"),  # due 15/01/2026 (15 days after 31/12/2025)
        (dt.date(2026, 1, 14), "còn 1 ngày"),
        (dt.date(2026, 1, 16), "đã quá hạn"),
    ],
)
def test_deadline_reminders_reach_the_units_editors(
    with_emails: Cycle, today: dt.date, expected: str
) -> None:
    sent = digest_send_all(today=today, now=at(today.year, today.month, today.day, 7))
    assert "bientap.qt" in sent and "bientap.hn" in sent
    body = _mail_to("bientap.qt")[0]
    assert expected in body and "DNND-NAM" in body and "15/01/2026" in body
    assert Notification.objects.filter(user=with_emails.qt_editor, kind__startswith="report_").count() == 1
    # The reviewer's unit (VUFO) also reports: only its own deadline, never the provinces'.
    assert "Quảng Trị" not in "".join(_mail_to("duyet.vufo"))


def test_no_digest_on_a_quiet_day_and_none_once_the_report_is_in(with_emails: Cycle) -> None:
    assert digest_send_all(today=dt.date(2026, 1, 10), now=at(2026, 1, 10, 7)) == {}
    assert mail.outbox == []
    report = with_emails.open(with_emails.units.quang_tri)
    services.report_submit(
        actor=with_emails.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 12)
    )
    digest_send_all(today=dt.date(2026, 1, 14), now=at(2026, 1, 14, 7))
    assert _mail_to("bientap.qt") == [] and len(_mail_to("bientap.hn")) == 1


def test_one_digest_per_person_per_day_with_the_days_events(with_emails: Cycle) -> None:
    cycle = with_emails
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Thiếu số liệu hội hữu nghị", now=at(2026, 1, 11)
    )
    assert Notification.objects.get(user=cycle.qt_editor).text.startswith("Bị trả lại")
    digest_send_all(today=dt.date(2026, 1, 11), now=at(2026, 1, 11, 18))
    digest_send_all(today=dt.date(2026, 1, 11), now=at(2026, 1, 11, 19))
    bodies = _mail_to("bientap.qt")
    assert len(bodies) == 1 and "Thiếu số liệu hội hữu nghị" in bodies[0]
    # The next day, the returned notice is not repeated: nothing new, nothing sent.
    digest_send_all(today=dt.date(2026, 1, 12), now=at(2026, 1, 12, 18))
    assert len(_mail_to("bientap.qt")) == 1


def test_accept_and_approve_notify_the_unit_and_the_bell_counts_unread(
    with_emails: Cycle, client_for
) -> None:
    cycle = with_emails
    union = cycle.open(cycle.units.quang_tri_union)
    services.report_submit(
        actor=cycle.qt_union_editor, report=union, values=ANNUAL_VALUES, now=at(2026, 1, 5)
    )
    services.report_accept(actor=cycle.qt_editor, report=union, now=at(2026, 1, 6))
    services.report_approve(actor=cycle.qt_editor, report=union, now=at(2026, 1, 7))
    client = client_for(cycle.qt_union_editor)
    page = client.get("/").content.decode()
    assert 'data-unread="2"' in page
    listing = client.get("/thong-bao/").content.decode()
    assert "Đã tiếp nhận" in listing and "Đã phê duyệt" in listing
    client.post("/thong-bao/")
    assert "data-unread" not in client.get("/").content.decode()


def test_other_apps_contribute_items_through_the_registry(
    with_emails: Cycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digest, "_SOURCES", list(digest._SOURCES))

    def tasks_items(user, today):  # type: ignore[no-untyped-def]
        if user.username != "bientap.hn":
            return []
        return [
            DigestItem(kind="task_due", text="Nhiệm vụ hội nghị sắp đến hạn", url="/", key=f"task:1:{today}")
        ]

    digest_source_register(tasks_items)
    digest_send_all(today=dt.date(2026, 1, 10), now=at(2026, 1, 10, 7))
    assert "Nhiệm vụ hội nghị sắp đến hạn" in _mail_to("bientap.hn")[0]
    assert Notification.objects.filter(user=with_emails.hn_editor, kind="task_due").count() == 1


def test_notify_digest_command_takes_the_date(with_emails: Cycle) -> None:
    out = StringIO()
    call_command("notify_digest", "--date", "2026-01-08", stdout=out)
    assert "bientap.qt: 1" in out.getvalue() and "08/01/2026" in out.getvalue()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("notify_digest", "--date", "08/01/2026", stdout=StringIO())


def test_the_mail_is_sent_outside_the_digests_transaction_and_a_refusal_is_taken_back(
    with_emails: Cycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The write lock (SQLite) is never held while the mail server answers: the digest is claimed
    # and committed first. A refused mail takes the claim back, so the next run sends it.
    from django.db import connection

    from doingoai.notifications import services as notify
    from doingoai.notifications.models import DigestSent

    cycle = with_emails
    report = cycle.open(cycle.units.quang_tri)
    services.report_submit(actor=cycle.qt_editor, report=report, values=ANNUAL_VALUES, now=at(2026, 1, 10))
    services.report_return(
        actor=cycle.vufo_reviewer, report=report, reason="Thiếu số liệu", now=at(2026, 1, 11)
    )
    outer = len(connection.atomic_blocks)  # the test's own transaction
    real_send = notify.send_mail
    seen: list[tuple[int, bool]] = []

    def refused(*args: object, **kwargs: object) -> int:
        seen.append((len(connection.atomic_blocks), DigestSent.objects.filter(user=cycle.qt_editor).exists()))
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notify, "send_mail", refused)
    with pytest.raises(ConnectionRefusedError):
        notify.digest_send_one(user=cycle.qt_editor, today=dt.date(2026, 1, 11), now=at(2026, 1, 11, 18))
    assert seen == [(outer, True)]  # no transaction of its own open, the claim already written
    assert not DigestSent.objects.filter(user=cycle.qt_editor).exists()
    assert Notification.objects.filter(user=cycle.qt_editor, digested_at__isnull=True).exists()

    monkeypatch.setattr(notify, "send_mail", real_send)
    assert notify.digest_send_one(user=cycle.qt_editor, today=dt.date(2026, 1, 11), now=at(2026, 1, 11, 19))
    bodies = _mail_to("bientap.qt")
    assert len(bodies) == 1 and "Thiếu số liệu" in bodies[0]
    assert not Notification.objects.filter(user=cycle.qt_editor, digested_at__isnull=True).exists()


def test_a_deadline_reminder_reaches_each_editor_in_the_language_they_chose(
    with_emails: Cycle, client_for
) -> None:
    """The digest was worded in the site's language for everyone, whatever they had chosen."""
    client_for(with_emails.hn_editor).post("/ngon-ngu/", {"language": "en", "next": "/"})
    digest_send_all(today=dt.date(2026, 1, 16), now=at(2026, 1, 16, 7))
    english = next(m for m in mail.outbox if m.to == ["bientap.hn@example.invalid"])
    vietnamese = next(m for m in mail.outbox if m.to == ["bientap.qt@example.invalid"])
    assert english.subject == "doingoai: 1 item for 16/01/2026" and "Hello" in english.body
    assert "việc cần chú ý ngày 16/01/2026" in vietnamese.subject and "Chào" in vietnamese.body
    # The bell's note, written by the same run, is in the reader's language too.
    notes = Notification.objects.filter(kind__startswith="report_")
    assert "đã quá hạn" not in notes.get(user=with_emails.hn_editor).text
    assert "đã quá hạn" in notes.get(user=with_emails.qt_editor).text


def test_an_english_digest_counts_one_item_and_one_day_in_the_singular(
    with_emails: Cycle, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The subject said "1 items" and the reminder "(1 days left)"."""
    client_for(with_emails.hn_editor).post("/ngon-ngu/", {"language": "en", "next": "/"})
    digest_send_all(today=dt.date(2026, 1, 14), now=at(2026, 1, 14, 7))
    english = next(m for m in mail.outbox if m.to == ["bientap.hn@example.invalid"])
    assert english.subject == "doingoai: 1 item for 14/01/2026"
    assert "(1 day left)" in english.body
    vietnamese = next(m for m in mail.outbox if m.to == ["bientap.qt@example.invalid"])
    assert (
        vietnamese.subject == "doingoai: 1 việc cần chú ý ngày 14/01/2026" and "còn 1 ngày" in vietnamese.body
    )

    # Two items the next week: the plural, in English; the one Vietnamese form.
    monkeypatch.setattr(digest, "_SOURCES", list(digest._SOURCES))
    digest_source_register(
        lambda user, today: (
            [DigestItem(kind="task_due", text="Hội nghị", key=f"t:{today}")]
            if user.username in ("bientap.hn", "bientap.qt")
            else []
        )
    )
    mail.outbox.clear()
    digest_send_all(today=dt.date(2026, 1, 8), now=at(2026, 1, 8, 7))
    english = next(m for m in mail.outbox if m.to == ["bientap.hn@example.invalid"])
    assert english.subject == "doingoai: 2 items for 08/01/2026" and "(7 days left)" in english.body
    vietnamese = next(m for m in mail.outbox if m.to == ["bientap.qt@example.invalid"])
    assert vietnamese.subject == "doingoai: 2 việc cần chú ý ngày 08/01/2026"
