"""The search index sits below the library: nothing in doingoai.search imports doingoai.library."""

from __future__ import annotations

import ast
from pathlib import Path

import doingoai.search

SEARCH = Path(doingoai.search.__file__).resolve().parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_search_index_imports_nothing_from_the_library() -> None:
    files = sorted(SEARCH.rglob("*.py"))
    assert len(files) > 5
    upward = {
        str(path.relative_to(SEARCH)): sorted(n for n in _imports(path) if n.startswith("doingoai.library"))
        for path in files
    }
    assert {k: v for k, v in upward.items() if v} == {}
