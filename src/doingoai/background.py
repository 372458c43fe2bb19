"""Rules shared by the background tasks: which failures are worth a retry, and when to retry.

Tasks run in worker processes (`doingoai worker`) through Django's Tasks API; see
`doingoai.library.tasks`. A task is retried only for a failure that goes away by itself (the
database busy or briefly unreachable); any other failure is final and its reason is shown to the
user who started the work.
"""

from __future__ import annotations

import datetime as dt

from django.db import InterfaceError, OperationalError

# How many times a task runs before its failure is final, and the wait before each retry.
ATTEMPTS = 5
RETRY_DELAY = dt.timedelta(seconds=15)


def is_transient(exc: BaseException) -> bool:
    """Return whether the failure may go away by itself: a busy, locked or dropped database."""
    return isinstance(exc, OperationalError | InterfaceError)


def retry_delay(attempt: int) -> dt.timedelta:
    """Return how long to wait before the given attempt (2, 3, ...): doubling from RETRY_DELAY."""
    return RETRY_DELAY * (2 ** max(attempt - 2, 0))


def failure_reason(exc: BaseException) -> str:
    """Return a one-line reason for a failure: the exception's class and message, no traceback."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
