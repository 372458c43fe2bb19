from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest

from doingoai.analysis import Document, analyze_text
from doingoai.events.errors import EventsError
from doingoai.events.features import features_from_document
from doingoai.events.grouping import (
    DEFAULT_CONFIG,
    EventIndex,
    event_assign,
    events_group,
    index_link,
    pair_link,
)


def _groups(index: EventIndex) -> list[set[str]]:
    return [set(event.members) for event in index.events]


def _docs(eval_docs: dict[str, Document], *names: str) -> list[Document]:
    return [eval_docs[name] for name in names]


HARD_CASES = [
    # The same union of Nghệ An meets again a month later.
    ("same union a month later", ("a001", "a003", "a005", "a006"), [{"a001", "a003"}, {"a005", "a006"}]),
    (
        "same union, other event a month later",
        ("a024", "a025", "a027", "a028"),
        [{"a024", "a025"}, {"a027", "a028"}],
    ),
    # A Japanese culture festival and a blood drive on 8 March.
    ("same day, other subject", ("a011", "a012", "a014", "a015"), [{"a011", "a012"}, {"a014", "a015"}]),
    # Two conferences on people-to-people diplomacy in Hà Nội on 12 June.
    ("same field, same day", ("a035", "a036", "a038", "a039"), [{"a035", "a036"}, {"a038", "a039"}]),
    # Flood relief in Lào Cai, then in Thái Nguyên two days later.
    ("relief in another province", ("a052", "a053", "a056", "a057"), [{"a052", "a053"}, {"a056", "a057"}]),
]


# Two provinces' friendship unions review 2024 on the same day, in the same words. Known to
# fail since grouping follows average linkage (issue 11): their word cosine (0.41-0.45) is far
# above what reports of one public event share (median 0.28), and their names differ too little
# to tell them apart; `eval/events` then scores 0.979, above its floor of 0.97.
TEMPLATE_CASE = pytest.param(
    "same topic, same day, other province",
    ("a001", "a002", "a008", "a009"),
    [{"a001", "a002"}, {"a008", "a009"}],
    id="same topic, same day, other province",
    marks=pytest.mark.xfail(strict=True, reason="template reports of two provinces merge (issue 11)"),
)


@pytest.mark.parametrize(
    ("case", "names", "expected"),
    [*(pytest.param(*c, id=c[0]) for c in HARD_CASES), TEMPLATE_CASE],
)
def test_hard_negatives_stay_apart_and_reports_of_one_event_join(
    eval_docs: dict[str, Document], case: str, names: tuple[str, ...], expected: list[set[str]]
) -> None:
    index = events_group(_docs(eval_docs, *names))
    stems = [{member.split("/")[-1] for member in group} for group in _groups(index)]
    assert sorted(map(sorted, stems)) == sorted(map(sorted, expected)), case


def test_near_verbatim_copies_are_marked_and_the_rewrite_is_not(eval_docs: dict[str, Document]) -> None:
    index = events_group(_docs(eval_docs, "a020", "a021", "a022", "a023"))
    assert len(index.events) == 1
    event = index.events[0]
    # Each copy points at the closest earlier text: the release or the other copy of it.
    assert len(event.copies) == 2
    assert {doc for pair in event.copies for doc in pair} == {"a020", "a021", "a022"}
    assert {pair[1] for pair in event.copies} == {"a021", "a022"}


def test_a_copy_joins_its_original_event_with_a_copy_link(eval_docs: dict[str, Document]) -> None:
    index = EventIndex()
    event_assign(index, features_from_document(eval_docs["a076"]))
    assignment = event_assign(index, features_from_document(eval_docs["a077"]))
    assert assignment.copy_of == "a076" and not assignment.created
    assert assignment.links[0].copy and assignment.links[0].score >= 1.0


def test_assigning_one_by_one_gives_the_batch_events(eval_docs: dict[str, Document]) -> None:
    docs = list(eval_docs.values())[:40]
    batch = events_group(docs)
    index = EventIndex()
    assignments = [event_assign(index, features_from_document(doc)) for doc in docs]
    assert _groups(index) == _groups(batch)
    assert [a.event for a in assignments] == [batch.event_of(doc.id).id for doc in docs]


