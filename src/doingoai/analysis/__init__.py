"""Vietnamese document analysis: text in, facts with spans out. No web framework here.

>>> from doingoai.analysis import analyze_text
>>> doc = analyze_text("(TTXVN) - Ngày 30/12/2025, ...")
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from doingoai.analysis.document import Document
from doingoai.analysis.errors import AnalysisError, PipelineError, ReadError, StepError
from doingoai.analysis.pipeline import Pipeline, Step, StepFunction
from doingoai.analysis.text import text_normalize

__all__ = [
    "AnalysisError",
    "Document",
    "Pipeline",
    "PipelineError",
    "ReadError",
    "Step",
    "StepError",
    "StepFunction",
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

    # What each step reads of the Document and what it fills; the Pipeline checks the order.
    return Pipeline(
        [
            Step("normalize", normalize_step, assigns=("text",)),
            Step("metadata", metadata.metadata_step, ("text",), ("source", "published", "title")),
            Step("segment", segment.segment_step, ("text",), ("sentences", "words")),
            Step("dates", dates.dates_step, ("text", "published"), ("dates",)),
            Step("references", references.references_step, ("text",), ("references",)),
            Step("amounts", amounts.amounts_step, ("dates", "references"), ("amounts",)),
            Step(
                "quantities",
                quantities.quantities_step,
                ("words", "dates", "references", "amounts"),
                ("quantities",),
            ),
            Step("places", places.places_step, ("words",), ("places",)),
            Step("organizations", organizations.organizations_step, ("words", "places"), ("organizations",)),
            Step("people", people.people_step, ("words", "organizations"), ("people",)),
            Step(
                "directives",
                directives.directives_step,
                ("sentences", "words", "dates", "references", "people", "organizations"),
                ("directives",),
            ),
            Step(
                "quotes",
                quotes.quotes_step,
                ("sentences", "people", "organizations"),
                ("quotes", "statements"),
            ),
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
