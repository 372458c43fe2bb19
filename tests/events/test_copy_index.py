"""The MinHash LSH that finds near-copies: datasketch's banding, in less memory."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHashLSH
from datasketch.lsh import _optimal_param

from doingoai.events.features import MINHASH_PERMUTATIONS, minhash_jaccard, minhash_new, minhash_of
from doingoai.events.grouping import DEFAULT_CONFIG, CopyIndex, lsh_bands


@pytest.mark.parametrize("threshold", [DEFAULT_CONFIG.copy_jaccard, 0.5, 0.8])
def test_the_bands_are_datasketchs(threshold: float) -> None:
    assert lsh_bands(threshold, MINHASH_PERMUTATIONS) == _optimal_param(
        threshold, MINHASH_PERMUTATIONS, 0.5, 0.5
    )


def _texts(rng: np.random.Generator, n: int) -> list[list[str]]:
    """Return syllable lists: originals and rewrites of them with a share of syllables replaced."""
    vocabulary = [f"âm{i}" for i in range(400)]
    texts = [list(rng.choice(vocabulary, 120)) for _ in range(n)]
    for i in range(n):
        base = texts[int(rng.integers(0, i + 1))]
        changed = list(base)
        for at in rng.choice(len(changed), int(rng.integers(1, 40)), replace=False):
            changed[at] = str(rng.choice(vocabulary))
        texts.append(changed)
    return texts


def test_the_candidates_are_those_of_datasketchs_lsh() -> None:
    rng = np.random.default_rng(7)
    values = [minhash_of(text) for text in _texts(rng, 150)]
    ours = CopyIndex(DEFAULT_CONFIG.copy_jaccard, MINHASH_PERMUTATIONS)
    theirs = MinHashLSH(threshold=DEFAULT_CONFIG.copy_jaccard, num_perm=MINHASH_PERMUTATIONS)
    found_some = 0
    for i, v in enumerate(values):
        minhash = minhash_new()
        minhash.hashvalues = v.copy()
        expected = set(theirs.query(minhash))
        assert ours.query(v) == expected
        found_some += bool(expected)
        ours.insert(f"d{i}", v)
        theirs.insert(f"d{i}", minhash)
    assert found_some >= 25  # rewrites with few changes find their originals


def test_a_removed_document_is_no_longer_found() -> None:
    original = [f"âm{i}" for i in range(120)]
    rewrite = [*original[:60], "khác", *original[61:]]
    a, b = minhash_of(original), minhash_of(rewrite)
    index = CopyIndex(DEFAULT_CONFIG.copy_jaccard, MINHASH_PERMUTATIONS)
    index.insert("a", a)
    index.insert("c", a)
    assert minhash_jaccard(a, b) >= 0.5 and index.query(b) == {"a", "c"}
    index.remove("a", a)
    assert index.query(b) == {"c"}
    index.remove("c", a.astype(np.int64))  # as a library reads stored values back
    assert index.query(b) == set()
