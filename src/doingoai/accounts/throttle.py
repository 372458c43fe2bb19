"""Slow down password guessing: count each sign-in attempt before its password is checked.

Two limits, both kept in the database so that every worker process shares them:

- one user name from one address: after `LOGIN_FAILURES_ALLOWED` attempts that were not
  successful within `LOGIN_LOCKOUT_MINUTES`, sign-in for that name from that address is refused
  for `LOGIN_LOCKOUT_MINUTES`, even with the right password;
- one address trying many user names (password spraying): after failed attempts on
  `LOGIN_SPRAY_USERNAMES_ALLOWED` different names within `LOGIN_SPRAY_MINUTES`, every sign-in
  from that address is refused for `LOGIN_SPRAY_MINUTES`.

An attempt is counted (a row locked with `select_for_update` and updated in one transaction)
*before* the password hash is verified, and forgotten only when it succeeds. So thirty attempts
sent at once cannot all reach the slow hash check: only the first `LOGIN_FAILURES_ALLOWED` do.

The client's address is `REMOTE_ADDR`, or, behind a reverse proxy, the header named by
`LOGIN_CLIENT_ADDRESS_HEADER` (e.g. `X-Forwarded-For`; its last entry, the one the trusted
proxy appended). Without the setting every client behind a proxy would share one address, and
anyone could lock anyone out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from doingoai.accounts.models import LoginFailure
from doingoai.analysis.text import fold_key

# The row that counts the different user names tried from one address.
_ADDRESS_ROW = ""


@dataclass(frozen=True)
class LoginRefusal:
    """Why an attempt is refused before its password is checked, and for how long."""

    minutes: int
    spraying: bool


def _key(username: str) -> str:
    return fold_key(username.strip())[:150] or "?"


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _spray_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_SPRAY_MINUTES)


def login_address(request: HttpRequest | None) -> str:
    """Return the client's address: the trusted proxy's header when configured, else REMOTE_ADDR."""
    if request is None:
        return ""
    header = getattr(settings, "LOGIN_CLIENT_ADDRESS_HEADER", "") or ""
    if header:
        meta_name = "HTTP_" + header.upper().replace("-", "_")
        forwarded = str(request.META.get(meta_name, ""))
        # The proxy appends the address it saw: the last entry is the only one it vouches for.
        entries = [e.strip() for e in forwarded.split(",") if e.strip()]
        if entries:
            return entries[-1][:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def _row_locked(username_key: str, address: str, now: dt.datetime) -> LoginFailure:
    """Return the counter row, created if missing, locked until the transaction ends."""
    rows = LoginFailure.objects.select_for_update()
    try:
        with transaction.atomic():
            row, _created = rows.get_or_create(
                username_key=username_key, address=address, defaults={"first_failure_at": now}
            )
    except IntegrityError:
        # Another worker created it between our read and our insert.
        row = rows.get(username_key=username_key, address=address)
    return row


def _minutes(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


@transaction.atomic
def login_attempt_begin(
    *, username: str, address: str, now: dt.datetime | None = None
) -> LoginRefusal | None:
    """Count one sign-in attempt before its password is checked; return why it is refused, or None.

    The attempt stays counted as a failure unless `login_failures_clear` follows its success.
    """
    now = now or timezone.now()
    key = _key(username)
    by_address = _row_locked(_ADDRESS_ROW, address, now)
    if by_address.locked_until is not None and by_address.locked_until > now:
        return LoginRefusal(minutes=_minutes(by_address.locked_until, now), spraying=True)
    row = _row_locked(key, address, now)
    if row.locked_until is not None and row.locked_until > now:
        return LoginRefusal(minutes=_minutes(row.locked_until, now), spraying=False)
    if now - row.first_failure_at > _window():
        row.failures = 0
        row.first_failure_at = now
        row.locked_until = None
    row.failures += 1
    if row.failures > settings.LOGIN_FAILURES_ALLOWED:
        row.locked_until = now + _window()
        row.save()
        return LoginRefusal(minutes=_minutes(row.locked_until, now), spraying=False)
    row.save()
    names_tried = (
        LoginFailure.objects.filter(address=address, first_failure_at__gt=now - _spray_window())
        .exclude(username_key=_ADDRESS_ROW)
        .count()
    )
    if names_tried > settings.LOGIN_SPRAY_USERNAMES_ALLOWED:
        by_address.locked_until = now + _spray_window()
        by_address.save(update_fields=["locked_until"])
        return LoginRefusal(minutes=_minutes(by_address.locked_until, now), spraying=True)
    return None


@transaction.atomic
def login_failure_record(*, username: str, address: str, now: dt.datetime | None = None) -> None:
    """Lock the user name from this address once a checked attempt fails and the allowed number is used up."""
    now = now or timezone.now()
    row = _row_locked(_key(username), address, now)
    if row.failures >= settings.LOGIN_FAILURES_ALLOWED and row.locked_until is None:
        row.locked_until = now + _window()
        row.save(update_fields=["locked_until"])


def login_lock_remaining(*, username: str, address: str) -> dt.timedelta | None:
    """Return how long sign-in stays locked for this user name and address, or None if it is not."""
    now = timezone.now()
    rows = LoginFailure.objects.filter(address=address, username_key__in=[_key(username), _ADDRESS_ROW])
    ends = [r.locked_until for r in rows if r.locked_until is not None and r.locked_until > now]
    return max(ends) - now if ends else None


@transaction.atomic
def login_failures_clear(*, username: str, address: str) -> None:
    """Forget the attempts of this user name from this address after a successful sign-in."""
    LoginFailure.objects.filter(username_key=_key(username), address=address).delete()
