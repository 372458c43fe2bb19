"""Words typed without their spaces ("hanoi") read as the syllables they may be."""

from __future__ import annotations

import pytest

from doingoai.search.plan import RESPELL_MAX_CANDIDATES, query_respellings, syllables_split

SPLITS = [
    ("hanoi", "ha noi"),  # a word of the word list beats "han oi"
    ("HaNoi", "ha noi"),
    ("hochiminh", "ho chi minh"),
    ("quangtri", "quang tri"),
    ("haiphong", "hai phong"),
    ("hoptacquocte", "hop tac quoc te"),
    ("hợptác", "hop tac"),
]


@pytest.mark.parametrize(("typed", "first"), SPLITS)
def test_a_word_of_joined_syllables_is_read_likeliest_first(typed: str, first: str) -> None:
    assert syllables_split(typed)[0] == first


@pytest.mark.parametrize(
    "typed", ["nam", "nguyen", "covid", "ukraine", "2025", "abc", "x" * 30, "", "ha-noi"]
)
def test_a_syllable_a_foreign_word_or_no_word_is_not_split(typed: str) -> None:
    assert syllables_split(typed) == []


def test_every_reading_holds_only_syllables_of_two_to_four() -> None:
    for reading in syllables_split("danang") + syllables_split("dienbien"):
        assert 2 <= len(reading.split()) <= 4
    assert "da nang" in syllables_split("danang")


def test_a_query_is_respelled_one_word_at_a_time_keeping_the_rest() -> None:
    assert query_respellings("tp hochiminh 2025")[0] == "tp ho chi minh 2025"
    assert query_respellings("Lao Bảo") == []
    assert len(query_respellings("hanoi danang hochiminh dienbien")) == RESPELL_MAX_CANDIDATES
