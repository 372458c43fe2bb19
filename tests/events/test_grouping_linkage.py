"""Grouping that holds on real news: scores without shared names, lead dates, no chaining, merges."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from doingoai.analysis import analyze_text
from doingoai.analysis.dates import event_date_find
from doingoai.events.features import DocumentFeatures, minhash_of
from doingoai.events.grouping import (
    DEFAULT_CONFIG,
    EventIndex,
    TermVector,
    base_score,
    event_assign,
)


@pytest.mark.parametrize(
    ("lexical", "names", "expected"),
    [
        # No name in common: a share of the words still counts, the score does not vanish.
        (0.30, 0.0, 0.30**0.8 * 0.02**0.2),
        # Names agree: the words weighed with the names, the names' share 0.2.
        (0.20, 0.80, 0.20**0.8 * 0.80**0.2),
        # One of the two has no name at all: the words alone decide.
        (0.30, None, 0.30),
        # Text alike, names apart (a template written again for another province): held down.
        (0.45, 0.05, 0.45**0.8 * 0.05**0.2),
    ],
)
def test_pair_base_score_keeps_a_share_of_the_words_without_shared_names(
    lexical: float, names: float | None, expected: float
) -> None:
    assert base_score(lexical, names) == pytest.approx(expected)


def test_reports_sharing_only_words_can_still_reach_the_threshold() -> None:
    assert base_score(0.40, 0.0) >= DEFAULT_CONFIG.threshold
    assert base_score(0.18, 0.0) < DEFAULT_CONFIG.threshold
    # The same words with names in common reach it.
    assert base_score(0.18, 0.6) >= DEFAULT_CONFIG.threshold


LEAD = "Hội thảo về hợp tác nhân dân hai nước diễn ra ở Đà Nẵng. " * 8  # 472 characters


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A day in the lead names the event.
        ("Sáng 2/6, đoàn đại biểu thăm trường học vùng biên. " + LEAD, "2026-06-03", dt.date(2026, 6, 2)),
        # A day deep in the body is background: the event takes the publication date.
        (LEAD + "Trước đó, ngày 19/5, hai bên đã ký biên bản ghi nhớ.", "2026-06-02", None),
        # Without a publication date, only the lead's date counts.
        ("Ngày 12/3/2026, tỉnh khai mạc hội chợ hàng nông sản. " + LEAD, None, dt.date(2026, 3, 12)),
        (LEAD + "Ngày 12/3/2026, tỉnh khai mạc hội chợ hàng nông sản.", None, None),
        # A lead date far before publication is history, not the event.
        ("Ngày 2/1, hai nước lập quan hệ ngoại giao. " + LEAD, "2026-06-03", None),
    ],
)
def test_event_date_comes_from_the_lead_not_from_background_mentions(
    text: str, published: str | None, expected: dt.date | None
) -> None:
    doc = analyze_text(text, hints={"published": published} if published else {})
    assert event_date_find(doc) == expected


def _features(doc_id: str) -> DocumentFeatures:
    return DocumentFeatures(
        id=doc_id,
        source=None,
        published=None,
        event_date=None,
        title=None,
        terms={},
        name_terms=frozenset(),
        minhash=minhash_of([f"{doc_id}-{i}" for i in range(12)]),
    )


def _vector(weights: dict[str, float]) -> TermVector:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return TermVector(weights={t: w / norm for t, w in weights.items()}, names=frozenset())


def _add(index: EventIndex, doc_id: str, **weights: float) -> str:
    """Assign a document with the term weights given (made unit length); return its event's id."""
    return event_assign(index, _features(doc_id), _vector(weights)).event


def test_a_document_close_to_one_member_only_starts_its_own_event() -> None:
    index = EventIndex()
    story = _add(index, "a1", t1=1.0)
    assert _add(index, "a2", t1=0.9, t2=0.436) == story
    assert _add(index, "a3", t1=0.6, t3=0.8) == story
    assert _add(index, "a4", t1=1.0, t4=0.1) == story
    # Cosine 0.4 with a3 and 0 with the three others: under best-member linkage it would join.
    assert _add(index, "c", t3=0.5, t9=0.866) != story


BRIDGE = {"t1": 0.5, "t3": 0.4, "t2": 0.5, "t4": 0.4}  # shares two terms with each story


