"""Official positions ("Bộ trưởng", "Ủy viên", "Tổng Bí thư") from the titles lexicon."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from doingoai.analysis.tokens import PhraseTrie, lexicon_rows

TAKES_ANYTHING = ""  # an organization or a country may follow and then belongs to the title
TAKES_ORGANIZATION = "org"  # the position means nothing without the body that follows
TAKES_NOTHING = "none"  # the title is complete as it stands
# As TAKES_ANYTHING, and a province, city or commune too: "Chủ tịch tỉnh Quảng Trị", "Tỉnh trưởng Attapeu"
TAKES_PLACE = "place"


@dataclass(frozen=True)
class Position:
    """A position word as the titles lexicon writes it, and what may follow it in a title."""

    title: str
    takes: str
    # The local body whose head the position names when a place of Viet Nam follows: "Chủ tịch tỉnh
    # Quảng Trị" is the "Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị"; None where the place follows as written.
    local_body: str | None = None


@lru_cache(maxsize=1)
def positions() -> PhraseTrie[Position]:
    """Return the positions of titles.tsv as a trie that ignores case and tone-mark placement."""
    trie: PhraseTrie[Position] = PhraseTrie()
    for row in lexicon_rows("titles.tsv"):
        takes = row[1] if len(row) > 1 else TAKES_ANYTHING
        if takes not in (TAKES_ANYTHING, TAKES_ORGANIZATION, TAKES_NOTHING, TAKES_PLACE):
            raise ValueError(f"titles.tsv: {row[0]!r} takes {takes!r}; write '', 'org', 'none' or 'place'")
        local_body = row[2] if len(row) > 2 and row[2] else None
        if local_body is not None and takes != TAKES_PLACE:
            raise ValueError(f"titles.tsv: {row[0]!r} names a local body but does not take a place")
        trie.add(row[0], Position(row[0], takes, local_body))
    return trie
