"""Set the amounts the news reports for registry partners and programmes beside the registry's own.

A document speaks of a partner when the analysis found an organization whose folded name is the
partner's folded name, Vietnamese name or abbreviation (`DocumentEntity.key`), and of a programme
when the programme's folded name occurs in the document's folded text. An amount is the news'
figure for a partner or programme only when a mention of it stands in the amount's sentence: a
report that names two partners gives each the figures said of it, not the other's. Each such
amount is compared with the registry's commitments and disbursements of that partner (as
provider) or programme, in the document's published year and the amount's currency, in the
original currency of the transactions: no conversion, so "—" when the registry has nothing in it.

Both sides are read for the user: the documents through `documents_visible`, the registry through
`projects_visible`, the partners through the directory's `partners_list`. The query count does not
grow with documents, partners or programmes.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from doingoai.aid.models import COMMITMENT_TYPES, DISBURSEMENT_TYPES, Programme, Transaction
from doingoai.aid.selectors import ZERO, TransactionFilters, projects_visible
from doingoai.analysis.document import Document as Analysed
from doingoai.analysis.output import number_vi
from doingoai.analysis.text import fold_key
from doingoai.directory.selectors import partners_list
from doingoai.library.models import DocumentEntity, EntityKind
from doingoai.library.selectors import documents_visible
from doingoai.library.stored import document_load


def _key(value: str) -> str:
    return " ".join(fold_key(value).split())


def _sentence_of(doc: Analysed, span: tuple[int, int]) -> int:
    """Return the index of the sentence holding the start of `span` (-1 when it is in none)."""
    starts = [s for s, _e in doc.sentences]
    index = bisect.bisect_right(starts, span[0]) - 1
    return index if index >= 0 and span[0] < doc.sentences[index][1] else -1


def _subject_sentences(
    doc: Analysed,
    subjects: list[tuple[str, int]],
    partner_keys: dict[str, set[int]],
    programmes: dict[int, tuple[str, str]],
) -> dict[tuple[str, int], set[int]]:
    """Return, for each partner and programme, the sentences of the document that mention it."""
    found: dict[tuple[str, int], set[int]] = defaultdict(set)
    wanted = set(subjects)
    for org in doc.organizations:
        for pk in partner_keys.get(_key(org.name), ()):
            if ("partner", pk) in wanted:
                found["partner", pk].update(_sentence_of(doc, span) for span in org.spans)
    folded = fold_key(doc.text)  # length-preserving: its offsets are the text's
    for kind, pk in wanted:
        if kind == "programme":
            words = programmes[pk][1].split()
            pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")
            found[kind, pk].update(_sentence_of(doc, m.span()) for m in pattern.finditer(folded))
    return found


@dataclass(frozen=True)
class CrosscheckRow:
    """One amount of one document set beside the registry's figures for the same subject, year, currency."""

    subject_kind: str  # "partner" or "programme"
    subject_pk: int
    subject: str
    document_pk: int
    document_title: str
    year: int
    text: str
    value: Decimal
    currency: str
    commitment: Decimal | None
    disbursement: Decimal | None
    transactions_query: str

    @property
    def difference(self) -> Decimal | None:
        """Return the registry's commitments minus the reported amount, or None with no registry figure."""
        return None if self.commitment is None else self.commitment - self.value

    def shown(self, name: str) -> str:
        """Return a figure written Vietnamese-style, or "—" when the registry has none."""
        value = getattr(self, name)
        return "—" if value is None else number_vi(value)

    @property
    def value_shown(self) -> str:
        """Return the reported value written Vietnamese-style."""
        return self.shown("value")

    @property
    def commitment_shown(self) -> str:
        """Return the registry's commitments written Vietnamese-style, or "—"."""
        return self.shown("commitment")

    @property
    def disbursement_shown(self) -> str:
        """Return the registry's disbursements written Vietnamese-style, or "—"."""
        return self.shown("disbursement")

    @property
    def difference_shown(self) -> str:
        """Return the difference written Vietnamese-style, or "—"."""
        return self.shown("difference")


@dataclass(frozen=True)
class Crosscheck:
    """The rows of a year (or every year), and the years documents were published in."""

    year: int | None
    years: list[int]
    rows: list[CrosscheckRow]