def test_an_added_document_leaves_unrelated_events_unchanged(eval_docs: dict[str, Document]) -> None:
    index = events_group(_docs(eval_docs, "a001", "a002", "a011", "a012", "a014", "a017"))
    before = copy.deepcopy([(e.id, list(e.members)) for e in index.events])
    assignment = event_assign(index, features_from_document(eval_docs["a018"]))
    after = [(e.id, list(e.members)) for e in index.events]
    joined = index.event_of("a018").id
    assert not assignment.created and joined == index.event_of("a017").id
    assert [pair for pair in after if pair[0] != joined] == [pair for pair in before if pair[0] != joined]


def test_a_new_event_is_started_when_nothing_matches(eval_docs: dict[str, Document]) -> None:
    index = events_group(_docs(eval_docs, "a001", "a002"))
    assignment = event_assign(index, features_from_document(eval_docs["a014"]))
    assert assignment.created and assignment.links == () and assignment.event == "e2"


def test_links_explain_the_decision(eval_docs: dict[str, Document]) -> None:
    index = EventIndex()
    event_assign(index, features_from_document(eval_docs["a017"]))
    assignment = event_assign(index, features_from_document(eval_docs["a019"]))
    link = assignment.links[0]
    assert link.documents == ("a019", "a017")
    assert link.score >= DEFAULT_CONFIG.threshold and assignment.score == link.score
    signals = link.signals()
    assert {"date_gap_days", "lexical", "names", "people", "places", "figures", "copy"} <= set(signals)
    assert signals["date_gap_days"] == 0 and signals["lexical"] > 0


def test_reports_of_different_days_cannot_be_linked(eval_docs: dict[str, Document]) -> None:
    a = features_from_document(eval_docs["a001"])
    b = dataclasses.replace(
        a, id="later", event_date=a.event_date + dt.timedelta(days=5) if a.event_date else None
    )
    assert a.event_date is not None
    assert pair_link(a, b, lexical=1.0, names=1.0) is None
    assert pair_link(a, dataclasses.replace(b, event_date=a.event_date), lexical=1.0, names=1.0) is not None


def test_shared_names_alone_do_not_link_two_reports() -> None:
    a = features_from_document(
        analyze_text("Bộ trưởng Lê Hoài Trung tiếp Đại sứ Nhật Bản tại Hà Nội.", id="a")
    )
    b = features_from_document(
        analyze_text("Bộ trưởng Lê Hoài Trung dự lễ khánh thành cầu hữu nghị ở Nhật Bản.", id="b")
    )
    link = pair_link(a, b, lexical=0.05, names=1.0)
    assert link is not None and not link.copy
    assert link.score < DEFAULT_CONFIG.threshold


def test_index_link_scores_any_indexed_pair(eval_docs: dict[str, Document]) -> None:
    index = events_group(_docs(eval_docs, "a011", "a014"))
    link = index_link(index, "a011", "a014")
    assert link is not None and link.score < DEFAULT_CONFIG.threshold


def test_a_document_cannot_be_assigned_twice(eval_docs: dict[str, Document]) -> None:
    index = events_group(_docs(eval_docs, "a001"))
    with pytest.raises(EventsError):
        event_assign(index, features_from_document(eval_docs["a001"]))
    with pytest.raises(EventsError):
        index.event_of("unknown")


def test_a_vector_weighed_with_outside_counts_is_the_one_the_index_weighs(
    eval_docs: dict[str, Document],
) -> None:
    from collections import Counter

    from doingoai.events.grouping import vector_of, vector_weigh

    docs = list(eval_docs.values())[:12]
    index = events_group(docs)
    frequencies: Counter[str] = Counter()
    for n, doc in enumerate(docs, start=1):
        features = features_from_document(doc)
        frequencies.update(features.terms.keys())
        outside = vector_weigh(features, frequencies, n)
        inside = vector_of(index, doc.id)
        assert outside.names == inside.names
        assert outside.weights.keys() == inside.weights.keys()
        assert all(abs(outside.weights[t] - w) < 1e-6 for t, w in inside.weights.items())


