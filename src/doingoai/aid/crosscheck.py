"""Set each amount the news reports for a registry partner or programme beside the registry record.

Names. A document speaks of a partner when the analysis found an organization whose folded name
(`analysis.text.fold_key`) is one of the partner's keys: its name, Vietnamese name or abbreviation,
each also without its legal form ("Brückenbau Asien e.V." is also "brückenbau asien"; see
`partner_keys`). It speaks of a programme when the programme's folded name occurs in its text.

Figures. An amount is the news' figure for a partner or programme only when the partner or
programme is named in the amount's sentence: a report naming two partners gives each its own
figures. Each amount is compared with one registry transaction, not with a year's total: among the
readable commitments and disbursements of that partner (as provider) or programme, in the amount's
currency and within a year of the publication, the one closest in value, then in date, preferring
projects in a province the document names. Amounts are compared in their original currency: no
conversion.

What the article's words allow (`accepted`). A plain figure matches a record within 5 % of it. A
hedge widens or turns the interval by the figure's last significant digit: "hơn 50 tỷ" is 50 to
60 tỷ, "gần 1,2 triệu" is 1,1 to 1,2 triệu, "khoảng 50 tỷ" is 45 to 55 tỷ; a range ("từ 3 đến 5
triệu") holds its two ends. A figure the article gives as expected ("dự kiến") is a plan and is
compared with commitments only, never with a disbursement. A record matches only when its project
lies in a province the document names, or in none: the same sum given to another province is
another grant. An amount without a match is a figure the registry may be missing, offered for
entry with a prefilled form.

Both sides are read for the user: the documents through `documents_visible`, the registry through
`projects_visible`, the partners through the directory's `partners_list`. The query count does not
grow with documents, partners or transactions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doingoai.aid.charts import amount_in_words
from doingoai.aid.models import COMMITMENT_TYPES, DISBURSEMENT_TYPES, Programme, ProjectLocation, Transaction
from doingoai.aid.selectors import TransactionFilters, projects_visible
from doingoai.analysis.admin_units import province_by_code
from doingoai.analysis.document import Document as Analysed
from doingoai.analysis.output import number_vi
from doingoai.analysis.text import entity_key, fold_key
from doingoai.directory.selectors import partners_list
from doingoai.library.models import DocumentEntity, EntityKind
from doingoai.library.selectors import documents_visible
from doingoai.library.stored import document_load

MATCH_TOLERANCE = Decimal("0.05")
# The words that say a hedge back to the reader, in the order they are read ("dự kiến hơn 5 tỷ").
_HEDGE_WORDS = {
    "expected": gettext_lazy("dự kiến"),
    "over": gettext_lazy("hơn"),
    "at_least": gettext_lazy("ít nhất"),
    "about": gettext_lazy("khoảng"),
    "nearly": gettext_lazy("gần"),
    "under": gettext_lazy("dưới"),
    "up_to": gettext_lazy("tới"),
}
WINDOW = dt.timedelta(days=366)
# Legal forms and similar tails of an organization's name, folded, that do not tell partners apart.
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:e\.\s?v\.?|g?gmbh|ggmbh|foundation|fondation|stiftung|inc\.?|ltd\.?|co\.,?\s*ltd\.?|llc|"
    r"corp\.?|s\.a\.|a\.s\.b\.l\.|asbl|ngo)$"
)
_LEADING_ARTICLE = re.compile(r"^(?:the|die|der|la|le|l')\s+")


def legal_form_strip(key: str) -> str:
    """Return a folded name without its legal form and leading article ("the x foundation" -> "x")."""
    previous = None
    while previous != key:
        previous = key
        key = _LEADING_ARTICLE.sub("", _LEGAL_FORM.sub("", key)).strip(" ,")
    return key


def partner_keys(*names: str) -> set[str]:
    """Return the keys a partner is known by: each name folded, with and without its legal form."""
    keys: set[str] = set()
    for name in names:
        if name and name.strip():
            full = entity_key(name)
            keys.update(k for k in (full, legal_form_strip(full)) if len(k) >= 3)
    return keys


def _last_digit(value: Decimal) -> Decimal:
    """Return the place of a figure's last significant digit: 10 tỷ for 50 tỷ, 100 000 for 1,2 triệu."""
    if not value:
        return Decimal(0)
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # a finite Decimal
    return Decimal(1).scaleb(exponent)


