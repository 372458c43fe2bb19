from __future__ import annotations

import datetime as dt

import pytest

from doingoai.accounts.scope import SYSTEM
from doingoai.directory.demo import directory_demo_load
from doingoai.tasks import selectors
from doingoai.tasks.demo import tasks_demo_load
from doingoai.tasks.models import Conference, Task
from doingoai.tasks.status import Status

TODAY = dt.date(2026, 4, 1)


@pytest.mark.django_db
def test_demo_conference_has_100_connection_points_and_tasks_in_every_status_class() -> None:
    units = directory_demo_load(actor=SYSTEM)
    conference = tasks_demo_load(actor=SYSTEM, units=units, today=TODAY)
    assert conference.date == dt.date(2025, 12, 30) and conference.organizer == units["BNG"]
    assert conference.points.count() >= 100
    assert conference.points.filter(unit__kind="province").count() == 34
    rows = selectors.task_rows(user=SYSTEM, today=TODAY)
    assert {r.status.status for r in rows} == set(Status)
    assert {r.status.band.value for r in rows if r.status.band} == {"1-30", "31-90", "120+"}
    assert any(r.task.deadline_changed for r in rows)
    tasks_demo_load(actor=SYSTEM, units=units, today=TODAY)
    assert (Conference.objects.count(), Task.objects.count()) == (1, len(rows))


@pytest.mark.django_db
def test_a_report_made_on_the_day_the_demo_is_loaded_is_the_latest() -> None:
    """The sample reports lie in the past: the first thing a user reports that morning counts."""
    from doingoai.tasks import services

    units = directory_demo_load(actor=SYSTEM)
    today = dt.date.today()
    tasks_demo_load(actor=SYSTEM, units=units, today=today)
    task = next(r.task for r in selectors.task_rows(user=SYSTEM, today=today) if r.percent not in (None, 100))
    early = dt.datetime.combine(today, dt.time(0, 1), tzinfo=dt.UTC)
    services.progress_report_submit(
        actor=SYSTEM,
        task=task,
        unit=task.lead_unit,
        text="Đã xong thêm một phần.",
        percent=99,
        today=today,
        now=early,
    )
    assert selectors.task_percent(task) == 99


@pytest.mark.django_db
def test_the_seed_reports_conclusion_becomes_the_conferences_task_traced_to_its_sentence(
    seeds_dir: object,
) -> None:
    """Reviewing Directive 12, then proposing the strategy to 2045: the conclusion the project starts from."""
    from django.core.management import call_command

    call_command("ingest", str(seeds_dir))
    units = directory_demo_load(actor=SYSTEM)
    today = dt.date(2026, 1, 5)
    conference = tasks_demo_load(actor=SYSTEM, units=units, today=today)
    task = Task.objects.get(conference=conference, document__isnull=False)
    assert task.lead_unit == units["BNG"] and task.source_quote.count("Chỉ thị số 12") == 1
    assert "2045" in task.text and task.deadline == today + dt.timedelta(days=180)
    assert task.reports.get().text.startswith("Dữ liệu minh họa")
    tasks_demo_load(actor=SYSTEM, units=units, today=today)  # loaded again: the same task
    assert Task.objects.filter(conference=conference, document__isnull=False).count() == 1


@pytest.mark.django_db
def test_every_demo_task_is_confirmed_before_anything_is_reported_on_it() -> None:
    """On 07/12/2026 a demo task's history showed progress before "Nhiệm vụ được xác nhận"."""
    from doingoai.tasks.models import ProgressReport

    units = directory_demo_load(actor=SYSTEM)
    tasks_demo_load(actor=SYSTEM, units=units, today=dt.date.today())
    reports = ProgressReport.objects.select_related("task")
    assert reports.exists()
    for report in reports:
        assert report.task.created_at <= report.created_at, (report.task.text, report.text)


@pytest.mark.django_db
def test_every_demo_task_opens_with_a_capital_as_a_list_of_tasks_writes_it() -> None:
    """The annual report listed a demo task as "- tiếp tục phối hợp …"."""
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    import doingoai

    samples = Path(doingoai.__file__).parent / "samples" / "articles"
    call_command("ingest", str(samples), stdout=StringIO())
    units = directory_demo_load(actor=SYSTEM)
    tasks_demo_load(actor=SYSTEM, units=units, today=dt.date.today())
    texts = list(Task.objects.values_list("text", flat=True))
    assert any("tiếp tục phối hợp" in text.lower() for text in texts)
    assert [text for text in texts if text[:1] != text[:1].upper()] == []
