"""The compact features of a document that event grouping compares: computed once, kept small.

A Document carries its full text and every fact; grouping 100,000 of them needs far less: the
dates, folded keys of the people, organizations, places and figures, the counts of its lexical
terms (segmented words and syllable bigrams) and a MinHash of its syllable shingles.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from doingoai.analysis.dates import event_date_find, lead_day_without_year, lead_end
from doingoai.analysis.document import Document, Organization
from doingoai.analysis.packages import modules_light
from doingoai.analysis.text import entity_key, fold_key, tone_key

if TYPE_CHECKING:
    from datasketch import MinHash
else:  # datasketch's MinHash alone, without the package's other sketches and scipy
    MinHash = modules_light("datasketch", ["datasketch.minhash"])[0].MinHash

MINHASH_PERMUTATIONS = 64
SHINGLE_SYLLABLES = 4
# Small counts ("2 nước", "3 nội dung") are shared by chance; they say nothing about the event.
QUANTITY_MIN_VALUE = Decimal(10)

# Function words and the commonest syllables of news prose. They say how an article is written,
# not what it is about, so they are left out of the lexical terms (written for this project).
STOP_SYLLABLES = frozenset(
    """
    a à ạ ai anh ấy bà bao bằng bên bị bởi bỗng cả các cái cần càng cho chỉ chiếc chính chứ chưa chúng
    có còn của cùng cũng đã đang đây để đến đều điều do đó đối được gì giữa hay hãy hơn hết khi không
    là lại làm lên lúc mà mỗi một mới mình nào này nay nên nếu ngay nhau nhiều như những nơi nữa ở
    ông qua quá ra rằng rất rồi sau sẽ so sự tại tất theo thì thế tới trên trong từ từng và vào vẫn
    về vì việc với vừa xin ta tôi họ nó đâu hoặc tuy nhưng thêm vậy kể ngoài nhằm nhất luôn
    chiều sáng tối trưa ngày tháng năm hôm
    """.split()
)
# Segmented words that are connectives, not content.
STOP_WORDS = frozenset(
    {
        "đồng_thời",
        "tiếp_tục",
        "cũng_như",
        "bên_cạnh",
        "ngoài_ra",
        "trong_đó",
        "theo_đó",
        "tuy_nhiên",
        "bao_gồm",
        "cụ_thể",
        "thời_gian",
        "hiện_nay",
        "vừa_qua",
        "nhân_dịp",
        "thông_tin",
        "phóng_viên",
        "cho_biết",
    }
)

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(slots=True)
class DocumentFeatures:
    """What grouping needs to know about one document; `terms` are raw counts, weighted later."""

    id: str
    source: str | None
    published: dt.date | None
    event_date: dt.date | None
    title: str | None
    terms: dict[str, int]
    name_terms: frozenset[str]
    minhash: np.ndarray
    people: dict[str, str] = field(default_factory=dict)
    organizations: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)
    # Where an undated report is placed in time by its arrival (`doingoai.events.grouping.arrival_places`):
    # which weeks it is looked for in, not a date of it.
    placed: dt.date | None = None
    # The (month, day) its lead names without a year ("Ngày 30/12"), for a report with no date of
    # its own: the library places it on the last such day before where it arrived.
    lead_day: tuple[int, int] | None = None

    @property
    def anchor_date(self) -> dt.date | None:
        """Return the best date of what the document reports: the event's, else publication."""
        return self.event_date or self.published

    @property
    def day(self) -> dt.date | None:
        """Return the day that places the document among others: its anchor date, else where it arrived."""
        return self.anchor_date or self.placed


@lru_cache(maxsize=200_000)
def syllable_key(syllable: str) -> str:
    """Return the comparison key of one syllable: lower case, one tone-mark placement."""
    return tone_key(syllable)


_SENTENCE_START = frozenset('.!?:;\n"“(')


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_START


@dataclass(slots=True)
class _Run:
    """Words between two punctuation marks: their keys, and which are written with a capital."""

    words: list[str]
    word_capitals: list[bool]
    syllables: list[str]
    syllable_capitals: list[bool]
    start: int = 0  # offset of the run's first character in the text


_PLAIN_RUN = re.compile(r"[^\W_]+(?:[ \t]+[^\W_]+)*")


