"""Score the analysis against hand-written gold annotations: precision, recall and F1 per layer.

A gold file sits beside its article and is named `<article stem>.gold.json`. It holds what a
careful analyst expects to be found in the article:

```json
{"people": [{"name": "Tô Lâm", "titles": ["Tổng Bí thư"]}],
 "organizations": ["Bộ Ngoại giao", ["Sở Ngoại vụ tỉnh Lào Cai", "Sở Ngoại vụ"]],
 "places": [{"name": "Lào Cai", "kind": "tỉnh", "original": "Yên Bái"}],
 "amounts": [{"value": 3000000, "value_max": 5000000, "currency": "USD", "qualifier": null}],
 "quantities": [{"value": 248, "unit_head": "xã"}],
 "dates": ["2025-12-30", "--12-20", "2026/2030", "../2030"],
 "directives": [{"lead": "Sở Ngoại vụ", "task_keywords": ["giao lưu", "vùng biên"],
                 "deadline": ["2025-11-30", "30/11/2025"]}],
 "quotes": [{"speaker": "Tô Lâm", "starts_with": "Đối ngoại nhân dân phải"}],
 "optional": {"organizations": ["Báo Nhân Dân"], "places": ["Việt Nam"]}}
```

Matching rules (all comparisons use `fold_key`: no diacritics, đ -> d, lower case; punctuation
counts as a word break):

- A name (person, title, organization, place, lead) or a date may be one string or a list of
  acceptable forms (an abbreviation and its expansion, "2025-12-31" and "../2025-12-31" for
  "trước ngày 31/12/2025").
- People match by name, ignoring a leading "ông", "bà", "đồng chí"... Title recall is reported
  for matched people only: a gold title is found when, as a run of words, it equals, contains or
  is contained in one of the system's titles for that person (abbreviations spelled out as for
  organizations, the linking word "của" ignored).
- Organizations match by exact folded name, after dropping parenthesised parts ("(VUFO)") and
  spelling out the abbreviations UBND, HĐND, MTTQ, LHPN and TW, so "UBND tỉnh Lào Cai" equals
  "Ủy ban nhân dân tỉnh Lào Cai". Nothing looser: "Sở Ngoại vụ" and "Sở Ngoại vụ tỉnh Lào Cai"
  are different names unless the gold lists both.
- Places match by folded name without a leading kind word ("tỉnh", "thành phố", "xã",
  "phường", "đặc khu"), so "Thành phố Hà Nội" equals "Hà Nội". Kind and former-name accuracy
  are reported separately.
- Amounts match one to one by (value, currency); qualifier, range end (`value_max`) and unit
  price (`per_unit`) accuracy are reported separately, the last two only where the gold gives them.
- Quantities match one to one by value and a unit whose first words are `unit_head`
  ("phần trăm" counts as "%"); qualifier and range end likewise, where the gold gives them.
- Dates match as a set of ISO strings per document: "2025-12-30", "--12-20" (yearly), "2026/2030"
  (a period), "../2030" (until), "1975/.." (since).
- Directives match one to one when the lead matches (a null gold lead accepts any lead) and
  every task keyword occurs in the task; deadline accuracy where the gold gives a deadline (any
  of its forms occurring in the system's deadline).
- Quotes match one to one when the quoted words begin with `starts_with`; speaker accuracy is
  reported separately (a null gold speaker expects no speaker).
- Names in `optional` are neither expected nor counted against the system: debatable items,
  such as a country that occurs only inside an organization's name.
- The `date YYYY-MM-DD` and `(OUTLET) -` tags are metadata: facts found only inside them are
  ignored.

People, organizations, places and dates are sets per document (a repeated mention counts once);
amounts, quantities, directives and quotes are lists (each mention counts).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from doingoai.analysis.document import (
    Amount,
    DateMention,
    Directive,
    Document,
    Person,
    Place,
    Quantity,
    Quote,
    Span,
)
from doingoai.analysis.errors import AnalysisError
from doingoai.analysis.text import fold_key

LAYERS = ("people", "organizations", "places", "amounts", "quantities", "dates", "directives", "quotes")
GOLD_SUFFIX = ".gold.json"

_WORD = re.compile(r"%|\w+")
_PARENTHESES = re.compile(r"\([^()]*\)")
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "lhpn": "lien hiep phu nu",
    "tw": "trung uong",
}
_HONORIFICS = ("dong chi", "ong", "ba", "anh", "chi", "ngai", "em")
_PLACE_KINDS = ("thanh pho", "dac khu", "tinh", "xa", "phuong", "tp")
_DATE_TAG = re.compile(r"^[ \t]*date[ \t]+\d{4}-\d{2}-\d{2}[^\n]*", re.MULTILINE | re.IGNORECASE)
_SOURCE_TAG = re.compile(r"^[ \t]*\([^()\n]{1,40}\)[ \t]*[-–—]", re.MULTILINE)
_HEAD_LINES = 4


class GoldError(AnalysisError):
    """A gold file is missing, is not JSON, or has a field of the wrong shape."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


