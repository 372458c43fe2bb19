"""Score places, organizations and dates against a public NER corpus tagged at syllable level.

The corpus is read as JSON lines (`{"words": [...], "tags": [...]}`, BIO tags) or CoNLL (one
`word tag` per line, a blank line between sentences), the two forms the public Vietnamese NER sets
use. Each sentence is laid out as news text (no space before a comma or a closing bracket), run
through the whole pipeline, and the spans found are compared with the gold spans:

- places -> LOCATION, organizations -> ORGANIZATION, dates -> DATE;
- LOCATION and ORGANIZATION are also scored as one class, since a unit such as "Bệnh viện Bạch Mai"
  is a place to one annotator and an organization to another;
- a match is exact: same start, same end.

Span conventions differ between our contract and such corpora, so, before comparing, the
system's spans are aligned to the corpus conventions, and both the raw and the aligned scores are
reported:

- a date span loses its leading words "ngày", "từ", "kể từ", "cuối", "hôm" and the like (the corpus tags
  "7/3", we cover "ngày 7/3"; it keeps "tháng" in "tháng 7"), and a range ("từ 24/7 đến 31/7")
  becomes its two ends;
- a place span gains the kind word written before it ("quận Bắc Từ Liêm", "tỉnh Nghệ An"), which
  the corpus includes;
- a place or organization span, of the corpus or ours, that runs over a comma ("Trung tâm Y tế Hoà Vang, Đà
  Nẵng", "khoa Nội, Bệnh viện Đà Nẵng") is split at the comma into its parts, as each part is a name of
  its own for us;
- a country named as a nationality ("quốc tịch Anh", "người Việt Nam") is not a LOCATION in the corpus:
  such a mention is left out of the system's places;
- a place or organization inside another one ("Đà Nẵng" in "Bệnh viện Đà Nẵng") is dropped: the
  corpus does not nest its entities, we do (the province of a provincial body is worth knowing).

This module reads no network and writes nothing: the corpus is a path the user gives.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from doingoai.analysis.document import Document, Span
from doingoai.analysis.errors import AnalysisError
from doingoai.analysis.text import text_normalize

KINDS = ("LOCATION", "ORGANIZATION", "DATE")
MERGED = "LOCATION+ORGANIZATION"

# Punctuation written against the word before it, and opening marks written against the next.
_CLOSING = {",", ".", ";", ":", "!", "?", ")", "]", "%", "…"}
_OPENING = {"(", "["}

# "tháng" stays: the corpora tag "tháng 7" and "tháng 3-2020" with it, but "7/3" without "ngày".
_DATE_LEAD = re.compile(
    r"^(?:(?:vào|trong|kể từ|bắt đầu từ|bắt đầu|từ|đến|tới|sang|hết|cho đến|trước|sau|đầu|giữa|cuối|sáng|"
    r"chiều|tối|trưa|đêm|rạng sáng|hôm|hôm nay|hôm qua|ngày|năm)\s+)+",
    re.IGNORECASE,
)
_DATE_RANGE = re.compile(r"\s+(?:đến|tới|và)\s+|\s*[–—]\s*|\s+-\s+")
_PLACE_KINDS = (
    "thành phố",
    "tỉnh",
    "quận",
    "huyện",
    "thị xã",
    "thị trấn",
    "xã",
    "phường",
    "đặc khu",
    "thủ đô",
)


class CorpusError(AnalysisError):
    """The NER corpus cannot be read; the message names the file and line."""


@dataclass
class Sentence:
    """One tagged sentence laid out as text, with its gold spans by kind."""

    text: str
    gold: dict[str, set[Span]]


@dataclass
class Counts:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class NerReport:
    """Scores per kind, raw and aligned, with the commonest misses and false alarms."""

    sentences: int = 0
    raw: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in (*KINDS, MERGED)})
    aligned: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in (*KINDS, MERGED)})
    missed: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        """Return the report as plain data (for `--format json`)."""

        def scores(table: dict[str, Counts]) -> dict[str, dict[str, float | int]]:
            return {
                kind: {
                    "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4),
                    "f1": round(c.f1, 4),
                    "tp": c.tp,
                    "fp": c.fp,
                    "fn": c.fn,
                }
                for kind, c in table.items()
            }

        return {
            "sentences": self.sentences,
            "raw": scores(self.raw),
            "aligned": scores(self.aligned),
            "missed": self.missed.most_common(40),
            "spurious": self.spurious.most_common(40),
        }

    def as_text(self) -> str:
        """Return the report as a table for people."""
        header = f"{'kind':24} {'raw P/R/F1':>20} {'aligned P/R/F1':>20}"
        lines = [f"{self.sentences} câu (sentences)", "", header]
        for kind in (*KINDS, MERGED):
            r, a = self.raw[kind], self.aligned[kind]
            lines.append(
                f"{kind:24} {r.precision:6.3f}/{r.recall:5.3f}/{r.f1:5.3f}"
                f"  {a.precision:6.3f}/{a.recall:5.3f}/{a.f1:5.3f}"
            )
        lines += ["", "most missed (aligned):"]
        lines += [f"  {n:4} {text}" for text, n in self.missed.most_common(25)]
        lines += ["", "most frequent false alarms (aligned):"]
        lines += [f"  {n:4} {text}" for text, n in self.spurious.most_common(25)]
        return "\n".join(lines)


def _digits(word: str) -> bool:
    return word.isdigit() and len(word) <= 4


def sentence_layout(words: list[str]) -> tuple[str, list[Span]]:
    """Return the words written as news text (normalized as the pipeline reads it), and each word's span."""
    # Some corpus words carry decomposed marks or invisible characters: laid out as they are, every later
    # span would be off by what `text_normalize` composes or drops when the pipeline reads the text.
    words = [text_normalize(word) for word in words]
    parts: list[str] = []
    spans: list[Span] = []
    position = 0
    glue_next = False
    quote_open = False
    for i, word in enumerate(words):
        is_quote = word == '"'
        attach = (
            not parts
            or glue_next
            or word in _CLOSING
            or (is_quote and quote_open)  # a closing quote mark
            # The corpora split "27-7" into "27 - 7": news writes a day-month pair without spaces.
            or (word == "-" and _digits(words[i - 1]) and i + 1 < len(words) and _digits(words[i + 1]))
            or (i >= 2 and words[i - 1] == "-" and _digits(word) and _digits(words[i - 2]))
        )
        if not attach:
            parts.append(" ")
            position += 1
        spans.append((position, position + len(word)))
        parts.append(word)
        position += len(word)
        glue_next = word in _OPENING or (is_quote and not quote_open)
        if is_quote:
            quote_open = not quote_open
    return "".join(parts), spans


