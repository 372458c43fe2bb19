"""TF-IDF rows of short texts: the baseline's representation, and the titles' when events settle."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix

_WORD = re.compile(r"\w+")


def tfidf_matrix(texts: Sequence[str]) -> csr_matrix:
    """Return unit-length TF-IDF rows over lower-cased words and word bigrams (sublinear tf, smooth idf)."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, text in enumerate(texts):
        words = _WORD.findall(text.lower())
        counts: dict[int, int] = {}
        for term in [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]:
            column = vocabulary.setdefault(term, len(vocabulary))
            counts[column] = counts.get(column, 0) + 1
        rows += [row] * len(counts)
        columns += list(counts)
        values += [1.0 + float(np.log(c)) for c in counts.values()]
    matrix = csr_matrix((values, (rows, columns)), shape=(len(texts), len(vocabulary)), dtype=np.float64)
    frequency = np.bincount(matrix.indices, minlength=len(vocabulary))
    idf = np.log((1 + len(texts)) / (1 + frequency)) + 1.0
    matrix = csr_matrix(matrix.multiply(idf[np.newaxis, :]))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(matrix.multiply((1.0 / norms)[:, np.newaxis]))