# --- keys -------------------------------------------------------------------------------------


def words_key(text: str) -> str:
    """Return the folded words of `text` joined by single spaces ("%" counts as a word)."""
    return " ".join(_WORD.findall(fold_key(text)))


def _contains_words(outer: str, inner: str) -> bool:
    """Return whether the words of `inner` occur as a run inside the words of `outer`."""
    return bool(inner) and f" {inner} " in f" {outer} "


def _expand(words: str) -> str:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words.split())


def person_key(name: str) -> str:
    """Return the comparison key of a person's name: folded, without a leading honorific."""
    key = words_key(name)
    for honorific in _HONORIFICS:
        if key.startswith(honorific + " "):
            return key[len(honorific) + 1 :]
    return key


def organization_key(name: str) -> str:
    """Return the comparison key of an organization: folded, abbreviations spelled out."""
    return _expand(words_key(_PARENTHESES.sub(" ", name)))


def title_key(title: str) -> str:
    """Return the comparison key of a title: folded, abbreviations spelled out, without "của"."""
    return " ".join(w for w in _expand(words_key(_PARENTHESES.sub(" ", title))).split() if w != "cua")


def place_key(name: str) -> str:
    """Return the comparison key of a place: folded, without a leading kind word."""
    key = words_key(name)
    for kind in _PLACE_KINDS:
        if key.startswith(kind + " "):
            return key[len(kind) + 1 :]
    return key


def unit_key(unit: str) -> str:
    """Return the comparison key of a quantity's unit ("phần trăm" is "%")."""
    key = words_key(unit)
    return "%" + key[len("phan tram") :] if key.startswith("phan tram") else key


def title_matches(gold: str, system: str) -> bool:
    """Return whether a gold title equals, contains or is contained in a system title."""
    g, s = title_key(gold), title_key(system)
    return bool(g and s) and (_contains_words(s, g) or _contains_words(g, s))


def unit_matches(unit: str, head: str) -> bool:
    """Return whether a system unit begins with the words of a gold unit head."""
    u, h = unit_key(unit), unit_key(head)
    return bool(h) and (u == h or u.startswith(h + " "))


def quote_matches(text: str, starts_with: str) -> bool:
    """Return whether quoted words begin with the words of `starts_with`."""
    t, s = words_key(text), words_key(starts_with)
    return bool(s) and (t == s or t.startswith(s + " "))


def keywords_match(task: str, keywords: Sequence[str]) -> bool:
    """Return whether every keyword occurs, as whole words, in a directive's task."""
    folded = words_key(task)
    return all(_contains_words(folded, words_key(k)) for k in keywords)


