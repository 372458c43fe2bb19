"""Compare the reports of one event: merge the facts they agree on, list where they disagree.

A fact reported by several outlets counts once, with every document that reports it. Two kinds
of disagreement are listed: a figure (the same thing, in the same unit, with different values)
and a statement (the same speaker's words, nearly identical across outlets but not quite).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from doingoai.analysis.document import Document, Place, Span
from doingoai.analysis.gazetteer import FOREIGN_SUBDIVISION_KINDS
from doingoai.analysis.output import amount_words, number_json, number_vi
from doingoai.analysis.text import entity_key
from doingoai.events.features import STOP_SYLLABLES, is_outlet, syllable_key, unit_key

_SYLLABLE = re.compile(r"\w+")

# A wording difference is a short change inside a long run of the same words: at least this many
# identical syllables before and after it, at most this many changed, and the window around it
# mostly shared. Anything looser pairs unrelated sentences that share a stock phrase.
STATEMENT_MIN_BEFORE = 4
STATEMENT_MIN_AFTER = 2
STATEMENT_MIN_CONTEXT = 7
STATEMENT_MAX_CHANGE = 4
STATEMENT_CONTEXT_BEFORE = 8
STATEMENT_CONTEXT_AFTER = 6
STATEMENT_MIN_OVERLAP = 0.6
# Two figures count the same thing when their sentences are about the same (see _same_thing).
FIGURE_MIN_SHARED = 3
FIGURE_MIN_OVERLAP = 0.3
FIGURE_LONE_MIN_SHARED = 2
FIGURE_LONE_MAX_RATIO = Decimal("1.5")
FIGURE_SUBJECT_WORDS = 6
# Spans of time, ages, shares and ratios ("5 năm", "43 tuổi", "30%", "2 lần"): any report holds
# several of them about different things, and sentences on one topic share many words. What such a
# figure measures is the word just before it ("tăng 12%" is not "chiếm 35%", "bé gái 5 tuổi" not
# "tình nguyện viên 26 tuổi"): two are the same figure only when that word is the same too.
FIGURE_MIN_OVERLAP_RELATIVE = 0.6
_RELATIVE_UNITS = frozenset(
    f"unit:{unit_key(unit)}{suffix}"
    for unit in ("%", "năm", "tháng", "tuần", "ngày", "giờ", "phút", "giây", "tuổi", "lần")
    for suffix in ("", "/for")
)
DIRECTIVE_MIN_SIMILARITY = 0.6
_ORGANIZER_VERB = re.compile(r"^\s*(?:(?:đã|vừa|đang|sẽ)\s+)*(?:tổ chức|chủ trì|đăng cai)(?!\w)")
_CO_ORGANIZER = re.compile(
    r"^\s*(?:(?:đã|vừa|đang|sẽ)\s+)*(?:phối hợp|cùng)(?:\s+với)?\s[^.;\n]{1,120}?(?:tổ chức|chủ trì)(?!\w)"
)
_ORGANIZER_REACH = 160
_VENUE_BEFORE = re.compile(r"(?<!\w)(?:tại|ở)\s+$")


@dataclass(frozen=True)
class Mention:
    """Where a document states a fact: the outlet's own words and their span in its text."""

    document: str
    text: str
    span: Span

    def json(self) -> dict[str, Any]:
        """Return the mention as a JSON-ready dict."""
        return {"document": self.document, "text": self.text, "span": list(self.span)}


@dataclass
class Fact:
    """One fact of an event, merged over the documents that report it (first mention in each)."""

    kind: str
    key: str
    label: str
    mentions: list[Mention] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def documents(self) -> list[str]:
        """Return the ids of the documents that report the fact, in event order."""
        return [m.document for m in self.mentions]

    def mention_add(self, mention: Mention) -> None:
        """Record that a document reports the fact, once per document."""
        if mention.document not in self.documents:
            self.mentions.append(mention)


