"""The signed-in user's revision: the database raises it on every write to users and units.

Every request reads its user, with their unit. The user is kept under this counter
(`doingoai.revisions`), so a request costs one read of the counter and of the cache, not a query
through the ORM; any write to the tables below, whatever makes it (a sign-in, the admin, a unit
moved), raises it, and nothing kept before is served after.

The notifications are not among the tables: on PostgreSQL a write holds the counter's row until
its transaction commits, and the daily digest writes notifications in a transaction that also
sends the e-mail. Every sign-in (which writes the user's row) would then wait for the mail server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from doingoai import revisions
from doingoai.accounts.models import Revision

T = TypeVar("T")

TABLES = ("accounts_user", "directory_organization")
SIGNED_IN = revisions.Counter(
    table=Revision._meta.db_table,
    tables=TABLES,
    prefix="accounts_revision",
    function="doingoai_accounts_revision_bump",
)


def cached(name: str, *, user_id: Any, compute: Callable[[], T]) -> T:
    """Return `compute()` for one user, kept until the next write to the tables above."""
    return revisions.cached(
        f"accounts:{name}", counters=[SIGNED_IN], user=None, parts=[str(user_id)], compute=compute, reader="-"
    )
