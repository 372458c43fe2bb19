"""The organizations step: Party, State, Front, mass and friendship bodies, NGOs, with every mention.

Three sources, tried at every capitalized token, the longest reading winning (a known name
over a head word that would read further: "Ban Bí thư Trung ương"):

1. organizations.tsv: known organizations by full name, alias or abbreviation ("Bộ Chính trị",
   "MTTQ Việt Nam", "VUFO", "KOICA"). Abbreviations of abbreviations.tsv are expanded while
   matching, so "UBND" matches where the lexicon says "Ủy ban nhân dân".
2. organization_heads.tsv: words that begin an organization's name, with what must follow them:
   a capitalized name ("Sở Ngoại vụ", "Viện Nghiên cứu Đông Nam Á"), a province or commune
   ("UBND tỉnh Quảng Trị", "Tỉnh ủy Quảng Trị"), another organization ("Đảng ủy Bộ Ngoại giao")
   or a country ("Đại sứ quán Nhật Bản"). Capitalization draws the boundaries, so the lower-case
   "các bộ, ban ngành" and "các cơ quan, tổ chức" are no organizations. A name runs on over the
   lower-case words of its field (name_fields.txt: "Khoa Hồi sức tích cực", "Bệnh viện Lao và bệnh
   phổi Quảng Trị"), and a department over the hospital written right after it ("khoa Cấp cứu Bệnh
   viện Đà Nẵng", the hospital keeping a mention of its own).
3. "tổ chức phi chính phủ X (Hàn Quốc)" or "tổ chức Good Neighbors": a name after those words is an
   organization; a country in brackets after any organization becomes its country. The bracket stays
   a place the text names, so a reader looking for the documents about that country finds it.

A bracketed abbreviation or foreign name after an organization ("... Việt Nam (VUFO)") becomes
an alias for the rest of the document. Short forms stand for the one body of the document whose
name they begin: "Liên hiệp" (organizations.tsv marks it "~"), or a head word alone ("Phó Chủ
tịch Hội", "Hội cũng trao quà"); when no body or several begin so, the short form is dropped.

A local body whose place is left unsaid takes it from the text where that is safe: from the body
listed next to it ("HĐND, UBND tỉnh Lào Cai" -> both "tỉnh Lào Cai"), or, for "UBND tỉnh", from
the one province the document names (the places step's Places). Countries are those the places
step marks, and, where a country is expected ("Đại sứ quán Nhật Bản", "Bộ Ngoại giao Lào"), any
name its `country_lookup` knows.

`name` is the full name: abbreviations are written out, including the province ("UBND tỉnh Quảng
Trị" -> "Ủy ban nhân dân tỉnh Quảng Trị"); a former ministry or province keeps the name the text
gives it. One Organization per full name (compared by `tone_key`) holds every mention's span. A
body of another body ("Đảng ủy Bộ Ngoại giao") is one organization, and the body it belongs to
gets a mention of its own; a unit with a name of its own ("Vụ Thông tin báo chí") does not
swallow the ministry named after it. A board or office of a party committee ("Ban Đối ngoại Tỉnh
ủy Quảng Trị", "Văn phòng Huyện ủy") is a Party body whatever its head word, one of a youth committee
("Ban Tổ chức Thành Đoàn") a mass organization's. `kind` is one of ORGANIZATION_KINDS; `country` is the
Vietnamese name of a foreign organization's country, None for Vietnamese and international ones.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from doingoai.analysis.admin_header import DOCUMENT_TYPE_KEYS
from doingoai.analysis.admin_units import former_districts, name_key
from doingoai.analysis.document import Document, Organization, Place, Span
from doingoai.analysis.gazetteer import FOREIGN_SUBDIVISION_KINDS
from doingoai.analysis.localities import STREET_KINDS
from doingoai.analysis.personal_names import (
    capitalized_run_end,
    family_names,
    has_vietnamese_letters,
    is_foreign_name,
    is_name_token,
    starts_vietnamese_name,
)
from doingoai.analysis.text import fold_key
from doingoai.analysis.titles import positions
from doingoai.analysis.tokens import (
    NOT_IN_NAMES,
    PhraseTrie,
    TokenStream,
    lexicon_rows,
    phrase_keys,
    spans_by_start,
    token_stream,
)

ORGANIZATION_KINDS: dict[str, str] = {
    "party": "the Communist Party of Viet Nam, its committees and central bodies; foreign parties",
    "state": "the National Assembly, the Government, courts, state agencies and news agencies",
    "ministry": "a ministry or ministry-level body, or a unit of one (Cục Lễ tân Nhà nước)",
    "fatherland-front": "the Viet Nam Fatherland Front and its committees",
    "mass-organization": "trade unions, the Women's, Youth, Farmers', Veterans' and Red Cross bodies",
    "province-body": "a body of a province, city or commune (UBND, HĐND, Sở, Tỉnh ủy, local unions)",
    "friendship-union": "the Union of Friendship Organizations (VUFO), friendship associations",
    "foreign-ngo": "a foreign non-governmental organization",
    "foreign-government": "a body of a foreign state: embassy, ministry, development agency",
    "international-organization": "the United Nations and its agencies, ASEAN, development banks",
    "other": "any other organization: institutes, schools, companies, newspapers, associations",
}

# Place kinds of the places step that are states; a country's Place carries its usual Vietnamese name.
COUNTRY_KINDS = frozenset({"quốc gia", "vùng lãnh thổ"})
_VIET_NAM = ("việt", "nam")
# Where the places step has not marked the place, a person's name after "tỉnh" is no province.
_PLACES_NAMED_AFTER_PEOPLE = frozenset({("hồ", "chí", "minh")})
_MAX_NAME_TOKENS = 14
_MAX_PLACE_SYLLABLES = 5
_MAX_COUNTRY_TOKENS = 5
_MAX_POSITION_TOKENS = 6
_PROVINCE_UNITS = frozenset({"tỉnh", "thành phố"})
_CONTINENT_KIND = "khu vực"  # the places step's KIND_REGION: "châu Á", "Đông Nam Á"
_PREFECTURE = "châu"  # the unit word of a prefecture of China, and of a continent
_TRIGGER_ENDS = frozenset({"chức", "phủ", "ngoài"})  # the last words of "tổ chức phi chính phủ nước ngoài"
_PROVINCE_KINDS = frozenset({"tỉnh", "thành phố trung ương"})  # Place kinds of the places step
_COMMUNE_KINDS = ("xã", "phường", "đặc khu")
# Capitalized words that end many names, reached over a lower-case word: "Truyền máu Trung ương".
_NAME_ENDINGS = frozenset(
    {("trung", "ương"), ("quốc", "gia"), ("việt", "nam"), ("quốc", "tế"), ("thế", "giới")}
)
# Head words that, standing alone, stand for the one body of the document they begin ("Chủ tịch Hội").
_BARE_HEADS = frozenset(
    {("hội",), ("hiệp", "hội"), ("liên", "hiệp"), ("liên", "đoàn"), ("quỹ",), ("viện",), ("học", "viện")}
    | {("trung", "tâm"), ("bộ",), ("sở",), ("cục",), ("vụ",), ("ủy", "ban"), ("hội", "đồng")}
)
# Small words that join the parts of a name: "Bộ Kế hoạch và Đầu tư", "Habitat for Humanity".
_JOINING_WORDS = frozenset(
    {"và", "&", "-", "for", "of", "the", "and", "to", "in", "on", "de", "du", "des", "et", "pour", "sans"}
    | {"für", "und", "zu", "van", "voor", "del", "los", "las", "di"}
)
_LATIN_JOINING_WORDS = _JOINING_WORDS - {"và"}
# Heads written in lower case as often as not before a capitalized name ("bệnh viện Bạch Mai", "công ty
# Trường Sinh", "khoa Cấp cứu" of a hospital, "hãng hàng không Emirates"); other heads count only
# capitalized, so "các bộ, ban ngành" stays no organization.
_LOWER_CASE_HEADS = (
    *(("bệnh", "viện"), ("công", "ty"), ("tập", "đoàn"), ("ngân", "hàng")),
    *(("khoa",), ("trạm",), ("hãng", "hàng", "không")),
)
# The last word of many foreign companies' names, in lower case.
_COMPANY_ENDINGS = frozenset(
    {"airlines", "airline", "airways", "group", "corporation", "corp", "holdings", "inc", "ltd", "jsc"}
)
# An acronym after a name that makes it a football club's ("Hà Nội FC").
_CLUB_ACRONYMS = frozenset({"FC"})
# A party committee ("Tỉnh ủy", "Đảng ủy") or a youth one ("Tỉnh Đoàn") inside a name, by its words' keys:
# its boards and offices ("Ban Đối ngoại Tỉnh ủy Quảng Trị", "Văn phòng Tỉnh ủy") are bodies of the Party
# or of the Youth Union, whatever head word begins them.
_COMMITTEE_KINDS: dict[tuple[str, str], str] = {
    **{(unit, "ủy"): "party" for unit in ("tỉnh", "thành", "huyện", "quận", "thị", "đảng")},
    ("tỉnh", "đoàn"): "mass-organization",
    ("thành", "đoàn"): "mass-organization",
}
# Verbs and small words the word segmenter may join to a name's last syllable ("Việt - Nhật đón"): they
# end no capitalized word of a name.
_VERBS_AFTER_NAMES = frozenset(
    {"đón", "tiếp", "gửi", "trao", "nhận", "thăm", "tặng", "là", "đã", "đang", "sẽ", "được", "bị", "có"}
    | {"cho", "tại", "ở", "của", "và", "với", "về", "từ", "đến", "cùng"}
)
# Lower-case words an organization's name may carry before its ending ("bệnh tật", "dịch tễ").
_MAX_BRIDGE_WORDS = 4
# The words of each side of a name that states a cause: "Cựu chiến binh vì Hòa bình".
_MAX_CAUSE_WORDS = 4


@dataclass(frozen=True)
class _Known:
    """An organization of organizations.tsv, reached by its name or by one of its aliases."""

    name: str
    kind: str
    country: str | None
    short: bool = False


@dataclass(frozen=True)
class _Head:
    """A word that begins an organization's name, and what must follow it (see the heads file)."""

    name: str
    kind: str
    takes: str
    # A national body's stem ("Hội Nông dân"): standing alone, a body of this kind.
    alone_kind: str | None = None


