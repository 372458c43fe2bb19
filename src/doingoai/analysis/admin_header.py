"""Read the administrative header of a Vietnamese official document (Nghị định 30/2020/NĐ-CP).

An official letter, report or plan opens with two columns: on the left the superior body and the
issuing body in capitals, then "Số: 12/BC-LHH" (and, for a letter, "V/v ..." giving its subject);
on the right the national name and motto, then the place and date ("Hà Nội, ngày 05 tháng 01 năm
2026"). Below them come the type of document in capitals ("BÁO CÁO") and its title. Extracted
from Word or PDF, the columns arrive as lines in either order; this parser looks for each part by
its own pattern in the first lines, so the order does not matter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from doingoai.analysis.admin_units import admin_units
from doingoai.analysis.gazetteer import foreign_prefectures, foreign_provinces
from doingoai.analysis.personal_names import family_names, is_foreign_name, is_vietnamese_syllable
from doingoai.analysis.text import fold_key, tone_key
from doingoai.analysis.tokens import NOT_IN_NAMES, lexicon_rows

# Only the head of a document is read: the header never runs longer than this.
_HEAD_LINES = 30

_NUMBER = re.compile(r"^\s*Số\s*(?:[:.]\s*|\s)(?P<number>[0-9A-Za-zĐđ][\w.\-]*(?:/[\w.\-]+)+)", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^\s*(?P<place>[^\d,;:\n]{2,60}?)\s*,\s*ngày\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})"
    r"\s+năm\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^\s*(?:V/v|Về việc)\s*[:.]?\s*(?P<subject>\S.*)$", re.IGNORECASE)
_RULE = re.compile(r"^[\s\-_–—=.*~]+$")
_MOTTO_START = re.compile(
    r"\bcong hoa xa hoi chu nghia\b|\bdoc lap\s*[-–—]\s*tu do\b|\bdang cong san viet nam\b"
)
_MOTTO_KEYS = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")
# A Party document (Hướng dẫn 36-HD/VPTW) puts the Party's name where a state one puts the national
# name: "ĐẢNG CỘNG SẢN VIỆT NAM" heads its right column, and names no issuing body.
_PARTY_NAME_KEY = "dang cong san viet nam"

# The kinds of administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục III) by their
# abbreviation in the symbol, and their names as the type line writes them.
DOCUMENT_TYPES = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "PC": "Phiếu chuyển",
    "PG": "Phiếu gửi",
    "PB": "Phiếu báo",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
}
# A Party document writes its kind before the slash ("Số 17-KL/TU"), with abbreviations of its own
# (Hướng dẫn 36-HD/VPTW): "TT" is a Thông tri there, a Thông tư in a state symbol.
PARTY_DOCUMENT_TYPES = {
    **{abbr: DOCUMENT_TYPES[abbr] for abbr in ("NQ", "QĐ", "CT", "QC", "TB", "HD", "CTr", "KH", "BC", "TTr")},
    "KL": "Kết luận",
    "QĐi": "Quy định",
    "TT": "Thông tri",
    "BB": "Biên bản",
}
_TYPE_BY_KEY = {
    fold_key(name): name
    for name in (*DOCUMENT_TYPES.values(), *PARTY_DOCUMENT_TYPES.values(), "Luật", "Pháp lệnh", "Công văn")
}
# The folded names of the kinds of document ("bao cao"), which a type line writes in capitals.
DOCUMENT_TYPE_KEYS = frozenset(_TYPE_BY_KEY)


@dataclass(frozen=True)
class AdminHeader:
    """What the header of an official document says; a part it does not say is empty (or None)."""

    issuer: str = ""
    superior: str = ""
    number: str = ""
    place: str = ""
    date: dt.date | None = None
    doc_type: str = ""
    title: str = ""

    def is_empty(self) -> bool:
        """Return whether the text had no part of an administrative header at all."""
        return not (self.issuer or self.number or self.place or self.date or self.doc_type or self.title)

    def is_official(self) -> bool:
        """Return whether the text opens as an official document does: numbered or dated, and titled.

        A news article may hold a line that looks like one part ("Số 12/15 tỉnh ...", a type word
        in capitals); it does not hold a number or a place and date line together with a title.
        """
        return bool(self.number or self.date) and bool(self.display_title())

    def hints(self) -> dict[str, str]:
        """Return what the header says as the metadata hints of a document (empty parts left out).

        The title is the one a person cites ("Thông báo kết luận của ..."), the source the issuing
        body, the published date the date the document bears.
        """
        issued = self.date.isoformat() if self.date else ""
        values = {
            "title": self.display_title(),
            "source": self.issuer,
            "published": issued,
            "issuer": self.issuer,
            "superior": self.superior,
            "number": self.number,
            "place": self.place,
            "issued": issued,
            "doc_type": self.doc_type,
        }
        return {key: value[:500] for key, value in values.items() if value}

    def display_title(self) -> str:
        """Return the document's title as a list shows it: "Báo cáo kết quả ...", or the subject."""
        if self.doc_type and self.title:
            return f"{self.doc_type} {self.title[:1].lower()}{self.title[1:]}"
        return self.title or self.doc_type


