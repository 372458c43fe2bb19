from __future__ import annotations

import pytest

from doingoai.analysis import (
    Document,
    Pipeline,
    PipelineError,
    Step,
    StepError,
    analyze_text,
    default_pipeline,
)
from doingoai.analysis.document import DateMention, Person


def _add_date(doc: Document) -> Document:
    doc.dates.append(DateMention(text=doc.text[:4], date="2026", span=(0, 4)))
    return doc


def test_steps_run_in_order_and_each_sees_the_previous_work() -> None:
    seen: list[int] = []

    def count(doc: Document) -> Document:
        seen.append(len(doc.dates))
        return doc

    Pipeline([("date", _add_date), ("count", count)])(Document(text="2026 là năm bản lề."))
    assert seen == [1]


def test_a_failing_step_is_named_in_the_error() -> None:
    def broken(doc: Document) -> Document:
        raise KeyError("lexicon")

    with pytest.raises(StepError, match="step 'broken' failed on document 'bai-1'"):
        Pipeline([("broken", broken)])(Document(text="x", id="bai-1"))


def test_a_step_that_returns_something_else_is_refused() -> None:
    with pytest.raises(StepError, match="returned NoneType, not a Document"):
        Pipeline([("forgetful", lambda doc: None)])(Document(text="x"))  # type: ignore[arg-type,return-value]


def test_a_span_outside_the_text_is_refused_with_the_layer_named() -> None:
    def wild(doc: Document) -> Document:
        doc.people.append(Person(name="A", titles=[], spans=[(0, 99)]))
        return doc

    with pytest.raises(StepError, match="Person span"):
        Pipeline([("wild", wild)])(Document(text="ngắn"))


def test_a_span_that_misquotes_the_text_is_refused() -> None:
    def misquote(doc: Document) -> Document:
        doc.dates.append(DateMention(text="2025", date="2025", span=(0, 4)))
        return doc

    with pytest.raises(StepError, match="covers '2026'"):
        Pipeline([("misquote", misquote)])(Document(text="2026"))


def test_step_names_must_be_unique() -> None:
    with pytest.raises(ValueError, match="unique"):
        Pipeline([("a", _add_date), ("a", _add_date)])


def _keep(doc: Document) -> Document:
    return doc


def test_a_step_placed_before_the_step_it_needs_is_refused_with_both_named() -> None:
    steps = {step.name: step for step in default_pipeline().steps}
    wrong = [steps["normalize"], steps["metadata"], steps["places"], steps["segment"]]
    with pytest.raises(
        PipelineError, match=r"step 'places': requires words \(assigned by 'segment', later\)"
    ):
        Pipeline(wrong)


def test_a_requirement_that_no_step_assigns_is_refused_with_the_step_named() -> None:
    with pytest.raises(
        PipelineError, match="step 'speakers': requires people, which no step before it assigns"
    ):
        Pipeline(
            [
                Step("sentences", _keep, assigns=("sentences",)),
                Step("speakers", _keep, ("sentences", "people")),
            ]
        )


def test_a_step_that_declares_an_annotation_the_document_lacks_is_refused() -> None:
    with pytest.raises(PipelineError, match="step 'sentiment': declares mood, which no Document has"):
        Step("sentiment", _keep, assigns=("mood",))


def test_steps_in_the_right_order_are_accepted_and_run() -> None:
    pipeline = Pipeline(
        [Step("date", _add_date, assigns=("dates",)), Step("after", _keep, requires=("dates",))]
    )
    assert pipeline(Document(text="2026 là năm bản lề.")).dates[0].date == "2026"


def test_every_step_of_the_default_pipeline_declares_what_it_assigns() -> None:
    assert all(step.assigns for step in default_pipeline().steps)


def test_default_pipeline_has_every_step_of_the_analysis() -> None:
    assert default_pipeline().names == [
        "normalize",
        "metadata",
        "segment",
        "dates",
        "references",
        "amounts",
        "quantities",
        "places",
        "organizations",
        "people",
        "directives",
        "quotes",
    ]


def test_analyze_text_normalizes_to_nfc_before_any_span() -> None:
    decomposed = "Vie\u0323\u0302t Nam"
    doc = analyze_text(decomposed)
    assert doc.text == "Việt Nam"