@dataclass
class _Mention:
    """One mention of an organization: token range, full name, and the bodies named inside it."""

    start: int
    end: int
    name: str
    kind: str
    country: str | None = None
    short: bool = False
    lexicon_end: int = 0
    inner: list[_Mention] = field(default_factory=list)
    location: str | None = None  # the unit and place that end the name: "tỉnh Lào Cai"


@dataclass(frozen=True)
class _Lexicon:
    names: PhraseTrie[_Known | _Head]
    designators: PhraseTrie[str]
    not_names: frozenset[tuple[str, ...]]
    not_first_words: PhraseTrie[bool]


@lru_cache(maxsize=4096)
def _country_lookup(written: str) -> str | None:
    """Return the usual Vietnamese name of the country a name denotes, by the places step's data."""
    try:
        from doingoai.analysis.places import country_lookup
    except ImportError:  # without the places module, only the places a document carries are known
        return None
    found = country_lookup(written)
    if found is None:
        return None
    # The look-up also accepts ISO codes and names without diacritics ("Bộ" would be BO, Bolivia).
    spelled = {phrase_keys(n) for n in (*found.names, *found.context_names, found.name_en)}
    return found.name if phrase_keys(written) in spelled else None


def _country_by_code(code: str) -> str | None:
    """Return the usual Vietnamese name of the country with this ISO code ("LA" -> "Lào")."""
    try:
        from doingoai.analysis.places import country_lookup
    except ImportError:
        return None
    found = country_lookup(code) if len(code) == 2 else None
    return found.name if found is not None else None


@lru_cache(maxsize=4096)
def _is_province(written: str) -> bool:
    """Return whether a name is a province's, current or former, by the places step's data."""
    try:
        from doingoai.analysis.places import province_lookup
    except ImportError:  # without the places module every capitalized name may be a province
        return True
    return province_lookup(written) is not None