def _is_upper(line: str) -> bool:
    if not line.isupper():  # a lower-case letter, or no letter with a case at all: not a capitals line
        return False
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# Words found in the national name and motto and in no body's name.
_MOTTO_WORDS = re.compile(r"\b(?:cong hoa|xa hoi|chu nghia|doc lap|tu do|hanh phuc)\b")


def _is_motto(line: str, *, after_motto: bool = False) -> bool:
    """Tell whether `line` is the national name or motto, or a piece of one wrapped by a PDF.

    A narrow column may give "CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM": each piece is part of the
    motto when it is a run of its words holding one of the words no body's name has, or when it
    follows such a piece ("VIỆT NAM" after "CỘNG HÒA XÃ HỘI CHỦ NGHĨA").
    """
    key = " ".join(fold_key(line).replace("-", " ").split())
    if any(key.startswith(m) for m in (*_MOTTO_KEYS, _PARTY_NAME_KEY)):
        return True
    if not key or not any(f" {key} " in f" {m} " for m in _MOTTO_KEYS):
        return False
    return after_motto or (len(key.split()) >= 2 and bool(_MOTTO_WORDS.search(key)))


def _type_from_number(number: str) -> str:
    """Return the kind of document its symbol names ("12/BC-LHH" -> "Báo cáo", "17-KL/TU" -> "Kết luận")."""
    parts = number.split("/")
    if "-" in parts[0]:  # a Party symbol: the kind after the number, before the slash
        return PARTY_DOCUMENT_TYPES.get(parts[0].split("-")[-1], "")
    for part in parts[1:]:
        found = DOCUMENT_TYPES.get(part.split("-")[0])
        if found:
            return found
    return ""


def _type_line(line: str) -> tuple[str, str] | None:
    """Return the kind a type line names and the words after it ("KẾT LUẬN CỦA BỘ CHÍNH TRỊ").

    The kind stands alone on its line as a rule ("THÔNG BÁO"); a Party document often writes the
    issuer after it on the same line, and those words begin the title.
    """
    if not _is_upper(line):
        return None
    words = line.split()
    key_words = [fold_key(word) for word in words]
    for n in range(min(len(words), 3), 0, -1):
        found = _TYPE_BY_KEY.get(" ".join(key_words[:n]))
        if found:
            return found, " ".join(words[n:])
    return None


