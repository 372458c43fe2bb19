"""Rules shared by the background tasks: which failures are worth a retry, and when to retry.

Tasks run in worker processes (`doingoai worker`) through Django's Tasks API; see
`doingoai.library.tasks`. A task is retried only for a failure that goes away by itself (the
database busy or briefly unreachable); any other failure is final and its reason is shown to the
user who started the work.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# How many times a task runs before its failure is final, and the wait before each retry.
ATTEMPTS = 5
RETRY_DELAY = dt.timedelta(seconds=15)


logger = logging.getLogger(__name__)


def is_transient(exc: BaseException) -> bool:
    """Return whether the failure may go away by itself: a busy, locked or dropped database."""
    return isinstance(exc, OperationalError | InterfaceError)


def retry_delay(attempt: int) -> dt.timedelta:
    """Return how long to wait before the given attempt (2, 3, ...): doubling from RETRY_DELAY."""
    return RETRY_DELAY * (2 ** max(attempt - 2, 0))


def _said_to_users(exc: BaseException) -> bool:
    """Return whether an error's message is written for the people who use the site.

    Django's ValidationError, and the errors each app keeps in its own `errors` module
    (`doingoai.reports.errors.ReportError`, `doingoai.iati.errors.IatiError`...), speak to users
    in Vietnamese. Anything else is a fault of the system: its message may name files of the
    server or its code, and stays in the server's log.
    """
    module = type(exc).__module__
    return isinstance(exc, ValidationError) or (module.startswith("doingoai.") and module.endswith(".errors"))


def failure_reason(exc: BaseException) -> str:
    """Return a one-line reason for a failure, fit to show its user; no traceback, no server path.

    The system's own faults are logged whole and shown by their kind only.
    """
    if not _said_to_users(exc):
        logger.error("background job failed", exc_info=exc)
        return _(
            "lỗi hệ thống ngoài dự kiến (%(kind)s); người quản trị xem chi tiết trong nhật ký máy chủ"
        ) % {"kind": type(exc).__name__}
    if isinstance(exc, ValidationError):
        message = " ".join(" ".join(exc.messages).split())
    else:
        message = " ".join(str(exc).split())
    return message or type(exc).__name__


def job_error(exc: BaseException, attempt: int, final: str) -> str:
    """Return the reason a job shows after its last attempt; `final` reads "...: %(reason)s"."""
    if is_transient(exc):  # the database's own words ("database is locked") name no file
        return ngettext(
            "Cơ sở dữ liệu bận, đã thử %(attempts)d lần: %(reason)s",
            "Cơ sở dữ liệu bận, đã thử %(attempts)d lần: %(reason)s",
            attempt,
        ) % {
            "attempts": attempt,
            "reason": f"{type(exc).__name__}: {' '.join(str(exc).split())}",
        }
    return final % {"reason": failure_reason(exc)}


def task_attempt(
    *,
    run: Callable[[], str],
    retry: Callable[[int], None],
    fail: Callable[[str], None],
    attempt: int,
    final: str,
) -> str:
    """Run one attempt of a job's task; return its status, or "retry" when it was queued again.

    A transient failure (`is_transient`) before the last of `ATTEMPTS` calls `retry(next attempt)`;
    any other failure, or the last one, calls `fail(reason)` and is raised again, so the task
    backend records it too.
    """
    try:
        return run()
    except Exception as exc:
        if is_transient(exc) and attempt < ATTEMPTS:
            retry(attempt + 1)
            return "retry"
        fail(job_error(exc, attempt, final))
        raise


def task_enqueue(runner: Any, job_id: int, *, attempt: int, now: dt.datetime | None) -> Any:
    """Queue `runner(job_id, attempt)`; a retry (attempt > 1) waits first, where the backend can defer."""
    if attempt > 1 and now is not None and runner.get_backend().supports_defer:
        runner = runner.using(run_after=now + retry_delay(attempt))
    return runner.enqueue(job_id, attempt)