def _bio_spans(tags: list[str], spans: list[Span], path: Path, line: int) -> dict[str, set[Span]]:
    found: dict[str, set[Span]] = {kind: set() for kind in KINDS}
    current: tuple[str, int, int] | None = None

    def close() -> None:
        if current is not None and current[0] in found:
            found[current[0]].add((current[1], current[2]))

    for i, tag in enumerate(tags):
        if tag == "O":
            close()
            current = None
            continue
        prefix, _, kind = tag.partition("-")
        if prefix not in ("B", "I") or not kind:
            raise CorpusError(f"{path}: dòng {line}: nhãn {tag!r} không theo dạng BIO (B-X, I-X, O).")
        if prefix == "B" or current is None or current[0] != kind:
            close()
            current = (kind, spans[i][0], spans[i][1])
        else:
            current = (kind, current[1], spans[i][1])
    close()
    return found


def corpus_read(path: Path) -> Iterator[Sentence]:
    """Yield the sentences of a JSON-lines or CoNLL file of syllables and BIO tags."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: không đọc được tệp ({exc}).") from exc
    if raw.lstrip().startswith("{"):
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                words, tags = list(item["words"]), list(item["tags"])
            except (ValueError, KeyError, TypeError) as exc:
                message = f"{path}: dòng {number}: không phải một câu JSON có words và tags."
                raise CorpusError(message) from exc
            if len(words) != len(tags):
                raise CorpusError(f"{path}: dòng {number}: số từ và số nhãn khác nhau.")
            text, spans = sentence_layout([str(w) for w in words])
            yield Sentence(text, _bio_spans([str(t) for t in tags], spans, path, number))
        return
    words, tags, start = [], [], 1
    for number, line in enumerate([*raw.splitlines(), ""], start=1):
        if not line.strip():
            if words:
                text, spans = sentence_layout(words)
                yield Sentence(text, _bio_spans(tags, spans, path, start))
            words, tags, start = [], [], number + 1
            continue
        columns = line.split()
        if len(columns) < 2:
            raise CorpusError(f"{path}: dòng {number}: cần hai cột, từ và nhãn.")
        words.append(columns[0])
        tags.append(columns[-1])


def corpus_files(path: Path) -> list[Path]:
    """Return the corpus files under `path` (itself when it is a file)."""
    if path.is_file():
        return [path]
    files = sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonl", ".conll", ".txt"))
    if not files:
        raise CorpusError(f"{path}: không có tệp .json, .jsonl hay .conll nào.")
    return files


def _strip(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start] in " ,.;:":
        start += 1
    while end > start and text[end - 1] in " ,.;:":
        end -= 1
    return start, end


def date_spans_aligned(text: str, span: Span) -> list[Span]:
    """Return a date span without its leading words, split into the two ends of a range."""
    start, end = span
    pieces: list[Span] = []
    cursor = start
    for sep in _DATE_RANGE.finditer(text, start, end):
        # Split only between two dates: "24-7" keeps its hyphen, "24/7 - 31/7" is a range.
        if re.search(r"\d", text[cursor : sep.start()]) and re.search(r"\d", text[sep.end() : end]):
            pieces.append((cursor, sep.start()))
            cursor = sep.end()
    pieces.append((cursor, end))
    out = []
    for piece in pieces:
        lead = _DATE_LEAD.match(text[piece[0] : piece[1]])
        shifted = (piece[0] + lead.end(), piece[1]) if lead and lead.end() < piece[1] - piece[0] else piece
        stripped = _strip(text, shifted)
        if stripped[0] < stripped[1]:
            out.append(stripped)
    return out


def place_span_aligned(text: str, span: Span) -> Span:
    """Return a place span with the kind word written just before it ("quận", "tỉnh"...)."""
    start, end = span
    # Compared with their marks: "quan" of "liên quan bar Buddha" is no "quận".
    before = text[max(0, start - 12) : start].lower().rstrip()
    for kind in _PLACE_KINDS:
        if before.endswith(kind) and (len(before) == len(kind) or not before[-len(kind) - 1].isalnum()):
            gap = len(text[max(0, start - 12) : start]) - len(text[max(0, start - 12) : start].rstrip())
            new_start = start - gap - len(kind)
            if new_start >= 0 and text[new_start : start - gap].lower() == kind:
                return new_start, end
    return span


_NATIONALITY_BEFORE = re.compile(r"(?:quốc tịch|người|công dân)\s*\Z", re.IGNORECASE)


def spans_split_at_commas(text: str, spans: set[Span]) -> set[Span]:
    """Return the spans with every one that runs over ", " cut into its parts."""
    out: set[Span] = set()
    for start, end in spans:
        cursor = start
        for comma in re.finditer(r",\s+", text[start:end]):
            out.add(_strip(text, (cursor, start + comma.start())))
            cursor = start + comma.end()
        out.add(_strip(text, (cursor, end)))
    return {span for span in out if span[0] < span[1]}


def _outermost(spans: dict[str, set[Span]]) -> None:
    """Drop place and organization spans that lie inside another one: the corpora do not nest."""
    both = spans["LOCATION"] | spans["ORGANIZATION"]
    for kind in ("LOCATION", "ORGANIZATION"):
        spans[kind] = {
            (s, e) for s, e in spans[kind] if not any(o != (s, e) and o[0] <= s and e <= o[1] for o in both)
        }


def system_spans(doc: Document, *, aligned: bool) -> dict[str, set[Span]]:
    """Return the spans the pipeline found in `doc`, by corpus kind."""
    out: dict[str, set[Span]] = {kind: set() for kind in KINDS}
    for place in doc.places:
        for span in place.spans:
            if not aligned:
                out["LOCATION"].add(span)
            elif not (
                place.kind in ("quốc gia", "vùng lãnh thổ")
                and _NATIONALITY_BEFORE.search(doc.text, max(0, span[0] - 12), span[0])
            ):
                out["LOCATION"].add(place_span_aligned(doc.text, span))
    for organization in doc.organizations:
        out["ORGANIZATION"].update(organization.spans)
    for date in doc.dates:
        if aligned:
            out["DATE"].update(date_spans_aligned(doc.text, date.span))
        else:
            out["DATE"].add(date.span)
    if aligned:
        for kind in ("LOCATION", "ORGANIZATION"):
            out[kind] = spans_split_at_commas(doc.text, out[kind])
        _outermost(out)
    return out


def _tally(counts: dict[str, Counts], gold: dict[str, set[Span]], found: dict[str, set[Span]]) -> None:
    for kind in KINDS:
        counts[kind].tp += len(gold[kind] & found[kind])
        counts[kind].fp += len(found[kind] - gold[kind])
        counts[kind].fn += len(gold[kind] - found[kind])
    gold_m = gold["LOCATION"] | gold["ORGANIZATION"]
    found_m = found["LOCATION"] | found["ORGANIZATION"]
    counts[MERGED].tp += len(gold_m & found_m)
    counts[MERGED].fp += len(found_m - gold_m)
    counts[MERGED].fn += len(gold_m - found_m)


def ner_evaluate(sentences: Iterable[Sentence], *, limit: int | None = None) -> NerReport:
    """Run the pipeline on every sentence and score it against the gold spans."""
    from doingoai.analysis import analyze_text

    report = NerReport()
    for i, sentence in enumerate(sentences):
        if limit is not None and i >= limit:
            break
        doc = analyze_text(sentence.text, id=f"s{i}")
        report.sentences += 1
        _tally(report.raw, sentence.gold, system_spans(doc, aligned=False))
        found = system_spans(doc, aligned=True)
        gold = {
            kind: spans_split_at_commas(sentence.text, spans) if kind != "DATE" else spans
            for kind, spans in sentence.gold.items()
        }
        _tally(report.aligned, gold, found)
        merged_gold = gold["LOCATION"] | gold["ORGANIZATION"]
        merged_found = found["LOCATION"] | found["ORGANIZATION"]
        for label, expected, system in (
            ("LOC/ORG", merged_gold, merged_found),
            ("DATE", sentence.gold["DATE"], found["DATE"]),
        ):
            for s, e in expected - system:
                report.missed[f"{label}: {sentence.text[s:e]}"] += 1
            for s, e in system - expected:
                report.spurious[f"{label}: {sentence.text[s:e]}"] += 1
    return report