def test_an_index_seeded_with_the_candidates_decides_as_the_replay(eval_docs: dict[str, Document]) -> None:
    from doingoai.events.grouping import event_seed, vector_of

    docs = list(eval_docs.values())
    replay = events_group(docs)
    last = docs[-1]
    expected = replay.event_of(last.id)
    # Seed only the event the last report joined, as a library seeds its candidates.
    members = [m for m in expected.members if m != last.id]
    assert members, "the last evaluation report joins an event"
    seeded = EventIndex()
    for member in members:
        event_seed(seeded, replay.features_of(member), vector_of(replay, member), "17")
    features = features_from_document(last)
    assignment = event_assign(seeded, features, vector_of(replay, last.id))
    assert assignment.event == "17"
    assert not assignment.created


def test_regrouping_the_rest_of_an_event_keeps_it_whole_or_splits_it(eval_docs: dict[str, Document]) -> None:
    from doingoai.events.grouping import events_regroup, vector_of

    docs = _docs(eval_docs, "a001", "a002", "a005", "a006")
    replay = events_group(docs)
    kept = [(replay.features_of(d.id), vector_of(replay, d.id)) for d in docs if d.id != "a001"]
    assert _groups(events_regroup(kept)) == [{"a002"}, {"a005", "a006"}]


def test_settling_scores_every_pair_as_the_assignment_scores_it(eval_docs: dict[str, Document]) -> None:
    from doingoai.events.grouping import _scores_among, _window_scores

    # Without the titles' and the reduced vectors' shares, settling weighs each pair exactly as
    # `pair_score` does, dates, names and copies included; computed all at once instead of pair by pair.
    config = dataclasses.replace(DEFAULT_CONFIG, title_share=0.0, reduced_share=0.0)
    index = events_group(list(eval_docs.values()), config)
    members = list(index.documents.values())
    expected = _scores_among(index, members)
    got = _window_scores(index, members, rank=len(members))
    for i in range(len(members)):
        expected[i, i] = 1.0
    assert abs(got - expected).max() < 1e-4
    assert (expected == 0).any(), "some pairs of the evaluation set are of dates too far apart"
    assert (expected >= 1.0).sum() > len(members), "the evaluation set holds copies"


def test_reduced_vectors_bring_together_reports_that_share_companions_not_words() -> None:
    import numpy as np
    from scipy.sparse import csr_matrix

    from doingoai.events.grouping import _reduced_rows

    # Words 0-3: "lũ", "cứu trợ", "Quảng Trị", "hàng hóa"; 4-6: "giải", "bóng đá", "vô địch".
    # The first two reports share no word; the third holds words of both. The last two are
    # another story. Reduced to two directions (two events), the first two come close; kept at
    # full rank, the cosines are the vectors' own.
    dense = np.array(
        [
            [1, 1, 0, 0, 0, 0, 0],
            [0, 0, 1, 1, 0, 0, 0],
            [1, 1, 1, 1, 0, 0, 0],
            [0, 0, 0, 0, 1, 1, 1],
            [0, 0, 0, 0, 1, 1, 0],
        ],
        dtype=np.float32,
    )
    dense /= np.linalg.norm(dense, axis=1)[:, None]
    vectors = csr_matrix(dense)
    reduced = _reduced_rows(vectors, 2)
    assert reduced.shape == (5, 2)
    cosines = reduced @ reduced.T
    assert cosines[0, 1] > 0.95
    assert cosines[0, 3] < 0.05
    assert cosines[3, 4] > 0.95
    kept = _reduced_rows(vectors, 5)
    assert abs(kept @ kept.T - dense @ dense.T).max() < 1e-5
    # A rank past the number of reports, or a report without words, is taken as it can be.
    empty = csr_matrix(np.vstack([dense, np.zeros((1, 7), dtype=np.float32)]))
    assert np.allclose(np.linalg.norm(_reduced_rows(empty, 50)[:5], axis=1), 1.0)
    assert not _reduced_rows(empty, 50)[5].any()