def crosscheck_rows(*, user: Any, year: int | None = None) -> Crosscheck:
    """Return every amount the user's readable news gives for a registry partner or programme."""
    documents = documents_visible(user).filter(published__isnull=False)
    years = sorted({d.year for d in documents.dates("published", "year")}, reverse=True)
    if year:
        documents = documents.filter(published__year=year)

    partner_keys: dict[str, set[int]] = defaultdict(set)
    partner_names: dict[int, str] = {}
    for pk, name, name_vi, abbreviation in partners_list(user=user).values_list(
        "pk", "name", "name_vi", "abbreviation"
    ):
        partner_names[pk] = name
        for variant in (name, name_vi, abbreviation):
            if variant.strip():
                partner_keys[_key(variant)].add(pk)
    programmes = {pk: (name, _key(name)) for pk, name in Programme.objects.values_list("pk", "name")}
    programme_patterns = {
        pk: re.compile(rf"(?<!\w){re.escape(key)}(?!\w)") for pk, (_name, key) in programmes.items() if key
    }

    partners_in: dict[int, set[int]] = defaultdict(set)
    for document_id, key in DocumentEntity.objects.filter(
        kind=EntityKind.ORGANIZATION, key__in=list(partner_keys), document__in=documents
    ).values_list("document_id", "key"):
        partners_in[document_id].update(partner_keys[key])

    found: list[tuple[Any, list[Any], tuple[str, int]]] = []
    for document in documents.only("pk", "title", "file_name", "published", "text", "analysis"):
        subjects = [("partner", pk) for pk in sorted(partners_in.get(document.pk, ()))]
        if programme_patterns:
            folded = _key(document.text)
            subjects += [("programme", pk) for pk, rx in programme_patterns.items() if rx.search(folded)]
        if not subjects:
            continue
        analysed = document_load(document.analysis)
        # An amount per person or per day is not a total the registry could hold.
        amounts = [a for a in analysed.amounts if not a.per_unit]
        if not amounts:
            continue
        mentions = _subject_sentences(analysed, subjects, partner_keys, programmes)
        for subject in subjects:
            said = [a for a in amounts if _sentence_of(analysed, a.span) in mentions.get(subject, ())]
            if said:
                found.append((document, said, subject))

    registry = _registry_totals(user=user, years={d.published.year for d, _a, _s in found})
    rows: list[CrosscheckRow] = []
    for document, amounts, (kind, pk) in found:
        doc_year = document.published.year
        figures = registry.get((kind, pk, doc_year), {})
        label = partner_names[pk] if kind == "partner" else programmes[pk][0]
        query = (
            TransactionFilters(year=doc_year, partner=pk)
            if kind == "partner"
            else TransactionFilters(year=doc_year, programme=str(pk))
        ).as_query()
        for amount in amounts:
            rows.append(
                CrosscheckRow(
                    subject_kind=kind,
                    subject_pk=pk,
                    subject=label,
                    document_pk=document.pk,
                    document_title=str(document),
                    year=doc_year,
                    text=amount.text,
                    value=amount.value,
                    currency=amount.currency,
                    commitment=figures.get(("commitment", amount.currency)),
                    disbursement=figures.get(("disbursement", amount.currency)),
                    transactions_query=query,
                )
            )
    rows.sort(key=lambda r: (r.subject_kind != "partner", r.subject, -r.year, r.document_pk, r.text))
    return Crosscheck(year=year, years=years, rows=rows)


def _registry_totals(
    *, user: Any, years: set[int]
) -> dict[tuple[str, int, int], dict[tuple[str, str], Decimal]]:
    """Return the readable registry's sums in original currency, per partner and per programme and year."""
    totals: dict[tuple[str, int, int], dict[tuple[str, str], Decimal]] = defaultdict(dict)
    if not years:
        return totals
    rows = Transaction.objects.filter(
        project__in=projects_visible(user),
        transaction_type__in=COMMITMENT_TYPES + DISBURSEMENT_TYPES,
        date__year__in=sorted(years),
    ).values_list(
        "provider_id", "project__programme_id", "date__year", "transaction_type", "currency", "value"
    )
    for provider, programme, row_year, kind, currency, value in rows:
        measure = "commitment" if kind in COMMITMENT_TYPES else "disbursement"
        subjects = [("partner", provider)] + ([("programme", programme)] if programme else [])
        for subject_kind, pk in subjects:
            figures = totals[(subject_kind, pk, row_year)]
            figures[(measure, currency)] = figures.get((measure, currency), ZERO) + value
    return totals
