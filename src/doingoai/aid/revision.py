"""The records revision: a counter the database raises on every write the aid figures depend on.

The dashboard's sums read every transaction in scope; they are cached under this counter, the
reader's visibility and the filters. The counter is raised by triggers, not by the services, so
that no write path (forms, spreadsheet and IATI imports, the admin, bulk SQL, cascades) can
forget it. The mechanism is `doingoai.revisions`, shared with the library's pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from doingoai import revisions
from doingoai.aid.models import Revision

T = TypeVar("T")

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
RECORDS = revisions.Counter(
    table=Revision._meta.db_table, tables=TABLES, prefix="revision", function="doingoai_revision_bump"
)


def triggers_ensure(using: str = "default") -> None:
    """Create the counter's row and the triggers that raise it, where missing (idempotent)."""
    RECORDS.ensure(using)


def revision_current() -> int | None:
    """Return the counter's value, or None where its row is missing (no figure is then cached)."""
    return RECORDS.current()


def cached(name: str, *, user: Any, parts: Iterable[str], compute: Callable[[], T]) -> T:
    """Return `compute()`, kept per revision, reader, language, day and `parts` (`revisions.cached`).

    Two readers who may read the same records share the entry; any write to the records behind
    the figures raises the revision, so the next request computes afresh.
    """
    return revisions.cached(f"aid:{name}", counters=[RECORDS], user=user, parts=parts, compute=compute)