def test_settling_adds_the_reduced_cosine_to_the_pair_scores(eval_docs: dict[str, Document]) -> None:
    import numpy as np

    from doingoai.events.grouping import _window_scores

    # Kept at full rank, the reduced cosine is the term vectors' cosine: the scores grow by
    # `reduced_share` times it, except where dates forbid the pair.
    plain = dataclasses.replace(DEFAULT_CONFIG, reduced_share=0.0)
    index = events_group(list(eval_docs.values()), plain)
    members = list(index.documents.values())
    base = _window_scores(index, members, rank=len(members))
    index.config = dataclasses.replace(plain, reduced_share=0.5)
    got = _window_scores(index, members, rank=len(members))
    from scipy.sparse import csr_matrix

    rows = [(i, t, w) for i, m in enumerate(members) for t, w in zip(m.term_ids, m.weights, strict=True)]
    i, t, w = zip(*rows, strict=True)
    vectors = csr_matrix((w, (i, t)), shape=(len(members), max(t) + 1)).toarray()
    cosine = np.clip(vectors @ vectors.T, 0.0, 1.0)
    expected = np.where(base > 0, base + 0.5 * cosine, 0.0)
    np.fill_diagonal(expected, 1.0)
    assert abs(got - expected).max() < 1e-3


def test_settling_joins_the_reports_of_one_event_that_the_pass_left_apart(
    eval_docs: dict[str, Document],
) -> None:
    # A pass that joins nothing (thresholds out of reach) leaves each report alone; settling the
    # closed events then joins the two flood-relief reports of one day and keeps the relief in
    # another province, two days later, apart.
    config = dataclasses.replace(DEFAULT_CONFIG, threshold=2.0, threshold_singleton=2.0)
    index = events_group(_docs(eval_docs, "a052", "a053", "a056", "a057"), config)
    assert sorted(map(sorted, (g for g in _groups(index) if g))) == [["a052", "a053"], ["a056", "a057"]]
    live = index.events_live()
    assert len(live) == 2
    emptied = [event for event in index.events if not event.members]
    assert len(emptied) == 2
    # An event emptied by settling points at the one that took its reports, as a merge does.
    assert {event.merged_into for event in emptied} == {event.id for event in live}
    # Each group keeps the id of the earliest event among those that held most of its reports.
    assert {event.id for event in live} == {index.event_of("a052").id, index.event_of("a056").id}
    assert index.event_of("a052").id == "e1"


def test_settling_takes_an_unrelated_report_out_of_an_event(eval_docs: dict[str, Document]) -> None:
    from doingoai.events.grouping import _member_keys, event_seed, events_settle, vector_of

    docs = _docs(eval_docs, "a052", "a053", "a011")
    replay = events_group(docs)
    index = EventIndex()
    # Seeded into one event, as if the pass had let the festival join the flood relief.
    for doc in docs:
        event_seed(index, replay.features_of(doc.id), vector_of(replay, doc.id), "7")
    positions = events_settle(index, [0])
    assert [index.events[p].members for p in positions] == [["a052", "a053"], ["a011"]]
    assert [index.events[p].id for p in positions] == ["7", "e2"]
    # The blocking keys follow the reports: the festival is found under its new event only.
    own = _member_keys(index, index.documents["a011"]) - {
        key for doc in ("a052", "a053") for key in _member_keys(index, index.documents[doc])
    }
    assert own
    assert all(index.postings[key][week] == [positions[1]] for key, week in own)


def test_settling_batches_hold_whole_events_up_to_the_bound(eval_docs: dict[str, Document]) -> None:
    from doingoai.events.grouping import _settle_batches

    config = dataclasses.replace(DEFAULT_CONFIG, threshold=2.0, threshold_singleton=2.0, settle_documents=3)
    index = events_group(_docs(eval_docs, "a001", "a002", "a005", "a006"), config)
    sizes = [
        [len(index.events[p].members) for p in batch]
        for batch in _settle_batches(index, range(len(index.events)))
    ]
    assert all(sum(batch) <= 3 or len(batch) == 1 for batch in sizes)
    assert sum(map(sum, sizes)) == 4
