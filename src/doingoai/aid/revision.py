"""The records revision: a counter the database raises on every write the aid figures depend on.

The dashboard's sums read every transaction in scope; they are cached under this counter, the
reader's visibility and the filters. The counter is raised by triggers, not by the services, so
that no write path (forms, spreadsheet and IATI imports, the admin, bulk SQL, cascades) can
forget it. Triggers are (re)created after every `migrate`: on SQLite, Django rebuilds a table to
alter it, and a rebuilt table has lost its triggers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connections
from django.utils.translation import get_language

from doingoai.accounts import scope
from doingoai.aid.models import Revision

T = TypeVar("T")
# A cached figure is dropped by the next write anyway (its key holds the revision); this only
# bounds how long unused entries stay in the cache.
CACHE_SECONDS = 600

# The tables whose rows change a figure of the dashboard or the drill-down: the records summed,
# what they are grouped and filtered by, and the units that decide who reads what.
TABLES = (
    "aid_transaction",
    "aid_project",
    "aid_projectlocation",
    "aid_projectsector",
    "aid_programme",
    "directory_partnerorganization",
    "directory_organization",
)
OPERATIONS = ("INSERT", "UPDATE", "DELETE")
_BUMP = f"UPDATE {Revision._meta.db_table} SET counter = counter + 1 WHERE id = 1"


def _sqlite_statements() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS revision_{table}_{operation.lower()} "
        f"AFTER {operation} ON {table} BEGIN {_BUMP}; END"
        for table in TABLES
        for operation in OPERATIONS
    ]


def _postgresql_statements() -> list[str]:
    # One bump per statement, not per row: an import of 10,000 transactions raises it once. The
    # bump holds the counter row's lock until commit, so aid writes on PostgreSQL take turns (as
    # every write does on SQLite); they are an editor's form or an import, short and rare beside
    # the reads the counter saves.
    function = (
        "CREATE OR REPLACE FUNCTION doingoai_revision_bump() RETURNS trigger AS $$ "
        f"BEGIN {_BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
    )
    triggers = [
        f"CREATE OR REPLACE TRIGGER revision_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION doingoai_revision_bump()"
        for table in TABLES
    ]
    return [function, *triggers]


def triggers_ensure(using: str = "default") -> None:
    """Create the counter's row and the triggers that raise it, where missing (idempotent)."""
    connection = connections[using]
    statements = _sqlite_statements() if connection.vendor == "sqlite" else _postgresql_statements()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    Revision.objects.using(using).get_or_create(pk=1)


def triggers_ensure_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Connected to `post_migrate` (see `AidConfig.ready`)."""
    triggers_ensure(using)


def revision_current() -> int | None:
    """Return the counter's value, or None where its row is missing (no figure is then cached)."""
    return Revision.objects.filter(pk=1).values_list("counter", flat=True).first()


def cached(name: str, *, user: Any, parts: Iterable[str], compute: Callable[[], T]) -> T:
    """Return `compute()`, kept per revision, reader's visibility, language, day and `parts`.

    Two readers who may read the same records share the entry; any write to the records behind
    the figures raises the revision, so the next request computes afresh.
    """
    revision = revision_current()
    if revision is None:
        return compute()
    fields = [
        name,
        str(revision),
        scope.visibility_key(user),
        get_language() or "",
        dt.date.today().isoformat(),
    ]
    digest = hashlib.sha256("\x1f".join([*fields, *parts]).encode()).hexdigest()
    value: T = cache.get_or_set(f"aid:{name}:{digest}", compute, CACHE_SECONDS)
    return value