@lru_cache(maxsize=1)
def _known_casings() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Return names written with their capitals, by their words' tone keys ("bộ chính trị" -> "Bộ Chính trị").

    A title typed in capitals loses the capitals of the names inside it; these give them back: the
    organizations, the heads of local bodies, positions, provinces (ours and our neighbours'), countries.
    One-word names are left out ("Pháp" is also the "pháp" of "biện pháp"), except the provinces ("Huế").
    """
    written: list[str] = []
    for row in lexicon_rows("organizations.tsv"):
        written += [row[0], *(a.lstrip("~") for a in (row[2].split("|") if len(row) > 2 else []))]
        written += [row[4]] if len(row) > 4 else []
    # Heads that name a body by its place ("Ủy ban nhân dân"), not those that are common nouns before a
    # name ("Tổ chức", "Trung tâm"); positions that stand alone ("Chủ tịch"), not "Đại biểu" of a body.
    heads = [row for row in lexicon_rows("organization_heads.tsv") if row[2] in ("place", "placename", "of")]
    written += [row[3] if len(row) > 3 and row[3] else row[0] for row in heads]
    written += [row[0] for row in lexicon_rows("titles.tsv") if len(row) < 2 or row[1] != "org"]
    written += _country_names()
    casings: dict[tuple[str, ...], tuple[str, ...]] = {}
    for name in written:
        words = tuple(name.split())
        # An abbreviation ("UBND") or a name in lower case is no casing to give back.
        if len(words) >= 2 and any(c.islower() for c in name) and any(c.isupper() for c in name):
            casings.setdefault(tuple(tone_key(w) for w in words), words)
    provinces = [p.text for p in admin_units().province_names if p.bare]
    abroad = [*foreign_provinces(), *foreign_prefectures()]
    for name in provinces + [name for unit in abroad for name in unit.names]:
        words = tuple(name.split())
        casings.setdefault(tuple(tone_key(w) for w in words), words)
    return casings


def _country_names() -> list[str]:
    """Return the Vietnamese names of the countries (countries.tsv; its first row names the columns)."""
    return [name for row in lexicon_rows("countries.tsv")[1:] if len(row) > 3 for name in row[3].split("|")]


@lru_cache(maxsize=1)
def _one_word_countries() -> dict[str, str]:
    """Return the one-word country names by tone key ("lào" -> "Lào"), given back after a dash only."""
    return {tone_key(name): name for name in _country_names() if " " not in name.strip()}


_DASH_WORDS = frozenset({"-", "–", "—"})
_WORD_EDGES = "\"“”‘’'()[],.;:!?"


@lru_cache(maxsize=1)
def _honorific_keys() -> frozenset[tuple[str, ...]]:
    """Return the words of address before a name (honorifics.tsv: "đồng chí", "ông"), by tone keys."""
    return frozenset(tuple(tone_key(w) for w in row[0].split()) for row in lexicon_rows("honorifics.tsv"))


_MAX_GIVEN_NAMES = 3  # "Nguyễn Thị Minh Khai": a family name and three more syllables at most


def _name_end(words: list[str], keys: list[str], i: int, known_starts: set[int], shortest: int) -> int:
    """Return the end of a person's name that begins with a family name at word i, else i.

    The given names are the Vietnamese syllables after it; the name must visibly end, at the line's
    end, a mark ("Lê Quang Tùng,"), a word that stands in no name ("về", "tại") or a known name ("Phó
    Bí thư"), and hold `shortest` syllables at least.
    """
    if keys[i] not in family_names() or words[i].rstrip(_WORD_EDGES) != words[i]:
        return i
    end = i + 1
    while end < len(words) and end - i <= _MAX_GIVEN_NAMES:
        core = words[end].strip(_WORD_EDGES)
        if not (core.isalpha() and is_vietnamese_syllable(core)) or keys[end] in NOT_IN_NAMES:
            break
        if end in known_starts or words[end].lstrip(_WORD_EDGES) != words[end]:
            break
        end += 1
        if words[end - 1].rstrip(_WORD_EDGES) != words[end - 1]:
            break  # "tùng," ends the name
    closed = end == len(words) or words[end - 1].rstrip(_WORD_EDGES) != words[end - 1]
    ends = closed or keys[end] in NOT_IN_NAMES or end in known_starts or not words[end][:1].isalpha()
    return end if ends and end - i >= shortest else i


def _written(word: str, form: str) -> str:
    """Return `word` with its letters written as `form`, the marks around it kept ("(ubnd)" -> "(UBND)")."""
    core = word.strip(_WORD_EDGES)
    at = word.find(core)
    return word[:at] + form + word[at + len(core) :]


def _capitalized(word: str) -> str:
    core = word.strip(_WORD_EDGES)
    return _written(word, core[:1].upper() + core[1:])


@lru_cache(maxsize=1)
def _acronyms() -> dict[str, str]:
    """Return the acronyms of the lexicons by their lower case ("ubnd" -> "UBND", "vufo" -> "VUFO").

    Those that spell a Vietnamese syllable ("TƯ", "EU", "UN") are left out: in lower case they are words.
    """
    forms = [row[0] for row in lexicon_rows("abbreviations.tsv")]
    for row in lexicon_rows("organizations.tsv"):
        forms += [a.lstrip("~") for a in (row[2].split("|") if len(row) > 2 else [])]
    return {
        form.lower(): form
        for form in forms
        if form.isupper() and " " not in form and form.isalnum() and not is_vietnamese_syllable(form)
    }


_COMMUNE_WORDS = frozenset({("xã",), ("phường",), ("đặc", "khu"), ("thị", "trấn")})
_MAX_COMMUNE_WORDS = 4


def _communes_restored(
    words: list[str], out: list[str], keys: list[str], known: list[tuple[int, int]]
) -> None:
    """Write with capitals the communes named after their kind word ("xã hướng phùng" -> "xã Hướng Phùng")."""
    communes = admin_units().communes_by_key
    taken = {k for start, end in known for k in range(start, end)}
    for i in range(len(words)):
        kind = next((n for n in (1, 2) if tuple(keys[i : i + n]) in _COMMUNE_WORDS), 0)
        if not kind or i + kind in taken or keys[i : i + 2] == ["xã", "hội"]:
            continue  # "xã hội" is society
        after = i + kind
        for n in range(min(_MAX_COMMUNE_WORDS, len(words) - after), 0, -1):
            names = words[after : after + n]
            if (
                any(w.strip(_WORD_EDGES) != w for w in names[:-1])
                or names[-1].lstrip(_WORD_EDGES) != names[-1]
            ):
                continue  # a mark inside: "xã hải an, hải lăng" names two places
            if tuple(keys[after : after + n]) in communes:
                for k in range(after, after + n):
                    out[k] = _capitalized(words[k])
                known.append((after, after + n))
                break


def _people_restored(words: list[str], out: list[str], keys: list[str], known: list[tuple[int, int]]) -> None:
    """Write with capitals the persons' names a line in capitals holds, in `out`.

    A name is read where a person is announced: after a word of address ("đồng chí lê quang tùng") or,
    of three syllables at least, after a known title or body ("Phó Bí thư Tỉnh ủy nguyễn văn an", "Phó
    Chủ tịch UBND tỉnh nguyễn văn an"), starting with a family name; or, after either, two to four
    words that no Vietnamese syllable spells, a foreigner's name ("Đại sứ Nhật Bản ito naoki").
    """
    honorifics = _honorific_keys()
    longest = max((len(h) for h in honorifics), default=0)
    known_starts = {start for start, _ in known}
    known_ends = {end for _, end in known}
    for i in range(1, len(words)):
        if words[i - 1].rstrip(_WORD_EDGES) != words[i - 1]:
            continue  # "đồng chí," or "Tỉnh ủy," close what they began
        addressed = any(tuple(keys[i - n : i]) in honorifics for n in range(1, min(longest, i) + 1))
        # "UBND tỉnh nguyễn văn an": the province left unsaid, the person named after the unit word
        unit_after_known = i - 1 in known_ends and keys[i - 1] in ("tỉnh", "xã", "phường")
        if not (addressed or i in known_ends or unit_after_known) or i in known_starts:
            continue
        end = _name_end(words, keys, i, known_starts, 2 if addressed else 3)
        if end == i:
            end = _foreign_name_end(words, i)
        for k in range(i, end):
            out[k] = _capitalized(words[k])


_MAX_FOREIGN_NAME_WORDS = 4


def _foreign_name_end(words: list[str], i: int) -> int:
    """Return the end of a foreigner's name at word i ("ito naoki,"), else i: letters only, no Vietnamese."""
    end = i
    while end < len(words) and end - i < _MAX_FOREIGN_NAME_WORDS:
        core = words[end].strip(_WORD_EDGES)
        if not core.isalpha() or words[end].lstrip(_WORD_EDGES) != words[end]:
            break
        end += 1
        if words[end - 1].rstrip(_WORD_EDGES) != words[end - 1]:
            break
    while end - i >= 2:
        if is_foreign_name([w.strip(_WORD_EDGES) for w in words[i:end]]):
            return end
        end -= 1
    return i


def _casings_restored(words: list[str]) -> list[str]:
    """Return lower-cased words with the known names among them written with their capitals again.

    Known names are those of the lexicons and the acronyms; a commune is known by its kind word, a
    person's name by where it stands (`_people_restored`).
    """
    casings = _known_casings()
    acronyms = _acronyms()
    longest = max((len(k) for k in casings), default=0)
    keys = [tone_key(w.strip(_WORD_EDGES)) for w in words]
    out = list(words)
    known: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            found = casings.get(tuple(keys[i : i + n]))
            if found is not None:
                for k in range(n):
                    out[i + k] = _written(words[i + k], found[k])
                known.append((i, i + n))
                i += n
                break
        else:
            country = _one_word_countries().get(keys[i])
            acronym = acronyms.get(words[i].strip(_WORD_EDGES))
            if country is not None and i > 0 and words[i - 1] in _DASH_WORDS:
                out[i] = _written(words[i], country)  # "Việt Nam - Lào"
            elif acronym is not None:
                out[i] = _written(words[i], acronym)  # "UBND", "VUFO"
                known.append((i, i + 1))
            i += 1
    _communes_restored(words, out, keys, known)
    _people_restored(words, out, keys, known)
    return out


def _lower_case(line: str) -> str:
    """Return words typed in capitals in lower case, the names inside keeping theirs.

    "CỦA BỘ CHÍNH TRỊ VỀ CÔNG TÁC" -> "của Bộ Chính trị về công tác".
    """
    return " ".join(_casings_restored(line.lower().split()))


# Words that carry a title on into its next line ("KẾT LUẬN" / "CỦA BAN THƯỜNG VỤ TỈNH ỦY" / "VỀ ...").
_TITLE_LINKS = frozenset(
    {"cua", "ve", "va", "tai", "nam", "giai", "trong", "voi", "cho", "den", "theo", "nham", "giua", "o"}
)
# A title wrapped over more lines than this is body text.
_TITLE_MAX_LINES = 4


def _title_after_type(rest: str, following: list[str]) -> str:
    """Return the title under the type line: its words after the kind, then the summary lines.

    The summary ("Kết luận của Thứ trưởng ... tại Hội nghị ...") may be wrapped over a few lines,
    by Word or by a PDF: a line that goes on in lower case ("công tác người Việt Nam ở nước ngoài"),
    or in capitals with a word that links it ("VỀ TĂNG CƯỜNG ..."), belongs to it. A line in
    capitals that links nothing ("CHỦ TỊCH ..." of a decision) is the next part of the document.
    """
    parts = [rest] if rest else []
    for line in following[:_TITLE_MAX_LINES]:
        if _NUMBER.match(line) or _PLACE_DATE.match(line):
            break
        if line.endswith((".", ":", ";")):
            break  # a sentence: the body has begun
        if parts:
            links = _is_upper(line) and fold_key(line.split()[0]) in _TITLE_LINKS
            if not (line[:1].islower() or links):
                break
        parts.append(line)
    title = " ".join(_lower_case(part) if _is_upper(part) else part for part in parts)
    return title[:1].upper() + title[1:]


def _fragments(line: str) -> list[str]:
    """Split a line where two columns of the header were run together by the extraction.

    A PDF's text layer may give "LIÊN HIỆP ... CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or
    "Số: 12/BC-LHH Hà Nội, ngày 05 tháng 01 năm 2026" as one line.
    """
    motto = _MOTTO_START.search(fold_key(line))
    if motto and motto.start() > 0:
        return [*_fragments(line[: motto.start()].strip()), line[motto.start() :]]
    found = _NUMBER.match(line)
    if found and line[found.end() :].strip():
        return [line[: found.end()], *_fragments(line[found.end() :].strip())]
    return [line] if line else []


# A line that is only a place ("TỈNH QUẢNG TRỊ", "THÀNH PHỐ HÀ NỘI") is not a body of its own: the
# header wrapped the body's name ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG TRỊ" is the provincial people's
# committee, not a committee above a province). A party committee ("TỈNH ỦY …") is a body.
_PLACE_LINE = re.compile(r"^(?:tinh|thanh pho|xa|phuong|dac khu|huyen|quan|thi xa) (?!uy\b)")


def _bodies_joined(bodies: list[str]) -> list[str]:
    """Return the header's bodies with a name split over two lines put back together."""
    joined: list[str] = []
    for body in bodies:
        if joined and _PLACE_LINE.match(fold_key(body).lower()):
            joined[-1] = f"{joined[-1]} {body}"
        else:
            joined.append(body)
    return joined


def _dates_joined(lines: list[str]) -> list[str]:
    """Return the lines with a place and date wrapped over two lines put back on one.

    A narrow right column may end a line after "tháng 01" and put "năm 2026" on the next.
    """
    joined: list[str] = []
    for line in lines:
        if joined and "ngày" in joined[-1].lower() and not _PLACE_DATE.match(joined[-1]):
            together = f"{joined[-1]} {line}"
            if _PLACE_DATE.match(together):
                joined[-1] = together
                continue
        joined.append(line)
    return joined


def admin_header_parse(text: str) -> AdminHeader:
    """Return the administrative header at the start of `text`; parts not found are left empty."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line and not _RULE.match(line)][:_HEAD_LINES]
    lines = _dates_joined([part for line in lines for part in _fragments(line)])
    number = place = subject = doc_type = title = ""
    date: dt.date | None = None
    bodies: list[str] = []
    type_at = -1
    type_rest = ""
    after_motto = False
    for index, line in enumerate(lines):
        was_motto, after_motto = after_motto, False
        if not number and (found := _NUMBER.match(line)):
            number = found.group("number").rstrip(".-")
            continue
        if date is None and (found := _PLACE_DATE.match(line)):
            try:
                date = dt.date(int(found.group("year")), int(found.group("month")), int(found.group("day")))
            except ValueError:
                date = None
            else:
                place = found.group("place").strip()
            continue
        if not subject and (found := _SUBJECT.match(line)):
            subject = found.group("subject").strip()
            continue
        if _is_motto(line, after_motto=was_motto):
            after_motto = True
            continue
        if not doc_type and (kind := _type_line(line)):
            # Words after the kind on its line ("KẾT LUẬN CỦA BỘ CHÍNH TRỊ") are read so only below
            # the number: above it, a line in capitals is a body's name.
            rest = kind[1]
            if not rest or (number and (fold_key(rest.split()[0]) in _TITLE_LINKS or _type_line(rest))):
                doc_type, type_rest, type_at = kind[0], kind[1], index
                continue
        if not number and not doc_type and _is_upper(line) and len(line) <= 120:
            bodies.append(line)
    if type_at >= 0:
        title = _title_after_type(type_rest, lines[type_at + 1 :])
    if not title and subject:
        title = subject if doc_type else f"V/v {subject}"
    if not doc_type and number:
        doc_type = _type_from_number(number)
    bodies = _bodies_joined(bodies)
    issuer = bodies[-1] if bodies else ""
    superior = bodies[-2] if len(bodies) > 1 else ""
    return AdminHeader(
        issuer=issuer,
        superior=superior,
        number=number,
        place=place,
        date=date,
        doc_type=doc_type,
        title=title,
    )
