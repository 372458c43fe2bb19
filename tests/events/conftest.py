from __future__ import annotations

from pathlib import Path

import pytest

from doingoai.analysis import Document, analyze_file

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval" / "events"
ARTICLES = EVAL_DIR / "articles"


@pytest.fixture(scope="session")
def eval_docs() -> dict[str, Document]:
    """Return the analysed evaluation articles by file stem (a001, a002, ...)."""
    return {path.stem: analyze_file(path) for path in sorted(ARTICLES.glob("a*.txt"))}
