"""Give every new SQLite connection `doingoai_rank`, FTS5's BM25 with the IDFs passed in (fts5rank.c).

FTS5's `bm25()` counts, in every statement, the rows of the whole index holding each phrase of
the query. At 1,000,000 documents that was most of a search's time (docs/benchmarks.md). The C
function takes those counts from the search instead (`doingoai.search.query` keeps them from
one query to the next), and is otherwise `bm25()`.

It is compiled at install (an optional extension module of the package, built by setuptools) and
registered with SQLite's `sqlite3_auto_extension`, through ctypes, in the library the `sqlite3`
module itself runs on, so that every connection opened afterwards has it. Python's `sqlite3` may
be built without `load_extension` (it is here), and the auto extension needs no handle of a
connection. Where the module was not built, or the library refuses, nothing is registered and the
search ranks with `bm25()`: the same order, slower at scale.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import logging
import sqlite3
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

_NAME = "_fts5rank"
_registered: bool | None = None
_kept: list[ctypes.CDLL] = []  # the loaded libraries stay loaded for the process's life


def extension_path() -> Path | None:
    """Return the compiled ranking function's file in this package, or None when it was not built."""
    here = Path(__file__).parent
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = here / f"{_NAME}{suffix}"
        if path.is_file():
            return path
    return None


def register() -> bool:
    """Make SQLite give every new connection of this process `doingoai_rank`; return whether it will.

    Idempotent: the first call decides. Connections opened before it do not get the function.
    """
    global _registered
    if _registered is not None:
        return _registered
    _registered = False
    path = extension_path()
    if path is None:
        logger.info("search: the ranking function was not built; FTS5's bm25() ranks")
        return False
    import _sqlite3

    try:
        extension = ctypes.CDLL(str(path))
        # The sqlite3 module's own library: dlsym on its handle finds what it was linked with.
        host = ctypes.CDLL(_sqlite3.__file__)
        auto_extension = host.sqlite3_auto_extension
    except (OSError, AttributeError) as error:
        logger.warning("search: the ranking function cannot be loaded (%s); FTS5's bm25() ranks", error)
        return False
    auto_extension.argtypes = [ctypes.c_void_p]
    auto_extension.restype = ctypes.c_int
    entry = ctypes.cast(extension.doingoai_fts5rank_init, ctypes.c_void_p)
    if auto_extension(entry) != 0:
        logger.warning("search: SQLite refused the ranking function; FTS5's bm25() ranks")
        return False
    _kept.append(extension)
    _registered = True
    return True


def connection_prepare(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Note on a new SQLite connection whether it has `doingoai_rank` (the `connection_created` signal)."""
    if connection.vendor != "sqlite":
        return
    try:
        connection.connection.execute("SELECT doingoai_rank_ready()").fetchone()
    except sqlite3.Error:  # no such function
        connection.doingoai_rank = False
    else:
        connection.doingoai_rank = True
