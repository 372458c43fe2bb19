"""Official positions ("Bộ trưởng", "Ủy viên", "Tổng Bí thư") from the titles lexicon."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from doingoai.analysis.tokens import PhraseTrie, lexicon_rows

TAKES_ANYTHING = ""  # an organization or a country may follow and then belongs to the title
TAKES_ORGANIZATION = "org"  # the position means nothing without the body that follows
TAKES_NOTHING = "none"  # the title is complete as it stands


@dataclass(frozen=True)
class Position:
    """A position word as the titles lexicon writes it, and what may follow it in a title."""

    title: str
    takes: str


@lru_cache(maxsize=1)
def positions() -> PhraseTrie[Position]:
    """Return the positions of titles.tsv as a trie that ignores case and tone-mark placement."""
    trie: PhraseTrie[Position] = PhraseTrie()
    for row in lexicon_rows("titles.tsv"):
        takes = row[1] if len(row) > 1 else TAKES_ANYTHING
        if takes not in (TAKES_ANYTHING, TAKES_ORGANIZATION, TAKES_NOTHING):
            raise ValueError(f"titles.tsv: {row[0]!r} takes {takes!r}; write '', 'org' or 'none'")
        trie.add(row[0], Position(row[0], takes))
    return trie
