"""The daily digest's sources: how other apps contribute items to each person's digest.

An app adds a source once, in its `AppConfig.ready()`::

    from doingoai.notifications.digest import DigestItem, digest_source_register

    def tasks_digest_items(user, today):          # (user, datetime.date) -> list[DigestItem]
        return [DigestItem(kind="task_due", text="…", url="/…", key=f"task-due:{task.pk}:{today}")]

    digest_source_register(tasks_digest_items)

A source is called for every active user with an e-mail address on the digest's day; it returns
the items that concern that person on that day, read within that person's scope (call your own
selectors with `user`). An item with a `key` also becomes an in-app notification under the bell,
once per key and person, so a source may return the same item on later days without repeating
it. An item without a key only goes into that day's e-mail. Sources must not write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DigestItem:
    """One line of the digest: what, and where to act on it."""

    kind: str
    text: str
    url: str = ""
    key: str = ""


DigestSource = Callable[[Any, dt.date], list[DigestItem]]

_SOURCES: list[DigestSource] = []


def digest_source_register(source: DigestSource) -> DigestSource:
    """Add a source of digest items (registering the same function twice keeps one)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def digest_sources() -> tuple[DigestSource, ...]:
    """Return the registered sources, in registration order."""
    return tuple(_SOURCES)
