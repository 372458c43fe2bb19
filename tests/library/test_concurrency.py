"""SQLite as the embedded database does not lose work when several processes write at once.

Real processes on a real database file (not the in-memory test database): a worker runs an
import from the queue while `doingoai ingest` imports overlapping files and users keep signing
in. Every import finishes, nothing is stored twice, and no sign-in fails.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ARTICLES = Path(__file__).resolve().parents[2] / "src" / "doingoai" / "samples" / "articles"
PASSWORD = "mat-khau-thu-nghiem-42"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the processes would share the DATABASE_URL database, not a test database: SQLite only",
)

SETUP = textwrap.dedent(
    """
    import sys
    from doingoai.cli import django_setup
    django_setup()
    from doingoai.accounts.scope import SYSTEM
    from doingoai.accounts.services import user_create
    from doingoai.library import services, tasks
    from doingoai.library.sources import path_sources

    user_create(actor=SYSTEM, username="dieuphoi", password=sys.argv[1], role="coordinator", unit=None)
    sources, errors = path_sources(sys.argv[2:])
    assert not errors, errors
    job = services.ingest_job_create(actor=SYSTEM, sources=sources, label="worker", owner_unit=None,
                                     is_published=True)
    tasks.ingest_job_enqueue(job=job)
    """
)

# Signs in again and again (each sign-in writes a session and the last login) until told to stop.
LOGINS = textwrap.dedent(
    """
    import json, os, sys
    from doingoai.cli import django_setup
    django_setup()
    from django.test import Client

    stop, password = sys.argv[1], sys.argv[2]
    ok, failures = 0, []
    while not os.path.exists(stop) or ok < 3:
        client = Client(SERVER_NAME="localhost")
        try:
            response = client.post("/dang-nhap/", {"username": "dieuphoi", "password": password})
            if response.status_code == 302 and client.get("/thu-vien/").status_code == 200:
                ok += 1
            else:
                failures.append(str(response.status_code))
        except Exception as exc:
            failures.append(f"{type(exc).__name__}: {exc}")
    print(json.dumps({"ok": ok, "failures": failures}))
    """
)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)


def test_import_survives_concurrent_logins_and_an_overlapping_import(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["DOINGOAI_DATA_DIR"] = str(tmp_path)
    python = sys.executable
    articles = sorted(ARTICLES.glob("*.txt"))[:7]
    by_worker, by_command = articles[:5], articles[2:]  # three articles in both imports

    migrated = _run([python, "-m", "doingoai", "migrate", "--noinput", "-v", "0"], env)
    assert migrated.returncode == 0, migrated.stderr
    setup = _run([python, "-c", SETUP, PASSWORD, *map(str, by_worker)], env)
    assert setup.returncode == 0, setup.stderr

    stop = tmp_path / "stop"
    logins = subprocess.Popen(
        [python, "-c", LOGINS, str(stop), PASSWORD], env=env, stdout=subprocess.PIPE, text=True
    )
    worker = subprocess.Popen(
        [python, "-m", "doingoai", "worker", "--batch", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    command = _run([python, "-m", "doingoai", "ingest", *map(str, by_command)], env)
    worker_output, _ = worker.communicate(timeout=600)
    stop.touch()
    logins_output, _ = logins.communicate(timeout=600)

    assert command.returncode == 0, command.stderr
    assert worker.returncode == 0, worker_output
    signed_in = json.loads(logins_output)
    assert signed_in["failures"] == [] and signed_in["ok"] >= 3

    database = sqlite3.connect(tmp_path / "doingoai.sqlite3")
    try:
        (documents,) = database.execute("SELECT count(*) FROM library_document").fetchone()
        (texts,) = database.execute("SELECT count(DISTINCT content_hash) FROM library_document").fetchone()
        jobs = database.execute("SELECT label, status, error FROM library_ingestjob ORDER BY id").fetchall()
        items = database.execute("SELECT status, count(*) FROM library_ingestitem GROUP BY status").fetchall()
        tasks = database.execute(
            "SELECT task_path, status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
        ).fetchall()
    finally:
        database.close()
    assert documents == texts == len(articles)
    assert [status for _label, status, _error in jobs] == ["done", "done"], jobs
    assert dict(items) == {"done": len(articles), "duplicate": 3}
    # The page's import, then the settling of its events once it was done.
    assert tasks == [
        ("doingoai.library.tasks.ingest_job_task", "SUCCESSFUL"),
        ("doingoai.library.tasks.events_settle_task", "SUCCESSFUL"),
    ]