@dataclass(frozen=True)
class Difference:
    """Outlets that disagree: each item is one outlet's own words; `diff` shows what changed."""

    kind: str
    subject: str | None
    items: tuple[Mention, ...]
    diff: str


def _first_span(spans: Sequence[Span]) -> Span:
    return min(spans)


def _tokens(text: str, span: Span) -> list[tuple[str, int, int]]:
    """Return the syllables inside `span` as (key, start, end), start/end offsets into `text`."""
    start, end = span
    return [(syllable_key(m.group(0)), m.start(), m.end()) for m in _SYLLABLE.finditer(text, start, end)]


def diff_markup(first: Sequence[str], second: Sequence[str]) -> str:
    """Return a word-level diff of two word lists: kept words, [-removed-] and {+added+}."""
    keys_a = [syllable_key(w) for w in first]
    keys_b = [syllable_key(w) for w in second]
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(" ".join(first[i1:i2]))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(first[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(second[j1:j2]) + "+}")
    return " ".join(parts).replace("-] {+", "-]{+")


def diff_parts(diff: str) -> list[tuple[str, str]]:
    """Split a `diff_markup` string into ("same" | "removed" | "added", text) pieces, in order.

    An unclosed marker is kept as plain text, so any string reads back whole.
    """
    parts: list[tuple[str, str]] = []
    cursor = 0
    while cursor < len(diff):
        removed, added = diff.find("[-", cursor), diff.find("{+", cursor)
        starts = [p for p in (removed, added) if p >= 0]
        if not starts:
            parts.append(("same", diff[cursor:]))
            break
        start = min(starts)
        if start > cursor:
            parts.append(("same", diff[cursor:start]))
        closing, kind = ("-]", "removed") if start == removed else ("+}", "added")
        end = diff.find(closing, start + 2)
        if end < 0:
            parts.append(("same", diff[start:]))
            break
        parts.append((kind, diff[start + 2 : end]))
        cursor = end + 2
    return parts


# ---------------------------------------------------------------- facts


def _person_facts(doc: Document, facts: dict[str, Fact]) -> None:
    for person in doc.people:
        key = f"person:{entity_key(person.name)}"
        fact = facts.setdefault(key, Fact("person", key, person.name, detail={"titles": []}))
        titles = fact.detail["titles"]
        titles += [t for t in person.titles if t not in titles]
        span = _first_span(person.spans) if person.spans else (0, 0)
        fact.mention_add(Mention(doc.id, doc.span_text(span), span))


def _named_facts(doc: Document, facts: dict[str, Fact]) -> None:
    for org in doc.organizations:
        if is_outlet(org, doc):
            continue
        key = f"organization:{entity_key(org.name)}"
        fact = facts.setdefault(key, Fact("organization", key, org.name, detail={"country": org.country}))
        span = _first_span(org.spans) if org.spans else (0, 0)
        fact.mention_add(Mention(doc.id, doc.span_text(span), span))
    named = [span for org in doc.organizations for span in org.spans]
    for place in doc.places:
        key = _place_key(place)
        detail: dict[str, Any] = {
            "kind": place.kind,
            "original": place.original,
            "venue_documents": [],
            "alone_documents": [],
        }
        fact = facts.setdefault(key, Fact("place", key, place.name, detail=detail))
        if any(_VENUE_BEFORE.search(syllable_key_text(doc.text[max(0, s - 8) : s])) for s, _ in place.spans):
            fact.detail["venue_documents"].append(doc.id)
        # Named on its own somewhere, not only inside an organization's name ("… Việt Nam").
        if any(not any(a <= s and e <= b for a, b in named) for s, e in place.spans):
            fact.detail.setdefault("alone_documents", []).append(doc.id)
        span = _first_span(place.spans) if place.spans else (0, 0)
        fact.mention_add(Mention(doc.id, doc.span_text(span), span))


def _place_key(place: Place) -> str:
    """Return what makes two documents' places one: the unit's or country's code, else the name.

    A foreign city or province carries its country's code ("Savannakhet", LA): it is keyed by its
    name, or it would be taken for its country, and the country's mention in one outlet for its words.
    """
    if place.code and place.kind not in FOREIGN_SUBDIVISION_KINDS:
        return f"place:{place.code}"
    return f"place:{entity_key(place.name)}"


def _value_label(
    value: Decimal, value_max: Decimal | None, unit: str, money: bool, each: str | None = None
) -> str:
    """Return a figure as the event page shows it: "1,2 triệu USD", "5 – 6 triệu VND/suất", "300 người"."""

    def one(v: Decimal) -> str:
        return amount_words(v, unit) if money else f"{number_vi(v)} {unit}"

    label = one(value) if value_max is None else f"{one(value)} – {one(value_max)}"
    return f"{label}/{each}" if each else label


def _figure_facts(doc: Document, facts: dict[str, Fact]) -> None:
    for amount in doc.amounts:
        each = amount.per_unit.lower() if amount.per_unit else None  # one unit's sum is not the total
        key = f"amount:{amount.currency}:{amount.value.normalize()}:{amount.value_max}"
        key += f":{each}" if each else ""
        label = _value_label(amount.value, amount.value_max, amount.currency, money=True, each=each)
        detail = {
            "value": number_json(amount.value),
            "currency": amount.currency,
            "qualifier": amount.qualifier,
        }
        fact = facts.setdefault(key, Fact("amount", key, label, detail=detail))
        fact.mention_add(Mention(doc.id, amount.text, amount.span))
    for quantity in doc.quantities:
        # "52 dự án", "52 dự án viện trợ": one count of one thing, however the noun is extended.
        key = f"quantity:{unit_key(quantity.unit)}:{quantity.value.normalize()}:{quantity.value_max}"
        label = _value_label(quantity.value, quantity.value_max, quantity.unit, money=False)
        detail = {
            "value": number_json(quantity.value),
            "unit": quantity.unit,
            "qualifier": quantity.qualifier,
        }
        fact = facts.setdefault(key, Fact("quantity", key, label, detail=detail))
        fact.mention_add(Mention(doc.id, quantity.text, quantity.span))


def _content_keys(text: str) -> set[str]:
    return {k for k, _, _ in _tokens(text, (0, len(text))) if k not in STOP_SYLLABLES and not k.isdigit()}


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _directive_facts(doc: Document, facts: dict[str, Fact], keys: dict[str, set[str]]) -> None:
    for directive in doc.directives:
        words = _content_keys(directive.task)
        issuer = entity_key(directive.issuer or "")
        match = next(
            (
                key
                for key, known in keys.items()
                if key.startswith(f"directive:{issuer}:")
                and _similarity(words, known) >= DIRECTIVE_MIN_SIMILARITY
            ),
            None,
        )
        if match is None:
            match = f"directive:{issuer}:{len(keys)}"
            keys[match] = words
            label = f"{directive.issuer}: {directive.task}" if directive.issuer else directive.task
            detail = {"issuer": directive.issuer, "lead": directive.lead, "deadline": directive.deadline}
            facts[match] = Fact("directive", match, label, detail=detail)
        facts[match].mention_add(Mention(doc.id, doc.span_text(directive.span), directive.span))


def _quote_facts(doc: Document, facts: dict[str, Fact]) -> None:
    for quote in doc.quotes:
        key = "quote:" + " ".join(k for k, _, _ in _tokens(quote.text, (0, len(quote.text))))
        fact = facts.setdefault(key, Fact("quote", key, quote.text, detail={"speaker": quote.speaker}))
        fact.mention_add(Mention(doc.id, quote.text, quote.span))


def facts_merge(docs: Sequence[Document]) -> list[Fact]:
    """Return the union of the documents' facts; one fact per thing, with every reporting document."""
    facts: dict[str, Fact] = {}
    directive_keys: dict[str, set[str]] = {}
    for doc in docs:
        _person_facts(doc, facts)
        _named_facts(doc, facts)
        _figure_facts(doc, facts)
        _directive_facts(doc, facts, directive_keys)
        _quote_facts(doc, facts)
    return list(facts.values())


# ---------------------------------------------------------------- figure differences


@dataclass(frozen=True)
class _Figure:
    document: str
    unit: str
    value: Decimal
    value_max: Decimal | None
    text: str
    span: Span
    context: tuple[str, ...]  # the content syllables of its sentence, in order
    label: str
    subject: str | None
    # For each syllable of `context`: whether the next one is in the same word ("chương" of "chương trình").
    joined: tuple[bool, ...] = ()
    # The content syllable just before the figure in its sentence, words of approximation left out.
    before: str | None = None


def _word_ends(doc: Document) -> dict[int, int]:
    """Return, for the start of each syllable in one of the segmenter's words, where that word ends."""
    ends: dict[int, int] = {}
    for start, end in doc.words:
        for syllable in _SYLLABLE.finditer(doc.text, start, end):
            ends[syllable.start()] = end
    return ends


# Words that only say a figure is approximate, skipped on the way to the word it measures.
_APPROXIMATE = frozenset(syllable_key(w) for w in "khoảng gần chừng ngót dưới xấp xỉ cỡ ước".split())


def _figure_context(
    doc: Document, span: Span, word_ends: dict[int, int]
) -> tuple[tuple[str, ...], tuple[bool, ...], str | None]:
    """Return what the figure's sentence is about: its content syllables, the figure left out.

    With them, whether each is joined to the next in one of the segmenter's words (`word_ends`;
    none when the document was not segmented), so that a subject made of them ends on a word;
    and the content syllable just before the figure (words of approximation skipped), or None.
    """
    index = doc.sentence_at(span[0])
    sentence = doc.sentences[index] if index is not None else (0, len(doc.text))
    before = _tokens(doc.text, (sentence[0], span[0]))
    tokens = before + _tokens(doc.text, (span[1], max(span[1], sentence[1])))
    measured = next(
        (
            key
            for key, _start, _end in reversed(before)
            if key not in STOP_SYLLABLES and key not in _APPROXIMATE
        ),
        None,
    )
    kept = [t for t in tokens if t[0] not in STOP_SYLLABLES and not t[0].isdigit()]
    # A sentence may be the figure alone ("166 tỷ đồng."): nothing is kept, nothing is joined.
    following = [*kept[1:], None] if kept else []
    joined = tuple(
        after is not None and after[1] < word_ends.get(this[1], this[2])
        for this, after in zip(kept, following, strict=True)
    )
    return tuple(k for k, _, _ in kept), joined, measured


def _figure_subject(figure: _Figure, shared: set[str]) -> str | None:
    """Return what a figure counts, as both reports say it: their first shared content syllables.

    At most FIGURE_SUBJECT_WORDS of them, but no word cut short ("… quà tặng chương"): the last
    word is completed when the other report shares its rest, else left out.
    """
    picked: list[int] = []
    for i, key in enumerate(figure.context):
        if key in shared and all(figure.context[j] != key for j in picked):
            picked.append(i)
    words, rest = picked[:FIGURE_SUBJECT_WORDS], picked[FIGURE_SUBJECT_WORDS:]
    joined = figure.joined or (False,) * len(figure.context)
    while words and joined[words[-1]] and rest and rest[0] == words[-1] + 1:
        words.append(rest.pop(0))
    if words and joined[words[-1]]:  # still cut inside a word: leave that word out
        while len(words) > 1 and words[-2] == words[-1] - 1 and joined[words[-2]]:
            words.pop()
        words.pop()
    return " ".join(figure.context[i] for i in words) or None


# A count right after "cho" counts whom an action was for ("khám bệnh cho 300 người dân"), and so
# does one followed by "được" ("300 người dân được khám"): the people served, not the people who
# came ("1.000 người dân tham gia"). Two such counts are of different things.
_FOR_WHOM_BEFORE = frozenset({syllable_key("cho")})
_FOR_WHOM_AFTER = frozenset({syllable_key("được"), syllable_key("nhận")})
_FOR_WHOM_AFTER_WORDS = 8  # syllables after the count, within its clause, where "được" may stand
_CLAUSE_END = re.compile(r"[,.;:!?()“”\"\n]")


def _for_whom(doc: Document, span: Span) -> bool:
    """Return whether the count at `span` counts the people or things an action was for."""
    index = doc.sentence_at(span[0])
    sentence = doc.sentences[index] if index is not None else (0, len(doc.text))
    before = _tokens(doc.text, (sentence[0], span[0]))
    if before and before[-1][0] in _FOR_WHOM_BEFORE:
        if not _CLAUSE_END.search(doc.text, before[-1][2], span[0]):
            return True
    stop = _CLAUSE_END.search(doc.text, span[1], max(span[1], sentence[1]))
    after = _tokens(doc.text, (span[1], stop.start() if stop else sentence[1]))[:_FOR_WHOM_AFTER_WORDS]
    return any(key in _FOR_WHOM_AFTER for key, _, _ in after)


def _figures(doc: Document) -> list[_Figure]:
    out: list[_Figure] = []
    word_ends = _word_ends(doc)
    for a in doc.amounts:
        each = a.per_unit.lower() if a.per_unit else None  # one unit's sum is not compared with a total
        context, joined, _measured = _figure_context(doc, a.span, word_ends)
        out.append(
            _Figure(
                doc.id,
                f"money:{a.currency}/{each}" if each else f"money:{a.currency}",
                a.value,
                a.value_max,
                a.text,
                a.span,
                context,
                _value_label(a.value, a.value_max, a.currency, money=True, each=each),
                None,
                joined,
            )
        )
    for q in doc.quantities:
        context, joined, measured = _figure_context(doc, q.span, word_ends)
        out.append(
            _Figure(
                doc.id,
                f"unit:{unit_key(q.unit)}{'/for' if _for_whom(doc, q.span) else ''}",
                q.value,
                q.value_max,
                q.text,
                q.span,
                context,
                _value_label(q.value, q.value_max, q.unit, money=False),
                q.unit,
                joined,
                measured,
            )
        )
    return out


def _same_thing(a: _Figure, b: _Figure, only_of_their_unit: bool) -> bool:
    """Return whether two figures in the same unit, from two reports, count the same thing.

    Their sentences must be about the same: most of the shorter one's content words recur in the
    other. When each is the only figure of its unit in its report, and the values are close, a
    weaker overlap suffices: a short report names its headline figure once, in its own words.
    """
    first, second = set(a.context), set(b.context)
    shared = len(first & second)
    smaller = min(len(first), len(second))
    relative = a.unit in _RELATIVE_UNITS
    if relative and (a.before is None or a.before != b.before):
        return False
    overlap = FIGURE_MIN_OVERLAP_RELATIVE if relative else FIGURE_MIN_OVERLAP
    if smaller and shared >= FIGURE_MIN_SHARED and shared / smaller >= overlap:
        return True
    if relative or not only_of_their_unit or shared < FIGURE_LONE_MIN_SHARED:
        return False
    low, high = sorted((a.value, b.value))
    return low > 0 and high / low <= FIGURE_LONE_MAX_RATIO


class _Groups:
    """Union-find over indices: the figures that count one thing."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[max(self.find(i), self.find(j))] = min(self.find(i), self.find(j))


def figure_differences(docs: Sequence[Document]) -> list[Difference]:
    """Return the figures for which outlets give different values for the same thing."""
    figures = [f for doc in docs for f in _figures(doc)]
    values: dict[tuple[str, str], set[tuple[Decimal, Decimal | None]]] = {}
    for f in figures:
        values.setdefault((f.document, f.unit), set()).add((f.value, f.value_max))
    lone = {key for key, found in values.items() if len(found) == 1}
    groups = _Groups(len(figures))
    linked: set[int] = set()
    for i, a in enumerate(figures):
        for j in range(i + 1, len(figures)):
            b = figures[j]
            if (
                a.document == b.document
                or a.unit != b.unit
                or (a.value, a.value_max) == (b.value, b.value_max)
            ):
                continue
            # A value the other outlet also reports is an agreement about that value; the two
            # figures then most likely count different things.
            if (a.value, a.value_max) in values.get((b.document, b.unit), set()):
                continue
            if (b.value, b.value_max) in values.get((a.document, a.unit), set()):
                continue
            alone = (a.document, a.unit) in lone and (b.document, b.unit) in lone
            if _same_thing(a, b, alone):
                groups.union(i, j)
                linked.update((i, j))
    clusters: dict[int, list[_Figure]] = {}
    for i in sorted(linked):
        clusters.setdefault(groups.find(i), []).append(figures[i])
    out: list[Difference] = []
    for members in clusters.values():
        said: dict[str, set[tuple[Decimal, Decimal | None]]] = {}
        for f in members:
            said.setdefault(f.document, set()).add((f.value, f.value_max))
        if any(len(found) > 1 for found in said.values()):
            # One outlet giving two values of the "same" thing means the links joined different
            # things (a list of counts, a year's figure beside a month's): no difference to show.
            continue
        items: list[Mention] = []
        labels: list[str] = []
        for f in members:
            if all(item.document != f.document for item in items):
                items.append(Mention(f.document, f.text, f.span))
            if f.label not in labels:
                labels.append(f.label)
        diff = f"[-{labels[0]}-]{{+{labels[1]}+}}" if len(labels) == 2 else " ≠ ".join(labels)
        shared = set(members[0].context) & set(members[1].context)
        subject = members[0].subject or _figure_subject(members[0], shared)
        out.append(Difference("figure", subject, tuple(items), diff))
    return out


# ---------------------------------------------------------------- statement differences


def syllable_key_text(text: str) -> str:
    """Return `text` with every syllable replaced by its key; same length, so offsets hold."""
    return _SYLLABLE.sub(lambda m: syllable_key(m.group(0)), text)


@dataclass(frozen=True)
class _Said:
    """A statement of the quotes step, with its syllables as (key, start, end) for alignment."""

    document: str
    speaker: str | None
    span: Span
    tokens: tuple[tuple[str, int, int], ...]
    closed: bool = False  # it ends where a quotation mark closes: the speaker's own last words


_CLOSING_MARKS = ("”", '"', "»", "’")


def _said(doc: Document) -> list[_Said]:
    """Return the statements the quotes step found in the document, ready to align."""
    return [
        _Said(
            doc.id,
            s.speaker,
            s.span,
            tuple(_tokens(doc.text, s.span)),
            doc.text[s.span[1] : s.span[1] + 1] in _CLOSING_MARKS,
        )
        for s in doc.statements
    ]


def _speakers_match(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    ka, kb = entity_key(a), entity_key(b)
    # "Thường trực Ban Bí thư Trần Cẩm Tú" and "Trần Cẩm Tú" are one speaker.
    return ka == kb or ka.endswith(" " + kb) or kb.endswith(" " + ka)


@dataclass(frozen=True)
class _Wording:
    subject: str | None
    first: Mention
    second: Mention
    diff: str
    change: frozenset[str]


def _wordings(a: _Said, b: _Said, text_a: str, text_b: str) -> Iterable[_Wording]:
    keys_a = [t[0] for t in a.tokens]
    keys_b = [t[0] for t in b.tokens]
    opcodes = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            continue
        before = opcodes[n - 1] if n > 0 else None
        after = opcodes[n + 1] if n + 1 < len(opcodes) else None
        if (before is not None and before[0] != "equal") or (after is not None and after[0] != "equal"):
            continue
        left = before[2] - before[1] if before is not None else 0
        right = after[2] - after[1] if after is not None else 0
        change = max(i2 - i1, j2 - j1)
        if before is None:
            continue  # where statements start differently, the outlets framed them differently
        if after is None:
            # The last words of two quotations that both end at their closing mark, replaced after a
            # long shared run, are a rewording ("giữa hai [-nước-]{+dân tộc+}”"). Elsewhere a
            # statement's end is only where a sentence or an outlet's excerpt stopped.
            if tag != "replace" or left < STATEMENT_MIN_CONTEXT or not (a.closed and b.closed):
                continue
        elif (
            left < STATEMENT_MIN_BEFORE or right < STATEMENT_MIN_AFTER or left + right < STATEMENT_MIN_CONTEXT
        ):
            continue
        if change > STATEMENT_MAX_CHANGE:
            continue
        changed = keys_a[i1:i2] + keys_b[j1:j2]
        if all(k in STOP_SYLLABLES for k in changed):
            continue  # "và" for "cùng": a connective, not a change of meaning
        if len(changed) == 1:
            continue  # one syllable added or dropped ("không [thể] tách rời"): an edit, not a rewording
        context_left = min(left, STATEMENT_CONTEXT_BEFORE)
        context_right = min(right, STATEMENT_CONTEXT_AFTER)
        if (context_left + context_right) / (context_left + context_right + change) < STATEMENT_MIN_OVERLAP:
            continue
        first_tokens = a.tokens[i1 - context_left : i2 + context_right]
        second_tokens = b.tokens[j1 - context_left : j2 + context_right]
        span_a = (first_tokens[0][1], first_tokens[-1][2])
        span_b = (second_tokens[0][1], second_tokens[-1][2])
        words_a = [text_a[s:e] for _, s, e in first_tokens]
        words_b = [text_b[s:e] for _, s, e in second_tokens]
        yield _Wording(
            subject=a.speaker or b.speaker,
            first=Mention(a.document, text_a[span_a[0] : span_a[1]], span_a),
            second=Mention(b.document, text_b[span_b[0] : span_b[1]], span_b),
            diff=diff_markup(words_a, words_b),
            change=frozenset({" ".join(keys_a[i1:i2]), " ".join(keys_b[j1:j2])}),
        )


def _share_enough(a: _Said, b: _Said) -> bool:
    # Cheap filter before alignment: a wording difference needs a long shared run of syllables.
    bigrams_a = {(x[0], y[0]) for x, y in zip(a.tokens, a.tokens[1:], strict=False)}
    shared = sum(1 for x, y in zip(b.tokens, b.tokens[1:], strict=False) if (x[0], y[0]) in bigrams_a)
    return shared >= STATEMENT_MIN_CONTEXT - 2


def mention_quoted(doc: Document, mention: Mention) -> str:
    """Return a mention's words as a page quotes them: with "…" where they cut into a longer statement.

    A wording difference shows a window of the statement around the change; quoted bare, the
    window reads as all the outlet wrote ("… tình đoàn kết đặc" for "… đoàn kết đặc biệt …").
    """
    start, end = mention.span
    around = next((s.span for s in doc.statements if s.span[0] <= start and end <= s.span[1]), None)
    if around is None:
        return mention.text
    before = "…" if _SYLLABLE.search(doc.text[around[0] : start]) else ""
    after = "…" if _SYLLABLE.search(doc.text[end : around[1]]) else ""
    return f"{before}{mention.text}{after}"


def quote_differences(docs: Sequence[Document]) -> list[Difference]:
    """Return the statements one speaker made that outlets word differently, with word diffs."""
    statements = {doc.id: _said(doc) for doc in docs}
    texts = {doc.id: doc.text for doc in docs}
    merged: dict[tuple[str | None, frozenset[str]], tuple[str, list[Mention]]] = {}
    for i, doc_a in enumerate(docs):
        for doc_b in docs[i + 1 :]:
            for a in statements[doc_a.id]:
                for b in statements[doc_b.id]:
                    if not _speakers_match(a.speaker, b.speaker) or not _share_enough(a, b):
                        continue
                    for wording in _wordings(a, b, texts[doc_a.id], texts[doc_b.id]):
                        subject = entity_key(wording.subject) if wording.subject else None
                        key = (subject, wording.change)
                        _, items = merged.setdefault(key, (wording.diff, []))
                        for mention in (wording.first, wording.second):
                            if all(item.document != mention.document for item in items):
                                items.append(mention)
    speakers = {
        entity_key(s.speaker): s.speaker
        for stmts in statements.values()
        for s in stmts
        if s.speaker is not None
    }
    return [
        Difference("quote", speakers.get(subject) if subject else None, tuple(items), diff)
        for (subject, _), (diff, items) in merged.items()
    ]


# ---------------------------------------------------------------- the event header


def organizer_find(docs: Sequence[Document]) -> str | None:
    """Return the organization most documents name as organizing the event.

    That is the one written right before "tổ chức" (or "chủ trì", "đăng cai"); in "A phối hợp
    với B tổ chức", A leads and B only co-organizes.
    """
    votes: Counter[str] = Counter()
    names: dict[str, str] = {}
    for doc in docs:
        leads: list[tuple[int, int, str]] = []  # (end of the org, end of the clause, key)
        for org in doc.organizations:
            if is_outlet(org, doc):
                continue
            for _, end in org.spans:
                following = syllable_key_text(doc.text[end : end + _ORGANIZER_REACH])
                direct = _ORGANIZER_VERB.match(following)
                joint = _CO_ORGANIZER.match(following)
                if direct or joint:
                    key = entity_key(org.name)
                    names.setdefault(key, org.name)
                    reach = end + (joint.end() if joint else 0)
                    leads.append((end, reach, key))
        # B in "A phối hợp với B tổ chức" sits inside A's clause: A is the organizer.
        found = {
            key for end, _, key in leads if not any(e < end <= r for e, r, other in leads if other != key)
        }
        votes.update(found)
    if not votes:
        return None
    order = list(names)
    best = max(votes.items(), key=lambda item: (item[1], -order.index(item[0])))
    return names[best[0]]


_COUNTRY_KINDS = frozenset({"country", "quốc gia"})


def place_main(facts: Iterable[Fact]) -> str | None:
    """Return where the event took place: the province or commune most documents name as venue.

    A venue is a place written after "tại" or "ở"; other places are where people came from or
    will go.
    A country is only the answer when no smaller unit is named, and only when named on its own
    (not only inside organizations' names); Việt Nam comes last, since nearly every article names it.
    """
    places = [
        f
        for f in facts
        if f.kind == "place"
        # A country only inside organizations' names ("Mặt trận Tổ quốc Việt Nam") is no venue.
        and not (f.detail.get("kind") in _COUNTRY_KINDS and f.detail.get("alone_documents") == [])
    ]
    if not places:
        return None

    def rank(item: tuple[int, Fact]) -> tuple[bool, bool, int, int, int]:
        order, fact = item
        country = fact.detail.get("kind") in _COUNTRY_KINDS
        venue = len(fact.detail.get("venue_documents", ()))
        return (country, entity_key(fact.label) == "viet nam", -venue, -len(fact.documents), order)

    best = min(enumerate(places), key=rank)[1]
    original = best.detail.get("original")
    return f"{best.label} (trước đây: {original})" if original and original != best.label else best.label


def sources_of(docs: Sequence[Document]) -> Mapping[str, str | None]:
    """Return each document's outlet, by document id."""
    return {doc.id: doc.source for doc in docs}
