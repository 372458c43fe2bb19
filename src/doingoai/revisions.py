"""Records revisions: counters the database raises itself on every write to a set of tables.

A value computed from those tables (a dashboard's sums, a page's list of documents) is cached under
the counter's value; the next write raises it, so nothing cached before the write is served after.
The counter is raised by triggers, not by the services, so that no write path (forms, imports,
background tasks, the admin, bulk SQL, cascades) can forget it. Each counter is one row of a table
of its own app (`counter` column, pk 1); its triggers are (re)created after every `migrate`,
because SQLite rebuilds a table to alter it, and a rebuilt table has lost its triggers.

On PostgreSQL the bump holds the counter row's lock until the writing transaction commits, so a
reader who sees the new value also sees the rows written with it (a sequence, which is not
transactional, would let a reader cache old rows under the new value).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache as once
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from doingoai.accounts import scope

T = TypeVar("T")
# A cached value is dropped by the next write anyway (its key holds the revision); this only bounds
# how long unused entries stay in the cache.
CACHE_SECONDS = 600
OPERATIONS = ("INSERT", "UPDATE", "DELETE")
# A value missing from the cache is computed by one request; the others asking for it meanwhile, in
# any web process, wait for it this long at most (then compute it themselves), looking every poll.
KEPT_WAIT_SECONDS = 5.0
KEPT_POLL_SECONDS = 0.01
_MISSING = object()


@dataclass(frozen=True)
class Counter:
    """A records revision: the counter's table, the tables whose writes raise it, its trigger names."""

    table: str  # the counter's own table (one row, pk 1, column `counter`)
    tables: tuple[str, ...]  # the tables whose inserts, updates and deletes raise it
    prefix: str  # trigger names: f"{prefix}_{table}" (and f"_{operation}" on SQLite)
    function: str  # PostgreSQL: the trigger function that raises it

    def _bump(self) -> str:
        return f"UPDATE {self.table} SET counter = counter + 1 WHERE id = 1"

    def _trigger_name(self, table: str, operation: str = "") -> str:
        """Return the name of the trigger on `table` (SQLite: one per operation; PostgreSQL: one)."""
        return f"{self.prefix}_{table}_{operation.lower()}" if operation else f"{self.prefix}_{table}"

    def statements(self, vendor: str) -> list[str]:
        """Return the SQL that creates the triggers on `vendor` ("sqlite" or "postgresql"), idempotent."""
        if vendor == "sqlite":
            return [
                f"CREATE TRIGGER IF NOT EXISTS {self._trigger_name(table, operation)} "
                f"AFTER {operation} ON {table} BEGIN {self._bump()}; END"
                for table in self.tables
                for operation in OPERATIONS
            ]
        # One bump per statement, not per row: an import of 10,000 rows raises it once.
        function = (
            f"CREATE OR REPLACE FUNCTION {self.function}() RETURNS trigger AS $$ "
            f"BEGIN {self._bump()}; RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        triggers = [
            f"CREATE OR REPLACE TRIGGER {self._trigger_name(table)} "
            "AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {self.function}()"
            for table in self.tables
        ]
        return [function, *triggers]

    def ensure_after_migrate(self, sender: Any, using: str = "default", **kwargs: Any) -> None:
        """Lay the triggers again after a migrate (connect it to `post_migrate` in the app's `ready`)."""
        self.ensure(using)

    def ensure(self, using: str = "default") -> None:
        """Create the counter's row and the triggers that raise it, where missing (idempotent).

        Its triggers on a table no longer among `tables` (a version that stopped watching one) are
        dropped, so writes there stop clearing what is cached under the counter.
        """
        db = connections[using]
        with db.cursor() as cursor:
            for statement in self._stale_drops(cursor, db.vendor):
                cursor.execute(statement)
            for statement in self.statements(db.vendor):
                cursor.execute(statement)
            cursor.execute(f"SELECT 1 FROM {self.table} WHERE id = 1")
            if cursor.fetchone() is None:
                # A random start: a database made again (the demo, a test run) must not reach the
                # values under which a cache kept the pages of the one before.
                start = secrets.randbits(48)
                cursor.execute(f"INSERT INTO {self.table} (id, counter) VALUES (1, %s)", [start])

    def _stale_drops(self, cursor: Any, vendor: str) -> list[str]:
        """Return the statements that drop this counter's triggers on tables it no longer watches.

        Only triggers named exactly as `statements` names them (and, on PostgreSQL, calling this
        counter's function) are taken, so another counter whose prefix begins the same is left alone.
        """
        watched = set(self.tables)
        if vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
            return [
                f"DROP TRIGGER IF EXISTS {name}"
                for name, table in cursor.fetchall()
                if table not in watched
                and name in {self._trigger_name(table, operation) for operation in OPERATIONS}
            ]
        cursor.execute(
            "SELECT DISTINCT trigger_name, event_object_table FROM information_schema.triggers"
            " WHERE action_statement LIKE %s",
            [f"%{self.function}()%"],
        )
        return [
            f"DROP TRIGGER IF EXISTS {name} ON {table}"
            for name, table in cursor.fetchall()
            if table not in watched and name == self._trigger_name(table)
        ]

    def triggered_tables(self, using: str = "default") -> set[str]:
        """Return the tables that carry this counter's triggers now (all of `tables` once ensured)."""
        db = connections[using]
        with db.cursor() as cursor:
            if db.vendor == "sqlite":
                cursor.execute(
                    "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s ESCAPE '\\'",
                    [f"{self.prefix}\\_%"],
                )
            else:
                cursor.execute(
                    "SELECT event_object_table FROM information_schema.triggers"
                    " WHERE trigger_name LIKE %s ESCAPE '\\'",
                    [f"{self.prefix}\\_%"],
                )
            return {row[0] for row in cursor.fetchall()}

    def current(self) -> int | None:
        """Return the counter's value, or None where its row is missing (nothing is then cached)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT counter FROM {self.table} WHERE id = 1")
            row = cursor.fetchone()
        return int(row[0]) if row else None


def reader_key(user: Any) -> str:
    """Return a key equal for two users who are shown the same page: what they may read and do.

    `scope.visibility_key` decides the records; the role, the data role and the unit decide the
    actions a page offers (an upload button, an edit link).
    """
    fields = (
        scope.visibility_key(user),
        str(getattr(user, "role", "")),
        str(getattr(user, "data_role", "")),
        str(getattr(user, "unit_id", "")),
        "su" if getattr(user, "is_superuser", False) else "",
    )
    return "|".join(fields)


@once
def code_stamp() -> str:
    """Return a stamp of the installed code and templates: it changes when the software does.

    Kept pages are rendered by templates and views; after an upgrade, a page kept by the old
    code must not be served (the cache lives in the data folder and outlives a restart). The
    stamp hashes each Python file's and template's path, size and modification time, once per
    process: the same in every worker of one installation.
    """
    import doingoai

    root = Path(doingoai.__file__).parent
    digest = hashlib.sha256(doingoai.__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html"}:
            info = path.stat()
            digest.update(f"{path.relative_to(root)}\x1f{info.st_size}\x1f{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def cached(
    name: str,
    *,
    counters: Sequence[Counter],
    user: Any,
    parts: Iterable[str],
    compute: Callable[[], T],
    reader: str | None = None,
) -> T:
    """Return `compute()`, kept per code, counters' values, reader, language, day and `parts`.

    Two readers shown the same page share the entry; a write to any table behind a counter raises
    it, so the next request computes afresh. Where a counter's row is missing, nothing is cached.
    The reader is `reader_key(user)` unless the caller knows a broader key (`reader`) under which
    the value is the same.
    """
    if connection.in_atomic_block and not getattr(settings, "REVISIONS_CACHE_IN_TRANSACTIONS", False):
        # Inside a transaction, this request may have raised the counter with writes that can
        # still roll back; what it computed would be kept under a value another write reaches
        # later. (Tests, which run inside a transaction that never commits, set the setting.)
        return compute()
    revisions = [counter.current() for counter in counters]
    if any(revision is None for revision in revisions):
        return compute()
    fields = [
        name,
        code_stamp(),
        *(str(revision) for revision in revisions),
        reader_key(user) if reader is None else f"alike:{reader}",
        get_language() or "",
        dt.date.today().isoformat(),
    ]
    digest = hashlib.sha256("\x1f".join([*fields, *parts]).encode()).hexdigest()
    return kept(f"rev:{name}:{digest}", compute, CACHE_SECONDS)


def kept(key: str, compute: Callable[[], T], timeout: int) -> T:
    """Return the value cached under `key`, or `compute()` it once and keep it for `timeout` seconds.

    When a page nobody has asked for since the last write is asked for by many readers at once (a
    morning's first minutes, the minute after an import), each web process would otherwise compute
    the same page at the same time, and the two cores would spend their time on copies of one
    computation. Here the first request claims the key (an `add`, atomic in the shared cache); the
    others wait until its value is there. If it is not there within `KEPT_WAIT_SECONDS`, or the claim
    is gone without a value (the computation failed, or its write was skipped), they compute it
    themselves: a reader may wait, never fail, for this.
    """
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    claim = f"{key}:computing"
    if cache.add(claim, os.getpid(), timeout=int(KEPT_WAIT_SECONDS) + 1):
        try:
            computed = compute()
            cache.set(key, computed, timeout)
        finally:
            cache.delete(claim)
        return computed
    deadline = time.monotonic() + KEPT_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(KEPT_POLL_SECONDS)
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            return value
        if cache.get(claim, _MISSING) is _MISSING:
            break
    computed = compute()
    cache.add(key, computed, timeout)
    return computed


def body_rendered(request: HttpRequest, template: str, context: dict[str, Any]) -> SafeString:
    """Return a page's body template rendered (escaped by the template itself)."""
    return SafeString(render_to_string(template, context, request=request))


def page_body(
    request: HttpRequest,
    *,
    counter: Counter,
    template: str,
    context: Callable[[], dict[str, Any]],
    reader: str | None = None,
) -> SafeString:
    """Return a page's body, kept under `counter` for the reader and the address.

    The body must be rendered from the records behind the counter, the reader (scope, role, unit;
    or the broader `reader` key the caller vouches for) and the address alone (no form with a CSRF
    token, no messages): readers shown the same page share it until the next write. The page
    around it (menu, the user's name) is not kept.
    """
    return cached(
        template,
        counters=[counter],
        user=request.user,
        parts=[request.get_full_path()],
        compute=lambda: body_rendered(request, template, context()),
        reader=reader,
    )