def _plain_runs(text: str, skip: set[str]) -> Iterator[_Run]:
    """Yield the runs of an unsegmented text: every syllable is a word."""
    for match in _PLAIN_RUN.finditer(text):
        surfaces = match.group().split()
        keys = [syllable_key(s) for s in surfaces]
        capitals = [s[0].isupper() for s in surfaces]
        if capitals[0] and _sentence_initial(text, match.start()):
            capitals[0] = len(surfaces) > 1 and capitals[1]  # "Nghệ An ..." opens a sentence as a name
        if skip.intersection(keys):
            kept = [i for i, k in enumerate(keys) if k not in skip]
            keys, capitals = [keys[i] for i in kept], [capitals[i] for i in kept]
        if keys:
            yield _Run(keys, capitals, keys, capitals, match.start())


def _segmented_runs(doc: Document, skip: set[str]) -> Iterator[_Run]:
    """Yield the runs of a segmented text: a word may hold several syllables."""
    run = _Run([], [], [], [])
    for start, end in doc.words:
        surface = doc.text[start:end]
        if not surface[:1].isalnum():
            if run.words:
                yield run
            run = _Run([], [], [], [])
            continue
        surfaces = surface.split()
        keys = [syllable_key(s) for s in surfaces]
        capitals = [s[:1].isupper() for s in surfaces]
        if len(surfaces) == 1 and capitals[0] and _sentence_initial(doc.text, start):
            capitals[0] = False  # the capital of a sentence's first word is not a name's
        key = "_".join(keys)
        if key in skip:
            continue
        if not run.words:
            run.start = start
        run.words.append(key)
        run.word_capitals.append(all(capitals))
        run.syllables += keys
        run.syllable_capitals += capitals
    if run.words:
        yield run


def terms_count(doc: Document) -> tuple[dict[str, int], frozenset[str], list[str]]:
    """Return a document's lexical term counts, its name-like terms, and its syllables in order.

    Terms are the segmented words and the syllable bigrams inside a phrase: the words give the
    meaning units, the bigrams make two segmentations of one phrase still meet. A term written
    with capitals (a person, a place, an organization) is name-like: grouping weighs it apart,
    since names tell one event from another written to the same template. The title and the lead
    are counted twice: they say what the article reports, the body adds background.
    """
    # Outlet and date tags describe the page, not the event.
    skip = {"date", syllable_key(doc.source)} if doc.source else {"date"}
    runs = _segmented_runs(doc, skip) if doc.words else _plain_runs(doc.text, skip)
    terms: list[str] = []
    lead_terms: list[str] = []
    names: set[str] = set()
    syllables: list[str] = []
    stop_words, stop_syllables = STOP_WORDS, STOP_SYLLABLES
    lead = lead_end(doc)
    for run in runs:
        syllables += run.syllables
        words = [(w, c) for w, c in zip(run.words, run.word_capitals, strict=True) if w not in stop_syllables]
        keys, capitals = run.syllables, run.syllable_capitals
        bigrams = [
            (f"{keys[i]} {keys[i + 1]}", capitals[i] and capitals[i + 1])
            for i in range(len(keys) - 1)
            if keys[i] not in stop_syllables or keys[i + 1] not in stop_syllables
        ]
        found = [w for w, _ in words if w not in stop_words] + [b for b, _ in bigrams]
        terms += found
        if run.start < lead:
            lead_terms += found
        names.update(w for w, capital in words if capital)
        names.update(b for b, capital in bigrams if capital)
    counts = Counter(terms)
    counts.update(lead_terms)
    return dict(counts), frozenset(names), syllables


@lru_cache(maxsize=200_000)
def _syllable_hash(syllable: str) -> int:
    return zlib.crc32(syllable.encode("utf-8"))


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=1)
def _minhash_base() -> MinHash:
    return MinHash(num_perm=MINHASH_PERMUTATIONS, seed=1, hashfunc=_identity)


def minhash_new() -> MinHash:
    """Return an empty MinHash over 32-bit shingle hashes, sharing every document's permutations."""
    base = _minhash_base()
    return MinHash(
        num_perm=MINHASH_PERMUTATIONS,
        seed=1,
        hashfunc=_identity,
        permutations=base.permutations,
        scheme=base.scheme,
    )


_SHINGLE_MIX = np.uint64(0x01000193)  # the FNV prime: mixes a syllable hash into the shingle's
_LOW_32_BITS = np.uint64(0xFFFFFFFF)


