"""`doingoai chores`: the digest from 07:00 Vietnam time, the clean-ups always, one failure stops nothing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command

from doingoai.ops.management.commands import chores

UTC = dt.UTC


def _ran(monkeypatch: pytest.MonkeyPatch, now: dt.datetime, failing: str = "") -> tuple[list[str], str]:
    called: list[str] = []

    def fake(name: str, *args: Any, **kwargs: Any) -> None:
        called.append(name)
        if name == failing:
            raise RuntimeError("hỏng")

    monkeypatch.setattr(chores, "call_command", fake)
    command = chores.Command(stdout=io.StringIO(), stderr=io.StringIO())
    command.chores_run(now)
    return called, command.stderr.getvalue()


@pytest.mark.parametrize(
    ("now", "digest"),
    [
        (dt.datetime(2026, 12, 4, 0, 30, tzinfo=UTC), True),  # 07:30 in Hà Nội
        (dt.datetime(2026, 12, 3, 23, 30, tzinfo=UTC), False),  # 06:30 in Hà Nội: too early for mail
        (dt.datetime(2026, 12, 4, 16, 59, tzinfo=UTC), True),  # 23:59 in Hà Nội
        (dt.datetime(2026, 12, 4, 17, 0, tzinfo=UTC), False),  # midnight in Hà Nội
    ],
)
def test_the_digest_waits_for_the_morning_and_the_clean_ups_always_run(
    monkeypatch: pytest.MonkeyPatch, now: dt.datetime, digest: bool
) -> None:
    called, _errors = _ran(monkeypatch, now)
    assert ("notify_digest" in called) is digest
    assert called[-2:] == ["report_jobs_purge", "prune_db_task_results"]


def test_a_failing_chore_is_reported_and_the_others_still_run(monkeypatch: pytest.MonkeyPatch) -> None:
    called, errors = _ran(monkeypatch, dt.datetime(2026, 12, 4, 2, 0, tzinfo=UTC), failing="notify_digest")
    assert called == ["notify_digest", "report_jobs_purge", "prune_db_task_results"]
    assert "notify_digest: hỏng" in errors


@pytest.mark.django_db
def test_the_chores_run_for_real() -> None:
    out = io.StringIO()
    call_command("chores", stdout=out)
    assert "yêu cầu lập báo cáo" in out.getvalue()
