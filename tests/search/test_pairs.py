"""Phrases looked up through the index of syllable pairs: the same documents, in the same tiers,
as the positions of the syllables alone would find; on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps as django_apps
from django.db import connection

from doingoai.accounts.scope import SYSTEM
from doingoai.library.models import IngestJob
from doingoai.library.selectors import DocumentFilters, documents_find
from doingoai.search.models import SearchEntry
from doingoai.search.plan import NUMBER_JOINER, PAIR_JOINER, pair_tokens, plan_make, tier_label, words_of
from doingoai.search.query import pairs_suffice, rank_split
from doingoai.search.services import pairs_text, search_entry_values

Ingest = Callable[..., IngestJob]


def _article(title: str, body: str) -> str:
    return f"date 2026-03-02\n{title}\n\n{body}\n"


def _tiers(query: str) -> dict[str, str]:
    """Return each found document's file name with the label of the tier it fell in.

    Both phrase tiers ("word_phrase": the phrase on the segmenter's word boundaries) read "phrase".
    """
    tiers = plan_make(query).tiers
    return {
        d.file_name: tier_label(tiers[rank_split(d.search_rank)[0]]).replace("word_phrase", "phrase")
        for d in documents_find(user=SYSTEM, filters=DocumentFilters(query=query))
    }


# Each case: the articles, the query, and the tier each article must fall in (absent: not found).
CASES = [
    pytest.param(
        {"a.txt": _article("Tin đối ngoại", "Tỉnh đẩy mạnh hợp tác quốc tế về giáo dục.")},
        "hợp tác quốc tế",
        {"a.txt": "exact:phrase"},
        id="phrase-found-through-its-pairs",
    ),
    pytest.param(
        {"a.txt": _article("Tin đối ngoại", "Hai bên bàn việc hợp tác. Quốc tế ủng hộ sáng kiến này.")},
        "hợp tác quốc tế",
        {"a.txt": "exact:phrase"},
        id="phrase-across-punctuation-as-before",
    ),
    pytest.param(
        {
            "name.txt": _article("Gặp mặt", "Ông Nguyễn Văn Tú phát biểu."),
            "word.txt": _article("Gặp mặt", "Bài văn tự sự được khen."),
        },
        "Văn Tú",
        {"name.txt": "exact:phrase", "word.txt": "folded:phrase"},
        id="exact-before-folded",
    ),
    pytest.param(
        {
            "phrase.txt": _article("Tin một", "Tỉnh tổ chức hội nghị tổng kết năm."),
            "pairs-apart.txt": _article(
                "Tin hai", "Huyện tổ chức hội thảo khoa học; sau đó là hội nghị của ngành."
            ),
        },
        "tổ chức hội nghị",
        {"phrase.txt": "exact:phrase", "pairs-apart.txt": "exact:near"},
        id="all-pairs-but-not-adjacent-is-no-phrase",
    ),
    pytest.param(
        {
            "phrase.txt": _article("Tin một", "Đoàn thanh niên Lào sang thăm tỉnh."),
            "apart.txt": _article("Tin hai", "Thanh niên tỉnh và đoàn khách Lào gặp nhau."),
        },
        '"thanh niên Lào"',
        {"phrase.txt": "exact:all"},
        id="quoted-phrase-through-pairs",
    ),
    pytest.param(
        {"a.txt": _article("Tin đối ngoại", "Tỉnh đẩy mạnh hợp tác quốc tế về giáo dục.")},
        "hop tac quoc te",
        {"a.txt": "folded:phrase"},
        id="folded-query-finds-the-folded-pairs",
    ),
]


@pytest.mark.parametrize(("articles", "query", "tiers"), CASES)
def test_phrase_tiers_through_pairs(
    ingest: Ingest, articles: dict[str, str], query: str, tiers: dict[str, str]
) -> None:
    ingest(articles, published=True)
    assert _tiers(query) == tiers


def test_a_phrase_is_not_found_without_its_pairs(ingest: Ingest) -> None:
    # The phrase tier is the pairs' conjunction checked by position: a row whose pairs are gone is
    # not in it (and falls to the next tier, words near each other), which proves the pairs are asked.
    ingest({"a.txt": _article("Tin đối ngoại", "Tỉnh đẩy mạnh hợp tác quốc tế về giáo dục.")}, published=True)
    assert _tiers("hợp tác quốc tế") == {"a.txt": "exact:phrase"}
    SearchEntry.objects.update(pairs="")
    assert _tiers("hợp tác quốc tế") == {"a.txt": "exact:near"}


def test_the_pairs_of_a_title_and_a_body_are_kept_in_order_apart() -> None:
    values = search_entry_values(title="Hội nghị", body="Tổng kết năm, kết năm")
    title, body = values["pairs"].split("\n")
    j = PAIR_JOINER
    # Each run exact, then past a barrier (the joiner alone, which no query's pair is) folded.
    assert title.split() == [f"hội{j}nghị", j, f"hoi{j}nghi"]
    assert body.split() == [
        *(f"tổng{j}kết", f"kết{j}năm", f"năm{j}kết", f"kết{j}năm"),
        j,
        *(f"tong{j}ket", f"ket{j}nam", f"nam{j}ket", f"ket{j}nam"),
    ]
    assert pair_tokens(["a", "b", "c"]) == [f"a{j}b", f"b{j}c"]
    # A key without diacritics is its own folded run; an empty title has no pairs.
    assert pairs_text("", "ba ba ba", "", "ba ba ba") == f"\nba{j}ba ba{j}ba"


def test_the_migration_fills_the_pairs_of_stored_rows(ingest: Ingest) -> None:
    ingest({"a.txt": _article("Tin đối ngoại", "Tỉnh đẩy mạnh hợp tác quốc tế.")}, published=True)
    expected = SearchEntry.objects.get().pairs
    assert f"hợp{PAIR_JOINER}tác" in expected.split()
    SearchEntry.objects.update(pairs="")
    migration = importlib.import_module("doingoai.search.migrations.0004_syllable_pairs")
    migration._fill(django_apps, None)
    assert SearchEntry.objects.get().pairs == expected
    assert _tiers("hợp tác quốc tế") == {"a.txt": "exact:phrase"}


class _Editor:
    """What the migrations' functions ask of a schema editor, on the test's connection."""

    connection = connection

    def execute(self, statement: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement)


def test_migration_0007_takes_the_rows_of_the_former_shape(ingest: Ingest) -> None:
    # Rows written before it hold each pair once, in no useful order: SQLite writes them again in
    # order and indexes them anew; PostgreSQL keeps them, and finds the phrase through them as before.
    ingest({"a.txt": _article("Tin đối ngoại", "Tỉnh đẩy mạnh hợp tác quốc tế, hợp tác.")}, published=True)
    entry = SearchEntry.objects.get()
    keys = (entry.title_exact, entry.body_exact, entry.title_folded, entry.body_folded)
    former = " ".join(dict.fromkeys(t for key in keys for t in pair_tokens(words_of(key))))
    SearchEntry.objects.update(pairs=former)
    migration = importlib.import_module("doingoai.search.migrations.0007_pairs_in_order")
    for operation in migration.Migration.operations:
        operation.code(django_apps, _Editor())
    assert SearchEntry.objects.get().pairs == (pairs_text(*keys) if connection.vendor == "sqlite" else former)
    assert _tiers("hợp tác quốc tế") == {"a.txt": "exact:phrase"}
    assert _tiers("hop tac quoc te") == {"a.txt": "folded:phrase"}


@pytest.mark.parametrize(
    ("query", "suffices"),
    [
        ("tổ chức", {"exact:word_phrase": True, "exact:phrase": True, "folded:phrase": True}),
        ("to chuc", {"folded:phrase": True}),
        ("tổ chức hội", {"exact:phrase": False, "folded:phrase": False}),
        ('"tổ chức" hội nghị', {"exact:phrase": False}),
        ("Tú", {"exact:all": False}),
    ],
)
def test_a_two_word_phrase_alone_is_matched_by_its_pair(query: str, suffices: dict[str, bool]) -> None:
    # PostgreSQL drops the positional phrase only where the pair token says the same thing.
    tiers = {tier_label(t): t for t in plan_make(query).tiers}
    assert {label: pairs_suffice(tiers[label]) for label in suffices} == suffices


def test_migration_0008_makes_the_numbers_of_stored_rows_whole(ingest: Ingest) -> None:
    # Rows indexed before it hold "500.000" as "500" and "000": it writes their keys and pairs again
    # as the index now writes them, and leaves a row without such a number as it was.
    ingest(
        {
            "a.txt": _article("Trao 1.200 suất quà", "Mỗi em được tặng 500.000 đồng."),
            "b.txt": _article("Tin hữu nghị", "Hai bên ký biên bản ngày 30.5."),
        },
        published=True,
    )
    now = {
        e.document_id: (e.title_exact, e.body_exact, e.title_folded, e.body_folded, e.pairs)
        for e in SearchEntry.objects.all()
    }
    for entry in SearchEntry.objects.all():
        keys = [
            k.replace(NUMBER_JOINER, ".")
            for k in (entry.title_exact, entry.body_exact, entry.title_folded, entry.body_folded)
        ]
        SearchEntry.objects.filter(pk=entry.pk).update(
            title_exact=keys[0],
            body_exact=keys[1],
            title_folded=keys[2],
            body_folded=keys[3],
            pairs=pairs_text(*keys),
        )
    assert _tiers("500") == {"a.txt": "folded:all"}  # the former reading: "500" found in "500.000"
    migration = importlib.import_module("doingoai.search.migrations.0008_numbers_whole")
    for operation in migration.Migration.operations:
        operation.code(django_apps, _Editor())
    assert {
        e.document_id: (e.title_exact, e.body_exact, e.title_folded, e.body_folded, e.pairs)
        for e in SearchEntry.objects.all()
    } == now
    assert _tiers("500") == {}
    assert _tiers("500.000 đồng") == {"a.txt": "exact:phrase"}
    assert _tiers("1.200 suất") == {"a.txt": "exact:phrase"}