def shingle_hashes(syllables: list[str]) -> np.ndarray:
    """Return the distinct 32-bit hashes of a text's runs of SHINGLE_SYLLABLES syllables.

    Each syllable is hashed once (CRC-32, cached); a shingle's hash combines its syllables'
    hashes in order, for all shingles at once.
    """
    if not syllables:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.asarray([_syllable_hash(s) for s in syllables], dtype=np.uint64)
    width = min(SHINGLE_SYLLABLES, len(hashes))
    count = len(hashes) - width + 1
    combined = hashes[:count].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, width):
            combined = (combined * _SHINGLE_MIX) ^ hashes[offset : offset + count]
    return np.unique(combined & _LOW_32_BITS)


def minhash_of(syllables: list[str]) -> np.ndarray:
    """Return the MinHash values of a text's syllable shingles (near-copies share most of them)."""
    minhash = minhash_new()
    minhash.update_batch(shingle_hashes(syllables).tolist())
    return np.asarray(minhash.hashvalues)


def minhash_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Return the Jaccard similarity of two shingle sets, estimated from their MinHash values."""
    return float(np.count_nonzero(a == b)) / len(a)


# Counted nouns whose qualifier says no more than the head does: "1.200 người dân" counts people as
# "1.000 người" does, "50 hộ dân" and "50 hộ gia đình" count households as "50 hộ" does, whatever
# place follows ("người dân vùng lũ"). A qualifier that names a kind or a part ("người nước ngoài",
# "hộ nghèo") and another head ("học sinh") keep their own key.
_SAME_AS_HEAD: tuple[tuple[tuple[str, ...], str], ...] = (
    (("nguoi", "dan"), "nguoi"),
    (("ho", "dan"), "ho"),
    (("ho", "gia", "dinh"), "ho"),
)
# Syllables that make "dân" part of another word: "người dân tộc" (of an ethnic group), "dân quân",
# "dân số", "dân sự", "dân chủ".
_JOINED_TO_DAN = frozenset({"toc", "quan", "so", "su", "chu"})


def unit_key(unit: str) -> str:
    """Return the key of a counted noun: its first two syllables ("dự án phi chính phủ" -> "du an").

    A noun whose qualifier only restates its head ("người dân", "hộ gia đình") has the head's key.
    """
    words = entity_key(unit).split()
    for pair, head in _SAME_AS_HEAD:
        if tuple(words[: len(pair)]) == pair:
            after = words[len(pair) : len(pair) + 1]
            if not (pair[-1] == "dan" and after and after[0] in _JOINED_TO_DAN):
                return head
    return " ".join(words[:2])


def _figure_keys(doc: Document) -> dict[str, str]:
    keys: dict[str, str] = {}
    for amount in doc.amounts:
        keys.setdefault(f"{amount.currency}:{amount.value.normalize()}", amount.text)
    for quantity in doc.quantities:
        if quantity.value >= QUANTITY_MIN_VALUE or quantity.unit == "%":
            keys.setdefault(f"{unit_key(quantity.unit)}:{quantity.value.normalize()}", quantity.text)
    return keys


def is_outlet(org: Organization, doc: Document) -> bool:
    """Return whether an organization is only the outlet's own tag ("(TTXVN) -"), not a party to the news."""
    if not doc.source or not org.spans:
        return False
    return all(fold_key(doc.text[s:e]) == fold_key(doc.source) for s, e in org.spans)


def _is_home_country(name: str) -> bool:
    # Nearly every article names Việt Nam; sharing it tells nothing about the event.
    return entity_key(name) == "viet nam"


def features_from_document(doc: Document) -> DocumentFeatures:
    """Return the grouping features of an analysed document."""
    terms, names, syllables = terms_count(doc)
    event_date = event_date_find(doc)
    return DocumentFeatures(
        id=doc.id,
        source=doc.source,
        published=doc.published,
        event_date=event_date,
        lead_day=lead_day_without_year(doc) if event_date is None and doc.published is None else None,
        title=doc.title,
        terms=terms,
        name_terms=names,
        minhash=minhash_of(syllables),
        people={entity_key(p.name): p.name for p in doc.people if len(p.name.split()) >= 2},
        organizations={entity_key(o.name): o.name for o in doc.organizations if not is_outlet(o, doc)},
        places={entity_key(p.name): p.name for p in doc.places if not _is_home_country(p.name)},
        figures=_figure_keys(doc),
    )