def country_name(written: str) -> str:
    """Return a country's usual Vietnamese name as the places step writes it ("Mỹ" -> "Hoa Kỳ")."""
    return _country_lookup(written) or written


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Load the organization lexicons once."""
    names: PhraseTrie[_Known | _Head] = PhraseTrie()
    for row in lexicon_rows("organizations.tsv"):
        row += [""] * (5 - len(row))
        name, kind, aliases, country, local = row[:5]
        country = country_name(country) if country else ""
        if kind not in ORGANIZATION_KINDS:
            raise ValueError(f"organizations.tsv: {name!r} has kind {kind!r}, not one of ORGANIZATION_KINDS")
        names.add(name, _Known(name, kind, country or None))
        for alias in filter(None, aliases.split("|")):
            short = alias.startswith("~")
            names.add(alias.lstrip("~"), _Known(name, kind, country or None, short=short))
        if local:
            names.add(local, _Head(local, "province-body", "place", alone_kind=kind))
    for row in lexicon_rows("organization_heads.tsv"):
        head, kind, takes = row[0], row[1], row[2]
        written = row[3] if len(row) > 3 and row[3] else head
        if kind not in ORGANIZATION_KINDS or takes not in ("name", "place", "placename", "of", "country"):
            raise ValueError(f"organization_heads.tsv: {head!r} has kind {kind!r} and takes {takes!r}")
        names.add(head, _Head(written, kind, takes))
    designators: PhraseTrie[str] = PhraseTrie()
    units = ("tỉnh", "thành phố", "xã", "phường", "đặc khu", "huyện", "quận", "thị xã", "thị trấn", "khu vực")
    # and "châu", a prefecture of China ("Liên hiệp Phụ nữ châu Hồng Hà") or a continent ("châu Á")
    for unit in (*units, _PREFECTURE):
        designators.add(unit, unit)
    not_names: set[tuple[str, ...]] = set()
    not_first_words: PhraseTrie[bool] = PhraseTrie()
    for row in lexicon_rows("not_organizations.tsv"):
        if row[1] == "exact":
            not_names.add(phrase_keys(row[0]))
        else:
            not_first_words.add(row[0], True)
    return _Lexicon(names, designators, frozenset(not_names), not_first_words)


@lru_cache(maxsize=1)
def _fields() -> PhraseTrie[bool]:
    """Load the field words that run on inside a name (name_fields.txt)."""
    trie: PhraseTrie[bool] = PhraseTrie()
    for row in lexicon_rows("name_fields.txt"):
        trie.add(row[0], True)
    return trie


def _home_province(places: list[Place]) -> tuple[str, str] | None:
    """Return the unit word and name of the one province a document names, if it names one only."""
    provinces = {(p.kind, p.original or p.name) for p in places if p.kind in _PROVINCE_KINDS}
    if len(provinces) != 1:
        return None  # none, or several: "UBND tỉnh" could be any of them
    kind, name = provinces.pop()
    return ("tỉnh" if kind == "tỉnh" else "thành phố"), name


def organization_key(name: str) -> tuple[str, ...]:
    """Return the key two names of one organization share (case, tone marks, dashes unified)."""
    return phrase_keys(name)


class OrganizationReader:
    """Read the organizations of one document from its token stream."""

    def __init__(self, doc: Document, stream: TokenStream) -> None:
        self.stream = stream
        self.lexicon = _lexicon()
        self.places: dict[int, tuple[int, Place]] = spans_by_start(
            stream, ((span, place) for place in doc.places for span in place.spans)
        )
        self.aliases: dict[tuple[str, ...], str] = {}
        self.alias_mentions: list[_Mention] = []
        self.home = _home_province(doc.places)
        # a street is named after a person: "đường Đinh Bộ Lĩnh" holds no "Bộ Lĩnh"; a commune after
        # anything: "phường Bạch Mai" is no hospital
        self.streets = [
            span
            for place in doc.places
            if place.kind in (*STREET_KINDS, *_COMMUNE_KINDS)
            for span in place.spans
        ]

    # -- the parts of a name ------------------------------------------------------------------------

    def _runs_on_in_word(self, end: int) -> bool:
        """Return whether a capitalized match ends inside a segmented word ("Đảng" of "Đảng viên").

        An acronym ends no syllable of a Vietnamese word: where the segmenter joins one to the
        verb after it ("FIFA xếp", "G20 bàn"), the match stands.
        """
        s = self.stream
        if not (s.is_capitalized(end - 1) and s.is_lower(end) and s.same_word(end - 1, end)):
            return False
        return not s.is_all_caps(end - 1)

    def _known_at(self, j: int) -> bool:
        """Return whether a known organization of two or more tokens begins at token j."""
        names = self.lexicon.names
        if not names.starts_with(self.stream.keys[j]):
            return False
        for end, values in names.matches(self.stream, j):
            if end - j >= 2 and any(isinstance(v, _Known) and not v.short for v in values):
                return True
        return False

    def _title_at(self, j: int) -> bool:
        """Return whether a capitalized position ("Chủ tịch", "Giám đốc") begins at token j."""
        s, trie = self.stream, positions()
        return s.is_capitalized(j) and trie.starts_with(s.keys[j]) and trie.longest(s, j) is not None

    def _after_position(self, i: int) -> bool:
        """Return whether a position ("Chủ tịch", "Giám đốc") ends right before token i."""
        trie = positions()
        for k in range(max(i - _MAX_POSITION_TOKENS, 0), i):
            if trie.starts_with(self.stream.keys[k]) and any(
                end == i for end, _ in trie.matches(self.stream, k)
            ):
                return True
        return False

    def country(self, j: int) -> tuple[int, str] | None:
        """Return the end token and usual name of a country named at token j.

        Called where a country is expected (after "Đại sứ", "Đại sứ quán", a ministry), so a
        country name counts even where the places step leaves it out: before a person's name
        ("Đại sứ Nhật Bản Ito Naoki") or as a word that is also a given name ("Đại sứ Anh").
        """
        s = self.stream
        if not s.adjacent(j):
            return None
        found = self.places.get(j)
        if found is not None:
            return (found[0], found[1].name) if found[1].kind in COUNTRY_KINDS else None
        if not is_name_token(s, j) or starts_vietnamese_name(s, j):
            return None
        run_end = min(capitalized_run_end(s, j), j + _MAX_COUNTRY_TOKENS)
        for end in range(run_end, j, -1):
            if s.is_lower(end) and s.same_word(end - 1, end):
                continue  # "Pháp" of "Pháp luật"
            name = _country_lookup(s.surface(j, end))
            if name is not None:
                return end, name
        return None

    def place(self, j: int) -> tuple[int, str] | None:
        """Return the end token and the name of a province, city, commune or country at token j."""
        s = self.stream
        if not s.adjacent(j):
            return None
        found = self.places.get(j)
        if found is not None:
            return found[0], s.expanded(j, found[0])
        if not (is_name_token(s, j) or (s.abbreviated[j] is not None and s.is_all_caps(j))):
            return None
        if starts_vietnamese_name(s, j) and tuple(s.keys[j : j + 3]) not in _PLACES_NAMED_AFTER_PEOPLE:
            return None  # "Phó Chủ tịch UBND tỉnh Nguyễn Văn An": the province is left unsaid
        k = j
        while k < s.n and k - j < _MAX_PLACE_SYLLABLES and s.adjacent(k):
            if k > j and (starts_vietnamese_name(s, k) or self._title_at(k) or self._known_at(k)):
                break
            if is_name_token(s, k) or (k == j and s.abbreviated[k] is not None):
                k = s.after_abbreviation_dot(k) if s.abbreviated[k] else k + 1
            elif s.keys[k] == "-" and k > j and is_name_token(s, k + 1):
                k += 1  # "Bà Rịa – Vũng Tàu"
            else:
                break
        if k == j:
            return None
        # A person named right after the place: "huyện Nam Trà My Hồ Thị Lý" (the segmenter may
        # join the names across the boundary, so the family name is looked for from the end).
        run_end = capitalized_run_end(s, k, limit=5) if is_name_token(s, k) and s.adjacent(k) else k
        surnames = family_names()
        for cut in range(min(run_end - 3, k - 1), j, -1):
            if s.keys[cut] in surnames and 3 <= run_end - cut <= 4:
                k = cut
                break
        else:
            # A foreign name after a foreign place: "Tỉnh đoàn Savannakhet Khamphanh Sysomphone". Such a
            # name has no family name to find it by; its last two words are taken for it, a place of
            # one word at least being left before them.
            if run_end == k and k - j >= 3 and is_foreign_name(s.forms[k - 2 : k]):
                k -= 2
        return k, s.expanded(j, k)

    def _province_bare(self, j: int) -> tuple[int, str] | None:
        """Return a province the places step found at j without its unit word, written with it.

        News often drops the unit word after a local body ("UBND Đà Nẵng", "Công an Hà Nội"); the
        full name takes it back ("Ủy ban nhân dân thành phố Đà Nẵng"). Communes and countries are
        not read so: "UBND Tân Lập" is too uncertain.
        """
        found = self.places.get(j)
        if found is None or found[1].kind not in _PROVINCE_KINDS or not self.stream.adjacent(j):
            return None
        place = found[1]
        unit = "tỉnh" if place.kind == "tỉnh" else "thành phố"
        written = self.stream.surface(j, found[0])
        if written.lower().startswith(("tỉnh", "thành phố", "tp")):
            return None  # the unit word is there: `location` reads it
        written_name = place.original or place.name  # a former province keeps the name the text gives it
        name = written_name if written_name.lower().startswith("thành phố") else f"{unit} {written_name}"
        return found[0], name

    def location(self, j: int) -> tuple[int, str] | None:
        """Return the end token and text of a unit word and its name ("tỉnh Quảng Trị")."""
        s = self.stream
        if not s.adjacent(j):
            return None
        unit = self.lexicon.designators.longest(s, j)
        if unit is None:
            return None
        known = self.places.get(j)  # the places step's span holds the unit word: "tỉnh Quảng Trị"
        if known is not None and known[1].kind not in COUNTRY_KINDS:
            return known[0], s.expanded(j, known[0])
        end, values = unit
        found = self.place(end)
        if found is None or (values[0] in _PROVINCE_UNITS and not _is_province(s.surface(end, found[0]))):
            return None  # "Phó Chủ tịch UBND tỉnh Hoàng Nam": a person, the province left unsaid
        return found[0], f"{values[0]} {found[1]}"

    def _place_unsaid(self, end: int, depth: int) -> tuple[int, str] | None:
        """Return the end and the place of a local body whose place the text leaves unsaid.

        "HĐND, UBND tỉnh Lào Cai" and "Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh Lào Cai": the body
        shares the place of the one listed next to it. "UBND tỉnh" alone: in a document that
        names one province only, that province.
        """
        s = self.stream
        unit = self.lexicon.designators.longest(s, end) if s.adjacent(end) else None
        after = unit[0] if unit is not None else end
        if s.keys[after] in (",", "và") and depth < 3:
            listed = self.at(after + 1, depth + 1)
            if listed is not None and listed.location is not None:
                if unit is None or listed.location.startswith(f"{unit[1][0]} "):
                    return after, listed.location
        if unit is not None and self.home is not None and unit[1][0] == self.home[0]:
            if not (is_name_token(s, after) and s.adjacent(after)) or starts_vietnamese_name(s, after):
                return after, f"{self.home[0]} {self.home[1]}"
        return None

    def unnamed_body(self, j: int) -> tuple[int, str] | None:
        """Return the end and full name of a local body named without its place ("UBND tỉnh")."""
        s = self.stream
        for end, values in reversed(self.lexicon.names.matches(s, j)):
            heads = [v for v in values if isinstance(v, _Head) and v.takes in ("place", "placename")]
            unit = self.lexicon.designators.longest(s, end) if heads and s.adjacent(end) else None
            if unit is not None:
                return unit[0], f"{heads[0].name} {unit[1][0]}"
            if any(h.takes == "placename" for h in heads) and not self._runs_on_in_word(end):
                return end, heads[0].name  # "Phó Bí thư Tỉnh ủy"
        return None

    def _name_run(self, j: int) -> int | None:
        """Return the end of the capitalized name after an organization's head word, if any."""
        s = self.stream
        if s.adjacent(j) and s.is_lower(j) and s.is_word(j) and not s.same_word(j - 1, j):
            # "Bệnh viện đa khoa Đồng Nai", "Trung tâm kiểm soát bệnh tật tỉnh Hải Dương": the kind of the
            # body in lower case, then the place it serves; the name visibly ends there, as `_bridge`
            # requires. Not a head that starts a word: "Hội nghị Trung ương" is a meeting.
            end = self._bridge(j, opens=True)
            if (
                end
                and s.adjacent(end)
                and s.is_capitalized(end)
                and not starts_vietnamese_name(s, end)
                and not self.lexicon.names.matches(s, end)  # a body of its own: `_parent_joined` reads it
            ):
                return self._name_run(end) or end  # "Bệnh viện đa khoa Hồng Ngọc"
            if end and s.keys[end] == "-" and s.adjacent(end) and tuple(s.keys[end - 2 : end]) == _VIET_NAM:
                # "Diễn đàn hữu nghị nhân dân Việt Nam - Hoa Kỳ": the pair of countries is the name's end
                partner = self.country(end + 1)
                if partner is not None:
                    return partner[0]
            return end or None
        if not (s.adjacent(j) and s.is_capitalized(j) and s.is_word(j)):
            return None
        k, words, end = j, 0, j
        while k < s.n and k - j < _MAX_NAME_TOKENS and s.adjacent(k):
            if s.is_capitalized(k) and s.is_word(k):
                committee = self._committee_end(k) if words else None
                if committee is not None:
                    return committee  # "Ban Đối ngoại Tỉnh ủy (Nghệ An)": the body of a party committee
                if words and (starts_vietnamese_name(s, k) or self._title_at(k) or self._known_at(k)):
                    break
                if words and self._foreign_name_at(k) and has_vietnamese_letters(s.surface(j, k)):
                    break  # "Hội Hữu nghị Đức – Việt Klaus Berger": the chairman follows
                k = s.after_abbreviation_dot(k) if s.abbreviated[k] else k + 1
                two_names = is_name_token(s, k - 2) and s.same_word(k - 2, k - 1)
                if k - 1 == j or not two_names:  # not "Nguyễn Huệ nhận", a name and a verb in one word
                    while s.is_lower(k) and s.same_word(k - 1, k) and s.keys[k] not in _VERBS_AFTER_NAMES:
                        k += 1  # the lower-case syllables of a capitalized word: "Ngoại vụ"
                words, end = words + 1, k
            elif s.keys[k] in _JOINING_WORDS and s.is_capitalized(k + 1) and s.adjacent(k + 1):
                if self.lexicon.names.matches(s, k + 1) or starts_vietnamese_name(s, k + 1):
                    break  # "Tập đoàn Toyota và Ngân hàng ...": "và" joins two names
                k += 1
            elif words and self._bridge(k):
                k = end = self._bridge(k)
            else:
                break
        return end if words else None

    def _committee_end(self, k: int) -> int | None:
        """Return the end of a party or youth committee named at token k, with its province if one follows.

        "Tỉnh ủy" ends the name of its boards ("Ban Thường vụ Tỉnh ủy", "Ban Đối ngoại Tỉnh ủy Nghệ
        An"), the province, when the text names it, with it; None where no such committee begins at k.
        """
        s = self.stream
        for end, values in reversed(self.lexicon.names.matches(s, k)):
            if not any(isinstance(v, _Head) and v.takes == "placename" for v in values):
                continue
            if self._runs_on_in_word(end):
                return None
            found = self.location(end) or self.place(end)
            return found[0] if found is not None else end
        return None

    def _foreign_name_at(self, k: int) -> bool:
        """Return whether two or more capitalized foreign words, a person's name, begin at token k."""
        s = self.stream
        end = capitalized_run_end(s, k, limit=4)
        return is_foreign_name(s.forms[k:end])

    def _bridge(self, k: int, *, opens: bool = False) -> int:
        """Return the end of a name that runs on over a few lower-case words, else 0.

        Official names capitalize only their first word and proper names, so "Trung tâm Kiểm soát
        bệnh tật Hà Nội" and "Viện Vệ sinh dịch tễ Trung ương" carry lower-case words inside. Such
        words are taken only when the name visibly ends after them: a usual ending ("Trung ương",
        "Quốc gia", written in either case), a place the places step found, or a bracketed
        abbreviation ("(HCDC)"); and never over a function word ("cho", "tại", "đã"...), so a
        verb after a name ("Bệnh viện Bạch Mai điều trị ...") is not read as part of it.

        The words of a field (name_fields.txt: "hồi sức tích cực", "bệnh nhiệt đới", "phòng chống
        dịch COVID-19") may end a name by themselves, before a mark, a capital or the end: when they
        open the name (`opens`: "khoa hồi sức tích cực", "Ban chỉ đạo phòng chống dịch") or carry on
        the field its capitalized word begins ("Khoa Nội tổng hợp", "Bệnh viện Bệnh nhiệt đới"); not
        after another name ("Bệnh viện Bạch Mai cấp cứu.").
        """
        s = self.stream
        fields, anchored = self._field_run(k), opens
        if not opens:
            first = k - 1
            while first > 0 and s.is_lower(first) and s.same_word(first - 1, first):
                first -= 1  # the capitalized word "Hồi sức" of "Khoa Hồi sức tích cực"
            if s.is_capitalized(first):
                run = self._field_run(first, capital_first=True)
                if run >= k:
                    fields, anchored = max(run, fields), True
        if fields > k and s.keys[k] == "vì":
            anchored = True  # a cause that ends a name: "Cựu chiến binh Hoa Kỳ vì hòa bình"
        # Field words alone end a name where the sentence visibly moves on: a mark, a capital, the end,
        # or a word that never stands inside a name ("Bệnh viện Bệnh nhiệt đới cho biết").
        ends = not s.is_lower(fields) or s.keys[fields] in NOT_IN_NAMES
        fallback = fields if anchored and fields > k and ends else 0
        for gap in range(max(_MAX_BRIDGE_WORDS, fields - k) + 1):
            if gap:
                g = k + gap - 1
                if g >= fields and (
                    not (s.is_lower(g) and s.adjacent(g) and s.is_word(g)) or s.keys[g] in NOT_IN_NAMES
                ):
                    return fallback
            after = k + gap
            if after >= s.n or not s.adjacent(after):
                continue
            if tuple(s.keys[after : after + 2]) in _NAME_ENDINGS and (
                s.is_capitalized(after) or gap <= max(3, fields - k)
            ):
                if (gap or s.is_lower(after)) and not (fallback and fields > after + 2):
                    return after + 2
            if not gap:
                continue
            place = self.places.get(after)
            if place is not None and place[1].kind not in COUNTRY_KINDS:
                return place[0]
            # a unit word in the gap ("khu vực Cầu Ngang") is read with its place by `location`
            designated = any(self.lexicon.designators.matches(s, g) for g in range(k, after))
            district = 0 if designated else self._former_district_end(after)
            if district:
                return district
            if (
                after + 2 < s.n
                and s.forms[after] == "("
                and s.forms[after + 2] == ")"
                and s.forms[after + 1].isupper()
                and len(s.forms[after + 1]) >= 2
            ):
                return after
        return fallback

    def _field_run(self, k: int, *, capital_first: bool = False) -> int:
        """Return the end of the field words from token k ("hồi sức tích cực - chống độc"), else k.

        The phrases of name_fields.txt, each ending a segmented word (so "nội" of "nội dung" is none):
        the first in lower case (or capitalized, with `capital_first`), the next ones in either case
        ("phòng chống dịch COVID-19"); two may be joined by "và" or a dash ("Lao và bệnh phổi"), also
        before the first, since k follows a name.
        """
        s, trie = self.stream, _fields()
        end = j = k
        while j < s.n and s.adjacent(j):
            start = j + 1 if s.keys[j] in ("và", "-") else j
            lower = s.is_lower(start) or (start > k and s.is_word(start)) or (capital_first and start == k)
            if not (s.adjacent(start) and lower and trie.starts_with(s.keys[start])):
                break
            ends = [e for e, _ in trie.matches(s, start) if not (s.is_lower(e) and s.same_word(e - 1, e))]
            if not ends:
                break
            end = j = ends[-1]
        return end

    def _former_district_end(self, j: int) -> int:
        """Return the end of a former district's name at token j ("dã chiến Củ Chi"), else 0.

        A body named after the district it served keeps that name after the 2025 reform; the places step
        reads such a name only with its kind word or in an address.
        """
        s = self.stream
        run = j
        while run - j < _MAX_PLACE_SYLLABLES and s.adjacent(run) and is_name_token(s, run):
            run += 1
        for end in range(run, j + 1, -1):  # two syllables at least: "Củ Chi", not "Anh"
            if name_key(s.surface(j, end)) in former_districts():
                return end
        return 0

    def _foreign_run(self, j: int) -> int | None:
        """Return the end of a name after "tổ chức": foreign names mix cases ("Room to Read")."""
        s = self.stream
        k = end = j
        while k < s.n and k - j < _MAX_NAME_TOKENS and s.adjacent(k):
            if s.is_capitalized(k) and s.is_word(k):
                if k > j and starts_vietnamese_name(s, k):
                    break
                k = end = k + 1
            elif s.forms[k].isdigit() and k > j:
                k = end = k + 1  # "FHI 360"
            elif s.keys[k] in _LATIN_JOINING_WORDS and s.is_capitalized(k + 1) and s.adjacent(k + 1):
                k += 1
            else:
                break
        return end if end > j else None

    def _trigger(self, i: int) -> str | None:
        """Return "ngo" after "tổ chức phi chính phủ (nước ngoài)", "org" after "tổ chức", else None."""
        s = self.stream
        if s.keys[i - 1] not in _TRIGGER_ENDS and s.forms[i - 1] != "TCPCPNN":
            return None
        k = i
        if s.keys[k - 2 : k] == ["nước", "ngoài"] and s.is_lower(k - 2):
            k -= 2
        ngo = s.keys[k - 3 : k] == ["phi", "chính", "phủ"] and s.is_lower(k - 3)
        if ngo:
            k -= 3
        if k >= 1 and s.forms[k - 1] == "TCPCPNN":
            return "ngo"
        if s.keys[k - 2 : k] == ["tổ", "chức"] and s.is_lower(k - 2):
            return "ngo" if ngo else "org"
        return None

    def _parenthesis(self, j: int) -> tuple[int, int, str | None, bool] | None:
        """Return (start, end, country, is_alias) for a bracket right after an organization's name."""
        s = self.stream
        if not (j < s.n and s.forms[j] == "(" and s.adjacent(j)):
            return None
        close = j + 1
        while close < s.n and close - j <= 10 and s.forms[close] != ")" and s.adjacent(close):
            close += 1
        if close >= s.n or s.forms[close] != ")" or close == j + 1:
            return None
        country = self.country(j + 1)
        if country is not None and country[0] == close:
            return j + 1, close, country[1], False
        inner = s.surface(j + 1, close)
        tokens_ok = all(s.is_capitalized(k) or s.keys[k] in _LATIN_JOINING_WORDS for k in range(j + 1, close))
        single_abbreviation = close == j + 2 and s.is_all_caps(j + 1)
        if tokens_ok and (single_abbreviation or not has_vietnamese_letters(inner)):
            return j + 1, close, None, True
        return None

    # -- readings at one token ------------------------------------------------------------------------

    def _complete(self, i: int, end: int, value: _Known | _Head, depth: int) -> _Mention | None:
        """Return the mention a lexicon match at tokens i..end makes, or None if it falls short."""
        s = self.stream
        if isinstance(value, _Known):
            if self._runs_on_in_word(end):
                return None
            if (
                value.short
                and s.is_capitalized(end)
                and s.adjacent(end)
                and not starts_vietnamese_name(s, end)
            ):
                return None  # "Liên hiệp Phụ nữ" is no short "Liên hiệp"; "Liên hiệp Nguyễn Thị Hoa" may be
            if value.kind in ("state", "ministry") and not value.short:
                abroad = self.country(end)
                if abroad is not None and phrase_keys(abroad[1]) != _VIET_NAM:
                    name = f"{value.name} {abroad[1]}"
                    return _Mention(i, abroad[0], name, "foreign-government", abroad[1], lexicon_end=end)
            return _Mention(i, end, value.name, value.kind, value.country, value.short, lexicon_end=end)
        head = value
        if head.takes == "name":
            return self._named(i, end, head)
        if head.takes == "place":
            viet_nam = s.abbreviated[end]
            if tuple(s.keys[end : end + 2]) == _VIET_NAM:
                after = end + 2
            elif viet_nam is not None and viet_nam.keys == _VIET_NAM:
                after = end + 1
            else:
                after = end
            found = self.location(after) or self.location(end) or self._province_bare(end)
            if found is not None:
                name = f"{head.name} {found[1]}"
                return _Mention(i, found[0], name, head.kind, lexicon_end=end, location=found[1])
            unsaid = self._place_unsaid(end, depth)
            if unsaid is not None:
                name = f"{head.name} {unsaid[1]}"
                return _Mention(i, unsaid[0], name, head.kind, lexicon_end=end, location=unsaid[1])
            if (
                head.alone_kind
                and not self.lexicon.designators.matches(s, end)
                and not self._runs_on_in_word(end)
            ):
                return _Mention(i, end, head.name, head.alone_kind, lexicon_end=end)
            return None
        if head.takes == "placename":
            found = self.location(end) or self.place(end)
            if found is None or self._runs_on_in_word(end):
                return None
            name = f"{head.name} {found[1]}"
            return _Mention(i, found[0], name, head.kind, lexicon_end=end, location=found[1])
        if head.takes == "of":
            inner = self.at(end, depth + 1) if depth < 3 and s.adjacent(end) else None
            # "Văn phòng Tỉnh ủy": an office of a party committee is a body of the Party
            board = _COMMITTEE_KINDS.get((s.keys[end], s.keys[end + 1])) if head.kind == "other" else None
            if inner is not None and not inner.short:
                name = f"{head.name} {inner.name}"
                kind = board or head.kind
                return _Mention(i, inner.end, name, kind, inner.country, lexicon_end=end, inner=[inner])
            committee = self._committee_end(end) if s.adjacent(end) and s.is_capitalized(end) else None
            if committee is not None:  # "Ban Thường vụ Tỉnh ủy", the province left unsaid
                return _Mention(i, committee, s.expanded(i, committee), board or head.kind, lexicon_end=end)
            found = self.location(end)
            if found is None:
                return None
            return _Mention(i, found[0], f"{head.name} {found[1]}", head.kind, lexicon_end=end)
        # head.takes == "country"
        state = self.country(end)
        if state is None:
            return None
        stop, name = state[0], f"{head.name} {state[1]}"
        if s.keys[stop : stop + 1] == ["tại"]:
            seat = self.country(stop + 1) or self.place(stop + 1)
            if seat is not None:
                stop, name = seat[0], f"{name} tại {seat[1]}"
        if phrase_keys(state[1]) == _VIET_NAM:
            return _Mention(i, stop, name, "state", lexicon_end=end)
        return _Mention(i, stop, name, head.kind, state[1], lexicon_end=end)

    def _named(self, i: int, end: int, head: _Head) -> _Mention | None:
        """Return the mention of a head word and the capitalized name after it."""
        s = self.stream
        run_end = self._name_run(end)
        if run_end is None or self.lexicon.not_first_words.matches(s, end):
            return None
        if starts_vietnamese_name(s, end) and self._after_position(i):
            return None  # "Chủ tịch Liên hiệp Nguyễn Thị Hoa": the name is the chairwoman's
        if phrase_keys(s.surface(i, run_end)) in self.lexicon.not_names:
            return None
        if phrase_keys(head.name) == ("tổ", "chức"):
            known = self.lexicon.names.longest(s, end)
            if known is not None and known[0] == run_end:
                for value in known[1]:
                    if isinstance(value, _Known) and not value.short:
                        return _Mention(
                            i, run_end, value.name, value.kind, value.country, lexicon_end=run_end
                        )
        name = s.expanded(i, run_end)
        keys = s.keys[end:run_end]
        friendship = phrase_keys(head.name)[0] == "hội" and ("-" in keys or "hữu" in keys)
        kind = "friendship-union" if friendship else head.kind
        committee = None if friendship or head.kind != "other" else self._committee_within(end, run_end)
        inner = [committee[1]] if committee is not None and committee[1] is not None else []
        found = self.location(run_end)
        if found is not None:
            continent = run_end in self.places and self.places[run_end][1].kind == _CONTINENT_KIND
            kind = kind if friendship or continent else "province-body"  # not "Hội Phụ nữ châu Á"
            kind = committee[0] if committee is not None else kind
            return _Mention(
                i, found[0], f"{name} {found[1]}", kind, lexicon_end=end, location=found[1], inner=inner
            )
        kind = committee[0] if committee is not None else kind
        return _Mention(i, run_end, name, kind, lexicon_end=end, inner=inner)

    def _committee_within(self, start: int, end: int) -> tuple[str, _Mention | None] | None:
        """Return the kind of the party or youth committee a name runs on to, and its own mention.

        "Ban Đối ngoại Tỉnh ủy Quảng Trị" is a board of the Party's provincial committee: a Party body,
        as "Ban Thường vụ Tỉnh ủy" is, and "Tỉnh ủy Quảng Trị" gets a mention of its own.
        """
        s = self.stream
        for k in range(start, end - 1):
            kind = _COMMITTEE_KINDS.get((s.keys[k], s.keys[k + 1]))
            if kind is not None and s.is_capitalized(k):
                committee = self.at(k, depth=1)
                return kind, committee if committee is not None and committee.end <= end else None
        return None

    def _after_trigger(self, i: int, trigger: str) -> _Mention | None:
        """Return the organization named after "tổ chức (phi chính phủ)", if the name is one."""
        s = self.stream
        end = self._foreign_run(i)
        if end is None or self.lexicon.not_first_words.matches(s, i):
            return None
        # "các tổ chức phi chính phủ Hoa Kỳ": the country the organizations come from, no name of one;
        # a name may follow it ("tổ chức phi chính phủ Hoa Kỳ PeaceTrees Vietnam").
        home = self.country(i)
        if home is not None and home[0] >= end:
            return None
        if home is not None:
            named = self._after_trigger(home[0], trigger)
            if named is not None:
                named.country = named.country or home[1]
                named.kind = "foreign-ngo"
            return named
        name = s.surface(i, end)
        bracket = self._parenthesis(end)
        abroad = bracket[2] if bracket is not None else None
        foreign = abroad is not None and phrase_keys(abroad) != _VIET_NAM
        latin = not has_vietnamese_letters(name)
        if trigger == "org" and not (latin or foreign):
            return None  # "tổ chức Lễ kỷ niệm": the verb "organize", not an organization
        kind = "foreign-ngo" if trigger == "ngo" or latin or foreign else "other"
        return _Mention(i, end, name, kind)

    def _capitalized_phrase_end(self, k: int) -> int:
        """Return the end of the capitalized words from token k ("Cựu chiến binh", "Trẻ em"), else k.

        A word is capitalized by its first syllable; the segmenter's words draw its end.
        """
        s = self.stream
        end = k
        while end - k < _MAX_CAUSE_WORDS and s.adjacent(end) and s.is_word(end):
            if not (s.is_capitalized(end) or (end > k and s.is_lower(end) and s.same_word(end - 1, end))):
                break
            end += 1
        return end

    def _cause_named(self, i: int) -> _Mention | None:
        """Return the organization named by the cause it serves: "Cựu chiến binh vì Hòa bình".

        Capitalized words, a lower-case "vì", capitalized words again, inside a sentence (not its
        first word): an ordinary sentence writes the cause after "vì" in lower case. A cause that is
        a place or a person ("vì Việt Nam") is no name.
        """
        s = self.stream
        if i == 0 or not (s.is_word(i - 1) and s.adjacent(i)) or self._title_at(i) or i in self.places:
            return None
        if starts_vietnamese_name(s, i):
            return None
        cause = self._capitalized_phrase_end(i)
        if cause == i or s.keys[cause] != "vì" or not (s.is_lower(cause) and s.adjacent(cause)):
            return None
        k = cause + 1
        if k in self.places or starts_vietnamese_name(s, k):
            return None
        end = self._capitalized_phrase_end(k)
        if end == k:
            return None
        return _Mention(i, end, s.surface(i, end), "other")

    def _lower_head_at(self, i: int) -> bool:
        """Return whether a head that news also writes in lower case begins at i: "bệnh viện Bạch Mai"."""
        s = self.stream
        for head in _LOWER_CASE_HEADS:
            end = i + len(head)
            if tuple(s.keys[i:end]) == head and all(s.is_lower(k) for k in range(i, end)):
                if s.same_word(i - 1, i):
                    return False  # the end of a word: "đa khoa Đồng Nai", "chuyên khoa Lao"
                if head == ("khoa",) and self._field_run(end) > end:
                    return True  # "khoa hồi sức tích cực": a department, named by its field alone
                return end < s.n and s.adjacent(end) and s.is_capitalized(end) and s.is_word(end)
        return False

    def _lower_head_indices(self) -> list[int]:
        """Return the tokens where a lower-case head stands before a capitalized name."""
        s = self.stream
        firsts = {head[0] for head in _LOWER_CASE_HEADS}
        return [i for i in range(s.n) if s.keys[i] in firsts and s.is_lower(i) and self._lower_head_at(i)]

    def _inside_local_head(self, i: int) -> bool:
        """Tell whether token i lies inside a local body's head begun just before it.

        Such a head found no place where it stood (a header wraps "ỦY BAN NHÂN DÂN" / "TỈNH
        QUẢNG TRỊ"), so it is no organization; its inner words ("BAN NHÂN DÂN") are none either.
        """
        s, names = self.stream, self.lexicon.names
        if i == 0 or not names.starts_with(s.keys[i - 1]):
            return False
        return any(
            end > i and isinstance(value, _Head) and value.takes != "name"
            for end, values in names.matches(s, i - 1)
            for value in values
        )

    def at(self, i: int, depth: int = 0) -> _Mention | None:
        """Return the longest organization mention that begins at token i, if any."""
        s = self.stream
        if not (s.is_capitalized(i) and s.is_word(i)) and not self._lower_head_at(i):
            return None
        best: _Mention | None = None
        names = self.lexicon.names
        if self._inside_local_head(i):
            return None
        matches = names.matches(s, i) if names.starts_with(s.keys[i]) or s.abbreviated[i] else []
        if matches:
            readings = [
                (end, value, self._complete(i, end, value, depth))
                for end, values in matches
                for value in values
            ]
            # A local body's head that found no place ("Ủy ban MTTQ Việt Nam tỉnh", the province
            # unsaid) is no organization; a shorter head must not read its words as a name instead.
            failed_end = 0
            known = False  # a known name beats a head that reads on: "Ban Bí thư Trung ương"
            for end, value, found in readings:
                if found is None and isinstance(value, _Head) and value.takes != "name":
                    failed_end = end
                known = known or (found is not None and isinstance(value, _Known) and end - i > 1)
            best_rank = (0, 0, False)
            for end, value, found in readings:
                if found is None:
                    continue
                if isinstance(value, _Head) and value.takes == "name" and (known or end < failed_end):
                    continue
                rank = (found.end, found.lexicon_end, isinstance(value, _Known))
                if rank > best_rank:
                    best, best_rank = found, rank
        if best is None:
            best = self._bare_head(i, matches)
        if depth > 0:
            return best
        trigger = self._trigger(i) if best is None or best.kind == "other" else None
        if best is None and trigger is not None:
            best = self._after_trigger(i, trigger)
        if best is None:
            best = self._cause_named(i)
        if best is not None and best.start == i and s.is_lower(i):
            best.name = best.name[:1].upper() + best.name[1:]  # one name however the head is written
        if best is not None and not best.short:
            best.end = self._campus_end(best.end)
            if s.keys[best.start] == "khoa":
                self._parent_joined(best)
        if best is not None:
            if trigger == "ngo" and best.kind == "other":
                best.kind = "foreign-ngo"
            self._read_bracket(best, trigger)
            self._place_after_bracket(best)
            best.country = best.country or self._seat_abroad(best)
        return best

    def _seat_abroad(self, found: _Mention) -> str | None:
        """Return the country of the foreign province or city a local body is named after, if any.

        "Ủy ban nhân dân tỉnh Attapeu" and "Tỉnh đoàn Savannakhet" are bodies of Laos.
        """
        if found.location is None and found.kind != "province-body":
            return None
        for k in range(found.start, found.end):
            place = self.places.get(k)
            if place is not None and place[0] <= found.end and place[1].kind in FOREIGN_SUBDIVISION_KINDS:
                return _country_by_code(place[1].code or "")
        return None

    def _place_after_bracket(self, found: _Mention) -> None:
        """Run a name on over the province written after its bracketed abbreviation.

        "Trung tâm Kiểm soát bệnh tật (CDC) Quảng Nam" is the centre of Quảng Nam, its abbreviation
        put in before the province; a body that names its place already keeps it.
        """
        bracket = self._parenthesis(found.end)
        if bracket is None or not bracket[3] or found.location is not None:
            return
        after = bracket[1] + 1
        place = self.location(after) or self._province_bare(after)
        if place is None:
            return
        found.name = f"{found.name} {place[1]}"
        found.end = place[0]
        found.location = place[1]
        if found.kind == "other":
            found.kind = "province-body"

    def _parent_joined(self, department: _Mention) -> None:
        """Run a department on over the body it belongs to, written right after it or after a dash.

        "khoa Hồi sức tích cực Bệnh viện Đà Nẵng" and "Khoa Nội tổng hợp - Bệnh viện Đà Nẵng" are one
        department of one hospital, as "Đảng ủy Bộ Ngoại giao" is one committee; the hospital keeps a
        mention of its own. After a comma the two are listed, not joined.
        """
        s = self.stream
        j = department.end
        if s.keys[j] == "-" and s.adjacent(j):
            j += 1
        if not (s.adjacent(j) and s.is_capitalized(j)):
            return
        parent = self.at(j, depth=1)
        if parent is None or parent.short or s.keys[parent.start] == "khoa":
            return
        department.name = f"{department.name} {parent.name}"
        department.end = parent.end
        department.inner.append(parent)

    def _campus_end(self, end: int) -> int:
        """Return the end of a campus named after a body ("... cơ sở 2", "... cơ sở Đông Anh"), else `end`.

        A campus is a site of the body, not a body of its own: the mention runs over it, the name stays.
        """
        s = self.stream
        if s.keys[end : end + 2] != ["cơ", "sở"] or not all(s.adjacent(k) for k in range(end, end + 3)):
            return end
        k = end + 2
        if s.keys[k] == "số" and s.adjacent(k + 1):
            k += 1
        if s.forms[k].isdigit():
            return k + 1
        run = k
        while run - k < _MAX_PLACE_SYLLABLES and s.adjacent(run) and is_name_token(s, run):
            run += 1
        return run if run > k else end

    def _bare_head(self, i: int, matches: list[tuple[int, list[_Known | _Head]]]) -> _Mention | None:
        """Return a head word standing alone ("Phó Chủ tịch Hội"), as a short form to resolve."""
        s = self.stream
        for end, values in matches:
            if tuple(s.keys[i:end]) not in _BARE_HEADS or self._runs_on_in_word(end):
                continue
            if s.adjacent(end) and s.is_capitalized(end) and not starts_vietnamese_name(s, end):
                continue  # a name follows that no reading took: leave it alone
            if any(isinstance(v, _Head) for v in values):
                return _Mention(i, end, s.surface(i, end), "other", short=True, lexicon_end=end)
        return None

    def _read_bracket(self, found: _Mention, trigger: str | None) -> None:
        """Take a country or an alias from a bracket after a mention."""
        bracket = self._parenthesis(found.end)
        if bracket is None:
            return
        start, end, country, is_alias = bracket
        if country is not None:
            if phrase_keys(country) != _VIET_NAM:
                if found.kind in ("state", "ministry") and found.country is None and found.location is None:
                    # "Bộ Ngoại giao (Lào)" is Laos' ministry, as "Bộ Ngoại giao Lào" is (`_complete`)
                    found.name, found.kind = f"{found.name} {country}", "foreign-government"
                found.country = found.country or country
                keys = self.stream.keys[found.start : found.start + 2]
                ngo_head = keys == ["tổ", "chức"] or keys[0] == "quỹ"  # "Tổ chức X (Đức)", "Quỹ X (Mỹ)"
                if found.kind == "other" and (trigger is not None or ngo_head):
                    found.kind = "foreign-ngo"
        elif is_alias:
            alias = _Mention(start, end, found.name, found.kind, found.country)
            self.alias_mentions.append(alias)
            self.aliases.setdefault(phrase_keys(self.stream.surface(start, end)), found.name)

    # -- the whole document ---------------------------------------------------------------------------

    def read(self) -> list[_Mention]:
        """Return every organization mention of the document, nested bodies included."""
        s = self.stream
        found: list[_Mention] = []
        covered = bytearray(s.n)
        for street_start, street_end in self.streets:
            k = bisect_left(s.starts, street_start, 0, s.n)
            while k < s.n and s.starts[k] < street_end:
                covered[k] = 1
                k += 1
        starts = sorted({*s.capitalized_indices(), *self._lower_head_indices()})
        for i in starts:
            if covered[i]:
                continue
            mention = self.at(i)
            if mention is None:
                continue
            stack = [mention]
            while stack:
                m = stack.pop()
                found.append(m)
                stack += m.inner
            covered[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        for company in self._company_mentions(covered):
            found.append(company)
            covered[company.start : company.end] = b"\x01" * (company.end - company.start)
        for alias in self.alias_mentions:
            covered[alias.start : alias.end] = b"\x01" * (alias.end - alias.start)
        found += self.alias_mentions
        found += self._alias_mentions(covered)
        return self._short_forms_resolved(found)

    def _company_mentions(self, covered: bytearray) -> list[_Mention]:
        """Return the foreign names that end in a word for a company ("Vietnam Airlines", "Sun Group").

        Latin words only, two at least, none read as part of another mention.
        """
        s = self.stream
        found: list[_Mention] = []
        for i in s.capitalized_indices():
            if covered[i] or (found and i < found[-1].end):
                continue
            end = capitalized_run_end(s, i, limit=5)
            if end > i and s.forms[end] in _CLUB_ACRONYMS and s.adjacent(end):
                # "Hà Nội FC": a club, in any language; the place in its name is no place of the text
                if not any(covered[i : end + 1]):
                    found.append(_Mention(i, end + 1, s.surface(i, end + 1), "other"))
                continue
            last = next((k for k in range(end, i + 1, -1) if s.keys[k - 1] in _COMPANY_ENDINGS), 0)
            if not last or any(covered[i:last]) or has_vietnamese_letters(s.surface(i, last)):
                continue
            found.append(_Mention(i, last, s.surface(i, last), "other"))
        return found

    def _short_forms_resolved(self, found: list[_Mention]) -> list[_Mention]:
        """Give each short form ("Liên hiệp") the one body of the document whose name it begins.

        Failing that, a short form stands for its organization in organizations.tsv when the
        document names that one in full; otherwise it is dropped.
        """
        full = {organization_key(m.name): m for m in found if not m.short}
        kept: list[_Mention] = []
        for m in found:
            if not m.short:
                kept.append(m)
                continue
            written = tuple(self.stream.keys[m.start : m.end])
            owners = [owner for key, owner in full.items() if key[: len(written)] == written]
            if len(owners) == 1:
                m.name, m.kind, m.country = owners[0].name, owners[0].kind, owners[0].country
                kept.append(m)
            elif organization_key(m.name) in full:
                kept.append(m)
        return kept

    def _alias_mentions(self, covered: bytearray) -> list[_Mention]:
        """Return the later mentions of aliases the document defined in brackets."""
        if not self.aliases:
            return []
        trie: PhraseTrie[str] = PhraseTrie()
        for keys, name in self.aliases.items():
            trie.add(keys, name)
        s = self.stream
        out: list[_Mention] = []
        for i in s.capitalized_indices():
            if covered[i] or not trie.starts_with(s.keys[i]):
                continue
            match = trie.longest(s, i)
            if match is None or any(covered[i : match[0]]) or self._runs_on_in_word(match[0]):
                continue
            out.append(_Mention(i, match[0], match[1][0], "other"))
            covered[i : match[0]] = b"\x01" * (match[0] - i)
        return out


_GENERIC_HEAD = "tổ chức "


def organization_name_clean(name: str, kind: str) -> tuple[str, str]:
    """Return the name and kind of an organization without a generic "Tổ chức" before a foreign name.

    "Tổ chức Hope Bridge Korea" is the organization Hope Bridge Korea, a foreign NGO; a Vietnamese
    name that begins with the words ("Tổ chức Y tế Thế giới") keeps them.
    """
    if name[: len(_GENERIC_HEAD)].lower() == _GENERIC_HEAD:
        rest = name[len(_GENERIC_HEAD) :].strip()
        if rest and rest[0].isupper() and not has_vietnamese_letters(rest):
            return rest, "foreign-ngo" if kind == "other" else kind
    return name, kind


def _organizations(mentions: list[_Mention], stream: TokenStream) -> list[Organization]:
    """Merge mentions into one Organization per full name, in the order of first mention."""
    by_key: dict[tuple[str, ...], Organization] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        m.name, m.kind = organization_name_clean(m.name, m.kind)
        key = organization_key(m.name)
        span: Span = stream.span(m.start, m.end)
        org = by_key.get(key)
        if org is None:
            by_key[key] = Organization(name=m.name, spans=[span], kind=m.kind, country=m.country)
            continue
        if span not in org.spans:
            org.spans.append(span)
        if org.kind == "other" and m.kind != "other":
            org.kind = m.kind
        org.country = org.country or m.country
    for org in by_key.values():
        org.spans.sort()
    return sorted(by_key.values(), key=lambda o: o.spans[0])


# An official document's header: the national name ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", where
# "HỘI" would start an association) and the type line ("BÁO CÁO", where "BÁO" would start a
# newspaper) name no organization.
_NATIONAL_NAME = re.compile(r"cong hoa xa hoi chu nghia viet nam")


def _national_names(doc: Document) -> list[tuple[int, int]]:
    """Return where a document writes the national name, folded (same offsets as the text)."""
    return [found.span() for found in _NATIONAL_NAME.finditer(fold_key(doc.text))]


def _header_words(
    doc: Document, stream: TokenStream, mention: _Mention, national: list[tuple[int, int]]
) -> bool:
    """Return whether a mention is part of the national name or is a document's type line."""
    start, end = stream.span(mention.start, mention.end)
    if any(low <= start and end <= high for low, high in national):
        return True
    return fold_key(mention.name) in DOCUMENT_TYPE_KEYS and doc.text[start:end].isupper()


def organizations_step(doc: Document) -> Document:
    """Add the organizations named in the document, each with the spans of all its mentions.

    A country in brackets after an organization ("Quỹ Châu Á (Mỹ)", "tổ chức Plan International
    (Anh)") is the organization's country; its mention stays among the places.
    """
    stream = token_stream(doc)
    national = _national_names(doc)
    read = OrganizationReader(doc, stream).read()
    mentions = [m for m in read if not _header_words(doc, stream, m, national)]
    doc.organizations = _organizations(mentions, stream)
    return doc
