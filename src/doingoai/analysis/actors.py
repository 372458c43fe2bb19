"""Who a phrase names: the person or organization of the document that a subject designates.

A person mention in the phrase gives the person's name; a pronoun ("Ông", "Đồng chí") the person
last mentioned within three sentences; a bare title ("Bộ trưởng") the person last mentioned with
that title, and an honorific with a surname ("bà Kang") the person last mentioned with that name
(titles and names compare with their diacritics: "Chu" is not "Chủ"); a phrase that is exactly an
organization mention gives its full name; anything else is kept as written.
"""

from __future__ import annotations

import bisect

from doingoai.analysis.clauses import HONORIFICS, tokens_between
from doingoai.analysis.document import Document, Organization, Person
from doingoai.analysis.text import tone_key

_PRONOUN_REACH_SENTENCES = 3


class Actors:
    """The people and organizations of a document, to name the actor of a subject phrase."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        people = sorted(((s, e, p) for p in doc.people for s, e in p.spans), key=lambda m: (m[0], m[1]))
        self._people = people
        self._people_starts = [m[0] for m in people]
        self._orgs = sorted(((s, e, o) for o in doc.organizations for s, e in o.spans), key=lambda m: m[0])

    def person_in(self, start: int, end: int) -> Person | None:
        """Return the person whose mention overlaps [start, end) nearest its end."""
        best: tuple[int, Person] | None = None
        hi = bisect.bisect_left(self._people_starts, end)
        for _s, e, person in self._people[:hi]:
            if e > start and (best is None or e >= best[0]):
                best = (e, person)
        return best[1] if best else None

    def organization_exactly(self, start: int, end: int) -> Organization | None:
        """Return the organization whose mention covers exactly [start, end)."""
        for s, e, org in self._orgs:
            if s == start and e == end:
                return org
            if s > start:
                break
        return None

    def organization_spans(self, start: int, end: int) -> list[tuple[int, int, Organization]]:
        """Return the organization mentions that lie inside [start, end), in order."""
        return [(s, e, o) for s, e, o in self._orgs if s >= start and e <= end]

    def person_before(
        self, pos: int, floor: int, title_key: str | None = None, part_key: str | None = None
    ) -> Person | None:
        """Return the person mentioned last before `pos` (not before `floor`).

        With `title_key`, the person must hold that title; with `part_key`, the name must begin or
        end with those words (a surname or a given name).
        """
        hi = bisect.bisect_left(self._people_starts, pos)
        for s, _e, person in reversed(self._people[:hi]):
            if s < floor:
                break
            if title_key is not None and not _has_title(person, title_key):
                continue
            if part_key is not None:
                name = tone_key(person.name)
                if not (name.startswith(part_key + " ") or name.endswith(" " + part_key)):
                    continue
            return person
        return None

    def name(self, start: int, end: int) -> str | None:
        """Return the name of the actor that the phrase text[start:end] designates (see the module doc)."""
        text = self.doc.text
        phrase = text[start:end].strip()
        if not phrase:
            return None
        person = self.person_in(start, end)
        if person is not None:
            return person.name
        tokens = tokens_between(text, start, end)
        honorific = HONORIFICS.match(tokens, 0)
        rest = " ".join(t.low for t in tokens[honorific:])
        if self._people and (not rest or rest == "ấy"):
            index = self.doc.sentence_at(start)
            if index is None:
                return phrase  # outside the sentences, the reach of a pronoun is unknown
            floor = self.doc.sentences[max(index - _PRONOUN_REACH_SENTENCES, 0)][0]
            found = self.person_before(start, floor)
            return found.name if found else phrase
        if self._people and rest:
            key = tone_key(rest)  # not the folded key: "Chu" is a surname, "Chủ tịch" a title
            if honorific and all(t.capitalized for t in tokens[honorific:]):
                found = self.person_before(start, 0, part_key=key)  # "bà Kang", "ông Hưng"
            else:
                found = self.person_before(start, 0, title_key=key)
            if found is not None:
                return found.name
        org = self.organization_exactly(start, end)
        return org.name if org else phrase


def _has_title(person: Person, title_key: str) -> bool:
    """Return whether one of the person's titles is `title_key` or begins with it."""
    for title in person.titles:
        key = tone_key(" ".join(title.split()))
        if key == title_key or key.startswith(title_key + " "):
            return True
    return False
