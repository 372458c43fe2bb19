"""The people step. (Being written: replaced by the real extractor before commit.)"""

from __future__ import annotations

from doingoai.analysis.document import Document


def people_step(doc: Document) -> Document:
    """Return the document unchanged until the extractor lands."""
    return doc
