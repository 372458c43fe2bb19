"""Time the national annual report on the demo's data: `python -m doingoai.reports.bench`.

Builds a fresh database in a temporary folder (migrate, the sample articles, `demo_load`), then
generates the national report of 2025 several times and prints the wall and CPU time of each run.
Imports and the first run's warm-up are reported apart, as a server or a task worker has them
loaded already. Then the page's path is timed once: a report job queued in the database task
backend and run by a worker (`doingoai worker`'s loop, here in-process), from the request to the
stored files. `--data-dir` times an already loaded demo (e.g. `make demo`'s folder) instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"


def main(argv: list[str] | None = None) -> int:
    """Load the demo into a temporary database and time the national report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data-dir", default="", help="a folder with the demo loaded already")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DOINGOAI_DATA_DIR"] = args.data_dir or folder
        from doingoai.cli import django_run, django_setup

        commands = [["migrate", "--noinput", "-v", "0"], ["ingest", str(SAMPLES)], ["demo_load"]]
        for command in [] if args.data_dir else commands:
            if django_run(command) != 0:
                return 1
        django_setup()
        from doingoai.accounts.scope import SYSTEM
        from doingoai.directory.models import Organization
        from doingoai.reports.registry import providers_load
        from doingoai.reports.services import annual_report_build

        started = time.perf_counter()
        providers_load()
        print(f"imports: {time.perf_counter() - started:.2f} s")
        walls, cpus, figures = [], [], 0
        for _run in range(args.runs + 1):
            wall, cpu = time.perf_counter(), time.process_time()
            report = annual_report_build(user=SYSTEM, year=args.year, today=dt.date(args.year + 1, 1, 5))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            figures = len(report.sources["figures"])
        size = len(report.docx) / 1024
        print(f"units: {Organization.objects.count()} · figures: {figures} · size: {size:.0f} KiB")
        print(f"first run: {walls[0]:.2f} s wall, {cpus[0]:.2f} s CPU")
        print(
            f"next {args.runs} runs: median {statistics.median(walls[1:]):.2f} s wall, "
            f"{statistics.median(cpus[1:]):.2f} s CPU (max {max(walls[1:]):.2f} s wall)"
        )
        print(f"background (queued, then run by a worker): {_background_time(args.year):.2f} s wall")
    return 0


def _background_time(year: int) -> float:
    """Queue the national report as the page does, run a worker until the queue is empty; return the time."""
    from doingoai.accounts.models import User
    from doingoai.accounts.scope import user_is_coordinator
    from doingoai.reports import services, tasks
    from doingoai.reports.models import ReportJobStatus
    from doingoai.web import serve

    coordinator = next(
        u for u in User.objects.filter(is_active=True).order_by("pk") if user_is_coordinator(u)
    )
    started = time.perf_counter()
    job = services.report_job_create(user=coordinator, year=year, today=dt.date(year + 1, 1, 5))
    tasks.report_job_start(job=job)
    serve.worker_run(batch=True)
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    if job.status != ReportJobStatus.DONE:
        raise SystemExit(f"the report job ended {job.status}: {job.error}")
    return elapsed


if __name__ == "__main__":
    raise SystemExit(main())
