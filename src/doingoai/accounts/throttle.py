"""Slow down password guessing: lock a user name from one address after repeated failed sign-ins.

After `LOGIN_FAILURES_ALLOWED` failures within `LOGIN_LOCKOUT_MINUTES`, sign-in for that user
name from that address is refused for `LOGIN_LOCKOUT_MINUTES`, even with the right password.
The counters live in the database so that every worker process shares them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from doingoai.accounts.models import LoginFailure
from doingoai.analysis.text import fold_key


def _key(username: str) -> str:
    return fold_key(username.strip())[:150]


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_address(request: HttpRequest | None) -> str:
    """Return the client's address as seen by the server (the proxy sets REMOTE_ADDR when trusted)."""
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def login_lock_remaining(*, username: str, address: str) -> dt.timedelta | None:
    """Return how long sign-in stays locked for this user name and address, or None if it is not."""
    row = LoginFailure.objects.filter(username_key=_key(username), address=address).first()
    if row is None or row.locked_until is None:
        return None
    remaining = row.locked_until - timezone.now()
    return remaining if remaining > dt.timedelta(0) else None


@transaction.atomic
def login_failure_record(*, username: str, address: str) -> LoginFailure:
    """Count one failed sign-in, and lock when the allowed number is reached."""
    now = timezone.now()
    row, _created = LoginFailure.objects.select_for_update().get_or_create(
        username_key=_key(username), address=address, defaults={"first_failure_at": now}
    )
    if now - row.first_failure_at > _window() and (row.locked_until is None or row.locked_until <= now):
        row.failures = 0
        row.first_failure_at = now
        row.locked_until = None
    row.failures += 1
    if row.failures >= settings.LOGIN_FAILURES_ALLOWED:
        row.locked_until = now + _window()
    row.save()
    return row


@transaction.atomic
def login_failures_clear(*, username: str, address: str) -> None:
    """Forget the failures after a successful sign-in."""
    LoginFailure.objects.filter(username_key=_key(username), address=address).delete()
