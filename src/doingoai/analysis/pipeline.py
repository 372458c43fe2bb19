"""An ordered list of named steps over a Document, with checks between the steps.

Each step declares the annotations it requires and the ones it assigns, by the names of the
Document's fields ("sentences", "people" ...), as spaCy's pipeline components do. The pipeline
checks when it is built that every requirement is assigned by an earlier step, so a pipeline in
the wrong order is refused before it reads a single document, with the step named.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from doingoai.analysis.document import Document
from doingoai.analysis.errors import PipelineError, StepError

StepFunction = Callable[[Document], Document]
ANNOTATIONS = frozenset(f.name for f in dataclasses.fields(Document))


@dataclass(frozen=True)
class Step:
    """A named step: a callable `Document -> Document`, with what it requires and assigns."""

    name: str
    run: StepFunction
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = sorted(set(self.requires + self.assigns) - ANNOTATIONS)
        if unknown:
            raise PipelineError(self.name, f"declares {', '.join(unknown)}, which no Document has")

    def __call__(self, doc: Document) -> Document:
        """Run the step on `doc`."""
        return self.run(doc)


def spans_check(doc: Document) -> str | None:
    """Return a description of the first span that is out of bounds or misquotes the text."""
    n = len(doc.text)
    for layer, (start, end), claimed in doc.all_spans():
        if not (0 <= start <= end <= n):
            return f"{layer} span ({start}, {end}) lies outside the text of length {n}"
        if claimed is not None and doc.text[start:end] != claimed:
            return f"{layer} span ({start}, {end}) covers {doc.text[start:end]!r}, not {claimed!r}"
    return None


def requirements_check(steps: Sequence[Step]) -> None:
    """Raise PipelineError at the first step that requires what no step before it assigns."""
    assigned: dict[str, str] = {}
    names = [step.name for step in steps]
    for step in steps:
        missing = [r for r in step.requires if r not in assigned]
        if missing:
            later = {a: s.name for s in reversed(steps) for a in s.assigns}
            where = [f"{r} (assigned by '{later[r]}', later)" if r in later else r for r in missing]
            raise PipelineError(
                step.name, f"requires {', '.join(where)}, which no step before it assigns; steps: {names}"
            )
        assigned.update((a, step.name) for a in step.assigns)


class Pipeline:
    """Run named steps in order; each takes a Document and returns it with more annotations.

    A step is a `Step`, or a `(name, callable)` pair for a step that declares nothing.
    """

    def __init__(self, steps: Sequence[Step | tuple[str, StepFunction]], *, check: bool = True) -> None:
        self.steps = [s if isinstance(s, Step) else Step(s[0], s[1]) for s in steps]
        names = self.names
        if len(set(names)) != len(names):
            raise ValueError(f"step names must be unique: {names}")
        requirements_check(self.steps)
        self.check = check

    @property
    def names(self) -> list[str]:
        """Return the names of the steps, in order."""
        return [step.name for step in self.steps]

    def __call__(self, doc: Document) -> Document:
        """Run every step on `doc` and return the annotated Document."""
        for step in self.steps:
            try:
                result = step.run(doc)
            except StepError:
                raise
            except Exception as exc:  # a defect in a step: name the step and the document
                raise StepError(step.name, doc.id, f"{type(exc).__name__}: {exc}") from exc
            if not isinstance(result, Document):
                raise StepError(step.name, doc.id, f"returned {type(result).__name__}, not a Document")
            if self.check:
                problem = spans_check(result)
                if problem:
                    raise StepError(step.name, doc.id, problem)
            doc = result
        return doc