def _forms(value: Any) -> list[str]:
    """Return the acceptable forms of a gold name: one string or a list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _equal_decimal(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is b
    return a == b


# --- scores -----------------------------------------------------------------------------------


@dataclass
class LayerScore:
    """Counts for one layer: gold facts, facts found, and found facts that are correct."""

    layer: str
    gold: int = 0
    found: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        """Return correct / found (1.0 when nothing was expected and nothing found)."""
        if self.found:
            return self.correct / self.found
        return 1.0 if self.gold == 0 else 0.0

    @property
    def recall(self) -> float:
        """Return correct / gold (1.0 when nothing was expected)."""
        if self.gold:
            return self.correct / self.gold
        return 1.0 if self.found == 0 else 0.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: LayerScore) -> None:
        """Add another score's counts to this one."""
        self.gold += other.gold
        self.found += other.found
        self.correct += other.correct


@dataclass
class AttributeScore:
    """The accuracy of one detail (a title, a qualifier, a speaker) over matched facts."""

    name: str
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        """Return correct / total (1.0 when there was nothing to check)."""
        return self.correct / self.total if self.total else 1.0

    def count(self, ok: bool) -> None:
        """Record one checked detail."""
        self.total += 1
        self.correct += int(ok)

    def add(self, other: AttributeScore) -> None:
        """Add another score's counts to this one."""
        self.correct += other.correct
        self.total += other.total


@dataclass
class DocumentResult:
    """The scores of one document, with what was missed and what was wrongly found."""

    id: str
    layers: dict[str, LayerScore] = field(default_factory=dict)
    attributes: dict[str, AttributeScore] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)
    false_positives: dict[str, list[str]] = field(default_factory=dict)
    attribute_errors: list[str] = field(default_factory=list)

    def _attribute(self, name: str) -> AttributeScore:
        return self.attributes.setdefault(name, AttributeScore(name))


def _pct(value: float) -> str:
    return f"{value:.2f}"


def _md(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


@dataclass
class EvaluationReport:
    """Scores over a folder of gold-annotated articles, per layer and per document."""

    layers: dict[str, LayerScore]
    attributes: dict[str, AttributeScore]
    documents: list[DocumentResult]

    def f1(self, layer: str) -> float:
        """Return the F1 of a layer over all documents."""
        return self.layers[layer].f1

    def markdown(self) -> str:
        """Return the report as Markdown: the layer table, detail accuracies, then per document."""
        lines = [
            f"# Analysis quality on {len(self.documents)} gold-annotated documents",
            "",
            "| Layer | Gold | Found | Correct | P | R | F1 |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for layer in LAYERS:
            s = self.layers[layer]
            lines.append(
                f"| {layer} | {s.gold} | {s.found} | {s.correct} | "
                f"{_pct(s.precision)} | {_pct(s.recall)} | {_pct(s.f1)} |"
            )
        if self.attributes:
            lines += [
                "",
                "| Detail (over matched facts) | Correct | Checked | Accuracy |",
                "|---|---:|---:|---:|",
            ]
            for name in sorted(self.attributes):
                a = self.attributes[name]
                lines.append(f"| {name} | {a.correct} | {a.total} | {_pct(a.accuracy)} |")
        lines += ["", "## Misses and false positives by document"]
        for doc in self.documents:
            problems = [
                (layer, doc.misses.get(layer, []), doc.false_positives.get(layer, [])) for layer in LAYERS
            ]
            if not any(m or f for _, m, f in problems) and not doc.attribute_errors:
                continue
            lines += ["", f"### {doc.id}", ""]
            for layer, missed, wrong in problems:
                if missed:
                    lines.append(f"- **{layer}** missed: " + "; ".join(_md(m) for m in missed))
                if wrong:
                    lines.append(f"- **{layer}** false positives: " + "; ".join(_md(w) for w in wrong))
            for error in doc.attribute_errors:
                lines.append(f"- detail: {_md(error)}")
        return "\n".join(lines) + "\n"


# --- matching ---------------------------------------------------------------------------------


def bipartite_match(gold_count: int, system_count: int, fits: Callable[[int, int], bool]) -> dict[int, int]:
    """Return a maximum one-to-one matching {gold index: system index} of the pairs that fit."""
    options = [[s for s in range(system_count) if fits(g, s)] for g in range(gold_count)]
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for s in options[g]:
            if s in seen:
                continue
            seen.add(s)
            if s not in owner or augment(owner[s], seen):
                owner[s] = g
                return True
        return False

    for g in range(gold_count):
        augment(g, set())
    return {g: s for s, g in owner.items()}


def _metadata_spans(text: str) -> list[Span]:
    """Return the spans of the `date YYYY-MM-DD` and `(OUTLET) -` tags in the head of a text."""
    head_end = 0
    for count, line in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text), start=1):
        head_end = line.end()
        if count >= _HEAD_LINES:
            break
    spans: list[Span] = []
    for pattern in (_DATE_TAG, _SOURCE_TAG):
        m = pattern.search(text, 0, head_end)
        if m:
            spans.append((m.start(), m.end()))
    return spans


