"""An ordered list of named steps over a Document, with checks between the steps."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from doingoai.analysis.document import Document
from doingoai.analysis.errors import StepError

Step = Callable[[Document], Document]


def spans_check(doc: Document) -> str | None:
    """Return a description of the first span that is out of bounds or misquotes the text."""
    n = len(doc.text)
    for layer, (start, end), claimed in doc.all_spans():
        if not (0 <= start <= end <= n):
            return f"{layer} span ({start}, {end}) lies outside the text of length {n}"
        if claimed is not None and doc.text[start:end] != claimed:
            return f"{layer} span ({start}, {end}) covers {doc.text[start:end]!r}, not {claimed!r}"
    return None


class Pipeline:
    """Run named steps in order; each takes a Document and returns it with more annotations."""

    def __init__(self, steps: Sequence[tuple[str, Step]], *, check: bool = True) -> None:
        names = [name for name, _ in steps]
        if len(set(names)) != len(names):
            raise ValueError(f"step names must be unique: {names}")
        self.steps = list(steps)
        self.check = check

    @property
    def names(self) -> list[str]:
        """Return the names of the steps, in order."""
        return [name for name, _ in self.steps]

    def __call__(self, doc: Document) -> Document:
        """Run every step on `doc` and return the annotated Document."""
        for name, step in self.steps:
            try:
                result = step(doc)
            except StepError:
                raise
            except Exception as exc:  # a defect in a step: name the step and the document
                raise StepError(name, doc.id, f"{type(exc).__name__}: {exc}") from exc
            if not isinstance(result, Document):
                raise StepError(name, doc.id, f"returned {type(result).__name__}, not a Document")
            if self.check:
                problem = spans_check(result)
                if problem:
                    raise StepError(name, doc.id, problem)
            doc = result
        return doc
