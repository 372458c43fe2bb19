"""The Document and the facts that pipeline steps attach to it.

Every fact carries `(start, end)` character offsets (Python code points) into `Document.text`,
which is NFC-normalized. Provenance is a property of the data: `text[start:end]` is always the
exact wording the fact was read from.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

Span = tuple[int, int]


@dataclass
class Person:
    """A person named in the text, with the official titles attached to them."""

    name: str
    titles: list[str]
    spans: list[Span]


@dataclass
class Organization:
    """An organization; `name` is the full name even when the text uses an abbreviation."""

    name: str
    spans: list[Span]
    kind: str | None = None
    country: str | None = None


@dataclass
class Place:
    """A province, commune or country. `original` keeps a former unit's name as written."""

    name: str
    kind: str
    province_code: str | None
    spans: list[Span]
    original: str | None = None
    code: str | None = None


@dataclass
class Amount:
    """A sum of money; `value` is in units of `currency` (ISO 4217).

    `qualifier` is the contract's one hedge (over, about, nearly, expected); `qualifiers` keeps
    every hedge read, farthest first, including under, at_least and up_to.
    """

    text: str
    value: Decimal
    currency: str
    qualifier: str | None
    per_unit: str | None
    span: Span
    value_max: Decimal | None = None
    qualifiers: list[str] = field(default_factory=list)


@dataclass
class Quantity:
    """A number with the noun it counts ("248 xã biên giới"), or a percentage."""

    text: str
    value: Decimal
    unit: str
    qualifier: str | None
    span: Span
    value_max: Decimal | None = None
    qualifiers: list[str] = field(default_factory=list)


@dataclass
class DateMention:
    """A date expression; `date` is ISO 8601 at the precision given, or an interval."""

    text: str
    date: str
    span: Span


@dataclass
class Reference:
    """A reference to a legal or Party document ("Chỉ thị số 12", "Nghị quyết 66/NQ-CP")."""

    text: str
    kind: str
    number: str | None
    issuer: str | None
    span: Span


@dataclass
class Directive:
    """A sentence in which an authority assigns or requests work."""

    issuer: str | None
    lead: str | None
    coordinating: list[str]
    task: str
    deadline: str | None
    span: Span
    verb: str
    references: list[str] = field(default_factory=list)


@dataclass
class Quote:
    """Words in quotation marks; `span` covers the words inside the marks."""

    speaker: str | None
    text: str
    span: Span


@dataclass
class Statement:
    """Words attributed to a speaker: a quote, or what a sentence with a verb of saying says.

    For a sentence, `span` runs from after the verb of saying to the end of the sentence: the
    words before the verb only frame the report (who, in what capacity, where).
    """

    speaker: str | None
    span: Span


@dataclass
class Document:
    """A text and everything the pipeline has found in it."""

    text: str
    id: str = ""
    path: str | None = None
    source: str | None = None
    published: dt.date | None = None
    title: str | None = None
    sentences: list[Span] = field(default_factory=list)
    words: list[Span] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)

    def span_text(self, span: Span) -> str:
        """Return the words of the text at `span`."""
        return self.text[span[0] : span[1]]

    def sentence_at(self, offset: int) -> int | None:
        """Return the index of the sentence that holds the character at `offset`, or None.

        A sentence holds the offsets from its start up to, not including, its end, as a span
        does: an offset at a boundary belongs to the sentence that starts there, and one in the
        spaces between two sentences, before the first or past the last belongs to none.
        """
        index = bisect_right(self.sentences, offset, key=lambda sentence: sentence[0]) - 1
        if index >= 0 and offset < self.sentences[index][1]:
            return index
        return None

    def all_spans(self) -> list[tuple[str, Span, str | None]]:
        """Return every span with the layer it belongs to and the text it claims to cover."""
        out: list[tuple[str, Span, str | None]] = []
        out += [("sentences", s, None) for s in self.sentences]
        out += [("words", s, None) for s in self.words]
        for layer in (self.people, self.organizations, self.places):
            for fact in layer:
                out += [(type(fact).__name__, s, None) for s in fact.spans]
        for covered in (self.amounts, self.quantities, self.dates, self.references, self.quotes):
            out += [(type(f).__name__, f.span, f.text) for f in covered]
        out += [("Directive", d.span, None) for d in self.directives]
        out += [("Statement", s.span, None) for s in self.statements]
        return out
