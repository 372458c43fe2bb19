"""The people step: persons named in the text, with their official titles and every mention.

A name is found where something vouches for it: a title before it ("Bộ trưởng Bộ Ngoại giao Lê
Hoài Trung"), an honorific ("ông John Smith", "đồng chí Trần Cẩm Tú"), or a Vietnamese name
shape (a family name from surnames.txt and two or three more capitalized syllables that the
word segmenter keeps together). Capitalization and the segmented words draw the name's
boundaries; organizations and places found by the earlier steps are never taken for names.

A title is a position from titles.tsv, with the organization or country that follows it
("Phó Chủ tịch" + "UBND tỉnh B"). Titles keep the organization's full name, abbreviations
written out ("Phó Chủ tịch Ủy ban nhân dân tỉnh B"), so that two writings of one title match.
Several titles joined by commas or "kiêm" all belong to the name after them; titles after a
name and a comma ("bà Nguyễn Thị B, Giám đốc Sở Ngoại vụ") belong to that name.

One Person per name (compared by `tone_key`) holds every mention: the name again, with or
without a title, and a title standing alone ("Thường trực Ban Bí thư yêu cầu ...") when exactly
one person of the document holds it; such a mention's span is the title's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from doingoai.analysis.document import Document, Organization, Person, Place, Span
from doingoai.analysis.gazetteer import FOREIGN_SUBDIVISION_KINDS
from doingoai.analysis.organizations import COUNTRY_KINDS, OrganizationReader
from doingoai.analysis.personal_names import (
    Honorific,
    capitalized_run_end,
    capitalized_word_length,
    family_names,
    has_vietnamese_letters,
    honorifics,
    is_name_token,
    is_vietnamese_syllable,
    starts_vietnamese_name,
)
from doingoai.analysis.titles import TAKES_NOTHING, TAKES_ORGANIZATION, TAKES_PLACE, Position, positions
from doingoai.analysis.tokens import PhraseTrie, TokenStream, phrase_keys, spans_by_start, token_stream

_MAX_NAME_TOKENS = 6
_TITLE_JOINERS = frozenset({",", "kiêm"})
_NAME_THEN_TITLE = frozenset({",", "-", "–", "("})
_BEFORE_LOWER_CASE_TITLE = _NAME_THEN_TITLE | _TITLE_JOINERS | {"-"}
# Words that end with one of those below and name no place: the name after them is a person's.
_ENDING_LIKE_A_PLACE_WORD: tuple[tuple[str, ...], ...] = tuple(
    phrase_keys(p) for p in ("môi trường", "thị trường", "lập trường", "hiện trường", "thương trường")
)
# Words after which a name is that of a place, a street or a doctrine, not a person mentioned.
_NOT_A_PERSON_AFTER: tuple[tuple[str, ...], ...] = tuple(
    phrase_keys(p)
    for p in (
        "tư tưởng",
        "thành phố",
        "TP",
        "tỉnh",
        "huyện",
        "quận",
        "xã",
        "phường",
        "đường",
        "phố",
        "lăng",
        "bảo tàng",
        "mang tên",
        "quảng trường",
        "khu di tích",
        "sông",
        "cầu",
        "chợ",
        "giải",
        "giải thưởng",
        "huân chương",
        "trường",
        "công viên",
        "vườn hoa",
        "tượng đài",
        "nhà lưu niệm",
        "đền",
        "chùa",
        "di tích",
    )
)


@dataclass
class _Title:
    """A title in the text: its token range, how it is written out, and whether it is capitalized."""

    start: int
    end: int
    text: str
    capitalized: bool


@dataclass
class _Chain:
    """Titles joined by commas or "kiêm"."""

    titles: list[_Title]
    used: bool = False

    @property
    def start(self) -> int:
        """Return the first token of the first title."""
        return self.titles[0].start

    @property
    def end(self) -> int:
        """Return the token after the last title."""
        return self.titles[-1].end


@dataclass
class _Found:
    """A person being gathered: the name as first written, titles in order, mention spans."""

    name: str
    titles: list[str] = field(default_factory=list)
    title_keys: set[tuple[str, ...]] = field(default_factory=set)
    spans: list[Span] = field(default_factory=list)

    def add_titles(self, titles: list[str]) -> None:
        """Add titles not held yet; a bare position gives way to the same position with its body."""
        for title in titles:
            key = phrase_keys(title)
            if any(held[: len(key)] == key for held in self.title_keys):
                continue  # "Bộ trưởng" after "Bộ trưởng Bộ Ngoại giao"
            shorter = [
                i for i, held in enumerate(self.titles) if key[: len(phrase_keys(held))] == phrase_keys(held)
            ]
            for i in reversed(shorter):
                self.title_keys.discard(phrase_keys(self.titles.pop(i)))
            self.title_keys.add(key)
            self.titles.insert(shorter[0] if shorter else len(self.titles), title)


class _PeopleReader:
    """Read the people of one document from its tokens and the organizations already found."""

    def __init__(self, doc: Document, stream: TokenStream) -> None:
        self.stream = stream
        self.org_reader = OrganizationReader(doc, stream)
        self.orgs: dict[int, tuple[int, Organization]] = spans_by_start(
            stream, ((span, org) for org in doc.organizations for span in org.spans)
        )
        self.places: dict[int, tuple[int, Place]] = self.org_reader.places
        self.in_org = bytearray(stream.n + 1)  # 1 inside an organization's mention, beyond its first token
        self.org_start = bytearray(stream.n + 1)
        for i, (j, _) in self.orgs.items():
            self.org_start[i] = 1
            self.in_org[i + 1 : j] = b"\x01" * (j - i - 1)
        self.in_place = bytearray(stream.n + 1)
        for i, (j, _) in self.places.items():
            self.in_place[i:j] = b"\x01" * (j - i)
        self.claimed = bytearray(stream.n + 1)  # tokens of a name or title already read as a mention
        self.people: dict[tuple[str, ...], _Found] = {}
        self.name_ending_at: dict[int, tuple[str, ...]] = {}
        self.title_starts: set[int] = set()

    # -- titles ----------------------------------------------------------------------------------------

    def _complement(self, j: int) -> tuple[int, str] | None:
        """Return the end and full name of the organization or country that completes a title."""
        s = self.stream
        k = j
        if s.keys[k : k + 1] == ["của"]:
            k += 1
        if s.keys[k : k + 2] == ["tổ", "chức"] and s.is_lower(k):
            k += 2
            if s.keys[k : k + 3] == ["phi", "chính", "phủ"]:
                k += 3
        if k in self.orgs and s.adjacent(k):
            end, org = self.orgs[k]
            return end, org.name
        unnamed = self.org_reader.unnamed_body(k) if s.adjacent(k) and s.is_capitalized(k) else None
        if unnamed is not None:
            return unnamed  # "Phó Chủ tịch UBND tỉnh", the province being the article's own
        country = self.org_reader.country(j)
        if country is not None:
            return country
        return None

    def _local_place(self, j: int, position: Position) -> tuple[int, str] | None:
        """Return the end and text of the province, city or commune that completes a position at j.

        "Chủ tịch tỉnh Quảng Trị" heads the province's people's committee, and the title is written
        so ("Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị") to match the usual writing; a place abroad stays
        as written ("Chủ tịch tỉnh Savannakhet"). The unit word is needed ("Chủ tịch Hồ Chí Minh" is
        a person), except after a position that heads a foreign province only ("Tỉnh trưởng Attapeu").
        """
        s = self.stream
        found = self.org_reader.location(j)
        if found is None and position.local_body is None and not self.in_place[j]:
            found = self.org_reader.place(j)
            if found is not None and not (is_name_token(s, found[0]) and s.adjacent(found[0])):
                return None  # no name after the words taken for a place: they are the name
        if found is None:
            return None
        abroad = s.keys[j] == "châu" or any(  # "châu Hồng Hà", a prefecture of China
            k in self.places and self.places[k][1].kind in FOREIGN_SUBDIVISION_KINDS
            for k in range(j, found[0])
        )
        if position.local_body is None or abroad:
            return found
        return found[0], f"{position.local_body} {found[1]}"

    def _title_at(self, i: int) -> _Title | None:
        """Return the title that begins at token i: a position and what completes it."""
        s = self.stream
        if self.in_org[i] or not s.is_word(i):
            return None
        best: tuple[tuple[int, int], _Title] | None = None
        for end, values in positions().matches(s, i):
            if s.is_lower(end) and s.same_word(end - 1, end):
                continue  # "Đại sứ" of "Đại sứ quán"
            if self.org_start[i] and self.orgs[i][0] > end:
                continue  # a position inside an organization's name ("Văn phòng Chủ tịch nước")
            for position in values:
                title = self._title_with_complement(i, end, position)
                if title is not None and (best is None or (title.end, end) > best[0]):
                    best = ((title.end, end), title)
        return best[1] if best else None

    def _title_with_complement(self, i: int, end: int, position: Position) -> _Title | None:
        """Return the title a position at tokens i..end makes with what follows it, or None."""
        s = self.stream
        capitalized = s.is_capitalized(i)
        if position.takes == TAKES_NOTHING:
            return _Title(i, end, position.title, capitalized)
        complement = self._complement(end) if s.adjacent(end) else None
        if complement is None and position.takes == TAKES_PLACE and s.adjacent(end):
            complement = self._local_place(end, position)
        if complement is None:
            if position.takes == TAKES_ORGANIZATION:
                return None
            return _Title(i, end, position.title, capitalized)
        stop, text = complement[0], f"{position.title} {complement[1]}"
        if s.keys[stop : stop + 1] == ["tại"]:
            seat = self.org_reader.country(stop + 1) or self.org_reader.place(stop + 1)
            if seat is not None and not starts_vietnamese_name(s, stop + 1):
                stop, text = seat[0], f"{text} tại {seat[1]}"
        return _Title(i, stop, text, capitalized)

    def _titles(self) -> list[_Title]:
        """Return the titles of the document, left to right, none inside another."""
        s = self.stream
        found: list[_Title] = []
        after = 0
        for i in s.indices_starting(positions()):
            if i < after or not (s.is_capitalized(i) or s.keys[i - 1] in _BEFORE_LOWER_CASE_TITLE):
                continue  # "phó chủ tịch" in lower case is a title only after a name: "ông A, phó chủ tịch"
            title = self._title_at(i)
            if title is not None:
                found.append(title)
                after = title.end
        return found

    def _chains(self, titles: list[_Title]) -> list[_Chain]:
        """Return the titles grouped into chains joined by commas or "kiêm"."""
        s = self.stream
        chains: list[_Chain] = []
        for title in titles:
            if chains:
                last = chains[-1].titles[-1]
                if title.start == last.end + 1 and s.keys[last.end] in _TITLE_JOINERS:
                    chains[-1].titles.append(title)
                    continue
            chains.append(_Chain([title]))
        return chains

    # -- names ---------------------------------------------------------------------------------------

    def _name_at(self, j: int, *, needs_family_name: bool, allow_single: bool) -> int | None:
        """Return the end of a personal name that begins at token j, if one does."""
        s = self.stream
        if not (s.adjacent(j) and is_name_token(s, j)) or self.in_org[j] or self.org_start[j]:
            return None
        vietnamese = s.keys[j] in family_names()
        if needs_family_name and not vietnamese:
            return None
        if j in self.places:
            place = self.places[j][1]
            if place.kind in COUNTRY_KINDS or not starts_vietnamese_name(s, j):
                return None  # "Chủ tịch Hồ Chí Minh" is a person; "Hà Nội" and "Lào" are not
        end = capitalized_run_end(s, j, limit=_MAX_NAME_TOKENS + 1)
        for k in range(j + 1, end):
            if self.org_start[k] or (k in self.places and self.places[k][1].kind in COUNTRY_KINDS):
                end = k
                break
        if end - j > _MAX_NAME_TOKENS:
            if not vietnamese:
                return None
            end = j + min(capitalized_word_length(s, j), _MAX_NAME_TOKENS)
        if end - j == 1:
            form = s.forms[j]
            if not allow_single or has_vietnamese_letters(form) or is_vietnamese_syllable(form):
                return None  # one syllable is a given name at most: "ông Nam" needs a known "... Nam"
            if s.is_lower(end) and s.same_word(j, end):
                return None  # a common word: "Ngoại" of "Ngoại giao"
        return end

    def _honorific_at(self, i: int) -> tuple[int, Honorific] | None:
        """Return the end of the honorifics at token i ("ông", "PGS.TS") and the last of them."""
        s = self.stream
        found = honorifics().longest(s, i)
        if found is None:
            return None
        end, values = found
        if s.is_lower(end) and s.same_word(end - 1, end):
            return None  # "bà" of "bà con", "anh" of "anh hùng"
        while end < s.n:
            k = end + 1 if s.forms[end] == "." and s.adjacent(end + 1) else end
            more = honorifics().longest(s, k) if s.adjacent(k) else None
            if more is None:
                break
            end, values = more
        if end < s.n and s.forms[end] == "." and s.adjacent(end):
            end += 1
        return end, values[0]

    def _add(self, i: int, j: int, titles: list[str]) -> tuple[str, ...]:
        """Record a named mention at tokens i..j with its titles, and return the person's key."""
        s = self.stream
        name = s.surface(i, j)
        key = phrase_keys(name)
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = _Found(name)
        person.add_titles(titles)
        span = s.span(i, j)
        if span not in person.spans:
            person.spans.append(span)
        self.claimed[i:j] = b"\x01" * (j - i)
        self.name_ending_at[j] = key
        return key

    def _owner_mention(self, i: int, j: int, titles: list[str]) -> bool:
        """Record tokens i..j as a mention of the one person they name part of; return whether one does."""
        owner = self._given_name_owner(i, j)
        if owner is None:
            return False
        person = self.people[owner]
        person.add_titles(titles)
        person.spans.append(self.stream.span(i, j))
        self.claimed[i:j] = b"\x01" * (j - i)
        self.name_ending_at[j] = owner
        return True

    def _given_name_owner(self, i: int, j: int) -> tuple[str, ...] | None:
        """Return the one person called by part of the name at tokens i..j ("ông Trung"), if one."""
        part = tuple(self.stream.keys[i:j])
        surnames = family_names()
        owners = [
            key
            for key in self.people
            if len(key) > len(part)
            and (key[-len(part) :] == part or (key[0] not in surnames and key[: len(part)] == part))
        ]  # a Vietnamese is called by the given name ("ông Trung"), others often by the first ("ông Suga")
        return owners[0] if len(owners) == 1 else None

    def _free(self, i: int, j: int) -> bool:
        """Return whether tokens i..j may be a name: no other mention, place or doctrine holds them."""
        if (
            any(self.claimed[i:j])
            or any(self.in_org[i:j])
            or any(self.org_start[i:j])
            or any(self.in_place[i:j])
        ):
            return False
        return not self._after_blocking_word(i)

    def _after_blocking_word(self, i: int) -> bool:
        """Return whether token i follows a word that makes a name a place's or a doctrine's.

        Not where that word ends another ("Bộ trưởng Nông nghiệp và Môi trường Đỗ Đức Duy": the
        "trường" of "môi trường" is no school). The segmenter's words are not trusted for this:
        it also joins "thăm trường" before a school's name.
        """
        keys = self.stream.keys
        if any(tuple(keys[max(i - len(p), 0) : i]) == p for p in _ENDING_LIKE_A_PLACE_WORD):
            return False
        return any(tuple(keys[max(i - len(p), 0) : i]) == p for p in _NOT_A_PERSON_AFTER)

    # -- the document ----------------------------------------------------------------------------------

    def read(self) -> list[Person]:
        """Return the people of the document in the order of their first mention."""
        chains = self._chains(self._titles())
        self.title_starts = {title.start for chain in chains for title in chain.titles}
        for chain in chains:
            self._read_name_after(chain)
        self._read_honorific_names()
        self._read_bare_names()
        for chain in chains:
            if not chain.used:
                self._read_titles_after_name(chain)
        self._read_repeated_names()
        for chain in chains:
            if not chain.used:
                self._read_title_only(chain)
        people = [
            Person(name=p.name, titles=p.titles, spans=sorted(set(p.spans)))
            for p in self.people.values()
            if p.spans
        ]
        return sorted(people, key=lambda p: p.spans[0])

    def _read_name_after(self, chain: _Chain) -> None:
        """Read the name right after a chain of titles ("Thường trực Ban Bí thư Trần Cẩm Tú")."""
        s = self.stream
        j = chain.end
        if s.keys[j : j + 1] == [","] and honorifics().longest(s, j + 1):
            j += 1  # "Đại sứ Nhật Bản, ông Ito Naoki"
        honorific = self._honorific_at(j) if j < s.n else None
        if honorific is not None:
            j = honorific[0]
        capitalized = chain.titles[-1].capitalized
        end = self._name_at(j, needs_family_name=not capitalized, allow_single=capitalized)
        if end is None:
            return
        titles = [t.text for t in chain.titles]
        # "HLV Park" after "HLV Park Hang-seo", "Bộ trưởng Sơn" after "Bùi Thanh Sơn": one person.
        if not (end - j <= 2 and self._owner_mention(j, end, titles)):
            self._add(j, end, titles)
        chain.used = True

    def _read_honorific_names(self) -> None:
        """Read the names after honorifics ("ông John Smith", "đồng chí Trần Cẩm Tú", "ông Trung")."""
        s = self.stream
        after = 0
        for i in s.indices_starting(honorifics()):
            if i < after or self.claimed[i]:
                continue
            found = self._honorific_at(i)
            if found is None:
                continue
            j, honorific = found
            after = j
            if self.claimed[j] or j in self.title_starts:
                continue  # "đồng chí Phó Bí thư Tỉnh ủy ...": the name, if any, follows the title
            given = capitalized_run_end(s, j, limit=3)
            if j < given <= j + 2 and s.adjacent(j) and self._owner_mention(j, given, []):
                after = given
                continue
            nationality = self.org_reader.country(j)  # "nhà báo Mỹ David Carter"
            if nationality is not None and is_name_token(s, nationality[0]):
                j = nationality[0]
            needs_family_name = honorific.needs_family_name and nationality is None
            end = self._name_at(j, needs_family_name=needs_family_name, allow_single=True)
            if end is not None:
                self._add(j, end, [])
                after = end

    def _read_bare_names(self) -> None:
        """Read Vietnamese names that stand alone: family name and two or three given names."""
        s = self.stream
        surnames = family_names()
        for i in s.capitalized_indices():
            if s.keys[i] not in surnames or self.claimed[i] or not starts_vietnamese_name(s, i):
                continue
            if is_name_token(s, i - 1) and not self.in_place[i - 1]:
                continue  # inside a longer name; not after a place ("tại Đà Nẵng Trần Văn Minh")
            end = capitalized_run_end(s, i, limit=_MAX_NAME_TOKENS + 1)
            if end - i > 4 or end - i != capitalized_word_length(s, i) or not self._free(i, end):
                continue
            self._add(i, end, [])

    def _read_titles_after_name(self, chain: _Chain) -> None:
        """Give a name the titles after it ("bà Nguyễn Thị B, Giám đốc Sở Ngoại vụ")."""
        s = self.stream
        sep = chain.start - 1
        if sep < 1 or s.forms[sep] not in _NAME_THEN_TITLE:
            return
        key = self.name_ending_at.get(sep)
        if key is None:
            return
        self.people[key].add_titles([t.text for t in chain.titles])
        chain.used = True

    def _read_repeated_names(self) -> None:
        """Add the later mentions of names already known, however they are introduced."""
        s = self.stream
        trie: PhraseTrie[tuple[str, ...]] = PhraseTrie()
        for key in self.people:
            trie.add(key, key)
        for i in s.capitalized_indices():
            if self.claimed[i] or not trie.starts_with(s.keys[i]) or is_name_token(s, i - 1):
                continue
            found = trie.longest(s, i)
            if found is None or is_name_token(s, found[0]) or not self._free(i, found[0]):
                continue
            end, keys = found
            person = self.people[keys[0]]
            person.spans.append(s.span(i, end))
            self.claimed[i:end] = b"\x01" * (end - i)

    def _read_title_only(self, chain: _Chain) -> None:
        """Give a title standing alone to the one person who holds it, if only one does."""
        s = self.stream
        for title in chain.titles:
            if not title.capitalized:
                continue
            key = phrase_keys(title.text)
            holders = [p for p in self.people.values() if key in p.title_keys]
            if not holders:  # "Bộ trưởng" alone, for the one "Bộ trưởng Bộ Ngoại giao"
                holders = [p for p in self.people.values() if any(h[: len(key)] == key for h in p.title_keys)]
            if len(holders) == 1:
                holders[0].spans.append(s.span(title.start, title.end))


def people_step(doc: Document) -> Document:
    """Add the people named in the document, with their titles and the spans of all mentions."""
    stream = token_stream(doc)
    doc.people = _PeopleReader(doc, stream).read()
    return doc