def test_a_document_linking_two_events_that_resemble_each_other_merges_them() -> None:
    index = EventIndex()
    first = _add(index, "a1", t1=0.8, t3=0.6)
    second = _add(index, "b1", t1=0.1, t2=0.8, t4=0.59)  # cosine 0.08 with a1: apart at first
    assert first != second
    assignment = event_assign(index, _features("d"), _vector(BRIDGE))
    # d fits b1 best, and a1 too; a1 resembles b1 and d on average: one event, the earlier.
    assert assignment.event == first and assignment.merged == (second,)
    assert index.event_of("b1").id == first
    assert [e.id for e in index.events_live()] == [first]
    assert index.events[1].merged_into == first
    # A later report is found through the keys the absorbed event held.
    assert _add(index, "b2", t2=0.8, t4=0.6) == first


def test_a_document_linking_two_unlike_events_does_not_chain_them() -> None:
    index = EventIndex()
    first = _add(index, "a1", t1=0.8, t3=0.6)
    for i in range(2, 6):
        assert _add(index, f"a{i}", t1=0.8, t3=0.6, t5=0.02 * i) == first
    second = _add(index, "b1", t2=0.6, t4=0.8)  # nothing in common with a1 to a5
    # d fits both (cosine 0.71 with a1, 0.68 with b1), but b1 shares nothing with a1 to a5: the
    # two events' average linkage, d with them, stays below the threshold.
    assignment = event_assign(index, _features("d"), _vector(BRIDGE))
    assert assignment.event == first and assignment.merged == ()
    assert index.event_of("b1").id == second


def test_a_report_that_joined_on_a_low_score_leaves_once_the_event_shows_it_apart() -> None:
    index = EventIndex()
    story = _add(index, "a1", t1=1.0)
    # Cosine 0.2 with a1: above the threshold, so x joins the only event it can.
    assert _add(index, "x", t1=0.2, t9=0.98) == story
    assert _add(index, "a2", t1=0.6, t2=0.8) == story  # 0.6 with a1, 0.12 with x
    assignment = event_assign(index, _features("a3"), _vector({"t2": 1.0}))  # 0 with a1 and x
    assert assignment.event == story
    # Among the four, x fits the others at (0.2 + 0.12 + 0) / 3 < threshold: it leaves for an
    # event of its own; a1, whose fit is (0.2 + 0.6 + 0) / 3, stays.
    assert len(assignment.started) == 1
    alone = assignment.started[0]
    assert assignment.moved == (("x", alone),)
    assert index.event_of("x").id == alone
    assert index.events[index.event_position(story) or 0].members == ["a1", "a2", "a3"]
    # The story no longer holds x's own terms: a later report of x's story finds only x's event.
    assert _add(index, "x2", t9=1.0) == alone


def test_a_report_leaving_an_event_goes_to_the_candidate_it_fits() -> None:
    index = EventIndex()
    other = _add(index, "b1", t9=1.0, t8=0.4)
    story = _add(index, "a1", t1=1.0)
    assert story != other
    # x is first found with the story (b1 shares only t9 with it, at cosine 0.18).
    assert _add(index, "x", t1=0.2, t9=0.196, t7=0.96) == story
    assert _add(index, "a2", t1=0.6, t2=0.8) == story
    # The new report joins the story (through a2) and finds b1's event a candidate (t8, t9); the
    # two do not merge (b1 resembles only x and a3). x fits a1, a2, a3 at (0.2 + 0.12 + 0.03) / 3:
    # it leaves, for b1's event, which it fits at 0.18.
    assignment = event_assign(index, _features("a3"), _vector({"t2": 0.98, "t9": 0.14, "t8": 0.14}))
    assert assignment.event == story
    assert assignment.moved == (("x", other),) and assignment.started == ()
    assert index.event_of("x").id == other


def test_no_member_leaves_an_event_whose_reports_all_resemble_each_other() -> None:
    index = EventIndex()
    story = _add(index, "a1", t1=1.0, t2=0.3)
    for i in range(2, 6):
        assignment = event_assign(
            index, _features(f"a{i}"), _vector({"t1": 1.0, "t2": 0.3, f"t{i + 2}": 0.5})
        )
        assert assignment.event == story and assignment.moved == ()