def accepted(value: Decimal, value_max: Decimal | None, qualifiers: Iterable[str]) -> tuple[Decimal, Decimal]:
    """Return the lowest and highest registry values an article's figure agrees with.

    See the module's notes: 5 % around a plain figure or a range; a hedge ("hơn", "gần",
    "khoảng") moves the interval by the figure's last significant digit.
    """
    hedges = set(qualifiers)
    low, high = value, value_max if value_max is not None and value_max >= value else value
    step = _last_digit(value)
    if value_max is None and hedges & {"over", "at_least"}:
        return value, value + step
    if value_max is None and hedges & {"under", "nearly"}:
        return max(value - step, Decimal(0)), value
    if value_max is None and "about" in hedges:
        spread = max(step / 2, value * MATCH_TOLERANCE)
        return value - spread, value + spread
    if value_max is None and "up_to" in hedges:
        return value * (1 - MATCH_TOLERANCE), value
    return low * (1 - MATCH_TOLERANCE), high * (1 + MATCH_TOLERANCE)


def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in key.split()) + r"(?!\w)")


def _mention_sentences(doc: Analysed, keys: Iterable[str]) -> set[int | None]:
    """Return the sentences of the document in which one of `keys` occurs (folded text)."""
    folded = fold_key(doc.text)  # length-preserving: its offsets are the text's
    return {doc.sentence_at(m.start()) for key in keys for m in _pattern(key).finditer(folded)}


@dataclass(frozen=True)
class RegistryRecord:
    """The registry transaction an amount in the news is compared with."""

    pk: int
    date: dt.date
    value: Decimal
    currency: str
    kind: str
    project_pk: int
    project_title: str
    provinces: frozenset[str]


@dataclass(frozen=True)
class CrosscheckRow:
    """One amount of one document beside the registry transaction closest to it."""

    subject_kind: str  # "partner" or "programme"
    subject_pk: int
    subject: str
    document_pk: int
    document_title: str
    published: dt.date
    text: str
    value: Decimal
    currency: str
    provinces: tuple[str, ...]
    record: RegistryRecord | None
    transactions_query: str
    partner_pk: int | None
    value_max: Decimal | None = None
    qualifiers: tuple[str, ...] = ()
    province_codes: frozenset[str] = frozenset()

    @property
    def year(self) -> int:
        """Return the year the document was published."""
        return self.published.year

    @property
    def planned(self) -> bool:
        """Return whether the article gives the figure as expected, not as done."""
        return "expected" in self.qualifiers

    @property
    def in_place(self) -> bool:
        """Return whether the record's project lies in a province the document names, or in none."""
        if self.record is None:
            return False
        codes, there = self.province_codes, self.record.provinces
        return not codes or not there or bool(codes & there)

    @property
    def matched(self) -> bool:
        """Return whether the registry has this figure: a record the words agree with, in its place."""
        if self.record is None or not self.value or not self.in_place:
            return False
        low, high = accepted(self.value, self.value_max, self.qualifiers)
        return low <= self.record.value <= high

    @property
    def difference(self) -> Decimal | None:
        """Return the registry's value minus the reported one, or None without a registry record."""
        return None if self.record is None else self.record.value - self.value

    @property
    def value_shown(self) -> str:
        """Return the reported value written Vietnamese-style."""
        return number_vi(self.value)

    @property
    def difference_shown(self) -> str:
        """Return the difference written Vietnamese-style, or "—"."""
        return "—" if self.difference is None else number_vi(self.difference)

    @property
    def reported(self) -> str:
        """Return what the article says, in a sentence."""
        amount = amount_in_words(self.value, self.currency)
        if self.value_max is not None and self.value_max > self.value:
            amount = _("từ %(low)s đến %(high)s") % {
                "low": amount_in_words(self.value, self.currency),
                "high": amount_in_words(self.value_max, self.currency),
            }
        hedges = [str(words) for q, words in _HEDGE_WORDS.items() if q in self.qualifiers]
        values = {"amount": " ".join([*hedges, amount]), "subject": self.subject}
        if self.provinces:
            return _("Bài báo nêu %(amount)s của %(subject)s cho %(places)s") % {
                **values,
                "places": ", ".join(self.provinces),
            }
        return _("Bài báo nêu %(amount)s của %(subject)s") % values

    @property
    def registered(self) -> str:
        """Return what the registry holds, in a sentence."""
        if self.record is None:
            return _("Sổ chưa có giao dịch nào bằng loại tiền này trong vòng một năm")
        return _("Sổ có %(amount)s (%(kind)s) ngày %(date)s") % {
            "amount": amount_in_words(self.record.value, self.record.currency),
            "kind": _("cam kết") if self.record.kind in COMMITMENT_TYPES else _("giải ngân"),
            "date": f"{self.record.date:%d/%m/%Y}",
        }

    @property
    def prefill_query(self) -> str:
        """Return the query string that prefills a new transaction with this figure."""
        values = {
            "project": self.record.project_pk if self.record else "",
            "value": f"{self.value:f}",
            "currency": self.currency,
            "date": self.published.isoformat(),
            "partner": self.partner_pk or "",
        }
        return urlencode({k: v for k, v in values.items() if v != ""})


