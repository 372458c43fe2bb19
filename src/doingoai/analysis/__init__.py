"""Vietnamese document analysis: text in, facts with spans out. No web framework here.

>>> from doingoai.analysis import analyze_text
>>> doc = analyze_text("(TTXVN) - Ngày 30/12/2025, ...")
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from doingoai.analysis.document import Document
from doingoai.analysis.errors import AnalysisError, ReadError, StepError
from doingoai.analysis.pipeline import Pipeline, Step
from doingoai.analysis.text import text_normalize

__all__ = [
    "AnalysisError",
    "Document",
    "Pipeline",
    "ReadError",
    "Step",
    "StepError",
    "analyze_file",
    "analyze_text",
    "default_pipeline",
]


def normalize_step(doc: Document) -> Document:
    """Put the text in NFC; every later span is an offset into this text."""
    doc.text = text_normalize(doc.text)
    return doc


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """Return the full analysis pipeline, in the order the steps depend on each other."""
    from doingoai.analysis import (
        amounts,
        dates,
        directives,
        metadata,
        organizations,
        people,
        places,
        quantities,
        quotes,
        references,
        segment,
    )

    return Pipeline(
        [
            ("normalize", normalize_step),
            ("metadata", metadata.metadata_step),
            ("segment", segment.segment_step),
            ("dates", dates.dates_step),
            ("references", references.references_step),
            ("amounts", amounts.amounts_step),
            ("quantities", quantities.quantities_step),
            ("places", places.places_step),
            ("organizations", organizations.organizations_step),
            ("people", people.people_step),
            ("directives", directives.directives_step),
            ("quotes", quotes.quotes_step),
        ]
    )


def analyze_text(
    text: str,
    *,
    id: str = "",
    path: str | None = None,
    hints: dict[str, str] | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Return the analysed Document for a text."""
    doc = Document(text=text, id=id, path=path, hints=dict(hints or {}))
    return (pipeline or default_pipeline())(doc)


def analyze_file(path: str | Path, *, pipeline: Pipeline | None = None) -> Document:
    """Return the analysed Document for a file; raise ReadError when it cannot be read."""
    from doingoai.analysis.reading import read_document

    p = Path(path)
    text, hints = read_document(p)
    return analyze_text(text, id=p.stem, path=str(path), hints=hints, pipeline=pipeline)
