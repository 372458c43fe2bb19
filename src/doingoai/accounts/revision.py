"""The signed-in user's revision: the database raises it on every write to what a page shows of them.

Every page reads its user (with their unit) and the unread count under the bell. Both are kept
under this counter (`doingoai.revisions`), so a request costs one read of the counter and of the
cache, not two queries through the ORM; any write to the tables below, whatever makes it (a
sign-in, the admin, a notification sent by a task), raises it, and nothing kept before is served
after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from doingoai import revisions
from doingoai.accounts.models import Revision

T = TypeVar("T")

TABLES = ("accounts_user", "directory_organization", "notifications_notification")
SIGNED_IN = revisions.Counter(
    table=Revision._meta.db_table,
    tables=TABLES,
    prefix="accounts_revision",
    function="doingoai_accounts_revision_bump",
)


def triggers_ensure_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Connected to `post_migrate` (see `AccountsConfig.ready`)."""
    SIGNED_IN.ensure(using)


def cached(name: str, *, user_id: Any, compute: Callable[[], T]) -> T:
    """Return `compute()` for one user, kept until the next write to the tables above."""
    return revisions.cached(
        f"accounts:{name}", counters=[SIGNED_IN], user=None, parts=[str(user_id)], compute=compute, reader="-"
    )