@dataclass(frozen=True)
class Crosscheck:
    """The rows of a year (or every year), and the years documents were published in."""

    year: int | None
    years: list[int]
    rows: list[CrosscheckRow]

    @property
    def missing(self) -> list[CrosscheckRow]:
        """Return the figures of the news the registry has no transaction for."""
        return [r for r in self.rows if not r.matched]


def _record_best(
    candidates: list[RegistryRecord], amount: Any, published: dt.date, provinces: set[str]
) -> RegistryRecord | None:
    """Return the record an amount is set beside: one its words agree with, in its place; else the nearest."""
    near = [c for c in candidates if abs(c.date - published) <= WINDOW]
    if "expected" in amount.qualifiers:
        near = [c for c in near if c.kind in COMMITMENT_TYPES]  # a plan is compared with what was committed
    if not near:
        return None
    low, high = accepted(amount.value, amount.value_max, amount.qualifiers)

    def distance(c: RegistryRecord) -> tuple[bool, Decimal, int]:
        outside = max(low - c.value, c.value - high, Decimal(0))
        gap = outside / amount.value if amount.value else abs(c.value)
        in_place = not provinces or not c.provinces or bool(provinces & c.provinces)
        return (not in_place or gap > 0, gap, abs((c.date - published).days))

    return min(near, key=distance)


