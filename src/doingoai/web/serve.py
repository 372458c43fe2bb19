"""Run the platform in production: gunicorn for the web, and the task worker beside it.

`doingoai serve` collects the static files (whitenoise serves them from gunicorn), then starts
gunicorn and, unless told not to, one worker process (`doingoai worker`). Each is a child process;
when one stops, or on Ctrl-C (SIGINT) or SIGTERM, the others are stopped too and `serve` returns.
Several web servers or workers are several processes (or containers) on the same database: see
the README's deployment section.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_BIND = "127.0.0.1:8000"
REQUEST_LINE_MAX_BYTES = 8190  # gunicorn's most, short of no limit at all
# Seconds a child has to stop after SIGTERM (a worker finishes its current item) before SIGKILL.
STOP_GRACE = 20.0


def web_workers_default() -> int:
    """Return gunicorn's recommended number of web workers for this machine: 2 × cores + 1."""
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_argv(*, bind: str, workers: int, timeout: int = 60) -> list[str]:
    """Return the command that runs gunicorn on the platform's WSGI application."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "doingoai.web.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--access-logfile",
        "-",
        # gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl):
        # a second server on the machine (a demo beside a benchmark) takes it over, and gunicornc
        # then drives the wrong one. `serve` manages its children itself, so none is opened.
        "--no-control-socket",
        # The application is loaded, and warmed (doingoai.web.warm), once in the master process;
        # the workers are forked from it instead of each paying that on its first requests.
        "--preload",
        # A request line of up to 8,190 bytes (gunicorn's most; 4,094 by default) reaches the site,
        # which answers a long search or filter in Vietnamese; a longer one is refused by the worker
        # class, with the site's page rather than gunicorn's English one.
        "--limit-request-line",
        str(REQUEST_LINE_MAX_BYTES),
        "--worker-class",
        "doingoai.web.gunicorn_worker.SiteWorker",
    ]


def worker_argv(extra: Sequence[str] = ()) -> list[str]:
    """Return the command that runs one task worker (`doingoai worker`)."""
    return [sys.executable, "-m", "doingoai", "worker", *extra]


def static_collect() -> None:
    """Copy the static files into STATIC_ROOT, where whitenoise serves them."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def worker_run(*, batch: bool = False, interval: float = 1.0, queue: str = "default") -> None:
    """Run a task worker in this process until stopped (or, with `batch`, until the queue is empty).

    The database backend's worker (`db_worker`) takes each task in its own transaction: on
    PostgreSQL with `SELECT ... FOR UPDATE SKIP LOCKED`, so many workers share one queue; on
    SQLite with an exclusive transaction.
    """
    from django.conf import settings
    from django.core.management import CommandError, call_command

    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        raise CommandError(
            f"TASKS uses {backend}: start that backend's own worker (for django-tasks-rq: rqworker)"
        )
    call_command(
        "db_worker",
        queue_name=queue,
        batch=batch,
        interval=interval,
        reload=False,
        startup_delay=not batch,
    )


@dataclass
class Child:
    """A process started by `serve`, with the name it is reported by."""

    name: str
    process: subprocess.Popen[bytes]


def _children_stop(children: list[Child], grace: float) -> None:
    for child in children:
        if child.process.poll() is None:
            child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        remaining = max(deadline - time.monotonic(), 0.1)
        try:
            child.process.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()


def serve(*, bind: str, workers: int, with_worker: bool = True, poll: float = 0.5) -> int:
    """Serve the site with gunicorn (and a task worker) until interrupted; return the exit code.

    Returns 0 after Ctrl-C or SIGTERM; otherwise the exit code of the first child that stopped.
    """
    static_collect()
    # Own sessions: Ctrl-C reaches `serve` alone, which then stops each child once, gracefully
    # (a second signal would make the worker abandon the item in hand).
    children = [
        Child("gunicorn", subprocess.Popen(gunicorn_argv(bind=bind, workers=workers), start_new_session=True))
    ]
    if with_worker:
        children.append(Child("worker", subprocess.Popen(worker_argv(), start_new_session=True)))

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    # Started in the background by a shell, SIGINT is ignored: restore Ctrl-C all the same.
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        while True:
            for child in children:
                code = child.process.poll()
                if code is not None:
                    sys.stderr.write(f"doingoai serve: {child.name} stopped (exit code {code})\n")
                    return code or 1
            time.sleep(poll)
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
        _children_stop(children, STOP_GRACE)