def _inside(span: Span, regions: Iterable[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in regions)


def _score_names(
    result: DocumentResult,
    layer: str,
    gold_forms: list[list[str]],
    system_names: list[str],
    optional: list[str],
    key: Callable[[str], str],
    describe_gold: Callable[[int], str],
) -> dict[int, list[int]]:
    """Score a set layer; return, per matched gold index, the system indexes that matched it."""
    gold_keys = [{key(f) for f in forms} for forms in gold_forms]
    optional_keys = {key(o) for o in optional}
    hits: dict[int, list[int]] = {}
    wrong: dict[str, str] = {}
    for s, name in enumerate(system_names):
        k = key(name)
        matched = [g for g, keys in enumerate(gold_keys) if k in keys]
        for g in matched:
            hits.setdefault(g, []).append(s)
        if not matched and k not in optional_keys and k:
            wrong.setdefault(k, name)
    score = LayerScore(layer, gold=len(gold_forms), found=len(hits) + len(wrong), correct=len(hits))
    result.layers[layer] = score
    result.misses[layer] = [describe_gold(g) for g in range(len(gold_forms)) if g not in hits]
    result.false_positives[layer] = list(wrong.values())
    return hits


def _score_list(
    result: DocumentResult,
    layer: str,
    gold: list[dict[str, Any]],
    system: Sequence[Any],
    fits: Callable[[dict[str, Any], Any], bool],
    describe_gold: Callable[[dict[str, Any]], str],
    describe_system: Callable[[Any], str],
) -> dict[int, int]:
    """Score a list layer one to one; return the matching {gold index: system index}."""
    pairs = bipartite_match(len(gold), len(system), lambda g, s: fits(gold[g], system[s]))
    result.layers[layer] = LayerScore(layer, gold=len(gold), found=len(system), correct=len(pairs))
    matched_system = set(pairs.values())
    result.misses[layer] = [describe_gold(g) for i, g in enumerate(gold) if i not in pairs]
    result.false_positives[layer] = [
        describe_system(s) for i, s in enumerate(system) if i not in matched_system
    ]
    return pairs


def _show(value: Any) -> str:
    return "null" if value is None else str(value)


def _detail(result: DocumentResult, name: str, ok: bool, error: str) -> None:
    """Count one checked detail and keep the error message when it is wrong."""
    result._attribute(name).count(ok)
    if not ok:
        result.attribute_errors.append(error)


def _amount_fits(g: dict[str, Any], a: Amount) -> bool:
    return _equal_decimal(_decimal(g["value"]), a.value) and str(g["currency"]).upper() == a.currency.upper()


def _quantity_fits(g: dict[str, Any], q: Quantity) -> bool:
    return _equal_decimal(_decimal(g["value"]), q.value) and unit_matches(q.unit, str(g["unit_head"]))


def _directive_fits(g: dict[str, Any], d: Directive) -> bool:
    leads = _forms(g.get("lead"))
    if leads:
        if d.lead is None or organization_key(d.lead) not in {organization_key(f) for f in leads}:
            return False
    return keywords_match(d.task, g["task_keywords"])


def _people_score(result: DocumentResult, people: list[Person], gold: list[Any], optional: list[str]) -> None:
    hits = _score_names(
        result,
        "people",
        [_forms(p["name"]) for p in gold],
        [p.name for p in people],
        optional,
        person_key,
        lambda g: _forms(gold[g]["name"])[0],
    )
    for g, found in hits.items():
        system_titles = [t for s in found for t in people[s].titles]
        for title in gold[g].get("titles", []):
            ok = any(title_matches(form, t) for form in _forms(title) for t in system_titles)
            name = _forms(gold[g]["name"])[0]
            _detail(
                result,
                "people.titles",
                ok,
                f"title of {name}: expected {_forms(title)[0]!r}, got {system_titles}",
            )


def _places_score(result: DocumentResult, places: list[Place], gold: list[Any], optional: list[str]) -> None:
    hits = _score_names(
        result,
        "places",
        [_forms(p["name"]) for p in gold],
        [p.name for p in places],
        optional,
        place_key,
        lambda g: f"{_forms(gold[g]['name'])[0]} ({gold[g].get('kind')})",
    )
    for g, found in hits.items():
        want = gold[g]
        name = _forms(want["name"])[0]
        if want.get("kind"):
            kinds = [places[s].kind for s in found]
            ok = words_key(want["kind"]) in {words_key(k) for k in kinds}
            _detail(result, "places.kind", ok, f"kind of {name}: expected {want['kind']!r}, got {kinds}")
        if want.get("original"):
            originals = [places[s].original for s in found]
            ok = place_key(want["original"]) in {place_key(o) for o in originals if o}
            _detail(
                result,
                "places.original",
                ok,
                f"former name of {name}: expected {want['original']!r}, got {originals}",
            )


def _range_details(result: DocumentResult, layer: str, want: dict[str, Any], got: Amount | Quantity) -> None:
    """Check the qualifier and range end of a matched amount or quantity, where the gold gives them."""
    if "qualifier" in want or layer == "amounts":
        expected = want.get("qualifier")
        _detail(
            result,
            f"{layer}.qualifier",
            expected == got.qualifier,
            f"qualifier of {got.text!r}: expected {_show(expected)}, got {_show(got.qualifier)}",
        )
    if "value_max" in want:
        _detail(
            result,
            f"{layer}.value_max",
            _equal_decimal(_decimal(want["value_max"]), got.value_max),
            f"range end of {got.text!r}: expected {_show(want['value_max'])}, got {_show(got.value_max)}",
        )


def _amounts_score(result: DocumentResult, amounts: list[Amount], gold: list[dict[str, Any]]) -> None:
    pairs = _score_list(
        result,
        "amounts",
        gold,
        amounts,
        _amount_fits,
        lambda g: f"{g['value']} {g['currency']}" + (f"–{g['value_max']}" if g.get("value_max") else ""),
        lambda a: f"{a.text!r} = {a.value} {a.currency}",
    )
    for g, s in pairs.items():
        want, got = gold[g], amounts[s]
        _range_details(result, "amounts", want, got)
        if "per_unit" in want:
            _detail(
                result,
                "amounts.per_unit",
                words_key(want["per_unit"] or "") == words_key(got.per_unit or ""),
                f"unit price of {got.text!r}: expected {_show(want['per_unit'])}, got {_show(got.per_unit)}",
            )


def _quantities_score(result: DocumentResult, quantities: list[Quantity], gold: list[dict[str, Any]]) -> None:
    pairs = _score_list(
        result,
        "quantities",
        gold,
        quantities,
        _quantity_fits,
        lambda g: f"{g['value']} {g['unit_head']}",
        lambda q: f"{q.text!r} = {q.value} {q.unit}",
    )
    for g, s in pairs.items():
        _range_details(result, "quantities", gold[g], quantities[s])


def _dates_score(
    result: DocumentResult, dates: list[DateMention], gold: list[Any], optional: list[str]
) -> None:
    forms = [_forms(d) for d in gold]
    wording: dict[str, str] = {}
    for d in dates:
        wording.setdefault(d.date.strip(), d.text)
    _score_names(
        result, "dates", forms, [d.date for d in dates], optional, str.strip, lambda g: " or ".join(forms[g])
    )
    result.false_positives["dates"] = [f"{wording[iso]!r} = {iso}" for iso in result.false_positives["dates"]]


def _directives_score(
    result: DocumentResult, directives: list[Directive], gold: list[dict[str, Any]]
) -> None:
    pairs = _score_list(
        result,
        "directives",
        gold,
        directives,
        _directive_fits,
        lambda g: f"lead {(_forms(g.get('lead')) or ['(any)'])[0]}, task with {g['task_keywords']}",
        lambda d: f"lead {_show(d.lead)}: {d.task[:80]!r}",
    )
    for g, s in pairs.items():
        want, got = gold[g], directives[s]
        if want.get("deadline"):
            deadline = words_key(got.deadline or "")
            ok = any(_contains_words(deadline, words_key(form)) for form in _forms(want["deadline"]))
            expected = _forms(want["deadline"])[0]
            _detail(
                result,
                "directives.deadline",
                ok,
                f"deadline of {got.task[:40]!r}: expected {expected}, got {_show(got.deadline)}",
            )


def _quotes_score(result: DocumentResult, quotes: list[Quote], gold: list[dict[str, Any]]) -> None:
    pairs = _score_list(
        result,
        "quotes",
        gold,
        quotes,
        lambda g, q: quote_matches(q.text, g["starts_with"]),
        lambda g: f"{g['starts_with']!r} ({_show(g.get('speaker'))})",
        lambda q: f"{q.text[:60]!r} ({_show(q.speaker)})",
    )
    for g, s in pairs.items():
        want, got = gold[g].get("speaker"), quotes[s].speaker
        if want is None or got is None:
            ok = want is None and got is None
        else:
            ok = person_key(want) == person_key(got)
        _detail(
            result,
            "quotes.speaker",
            ok,
            f"speaker of {gold[g]['starts_with']!r}: expected {_show(want)}, got {_show(got)}",
        )


def document_score(doc: Document, gold: dict[str, Any]) -> DocumentResult:
    """Return the scores of one analysed document against its gold annotations."""
    result = DocumentResult(doc.id)
    optional: dict[str, Any] = gold.get("optional") or {}
    tags = _metadata_spans(doc.text)

    def outside_tags(spans: Sequence[Span]) -> bool:
        return not spans or not all(_inside(s, tags) for s in spans)

    _people_score(
        result,
        [p for p in doc.people if outside_tags(p.spans)],
        gold.get("people", []),
        _forms(optional.get("people")),
    )
    gold_orgs = [_forms(o) for o in gold.get("organizations", [])]
    _score_names(
        result,
        "organizations",
        gold_orgs,
        [o.name for o in doc.organizations if outside_tags(o.spans)],
        _forms(optional.get("organizations")),
        organization_key,
        lambda g: gold_orgs[g][0],
    )
    _places_score(
        result,
        [p for p in doc.places if outside_tags(p.spans)],
        gold.get("places", []),
        _forms(optional.get("places")),
    )
    _amounts_score(result, [a for a in doc.amounts if outside_tags([a.span])], gold.get("amounts", []))
    _quantities_score(
        result, [q for q in doc.quantities if outside_tags([q.span])], gold.get("quantities", [])
    )
    _dates_score(
        result,
        [d for d in doc.dates if outside_tags([d.span])],
        gold.get("dates", []),
        _forms(optional.get("dates")),
    )
    _directives_score(result, doc.directives, gold.get("directives", []))
    _quotes_score(result, doc.quotes, gold.get("quotes", []))
    result.attributes = {k: v for k, v in result.attributes.items() if v.total}
    return result


# --- gold files and folders -------------------------------------------------------------------


def _require(condition: bool, path: Path, message: str) -> None:
    if not condition:
        raise GoldError(str(path), message)


def gold_load(path: Path) -> dict[str, Any]:
    """Return a gold file's annotations; raise GoldError naming the field that is malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldError(str(path), f"cannot read the gold file ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise GoldError(str(path), f"not valid JSON at line {exc.lineno}, column {exc.colno}") from exc
    _require(isinstance(data, dict), path, "the gold file must hold one JSON object")
    unknown = set(data) - {*LAYERS, "optional"}
    _require(not unknown, path, f"unknown keys {sorted(unknown)}; expected {list(LAYERS)} and 'optional'")
    for layer in LAYERS:
        _require(isinstance(data.get(layer, []), list), path, f"'{layer}' must be a list")
    required = {
        "people": ("name",),
        "places": ("name", "kind"),
        "amounts": ("value", "currency"),
        "quantities": ("value", "unit_head"),
        "directives": ("task_keywords",),
        "quotes": ("starts_with",),
    }
    for layer, keys in required.items():
        for i, item in enumerate(data.get(layer, [])):
            _require(isinstance(item, dict), path, f"{layer}[{i}] must be an object")
            for key in keys:
                _require(key in item, path, f"{layer}[{i}] has no '{key}'")
            for key in ("value", "value_max"):
                if key in item and item[key] is not None:
                    _require(_decimal(item[key]) is not None, path, f"{layer}[{i}].{key} is not a number")
    for i, item in enumerate(data.get("dates", [])):
        forms_ok = isinstance(item, list) and all(isinstance(f, str) for f in item)
        _require(
            isinstance(item, str) or forms_ok, path, f"dates[{i}] must be an ISO string or a list of them"
        )
    _require(isinstance(data.get("optional", {}), dict), path, "'optional' must be an object")
    return data


def gold_articles(folder: Path) -> list[tuple[Path, Path]]:
    """Return (article, gold file) pairs in a folder, for every article that has a gold file."""
    from doingoai.analysis.reading import SUFFIXES

    pairs = []
    for article in sorted(folder.iterdir()):
        gold = article.with_name(article.stem + GOLD_SUFFIX)
        if article.suffix.lower() in SUFFIXES and article.is_file() and gold.is_file():
            pairs.append((article, gold))
    return pairs


def report_build(results: Sequence[DocumentResult]) -> EvaluationReport:
    """Return the report that sums the scores of several documents."""
    layers = {layer: LayerScore(layer) for layer in LAYERS}
    attributes: dict[str, AttributeScore] = {}
    for result in results:
        for layer, score in result.layers.items():
            layers[layer].add(score)
        for name, attr in result.attributes.items():
            attributes.setdefault(name, AttributeScore(name)).add(attr)
    return EvaluationReport(layers=layers, attributes=attributes, documents=list(results))


def analysis_evaluate(folder: Path) -> EvaluationReport:
    """Analyse every article in `folder` that has a gold file and score it against the gold."""
    from doingoai.analysis import analyze_file

    pairs = gold_articles(Path(folder))
    if not pairs:
        raise GoldError(str(folder), f"no article with a '<name>{GOLD_SUFFIX}' gold file beside it")
    results = []
    for article, gold_path in pairs:
        gold = gold_load(gold_path)
        results.append(document_score(analyze_file(article), gold))
    return report_build(results)