def crosscheck_rows(*, user: Any, year: int | None = None) -> Crosscheck:
    """Return every amount the user's readable news gives for a registry partner or programme."""
    documents = documents_visible(user).filter(published__isnull=False)
    years = sorted({d.year for d in documents.dates("published", "year")}, reverse=True)
    if year:
        documents = documents.filter(published__year=year)

    keys_of: dict[int, set[str]] = {}
    partner_of_key: dict[str, set[int]] = defaultdict(set)
    partner_names: dict[int, str] = {}
    for pk, name, name_vi, abbreviation in partners_list(user=user).values_list(
        "pk", "name", "name_vi", "abbreviation"
    ):
        partner_names[pk] = name
        keys_of[pk] = partner_keys(name, name_vi, abbreviation)
        for key in keys_of[pk]:
            partner_of_key[key].add(pk)
    programmes = {pk: (name, entity_key(name)) for pk, name in Programme.objects.values_list("pk", "name")}
    programme_patterns = {pk: _pattern(key) for pk, (_name, key) in programmes.items() if key}

    partners_in: dict[int, set[int]] = defaultdict(set)
    for document_id, key in DocumentEntity.objects.filter(
        kind=EntityKind.ORGANIZATION, document__in=documents
    ).values_list("document_id", "key"):
        for variant in (key, legal_form_strip(key)):
            partners_in[document_id].update(partner_of_key.get(variant, ()))

    found: list[tuple[Any, Analysed, list[Any], tuple[str, int]]] = []
    for document in documents.only("pk", "title", "file_name", "published", "text", "analysis"):
        subjects = [("partner", pk) for pk in sorted(partners_in.get(document.pk, ()))]
        if programme_patterns:
            folded = entity_key(document.text)
            subjects += [("programme", pk) for pk, rx in programme_patterns.items() if rx.search(folded)]
        if not subjects:
            continue
        analysed = document_load(document.analysis)
        # An amount per person or per day is not a sum the registry could hold.
        amounts = [a for a in analysed.amounts if not a.per_unit]
        if not amounts:
            continue
        for kind, pk in subjects:
            keys = keys_of[pk] if kind == "partner" else {programmes[pk][1]}
            sentences = _mention_sentences(analysed, keys)
            if kind == "partner":
                sentences |= {
                    analysed.sentence_at(span[0])
                    for org in analysed.organizations
                    if pk in partner_of_key.get(legal_form_strip(entity_key(org.name)), ())
                    for span in org.spans
                }
            said = [a for a in amounts if analysed.sentence_at(a.span[0]) in sentences]
            if said:
                found.append((document, analysed, said, (kind, pk)))

    registry = _registry_records(user=user, subjects={s for _d, _a, _m, s in found})
    rows: list[CrosscheckRow] = []
    for document, analysed, amounts, (kind, pk) in found:
        published = (
            document.published.date() if isinstance(document.published, dt.datetime) else document.published
        )
        codes = {p.province_code for p in analysed.places if p.province_code}
        names = tuple(sorted(p.full_name for p in (province_by_code(c) for c in codes) if p))
        label = partner_names[pk] if kind == "partner" else programmes[pk][0]
        query = (
            TransactionFilters(partner=pk) if kind == "partner" else TransactionFilters(programme=str(pk))
        ).as_query()
        for amount in amounts:
            candidates = [r for r in registry.get((kind, pk), []) if r.currency == amount.currency]
            rows.append(
                CrosscheckRow(
                    subject_kind=kind,
                    subject_pk=pk,
                    subject=label,
                    document_pk=document.pk,
                    document_title=str(document),
                    published=published,
                    text=amount.text,
                    value=amount.value,
                    currency=amount.currency,
                    provinces=names,
                    record=_record_best(candidates, amount, published, codes),
                    transactions_query=query,
                    partner_pk=pk if kind == "partner" else None,
                    value_max=amount.value_max,
                    qualifiers=tuple(amount.qualifiers),
                    province_codes=frozenset(codes),
                )
            )
    rows.sort(key=lambda r: (r.subject_kind != "partner", r.subject, -r.year, r.document_pk, r.text))
    return Crosscheck(year=year, years=years, rows=rows)


def _registry_records(
    *, user: Any, subjects: set[tuple[str, int]]
) -> dict[tuple[str, int], list[RegistryRecord]]:
    """Return the readable commitments and disbursements of the partners and programmes, in two queries."""
    records: dict[tuple[str, int], list[RegistryRecord]] = defaultdict(list)
    partners = sorted(pk for kind, pk in subjects if kind == "partner")
    programmes = sorted(pk for kind, pk in subjects if kind == "programme")
    if not subjects:
        return records
    rows = (
        Transaction.objects.filter(
            project__in=projects_visible(user), transaction_type__in=COMMITMENT_TYPES + DISBURSEMENT_TYPES
        )
        .filter(Q(provider_id__in=partners) | Q(project__programme_id__in=programmes))
        .select_related("project")
        .prefetch_related(
            Prefetch("project__locations", queryset=ProjectLocation.objects.only("project", "province_code"))
        )
        .order_by("date", "pk")
    )
    for row in rows:
        record = RegistryRecord(
            pk=row.pk,
            date=row.date,
            value=row.value,
            currency=row.currency,
            kind=row.transaction_type,
            project_pk=row.project_id,
            project_title=row.project.title,
            provinces=frozenset(loc.province_code for loc in row.project.locations.all()),
        )
        records["partner", row.provider_id].append(record)
        if row.project.programme_id:
            records["programme", row.project.programme_id].append(record)
    return records
